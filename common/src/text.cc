#include "newsdex/text.h"

#include <map>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <libstemmer.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace newsdex {
namespace {

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

// Whether a non-spacing mark is one people write or leave out at will: an accent of the Latin,
// Greek or Cyrillic alphabets (Unicode gives those marks no script of their own), Hebrew and
// Arabic vowel points. The vowel signs of Devanagari, Thai and the other scripts of India and
// South-East Asia are letters of the word: "पेरू" (Peru) is not "पर" (on). So are the voicing
// marks of kana, which no one leaves out: "バス" (bus) is not "パス" (pass), "ガード" (guard) not
// "カード" (card).
bool is_accent(UChar32 c) {
  constexpr UChar32 kKanaVoicingMark = 0x3099;
  constexpr UChar32 kKanaSemiVoicingMark = 0x309A;
  if (c == kKanaVoicingMark || c == kKanaSemiVoicingMark) return false;
  if (u_charType(c) != U_NON_SPACING_MARK) return false;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return U_FAILURE(status) || script == USCRIPT_INHERITED || script == USCRIPT_COMMON ||
         script == USCRIPT_HEBREW || script == USCRIPT_ARABIC || script == USCRIPT_SYRIAC;
}

// NFKC_Casefold then NFD; accents are dropped between the two, and NFC recomposes what is left
// (Hangul, for one, must not stay decomposed).
icu::UnicodeString fold_unicode(const icu::UnicodeString& input) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return input;
  icu::UnicodeString folded = casefold->normalize(input, status);
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) return input;

  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (is_accent(c)) continue;
    // Letters that are a Latin letter with a stroke or a variant of one, which Unicode does not
    // decompose, match that letter as accented ones do, as people type them without the key:
    // Turkish and Azerbaijani ı, Azerbaijani ə ("Azerbaycan" for "Azərbaycan"), Polish ł ("Lodz"
    // for "Łódź"), Croatian and Serbian đ, Danish and Norwegian ø.
    switch (c) {
      case 0x0131: c = 'i'; break;  // ı
      case 0x0259: c = 'e'; break;  // ə
      case 0x0142: c = 'l'; break;  // ł
      case 0x0111: c = 'd'; break;  // đ
      case 0x00F8: c = 'o'; break;  // ø
      default: break;
    }
    stripped.append(c);
  }
  icu::UnicodeString composed = nfc->normalize(stripped, status);
  return U_FAILURE(status) ? stripped : composed;
}

// Turkish and Azerbaijani write a case ending after a proper name with an apostrophe
// ("İstanbul'da", "Ankara'nın", "Azərbaycan'a"), and no Snowball stemmer takes it off. These are
// the endings, folded (ı→i, ə→e, ü→u, ö→o, ş→s): locative, ablative, dative, accusative, genitive,
// comitative, relative, copula, plural, "from" (-li) and the possessives "our" and "your"
// ("Şəhərimizin", "müəllimləriniz"), alone or after a possessive n.
// A list, not "any letters": English contractions (n't, 's, 're, 'll, 'd) and Italian and
// French elisions (dell'anno, l'Europe, qu'il) must keep their words.
constexpr std::string_view kNameSuffixes[] = {
    "da", "de", "ta",  "te",  "dan",  "den",  "tan",  "ten",  "nda",  "nde",  "ndan", "nden", "a",   "e",
    "ya", "ye", "na",  "ne",  "i",    "u",    "yi",   "yu",   "ni",   "nu",   "in",   "un",   "nin", "nun",
    "la", "le", "yla", "yle", "daki", "deki", "taki", "teki", "dir",  "dur",  "tir",  "tur",  "lar", "ler",
    "li", "lu", "si",  "su",  "imiz", "umuz", "miz",  "muz",  "iniz", "unuz", "niz",  "nuz"};

// French, Italian and Catalan elide an article or a preposition into the next word with an
// apostrophe ("l'épidémie", "dell'anno", "qu'il"): the word is the part after it.
constexpr std::string_view kElisions[] = {"l",   "d",     "j",      "m",      "n",     "s",    "t",    "c",
                                          "qu",  "jusqu", "lorsqu", "puisqu", "dell",  "dall", "nell", "sull",
                                          "all", "coll",  "un",     "quell",  "quest", "bell", "sant"};

std::string_view without_elision(std::string_view word) {
  for (std::string_view apostrophe : {std::string_view("'"), std::string_view("\u2019")}) {
    const size_t at = word.find(apostrophe);
    if (at == std::string_view::npos || at == 0 || at + apostrophe.size() >= word.size()) continue;
    const std::string_view elided = word.substr(0, at);
    if (std::find(std::begin(kElisions), std::end(kElisions), elided) != std::end(kElisions))
      return word.substr(at + apostrophe.size());
  }
  return word;
}

bool elides(std::string_view language) { return language == "fr" || language == "it" || language == "ca"; }

// A folded word without the apostrophe and case ending that follow a name of two letters or
// more; other words as they are.
std::string_view without_name_suffix(std::string_view word) {
  for (std::string_view apostrophe : {std::string_view("'"), std::string_view("\u2019")}) {
    const size_t at = word.rfind(apostrophe);
    if (at == std::string_view::npos || at < 2) continue;
    if (is_turkic_name_ending(word.substr(at + apostrophe.size()))) return word.substr(0, at);
  }
  return word;
}

}  // namespace

bool is_turkic_name_ending(std::string_view folded) {
  return std::find(std::begin(kNameSuffixes), std::end(kNameSuffixes), folded) != std::end(kNameSuffixes);
}

