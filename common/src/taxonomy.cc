#include "newsdex/taxonomy.h"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "newsdex/error.h"
#include "newsdex/text.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace newsdex {
namespace embedded {
extern const std::string_view kIso3166Json;
extern const std::string_view kCountryAliases;
extern const std::string_view kCountryTranslations;
extern const std::string_view kCityNames;
extern const std::string_view kCityTranslations;
extern const std::string_view kDatelineRegions;
extern const std::string_view kZoneCities;
extern const std::string_view kCldrCountryNames;
// Gazetteer::compiled() of the gazetteer built from the tables above; empty in the tool that
// compiles it (common/tools/compile_gazetteer.cc).
extern const std::string_view kCompiledGazetteer;
}  // namespace embedded

namespace {

constexpr std::array<std::string_view, 17> kTopicSlugs = {"arts-culture-entertainment-media",
                                                          "crime-law-justice",
                                                          "disaster-accident-emergency",
                                                          "economy-business-finance",
                                                          "education",
                                                          "environment",
                                                          "health",
                                                          "human-interest",
                                                          "labour",
                                                          "lifestyle-leisure",
                                                          "politics",
                                                          "religion",
                                                          "science-technology",
                                                          "society",
                                                          "sport",
                                                          "conflict-war-peace",
                                                          "weather"};

// IPTC's own names of the top-level Media Topics, in kTopicSlugs' order.
constexpr std::array<std::string_view, 17> kTopicLabels = {"Arts, culture, entertainment and media",
                                                           "Crime, law and justice",
                                                           "Disaster, accident and emergency incident",
                                                           "Economy, business and finance",
                                                           "Education",
                                                           "Environment",
                                                           "Health",
                                                           "Human interest",
                                                           "Labour",
                                                           "Lifestyle and leisure",
                                                           "Politics",
                                                           "Religion",
                                                           "Science and technology",
                                                           "Society",
                                                           "Sport",
                                                           "Conflict, war and peace",
                                                           "Weather"};

std::vector<std::string> folded_words_of(std::string_view name) {
  std::vector<std::string> words;
  for (const Word& word : split_words(name)) words.push_back(fold_for_matching(word.text));
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) {
    if (!joined.empty()) joined.push_back(' ');
    joined += word;
  }
  return joined;
}

// Aliases written in capitals are abbreviations ("US", "U.K.", "UAE", "США"): matching them in
// any case would read the pronoun "us" as the United States.
bool is_abbreviation(std::string_view alias) {
  bool has_letter = false;
  if (std::all_of(alias.begin(), alias.end(), [](char c) { return (c & 0x80) == 0; })) {  // most names: no ICU
    for (char c : alias) {
      if (c >= 'a' && c <= 'z') return false;
      has_letter = has_letter || (c >= 'A' && c <= 'Z');
    }
    return has_letter;
  }
  for (const Word& word : split_words(alias)) {
    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(word.text.data(), static_cast<int32_t>(word.text.size())));
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
      const UChar32 c = text.char32At(i);
      if (u_islower(c)) return false;
      has_letter = has_letter || u_isupper(c);
    }
  }
  return has_letter;
}

// "the Bahamas" is matched, and searched for, as "Bahamas".
std::string_view without_article(std::string_view name) { return name.starts_with("the ") ? name.substr(4) : name; }

// Calls use(name) for each name of a '|'-separated list.
template <typename Use>
void each_listed(std::string_view list, const Use& use) {
  while (!list.empty()) {
    const size_t bar = std::min(list.find('|'), list.size());
    use(trim(list.substr(0, bar)));
    list.remove_prefix(std::min(bar + 1, list.size()));
  }
}

// Calls use(line, line_number) for each line of a table, numbered from 1.
template <typename Use>
void each_line(std::string_view table, const Use& use) {
  size_t line_number = 0;
  for (std::string_view rest = table; !rest.empty();) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    use(rest.substr(0, end), ++line_number);
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
}

}  // namespace

std::span<const std::string_view> topic_slugs() { return kTopicSlugs; }

