#include "page_tree.h"

#include <libxml/HTMLparser.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "newsdex/text.h"

namespace newsdex::feeds {

std::string_view PageNode::attribute(std::string_view attribute_name) const {
  for (uint32_t index = 0; index < attribute_count; ++index) {
    if (attributes[index].name == attribute_name) return attributes[index].value;
  }
  return {};
}

bool PageNode::has_attribute(std::string_view attribute_name) const {
  for (uint32_t index = 0; index < attribute_count; ++index) {
    if (attributes[index].name == attribute_name) return true;
  }
  return false;
}

std::string PageNode::all_text() const {
  std::string text;
  // Depth-first without recursion: pages may nest deeply.
  const PageNode* node = first_child;
  while (node) {
    if (node->is_text()) {
      text += node->text;
      text += ' ';
    } else if (node->first_child) {
      node = node->first_child;
      continue;
    }
    while (node && node != this && !node->next) node = node->parent;
    node = node && node != this ? node->next : nullptr;
  }
  return collapse_whitespace(text);
}

// Receives libxml2's SAX events and grows the tree.
struct PageTreeBuilder {
  PageTree& tree;
  PageNode* current = nullptr;
  int depth = 0;
  // libxml2 may hand one run of text over in several pieces: they are gathered here and kept in
  // the arena, whole, when the next element starts or ends.
  PageNode* open_text = nullptr;
  std::string pending = {};

  void close_text() {
    if (!open_text) return;
    open_text->text = keep(pending);
    open_text = nullptr;
    pending.clear();
  }

  std::string_view keep(std::string_view text) {
    char* copy = static_cast<char*>(tree.arena_->allocate(text.size() + 1, 1));
    std::memcpy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    return {copy, text.size()};
  }

  PageNode& add(PageNode* parent) {
    PageNode& node = tree.nodes_.emplace_back();
    node.parent = parent;
    if (parent) {
      node.prev = parent->last_child;
      (parent->last_child ? parent->last_child->next : parent->first_child) = &node;
      parent->last_child = &node;
    }
    return node;
  }

  static bool kept(std::string_view name) {
    static constexpr std::array<std::string_view, 18> kKept = {
        "class", "id",   "role",     "itemprop", "style",   "hidden",     "aria-hidden", "lang",     "xml:lang",
        "rel",   "href", "property", "name",     "content", "http-equiv", "type",        "datetime", "pubdate"};
    return std::find(kKept.begin(), kKept.end(), name) != kKept.end();
  }

  void start(const char* name, const char** attributes) {
    close_text();
    if (!current && tree.root_) return;  // content after </html> closed the root: ignored
    PageNode& node = add(current);
    node.name = keep(name);
    node.index = tree.element_count_++;
    if (!tree.root_) tree.root_ = &node;
    uint32_t count = 0;
    for (const char** at = attributes; at && *at; at += 2) count += kept(*at) ? 1 : 0;
    if (count) {
      auto* array =
          static_cast<PageAttribute*>(tree.arena_->allocate(count * sizeof(PageAttribute), alignof(PageAttribute)));
      uint32_t filled = 0;
      for (const char** at = attributes; at && *at; at += 2) {
        if (!kept(*at)) continue;
        new (&array[filled++]) PageAttribute{keep(at[0]), at[1] ? keep(at[1]) : std::string_view()};
      }
      node.attributes = array;
      node.attribute_count = count;
    }
    current = &node;
    tree.deepest_ = std::max(tree.deepest_, ++depth);
  }

  void end() {
    close_text();
    if (!current) return;
    current = current->parent;
    --depth;
  }

  void characters(const char* text, int length) {
    if (!current) return;
    if (!open_text) open_text = &add(current);
    pending.append(text, static_cast<size_t>(length));
  }
};

namespace {

thread_local PageTreeBuilder* active_builder = nullptr;

const char* as_text(const xmlChar* text) { return reinterpret_cast<const char*>(text); }

void on_start(void*, const xmlChar* name, const xmlChar** attributes) {
  active_builder->start(as_text(name), reinterpret_cast<const char**>(attributes));
}
void on_end(void*, const xmlChar*) { active_builder->end(); }
void on_characters(void*, const xmlChar* text, int length) { active_builder->characters(as_text(text), length); }

}  // namespace

PageTree PageTree::parse(std::string_view utf8_html) {
  // libxml2 must be initialised once before threads use it; a static's initialisation is.
  static const bool libxml2_ready = (xmlInitParser(), true);
  (void)libxml2_ready;
  PageTree tree;
  PageTreeBuilder builder{tree};
  std::unique_ptr<htmlParserCtxt, decltype(&htmlFreeParserCtxt)> parser(htmlNewParserCtxt(), &htmlFreeParserCtxt);
  if (!parser) return tree;
  htmlSAXHandler& sax = *parser->sax;
  std::memset(&sax, 0, sizeof sax);
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_characters;
  sax.cdataBlock = on_characters;  // the text of scripts (JSON-LD) and styles
  sax.ignorableWhitespace = on_characters;
  active_builder = &builder;
  // The text is UTF-8: libxml2 must not switch to the encoding a <meta charset> names
  // (IGNORE_ENC). XML_PARSE_HUGE lifts its nesting limit of 256, which it enforces by dropping
  // the rest of the page; the page reader limits nesting itself.
  xmlDocPtr none =
      htmlCtxtReadMemory(parser.get(), utf8_html.data(), static_cast<int>(utf8_html.size()), nullptr, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                             HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
  if (none) xmlFreeDoc(none);  // no document is built through these callbacks
  builder.close_text();
  active_builder = nullptr;
  return tree;
}

}  // namespace newsdex::feeds
