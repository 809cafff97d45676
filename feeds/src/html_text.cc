// libxml2's HTML parser is used rather than an HTML5 parser (gumbo) for speed: feeds carry many
// megabytes of escaped HTML, and libxml2 parses it several times faster while recovering from the
// same broken markup and decoding every HTML entity.
#include "html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <pugixml.hpp>

#include <array>
#include <cstring>

#include "newsdex/text.h"
#include "text_builder.h"
#include "xml_repair.h"

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
  return name_in(name,
                 {"p",      "div",        "br",         "li",  "ul",    "ol", "h1",      "h2",      "h3",      "h4",
                  "h5",     "h6",         "blockquote", "pre", "table", "tr", "section", "article", "header",  "footer",
                  "figure", "figcaption", "hr",         "dl",  "dt",    "dd", "aside",   "nav",     "address", "main"});
}

// libxml2's SAX interface: text and element events straight into the builder, without building
// and freeing a tree for every fragment. Skipped elements (scripts, styles) are counted so that
// everything inside them is ignored.
struct SaxState {
  TextBuilder builder;
  int skipped_depth = 0;
};
thread_local SaxState* current_state = nullptr;

void on_start_element(void*, const xmlChar* name, const xmlChar**) {
  SaxState& state = *current_state;
  if (state.skipped_depth > 0 || is_skipped(name)) {
    ++state.skipped_depth;
  } else if (is_block(name)) {
    state.builder.add_break();
  }
}

void on_end_element(void*, const xmlChar* name) {
  SaxState& state = *current_state;
  if (state.skipped_depth > 0) {
    --state.skipped_depth;
  } else if (is_block(name)) {
    state.builder.add_break();
  }
}

void on_characters(void*, const xmlChar* text, int length) {
  SaxState& state = *current_state;
  if (state.skipped_depth == 0) {
    state.builder.add_text(std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(length)));
  }
}

bool needs_parser(std::string_view text) {
  return text.find('<') != std::string_view::npos || text.find('&') != std::string_view::npos;
}

}  // namespace

// Most HTML in feeds is also well-formed XML (XHTML-clean CMS output). pugixml, already our XML
// parser, reads that an order of magnitude faster than libxml2's HTML parser; the HTML named
// entities are first rewritten as numeric references. Whatever pugixml rejects (void elements
// without "/", unquoted attributes, "<" in scripts, mismatched tags) goes to libxml2, so the
// result is the same either way.
bool well_formed_to_text(std::string_view html, TextBuilder& builder) {
  std::vector<std::string> repairs;
  std::string xml = "<x>" + repair_entities(html, repairs) + "</x>";
  // A bare '&' may be an HTML reference without its ';' ("&#39", "&amp"), which only the HTML
  // parser reads as the publisher meant.
  for (const std::string& repair : repairs) {
    if (repair.find("bare") != std::string::npos) return false;
  }
  pugi::xml_document document;
  constexpr unsigned kOptions = pugi::parse_default | pugi::parse_ws_pcdata;
  if (!document.load_buffer_inplace(xml.data(), xml.size(), kOptions, pugi::encoding_utf8)) return false;
  struct Walker : pugi::xml_tree_walker {
    TextBuilder& builder;
    int skipped_depth = -1;  // depth of the script or style being skipped
    explicit Walker(TextBuilder& b) : builder(b) {}
    // Pre-order visit: a block element breaks the text before it, and once the walk has left
    // it (a node at its level or above), after it; TextBuilder merges adjacent breaks.
    bool for_each(pugi::xml_node& node) override {
      const int level = depth();
      if (skipped_depth >= 0 && level > skipped_depth) return true;
      skipped_depth = -1;
      while (!open_blocks.empty() && open_blocks.back() >= level) {
        open_blocks.pop_back();
        builder.add_break();
      }
      if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
        builder.add_text(node.value());
      } else if (node.type() == pugi::node_element) {
        // Element names are short: lower them on the stack; a longer one is no HTML element.
        char name[16];
        const char* raw = node.name();
        size_t length = 0;
        for (; raw[length] && length + 1 < sizeof name; ++length) {
          name[length] = static_cast<char>(raw[length] >= 'A' && raw[length] <= 'Z' ? raw[length] + 32 : raw[length]);
        }
        name[raw[length] ? 0 : length] = '\0';
        const auto* element = reinterpret_cast<const xmlChar*>(name);
        if (is_skipped(element)) {
          skipped_depth = level;
        } else if (is_block(element)) {
          builder.add_break();
          open_blocks.push_back(level);
        }
      }
      return true;
    }
    std::vector<int> open_blocks;  // levels of the block elements the walk is inside
  } walker(builder);
  document.document_element().traverse(walker);
  return true;
}

std::string html_to_text(std::string_view html) {
  if (!needs_parser(html)) {
    TextBuilder builder;
    builder.add_text(html);
    return builder.take();
  }
  {
    TextBuilder builder;
    if (well_formed_to_text(html, builder)) {
      // pugixml decodes references to control characters ("&#31;") that libxml2 drops.
      std::string text = builder.take();
      drop_control_characters(text);
      return text;
    }
  }
  // One parser context per thread, reset for each text: a feed holds thousands of small HTML
  // fragments, and setting up a context costs as much as parsing a short one.
  struct Context {
    htmlParserCtxtPtr parser = htmlNewParserCtxt();
    Context() {
      if (!parser) return;
      xmlSAXHandler& sax = *parser->sax;
      std::memset(&sax, 0, sizeof sax);
      sax.startElement = on_start_element;
      sax.endElement = on_end_element;
      sax.characters = on_characters;
      sax.cdataBlock = on_characters;
      sax.ignorableWhitespace = on_characters;
    }
    ~Context() { htmlFreeParserCtxt(parser); }
  };
  thread_local Context context;
  if (!context.parser) return collapse_whitespace(html);
  SaxState state;
  current_state = &state;
  // With the SAX handler above no document is built, so nothing is returned to free.
  xmlDocPtr unused =
      htmlCtxtReadMemory(context.parser, html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (unused) xmlFreeDoc(unused);
  current_state = nullptr;
  return state.builder.take();
}

void prepare_html_to_text_threads() {
  static const bool initialised = (xmlInitParser(), true);
  (void)initialised;
}

std::string html_to_line(std::string_view html) { return collapse_whitespace(html_to_text(html)); }

}  // namespace newsdex::feeds