bool is_topic_slug(std::string_view slug) {
  return std::find(kTopicSlugs.begin(), kTopicSlugs.end(), slug) != kTopicSlugs.end();
}

std::string_view topic_label(std::string_view slug) {
  const auto found = std::find(kTopicSlugs.begin(), kTopicSlugs.end(), slug);
  return found == kTopicSlugs.end() ? std::string_view() : kTopicLabels[found - kTopicSlugs.begin()];
}

std::string topic_slug_list() {
  std::string list;
  for (std::string_view slug : kTopicSlugs) list.append(list.empty() ? "" : ", ").append(slug);
  return list;
}

namespace {

// What a name added to the gazetteer in a language is.
struct NameKind {
  bool country_name = false;  // the country's own name there, not a demonym or a city
  bool city = false;
  bool translation = false;  // iso-codes' or GeoNames' name, not one the aliases chose
};

// Gathers a gazetteer's names from its three sources, in order (later sources may refer to
// names of earlier ones), into the Gazetteer's tables.
class GazetteerBuilder {
 public:
  GazetteerBuilder(std::vector<CountryName>& names, std::vector<std::pair<std::string, std::string>>& display_names,
                   std::vector<std::pair<std::string, std::string>>& lookup,
                   std::vector<std::pair<std::string, std::string>>& common_words)
      : names_(names), display_names_(display_names), lookup_(lookup), common_words_(common_words) {}

  void read_iso_3166(std::string_view json_text);
  void read_aliases(std::string_view table);
  // Country names, or with `cities` the names of cities, in other languages.
  void read_translations(std::string_view table, bool cities = false);
  // Drops the cities of a language whose stem begins a longer stem of a country's name there:
  // reading a name's cases tries its stem shortened ("Китая", China's genitive, is read through
  // "кит"), which would then be Quito's "Кито". And those whose one word stems to fewer than four
  // letters, which the stems of common words meet.
  void drop_cities_inside_country_names();
  void read_cities(std::string_view table);
  void read_dateline_regions(std::string_view table);
  // Completes the lookup table and returns the groups of each country's own names.
  std::vector<std::vector<std::string>> finish();
  // Makes room for about this many names.
  void reserve(size_t names) {
    seen_.reserve(names);
    codes_by_translation_.reserve(names);
  }

 private:
  // Adds one name of a country (or, with an empty code, a phrase that only looks like one); in
  // `language` only, when given (finish() tells for the names every article may use).
  void add_name(const std::string& code, std::string_view name, const std::string& language, NameKind kind = {});
  // The entry of a name as written: its folded words, and its exact form when in capitals.
  static CountryName entry_of(const std::string& code, std::string_view name, const std::string& language);
  // Records a name as one of the country's own (for synonyms), not a demonym or a city.
  void add_own_name(const std::string& code, std::string_view name) {
    const std::string joined = join(folded_words_of(without_article(name)));
    if (!joined.empty()) own_names_[code].insert(joined);
  }
  // Of the aliases: "~<TAB>names" (also people's names), "=XX<TAB>names<TAB>context words" ("=-": no
  // country beside those words).
  void mark_people(std::string_view names, const std::string& language);
  void add_context(std::string_view code, std::string_view names, const std::string& language);
  // Names of several countries at once ("JP+US": "日米|米日"), each an entry of every country.
  void add_joined_names(std::string_view codes, std::string_view names, const std::string& language,
                        size_t line_number);
  // The entries already added for a name in a language.
  std::vector<CountryName*> entries_named(std::string_view name, const std::string& language);
  void check_code(const std::string& code, std::string_view table, size_t line_number) const {
    if (!iso_codes_.contains(code)) {
      throw InputError(std::string(table) + ", line " + std::to_string(line_number) +
                       ": expected an ISO 3166-1 code, a tab and names separated by '|'");
    }
  }