size_t count_characters(std::string_view utf8) {
  return static_cast<size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

namespace {

void add_forms_without_endings(std::string_view word, int depth, std::vector<std::string>& forms) {
  constexpr size_t kShortestForm = 3;  // letters: "Bakı" is a name, "Ba" none
  for (std::string_view ending : kNameSuffixes) {
    if (word.size() <= ending.size() || !word.ends_with(ending)) continue;
    const std::string_view form = word.substr(0, word.size() - ending.size());
    if (count_characters(form) < kShortestForm) continue;
    if (std::find(forms.begin(), forms.end(), form) != forms.end()) continue;
    forms.emplace_back(form);
    if (depth > 1) add_forms_without_endings(form, depth - 1, forms);
  }
}

}  // namespace

std::vector<std::string> without_turkic_case_endings(std::string_view folded) {
  std::vector<std::string> forms;
  add_forms_without_endings(folded, 3, forms);
  // Nouns that change before an ending that starts with a vowel, folded: a q softened to ğ
  // ("bayrağı", "torpağı": "bayrag"), a k to y after a vowel but a ("çiçəyi", "ürəyi": "cicey";
  // "nazirliyi", "gözlüyü": "nazirliy", "gozluy", so that the many nouns in -lik meet; folding
  // writes ı and ü as i and u, so a buffer y also gives a form that is no word, "orduya":
  // "orduk", a term no query asks for), and the
  // nouns that drop their last vowel ("oğlu", "şəkli", "sinfi"), the common ones of news written
  // from the grammar. Each such form also has its bare noun.
  static constexpr std::pair<std::string_view, std::string_view> kDroppedVowel[] = {
      {"agz", "agiz"},   {"aln", "alin"},   {"beyn", "beyin"}, {"boyn", "boyun"}, {"burn", "burun"},
      {"etr", "etir"},   {"fesl", "fesil"}, {"fikr", "fikir"}, {"ism", "isim"},   {"konl", "konul"},
      {"nesl", "nesil"}, {"ogl", "ogul"},   {"omr", "omur"},   {"qarn", "qarin"}, {"qebr", "qebir"},
      {"sebr", "sebir"}, {"sehr", "seher"}, {"sekl", "sekil"}, {"sinf", "sinif"}, {"zehn", "zehin"}};
  const auto is_vowel = [](char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; };
  const size_t stripped = forms.size();
  for (size_t i = 0; i < stripped; ++i) {
    const std::string form = forms[i];
    std::string bare;
    if (form.size() >= 4 && form.ends_with('g') && is_vowel(form[form.size() - 2])) {
      bare = form.substr(0, form.size() - 1) + "q";
    } else if (form.size() >= 4 && form.ends_with('y') && is_vowel(form[form.size() - 2]) &&
               form[form.size() - 2] != 'a') {
      bare = form.substr(0, form.size() - 1) + "k";
    } else {
      for (const auto& [short_form, whole] : kDroppedVowel) {
        if (form == short_form) bare = whole;
      }
    }
    if (!bare.empty() && std::find(forms.begin(), forms.end(), bare) == forms.end()) forms.push_back(std::move(bare));
  }
  return forms;
}

char32_t harmonising_high_vowel(char32_t vowel) {
  switch (vowel) {
    case U'a':
    case U'ı': return U'ı';
    case U'e':
    case U'i': return U'i';
    case U'o':
    case U'u': return U'u';
    case U'ö':
    case U'ü': return U'ü';
    default: return 0;
  }
}

namespace {

// The last vowel of a Turkish word; 0 when it has none.
char32_t last_turkish_vowel(std::string_view lower) {
  const auto* data = reinterpret_cast<const uint8_t*>(lower.data());
  int32_t at = static_cast<int32_t>(lower.size());
  while (at > 0) {
    UChar32 c;
    U8_PREV(data, 0, at, c);
    if (c > 0 && harmonising_high_vowel(static_cast<char32_t>(c)) != 0) return static_cast<char32_t>(c);
  }
  return 0;
}

// True for ı, i, u and ü, the vowels an ending harmonises with its word's last vowel.
bool is_high_vowel(char32_t letter) { return letter != 0 && harmonising_high_vowel(letter) == letter; }

// The possessive and case endings of Turkish nouns after their first vowel, a high one, as
// is_noun_ending reads them: "şehr-i-nde" is H + "ndA".
constexpr std::string_view kAfterHighVowel[] = {"",      "n",   "nH",   "nHn",   "nA",    "ndA",   "ndAn",   "nlA",
                                                "ndAkH", "ylA", "dHr",  "m",     "mH",    "mHn",   "mA",     "mdA",
                                                "mdAn",  "mlA", "mHz",  "mHzH",  "mHzHn", "mHzA",  "mHzdA",  "mHzdAn",
                                                "mHzlA", "nHz", "nHzH", "nHzHn", "nHzA",  "nHzdA", "nHzdAn", "nHzlA"};

// True when `lower` is, as its shape, one of the endings in kAfterHighVowel (a and e read as A,
// the high vowels as H, whose harmony is checked apart). Without allocating: every Turkish word
// of an article is asked.
bool is_noun_ending(std::string_view lower) {
  constexpr size_t kLongest = 6;  // letters: "mHzdAn"
  char shape[kLongest];
  size_t size = 0;
  const auto* data = reinterpret_cast<const uint8_t*>(lower.data());
  const auto length = static_cast<int32_t>(lower.size());
  for (int32_t i = 0; i < length;) {
    if (size == kLongest) return false;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c == U'a' || c == U'e')
      shape[size++] = 'A';
    else if (c > 0 && is_high_vowel(static_cast<char32_t>(c)))
      shape[size++] = 'H';
    else if (c > 0 && c < 0x80)
      shape[size++] = static_cast<char>(c);
    else
      return false;
  }
  const std::string_view written(shape, size);
  return std::find(std::begin(kAfterHighVowel), std::end(kAfterHighVowel), written) != std::end(kAfterHighVowel);
}

// The bare noun of a word whose noun drops its last vowel (turkish_bare_noun).
std::optional<std::string> noun_with_dropped_vowel(std::string_view lower) {
  // Nouns that drop their last vowel before a vowel (ünlü düşmesi), written for newsdex from the
  // grammar: the ones news uses, less those whose short form is also a common word of its own
  // ("resmi" official, "aksi" contrary, "asla" never, "devre" circuit, "Emre", "Şükrü").
  struct Noun {
    std::string_view whole, short_form;
  };
  static constexpr Noun kNouns[] = {
      {"ağız", "ağz"},   {"akıl", "akl"},   {"alın", "aln"},   {"bağır", "bağr"}, {"bahis", "bahs"}, {"beyin", "beyn"},
      {"boyun", "boyn"}, {"burun", "burn"}, {"cisim", "cism"}, {"cürüm", "cürm"}, {"fasıl", "fasl"}, {"fetih", "feth"},
      {"fikir", "fikr"}, {"göğüs", "göğs"}, {"gönül", "gönl"}, {"hacim", "hacm"}, {"hapis", "haps"}, {"hasım", "hasm"},
      {"hatır", "hatr"}, {"hayır", "hayr"}, {"hazım", "hazm"}, {"hüküm", "hükm"}, {"hüzün", "hüzn"}, {"ilim", "ilm"},
      {"isim", "ism"},   {"izin", "izn"},   {"kabir", "kabr"}, {"kadir", "kadr"}, {"kahır", "kahr"}, {"karın", "karn"},
      {"kasıt", "kast"}, {"kavim", "kavm"}, {"kayıp", "kayb"}, {"kayıt", "kayd"}, {"keşif", "keşf"}, {"kibir", "kibr"},
      {"kısım", "kısm"}, {"lütuf", "lütf"}, {"metin", "metn"}, {"nabız", "nabz"}, {"nakil", "nakl"}, {"nakit", "nakd"},
      {"nefis", "nefs"}, {"nehir", "nehr"}, {"nesil", "nesl"}, {"nesir", "nesr"}, {"oğul", "oğl"},   {"omuz", "omz"},
      {"ömür", "ömr"},   {"sabır", "sabr"}, {"seyir", "seyr"}, {"sihir", "sihr"}, {"şahıs", "şahs"}, {"şehir", "şehr"},
      {"şekil", "şekl"}, {"tavır", "tavr"}, {"ufuk", "ufk"},   {"vakıf", "vakf"}, {"vakit", "vakt"}, {"vasıf", "vasf"},
      {"zehir", "zehr"}, {"zihin", "zihn"}, {"zikir", "zikr"}, {"zulüm", "zulm"},
  };
  for (const auto& [whole, short_form] : kNouns) {
    if (!lower.starts_with(short_form) || lower.size() == short_form.size()) continue;
    const std::string_view rest = lower.substr(short_form.size());
    const char32_t high = harmonising_high_vowel(last_turkish_vowel(whole));
    const char32_t low = high == U'ı' || high == U'u' ? U'a' : U'e';
    const auto* data = reinterpret_cast<const uint8_t*>(rest.data());
    int32_t after_vowel = 0;
    UChar32 vowel;
    U8_NEXT(data, after_vowel, static_cast<int32_t>(rest.size()), vowel);
    const std::string_view after = rest.substr(static_cast<size_t>(after_vowel));
    const bool fits = (static_cast<char32_t>(vowel) == low && after.empty()) ||
                      (static_cast<char32_t>(vowel) == high && is_noun_ending(after));
    if (fits) return std::string(whole);
  }
  return std::nullopt;
}

// One letter of a word, with the two before it, as walk_letters gives it to the Turkish-noun
// readers below, which read a word by the letters around its endings.
struct WalkedLetter {
  char32_t letter = 0, previous = 0, before_previous = 0;
  size_t count = 0;           // letters so far, this one included
  size_t end = 0;             // byte after this letter: where the ending after it starts
  size_t previous_start = 0;  // byte where `previous` starts
};

// Calls `visit(letter, noun)` for each letter of `lower` in order until it returns true, and
// gives what it left in `noun`; nullopt when it never stops or the text is not UTF-8.
template <typename Visit>
std::optional<std::string> walk_letters(std::string_view lower, Visit visit) {
  const auto* data = reinterpret_cast<const uint8_t*>(lower.data());
  const auto length = static_cast<int32_t>(lower.size());
  WalkedLetter walked;
  size_t start = 0;
  for (int32_t i = 0; i < length;) {
    const auto letter_start = static_cast<size_t>(i);
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0) return std::nullopt;
    walked.before_previous = walked.previous;
    walked.previous = walked.letter;
    walked.previous_start = start;
    walked.letter = static_cast<char32_t>(c);
    walked.end = static_cast<size_t>(i);
    ++walked.count;
    start = letter_start;
    std::optional<std::string> noun;
    if (visit(walked, noun)) return noun;
  }
  return std::nullopt;
}

