// A web page as a light tree (internal): elements with the few attributes the page reader
// uses, and text. Built from libxml2's HTML parser through its SAX interface, which keeps
// libxml2's tokenizer and its recovery from broken markup (implied and misnested tags) but
// not its DOM: libxml2 allocates a node, a text node and a copy for every attribute of every
// element, and building and freeing that took as long as the parse itself.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <memory_resource>
#include <string>
#include <string_view>

namespace newsdex::feeds {

// One attribute an element kept (see PageTree::parse for which).
struct PageAttribute {
  std::string_view name;  // lower case
  std::string_view value;
};

// An element (name not empty) or a run of text (name empty).
struct PageNode {
  std::string_view name;  // lower case; empty for text
  std::string_view text;  // the text of a text node
  PageNode* parent = nullptr;
  PageNode* first_child = nullptr;
  PageNode* last_child = nullptr;
  PageNode* next = nullptr;
  PageNode* prev = nullptr;
  const PageAttribute* attributes = nullptr;
  uint32_t attribute_count = 0;
  uint32_t index = 0;    // elements are numbered in document order from 0
  void* data = nullptr;  // for the reader's own bookkeeping

  bool is_text() const { return name.empty(); }
  // The value of an attribute, "" when the element has none.
  std::string_view attribute(std::string_view attribute_name) const;
  // True when the element has the attribute, whatever its value.
  bool has_attribute(std::string_view attribute_name) const;
  // All the text inside, whitespace collapsed.
  std::string all_text() const;
};

// A parsed page. Nodes live as long as the tree.
class PageTree {
 public:
  // Parses UTF-8 HTML. Keeps the attributes class, id, role, itemprop, style, hidden,
  // aria-hidden, lang, xml:lang, rel, href, property, name, content, http-equiv, type,
  // datetime and pubdate; drops the others.
  static PageTree parse(std::string_view utf8_html);

  PageNode* root() const { return root_; }  // the <html> element, or null for a page without one
  uint32_t element_count() const { return element_count_; }
  int depth() const { return deepest_; }  // the deepest element nesting

  PageTree(PageTree&&) = default;
  PageTree& operator=(PageTree&&) = default;

 private:
  PageTree() = default;
  friend struct PageTreeBuilder;

  // Attribute names, values and arrays; nodes in a deque, whose elements never move.
  std::unique_ptr<std::pmr::monotonic_buffer_resource> arena_ = std::make_unique<std::pmr::monotonic_buffer_resource>();
  std::deque<PageNode> nodes_;
  PageNode* root_ = nullptr;
  uint32_t element_count_ = 0;
  int deepest_ = 0;
};

}  // namespace newsdex::feeds
