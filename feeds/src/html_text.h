// HTML to plain text (internal).
#pragma once

#include <string>
#include <string_view>

namespace newsdex::feeds {

// Plain text of an HTML fragment or document: scripts, styles and comments dropped, every
// entity decoded, block elements as paragraph breaks ("\n\n"), other whitespace collapsed.
std::string html_to_text(std::string_view html);

// Like html_to_text, on one line: for titles, names and other short fields.
std::string html_to_line(std::string_view html);

}  // namespace newsdex::feeds