// The bare noun of a word whose noun changes its last consonant before a possessive or case
// ending that starts with a high vowel: softened (p ç k to b c ğ: "kalbi", "ağacı", "köpeği")
// or doubled ("hakkı", "sırrı", "hissi", "zammı", "affı"). Turkish nouns end in none of b c ğ,
// nor in a doubled consonant, so the ending tells the change; a softened noun keeps four
// letters or more ("tabi" is no "tap"). A t softened to d, and the k of -nk to g, are read only
// for the nouns listed: d then i is also the past tense of every verb ("açıkladı"), and g the
// root of words like "yangın". Only the first high vowel that an ending follows is read.
std::optional<std::string> noun_with_changed_consonant(std::string_view lower) {
  // The common nouns of news that soften so, written for newsdex from the grammar.
  // Not "kurt" nor "dert": "kurdu" (founded) and "derdi" (used to say) are verbs' past tenses,
  // and Kürt folds to "kurt".
  static constexpr std::string_view kSoftened[] = {"ahenk", "armut", "cilt",  "çelenk", "damat", "geçit",
                                                   "hasat", "kağıt", "kanat", "kilit",  "renk",  "tat",
                                                   "umut",  "ümit",  "vaat",  "yoğurt", "yurt"};
  constexpr size_t kShortestSoftened = 4;  // letters of the bare noun
  constexpr size_t kShortestDoubled = 2;
  return walk_letters(lower, [&](const WalkedLetter& at, std::optional<std::string>& bare) {
    if (at.count < 3 || !is_high_vowel(at.letter) || !is_noun_ending(lower.substr(at.end))) return false;
    const size_t noun_letters = at.count - 1;
    std::string noun(lower.substr(0, at.previous_start));  // without its last letter
    const char32_t last = at.previous;
    if (last == at.before_previous && std::u32string_view(U"krsmf").find(last) != std::u32string_view::npos) {
      if (noun_letters - 1 >= kShortestDoubled) bare = std::move(noun);
    } else if (last == U'd' || last == U'g') {
      noun += last == U'd' ? "t" : "k";
      if (std::find(std::begin(kSoftened), std::end(kSoftened), noun) != std::end(kSoftened)) bare = std::move(noun);
    } else {
      const std::string_view hard = last == U'b' ? "p" : last == U'c' ? "ç" : last == U'ğ' ? "k" : "";
      if (!hard.empty() && noun_letters >= kShortestSoftened) bare = noun + std::string(hard);
    }
    return true;
  });
}

// The noun of a word that ends in the possessive -sI after a vowel, perhaps with a case ending
// after it ("partisi", "kampanyasına", "kıyısındaki": "parti", "kampanya", "kıyı"), the noun
// keeping three letters or more. Snowball strips the possessive before some case endings
// ("partisinde") but not at the end of a word, where it is commonest, nor before -ki.
std::optional<std::string> noun_before_possessive(std::string_view lower) {
  constexpr size_t kShortestNoun = 3;  // letters
  return walk_letters(lower, [&](const WalkedLetter& at, std::optional<std::string>& noun) {
    // An s after a vowel, then the high vowel that agrees with it, then an ending.
    const char32_t high = harmonising_high_vowel(at.before_previous);
    if (at.previous != U's' || high == 0 || at.letter != high || at.count - 2 < kShortestNoun) return false;
    if (!is_noun_ending(lower.substr(at.end))) return false;
    noun = std::string(lower.substr(0, at.previous_start));  // the noun ends before the s
    return true;
  });
}

}  // namespace

std::optional<std::string> turkish_bare_noun(std::string_view lower) {
  if (auto noun = noun_with_dropped_vowel(lower)) return noun;
  if (auto noun = noun_with_changed_consonant(lower)) return noun;
  return noun_before_possessive(lower);
}

std::vector<std::string> without_joined_prefixes(std::string_view folded, std::string_view language) {
  static constexpr std::string_view kArabic[] = {"و", "ف", "ب", "ل", "ك"};
  static constexpr std::string_view kHebrew[] = {"ו", "ה", "ב", "ל", "מ", "ש", "כ"};
  const std::span<const std::string_view> prefixes = language == "ar"   ? std::span<const std::string_view>(kArabic)
                                                     : language == "he" ? std::span<const std::string_view>(kHebrew)
                                                                        : std::span<const std::string_view>();
  const int deepest = language == "he" ? 3 : 2;
  constexpr size_t kShortestForm = 3;  // letters
  std::vector<std::string> forms;
  std::string_view word = folded;
  for (int depth = 0; depth < deepest; ++depth) {
    const auto prefix =
        std::find_if(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return word.starts_with(p); });
    if (prefix == prefixes.end() || count_characters(word.substr(prefix->size())) < kShortestForm) break;
    word.remove_prefix(prefix->size());
    forms.emplace_back(word);
  }
  return forms;
}

