// Finding an article's own text in a parsed web page (internal).
#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>

namespace newsdex::feeds {

// The article's text in `page`: paragraphs, list items, quotes, subheadings and table text,
// separated by "\n\n", without the page around it (menus, headers, footers, related links, share
// bars, notices, captions, comments, ads). `title` is the page's headline, left out of the text.
// Empty when the page holds no article text. Marks the nodes it reads (their `_private` field).
std::string main_text(xmlDoc* page, std::string_view title);

}  // namespace newsdex::feeds
