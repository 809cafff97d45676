#include "prepared_text.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <span>

namespace newsdex::index {
namespace {

// True when a language's headlines are sentences: not English, which writes them in title case,
// nor German, which capitalises every noun. An unknown language may be English.
bool writes_headlines_as_sentences(const std::string& language) {
  return !language.empty() && language != "en" && language != "de" && language != "lb";
}

// True for a headline in title case: more of its longer words after the first start in upper
// case than in lower case (none in lower case, in a language that writes headlines as
// sentences). A headline with no such words (a short one, or in a script without case) counts as
// one too: its capitals cannot be read.
bool in_title_case(const std::vector<Word>& words, bool headlines_in_sentence_case) {
  constexpr size_t kShortestCounted = 4;  // bytes: "for", "of", "a" stay lower case in title case
  size_t upper = 0;
  size_t lower = 0;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string_view word = words[i].text;
    if (word.size() < kShortestCounted) continue;
    const auto lead = static_cast<unsigned char>(word.front());
    const std::string_view first_letter = word.substr(0, lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4);
    if (starts_lower_case(word)) {
      ++lower;
    } else if (lower_case(first_letter) != first_letter) {
      ++upper;
    }
  }
  // Headlines in languages that write them as sentences and capitalise names only are in title
  // case only when no word is in lower case: "La vicepresidenta Francia Márquez visitó el Cauca"
  // capitalises more of its long words than not, its names.
  if (headlines_in_sentence_case) return lower == 0;
  return upper + lower == 0 || upper > lower;
}

PreparedPart prepare_part(std::string_view text, bool is_title, const TaggerTables& tables,
                          bool headlines_in_sentence_case) {
  PreparedPart part{text, is_title, false, split_words(text), {}, {}, {}};
  part.capitalises_words = is_title && in_title_case(part.words, headlines_in_sentence_case);
  part.folded.reserve(part.words.size());
  part.facts.reserve(part.words.size());
  for (const Word& word : part.words) {
    part.folded.push_back(fold_for_matching(word.text));
    auto known = tables.vocabulary.find(part.folded.back());
    part.facts.push_back(known == tables.vocabulary.end() ? nullptr : &known->second);
  }
  return part;
}

// Russian case endings as folding leaves them (й as и): "Казахстан-е", "Иран-ом", "Канад-ой".
constexpr std::string_view kRussianCaseEndings[] = {"ами", "ями", "ом", "ем", "ои", "еи", "ою", "ею", "ам",
                                                    "ям",  "ах",  "ях", "ов", "ев", "ию", "ия", "ие", "ии",
                                                    "а",   "я",   "у",  "ю",  "е",  "и",  "ы",  "о"};
// Greek genitive and plural endings, folded (ς as σ): Snowball makes "Γαλλία" "γαλλ" but
// "Γαλλίας" "γαλλι".
constexpr std::string_view kGreekCaseEndings[] = {"ασ", "ησ", "ου", "ων", "οσ", "εσ", "σ"};
// The endings a name may carry in a language whose stemmer stems some of its forms otherwise, and
// the fewest letters the rest keeps: "пер" (Перу) is not "перед" less "ед" ("ед" is no case
// ending anyway), but short stems meet too many words.
struct CaseEndings {
  std::string_view language;
  std::span<const std::string_view> endings;
  size_t shortest_stem;  // letters
  // True when a name's final i is e before an ending (Finnish "Suomi": "Suomessa", "Suomen").
  bool final_i_as_e = false;
  // The nominative ending that the case ending replaced, tried on the rest when the rest alone is
  // no name: Serbian and Croatian "Rusij-e" is "Rusij-a", which Snowball stems otherwise.
  std::string_view nominative_ending = {};
  // A vowel the cases put between a name and its ending, tried off the rest: Estonian "Jaapan-i-sse".
  char linking_vowel = 0;
};
// German writes the genitive of a name that ends in a vowel with an -s Snowball keeps ("Chinas",
// "Kenias", "Perus"; it takes the s only after certain consonants: "Russlands").
constexpr std::string_view kGermanCaseEndings[] = {"s"};
// Finnish case endings, folded (ä as a), that Snowball's Finnish stemmer takes otherwise than from
// the name itself: "Japani" stems to "japa", "Japanin" to "japan"; "Suomi" to "suomi",
// "Suomesta" to "suome". The illative doubles the name's last vowel ("Norja-an", "Ruotsi-in").
constexpr std::string_view kFinnishCaseEndings[] = {"ssa", "sta", "lla", "lta", "lle", "ksi",
                                                    "na",  "an",  "en",  "in",  "n"};
// Languages that write case endings and postpositions on to a name that keeps its form, where no
// stemmer reads them (names are matched as written): Kazakh ("Ресейге", "Қазақстанның", with
// their vowel-harmony variants), Uzbek ("Rossiyaga", "Xitoyda"), Kyrgyz and Bengali ("ভারতের",
// "রাশিয়ায়", "চীনে"; য় written as its two code points, as folding leaves it).
constexpr std::string_view kKazakhCaseEndings[] = {
    "ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі", "ның", "нің", "дың", "дің", "тың", "тің", "нан", "нен",
    "дан",   "ден",   "тан",  "тен",  "мен",  "бен",  "пен", "нда", "нде", "ға",  "ге",  "қа",  "ке",  "да",
    "де",    "та",    "те",   "ны",   "ні",   "ды",   "ді",  "ты",  "ті",  "на",  "не",  "ын",  "ін"};
// Kyrgyz, with the vowel-harmony variants of each ending ("Кытайдын", "Орусияга", "Жапонияда").
constexpr std::string_view kKyrgyzCaseEndings[] = {
    "дагы", "деги", "догу", "дөгү", "тагы", "теги", "тогу", "төгү", "нын", "нин", "нун", "нүн", "дын", "дин", "дун",
    "дүн",  "тын",  "тин",  "тун",  "түн",  "дан",  "ден",  "дон",  "дөн", "тан", "тен", "тон", "төн", "нан", "нен",
    "нон",  "нөн",  "га",   "ге",   "го",   "гө",   "ка",   "ке",   "ко",  "кө",  "да",  "де",  "до",  "дө",  "та",
    "те",   "то",   "тө",   "ны",   "ни",   "ну",   "нү",   "ды",   "ди",  "ду",  "дү",  "ты",  "ти",  "ту",  "тү"};
constexpr std::string_view kUzbekCaseEndings[] = {"dagi", "ning", "dan", "ga", "ka", "qa", "da", "ni", "ta"};
constexpr std::string_view kBengaliCaseEndings[] = {"\u09C7\u09B0", "\u09A4\u09C7", "\u0995\u09C7",
                                                    "\u09AF\u09BC", "\u09C7",       "\u09B0"};
// Georgian case endings and postpositions (the rest stemmed as GeorgianNameStemmer stems names):
// "საქართველოს", "ჩინეთში", "იაპონიასთან", "ბანგლადეშის", the ergative "იაპონიამ".
constexpr std::string_view kGeorgianCaseEndings[] = {"ისთვის", "ისგან", "იდან", "სთან", "თვის", "თან",
                                                     "დან",    "ში",    "ზე",   "ის",   "ით",   "ად",
                                                     "სა",     "მა",    "ს",    "დ",    "თ",    "მ"};
// Serbian and Croatian case endings in both scripts, folded: Snowball's Serbian stemmer makes
// "Rusija" "rusi" but "Rusije" "rusij", and "Japan" otherwise than "Japana".
constexpr std::string_view kSerbianCaseEndings[] = {"om", "em", "ом", "ем", "a", "e", "i", "u", "а", "е", "и", "у"};
// Estonian case endings, folded, that the light stemmer of names (one ending off) leaves on:
// "Hiina" is "hii" and "Hiinasse" "hiina"; "Jaapan" and "Jaapanisse" put an i between.
constexpr std::string_view kEstonianCaseEndings[] = {"sse", "st", "le", "lt", "ga", "ks", "s", "l"};
// Romanian genitive and dative endings, folded: Snowball stems "Germaniei" as "Germania" but not
// "Franței" as "Franța" or "Chinei" as "China"; the rest is read with the nominative's -a.
constexpr std::string_view kRomanianCaseEndings[] = {"ului", "lui", "ei", "ii"};
// Armenian's definite article after a name that ends in a vowel ("Ֆրանսիան"; name_stemmer takes
// the case endings).
constexpr std::string_view kArmenianArticles[] = {"ն"};
constexpr CaseEndings kCaseEndings[] = {{"ru", kRussianCaseEndings, 4},
                                        {"el", kGreekCaseEndings, 4},
                                        {"de", kGermanCaseEndings, 4},
                                        {"fi", kFinnishCaseEndings, 4, true},
                                        {"kk", kKazakhCaseEndings, 3},
                                        {"uz", kUzbekCaseEndings, 3},
                                        {"ky", kKyrgyzCaseEndings, 3},
                                        {"bn", kBengaliCaseEndings, 2},
                                        {"ka", kGeorgianCaseEndings, 3},
                                        {"sr", kSerbianCaseEndings, 4, false, "a"},
                                        {"hr", kSerbianCaseEndings, 4, false, "a"},
                                        {"bs", kSerbianCaseEndings, 4, false, "a"},
                                        {"et", kEstonianCaseEndings, 3, false, {}, 'i'},
                                        {"ro", kRomanianCaseEndings, 3, false, "a"},
                                        {"hy", kArmenianArticles, 3}};

// The word of a name (with `whole_names_only`, the one-word name) that a word of an article in
// `language` is an inflected form of; its stem when it is none. Snowball strips some case forms further
// than the name itself ("Китая" to "кит", where "Китай" is "кита"), others less ("Казахстан" is
// "казахста", "Казахстане" "казахстан"), and Azerbaijani has no stemmer at all ("Azərbaycanın",
// "Türkiyəyə"). So a word whose stem is no word of a name is read as one when it is that word plus
// an ending: a Turkic case ending in Turkish and Azerbaijani, a case ending in Russian and Greek
// (the rest stemmed as the name was), else at most two letters left by a stemmer that stripped
// more; in Arabic and Hebrew, when it is the name after a prefix.
std::string inflected_name_key(const std::string& folded, std::string stemmed, const CountryPhrases& names,
                               const std::string& language, const Xapian::Stem& stemmer, bool whole_names_only) {
  const auto is_key = [&](const std::string& key) {
    return whole_names_only ? names.names.contains(key) : names.words.contains(key);
  };
  const bool turkic = language == "tr" || language == "az";
  constexpr size_t kLongestTurkicEnding = 4;  // bytes: "nden", "daki"
  constexpr size_t kLongestOtherEnding = 4;   // bytes: two Cyrillic or Greek letters
  const size_t longest_ending = turkic ? kLongestTurkicEnding : kLongestOtherEnding;
  const size_t shortest = std::max(
      {turkic ? size_t{2} : stemmed.size(), folded.size() - std::min(folded.size(), longest_ending), size_t{2}});
  for (size_t length = folded.size() - 1; length >= shortest; --length) {
    if ((static_cast<unsigned char>(folded[length]) & 0xC0) == 0x80) continue;  // inside a letter
    if (turkic && !is_turkic_name_ending(std::string_view(folded).substr(length))) continue;
    std::string prefix = folded.substr(0, length);
    if (is_key(prefix)) return prefix;
    // A name of two words takes the possessive before its case ending: "Səudiyyə Ərəbistan-ı-nın".
    if (!turkic) continue;
    for (size_t inner = length - 1; inner >= shortest && inner + kLongestTurkicEnding >= length; --inner) {
      if ((static_cast<unsigned char>(folded[inner]) & 0xC0) == 0x80) continue;
      if (!is_turkic_name_ending(std::string_view(prefix).substr(inner))) continue;
      if (std::string shorter = prefix.substr(0, inner); is_key(shorter)) return shorter;
    }
  }
  // Arabic and Hebrew write "and", "to", "in", "from" and "the" as prefixes of the next word
  // ("وألمانيا", "לצרפת"), which names are matched without (a stemmer cannot tell them from a
  // name's own first letters: Snowball's Arabic one stems "فرنسا" to "رنس"): the word less the
  // prefix, stemmed as the name was.
  for (const std::string& form : without_joined_prefixes(folded, language)) {
    std::string key = stemmer(form);
    if (is_key(key)) return key;
  }
  // German writes a region of a country as one word with a compass point ("Ostukraine",
  // "Südlibanon", "Nordsyrien"): the rest, a one-word name, is the country. Not a word of a
  // longer name ("Nordirland", of the United Kingdom's), an adjective ("nordirische"),
  // "Südamerika", or the Indies ("Westindien").
  if (language == "de" && !whole_names_only) {
    static constexpr std::string_view kCompassPoints[] = {"nordost", "nordwest", "sudost", "sudwest", "nord",
                                                          "sud",     "ost",      "west",   "zentral", "mittel"};
    constexpr size_t kShortestRest = 4;  // bytes: "Ostiran" is Iran
    for (std::string_view point : kCompassPoints) {
      if (!folded.starts_with(point) || folded.size() < point.size() + kShortestRest) continue;
      const std::string rest = folded.substr(point.size());
      if (rest.starts_with("amerika") || rest.starts_with("indien") || rest.find("isch") != std::string::npos) break;
      if (std::string key = stemmer(rest); names.names.contains(key)) return key;
      break;
    }
  }
  for (const CaseEndings& case_endings : kCaseEndings) {
    if (case_endings.language != language) continue;
    for (std::string_view ending : case_endings.endings) {
      if (!folded.ends_with(ending) || count_characters(std::string_view(folded).substr(
                                           0, folded.size() - ending.size())) < case_endings.shortest_stem)
        continue;
      std::string rest = folded.substr(0, folded.size() - ending.size());
      if (std::string key = stemmer(rest); is_key(key)) return key;
      if (!case_endings.nominative_ending.empty()) {
        if (std::string key = stemmer(rest + std::string(case_endings.nominative_ending)); is_key(key)) return key;
      }
      if (case_endings.linking_vowel != 0 && rest.ends_with(case_endings.linking_vowel)) {
        if (std::string key = stemmer(rest.substr(0, rest.size() - 1)); is_key(key)) return key;
      }
      if (case_endings.final_i_as_e && rest.ends_with('e')) {
        rest.back() = 'i';
        if (std::string key = stemmer(rest); is_key(key)) return key;
      }
    }
  }
  return stemmed;
}

// The key a word of an article in `language` is looked up by among that language's names: its
// stem when that is a word of a name, else what inflected_name_key reads it as. A stem that is
// a word of a longer name only ("Βουλγαρίας" of "Δημοκρατία της Βουλγαρίας", the Republic of
// Bulgaria) is read as the one-word name it is a form of, when it is one ("Βουλγαρία").
std::string name_key(const std::string& folded, std::string stemmed, const CountryPhrases& names,
                     const std::string& language, const Xapian::Stem& stemmer) {
  if (folded.size() < 3) return stemmed;
  if (!names.words.contains(stemmed))
    return inflected_name_key(folded, std::move(stemmed), names, language, stemmer, false);
  if (names.names.contains(stemmed)) return stemmed;
  return inflected_name_key(folded, std::move(stemmed), names, language, stemmer, true);
}

// A capitalised word with letters beyond ASCII stemmed before it is folded, when that stem
// (folded) is a word of a name: Snowball's Hungarian stemmer reads "Németországból" as
// "Németország" but not "nemetorszagbol", whose ending folding made one it does not know;
// Romanian's "României" likewise. Otherwise `key`.
std::string unfolded_name_key(std::string_view original, std::string key, const CountryPhrases& names,
                              const Xapian::Stem& stemmer) {
  if (!starts_upper_case(original) ||
      std::all_of(original.begin(), original.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return key;
  std::string unfolded = fold_for_matching(stemmer(lower_case(original)));
  return names.words.contains(unfolded) ? unfolded : key;
}

}  // namespace

std::vector<ScoredCode> ranked(const std::map<std::string, double>& scores) {
  std::vector<ScoredCode> codes;
  for (const auto& [code, score] : scores) codes.push_back({code, score});
  std::stable_sort(codes.begin(), codes.end(),
                   [](const ScoredCode& a, const ScoredCode& b) { return a.score > b.score; });
  return codes;
}

double rounded(double score) { return std::round(score * 1000) / 1000; }

PreparedText::PreparedText(std::string_view title, std::string_view text, const std::string& language,
                           const TaggerTables& tables, const std::string& likely_language)
    : parts_{prepare_part(title, true, tables, writes_headlines_as_sentences(language)),
             prepare_part(text, false, tables, writes_headlines_as_sentences(language))},
      reads_as_english_(language.empty() || language == "en"),
      capitalises_only_names_(language != "de" && language != "lb"),
      writes_given_name_last_(language == "vi"),
      writes_possessor_first_(language == "tr" || language == "az" || language == "kk" || language == "uz" ||
                              language == "ky" || language == "tk" || language == "tt"),
      names_language_(language.empty() ? likely_language : language) {
  // Names in other languages count only in articles in that language, matched after its
  // stemmer (so "Германии" is "Германия"); in a text too short to be sure of, in its likely one.
  // Norwegian: CLD2 says "no", iso-codes and feeds say "nb" (Bokmål).
  const std::string& names_language = names_language_;
  writes_genitive_s_ =
      names_language == "sv" || names_language == "da" || names_language == "no" || names_language == "nb";
  auto local = tables.country_phrases_by_language.find(names_language == "no" ? "nb" : names_language);
  if (local == tables.country_phrases_by_language.end()) return;
  local_phrases_ = &local->second;
  local_names_as_written_ = names_keep_their_form(names_language);
  const Xapian::Stem& stemmer = name_stemmer(names_language);  // as the gazetteer stemmed the names
  for (PreparedPart& part : parts_) {
    for (size_t k = 0; k < part.folded.size(); ++k) {
      const std::string& word = part.folded[k];
      std::string key = name_key(word, stemmer(word), *local_phrases_, names_language, stemmer);
      if (!local_phrases_->words.contains(key)) key = unfolded_name_key(part.words[k].text, key, *local_phrases_, stemmer);
      part.stemmed.push_back(std::move(key));
    }
  }
}

bool PreparedText::reads_as_genitive(const PreparedPart& part, size_t k) const {
  constexpr size_t kShortestGenitive = 4;  // bytes: a name of three letters and its -s
  if (!writes_genitive_s_ || !local_phrases_ || k >= part.folded.size()) return false;
  const std::string& word = part.folded[k];
  if (word.size() < kShortestGenitive || !word.ends_with('s')) return false;
  const std::string bare = word.substr(0, word.size() - 1);
  return local_phrases_->lengths.contains(name_stemmer(names_language_)(bare)) ||
         local_phrases_->lengths.contains(bare);
}

bool PreparedText::contains(const std::string& folded_word) const {
  if (context_.empty()) {
    context_.push_back(' ');
    for (const PreparedPart& part : parts_) {
      for (const std::string& folded : part.folded) context_ += folded + ' ';
    }
  }
  std::string needle = " ";
  needle.append(folded_word).push_back(' ');
  return context_.find(needle) != std::string::npos;
}

}  // namespace newsdex::index
