// Character encodings of feed documents (internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::feeds {

// A document converted to UTF-8.
struct DecodedDocument {
  std::string utf8;                   // without a byte order mark
  std::string encoding;               // the encoding it was read in, lower case ("utf-8", "windows-1252")
  std::vector<std::string> warnings;  // how a wrong or missing declaration was worked around
};

// The kind of document decode_to_utf8 reads: where it looks for a declared encoding.
enum class Markup {
  xml,   // feeds, OPML: byte order mark, HTTP charset, <?xml encoding?> (RFC 7303)
  html,  // web pages: HTTP charset, byte order mark, <meta charset> in the first 4 KB
};

// Converts a feed document (or, with Markup::html, a web page) to UTF-8.
// The encoding is taken from, in this order of precedence (RFC 7303): a byte order mark, the
// charset of the HTTP Content-Type, the XML declaration; else UTF-8. Real feeds often declare
// the wrong one, so the bytes get the last word:
// - bytes that are not valid UTF-8 where UTF-8 was declared or assumed are read as
//   windows-1252 (the usual truth, and a superset of ISO-8859-1);
// - bytes that are valid UTF-8 with non-ASCII characters where a single-byte Western encoding
//   was declared are read as UTF-8;
// - UTF-8 that was encoded twice (the mojibake "CafÃ©") is decoded once more.
// A document that declares nothing and is not valid UTF-8 is read in the encoding uchardet guesses
// from its bytes (windows-1251 Russian, Shift_JIS, GB18030, ...), or in the legacy encoding of the
// language it states whose text reads best as that language's script; windows-1252 when nothing
// can tell.
// A single-byte declaration the text plainly contradicts (Cyrillic bytes labelled ISO-8859-1,
// KOI8-R labelled windows-1251) gives way to the encoding the text reads in; ISO-2022 text,
// which is seven-bit and so passes for UTF-8, is known by its escape sequences.
// Bytes that are invalid in the chosen encoding become U+FFFD; an unknown encoding name is read
// as UTF-8. Never fails.
DecodedDocument decode_to_utf8(std::string_view bytes, std::string_view content_type, Markup markup = Markup::xml);

}  // namespace newsdex::feeds
