#include "encoding.h"

#include <uchardet/uchardet.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <unordered_map>

#include "newsdex/text.h"

namespace newsdex::feeds {
namespace {

// The value of `name="..."` or `name='...'` (or a bare token for HTTP parameters) in `text`.
std::string parameter_value(std::string_view text, std::string_view name) {
  const std::string lowered = ascii_lower(text);
  size_t at = lowered.find(name);
  while (at != std::string::npos) {
    size_t pos = at + name.size();
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos < text.size() && text[pos] == '=') {
      ++pos;
      while (pos < text.size() && text[pos] == ' ') ++pos;
      if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
        const char quote = text[pos++];
        const size_t end = text.find(quote, pos);
        if (end != std::string_view::npos) return ascii_lower(text.substr(pos, end - pos));
      } else {
        size_t end = pos;
        while (end < text.size() && text[end] != ';' && text[end] != ' ') ++end;
        return ascii_lower(text.substr(pos, end - pos));
      }
    }
    at = lowered.find(name, at + 1);
  }
  return {};
}

std::string declared_xml_encoding(std::string_view bytes) {
  if (!bytes.starts_with("<?xml")) return {};
  const size_t end = bytes.find("?>");
  if (end == std::string_view::npos || end > 512) return {};
  return parameter_value(bytes.substr(0, end), "encoding");
}

// The charset of the first <meta charset=...> or <meta http-equiv=Content-Type content="...; charset=...">
// in the first 4 KB of a page, as browsers prescan it (HTML Living Standard, 13.2.3.2, simplified:
// the attribute is looked for in the tag's text rather than parsed).
std::string declared_meta_charset(std::string_view bytes) {
  const std::string head = ascii_lower(bytes.substr(0, 4096));
  for (size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    const size_t end = head.find('>', at);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(head).substr(at, end - at);
    if (std::string value = parameter_value(tag, "charset"); !value.empty()) {
      while (!value.empty() && (value.back() == '"' || value.back() == '\'' || value.back() == '/')) value.pop_back();
      return value;
    }
  }
  return {};
}