namespace {

// Snowball stems some Spanish and Portuguese plurals apart from their singulars: "alquileres" to
// "alquiler" but "alquiler" to "alquil" (it reads -er as a verb's), "eleições" to "eleico" but
// "eleição" to "eleica" (folded). A folded word with a regular plural ending is read back to its
// singular before stemming, so that both meet: Spanish -es after a consonant (and a final z is
// read as the c of its plural), Portuguese -ões and
// -ães (-ão), -ais (-al), -eis (-el), -ens (-em); and Greek, below.
std::string singular_for_stemming(std::string_view word, std::string_view language) {
  const auto stem_letters_before = [&](size_t ending) {
    return count_characters(word.substr(0, word.size() - ending));
  };
  if (language == "el") {
    // Snowball's Greek stems the genitive and plural of nouns in -ία a letter longer than the
    // nominative ("Γαλλία" to "γαλλ", "Γαλλίας" to "γαλλι", "οικονομίες" to "οικονομι"): read
    // as the nominative. (Folding writes the final ς as σ.)
    for (std::string_view ending : {std::string_view("ιασ"), std::string_view("ιεσ")}) {
      if (word.ends_with(ending) && stem_letters_before(ending.size()) >= 2)
        return std::string(word.substr(0, word.size() - ending.size())) + "ια";
    }
    return std::string(word);
  }
  if (language == "es") {
    constexpr size_t kShortestSingular = 3;  // letters: "mares" is "mar"; "tres" and "mes" stay
    if (word.size() > 3 && word.ends_with("es") && std::string_view("rlndjys").find(word[word.size() - 3]) !=
                                                       std::string_view::npos &&
        stem_letters_before(2) >= kShortestSingular)
      return std::string(word.substr(0, word.size() - 2));
    // A final z is c before the plural's -es ("luz", "luces"; "vez", "veces"): read as c, the
    // singular stems as its plural does.
    if (word.size() > 2 && word.ends_with('z')) return std::string(word.substr(0, word.size() - 1)) + "c";
    return std::string(word);
  }
  // The plural ending, its singular, and the fewest letters before it: "ações" is "ação", but
  // "mães" (mothers) not "mão" (hand), and "mais" and "seis" stay.
  struct Plural {
    std::string_view plural, singular;
    size_t shortest_stem;
  };
  static constexpr Plural kPortuguesePlurals[] = {
      {"oes", "ao", 2}, {"aes", "ao", 2}, {"ais", "al", 3}, {"eis", "el", 3}, {"ens", "em", 3}};
  for (const auto& [plural, singular, shortest_stem] : kPortuguesePlurals) {
    if (word.ends_with(plural) && stem_letters_before(plural.size()) >= shortest_stem)
      return std::string(word.substr(0, word.size() - plural.size())) + std::string(singular);
  }
  return std::string(word);
}

class FoldingStemImplementation : public Xapian::StemImplementation {
 public:
  FoldingStemImplementation(Xapian::Stem inner, std::string language)
      : inner_(std::move(inner)), language_(std::move(language)) {}
  std::string operator()(const std::string& word) override {
    // Each thread remembers the stems of the words it met last: the snippets of a results page
    // stem every word of ten texts (a tenth of a search's CPU), indexing stems every word, and
    // news repeats most of its words. One slot a word hash (a direct-mapped cache): a lookup is
    // a hash and one comparison, and slots keep their strings' memory.
    struct Remembered {
      std::string language, word, stem;
    };
    static constexpr size_t kSlots = 8192;  // a power of two
    thread_local std::vector<Remembered> remembered(kSlots);
    Remembered& slot = remembered[std::hash<std::string>{}(word) & (kSlots - 1)];
    if (slot.word != word || slot.language != language_) {
      slot.stem = stem(word);
      slot.word = word;
      slot.language = language_;
    }
    return slot.stem;
  }
  std::string get_description() const override { return "folding " + inner_.get_description(); }

 private:
  std::string stem(const std::string& word) {
    // Chinese, Japanese and Korean n-grams are searched as they are: no stem, so that Xapian
    // does not add a stemmed copy of every one (it skips an empty stem).
    if (cjk_script(word) != CjkScript::kNone) return {};
    const std::string folded = fold_for_matching(word);
    std::string_view bare = without_name_suffix(folded);
    if (elides(language_)) bare = without_elision(bare);
    if (language_ == "es" || language_ == "pt" || language_ == "el")
      return inner_(singular_for_stemming(bare, language_));
    return inner_(std::string(bare));
  }

  Xapian::Stem inner_;
  std::string language_;  // the inner stemmer's: part of each remembered word's key
};

}  // namespace

bool is_valid_utf8(std::string_view text) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    // Most of a feed is ASCII: skip it eight bytes at a time.
    uint64_t block;
    if (i + 8 <= length && (std::memcpy(&block, data + i, 8), (block & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    if (data[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

namespace {

// True when every character is a Han ideograph or a Hangul syllable, which folding leaves as
// they are (kana are not among them: folding makes half-width kana full-width).
bool is_han_or_hangul(std::string_view text) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (!((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3))) return false;
  }
  return length > 0;
}

}  // namespace

std::string lower_case(std::string_view text) {
  if (is_ascii(text)) return ascii_lower(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  const icu::UnicodeString folded = casefold->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))), status);
  std::string out;
  (U_FAILURE(status) ? icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
                     : folded)
      .toUTF8String(out);
  return out;
}

std::string fold_for_matching(std::string_view text) {
  if (is_ascii(text)) return ascii_lower(text);
  if (is_han_or_hangul(text)) return std::string(text);  // the gazetteer's many one-character words
  icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string out;
  fold_unicode(input).toUTF8String(out);
  return out;
}

namespace {

// Snowball stemmers that Xapian 1.4 does not carry (Xapian 1.5 adds Greek), from Snowball's own
// C library. Croatian and Bosnian are stemmed as Serbian, which Snowball writes for Serbian's
// Latin script (Cyrillic is transliterated first) and which reads the other two as well.
class SnowballLibraryStemmer : public Xapian::StemImplementation {
 public:
  explicit SnowballLibraryStemmer(std::string algorithm)
      : algorithm_(std::move(algorithm)), stemmer_(sb_stemmer_new(algorithm_.c_str(), nullptr)) {}
  SnowballLibraryStemmer(const SnowballLibraryStemmer&) = delete;
  SnowballLibraryStemmer& operator=(const SnowballLibraryStemmer&) = delete;
  ~SnowballLibraryStemmer() override {
    if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
  }
  bool usable() const { return stemmer_ != nullptr; }
  std::string operator()(const std::string& word) override {
    const sb_symbol* stem =
        sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (stem == nullptr) return word;  // out of memory: the word unstemmed
    std::string stemmed(reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(stemmer_)));
    // Serbian's stemmer writes Cyrillic words in Latin letters, with their háčeks: folded as the
    // Latin words were before stemming, so that "Немачка" meets "Nemačka".
    return algorithm_ == "serbian" ? fold_for_matching(stemmed) : stemmed;
  }
  std::string get_description() const override { return "snowball " + algorithm_; }

