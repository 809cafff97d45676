// HTML to plain text (internal).
#pragma once

#include <string>
#include <string_view>

namespace newsdex::feeds {

// Plain text of an HTML fragment or document: scripts, styles and comments dropped, every
// entity decoded, block elements as paragraph breaks ("\n\n"), other whitespace collapsed.
std::string html_to_text(std::string_view html);

// Call once before calling html_to_text from several threads (libxml2 must be initialised on
// one thread first). Safe to call repeatedly.
void prepare_html_to_text_threads();

// Like html_to_text, on one line: for titles, names and other short fields.
std::string html_to_line(std::string_view html);

}  // namespace newsdex::feeds
