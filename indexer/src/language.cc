#include "language.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "newsdex/text.h"

namespace newsdex::index {
namespace {

// Letters of the Cyrillic alphabets other than Russian's (Ukrainian і ї є ґ, Belarusian ў,
// Serbian and Macedonian ј љ њ ђ ћ џ ѓ ќ ѕ, Kazakh, Kyrgyz, Tatar, Tajik, Uzbek, Mongolian and
// Chuvash letters), lower and upper case.
constexpr std::u32string_view kNonRussianCyrillic =
    U"іїєґўјљњђћџѓќѕәғқңөұүһҳҷӣӯӑӗҫӳҗ"
    U"ІЇЄҐЎЈЉЊЂЋЏЃЌЅӘҒҚҢӨҰҮҺҲҶӢӮӐӖҪӲҖ";

bool contains_letter(std::u32string_view letters, UChar32 c) {
  return c > 0 && letters.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}

// Calls visit(letter, script) for each letter of a UTF-8 text.
template <typename Visit>
void for_each_letter(std::string_view text, Visit visit) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    visit(c, U_FAILURE(status) ? USCRIPT_INVALID_CODE : script);
  }
}

// True when the text holds one of Russian's commonest short words (в, на, и, с, по, не...),
// which the Cyrillic languages that write all of Russian's letters (Mongolian, Kyrgyz, Kazakh)
// do not: "Монгол Улс Японтой шинэ гэрээ байгууллаа" has ы and э, and is no Russian.
bool has_russian_function_word(std::string_view text) {
  static const std::set<std::u32string, std::less<>> kWords = {U"в",   U"во", U"на", U"и",  U"с",   U"со", U"по", U"не",
                                                               U"что", U"за", U"из", U"от", U"для", U"до", U"к",  U"о",
                                                               U"об",  U"у",  U"а",  U"но", U"как", U"при"};
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  std::u32string word;
  for (int32_t i = 0; i <= length;) {
    UChar32 c = -1;
    if (i < length)
      U8_NEXT(data, i, length, c);
    else
      ++i;
    if (c > 0 && u_isalpha(c)) {
      word += static_cast<char32_t>(u_tolower(c));
      continue;
    }
    // A letter before a full stop is an initial ("С.Амарсайхан"), not the preposition.
    if (kWords.contains(word) && !(word.size() == 1 && c == '.')) return true;
    word.clear();
  }
  return false;
}

// The language a text's letters say it is in when their script is written by one language only
// (kana: Japanese; Hangul: Korean; Greek, Hebrew, Thai, Georgian, Armenian), or when its Latin
// letters hold ə, which of the languages news is written in only Azerbaijani uses. Empty when
// the letters of that script are not the most of the text's letters. CLD2 needs more text than a
// headline: this is what a short one can still tell.
std::string language_of_script(std::string_view text) {
  size_t letters = 0, kana = 0, han = 0, latin = 0, schwa = 0;
  std::map<UScriptCode, size_t> others;
  for_each_letter(text, [&](UChar32 c, UScriptCode script) {
    ++letters;
    switch (script) {
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA: ++kana; break;
      case USCRIPT_HAN: ++han; break;
      case USCRIPT_LATIN:
        ++latin;
        if (c == 0x0259 || c == 0x018F) ++schwa;  // ə, Ə
        break;
      case USCRIPT_INVALID_CODE: break;
      default: ++others[script];
    }
  });
  const auto most = [&](size_t count) { return 2 * count > letters; };
  if (kana > 0 && most(kana + han)) return "ja";
  if (schwa > 0 && most(latin)) return "az";
  static const std::map<UScriptCode, std::string> kOneLanguageScripts = {
      {USCRIPT_HANGUL, "ko"}, {USCRIPT_GREEK, "el"},    {USCRIPT_HEBREW, "he"},
      {USCRIPT_THAI, "th"},   {USCRIPT_GEORGIAN, "ka"}, {USCRIPT_ARMENIAN, "hy"}};
  for (const auto& [script, language] : kOneLanguageScripts) {
    auto counted = others.find(script);
    if (counted != others.end() && most(counted->second)) return language;
  }
  return {};
}