// The encoding uchardet guesses for bytes that declare none; empty when it cannot tell.
std::string guessed_encoding(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(uchardet_new(),
                                                                                          &uchardet_delete);
  if (!detector || uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return {};
  uchardet_data_end(detector.get());
  const std::string guess = ascii_lower(uchardet_get_charset(detector.get()));
  if (guess == "ascii") return {};
  // windows-1252 is ISO-8859-1 with letters and quotes in place of its unused C1 controls; the
  // web means it by either name (WHATWG Encoding Standard).
  if (guess == "iso-8859-1") return "windows-1252";
  if (guess == "uhc") return "windows-949";  // Korean: EUC-KR and its extension, as ICU names it
  return guess;
}

// The language a feed or page states for itself, lower case ("ru", "zh-tw"): RSS <language>,
// <dc:language>, xml:lang or <html lang>, read from the first 8 KB of the raw bytes, which every
// encoding a guess is made for writes in ASCII.
std::string stated_language(std::string_view bytes) {
  const std::string head = ascii_lower(bytes.substr(0, 8192));
  if (const size_t at = head.find("language>"); at != std::string::npos) {
    const size_t end = head.find('<', at);
    if (end != std::string::npos) return std::string(trim(std::string_view(head).substr(at + 9, end - at - 9)));
  }
  for (std::string_view attribute : {"xml:lang", " lang"}) {  // the space: not hreflang
    if (std::string value = parameter_value(head, attribute); !value.empty()) return value;
  }
  return {};
}

// What a language's letters must be, and the legacy encodings its feeds were written in, most
// common first (WHATWG's and browsers' defaults for each locale).
struct LegacyScript {
  std::string_view languages;  // ISO 639-1 codes, space-separated, or "zh-tw"-style tags
  std::vector<UScriptCode> scripts;
  std::vector<std::string> encodings;
};

const std::vector<LegacyScript>& legacy_scripts() {
  static const std::vector<LegacyScript> table = {
      {"ru be bg mk sr kk ky tg mn", {USCRIPT_CYRILLIC}, {"windows-1251", "koi8-r", "iso-8859-5", "ibm866", "koi8-u"}},
      {"uk", {USCRIPT_CYRILLIC}, {"windows-1251", "koi8-u"}},
      {"el", {USCRIPT_GREEK}, {"windows-1253", "iso-8859-7"}},
      {"he yi", {USCRIPT_HEBREW}, {"windows-1255", "iso-8859-8"}},
      {"ar fa ur", {USCRIPT_ARABIC}, {"windows-1256", "iso-8859-6"}},
      {"th", {USCRIPT_THAI}, {"windows-874", "tis-620"}},  // uchardet names Thai tis-620
      {"ja", {USCRIPT_HAN, USCRIPT_HIRAGANA, USCRIPT_KATAKANA}, {"shift_jis", "euc-jp", "iso-2022-jp"}},
      {"ko", {USCRIPT_HANGUL, USCRIPT_HAN}, {"windows-949", "iso-2022-kr"}},
      {"zh-tw zh-hk zh-mo zh-hant", {USCRIPT_HAN}, {"big5", "gb18030"}},
      {"zh", {USCRIPT_HAN}, {"gb18030", "big5"}},
  };
  return table;
}

const LegacyScript* legacy_script_of(const std::string& language) {
  for (const LegacyScript& entry : legacy_scripts()) {
    for (std::string_view rest = entry.languages; !rest.empty();) {
      const size_t space = std::min(rest.find(' '), rest.size());
      const std::string_view tag = rest.substr(0, space);
      rest.remove_prefix(std::min(space + 1, rest.size()));
      // "zh-tw" matches itself; "ru" matches "ru" and "ru-ru".
      if (language == tag || (tag.find('-') == std::string_view::npos && language.starts_with(std::string(tag) + "-")))
        return &entry;
    }
  }
  return nullptr;
}

// How much UTF-8 text reads as the language: the share of its non-ASCII letters that are in one
// of `scripts` and in a word cased as words are (lower case, Capitalised or ALL CAPS). Cyrillic
// encodings put the same letters at different bytes with the cases swapped: KOI8-R read as
// windows-1251 is Cyrillic too, but "нОВОСТИ". 0 when a byte could not be read.
double share_in_scripts(std::string_view utf8, const std::vector<UScriptCode>& scripts) {
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  size_t letters = 0, well_read = 0;
  size_t word_in_script = 0;
  bool word_has_lower = false, word_miscased = false;
  auto end_word = [&] {
    if (!word_miscased) well_read += word_in_script;
    word_in_script = 0;
    word_has_lower = word_miscased = false;
  };
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c == 0xFFFD || c == 0x1A || c < 0) return 0;  // ICU's substitutes for bytes it cannot read
    if (!u_isalpha(c)) {
      // Box drawing and other symbols are what one Cyrillic encoding has where another has
      // letters (KOI8-R's ╕ is KOI8-U's і): read as letters out of place.
      if (u_charType(c) == U_OTHER_SYMBOL) ++letters;
      end_word();
      continue;
    }
    word_miscased = word_miscased || (word_has_lower && u_isupper(c));
    word_has_lower = word_has_lower || u_islower(c);
    if (c < 0x80) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;  // the kana length mark ー
    ++letters;
    if (std::find(scripts.begin(), scripts.end(), script) != scripts.end()) ++word_in_script;
  }
  end_word();
  return letters == 0 ? 0 : static_cast<double>(well_read) / static_cast<double>(letters);
}

bool is_utf8_name(std::string_view name) { return name == "utf-8" || name == "utf8"; }

bool has_non_ascii(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) != 0; });
}

using Converter = std::unique_ptr<UConverter, decltype(&ucnv_close)>;