  std::vector<CountryName>& names_;
  std::vector<std::pair<std::string, std::string>>& display_names_;
  std::vector<std::pair<std::string, std::string>>& lookup_;
  std::vector<std::pair<std::string, std::string>>& common_words_;
  std::set<std::string> iso_codes_;
  std::unordered_set<std::string> seen_;  // language, code, joined words and exact form of every name
  std::unordered_set<std::string> people_;  // English names that are also people's, joined folded words
  // Joined words → the codes they name (hash maps: finish() sorts what it keeps of them).
  std::unordered_map<std::string, std::vector<std::string>> codes_by_name_;  // English and universal names
  std::unordered_map<std::string, std::vector<std::string>> codes_by_translation_;
  std::map<std::string, std::set<std::string>> own_names_;  // code → folded names of the country
};

CountryName GazetteerBuilder::entry_of(const std::string& code, std::string_view name, const std::string& language) {
  CountryName entry;
  entry.code = code;
  entry.language = language;
  entry.folded_words = folded_words_of(name);
  if (is_abbreviation(name)) {
    for (const Word& word : split_words(name)) {
      if (!entry.exact_form.empty()) entry.exact_form.push_back(' ');
      entry.exact_form += word.text;
    }
  }
  return entry;
}

void GazetteerBuilder::add_name(const std::string& code, std::string_view name, const std::string& language,
                                NameKind kind) {
  name = without_article(trim(name));
  CountryName entry = entry_of(code, name, language);
  entry.is_country_name = kind.country_name && !language.empty();
  entry.is_city = kind.city;
  if (entry.folded_words.empty()) return;
  const std::string joined = join(entry.folded_words);
  // A name written as in English ("Chile", "Türkiye") is matched in every article already, but
  // only as written: its language's entry still reads its inflected forms ("Türkiyəyə").
  const auto english = language.empty() ? codes_by_name_.end() : codes_by_name_.find(joined);
  const bool as_in_english = english != codes_by_name_.end() &&
                             std::find(english->second.begin(), english->second.end(), code) != english->second.end();
  if (!as_in_english && !kind.city) {  // a city's name is no name to filter by its country
    std::vector<std::string>& codes = (language.empty() ? codes_by_name_ : codes_by_translation_)[joined];
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  if (!language.empty()) {
    entry.matches_lower_case = starts_lower_case(name);
    if (entry.matches_lower_case || !names_keep_their_form(language)) {
      entry.unstemmed = joined;                              // finish() keeps it only where stems of two countries meet
      const Xapian::Stem& stemmer = name_stemmer(language);  // as names of that language match
      for (std::string& word : entry.folded_words) word = stemmer(word);
    }
    // A name written as in English is read in its language's forms only in languages that
    // decline names ("w Estonii", "Chinas"), where its stems are long enough not to be a common
    // word's, and not for a name that is also a person's ("Jordan"), which the English entry
    // reads with care. Romance stemmers take a name's last vowel, to meet common words
    // (Italian "Romania" and "romani", "Monaco" and "monaca"); Romanian, which declines names
    // ("Canadei", "Israelului"), is read as the others that do. Danish, Norwegian and Swedish
    // add only a genitive -s ("Finlands"): there a name is read in its forms only when it is its
    // own stem, not when the stemmer takes its last vowel to meet a person's name ("Dominic").
    static constexpr std::string_view kDeclining[] = {"cs", "de", "et", "fi", "hr", "hu", "is", "lt",
                                                      "lv", "pl", "ro", "sk", "sl", "sq", "sr"};
    static constexpr std::string_view kGenitiveOnly[] = {"da", "nb", "sv"};
    constexpr size_t kShortestEnglishStem = 5;  // letters
    const auto listed = [&language](std::span<const std::string_view> languages) {
      return std::find(languages.begin(), languages.end(), language) != languages.end();
    };
    const bool declines = listed(kDeclining) || (listed(kGenitiveOnly) && join(entry.folded_words) == joined);
    if (as_in_english && kind.translation &&
        (!declines || people_.contains(joined) ||
         std::any_of(entry.folded_words.begin(), entry.folded_words.end(),
                     [](const std::string& word) { return count_characters(word) < kShortestEnglishStem; })))
      return;
  }
  if (!seen_.insert(language + '\t' + code + '\t' + join(entry.folded_words) + '\t' + entry.exact_form).second) {
    return;
  }
  names_.push_back(std::move(entry));
  // CLD2 reads short Spanish and Portuguese as Galician, whose names are mostly theirs: their
  // names are read in Galician articles too ("Países Bajos" in Spanish read as Galician). So
  // are Indonesian names in Malay articles ("Tiongkok", "Belanda"), for the same reason.
  if (language == "es" || language == "pt") add_name(code, name, "gl", kind);
  if (language == "id") add_name(code, name, "ms", kind);
  // Likewise Croatian and Serbian names in Bosnian articles (CLD2 reads short Croatian as
  // Bosnian), and Dutch names in Afrikaans ones (short Dutch read as Afrikaans).
  if (language == "hr" || language == "sr") add_name(code, name, "bs", kind);
  if (language == "nl") add_name(code, name, "af", kind);
}

void GazetteerBuilder::read_iso_3166(std::string_view json_text) {
  nlohmann::json iso;
  try {
    iso = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("iso_3166-1.json: ") + error.what());
  }
  std::map<std::string, std::set<std::string>> codes_by_short_name;
  for (const auto& country : iso.at("3166-1")) {
    const std::string code = country.at("alpha_2").get<std::string>();
    const std::string name = country.at("name").get<std::string>();
    iso_codes_.insert(code);
    display_names_.emplace_back(code, country.value("common_name", name));
    lookup_.emplace_back(fold_for_matching(code), code);
    add_name(code, name, {});
    add_own_name(code, name);
    for (const char* key : {"official_name", "common_name"}) {
      if (!country.contains(key)) continue;
      add_name(code, country.at(key).get<std::string>(), {});
      add_own_name(code, country.at(key).get<std::string>());
    }
    // "Micronesia, Federated States of" is also called "Micronesia"; kept below unless two
    // countries share the short form ("Congo", "Korea", "Virgin Islands").
    if (auto comma = name.find(','); comma != std::string::npos && !country.contains("common_name")) {
      codes_by_short_name[name.substr(0, comma)].insert(code);
    }
  }
  for (const auto& [short_name, codes] : codes_by_short_name) {
    if (codes.size() == 1 && !codes_by_name_.contains(fold_for_matching(short_name))) {
      add_name(*codes.begin(), short_name, {});
      add_own_name(*codes.begin(), short_name);
    }
  }
  std::sort(display_names_.begin(), display_names_.end());  // is_country_code needs it sorted
}

std::vector<CountryName*> GazetteerBuilder::entries_named(std::string_view name, const std::string& language) {
  std::vector<CountryName*> found;
  const std::vector<std::string> words = folded_words_of(name);
  for (CountryName& entry : names_) {
    if (entry.language == language && entry.folded_words == words) found.push_back(&entry);
  }
  return found;
}

void GazetteerBuilder::mark_people(std::string_view names, const std::string& language) {
  each_listed(names, [&](std::string_view name) {
    for (CountryName* entry : entries_named(name, language)) entry->may_be_person = true;
    if (language.empty()) people_.insert(join(folded_words_of(without_article(trim(name)))));
  });
}

void GazetteerBuilder::add_context(std::string_view code, std::string_view names, const std::string& language) {
  const size_t second_tab = names.find('\t');
  std::vector<std::string> context;
  each_listed(second_tab == std::string_view::npos ? std::string_view() : names.substr(second_tab + 1),
              [&](std::string_view word) { context.push_back(join(folded_words_of(word))); });
  for (CountryName* entry : entries_named(names.substr(0, second_tab), language)) {
    entry->context_code = code == "=-" ? std::string() : std::string(code.substr(1));
    entry->context_words = context;
  }
}

void GazetteerBuilder::add_joined_names(std::string_view codes, std::string_view names, const std::string& language,
                                        size_t line_number) {
  if (names.empty()) check_code({}, "country alias table", line_number);
  for (std::string_view rest = codes; !rest.empty();) {
    const std::string code(rest.substr(0, std::min(rest.find('+'), rest.size())));
    rest.remove_prefix(std::min(code.size() + 1, rest.size()));
    check_code(code, "country alias table", line_number);
    each_listed(names, [&](std::string_view name) {
      // Not in the lookup: "日米" is no name to filter by one country.
      CountryName entry = entry_of(code, without_article(trim(name)), language);
      entry.names_several = true;
      if (entry.folded_words.empty()) return;
      if (seen_.insert(language + '\t' + code + '\t' + join(entry.folded_words) + "\tjoined").second)
        names_.push_back(std::move(entry));
    });
  }
}

// The format is described in common/data/country_aliases.tsv.
void GazetteerBuilder::read_aliases(std::string_view table) {
  std::string language;  // of the current "[xx]" section
  size_t line_number = 0;
  for (std::string_view rest = table; !rest.empty();) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = trim(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      language = line.substr(1, line.size() - 2);
      continue;
    }
    const size_t tab = line.find('\t');
    std::string code(trim(line.substr(0, tab)));
    const std::string_view names = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
    if (code == "~") {  // names that are also people's names
      mark_people(names, language);
      continue;
    }
    if (code == "^") {  // names that are also a common word of the section's language
      each_listed(names, [&](std::string_view name) { common_words_.emplace_back(language, lower_case(name)); });
      continue;
    }
    // "=US<tab>Georgia<tab>Atlanta|Savannah"; "=-" for no country ("Turkey" with "Thanksgiving").
    if ((code.size() == 3 && code.front() == '=') || code == "=-") {
      add_context(code, names, language);
      continue;
    }
    if (code.size() > 3 && code[2] == '+') {  // "JP+US<tab>日米": each name names every country
      add_joined_names(code, names, language, line_number);
      continue;
    }
    const bool is_own_name = code.size() == 3 && code.front() == '+';  // "+TR<tab>Turkey|Turkiye"
    if (is_own_name) code.erase(0, 1);
    if (code == "-") {
      code.clear();  // phrases that only look like a country's name
    } else {
      check_code(code, "country alias table", line_number);
    }
    if (names.empty()) check_code({}, "country alias table", line_number);
    each_listed(names, [&](std::string_view name) {
      add_name(code, name, language, {.country_name = is_own_name});
      if (is_own_name) add_own_name(code, name);
    });
  }
}

