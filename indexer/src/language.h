// Language detection (internal).
#pragma once

#include <string>
#include <string_view>

namespace newsdex::index {

// The ISO 639-1 code of the language a text is written in, as CLD2 (Google's Compact Language
// Detector 2, from Debian) reads it; empty when the text is too short or CLD2 is unsure.
std::string detect_language(std::string_view text);

}  // namespace newsdex::index