Converter open_converter(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(name, &status), &ucnv_close);
  if (U_FAILURE(status)) converter.reset();
  return converter;
}

// True when ICU knows the encoding and it writes every character in one byte.
bool is_single_byte(const std::string& name) {
  const Converter converter = open_converter(name.c_str());
  return converter && ucnv_getMaxCharSize(converter.get()) == 1;
}

// Converts bytes in `encoding` to UTF-8; ICU's default callback puts U+FFFD for invalid bytes.
// Nothing when ICU does not know the encoding.
std::optional<std::string> convert(std::string_view bytes, const std::string& encoding) {
  Converter from = open_converter(encoding.c_str());
  Converter to = open_converter("UTF-8");
  if (!from || !to) return std::nullopt;
  std::string utf8(bytes.size() * 3 + 4, '\0');
  UErrorCode status = U_ZERO_ERROR;
  const int32_t written = ucnv_convert("UTF-8", encoding.c_str(), utf8.data(), static_cast<int32_t>(utf8.size()),
                                       bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return std::nullopt;
  utf8.resize(static_cast<size_t>(written));
  return utf8;
}

// "CafÃ©" is UTF-8 that was read as windows-1252 and encoded as UTF-8 again. When every
// character of the text maps back to one windows-1252 byte and those bytes form valid UTF-8
// with multi-byte sequences, the text was encoded twice; real text in Latin-1 range (a French
// "é" alone) never passes that test, because a lone é byte is not valid UTF-8.
// The cheap sign of it: "Ã" or "Â" (C3 82..C3 9F as UTF-8, the re-encoded lead byte of a two-byte
// sequence) directly followed by another re-encoded byte (C2 xx, or a windows-1252 special such
// as E2 80 9A). Genuine text almost never has a capital A with a tilde before such a symbol.
bool looks_encoded_twice(std::string_view utf8) {
  for (size_t at = utf8.find('\xC3'); at != std::string_view::npos && at + 2 < utf8.size();
       at = utf8.find('\xC3', at + 1)) {
    const auto second = static_cast<unsigned char>(utf8[at + 1]);
    const auto third = static_cast<unsigned char>(utf8[at + 2]);
    if (second >= 0x82 && second <= 0x9F &&
        (third == 0xC2 || third == 0xC5 || third == 0xC6 || third == 0xCB || third == 0xE2)) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> undo_double_encoding(const std::string& utf8) {
  if (!looks_encoded_twice(utf8)) return std::nullopt;
  Converter windows1252 = open_converter("windows-1252");
  if (!windows1252) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setFromUCallBack(windows1252.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  Converter from_utf8 = open_converter("UTF-8");
  if (!from_utf8 || U_FAILURE(status)) return std::nullopt;
  std::string bytes(utf8.size() + 4, '\0');
  char* target = bytes.data();
  const char* source = utf8.data();
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  ucnv_convertEx(windows1252.get(), from_utf8.get(), &target, bytes.data() + bytes.size(), &source,
                 utf8.data() + utf8.size(), pivot, &pivot_source, &pivot_target, pivot + 1024, true, true, &status);
  if (U_FAILURE(status)) return std::nullopt;  // a character outside windows-1252: genuine text
  bytes.resize(static_cast<size_t>(target - bytes.data()));
  if (bytes.size() == utf8.size() || !is_valid_utf8(bytes)) return std::nullopt;
  return bytes;
}

// The windows-1252 byte of a character, for the characters that are one (the C1 controls stand for
// the five bytes windows-1252 leaves undefined, as ICU reads them); 0 for others.
uint8_t windows1252_byte(char32_t c) {
  static const std::unordered_map<char32_t, uint8_t> bytes = [] {
    std::unordered_map<char32_t, uint8_t> table;
    for (int byte = 0x80; byte <= 0xFF; ++byte) {
      const std::string one(1, static_cast<char>(byte));
      const std::string utf8 = convert(one, "windows-1252").value_or("");
      int32_t i = 0;
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, static_cast<int32_t>(utf8.size()), c);
      table[static_cast<char32_t>(c >= 0 && c != 0xFFFD && c != 0x1A ? c : byte)] = static_cast<uint8_t>(byte);
    }
    return table;
  }();
  auto found = bytes.find(c);
  return found == bytes.end() ? 0 : found->second;
}

// What a run of mojibake may stand for: Latin-1 letters and signs (é of "Ã©"), and the
// punctuation, euro and trade mark signs of windows-1252 (’ of "â€™", › of "â€º").
bool is_repairable(char32_t c) {
  return (c >= 0xA0 && c <= 0x17F) || (c >= 0x2010 && c <= 0x206F) || c == 0x20AC || c == 0x2122;
}

// Mojibake in part of a document: "World â€º" is the UTF-8 of › read as windows-1252 and
// encoded again, in a feed whose other text is genuine, so that the whole-document repair cannot
// apply. A run of two or three characters whose windows-1252 bytes are one UTF-8 sequence of a
// character is_repairable accepts is decoded in place. Genuine text does not write these runs:
// a capital A with a tilde or circumflex, or an â, directly followed by a symbol such as € or ©.
// Returns how many were repaired.
size_t repair_mojibake_runs(std::string& text) {
  if (text.find('\xC3') == std::string::npos) return 0;  // every lead (Â..ß, â) is C3 xx in UTF-8
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  std::string repaired;
  size_t count = 0;
  int32_t copied = 0;
  for (int32_t at = 0; at < length;) {
    const int32_t start = at;
    UChar32 lead_char;
    U8_NEXT(data, at, length, lead_char);
    const uint8_t lead =
        lead_char >= 0xC2 && lead_char <= 0xE2 ? windows1252_byte(static_cast<char32_t>(lead_char)) : 0;
    const int continuations = lead >= 0xC2 && lead <= 0xDF ? 1 : lead == 0xE2 ? 2 : 0;
    if (continuations == 0) continue;
    std::string bytes(1, static_cast<char>(lead));
    int32_t end = at;
    for (int k = 0; k < continuations && end < length; ++k) {
      UChar32 next;
      U8_NEXT(data, end, length, next);
      const uint8_t byte = next > 0x7F ? windows1252_byte(static_cast<char32_t>(next)) : 0;
      if (byte < 0x80 || byte > 0xBF) break;
      bytes.push_back(static_cast<char>(byte));
    }
    if (bytes.size() != static_cast<size_t>(continuations + 1)) continue;
    int32_t i = 0;
    UChar32 decoded;
    U8_NEXT(reinterpret_cast<const uint8_t*>(bytes.data()), i, static_cast<int32_t>(bytes.size()), decoded);
    if (decoded < 0 || i != static_cast<int32_t>(bytes.size()) || !is_repairable(static_cast<char32_t>(decoded)))
      continue;
    repaired.append(text, copied, start - copied);
    repaired.append(bytes);
    copied = at = end;
    ++count;
  }
  if (count == 0) return 0;
  repaired.append(text, copied);
  text = std::move(repaired);
  return count;
}

bool has_byte_in(std::string_view bytes, unsigned char low, unsigned char high) {
  return std::any_of(bytes.begin(), bytes.end(), [&](char c) {
    return static_cast<unsigned char>(c) >= low && static_cast<unsigned char>(c) <= high;
  });
}

// The windows code page that is a superset of an ISO 8859 encoding, writing letters and
// punctuation (– “ ” € ’) at 0x80..0x9F where the ISO encoding has C1 controls, never text;
// empty for others. (ISO-8859-2 is no subset of windows-1250, but they share those letters.)
std::string_view windows_superset(std::string_view encoding) {
  static const std::map<std::string_view, std::string_view> kSupersets = {
      {"iso-8859-1", "windows-1252"},  {"iso-8859-15", "windows-1252"}, {"iso-8859-2", "windows-1250"},
      {"iso-8859-7", "windows-1253"},  {"iso-8859-8", "windows-1255"},  {"iso-8859-9", "windows-1254"},
      {"iso-8859-13", "windows-1257"}, {"iso-8859-11", "windows-874"},  {"tis-620", "windows-874"}};
  auto found = kSupersets.find(encoding);
  return found == kSupersets.end() ? std::string_view() : found->second;
}

// True when the bytes hold more ill-formed UTF-8 than well-formed sequences of two bytes or more:
// text in a legacy encoding (whose letter pairs form a UTF-8 sequence now and then), not UTF-8
// with a few stray bytes.
bool mostly_not_utf8(std::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  size_t well_formed = 0, ill_formed = 0;
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0)
      ++ill_formed;
    else if (i - start >= 2)
      ++well_formed;
  }
  return ill_formed > well_formed;
}

// The encoding browsers read for a Chinese label (WHATWG): GB2312 is GBK (朱镕基's 镕 is GBK
// only), Big5 is Big5-HKSCS (Hong Kong's 綫); other names as they are.
std::string chinese_superset(const std::string& encoding) {
  if (encoding == "gb2312" || encoding == "x-gbk" || encoding == "euc-cn") return "gbk";
  if (encoding == "big5") return "big5-hkscs";
  return encoding;
}

// An ISO 8859 guess whose bytes hold 0x80..0x9F is its windows superset (windows-1257 read as
// ISO-8859-13 loses its dashes and quotes). And windows-1250 writes š, ž, ť, ś and ź at
// 0x8A..0x9F, where ISO-8859-2 puts them at 0xA0..0xBF: uchardet confuses the two, so a guess of
// windows-1250 without bytes 0x80..0x9F but with bytes 0xA0..0xBF is ISO-8859-2 (a windows-1250
// text of any length writes some of those letters).
std::string by_c1_bytes(std::string_view bytes, const std::string& guess) {
  const bool c1 = has_byte_in(bytes, 0x80, 0x9F);
  if (const std::string_view superset = windows_superset(guess); !superset.empty() && c1) return std::string(superset);
  if (guess == "windows-1250" && !c1 && has_byte_in(bytes, 0xA0, 0xBF)) return "iso-8859-2";
  return guess;
}

// The encoding of bytes that declare none and are not UTF-8: uchardet's guess, unless the
// document states a language whose letters that guess does not produce, or a neighbour of the
// guess reads its letters better. Short feeds give
// uchardet too little to go on (a Big5 title of eight bytes reads as windows-1252, KOI8-U as
// Greek); then the language's own legacy encodings are tried, and the one whose text is most in
// the language's script wins. Empty when nothing is better than UTF-8.
std::string undeclared_encoding(std::string_view bytes) {
  std::string guess = guessed_encoding(bytes);
  if (is_utf8_name(guess) || (!guess.empty() && !open_converter(guess.c_str()))) guess.clear();
  const LegacyScript* expected = legacy_script_of(stated_language(bytes));
  // Without a stated language, the guess's own script decides between it and its neighbours
  // (uchardet knows KOI8-R but not KOI8-U).
  for (const LegacyScript& entry : legacy_scripts()) {
    if (!expected && std::find(entry.encodings.begin(), entry.encodings.end(), guess) != entry.encodings.end())
      expected = &entry;
  }
  if (!expected) return by_c1_bytes(bytes, guess);
  // The guess wins ties. (Only documents that declare nothing and are not UTF-8 get here: a few
  // conversions more cost nothing that matters.)
  std::string best = guess;
  double best_share = guess.empty() ? 0 : share_in_scripts(convert(bytes, guess).value_or(""), expected->scripts);
  for (const std::string& candidate : expected->encodings) {
    const double share = share_in_scripts(convert(bytes, candidate).value_or(""), expected->scripts);
    if (share > best_share) {
      best_share = share;
      best = candidate;
    }
  }
  return by_c1_bytes(bytes, best);
}

// The ISO-2022 encodings are written in seven bits, so their bytes pass for UTF-8; the escape
// sequences that switch their character sets say which one it is (ESC is no XML character, so
// nothing else puts them in a feed). Empty when there are none.
std::string iso2022_by_escapes(std::string_view bytes) {
  if (bytes.find('\x1B') == std::string_view::npos) return {};
  if (bytes.find("\x1B$B") != std::string_view::npos || bytes.find("\x1B$@") != std::string_view::npos)
    return "iso-2022-jp";
  if (bytes.find("\x1B$)C") != std::string_view::npos) return "iso-2022-kr";
  if (bytes.find("\x1B$)A") != std::string_view::npos || bytes.find("\x1B$)G") != std::string_view::npos)
    return "iso-2022-cn";
  return {};
}

// How much of a text's accented words are accents.
struct Accents {
  size_t words = 0;    // words with a letter beyond ASCII
  double share = 0;    // of the letters of those words, the share beyond ASCII
};

// The accents of a text: "Íîâîñòè" (Russian in windows-1251 read as ISO-8859-1) is all
// accents, French or German a letter or two a word.
Accents accents_of(std::string_view utf8) {
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  size_t letters = 0, accented = 0, word_letters = 0, word_accented = 0;
  Accents result;
  auto end_word = [&] {
    if (word_accented > 0) {
      ++result.words;
      letters += word_letters;
      accented += word_accented;
    }
    word_letters = word_accented = 0;
  };
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0 || !u_isalpha(c)) {
      end_word();
      continue;
    }
    ++word_letters;
    if (c >= 0x80) ++word_accented;
  }
  end_word();
  if (letters > 0) result.share = static_cast<double>(accented) / static_cast<double>(letters);
  return result;
}