// One country and language a line: "lang<TAB>code<TAB>name|name".
void GazetteerBuilder::read_translations(std::string_view table, bool cities) {
  const std::string_view table_name = cities ? "city translations" : "country translations";
  each_line(table, [&](std::string_view line, size_t line_number) {
    const size_t first_tab = line.find('\t');
    const size_t second_tab = first_tab == std::string_view::npos ? first_tab : line.find('\t', first_tab + 1);
    if (second_tab == std::string_view::npos) check_code({}, table_name, line_number);
    const std::string code(line.substr(first_tab + 1, second_tab - first_tab - 1));
    check_code(code, table_name, line_number);
    const std::string translation_language(line.substr(0, first_tab));
    each_listed(line.substr(second_tab + 1), [&](std::string_view name) {
      add_name(code, name, translation_language, {.country_name = !cities, .city = cities, .translation = true});
    });
  });
  if (cities) drop_cities_inside_country_names();
}

void GazetteerBuilder::drop_cities_inside_country_names() {
  std::unordered_map<std::string, std::vector<std::string>> country_words;  // language → first stems
  for (const CountryName& entry : names_) {
    if (entry.is_country_name && !entry.language.empty())
      country_words[entry.language].push_back(entry.folded_words.front());
  }
  constexpr size_t kShortestCityStem = 4;  // letters: Spanish "Milán" stems as "Miles" does, to "mil"
  std::erase_if(names_, [&](const CountryName& entry) {
    if (!entry.is_city || entry.language.empty()) return false;
    const std::string& city = entry.folded_words.front();
    if (entry.folded_words.size() == 1 && count_characters(city) < kShortestCityStem) return true;
    const auto words = country_words.find(entry.language);
    return words != country_words.end() &&
           std::any_of(words->second.begin(), words->second.end(), [&](const std::string& country) {
             return country.size() > city.size() && country.starts_with(city);
           });
  });
}

