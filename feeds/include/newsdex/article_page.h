// Reading a news article's own web page: its text without the page around it, and its facts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/time.h"

namespace newsdex::feeds {

// What newsdex reads from one article page. Every URL is absolute and http(s).
struct ArticlePage {
  std::string url;            // the address the page was read from (empty when unknown)
  std::string canonical_url;  // <link rel=canonical>, else og:url
  std::string title;
  std::string text;  // the article's text: paragraphs, list items, quotes, subheadings, separated by "\n\n"
  std::optional<Timestamp> published;
  std::optional<Timestamp> modified;
  std::vector<std::string> authors;
  std::string language;  // from <html lang> or og:locale ("en", "pt-BR"); empty when the page does not say
  std::string section;
  std::string description;
  std::string image;                  // the lead image
  std::string encoding;               // the encoding the page was read in
  std::vector<std::string> warnings;  // what was worked around or dropped
};

// Limits for reading a page. Pages over the limits are refused, not cut.
struct PageOptions {
  std::size_t max_bytes = 5 << 20;  // the largest page read (5 MB)
  int max_depth = 1000;             // the deepest element nesting read
};

// Reads an article page. `bytes` is the body as served, `content_type` the HTTP Content-Type (its
// charset comes first, then a byte order mark, then <meta charset>, then a guess from the bytes),
// `url` the page's address for resolving relative links. Throws InputError, saying why, for an
// empty, binary, too large or too deeply nested page. A page without article text is read with an
// empty `text`. Safe to call from several threads at once.
ArticlePage read_article_page(std::string_view bytes, std::string_view content_type, std::string_view url,
                              const PageOptions& options = {});

// The docs/json.md JSON object of an article page ("Article pages").
nlohmann::ordered_json to_json(const ArticlePage& page);

}  // namespace newsdex::feeds
