// Links that newsdex stores and prints: http and https only. A feed's links are a stranger's
// text; a javascript:, data: or vbscript: link shown on the search page or handed on in an Atom
// feed would run script wherever it is clicked.
#pragma once

#include <string>
#include <string_view>

namespace newsdex {

// `link` as a browser reads it (WHATWG URL Standard, basic URL parser): ASCII tab, line feed and
// carriage return removed wherever they are, C0 controls and spaces trimmed from both ends.
std::string browser_form(std::string_view link);

// True when a browser would open `link` as an absolute http or https URL: the scheme of its
// browser_form, case-folded, is "http" or "https". Relative links are not web links.
bool is_web_link(std::string_view link);

// True when a browser could follow `link` only over http or https: an http(s) URL, or a
// relative reference ("/blog/1", "story.html": no ':' before its path), which a browser
// resolves against the http(s) page it is on. False for javascript:, data:, vbscript:, file:
// and every other scheme, however its case or the whitespace and controls around it are
// disguised, and for anything else with a ':' before its path.
bool is_safe_link(std::string_view link);

}  // namespace newsdex
