// Text normalisation shared by indexing and searching, so that both sides agree on what a word is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace newsdex {

// Folds UTF-8 text for matching: Unicode NFKC, full case folding, accents and vowel points
// removed (not the vowel signs of Indic and South-East Asian scripts, which are letters), and
// letters with a stroke read as their letter (Turkish dotless ı as i, Polish ł as l). "Türkiye", "TÜRKİYE" and "Turkiye" all fold to "turkiye".
// Invalid UTF-8 is replaced with U+FFFD. Display text is never folded; only terms are.
std::string fold_for_matching(std::string_view text);

// UTF-8 text in lower case (Unicode NFKC and full case folding: "Straße" is "strasse"), its
// accents kept: "Nåden" is "nåden", not "naden" as fold_for_matching makes it.
std::string lower_case(std::string_view text);

// The stemmer of `language` (ISO 639-1, e.g. "en") that folds each word before stemming:
// Snowball's (Xapian's, else Snowball's C library's: Greek, Hindi, Serbian), or a light stemmer
// of case endings (Polish, Ukrainian).
// Xapian's snippet generator re-tokenises the original (unfolded) text and compares stems, so a
// folding stemmer is what lets "Türkiye" in a stored text highlight for the query "turkiye".
// Unknown languages get a folding stemmer that does not stem. In every language, a Turkish or
// Azerbaijani case ending after a name and an apostrophe goes ("İstanbul'da" stems as "istanbul"),
// so that the name finds its inflected forms and an inflected query finds the name.
Xapian::Stem folding_stemmer(std::string_view language);

// The stemmer that country names in a language (ISO 639-1) and the words of its articles are
// matched after, made once per thread (Xapian's objects must not be shared between threads): the
// language's stemmer (as folding_stemmer's, without the folding), or one that leaves words as
// they are where there is none or where it would make names of words (Hindi: see text.cc).
const Xapian::Stem& name_stemmer(const std::string& language);

// True in the languages whose names never inflect but whose stemmers take their last letters to
// meet people's names (Spanish "Martinica" and "Martín", "Siria" and "Siri"): Spanish,
// Portuguese, Italian, French, Catalan and Galician. There a capitalised name is matched as
// written (folded), not after name_stemmer.
bool names_keep_their_form(std::string_view language);

// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Replaces invalid UTF-8 sequences with U+FFFD and drops the C0 controls except tab and
// newline, DEL and the C1 controls, so that any field can be stored, indexed, printed as JSON
// and shown in a terminal without driving it.
std::string sanitize_utf8(std::string_view text);

// Valid UTF-8 kept as it is; each byte that starts no valid UTF-8 sequence read as windows-1252,
// which is what such a byte in a query means (a Latin-1 terminal, "caf%E9" in a URL). Controls
// are dropped as sanitize_utf8 drops them.
std::string utf8_reading_stray_bytes_as_windows_1252(std::string_view text);

// Text without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

// ASCII letters lowered, everything else kept: for protocol tokens (schemes, charsets, headers).
std::string ascii_lower(std::string_view text);

// True when drop_control_characters would change `text`.
bool has_control_characters(std::string_view text);

// Removes the C0 control characters except tab and newline, DEL and the C1 controls
// (U+0080..U+009F), in place. `text` is UTF-8.
void drop_control_characters(std::string& text);

// Collapses runs of whitespace to one space and trims both ends.
std::string collapse_whitespace(std::string_view text);

// A stable 64-bit fingerprint (FNV-1a) of bytes, as 16 hex digits: for ids and keys that must
// not change between releases or machines; not for security.
std::string fingerprint(std::string_view bytes);

// True when `folded` (folded as fold_for_matching does) is one of the case endings Turkish and
// Azerbaijani write after a proper name: "da" of "İstanbul'da", "nin" of "Azərbaycanın".
bool is_turkic_name_ending(std::string_view folded);

// The forms a folded Azerbaijani word may be less its endings written without an apostrophe
// ("bakida": "baki"; "mehsullarinin": "mehsullari", "mehsullar", "mehsul"), up to three deep
// (plural, possessive, case), each form keeping three letters or more; empty for a word that ends
// in none. Azerbaijani has no Snowball stemmer, and an ending cannot be told from a name's own
// last letters ("Azərbaycan-ın" or "Azərbayca-nın"): every reading is a form, so the name is
// among them. A form whose noun changed before the ending also gives the bare noun ("bayrag" of
// "bayrağı": "bayraq"; "ogl" of "oğlu": "ogul").
std::vector<std::string> without_turkic_case_endings(std::string_view folded);

// The vowel a Turkish suffix takes after a stem whose last vowel is `vowel` (i-type harmony:
// a ı → ı, e i → i, o u → u, ö ü → ü); 0 when `vowel` is not a Turkish vowel.
char32_t harmonising_high_vowel(char32_t vowel);