 private:
  std::string algorithm_;
  sb_stemmer* stemmer_;
};

constexpr std::pair<std::string_view, std::string_view> kSnowballLibraryAlgorithms[] = {
    {"el", "greek"}, {"hi", "hindi"}, {"sr", "serbian"}, {"hr", "serbian"}, {"bs", "serbian"}, {"yi", "yiddish"}};

// Case endings of Polish and Ukrainian nouns and adjectives, as folding leaves them (ą as a, ї
// as і, й as и), longest first. Neither Xapian nor Snowball stems these languages, and Debian's
// only morphology for them is hunspell's (a dictionary of hundreds of megabytes to load in every
// indexer): a light stemmer that takes one ending off, as Savoy's light stemmers for Slavic
// languages do, lets "Polsce"'s neighbours "Polski", "Polską" and "Polska" meet, and "України"
// "Україна".
constexpr std::string_view kPolishEndings[] = {
    "owie", "iach", "iami", "ami", "ach", "owi", "iem", "ego", "emu", "ymi", "imi", "ych", "ich", "iej", "ow", "om",
    "em",   "ej",   "ia",   "ii",  "ie",  "iu",  "ja",  "ji",  "je",  "ym",  "im",  "a",   "e",   "i",   "o",  "u",
    "y"};
constexpr std::string_view kUkrainianEndings[] = {
    "ією", "ами", "ями", "ові", "еві", "ого", "ому", "ою", "ею", "єю", "ах", "ях", "ів", "ам", "ям", "ом", "ем",
    "єм",  "іи",  "ии",  "оі",  "их",  "им",  "ія", "іі", "ію", "а",  "я",  "у",  "ю",  "е",  "є",  "і",  "и",
    "о",   "ь"};

// Czech and Slovak case endings, folded (ě as e, ů as u, ô as o), longest first, after Dolamic
// and Savoy's light Czech stemmer: for names only (name_stemmer), so that "Německo", "Německu"
// and "Německem", "Rakúsko" and "Rakúskom" meet. Articles' words are not stemmed in these
// languages (an index's terms are its schema's business).
constexpr std::string_view kCzechSlovakEndings[] = {"atech", "etem", "atum", "ech", "ich", "ych", "eho", "emi", "emu",
                                                    "ete",   "eti",  "iho",  "imu", "ami", "ata", "aty", "ymi", "ovi",
                                                    "ach",   "om",   "em",   "es",  "im",  "ym",  "ou",  "am",  "ho",
                                                    "mi",    "a",    "e",    "i",   "o",   "u",   "y"};

// Case endings of country names in languages no stemmer reads, folded, longest first, for names
// only (name_stemmer), so that Latvian "Lietuva" and "Lietuvu", Slovene "Hrvaška" and "Hrvaške",
// Albanian "Greqi" and "Greqinë", Icelandic "Noregur" and "Noreg", Estonian "Soome" and "Soomest"
// meet. Written for newsdex from each language's declension of nouns, only the endings names
// take: not Slovene -ska, whose stem "dan" (Danska, Denmark) is the word for day.
constexpr std::string_view kLatvianEndings[] = {"ijas", "ijai", "iju", "ija", "as", "ai", "am", "os",
                                                "us",   "es",   "ei",  "u",   "a",  "e",  "i"};
constexpr std::string_view kSloveneEndings[] = {"ije", "iji", "ijo", "ija", "ah", "ih", "om",
                                                "em",  "e",   "i",   "o",   "a",  "u"};
constexpr std::string_view kAlbanianEndings[] = {"ise", "ine", "ia", "en", "es", "a", "e", "i"};
constexpr std::string_view kIcelandicEndings[] = {"ur", "ar", "ir", "um", "i", "s", "u", "a"};
constexpr std::string_view kEstonianEndings[] = {"sse", "st", "le", "lt", "ga", "ks", "na", "ni", "l", "s"};
// Belarusian, folded (й as и, ў as у): its nouns change their last vowel as Russian's do ("Расія",
// "Расіі", "Расію", "Расіяй"; "Кітай", "Кітая", "Кітаем").
constexpr std::string_view kBelarusianEndings[] = {"іяи", "ыяи", "аем", "іі", "ію", "ія", "ыі", "ыю", "ыя", "аи",
                                                   "ая",  "аю",  "аі",  "ои", "ою", "ам", "ах", "ом", "ем", "еи",
                                                   "ы",   "і",   "а",   "у",  "ю",  "е",  "я",  "ь",  "и"};

// Armenian case endings of names, which Snowball's Armenian stemmer reads otherwise: it stems both
// "Իրան" (Iran) and "Իրաք" (Iraq) to "իր", and "Ֆրանսիա" to "ֆրանսի" but "Ֆրանսիայի" to
// "ֆրանսիայ". A name that ends in a vowel takes յ before the ending ("Ֆրանսիա-յ-ի", "-յում"). Taken
// off again and again (three times), so that a name's own last ի, յ or ին goes as its
// cases' do: "Մալի" and "Մալիից", "Պարագվայ" and "Պարագվայում", "Բենին" and "Բենինում" meet.
constexpr std::string_view kArmenianEndings[] = {"յից", "յում", "յով", "յին", "յի", "ից",
                                                 "ում", "ով",   "ին",  "ի",   "ը",  "յ"};

// Hungarian case endings of names, folded, which Snowball's Hungarian stemmer reads otherwise: it
// stems "Ankara" to "an", "Nigéria" to "nigér" (Niger), and "szlovák" and "szlovén" alike. Not the
// plural's -k, nor -n after a vowel ("Kubán"): "Irak" and "Irán" would meet.
constexpr std::string_view kHungarianEndings[] = {"kent", "ert", "bol", "rol", "tol", "ban", "ben", "hoz",
                                                  "hez",  "nak", "nek", "val", "vel", "nal", "nel", "ba",
                                                  "be",   "ra",  "re",  "ig",  "on",  "en",  "i",   "t"};

// Takes one case ending off a word, or, with `rounds` 2 or more, others off what is left: a name
// that ends as an ending does meets its forms so ("Vietnam" is "vietn", and "Vietnamu" "vietnam",
// then "vietn").
class CaseEndingStemmer : public Xapian::StemImplementation {
 public:
  CaseEndingStemmer(std::span<const std::string_view> endings, std::string language, int rounds = 1)
      : endings_(endings), language_(std::move(language)), rounds_(rounds) {}
  std::string operator()(const std::string& word) override {
    std::string stem = word;
    for (int round = 0; round < rounds_; ++round) {
      if (!without_ending(stem)) break;
    }
    return stem;
  }
  std::string get_description() const override { return "case endings " + language_; }

