// Finding an article's own text in a parsed web page (internal).
#pragma once

#include <string>
#include <string_view>

#include "page_tree.h"

namespace newsdex::feeds {

// The article's text in `page`: paragraphs, list items, quotes, subheadings and table text,
// separated by "\n\n", without the page around it (menus, headers, footers, related links, share
// bars, notices, captions, comments, ads). `title` is the page's headline, left out of the text.
// Empty when the page holds no article text. Uses the nodes' `data` field.
std::string main_text(const PageTree& page, std::string_view title);

}  // namespace newsdex::feeds