// The language a text's letters suggest where CLD2 and the script say nothing, and nothing is
// declared (a declaration wins over a guess: Bulgarian quoting Russian, an English headline
// naming Ħamrun). Latin letters with ħ, ċ or ġ: Maltese. Cyrillic letters that are Russian's:
// no letter of another Cyrillic alphabet (Ukrainian, Belarusian, Serbian, Macedonian and the
// Central Asian languages write their own in nearly every sentence); ы or э (Ukrainian,
// Bulgarian, Serbian and Macedonian write neither, Tajik and Uzbek no ы), or a sentence's worth
// of letters without Bulgarian's ъ; и or щ, which Belarusian never writes; and one of Russian's
// commonest short words (has_russian_function_word). CLD2 reads Russian that names Central
// Asia's countries as Uzbek or as nothing ("...переговоры с лидерами Узбекистана и Киргизии").
std::string language_of_letters(std::string_view text) {
  size_t letters = 0, latin = 0, maltese = 0, cyrillic = 0;
  // Cyrillic ы э; и щ; other alphabets' letters; ъ
  size_t russian_only = 0, not_belarusian = 0, non_russian = 0, hard_signs = 0;
  for_each_letter(text, [&](UChar32 c, UScriptCode script) {
    ++letters;
    if (script == USCRIPT_LATIN) {
      ++latin;
      if (contains_letter(U"ħċġĦĊĠ", c)) ++maltese;
    } else if (script == USCRIPT_CYRILLIC) {
      ++cyrillic;
      if (contains_letter(U"ыэЫЭ", c)) ++russian_only;
      if (contains_letter(kNonRussianCyrillic, c)) ++non_russian;
      if (contains_letter(U"ъЪ", c)) ++hard_signs;
      if (contains_letter(U"ищИЩ", c)) ++not_belarusian;
    }
  });
  const auto most = [&](size_t count) { return 2 * count > letters; };
  if (maltese > 0 && most(latin)) return "mt";
  constexpr size_t kSentenceLetters = 40;
  if (non_russian == 0 && not_belarusian > 0 && most(cyrillic) &&
      (russian_only > 0 || (cyrillic >= kSentenceLetters && hard_signs == 0)) && has_russian_function_word(text))
    return "ru";
  return {};
}

// The ISO 639-1 code of a CLD2 language code ("en", "zh-Hant", and the withdrawn codes CLD2
// still uses: "iw" for Hebrew, "jw" for Javanese, "in" for Indonesian, "ji" for Yiddish).
std::string iso_639_1(std::string_view cld2_code) {
  static const std::map<std::string_view, std::string_view> kWithdrawn = {
      {"iw", "he"}, {"jw", "jv"}, {"in", "id"}, {"ji", "yi"}, {"mo", "ro"}};
  std::string_view code = cld2_code.substr(0, std::min<size_t>(2, cld2_code.size()));
  if (auto renamed = kWithdrawn.find(code); renamed != kWithdrawn.end()) code = renamed->second;
  return std::string(code);
}

// Languages CLD2 tells apart worst on a short text, where the declared language (a feed's, an
// import's) is the better judge: each group shares a script and most of its words.
bool close_relatives(const std::string& a, const std::string& b) {
  static const std::vector<std::set<std::string>> kGroups = {{"ru", "uk", "be", "bg", "sr", "mk"},
                                                             {"sr", "hr", "bs", "sl"},
                                                             {"da", "no", "nb", "nn", "sv"},
                                                             {"es", "gl", "ca", "pt"},
                                                             {"cs", "sk"},
                                                             {"id", "ms"},
                                                             {"tr", "az"},
                                                             {"hi", "mr", "ne"}};
  return std::any_of(kGroups.begin(), kGroups.end(),
                     [&](const std::set<std::string>& group) { return group.contains(a) && group.contains(b); });
}