 private:
  // Takes the longest ending `word` ends with off it; false when none leaves a stem.
  bool without_ending(std::string& word) const {
    constexpr size_t kShortestStem = 3;  // letters: "Rosja" is "ros", "Rosa" no shorter
    for (std::string_view ending : endings_) {
      if (word.size() > ending.size() && word.ends_with(ending) &&
          count_characters(std::string_view(word).substr(0, word.size() - ending.size())) >= kShortestStem) {
        word.resize(word.size() - ending.size());
        return true;
      }
    }
    return false;
  }

  std::span<const std::string_view> endings_;
  std::string language_;
  int rounds_;
};

// Finnish names after Snowball's Finnish stemmer, less the consonant gradation that some of their
// cases make, which Snowball does not undo: "Helsinki" is "helsink" and "Helsingissä" "helsing",
// "Islanti" "islant" and "Islannissa" "islan" (Snowball takes one n of nn). A stem's last "nk" is
// read as "ng", and its last "nt" as "n", on both sides, so that they meet (as "Englanti",
// "Skotlanti", "Irlanti" and "Uusi-Seelanti" meet their cases).
class FinnishNameStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    std::string stem = snowball_(word);
    if (stem.ends_with("nk")) {
      stem.back() = 'g';
    } else if (stem.ends_with("nt")) {
      stem.pop_back();
    }
    return stem;
  }
  std::string get_description() const override { return "Finnish names"; }

 private:
  Xapian::Stem snowball_{"finnish"};
};

// Georgian names less the last vowels of their stem, which the nominative adds and some cases
// keep: "საქართველო" and "საქართველოს" less -ს, "ჩინეთი" and "ჩინეთის" less -ის, "იაპონია" and
// "იაპონიის" meet. The case endings and postpositions written on to a name are taken off before
// (kCaseEndings, indexer/src/prepared_text.cc), only where what is left is a name: a name may
// end as an ending does ("ბანგლადეში", Bangladesh). Not ე and უ, which end few names and many
// words: მალე (soon) is no Mali (მალი). Written for newsdex; no Snowball stemmer reads Georgian.
class GeorgianNameStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    static constexpr std::string_view kVowels[] = {"ა", "ი", "ო"};
    constexpr size_t kShortestStem = 3;  // letters
    std::string_view stem = word;
    for (bool vowel_taken = true; vowel_taken;) {
      vowel_taken = false;
      for (std::string_view vowel : kVowels) {
        if (stem.ends_with(vowel) && count_characters(stem.substr(0, stem.size() - vowel.size())) >= kShortestStem) {
          stem.remove_suffix(vowel.size());
          vowel_taken = true;
          break;
        }
      }
    }
    return std::string(stem);
  }
  std::string get_description() const override { return "Georgian names"; }
};

// Snowball's Arabic stemmer, but for a word that ends in -ين (a plural's or a dual's ending to
// Snowball, and the end of many names: "البحرين", "الفلبين", "فلسطين") or in its nisba forms
// (-يني, -ينية, -ينيين): the ending is kept, so that Bahrain is not "بحر", the stem of "البحر"
// (the sea) and "البحرية" (naval), and its demonym "بحريني" still meets it.
class ArabicNameStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    static constexpr std::string_view kEndings[] = {"ينية", "يني", "ين"};  // "ين" ends -ينيين too
    constexpr std::string_view kKept = "ين";
    std::string stem = snowball_(word);
    const bool ends_so = std::any_of(std::begin(kEndings), std::end(kEndings),
                                     [&](std::string_view ending) { return word.ends_with(ending); });
    if (ends_so && !stem.ends_with(kKept)) stem += kKept;
    return stem;
  }
  std::string get_description() const override { return "Arabic names"; }

 private:
  Xapian::Stem snowball_{"arabic"};
};

// The stemmer of `language`: Xapian's Snowball stemmer, else Snowball's C library's, else a
// light stemmer of case endings; one that leaves words as they are when there is none.
Xapian::Stem stemmer_of(std::string_view language) {
  if (language.empty()) return Xapian::Stem("none");
  try {
    return Xapian::Stem(std::string(language));
  } catch (const Xapian::InvalidArgumentError&) {
    // Not one of Xapian's languages.
  }
  for (const auto& [code, algorithm] : kSnowballLibraryAlgorithms) {
    if (code != language) continue;
    auto stemmer = std::make_unique<SnowballLibraryStemmer>(std::string(algorithm));
    if (stemmer->usable()) return Xapian::Stem(stemmer.release());
  }
  if (language == "pl") return Xapian::Stem(new CaseEndingStemmer(kPolishEndings, "pl"));
  if (language == "uk") return Xapian::Stem(new CaseEndingStemmer(kUkrainianEndings, "uk"));
  return Xapian::Stem("none");
}

}  // namespace

Xapian::Stem folding_stemmer(std::string_view language) {
  return Xapian::Stem(new FoldingStemImplementation(stemmer_of(language), std::string(language)));
}

const Xapian::Stem& name_stemmer(const std::string& language) {
  thread_local std::map<std::string, Xapian::Stem, std::less<>> stemmers;
  auto [entry, fresh] = stemmers.try_emplace(language);
  if (!fresh) return entry->second;
  static const std::map<std::string_view, std::span<const std::string_view>> kNameEndings = {
      {"cs", kCzechSlovakEndings}, {"sk", kCzechSlovakEndings}, {"lv", kLatvianEndings},
      {"sl", kSloveneEndings},     {"sq", kAlbanianEndings},    {"is", kIcelandicEndings},
      {"et", kEstonianEndings},    {"be", kBelarusianEndings},  {"hu", kHungarianEndings}};
  if (const auto endings = kNameEndings.find(language); endings != kNameEndings.end()) {
    constexpr int kNameRounds = 2;
    entry->second = Xapian::Stem(new CaseEndingStemmer(endings->second, language, kNameRounds));
  } else if (language == "ar") {
    entry->second = Xapian::Stem(new ArabicNameStemmer);
  } else if (language == "ka") {
    entry->second = Xapian::Stem(new GeorgianNameStemmer);
  } else if (language == "hy") {
    constexpr int kArmenianRounds = 3;
    entry->second = Xapian::Stem(new CaseEndingStemmer(kArmenianEndings, "hy", kArmenianRounds));
  } else if (language == "fi") {
    entry->second = Xapian::Stem(new FinnishNameStemmer);
  } else if (language != "hi") {
    // Hindi writes case as separate words, so names keep their form, and Snowball's Hindi
    // stemmer takes off verb endings that end many names: "गयाना" (Guyana) would be "गया" (went).
    entry->second = stemmer_of(language);
  }
  return entry->second;
}