void GazetteerBuilder::read_cities(std::string_view table) {
  std::unordered_map<std::string, std::vector<size_t>> known;  // joined folded words → entries in any language
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i].language.empty()) known[join(names_[i].folded_words)].push_back(i);
  }
  each_line(table, [&](std::string_view line, size_t line_number) {
    const size_t tab = line.find('\t');
    const std::string code(line.substr(0, tab == std::string_view::npos ? 0 : tab));
    if (tab == std::string_view::npos) check_code({}, "cities", line_number);
    // "-": a city of several countries, or a word. GeoNames also has codes ISO 3166-1 has not
    // assigned (XK, Kosovo): their cities name no country here.
    const bool names_a_country = code != "-" && iso_codes_.contains(code);
    const std::string_view name = line.substr(tab + 1);
    const std::string joined = join(folded_words_of(name));
    if (auto entries = known.find(joined); entries != known.end()) {
      for (size_t i : entries->second) {
        // "Kuwait" the city is also Kuwait the country, which no company's name makes less so.
        const CountryName& entry = names_[i];
        if (!own_names_[entry.code].contains(joined)) names_[i].is_city = true;
      }
      return;  // already a name ("Santiago", "Halifax"): now known to be a city's
    }
    if (!names_a_country) return;
    const size_t before = names_.size();
    add_name(code, name, "");
    if (names_.size() > before) names_.back().is_city = names_.back().dateline_only = true;
  });
}