// The encoding a document that declares a single-byte encoding is really in, when the
// declaration is plainly wrong; empty when it may stand. Plainly wrong: the document states a
// language (or uchardet reads one from the bytes) whose letters another of the language's
// encodings reads clearly better than the declared one. Russian in windows-1251 declared as
// ISO-8859-1 reads "Íîâîñòè", Latin letters all accented as no Western text is; KOI8-R declared
// as windows-1251 reads every word cased wrong ("нОВОСТИ") or in capitals, where a
// windows-1251 text read as KOI8-R fares as badly: the better reading wins, by a clear margin.
std::string instead_of_declared(std::string_view bytes, const std::string& declared) {
  constexpr double kMostlyAccented = 0.5;  // of the letters of accented words, in a Western reading
  constexpr double kReadsWell = 0.9;       // of the letters read well in the other encoding
  constexpr double kClearlyBetter = 0.2;   // more of them than in the declared encoding
  constexpr size_t kFewestWordsUnstated = 4;  // accented words, when no language is stated
  if (const Converter converter = open_converter(declared.c_str());
      !converter || ucnv_getMaxCharSize(converter.get()) != 1)
    return {};
  const std::string declared_reading = convert(bytes, declared).value_or("");
  const std::string guess = guessed_encoding(bytes);
  const LegacyScript* stated = legacy_script_of(stated_language(bytes));
  const LegacyScript* expected = stated;
  for (const LegacyScript& entry : legacy_scripts()) {
    const auto& encodings = entry.encodings;
    if (!expected && std::find(encodings.begin(), encodings.end(), guess) != encodings.end()) expected = &entry;
  }
  if (!expected) return {};
  const bool declared_in_script =
      std::find(expected->encodings.begin(), expected->encodings.end(), declared) != expected->encodings.end();
  if (!declared_in_script) {
    // Unless the document says it is in the language, a few accented words are no proof: a
    // test feed of "éàùç€" reads as Hebrew to uchardet.
    const Accents accents = accents_of(declared_reading);
    if (accents.share < kMostlyAccented || (!stated && accents.words < kFewestWordsUnstated)) return {};
  }
  std::vector<std::string> candidates = expected->encodings;
  if (!guess.empty()) candidates.insert(candidates.begin(), guess);
  const double good_enough = std::max(kReadsWell, share_in_scripts(declared_reading, expected->scripts) + kClearlyBetter);
  std::string best;
  double best_share = 0;  // the first of equals wins: uchardet's guess, then the commonest
  for (const std::string& candidate : candidates) {
    if (candidate == declared) continue;
    const double share = share_in_scripts(convert(bytes, candidate).value_or(""), expected->scripts);
    if (share >= good_enough && share > best_share) {
      best_share = share;
      best = candidate;
    }
  }
  return best;
}

}  // namespace

