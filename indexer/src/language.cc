#include "language.h"

#include <cld2/public/compact_lang_det.h>

namespace newsdex::index {

std::string detect_language(std::string_view text) {
  // CLD2 needs a few sentences; below this it guesses.
  constexpr size_t kMinimumBytes = 64;
  // A few paragraphs tell the language as well as a whole article, at a fraction of the cost.
  constexpr size_t kSampleBytes = 768;
  if (text.size() < kMinimumBytes) return {};
  if (text.size() > kSampleBytes) {
    size_t cut = kSampleBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a whole character
    text = text.substr(0, cut);
  }
  bool reliable = false;
  const CLD2::Language language =
      CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), true /* plain text */, &reliable);
  if (!reliable || language == CLD2::UNKNOWN_LANGUAGE) return {};
  const std::string code = CLD2::LanguageCode(language);  // "en", "tr", "zh-Hant"
  return code.size() >= 2 ? code.substr(0, 2) : std::string();
}

}  // namespace newsdex::index