bool names_keep_their_form(std::string_view language) {
  static constexpr std::string_view kLanguages[] = {"es", "pt", "it", "fr", "ca", "gl"};
  return std::find(std::begin(kLanguages), std::end(kLanguages), language) != std::end(kLanguages);
}

std::string sanitize_utf8(std::string_view text) {
  std::string valid;
  if (is_valid_utf8(text)) {
    valid.assign(text);
  } else {
    // ICU replaces every ill-formed sequence with U+FFFD on the way in.
    icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))).toUTF8String(valid);
  }
  drop_control_characters(valid);
  return valid;
}

std::string utf8_reading_stray_bytes_as_windows_1252(std::string_view text) {
  if (is_valid_utf8(text)) return sanitize_utf8(text);
  std::string repaired;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c >= 0) {
      repaired.append(text.substr(start, i - start));
    } else {
      // ICU's windows-1252 table, one stray byte at a time (the rest of the text is UTF-8).
      i = start + 1;
      icu::UnicodeString(text.data() + start, 1, "windows-1252").toUTF8String(repaired);
    }
  }
  return sanitize_utf8(repaired);
}

namespace {

bool is_c0_or_del(unsigned char byte) { return (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f; }

// C1 controls (U+0080..U+009F) are 0xC2 0x80..0x9F in UTF-8: terminals obey them as escapes
// (U+009B is CSI), and no text needs them.
bool is_c1_at(std::string_view text, size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

// False when none of the eight bytes of `word` is below 0x20, DEL or 0xC2 (the lead byte of a C1
// control): then none starts a control character. Bit tricks of "Bit Twiddling Hacks" (hasless,
// hasvalue); a true may be wrong, and the caller then looks byte by byte.
bool word_may_hold_control(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  const uint64_t del = word ^ (kOnes * 0x7F), lead = word ^ (kOnes * 0xC2);
  return (((word - kOnes * 0x20) & ~word) | ((del - kOnes) & ~del) | ((lead - kOnes) & ~lead)) & kHighs;
}

// The offset of the first control character drop_control_characters removes, or the size. Whole
// pages pass through here: clean runs are skipped eight bytes at a time.
size_t first_control_character(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    uint64_t word;
    while (i + 8 <= text.size() && (std::memcpy(&word, text.data() + i, 8), !word_may_hold_control(word))) i += 8;
    for (const size_t end = std::min(i + 8, text.size()); i < end; ++i) {
      if (is_c0_or_del(static_cast<unsigned char>(text[i])) || is_c1_at(text, i)) return i;
    }
  }
  return text.size();
}

}  // namespace

bool has_control_characters(std::string_view text) { return first_control_character(text) < text.size(); }

void drop_control_characters(std::string& text) {
  size_t kept = first_control_character(text);
  for (size_t i = kept; i < text.size(); ++i) {
    if (is_c0_or_del(static_cast<unsigned char>(text[i]))) continue;
    if (is_c1_at(text, i)) {
      ++i;
      continue;
    }
    text[kept++] = text[i];
  }
  text.resize(kept);
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return lowered;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace newsdex

#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace newsdex {

std::string fingerprint(std::string_view bytes) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[i] = kHex[hash & 0xF];
  return hex;
}

namespace {

CjkScript cjk_script_of(char32_t c) {
  if (c < 0x2E80) return CjkScript::kNone;
  if (c == 0x30FC) return CjkScript::kKatakana;  // the length mark, in katakana words
  if (c == 0x3005) return CjkScript::kHan;       // the kanji repeat mark
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
    case USCRIPT_HAN: return CjkScript::kHan;
    case USCRIPT_HIRAGANA: return CjkScript::kHiragana;
    case USCRIPT_KATAKANA: return CjkScript::kKatakana;
    case USCRIPT_HANGUL: return CjkScript::kHangul;
    default: return CjkScript::kNone;
  }
}

}  // namespace

bool is_cjk_character(char32_t c) { return cjk_script_of(c) != CjkScript::kNone; }

namespace {

// Whether `text` holds a character for which `matches` is true; only characters whose UTF-8 lead
// byte `may_match` allows are decoded (most of a text's bytes are skipped at one comparison).
template <typename LeadByteTest, typename CharacterTest>
bool has_character(std::string_view text, LeadByteTest may_match, CharacterTest matches) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    if (!may_match(bytes[i])) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0 && matches(static_cast<char32_t>(c))) return true;
  }
  return false;
}

}  // namespace

bool has_cjk_character(std::string_view text) {
  // Below U+2000 (lead bytes under 0xE2) no CJK script starts.
  return has_character(
      text, [](uint8_t lead) { return lead >= 0xE2; }, is_cjk_character);
}

CjkScript cjk_script(std::string_view word) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(bytes, i, static_cast<int32_t>(word.size()), c);
  return c < 0 ? CjkScript::kNone : cjk_script_of(static_cast<char32_t>(c));
}

std::vector<size_t> dictionary_word_boundaries(std::string_view text) {
  std::vector<size_t> boundaries;
  UErrorCode status = U_ZERO_ERROR;
  // Making a break iterator loads its rules and dictionaries: once per thread, then reset.
  thread_local std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (!words || U_FAILURE(status)) return {0, text.size()};
  // Over the UTF-8 itself, so that the boundaries are byte offsets.
  UText* utf8 = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return {0, text.size()};
  words->setText(utf8, status);
  if (U_SUCCESS(status)) {
    for (int32_t at = words->first(); at != icu::BreakIterator::DONE; at = words->next())
      boundaries.push_back(static_cast<size_t>(at));
  }
  utext_close(utf8);
  if (boundaries.empty()) return {0, text.size()};
  return boundaries;
}

namespace {

// Adds the word text[start, end) to `words`; a run that holds Thai, Lao, Khmer or Myanmar letters
// as the words ICU's dictionary reads in it.
void add_word(std::string_view text, int32_t start, int32_t end, bool unspaced, std::vector<Word>& words) {
  const std::string_view run = text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
  if (!unspaced) {
    words.push_back({run, static_cast<size_t>(start)});
    return;
  }
  const std::vector<size_t> boundaries = dictionary_word_boundaries(run);
  for (size_t k = 0; k + 1 < boundaries.size(); ++k) {
    if (boundaries[k + 1] > boundaries[k])
      words.push_back(
          {run.substr(boundaries[k], boundaries[k + 1] - boundaries[k]), static_cast<size_t>(start) + boundaries[k]});
  }
}

}  // namespace

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t start = -1;
  bool unspaced = false;  // the word holds letters of a script that writes no spaces
  for (int32_t i = 0; i < length;) {
    const int32_t at = i;
    UChar32 c;
    bool in_word = false;
    if (bytes[i] < 0x80) {  // most words' letters: no lookup of Unicode's properties
      c = bytes[i++];
      in_word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    } else {
      U8_NEXT(bytes, i, length, c);
      in_word = c >= 0 &&
                (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK);
    }
    if (in_word && c >= 0x80 && is_cjk_character(static_cast<char32_t>(c))) {
      if (start >= 0) add_word(text, start, at, unspaced, words);
      words.push_back({text.substr(at, i - at), static_cast<size_t>(at)});
      start = -1;
      unspaced = false;
      continue;
    }
    if (in_word && start < 0) start = at;
    if (in_word && c >= 0x80 && is_unspaced_script_character(static_cast<char32_t>(c))) unspaced = true;
    if (!in_word && start >= 0) {
      add_word(text, start, at, unspaced, words);
      start = -1;
      unspaced = false;
    }
  }
  if (start >= 0) add_word(text, start, length, unspaced, words);
  return words;
}

