#include "newsdex/article_page.h"

#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>

#include "encoding.h"
#include "main_text.h"
#include "newsdex/error.h"
#include "newsdex/fetch.h"
#include "newsdex/text.h"
#include "page_facts.h"
#include "page_tree.h"

namespace newsdex::feeds {
namespace {

std::string megabytes(std::size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

// What a body that is not a web page is, by its first bytes; empty for text.
std::string binary_kind(std::string_view bytes) {
  if (bytes.starts_with("%PDF")) return "a PDF document";
  if (bytes.starts_with("\x89PNG") || bytes.starts_with("GIF8") || bytes.starts_with("\xFF\xD8\xFF") ||
      (bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP"))
    return "an image";
  if (bytes.starts_with("PK\x03\x04")) return "a ZIP archive";
  if (bytes.starts_with("\x1F\x8B")) return "gzip-compressed data";
  // UTF-16 pages hold NUL bytes but start with a byte order mark; any other page holds none.
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return {};
  const std::string_view head = bytes.substr(0, 8192);
  std::size_t controls = 0;
  for (char c : head) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0) return "binary data";
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f') ++controls;
  }
  return controls * 20 > head.size() ? "binary data" : std::string();
}

bool starts_with_lower(std::string_view text, size_t at, std::string_view lower) {
  if (text.size() - at < lower.size()) return false;
  for (size_t index = 0; index < lower.size(); ++index) {
    const char c = text[at + index];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != lower[index]) return false;
  }
  return true;
}

// Where the element closing at "</NAME" (any case) starts, from `from`; npos when it never does.
size_t find_closing(std::string_view html, size_t from, std::string_view name) {
  for (size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    if (starts_with_lower(html, at + 2, name)) return at;
  }
  return std::string_view::npos;
}

// The element whose body is never article text that opens at `at` ("<script", "<style", "<svg",
// "<template", in any case, followed by a space, '>' or '/'); empty when none does.
std::string_view skipped_element_at(std::string_view html, size_t at) {
  static constexpr std::array<std::string_view, 4> kSkipped = {"script", "style", "svg", "template"};
  for (std::string_view name : kSkipped) {
    if (!starts_with_lower(html, at + 1, name)) continue;
    const size_t after = at + 1 + name.size();
    if (after < html.size() && (html[after] == '>' || html[after] == '/' || html[after] == ' ' || html[after] == '\t' ||
                                html[after] == '\n' || html[after] == '\r')) {
      return name;
    }
  }
  return {};
}

// The page without comments and without the bodies of its scripts, styles, inline SVG drawings
// and templates (JSON-LD kept). They are never article text, are often half a page's bytes, and
// libxml2 reads them one character at a time: dropping them first with memchr-speed scans saves
// a third of the parse.
std::string without_scripts_and_comments(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t copied = 0;
  for (size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (html.compare(at, 4, "<!--") == 0) {
      const size_t end = html.find("-->", at + 4);
      out.append(html.substr(copied, at - copied));
      copied = end == std::string_view::npos ? html.size() : end + 3;
      if (end == std::string_view::npos) break;
      at = copied - 1;
      continue;
    }
    const std::string_view name = skipped_element_at(html, at);
    if (name.empty()) continue;
    const size_t tag_end = html.find('>', at);
    if (tag_end == std::string_view::npos) break;
    if (name == "script" && ascii_lower(html.substr(at, tag_end - at)).find("ld+json") != std::string::npos) {
      continue;  // JSON-LD: the page's facts
    }
    const size_t closing = find_closing(html, tag_end + 1, name);
    if (closing == std::string_view::npos) break;
    out.append(html.substr(copied, tag_end + 1 - copied));
    copied = closing;
    at = closing;
  }
  out.append(html.substr(std::min(copied, html.size())));
  return out;
}

}  // namespace

ArticlePage read_article_page(std::string_view bytes, std::string_view content_type, std::string_view url,
                              const PageOptions& options) {
  if (bytes.size() > options.max_bytes) {
    throw InputError("page is " + megabytes(bytes.size()) + ", over the " + megabytes(options.max_bytes) + " limit");
  }
  if (trim(bytes).empty()) throw InputError("empty page");
  if (const std::string kind = binary_kind(bytes); !kind.empty()) {
    throw InputError("not a web page: the body is " + kind);
  }
  DecodedDocument decoded = decode_to_utf8(bytes, content_type, Markup::html);
  ArticlePage page;
  page.encoding = decoded.encoding;
  page.warnings = std::move(decoded.warnings);
  // Like every URL newsdex keeps, the page's own is http(s) or nothing.
  if (is_http_url(url)) {
    page.url = std::string(url);
  } else if (!url.empty()) {
    page.warnings.push_back("page address dropped: not an http(s) URL: " + std::string(url.substr(0, 200)));
  }
  const PageTree document = PageTree::parse(without_scripts_and_comments(decoded.utf8));
  if (!document.root()) throw InputError("not a web page: no HTML in it");
  if (document.depth() > options.max_depth) {
    throw InputError("page nests elements " + std::to_string(document.depth()) + " deep; newsdex reads at most " +
                     std::to_string(options.max_depth));
  }
  read_page_facts(document, page);
  page.text = main_text(document, page.title);
  // JSON-LD's "\u001b" escapes and the like decode to control characters the page's own bytes
  // no longer hold: dropped from every field, as from every feed's.
  for (std::string* field : {&page.title, &page.text, &page.description, &page.section, &page.language}) {
    drop_control_characters(*field);
  }
  for (std::string& author : page.authors) drop_control_characters(author);
  return page;
}

nlohmann::ordered_json to_json(const ArticlePage& page) {
  auto text_or_null = [](const std::string& text) {
    return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
  };
  auto time_or_null = [](const std::optional<Timestamp>& time) {
    return time ? nlohmann::ordered_json(format_rfc3339(*time)) : nlohmann::ordered_json();
  };
  return {{"url", text_or_null(page.url)},
          {"canonical_url", text_or_null(page.canonical_url)},
          {"title", text_or_null(page.title)},
          {"text", page.text},
          {"published", time_or_null(page.published)},
          {"modified", time_or_null(page.modified)},
          {"authors", page.authors},
          {"language", text_or_null(page.language)},
          {"section", text_or_null(page.section)},
          {"description", text_or_null(page.description)},
          {"image", text_or_null(page.image)},
          {"warnings", page.warnings}};
}

}  // namespace newsdex::feeds
