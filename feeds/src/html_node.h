// Reading libxml2's HTML tree without allocating (internal): the article page reader visits
// every element of every page, often several times.
#pragma once

#include <libxml/tree.h>

#include <cstring>
#include <string_view>

namespace newsdex::feeds {

// The element's name as libxml2's HTML parser keeps it (lower case).
inline std::string_view name_of(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

// The value of the attribute `name` (lower case), or "" when the element has none. A view into
// the tree, valid while it lives: unlike xmlGetProp, nothing is copied.
inline std::string_view attribute_view(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* attribute = node->properties; attribute; attribute = attribute->next) {
    if (name != reinterpret_cast<const char*>(attribute->name)) continue;
    const xmlNode* value = attribute->children;
    return value && value->content ? std::string_view(reinterpret_cast<const char*>(value->content)) : "";
  }
  return {};
}

// True when the element has the attribute, whatever its value.
inline bool has_attribute(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* attribute = node->properties; attribute; attribute = attribute->next) {
    if (name == reinterpret_cast<const char*>(attribute->name)) return true;
  }
  return false;
}

}  // namespace newsdex::feeds