DecodedDocument decode_to_utf8(std::string_view bytes, std::string_view content_type, Markup markup) {
  DecodedDocument decoded;
  std::string declared;
  if (markup == Markup::html) declared = parameter_value(content_type, "charset");
  if (!declared.empty()) {
    if (bytes.starts_with("\xEF\xBB\xBF") && is_utf8_name(declared)) bytes.remove_prefix(3);
  } else if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    declared = "utf-8";
  } else if (bytes.starts_with("\xFF\xFE")) {
    declared = "utf-16le";
  } else if (bytes.starts_with("\xFE\xFF")) {
    declared = "utf-16be";
  } else if (bytes.starts_with(std::string_view("<\0?\0", 4))) {
    declared = "utf-16le";  // XML 1.0 appendix F: UTF-16 without a byte order mark
  } else if (bytes.starts_with(std::string_view("\0<\0?", 4))) {
    declared = "utf-16be";
  }
  if (declared.empty()) declared = parameter_value(content_type, "charset");
  if (declared.empty()) {
    declared = markup == Markup::html ? declared_meta_charset(bytes) : declared_xml_encoding(bytes);
    // A declaration readable as ASCII cannot be in UTF-16 or UTF-32, whatever it says.
    if (declared.starts_with("utf-16") || declared.starts_with("utf-32")) {
      decoded.warnings.push_back("declared " + declared + " but written in single bytes; read as UTF-8");
      declared = "utf-8";
    }
  }

  // A label no converter knows ("win-1251") says nothing: the bytes are read as when nothing is
  // declared, not as UTF-8 (which would turn every byte of a legacy encoding into U+FFFD).
  if (!declared.empty() && !is_utf8_name(declared) && !open_converter(declared.c_str())) {
    decoded.warnings.push_back("unknown encoding '" + declared + "' declared; read as if none were");
    declared.clear();
  }

  // The web means windows-1252 by ISO-8859-1 and ASCII (WHATWG Encoding Standard).
  // Feeds are not HTML, but their ISO-8859-1 is the same windows-1252 whenever a byte in
  // 0x80..0x9F (a C1 control in ISO-8859-1, never text) says so: ’ is 0x92. So with the other
  // ISO 8859 encodings and their windows supersets (ISO-8859-9 and windows-1254...).
  const bool latin1_label = declared == "iso-8859-1" || declared == "latin1" || declared == "us-ascii";
  const std::string_view superset = latin1_label ? "windows-1252" : windows_superset(declared);
  if (latin1_label && markup == Markup::html) {
    declared = "windows-1252";
  } else if (!superset.empty() && has_byte_in(bytes, 0x80, 0x9F) && !is_valid_utf8(bytes)) {
    decoded.warnings.push_back("declared " + declared + " but holds " + std::string(superset) +
                               " bytes (0x80-0x9F); read as " + std::string(superset));
    declared = superset;
  }
  if (declared.empty() || is_utf8_name(declared)) {
    std::string escaped = has_non_ascii(bytes) ? std::string() : iso2022_by_escapes(bytes);  // seven-bit only
    if (!escaped.empty()) {
      decoded.warnings.push_back((declared.empty() ? std::string("no encoding declared") : "declared " + declared) +
                                 " but written with " + escaped + " escapes; read as " + escaped);
      declared = std::move(escaped);
    }
  } else if (!is_valid_utf8(bytes)) {
    if (std::string instead = instead_of_declared(bytes, declared); !instead.empty()) {
      decoded.warnings.push_back("declared " + declared + " but the text reads as " + instead + "; read as " + instead);
      declared = std::move(instead);
    }
  }
  declared = chinese_superset(declared);
  std::string encoding = declared.empty() ? "utf-8" : declared;
  if (declared.empty() && !is_valid_utf8(bytes)) {
    const std::string guess = undeclared_encoding(bytes);
    if (!guess.empty()) {
      encoding = chinese_superset(guess);
      decoded.warnings.push_back("no encoding declared and not UTF-8; read as " + encoding +
                                 ", guessed from the bytes");
    }
  }
  if (is_utf8_name(encoding) && !is_valid_utf8(bytes)) {
    // Declared UTF-8 and mostly is not: the bytes say what it is, as when nothing is declared (a
    // CMS that declares UTF-8 over its windows-1251 database). UTF-8 with stray bytes in it stays
    // the windows-1252 reading of the web.
    std::string guess = !declared.empty() && mostly_not_utf8(bytes) ? undeclared_encoding(bytes) : std::string();
    if (guess.empty() || is_utf8_name(guess)) guess = "windows-1252";
    decoded.warnings.push_back("not valid UTF-8" + std::string(declared.empty() ? "" : " as declared") + "; read as " +
                               guess + (declared.empty() ? "" : ", guessed from the bytes"));
    encoding = guess;
  } else if (!is_utf8_name(encoding) && has_non_ascii(bytes) && is_single_byte(encoding) && is_valid_utf8(bytes)) {
    // Text in a legacy single-byte encoding is valid UTF-8 only by rare chance; a CMS that moved
    // to UTF-8 and kept its template's old label is common (windows-1251 as often as latin1).
    decoded.warnings.push_back("declared " + encoding + " but the bytes are UTF-8; read as UTF-8");
    encoding = "utf-8";
  }

  // Control characters are dropped at the end: text encoded twice holds C1 controls (a
  // windows-1252 byte with no character of its own, read as one) that undoing needs.
  if (is_utf8_name(encoding)) {
    decoded.utf8.assign(bytes);  // validated above
    decoded.encoding = "utf-8";
  } else if (auto converted = convert(bytes, encoding)) {
    decoded.utf8 = is_valid_utf8(*converted) ? std::move(*converted) : sanitize_utf8(*converted);
    decoded.encoding = encoding;
  } else {
    decoded.warnings.push_back("unknown encoding '" + encoding + "'; read as UTF-8");
    decoded.utf8 = sanitize_utf8(bytes);
    decoded.encoding = "utf-8";
  }
  if (decoded.utf8.starts_with("\xEF\xBB\xBF")) decoded.utf8.erase(0, 3);
  // Every layer: text encoded three times, read once, is still encoded twice, and would change
  // again each time newsdex's own output is read back (found by fuzzing OPML round trips).
  // Each layer undone shortens the text, so this ends.
  int layers = 0;
  while (auto once = undo_double_encoding(decoded.utf8)) {
    decoded.utf8 = std::move(*once);
    ++layers;
  }
  if (layers == 1) decoded.warnings.push_back("text was UTF-8 encoded twice; decoded once more");
  if (layers > 1)
    decoded.warnings.push_back("text was UTF-8 encoded " + std::to_string(layers + 1) + " times; decoded " +
                               std::to_string(layers) + " times more");
  if (const size_t repaired = repair_mojibake_runs(decoded.utf8); repaired > 0) {
    decoded.warnings.push_back(std::to_string(repaired) + " characters were UTF-8 encoded twice; decoded once more");
  }
  drop_control_characters(decoded.utf8);
  return decoded;
}

}  // namespace newsdex::feeds