// "code<TAB>name|name" lines, '#' comments. Not names the gazetteer resolves (`--country Calif.`).
void GazetteerBuilder::read_dateline_regions(std::string_view table) {
  each_line(table, [&](std::string_view line, size_t line_number) {
    line = trim(line);
    if (line.empty() || line.front() == '#') return;
    const size_t tab = line.find('\t');
    const std::string code(line.substr(0, tab == std::string_view::npos ? 0 : tab));
    check_code(code, "dateline regions", line_number);
    each_listed(line.substr(tab + 1), [&](std::string_view name) {
      CountryName entry = entry_of(code, name, {});
      entry.dateline_region = true;
      if (!entry.folded_words.empty()) names_.push_back(std::move(entry));
    });
  });
}

std::vector<std::vector<std::string>> GazetteerBuilder::finish() {
  std::unordered_map<std::string, std::set<std::string>> codes_by_stems;  // language and stems → codes
  for (CountryName& entry : names_) {
    if (!entry.unstemmed.empty()) codes_by_stems[entry.language + '\t' + join(entry.folded_words)].insert(entry.code);
    if (!entry.language.empty()) continue;
    auto own = own_names_.find(entry.code);
    entry.is_country_name = own != own_names_.end() && own->second.contains(join(entry.folded_words));
  }
  for (CountryName& entry : names_) {
    if (!entry.unstemmed.empty() && codes_by_stems[entry.language + '\t' + join(entry.folded_words)].size() < 2) {
      entry.unstemmed.clear();
    }
  }
  lookup_.reserve(lookup_.size() + codes_by_name_.size() + codes_by_translation_.size());
  for (const auto& [joined, codes] : codes_by_name_) {
    if (codes.size() == 1 && !codes.begin()->empty()) lookup_.emplace_back(joined, *codes.begin());
  }
  for (const auto& [joined, codes] : codes_by_translation_) {
    if (codes.size() == 1 && !codes.begin()->empty() && !codes_by_name_.contains(joined)) {
      lookup_.emplace_back(joined, *codes.begin());
    }
  }
  std::sort(lookup_.begin(), lookup_.end());
  std::sort(common_words_.begin(), common_words_.end());
  std::vector<std::vector<std::string>> own_names;
  for (auto& [code, group] : own_names_) {
    if (group.size() > 1) own_names.emplace_back(group.begin(), group.end());
  }
  return own_names;
}

}  // namespace

