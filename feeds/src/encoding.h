// Character encodings of feed documents (internal).
#pragma once

#include <string>
#include <string_view>

namespace newsdex::feeds {

// A document converted to UTF-8.
struct DecodedDocument {
  std::string utf8;      // without a byte order mark
  std::string encoding;  // the encoding it was read in, lower case ("utf-8", "windows-1252")
};

// Converts a feed document to UTF-8. The encoding is taken from, in this order of precedence
// (RFC 7303): a byte order mark, the charset of the HTTP Content-Type, the XML declaration;
// else UTF-8. Bytes that are invalid in that encoding become U+FFFD; an unknown encoding name
// is read as UTF-8.
DecodedDocument decode_to_utf8(std::string_view bytes, std::string_view content_type);

}  // namespace newsdex::feeds
