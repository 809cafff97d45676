// Making broken XML from the web well-formed enough to read (internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::feeds {

// Rewrites entity references that XML does not define: HTML named entities (&nbsp;, &eacute;)
// become numeric references, and an ampersand that starts no reference becomes &amp;. CDATA
// sections and comments are left alone. Appends one warning per kind of repair made.
std::string repair_entities(std::string_view xml, std::vector<std::string>& warnings);

// Drops whatever precedes the first markup (junk, a byte order mark written twice, blank lines
// of a script) and closes an unterminated CDATA section at the end.
std::string repair_edges(std::string_view xml, std::vector<std::string>& warnings);

// Re-serialises a document that is still not well-formed through libxml2's recovering XML
// parser (mismatched or unclosed tags, truncated documents). No DTD is loaded, no entity is
// expanded, nothing is fetched. Empty when even libxml2 finds no element.
std::string recover_with_libxml2(std::string_view xml);

}  // namespace newsdex::feeds