Gazetteer::Gazetteer(std::string_view iso_3166_json, std::string_view alias_table, std::string_view translations,
                     std::string_view cities, std::string_view dateline_regions,
                     std::string_view city_translations) {
  GazetteerBuilder builder(names_, display_names_, lookup_, common_words_);
  // One allocation for every name (about one per line of the tables): growing the vector moved
  // every name again, a tenth of the start-up of a tagger.
  const size_t expected_names = std::count(alias_table.begin(), alias_table.end(), '|') +
                                std::count(translations.begin(), translations.end(), '|') +
                                std::count(translations.begin(), translations.end(), '\n') +
                                std::count(city_translations.begin(), city_translations.end(), '|') +
                                std::count(city_translations.begin(), city_translations.end(), '\n') +
                                std::count(cities.begin(), cities.end(), '\n') + 4096;
  names_.reserve(expected_names);
  builder.reserve(expected_names);
  builder.read_iso_3166(iso_3166_json);
  builder.read_aliases(alias_table);
  builder.read_translations(translations);
  builder.read_translations(city_translations, true);
  builder.read_cities(cities);
  builder.read_dateline_regions(dateline_regions);
  own_names_ = builder.finish();
}

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer gazetteer = [] {
    if (!embedded::kCompiledGazetteer.empty()) return from_compiled(embedded::kCompiledGazetteer);
    const std::string translations = std::string(embedded::kCountryTranslations) +
                                     std::string(embedded::kCldrCountryNames) + std::string(embedded::kZoneCities);
    return Gazetteer(embedded::kIso3166Json, embedded::kCountryAliases, translations, embedded::kCityNames,
                     embedded::kDatelineRegions, embedded::kCityTranslations);
  }();
  return gazetteer;
}

namespace {

// compiled()'s lines: a kind, a tab, then tab-separated fields.
//   D  code, display name                       (display_names_, in order)
//   L  folded name, code                        (lookup_, in order)
//   W  language, name in lower case             (common_words_, in order)
//   O  folded names separated by '|'            (own_names_, one group a line)
//   N  code, language, flags, folded words separated by spaces, exact form, context code,
//      context words separated by '|', unstemmed words   (names_, in order)
// Folded words hold no space, tab or '|', and names no tab: the tables split them on these.
// Flags are the letters of the set ones, in this order, or "-" for none.
constexpr std::string_view kFlagLetters = "lpcndrs";
constexpr std::array<bool CountryName::*, kFlagLetters.size()> kFlagMembers = {
    &CountryName::matches_lower_case, &CountryName::may_be_person,   &CountryName::is_city,
    &CountryName::is_country_name,    &CountryName::dateline_only,   &CountryName::dateline_region,
    &CountryName::names_several};

// The fields of a text separated by `separator`, empty ones kept: "a||b" → {"a", "", "b"}.
std::vector<std::string_view> fields_of(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  while (true) {
    const size_t end = text.find(separator);
    fields.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return fields;
    text.remove_prefix(end + 1);
  }
}

// Throws when a field holds a character that separates fields or lines of compiled()'s text:
// the tables never write one today, and a name that did would be read back as another.
void check_compilable(std::string_view field, std::string_view separators) {
  constexpr std::string_view kLineSeparators = "\t\n";
  if (field.find_first_of(separators) != std::string_view::npos ||
      field.find_first_of(kLineSeparators) != std::string_view::npos) {
    throw InputError("the gazetteer cannot be compiled: '" + std::string(field) + "' holds a separator");
  }
}

// Strings joined by a separator, which none of them may hold; empty for none.
template <typename Strings>
void append_joined(std::string& out, const Strings& strings, char separator) {
  bool first = true;
  for (const auto& string : strings) {
    check_compilable(string, std::string_view(&separator, 1));
    if (!first) out.push_back(separator);
    out += string;
    first = false;
  }
}

// A field, which may hold spaces but neither tabs nor line breaks.
void append_field(std::string& out, std::string_view field) {
  check_compilable(field, {});
  out += field;
}

}  // namespace