// True when Cyrillic text is plainly not in `language`'s Cyrillic alphabet, which CLD2 does not
// check before reading short Russian as Serbian, or Russian that names Central Asia's countries
// as Uzbek: when a sentence's worth of it holds none of the letters that alphabet has and
// Russian's has not (Ukrainian і ї є ґ, Serbian ј љ њ, Uzbek ў қ ғ ҳ...), or when letters the
// alphabet lacks are one in fifty of its Cyrillic letters or more (Serbian and Macedonian write
// ја, ју, ј, љ, њ where Russian writes я ю й ь; Ukrainian writes no ы э ъ ё, Bulgarian no ы э ё,
// Belarusian no и щ ъ, Uzbek no щ ы, Tajik no ц щ ы ь). A Russian phrase quoted in Bulgarian or
// Ukrainian ("«Мы не отступим»") is not that many.
bool is_not_in_alphabet_of(std::string_view language, std::string_view text) {
  struct Alphabet {
    std::u32string_view own;    // letters Russian's alphabet has not
    std::u32string_view lacks;  // Russian's letters it has not
  };
  static const std::map<std::string_view, Alphabet> kAlphabets = {
      {"sr", {U"јљњђћџЈЉЊЂЋЏ", U"яюйьыэъщёЯЮЙЬЫЭЪЩЁ"}},
      {"mk", {U"јљњѓќѕџЈЉЊЃЌЅЏ", U"яюйьыэъщёЯЮЙЬЫЭЪЩЁ"}},
      {"uk", {U"іїєґІЇЄҐ", U"ыэъёЫЭЪЁ"}},
      {"bg", {U"", U"ыэёЫЭЁ"}},
      {"be", {U"ўіЎІ", U"ищъИЩЪ"}},
      {"uz", {U"ўқғҳЎҚҒҲ", U"щыЩЫ"}},
      {"tg", {U"ғӣқӯҳҷҒӢҚӮҲҶ", U"цщыьЦЩЫЬ"}},
      {"kk", {U"әғқңөұүһіӘҒҚҢӨҰҮҺІ", U""}}};  // not Kyrgyz: a sentence may do without its ң ө ү
  const auto alphabet = kAlphabets.find(language);
  if (alphabet == kAlphabets.end()) return false;
  size_t own = 0, lacked = 0, cyrillic = 0;
  for_each_letter(text, [&](UChar32 c, UScriptCode script) {
    if (script == USCRIPT_CYRILLIC) ++cyrillic;
    if (contains_letter(alphabet->second.own, c)) ++own;
    if (contains_letter(alphabet->second.lacks, c)) ++lacked;
  });
  constexpr size_t kSentenceLetters = 20;
  constexpr size_t kLettersPerLacked = 50;
  return (!alphabet->second.own.empty() && own == 0 && cyrillic >= kSentenceLetters) ||
         (lacked > 0 && lacked * kLettersPerLacked >= cyrillic);
}

// True when most of the text's letters are Cyrillic.
bool is_mostly_cyrillic(std::string_view text) {
  size_t letters = 0, cyrillic = 0;
  for_each_letter(text, [&](UChar32, UScriptCode script) {
    ++letters;
    if (script == USCRIPT_CYRILLIC) ++cyrillic;
  });
  return 2 * cyrillic > letters;
}

// What CLD2 reads of a plain text: its most likely language, that language's share of the text
// in per cent, and whether CLD2 is sure of it.
struct Cld2Reading {
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;
  int percent = 0;
  bool reliable = false;
};

// `declared` (ISO 639-1 or empty) is CLD2's content-language hint.
Cld2Reading read_with_cld2(std::string_view text, const std::string& declared) {
  const CLD2::CLDHints hints{declared.empty() ? nullptr : declared.c_str(), nullptr, CLD2::UNKNOWN_ENCODING,
                             CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language top3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  Cld2Reading reading;
  reading.language =
      CLD2::ExtDetectLanguageSummary(text.data(), static_cast<int>(text.size()), true /* plain text */, &hints, 0, top3,
                                     percent3, scores3, nullptr, &text_bytes, &reading.reliable);
  reading.percent = percent3[0];
  return reading;
}

// True when the text holds ə or Ə, which Azerbaijani writes in nearly every sentence and
// Turkish never.
bool has_schwa(std::string_view text) {
  return text.find("\u0259") != std::string_view::npos || text.find("\u018F") != std::string_view::npos;
}

// True when the text writes ä or ö, which Swedish writes where Danish and Norwegian write æ and
// ø, and neither of those.
bool has_swedish_letters_only(std::string_view text) {
  const auto has = [&](std::string_view letter) { return text.find(letter) != std::string_view::npos; };
  return (has("ä") || has("ö") || has("Ä") || has("Ö")) && !has("æ") && !has("ø") && !has("Æ") && !has("Ø");
}

// True when text that CLD2 reads as Afrikaans is Dutch: more of Dutch's commonest words (de, een,
// niet...) and words with the digraph ij, where Afrikaans writes y ("zijn", "bij"), than of
// Afrikaans's (die, nie, 'n). CLD2 read "De spoorwegstaking legde het treinverkeer in het hele
// land plat." as Afrikaans.
bool has_dutch_spelling(std::string_view text) {
  static constexpr std::string_view kDutchWords[] = {"de", "een", "niet", "zijn", "wordt"};
  static constexpr std::string_view kAfrikaansWords[] = {"die", "nie", "n"};  // 'n, Afrikaans's "a"
  int balance = 0;
  for (const Word& word : split_words(text)) {
    const std::string folded = lower_case(word.text);
    if (std::find(std::begin(kAfrikaansWords), std::end(kAfrikaansWords), folded) != std::end(kAfrikaansWords)) {
      --balance;
    } else if (folded.find("ij") != std::string::npos ||
               std::find(std::begin(kDutchWords), std::end(kDutchWords), folded) != std::end(kDutchWords)) {
      ++balance;
    }
  }
  return balance > 0;
}

// The ISO 639-1 code of what CLD2 read (with `unsure`, also when it is not sure of it); empty
// when it read nothing, or a Cyrillic language whose alphabet lacks letters of the text (short
// Russian read as Serbian or Uzbek). Azerbaijani without ə is Turkish:
// CLD2 reads Turkish that names Azerbaijan ("Azerbaycan'ın enerji bakanı") as Azerbaijani;
// Norwegian or Danish with ä or ö and neither æ nor ø is Swedish; Afrikaans with Dutch's spelling
// is Dutch.
std::string sure_language(const Cld2Reading& reading, std::string_view text, bool unsure = false) {
  if ((!reading.reliable && !unsure) || reading.language == CLD2::UNKNOWN_LANGUAGE) return {};
  std::string code = iso_639_1(CLD2::LanguageCode(reading.language));
  // CLD2 knows Romanian in the Cyrillic letters Moldova wrote until 1989, and reads Russian or
  // Ukrainian that names Moldova so ("В Молдове прошёл референдум"): Romanian is written in Latin
  // letters now.
  if (code == "ro" && is_mostly_cyrillic(text)) return {};
  if (code.size() != 2 || is_not_in_alphabet_of(code, text)) return {};
  if (code == "az" && !has_schwa(text)) return "tr";
  // CLD2 read 12 of 98 one-sentence Swedish articles as Norwegian (2 with this): Swedish writes
  // ä and ö where Norwegian and Danish write æ and ø.
  if ((code == "no" || code == "nb" || code == "da") && has_swedish_letters_only(text)) return "sv";
  if (code == "af" && has_dutch_spelling(text)) return "nl";
  return code;
}

}  // namespace

