// Language detection (internal).
#pragma once

#include <string>
#include <string_view>

namespace newsdex::index {

// The ISO 639-1 code of the language a text is written in, as CLD2 (Google's Compact Language
// Detector 2, from Debian) reads it with `declared` (an ISO 639-1 code or empty) as its hint; for
// a text too short for CLD2, or one it is unsure of, the language its script is written in when
// only one language writes it (kana, Hangul, Greek...); else empty.
std::string detect_language(std::string_view text, const std::string& declared = {});

// The language CLD2 finds most likely for a short text it is unsure of (a headline, a sentence),
// for reading country names only: empty when that is English, or Chinese or Japanese (Han alone),
// or when nothing is likely.
std::string likely_language(std::string_view text);

// The one language most of `text` is in (CLD2 sure of it, and it four-fifths of the text or
// more), for many short texts read together, such as a feed's headlines; else empty.
std::string dominant_language(std::string_view text);

}  // namespace newsdex::index