std::string Gazetteer::compiled() const {
  std::string out;
  out.reserve(names_.size() * 48);
  for (const auto& [kind, pairs] :
       {std::pair{"D\t", &display_names_}, std::pair{"L\t", &lookup_}, std::pair{"W\t", &common_words_}}) {
    for (const auto& [first, second] : *pairs) {
      out += kind;
      append_field(out, first);
      out += '\t';
      append_field(out, second);
      out += '\n';
    }
  }
  for (const std::vector<std::string>& group : own_names_) {
    out += "O\t";
    append_joined(out, group, '|');
    out += '\n';
  }
  for (const CountryName& name : names_) {
    out += "N\t";
    append_field(out, name.code);
    out += '\t';
    append_field(out, name.language);
    out += '\t';
    const size_t flags_begin = out.size();
    for (size_t i = 0; i < kFlagMembers.size(); ++i) {
      if (name.*kFlagMembers[i]) out += kFlagLetters[i];
    }
    if (out.size() == flags_begin) out += '-';
    out += '\t';
    append_joined(out, name.folded_words, ' ');
    out += '\t';
    append_field(out, name.exact_form);
    out += '\t';
    append_field(out, name.context_code);
    out += '\t';
    append_joined(out, name.context_words, '|');
    out += '\t';
    append_field(out, name.unstemmed);
    out += '\n';
  }
  return out;
}

Gazetteer Gazetteer::from_compiled(std::string_view compiled) {
  Gazetteer gazetteer;
  gazetteer.names_.reserve(static_cast<size_t>(std::count(compiled.begin(), compiled.end(), '\n')));
  each_line(compiled, [&](std::string_view line, size_t line_number) {
    const std::vector<std::string_view> fields = fields_of(line, '\t');
    auto expect_fields = [&](size_t count) {
      if (fields.size() != count) {
        throw InputError("compiled gazetteer, line " + std::to_string(line_number) + ": expected " +
                         std::to_string(count) + " fields");
      }
    };
    if (fields[0] == "D" || fields[0] == "L" || fields[0] == "W") {
      expect_fields(3);
      (fields[0] == "D"   ? gazetteer.display_names_
       : fields[0] == "L" ? gazetteer.lookup_
                          : gazetteer.common_words_)
          .emplace_back(fields[1], fields[2]);
    } else if (fields[0] == "O") {
      expect_fields(2);
      const std::vector<std::string_view> group = fields_of(fields[1], '|');
      gazetteer.own_names_.emplace_back(group.begin(), group.end());
    } else if (fields[0] == "N") {
      expect_fields(9);
      CountryName& name = gazetteer.names_.emplace_back();
      name.code = fields[1];
      name.language = fields[2];
      for (size_t i = 0; i < kFlagMembers.size(); ++i) {
        name.*kFlagMembers[i] = fields[3].find(kFlagLetters[i]) != std::string_view::npos;
      }
      for (std::string_view word : fields_of(fields[4], ' ')) name.folded_words.emplace_back(word);
      name.exact_form = fields[5];
      name.context_code = fields[6];
      if (!fields[7].empty()) {
        for (std::string_view word : fields_of(fields[7], '|')) name.context_words.emplace_back(word);
      }
      name.unstemmed = fields[8];
    } else {
      throw InputError("compiled gazetteer, line " + std::to_string(line_number) + ": unknown kind of line");
    }
  });
  return gazetteer;
}

bool Gazetteer::is_country_code(std::string_view code) const {
  auto it = std::lower_bound(display_names_.begin(), display_names_.end(), code,
                             [](const auto& entry, std::string_view key) { return entry.first < key; });
  return it != display_names_.end() && it->first == code;
}

std::optional<std::string> Gazetteer::resolve(std::string_view code_or_name) const {
  const std::string key = join(folded_words_of(code_or_name));
  auto it = std::lower_bound(lookup_.begin(), lookup_.end(), key,
                             [](const auto& entry, const std::string& k) { return entry.first < k; });
  if (it != lookup_.end() && it->first == key) return it->second;
  return std::nullopt;
}

std::string Gazetteer::display_name(std::string_view code) const {
  auto it = std::lower_bound(display_names_.begin(), display_names_.end(), code,
                             [](const auto& entry, std::string_view key) { return entry.first < key; });
  return it != display_names_.end() && it->first == code ? it->second : std::string(code);
}

}  // namespace newsdex