namespace {

// The first character of a word, or a negative value when it does not start with valid UTF-8.
UChar32 first_character(std::string_view word) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
  int32_t i = 0;
  UChar32 c = -1;
  if (!word.empty()) U8_NEXT(bytes, i, static_cast<int32_t>(word.size()), c);
  return c;
}

}  // namespace

bool is_unspaced_script_character(char32_t c) {
  return (c >= 0x0E00 && c <= 0x0EFF)      // Thai, Lao
         || (c >= 0x1000 && c <= 0x109F)   // Myanmar
         || (c >= 0x1780 && c <= 0x17FF)   // Khmer
         || (c >= 0x19E0 && c <= 0x19FF);  // Khmer symbols
}

bool has_unspaced_script_character(std::string_view text) {
  // Thai, Lao, Myanmar and Khmer lie in U+0800..U+1FFF, whose lead bytes are 0xE0 and 0xE1.
  return has_character(
      text, [](uint8_t lead) { return lead == 0xE0 || lead == 0xE1; }, is_unspaced_script_character);
}

namespace {

// True for nothing, or only zero-width spaces and joiners (U+200B..U+200D, U+2060, U+FEFF).
bool is_zero_width_gap(std::string_view gap) {
  static constexpr std::string_view kZeroWidth[] = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"};
  while (!gap.empty()) {
    const auto* mark = std::find_if(std::begin(kZeroWidth), std::end(kZeroWidth),
                                    [&](std::string_view zero_width) { return gap.starts_with(zero_width); });
    if (mark == std::end(kZeroWidth)) return false;
    gap.remove_prefix(mark->size());
  }
  return true;
}

bool starts_unspaced(std::string_view word) {
  const UChar32 c = first_character(word);
  return c >= 0 && is_unspaced_script_character(static_cast<char32_t>(c));
}

}  // namespace

std::string with_word_breaks(std::string_view text, std::string_view separator) {
  if (!has_unspaced_script_character(text)) return std::string(text);
  std::string out;
  size_t copied = 0;
  const std::vector<Word> words = split_words(text);
  for (size_t k = 1; k < words.size(); ++k) {
    const Word& before = words[k - 1];
    const Word& word = words[k];
    // Words that touch are the pieces of one run that split_words broke (or CJK characters,
    // which the index reads one by one already). Khmer and Myanmar writers mark a break with a
    // zero-width space, which folding takes out and Xapian reads inside a word: it becomes the
    // separator.
    const size_t gap_begin = before.offset + before.text.size();
    const std::string_view gap = text.substr(gap_begin, word.offset - gap_begin);
    if (!is_zero_width_gap(gap)) continue;
    if (!starts_unspaced(before.text) && !starts_unspaced(word.text)) continue;
    out.append(text.substr(copied, gap_begin - copied)).append(separator);
    copied = word.offset;
  }
  out.append(text.substr(copied));
  return out;
}

std::optional<std::string_view> without_place_class_word(std::string_view word) {
  // Written for newsdex: the nouns these scripts write before a place's name (Myanmar: after it)
  // and ICU's dictionaries hold joined to well-known names ("จังหวัดเชียงใหม่", Chiang Mai
  // province; "ខេត្តសៀមរាប", Siem Reap province; "ဧရာဝတီတိုင်း", Ayeyarwady region).
  static constexpr std::string_view kBefore[] = {
      "จังหวัด", "ประเทศ", "กรุง",      "เมือง",   "อำเภอ",  "แม่น้ำ", "เกาะ", "ภูเขา",  // Thai
      "ខេត្ត",  "ក្រុង",    "ប្រទេស",    "រាជធានី", "ប្រាសាទ", "ស្រុក",  "ទន្លេ", "កោះ",   // Khmer
      "ແຂວງ",  "ປະເທດ",  "ນະຄອນຫຼວງ", "ນະຄອນ",  "ເມືອງ"};                           // Lao
  static constexpr std::string_view kAfter[] = {"တိုင်း", "မြို့", "နိုင်ငံ", "ပြည်နယ်"};     // Myanmar
  constexpr size_t kShortestName = 2;                                             // characters
  for (std::string_view before : kBefore) {
    if (word.starts_with(before) && count_characters(word.substr(before.size())) >= kShortestName)
      return word.substr(before.size());
  }
  for (std::string_view after : kAfter) {
    if (word.ends_with(after) && count_characters(word.substr(0, word.size() - after.size())) >= kShortestName)
      return word.substr(0, word.size() - after.size());
  }
  return std::nullopt;
}

std::string with_cjk_word_separators(std::string_view text, std::string_view separator) {
  if (!has_cjk_character(text)) return std::string(text);
  constexpr size_t kShortestSplitRun = 4;  // characters: two words of two
  std::string out;
  size_t copied = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  // The prolonged sound mark ー (コーヒー) is a letter of a katakana word.
  const auto in_run = [](UChar32 c) { return c >= 0 && (c == 0x30FC || is_cjk_character(static_cast<char32_t>(c))); };
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (!in_run(c)) continue;
    int32_t end = i;
    for (int32_t next = end; next < length;) {
      U8_NEXT(bytes, next, length, c);
      if (!in_run(c)) break;
      end = next;
    }
    i = end;
    const std::string_view run = text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    if (count_characters(run) < kShortestSplitRun) continue;
    const std::vector<size_t> boundaries = dictionary_word_boundaries(run);
    for (size_t k = 1; k + 1 < boundaries.size(); ++k) {
      const size_t before = count_characters(run.substr(boundaries[k - 1], boundaries[k] - boundaries[k - 1]));
      const size_t after = count_characters(run.substr(boundaries[k], boundaries[k + 1] - boundaries[k]));
      if (before < 2 || after < 2) continue;
      const size_t at = static_cast<size_t>(start) + boundaries[k];
      out.append(text.substr(copied, at - copied)).append(separator);
      copied = at;
    }
  }
  out.append(text.substr(copied));
  return out;
}

bool starts_lower_case(std::string_view word) {
  const UChar32 c = first_character(word);
  return c >= 0 && u_islower(c);
}

bool starts_upper_case(std::string_view word) {
  const UChar32 c = first_character(word);
  return c >= 0 && u_isupper(c);
}

}  // namespace newsdex
