// libxml2's HTML parser is used rather than an HTML5 parser (gumbo) for speed: feeds carry many
// megabytes of escaped HTML, and libxml2 parses it several times faster while recovering from the
// same broken markup and decoding every HTML entity.
#include "html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <array>
#include <memory>

#include "newsdex/text.h"

namespace newsdex::feeds {
namespace {

bool name_in(const xmlChar* name, std::initializer_list<std::string_view> names) {
  const std::string_view element(reinterpret_cast<const char*>(name));
  for (auto candidate : names) {
    if (element == candidate) return true;
  }
  return false;
}

bool is_skipped(const xmlChar* name) {
  return name_in(name, {"script", "style", "noscript", "template", "head", "title", "iframe", "svg"});
}

bool is_block(const xmlChar* name) {
  return name_in(name, {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "pre", "table", "tr", "section", "article", "header",
                        "footer", "figure", "figcaption", "hr", "dl", "dt", "dd", "aside", "nav",
                        "address", "main"});
}

// Appends text, then paragraph breaks; runs of whitespace become one space, and paragraph
// breaks never pile up at the start, end or on one another.
class TextBuilder {
 public:
  void add_text(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    size_t pos = 0;
    while (pos < text.size()) {
      size_t word = pos;
      while (word < text.size() && is_space(text[word])) ++word;
      if (word != pos) pending_space_ = true;
      if (word == text.size()) break;
      size_t end = word;
      while (end < text.size() && !is_space(text[end])) ++end;
      if (pending_break_ && !out_.empty()) {
        out_ += "\n\n";
      } else if (pending_space_ && !out_.empty() && out_.back() != '\n') {
        out_.push_back(' ');
      }
      pending_break_ = pending_space_ = false;
      out_.append(text.substr(word, end - word));
      pos = end;
    }
  }
  void add_break() { pending_break_ = true; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool pending_space_ = false;
  bool pending_break_ = false;
};

void collect_text(xmlNode* node, TextBuilder& builder) {
  for (; node; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content) builder.add_text(reinterpret_cast<const char*>(node->content));
    } else if (node->type == XML_ELEMENT_NODE && node->name) {
      if (is_skipped(node->name)) continue;
      const bool block = is_block(node->name);
      if (block) builder.add_break();
      collect_text(node->children, builder);
      if (block) builder.add_break();
    }
  }
}

bool needs_parser(std::string_view text) {
  return text.find('<') != std::string_view::npos || text.find('&') != std::string_view::npos;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  if (!needs_parser(html)) {
    TextBuilder builder;
    builder.add_text(html);
    return builder.take();
  }
  // One parser context per thread, reset for each text: a feed holds thousands of small HTML
  // fragments, and setting up a context costs as much as parsing a short one.
  struct Context {
    htmlParserCtxtPtr parser = htmlNewParserCtxt();
    ~Context() { htmlFreeParserCtxt(parser); }
  };
  thread_local Context context;
  using Document = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;
  Document document(context.parser ? htmlCtxtReadMemory(context.parser, html.data(), static_cast<int>(html.size()),
                                                         nullptr, "UTF-8",
                                                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET)
                                   : nullptr,
                    &xmlFreeDoc);
  if (!document) return collapse_whitespace(html);
  TextBuilder builder;
  collect_text(document->children, builder);
  return builder.take();
}

std::string html_to_line(std::string_view html) { return collapse_whitespace(html_to_text(html)); }

}  // namespace newsdex::feeds