// The bare noun of a lower-case Turkish word whose noun changes before a possessive or case
// ending, which Snowball's Turkish stemmer does not undo (nor stems the word with the change
// undone any better: "hapisinde" to "hapi"); nothing for other words:
// - nouns that drop their last vowel before a vowel: "şehir" for "şehrine" (to its city),
//   "ağız" for "ağzı", from a closed list of the common ones of news; the ending must harmonise
//   with the noun, so that "aslan", "İsmail" or "lütfen" are left alone;
// - nouns whose last consonant softens or doubles: "kanat" for "kanadı", "renk" for "rengi",
//   "hak" for "hakkında";
// - nouns ending in a vowel before the possessive -sI: "parti" for "partisi", "kıyı" for
//   "kıyısındaki".
std::optional<std::string> turkish_bare_noun(std::string_view lower);

// The forms a folded Arabic or Hebrew word may be less the conjunctions, prepositions and article
// those languages join to the next word (Arabic و ف ب ل ك: "والقاهرة", "للعراق"; Hebrew ו ה ב
// ל מ ש כ: "והממשלה", "בירושלים"), up to two (Arabic) or three (Hebrew) deep, each form keeping
// three letters or more; empty for other languages and for words that start with none.
std::vector<std::string> without_joined_prefixes(std::string_view folded, std::string_view language);

// A word of a text: a maximal run of Unicode letters, digits and marks, as bytes of the original;
// in Chinese, Japanese and Korean, one character.
struct Word {
  std::string_view text;  // points into the text given to split_words
  size_t offset = 0;      // byte offset of the word in that text
};

// Splits UTF-8 text into words; everything else (spaces, punctuation, symbols) separates them.
// Han, kana and Hangul characters are a word each, as the index's n-grams read them: names are
// then phrases of characters, found inside the longer runs these scripts write. Runs of Thai,
// Lao, Khmer and Myanmar, which write no spaces either, are split into the words of ICU's
// dictionaries.
std::vector<Word> split_words(std::string_view text);

// The byte offsets where words begin and end in `text` as ICU's dictionary-based word breaking
// reads Chinese and Japanese, which write no spaces (0 and text.size() among them): "精英国际" is
// 精英|国际, so 英国 (Britain) is not a word of it.
std::vector<size_t> dictionary_word_boundaries(std::string_view text);

// True for a character of the scripts split_words reads one character at a time.
bool is_cjk_character(char32_t c);

// True when `text` holds a character of those scripts.
bool has_cjk_character(std::string_view text);

// True for a letter of the scripts that write no spaces between words and that split_words
// reads with ICU's dictionaries: Thai, Lao, Khmer and Myanmar.
bool is_unspaced_script_character(char32_t c);

// True when `text` holds a character of those scripts.
bool has_unspaced_script_character(std::string_view text);

// `text` with `separator` between the words that split_words reads in runs of those scripts
// ("ประเทศไทย" is "ประเทศ ไทย"): Xapian's term generator, parser and snippets then see them as
// words. Text without such letters is returned unchanged.
std::string with_word_breaks(std::string_view text, std::string_view separator = " ");

// A word of Thai, Khmer, Lao or Myanmar without the noun for a kind of place that ICU's
// dictionary joins to it ("จังหวัดเชียงใหม่" is "เชียงใหม่"): the name, found by its own word.
// Nothing when the word starts (Myanmar: ends) with no such noun.
std::optional<std::string_view> without_place_class_word(std::string_view word);

// A private-use character, which Xapian's term generator and snippets read as no letter (they
// join the words around a zero-width space): a break between words that the text does not show.
inline constexpr std::string_view kUnseenWordBreak = "\uE000";

// `text` with `separator` where ICU's dictionary reads a boundary between two words of two
// characters or more inside a run of Chinese or Japanese ("南京市|长江大桥"). Indexed as n-grams,
// the separated words then give no pair of characters across the boundary (市长, mayor), while
// every character keeps its position, so phrases still match. A boundary beside a one-character
// piece is not marked: ICU reads names and words it does not know as single characters. Text
// without such characters is returned unchanged.
std::string with_cjk_word_separators(std::string_view text, std::string_view separator);

// The number of characters (code points) of UTF-8 text.
size_t count_characters(std::string_view utf8);

// The script of a word's first character, among those split_words reads one at a time.
enum class CjkScript { kNone, kHan, kHiragana, kKatakana, kHangul };
CjkScript cjk_script(std::string_view word);

// True when the word's first letter is lower case (false for caseless scripts such as Arabic).
bool starts_lower_case(std::string_view word);

// True when the word's first letter is a capital (false for caseless scripts such as Hebrew's,
// whose words start with no lower-case letter either).
bool starts_upper_case(std::string_view word);

}  // namespace newsdex