std::string detect_language(std::string_view text, const std::string& declared) {
  // CLD2 needs a few sentences to be sure against a feed's declaration.
  constexpr size_t kMinimumBytes = 64;
  // Below that, with nothing declared, a sentence or a headline: CLD2 said English, and was
  // sure, for 1,245 of 1,278 English headlines shorter than 64 bytes, and something else for 2
  // ("Schumacher Grabs Pole in Budapest" as German); it was unsure of the rest. Below this it
  // reads names, not language ("Kanye West" as Kinyarwanda).
  constexpr size_t kShortestSentence = 20;
  // A few paragraphs tell the language as well as a whole article, at a fraction of the cost.
  constexpr size_t kSampleBytes = 768;
  if (text.size() > kSampleBytes) {
    size_t cut = kSampleBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a whole character
    text = text.substr(0, cut);
  }
  if (text.size() >= kMinimumBytes) {
    // The declared language (a feed's, an import's) is CLD2's content-language hint, and it
    // decides between close relatives, which CLD2 tells apart worst (close_relatives).
    const std::string code = sure_language(read_with_cld2(text, declared), text);
    if (!code.empty()) return !declared.empty() && code != declared && close_relatives(code, declared) ? declared : code;
    std::string language = language_of_script(text);
    if (language.empty() && declared.empty()) language = language_of_letters(text);
    // CLD2 is unsure of Turkish that names Azerbaijan or Georgia ("Azerbaycan ve Gürcistan
    // demiryolu hattını yeniledi..."), between Turkish and Azerbaijani: both write a dotless ı,
    // and Azerbaijani an ə in nearly every sentence, so ı without ə is Turkish.
    if (language.empty() && declared.empty() && text.find("\u0131") != std::string_view::npos && !has_schwa(text))
      language = "tr";
    return language;
  }
  // A short text: its script first, then (nothing declared) CLD2, but not for Han alone, which
  // Chinese and Japanese share and CLD2 reads either way.
  std::string language = language_of_script(text);
  if (language.empty() && declared.empty()) language = language_of_letters(text);
  if (!language.empty() || !declared.empty() || text.size() < kShortestSentence) return language;
  language = sure_language(read_with_cld2(text, declared), text);
  return language == "zh" || language == "ja" ? std::string() : language;
}

std::string likely_language(std::string_view text) {
  std::string language = sure_language(read_with_cld2(text, {}), text, true);
  return language == "en" || language == "zh" || language == "ja" ? std::string() : language;
}

std::string dominant_language(std::string_view text) {
  constexpr int kDominantPercent = 80;
  const Cld2Reading reading = read_with_cld2(text, {});
  return reading.percent < kDominantPercent ? std::string() : sure_language(reading, text);
}

}  // namespace newsdex::index
