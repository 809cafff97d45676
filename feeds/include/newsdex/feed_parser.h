// Parsing RSS, RDF, Atom and JSON Feed documents into newsdex::feeds::Feed.
#pragma once

#include <string>
#include <string_view>

#include "newsdex/feed.h"

namespace newsdex::feeds {

// Where a document came from; all fields optional.
struct ParseOptions {
  std::string url;           // the feed's own URL: resolves relative links, qualifies guids
  std::string content_type;  // the HTTP Content-Type, whose charset outranks the XML declaration
  unsigned threads = 1;      // threads that may convert the items' HTML to text (large feeds only)
};

// Parses a feed document of any supported format, detected from its content. Converts the text
// to UTF-8 and HTML to plain text, resolves links and computes article ids.
// Throws InputError when the document is not a feed or is not well-formed.
Feed parse_feed(std::string_view document, const ParseOptions& options = {});

// The id of an article that has no guid (docs/json.md): its canonical link, else a hash of its
// title and text. For articles that come from elsewhere than a feed (an archive import).
std::string article_id(std::string_view link, std::string_view title, std::string_view text);

}  // namespace newsdex::feeds
