#include "country_finder.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <span>

namespace newsdex::index {
namespace {

// Evidence weights. A place named in the title says more than one named in the body
// (kTitleWeight), and the lede (the first lines, where the dateline is) says more than the rest.
constexpr double kLedeBonus = 1;
constexpr size_t kLedeBytes = 300;
// A country is "about" when named in the title, or named with at least this share of the
// evidence of the most-named country (and more than once in passing).
constexpr double kAboutShare = 0.4;
constexpr double kAboutMinimum = 2;

// A word of a caseless script (Thai, Arabic, Georgian, Han) is not capitalised: in those scripts
// no capital tells a name, so no rule that reads names by their capitals applies.
bool is_capitalised(std::string_view word) { return starts_upper_case(word); }

// The text between two words of a part.
std::string_view gap_between(std::string_view text, const Word& left, const Word& right) {
  const size_t end = left.offset + left.text.size();
  return text.substr(end, right.offset - end);
}

// True when only spaces separate two words (no comma, dash or full stop).
bool adjacent(std::string_view text, const Word& left, const Word& right) {
  for (size_t at = left.offset + left.text.size(); at < right.offset; ++at) {
    if (text[at] != ' ') return false;
  }
  return true;
}

// True when a word starts a sentence: nothing but spaces after a full stop, or the text's start.
bool starts_sentence(std::string_view text, const Word& word) {
  size_t at = word.offset;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\n')) --at;
  return at == 0 || text[at - 1] == '.' || text[at - 1] == '!' || text[at - 1] == '?' || text[at - 1] == '"';
}

// A capitalised word that is no place's and no English word, of three letters or more and in
// lower case after its first ("Sweeney", "Adesanya", "Denzel"; not "Harbour", "Defense", "FC"
// or "Ukraine"): a person's name, as far as the words around a place's name can tell. In
// another language's text, English words are not asked about.
bool looks_like_a_name(const PreparedPart& part, size_t k, const TaggerTables& tables, bool english = true,
                       bool as_surname = false) {
  // Words beside a place's name that the word lists have only capitalised, and that are nobody's
  // name: days and months ("Ukraine Tuesday", "On Tuesday Paris"), events.
  static constexpr std::string_view kNotNames[] = {
      "monday",   "tuesday", "wednesday", "thursday", "friday",    "saturday", "sunday",     "january",
      "february", "march",   "april",     "may",      "june",      "july",     "august",     "september",
      "october",  "november", "december", "christmas", "easter",   "olympics", "olympic",    "paralympics",
      "expo",     "biennale", "telecom"};
  const std::string_view word = part.words[k].text;
  if (word.size() < 3 || !is_capitalised(word) ||
      std::any_of(word.begin() + 1, word.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return false;
  // Given names that are English words too ("Tom Holland", "Bill Gates"), and, after a name that
  // is also a person's, the commonest such surnames ("Chad Smith"; not "Washington White House").
  static constexpr std::string_view kGivenNamesThatAreWords[] = {
      "tom", "bill", "will", "mark", "jack", "frank", "grant", "guy", "pat", "ray",  "bob",   "rob",  "don",
      "sue", "rose", "joy",  "dean", "drew", "gene",  "hope",  "kit", "max", "nick", "penny", "rich", "sean"};
  static constexpr std::string_view kSurnamesThatAreWords[] = {
      "smith",  "brown",  "young",  "king",   "baker",  "cook",   "carter", "parker",
      "taylor", "turner", "walker", "wright", "hunter", "fisher", "mason",  "miller",
      "porter", "cooper", "ward",   "white",  "green",  "black",  "hill"};
  const std::string& folded = part.folded[k];
  const auto listed = [&](std::span<const std::string_view> names) {
    return std::find(names.begin(), names.end(), folded) != names.end();
  };
  const bool known_name = listed(kGivenNamesThatAreWords) || (as_surname && listed(kSurnamesThatAreWords));
  if ((english && !known_name && tables.is_english_word(folded)) ||
      (part.facts[k] && part.facts[k]->longest_country_name > 0))
    return false;
  return std::find(std::begin(kNotNames), std::end(kNotNames), folded) == std::end(kNotNames);
}

// "Michael Jordan", "Chad Smith", "Paris Hilton": a name that is also a person's, written next
// to another capitalised name in running text, is a person. A headline strings names together
// ("Paris Olympics", "Chad Sudan border clashes"): there the neighbour must look like a person's
// name. (Headlines in title case are not asked at all.)
bool reads_as_person(const PreparedPart& part, size_t first, size_t count, const TaggerTables& tables, bool english) {
  const std::vector<Word>& words = part.words;
  const auto names_a_person = [&](size_t k, bool as_surname) {
    return part.is_title ? looks_like_a_name(part, k, tables, english, as_surname) : is_capitalised(words[k].text);
  };
  // At a sentence's start every word is capitalised: there, in English, the neighbour must look
  // like a person's name too ("Michael Jordan signed", not "Visit Jordan"). In another language
  // any word would ("Depuis Paris").
  if (first > 0 && adjacent(part.text, words[first - 1], words[first]) && names_a_person(first - 1, false) &&
      (part.is_title || !starts_sentence(part.text, words[first - 1]) ||
       (english && looks_like_a_name(part, first - 1, tables, english)))) {
    return true;
  }
  const size_t next = first + count;
  return next < words.size() && adjacent(part.text, words[next - 1], words[next]) && names_a_person(next, true);
}

// "Sydney Sweeney", "Kenya Moore", "Milan Kundera", "India Martínez", "Kuba Błaszczykowski": a
// place's one-word name before a word that looks like a person's name is a first name. Before
// an English word it is the place ("Sydney Harbour", "Israel Defense Forces", "Kenya Airways"),
// in English as in the languages that borrow such names.
bool reads_as_first_name(const PreparedPart& part, size_t i, const TaggerTables& tables) {
  const size_t next = i + 1;
  return next < part.words.size() && adjacent(part.text, part.words[i], part.words[next]) &&
         starts_upper_case(part.words[next].text) && looks_like_a_name(part, next, tables);
}

// The words Vietnamese writes before a person's given name ("ông Đức cho biết": Mr Đức said).
bool is_vietnamese_title(std::string_view word) {
  static constexpr std::string_view kTitles[] = {"ông", "Ông", "bà",  "Bà", "anh",  "Anh",  "chị", "Chị", "cô",
                                                 "Cô",  "chú", "Chú", "bác", "Bác", "cụ", "Cụ", "thầy", "Thầy"};
  return std::find(std::begin(kTitles), std::end(kTitles), word) != std::end(kTitles);
}

// Words that make a city's name part of a company's: "Halifax Engineering", "Louisville Gas".
constexpr std::string_view kCompanyWords[] = {
    "airlines",   "airways",   "bank",        "capital",    "chemical",        "chemicals",   "co",
    "company",    "corp",      "corporation", "electric",   "energy",          "engineering", "gas",
    "group",      "holdings",  "inc",         "industries", "insurance",       "investments", "ltd",
    "limited",    "mining",    "motors",      "partners",   "pharmaceuticals", "plc",         "power",
    "properties", "resources", "securities",  "steel",      "trust",           "ventures",    "packaging",
    "foods",      "brands",    "logistics",   "systems",    "technologies"};

// Words that make a country's name a street's in English: "Jamaica Avenue", "Portugal Street". (A
// street named after a city is mostly in that city's country: "Chicago Avenue".)
constexpr std::string_view kStreetWords[] = {"street", "st",      "avenue",   "ave",     "road",      "rd",  "lane",
                                             "drive",  "terrace", "crescent", "parkway", "boulevard", "blvd"};

// True when the name at words[first, first + count) names an English street: a capitalised
// street word follows it.
bool reads_as_a_street(const PreparedPart& part, size_t first, size_t count) {
  const size_t next = first + count;
  return next < part.words.size() && adjacent(part.text, part.words[next - 1], part.words[next]) &&
         starts_upper_case(part.words[next].text) &&
         std::find(std::begin(kStreetWords), std::end(kStreetWords), part.folded[next]) != std::end(kStreetWords);
}

// A city's name read as part of another name: a person's (after another capitalised name in
// running text: "Esteban Santiago"; or, in English, after a word that looks like a person's name
// anywhere: "Adriana Lima walked") or a company's (before a company word: "Halifax
// Engineering").
bool reads_as_part_of_a_name(const PreparedPart& part, size_t first, size_t count, const TaggerTables& tables,
                             bool english) {
  const std::vector<Word>& words = part.words;
  // A short word in capitals before a city is a club's or a company's ("FC Utrecht", "AC Milan"),
  // and the city is the club's; one capital letter is a person's initial ("B Lima").
  const auto is_short_capitals = [](std::string_view word) {
    constexpr size_t kShortest = 2, kLongest = 4;
    return word.size() >= kShortest && word.size() <= kLongest &&
           std::all_of(word.begin(), word.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  };
  if (first > 0 && is_capitalised(words[first - 1].text) && !is_short_capitals(words[first - 1].text) &&
      adjacent(part.text, words[first - 1], words[first])) {
    // A title-case headline capitalises its words, and a sentence its first ("In Lima"): there
    // only a word that looks like a person's name makes one ("Adriana Lima walked...").
    if (!part.capitalises_words && !starts_sentence(part.text, words[first - 1])) return true;
    if (english && looks_like_a_name(part, first - 1, tables)) return true;
  }
  const size_t next = first + count;
  return next < words.size() && adjacent(part.text, words[next - 1], words[next]) &&
         std::find(std::begin(kCompanyWords), std::end(kCompanyWords), part.folded[next]) != std::end(kCompanyWords);
}

// True when words[0, count) of the body are a dateline: the text opens with them, and a comma,
// a bracket or a dash follows ("LOUISVILLE, Ky., March 3 -", "HOUSTON (Reuters) -").
bool opens_dateline(const PreparedPart& part, size_t first, size_t count) {
  if (part.is_title || first != 0) return false;
  const Word& last = part.words[count - 1];
  const std::string_view after = trim(part.text.substr(last.offset + last.text.size(), 8));
  return after.starts_with(',') || after.starts_with('(') || after.starts_with('-') || after.starts_with("\u2013") ||
         after.starts_with("\u2014");
}

// The first words of a dateline's date: "ROCHESTER, N.Y., Feb 26 -".
constexpr std::string_view kMonthWords[] = {"jan",  "january", "feb",    "february", "mar",  "march",
                                            "apr",  "april",   "may",    "jun",      "june", "jul",
                                            "july", "aug",     "august", "sep",      "sept", "september",
                                            "oct",  "october", "nov",    "november", "dec",  "december"};

// True when what follows words[last] ends the region of a dateline: after the abbreviation's
// full stop, a bracket or a dash ("SACRAMENTO, Calif. (KTXL) --"), or a comma and the date
// ("ROCHESTER, N.Y., Feb 26 -"). A list ("Germany, France, Italy and Spain") has neither.
bool ends_dateline_region(const PreparedPart& part, size_t last) {
  const Word& word = part.words[last];
  std::string_view after = part.text.substr(word.offset + word.text.size(), 12);
  while (!after.empty() && (after.front() == '.' || after.front() == ' ')) after.remove_prefix(1);
  if (after.starts_with('(') || after.starts_with('-') || after.starts_with("\u2013") || after.starts_with("\u2014")) {
    return true;
  }
  return after.starts_with(',') && last + 1 < part.words.size() &&
         std::find(std::begin(kMonthWords), std::end(kMonthWords), part.folded[last + 1]) != std::end(kMonthWords);
}

// The word after the comma of a dateline that opens the body (or a title that repeats the body's
// start, as some feeds' do), when a region may follow its place: one to five capitalised words
// at the very start, then a comma ("ROCHESTER, ", "ST. CLAIR SHORES, "). 0 when there is none.
size_t dateline_region_start(const PreparedPart& part) {
  const std::vector<Word>& words = part.words;
  if (words.size() < 2 || !trim(part.text.substr(0, words[0].offset)).empty()) return 0;
  for (size_t next = 1; next < words.size() && next <= 5; ++next) {
    if (!is_capitalised(words[next - 1].text)) return 0;
    const std::string_view between = gap_between(part.text, words[next - 1], words[next]);
    if (between.find(',') != std::string_view::npos) return trim(between) == "," ? next : 0;
    if (between.find_first_not_of(" .'") != std::string_view::npos) return 0;
  }
  return 0;
}

// True when the name may be read at words[first, first + count): in its exact written form
// when it has one, else in any case unless it only names a country when capitalised.
bool written_as_named(const CountryName& name, const PreparedPart& part, size_t first, size_t count) {
  if (name.exact_form.empty()) return name.matches_lower_case || !starts_lower_case(part.words[first].text);
  std::vector<std::string> original;
  for (size_t k = first; k < first + count; ++k) original.emplace_back(part.words[k].text);
  return name.exact_form == join_words(original, 0, count);
}

// What Korean writes after a name in the same word: case and topic particles, and the suffixes
// of "person of" (인) and "made in" (산).
constexpr std::string_view kKoreanParticles[] = {"은",   "는",   "이",   "가",   "을",   "를",     "의",    "에",
                                                 "에서", "에게", "와",   "과",   "로",   "으로",   "도",    "만",
                                                 "까지", "부터", "보다", "에는", "에도", "에서는", "과의",  "와의",
                                                 "인",   "인들", "산",   "측",   "로서", "으로서", "로부터"};

// Chinese and Japanese compounds hold names as they are (中国人, 北京市, 日本人), but a name's
// characters also meet across two words (精英|国际, "elite international", holds 英国; 今日|本地
// holds 日本; 发展|中|国家, "developing countries", 中国). A Han name counts where ICU's dictionary
// word breaking starts a word with it, and ends one with it or reads it whole at the start of a
// longer word.
bool cuts_a_han_word(const PreparedPart& part, size_t first, size_t count) {
  const std::vector<Word>& words = part.words;
  auto adjoins = [&](size_t k) {  // words k and k + 1, both CJK, with nothing between them
    return words[k].offset + words[k].text.size() == words[k + 1].offset &&
           cjk_script(words[k].text) != CjkScript::kNone && cjk_script(words[k + 1].text) != CjkScript::kNone;
  };
  size_t run_first = first;
  while (run_first > 0 && adjoins(run_first - 1)) --run_first;
  size_t run_last = first + count - 1;
  while (run_last + 1 < words.size() && adjoins(run_last)) ++run_last;
  if (run_first == first && run_last == first + count - 1) return false;  // the name alone
  const size_t run_start = words[run_first].offset;
  const std::vector<size_t> boundaries = dictionary_word_boundaries(
      part.text.substr(run_start, words[run_last].offset + words[run_last].text.size() - run_start));
  const size_t name_start = words[first].offset - run_start;
  const size_t name_end = words[first + count - 1].offset + words[first + count - 1].text.size() - run_start;
  auto is_boundary = [&](size_t at) { return std::binary_search(boundaries.begin(), boundaries.end(), at); };
  const bool breaks_inside = std::any_of(boundaries.begin(), boundaries.end(),
                                         [&](size_t at) { return at > name_start && at < name_end; });
  return !is_boundary(name_start) || (!is_boundary(name_end) && breaks_inside);
}

// Korean and katakana write a name inside longer words of their own script (인도적,
// "humanitarian", holds 인도, India; マリン, "marine", holds マリ, Mali): there a name counts only as
// a whole word, or in Korean followed by a particle.
// What may stand between the characters of a CJK name: a space, the middle dots that join
// names (・ ･ ·).
constexpr std::string_view kJoiningGaps[] = {" ", "\u30FB", "\uFF65", "\u00B7"};

bool cuts_a_word(const PreparedPart& part, size_t first, size_t count) {
  const std::vector<Word>& words = part.words;
  const CjkScript script = cjk_script(words[first].text);
  // A name's characters stand together, or a space or a middle dot apart (Korean 한·미,
  // Japanese ボスニア・ヘルツェゴビナ): not across other punctuation (其中，国家 holds no 中国; 英，美
  // no 英美).
  if (script != CjkScript::kNone) {
    for (size_t k = first; k + 1 < first + count; ++k) {
      std::string_view gap = gap_between(part.text, words[k], words[k + 1]);
      while (!gap.empty()) {
        const auto dot = std::find_if(std::begin(kJoiningGaps), std::end(kJoiningGaps),
                                      [&](std::string_view joining) { return gap.starts_with(joining); });
        if (dot == std::end(kJoiningGaps)) return true;
        gap.remove_prefix(dot->size());
      }
    }
  }
  if (script == CjkScript::kHan) return cuts_a_han_word(part, first, count);
  if (script != CjkScript::kHangul && script != CjkScript::kKatakana) return false;
  // Words of the same script written without a space between them: one word. (Japanese writes
  // no spaces at all: a particle in hiragana before a name, 首相はドイツを, ends the word before.)
  auto joins_next = [&](size_t k) {
    return k + 1 < words.size() && words[k].offset + words[k].text.size() == words[k + 1].offset &&
           cjk_script(words[k].text) == script && cjk_script(words[k + 1].text) == script;
  };
  if (first > 0 && joins_next(first - 1)) return true;
  std::string rest;
  for (size_t k = first + count - 1; joins_next(k); ++k) rest += words[k + 1].text;
  if (rest.empty()) return false;
  return script == CjkScript::kKatakana ||
         std::find(std::begin(kKoreanParticles), std::end(kKoreanParticles), rest) == std::end(kKoreanParticles);
}

// Languages that write a name's cases after the whole name (Finnish "Nigeriassa", "Nigerissä"),
// where other languages change its last vowel (Russian "Нигерии", "Нигере").
bool keeps_names_whole(std::string_view language) {
  static constexpr std::string_view kLanguages[] = {"fi", "et", "hu", "tr", "az"};
  return std::find(std::begin(kLanguages), std::end(kLanguages), language) != std::end(kLanguages);
}

// Of the names read at a place (`may_read` says which may be) whose stems meet another
// country's (Niger's and Nigeria's, in Russian both "нигер"), the one the text's folded words
// follow furthest before they part: "нигерии" is Nigeria's "нигерия", "нигере" Niger's "нигер".
// Words that end inside a name follow it no further than its shorter twin (Slovak "v Nigeri", in
// Niger, is no "Nigéria"). Where words follow two alike, the shorter name, whose forms they are
// ("нигеру"); in a language that keeps names whole, the longest name the words start with
// ("nigerissä" is Niger's, "nigeriassa" Nigeria's). Null when no name read there has a twin.
template <typename MayRead>
const CountryName* closest_in_form(const std::vector<const CountryName*>& names, std::string_view words,
                                   MayRead may_read) {
  const CountryName* closest = nullptr;
  size_t closest_reach = 0;
  for (const CountryName* name : names) {
    const std::string_view form = name->unstemmed;
    if (form.empty() || !may_read(*name)) continue;
    size_t reach = std::mismatch(form.begin(), form.end(), words.begin(), words.end()).first - form.begin();
    while (reach > 0 && reach < form.size() && (static_cast<unsigned char>(form[reach]) & 0xC0) == 0x80) --reach;
    if (reach < form.size() && (reach == words.size() || keeps_names_whole(name->language))) reach = 0;
    if (!closest || reach > closest_reach || (reach == closest_reach && form.size() < closest->unstemmed.size())) {
      closest = name;
      closest_reach = reach;
    }
  }
  return closest;
}

// The evidence of the countries named in one article.
class CountryEvidence {
 public:
  // `senses`: the other places that names meaning them too mean throughout this article, as a
  // first reading found (new_senses()).
  CountryEvidence(const PreparedText& text, const TaggerTables& tables, std::set<std::string> senses = {})
      : text_(text), tables_(tables), senses_(std::move(senses)) {}

  // The other places (context codes) that this reading found a name to mean by where it stands
  // ("ATHENS, Georgia", "Athens, Georgia, police said") and that it did not know of before: an
  // article means one Georgia throughout.
  std::set<std::string> new_senses() const {
    std::set<std::string> found;
    for (const std::string& sense : found_senses_) {
      if (!senses_.contains(sense)) found.insert(sense);
    }
    return found;
  }

  // Counts the names of one part, matched longest first.
  void scan(const PreparedPart& part) {
    size_t i = 0;
    if (const std::optional<DatelineRegion> region = dateline_region(part)) {
      // The place counts only for the region's country (Melbourne, Fla. is not in Australia;
      // Calgary, Alberta is twice Canada).
      only_code_ = region->code;
      while (i < region->first) i += read_name(part, i);
      only_code_.clear();
      count(region->code, part, region->first);
      i = region->end;
    }
    while (i < part.words.size()) i += read_name(part, i);
  }

  CountryFindings findings() const {
    // A name withheld by its context ("Turkey" beside "Thanksgiving") counts where the text
    // names the country otherwise too ("Ankara", "Turkish").
    std::map<std::string, double> scores = scores_;
    std::set<std::string> in_title = in_title_;
    for (const auto& [code, score] : withheld_scores_) {
      if (!scores.contains(code)) continue;
      scores[code] += score;
      if (withheld_in_title_.contains(code)) in_title.insert(code);
    }
    const std::vector<ScoredCode> named = ranked(scores);
    const double top = named.empty() ? 0 : named.front().score;
    CountryFindings findings;
    for (const ScoredCode& country : named) {
      findings.mentioned.push_back(country.code);
      if (in_title.contains(country.code) || (country.score >= kAboutMinimum && country.score >= kAboutShare * top)) {
        findings.about.push_back({country.code, rounded(country.score / top)});
      }
    }
    return findings;
  }

 private:
  // The words a name starting at part.words[i] takes (1 when none starts there), its evidence
  // counted.
  size_t read_name(const PreparedPart& part, size_t i) {
    // Most words start no country's name: what the tagger knows of them rules them out.
    const WordFacts* facts = part.facts[i];
    // The names every article may use all start with a capital (written_as_named): a word in
    // lower case ("new", "long", "port") starts none of them, however many names it begins.
    const bool may_start_name = facts && facts->longest_country_name > 0 && !starts_lower_case(part.words[i].text);
    Reading reading = may_start_name
                          ? read_at(tables_.country_phrases, part.folded, part, i, facts->longest_country_name)
                          : Reading{};
    // A longer name of the article's own language wins: Spanish "Guinea Ecuatorial" is no
    // English "Guinea" before a capitalised word (which reads as a person's name).
    const CountryPhrases* local = text_.local_phrases();
    const auto read_local = [&](const std::vector<std::string>& keys) {
      auto first = local->lengths.find(keys[i]);
      if (first == local->lengths.end()) return;
      Reading local_reading = read_at(*local, keys, part, i, first->second);
      if (local_reading.words > reading.words) reading = std::move(local_reading);
    };
    if (local) read_local(part.stemmed);
    if (local && text_.local_names_as_written()) read_local(part.folded);
    if (!reading.name) return reading.words ? reading.words : 1;
    if (reading.name->names_several) {  // "日米": every country it joins
      for (const CountryName* joined : *reading.same_words) {
        if (joined->names_several && written_as_named(*joined, part, i, reading.words)) count(joined->code, part, i);
      }
      return reading.words;
    }
    std::string code = resolved_code(*reading.name);
    if (is_town_of_the_country_after(*reading.name, code, part, i, reading.words)) return reading.words;
    // "Athens, Georgia, police said": after a city of another country and a comma, a name that
    // also means another place (the US state) is that place.
    if (!reading.name->context_code.empty() && code == reading.name->code &&
        follows_a_foreign_city(*reading.name, part, i, reading.words)) {
      code = reading.name->context_code;
      found_senses_.insert(code);
    }
    // "Lebanon, Ohio", "Dublin, Ohio", "London, Ontario": a town of the region's country. The
    // region's full name counts when it is read next; an abbreviation ("Peru, Ind.") here.
    if (const std::optional<RegionAfter> region = region_after(part, i, reading.words);
        region && region->code != code) {
      if (!region->counts_as_name) count(region->code, part, i);
    } else if (code.empty() && !opens_dateline(part, i, reading.words)) {
      withhold(reading.name->code, part, i);  // a name that means no country beside its context's words
    } else if (code.empty()) {
      count(reading.name->code, part, i);  // the dateline's place ("BRUSSELS, March 3 - The EU...")
    } else if (reads_as_first_name_in_headline(*reading.name, part, i, reading.words) ||
               may_be_a_common_word(part, i, reading.words)) {
      withhold(code, part, i);
    } else {
      count(code, part, i);
    }
    return reading.words;
  }

  // True when the one-word name at part.words[i] is also a common word of the article's language
  // and starts a sentence or the headline, where every word is capitalised: Polish "Mali
  // przedsiębiorcy" (small businesses), Turkish "Mali tablolar" (financial statements). There it
  // counts only where the text names the country otherwise.
  bool may_be_a_common_word(const PreparedPart& part, size_t i, size_t n) const {
    const CountryPhrases* local = text_.local_phrases();
    if (n != 1 || !local || local->common_words.empty()) return false;
    if (part.is_title ? i != 0 : !starts_sentence(part.text, part.words[i])) return false;
    return local->common_words.contains(lower_case(part.words[i].text));
  }

  // An English headline strings names together ("Myanmar Rohingya violence", "Houston Astros"),
  // so a city's one-word name, or a place's that is also a person's, before a word that looks like a
  // person's name is read as a first name only when the text names the country nowhere else:
  // "Sydney Sweeney to star in biopic", "Florence Pugh joins cast", "Kenya Moore returns". Not
  // before a plural, a team's or a people's name ("Pittsburgh Steelers"), nor a country's name
  // that is seldom a given name ("Mexico Mormon family"), nor in a headline in title case.
  bool reads_as_first_name_in_headline(const CountryName& name, const PreparedPart& part, size_t i, size_t n) const {
    static constexpr std::string_view kCountriesThatAreGivenNames[] = {"india", "kenya",   "israel", "china",
                                                                       "cuba",  "ireland", "america"};
    const size_t next = i + 1;
    const bool given_name = name.may_be_person || (name.is_city && !name.is_country_name) ||
                            std::find(std::begin(kCountriesThatAreGivenNames), std::end(kCountriesThatAreGivenNames),
                                      part.folded[i]) != std::end(kCountriesThatAreGivenNames);
    return part.is_title && !part.capitalises_words && n == 1 && text_.reads_as_english() && given_name &&
           next < part.words.size() && !part.folded[next].ends_with('s') && reads_as_first_name(part, i, tables_);
  }

  // True when the city's name at part.words[i] (n words, naming `code`) is followed by a comma and
  // the name of another country (not a city's), which ends a clause there (ends_a_clause): a
  // town of that country, which counts when read next ("Perth, Scotland, bids for...",
  // "Hyderabad, Pakistan."). Only in English, whose news writes towns so.
  bool is_town_of_the_country_after(const CountryName& city, const std::string& code, const PreparedPart& part,
                                    size_t i, size_t n) const {
    const size_t k = i + n;
    if (!city.is_city || code.empty() || k >= part.words.size() || !text_.reads_as_english()) return false;
    if (i > 0 && gap_between(part.text, part.words[i - 1], part.words[i]).find(',') != std::string_view::npos)
      return false;
    if (trim(gap_between(part.text, part.words[k - 1], part.words[k])) != ",") return false;
    const WordFacts* facts = part.facts[k];
    if (!facts || facts->longest_country_name == 0 || !is_capitalised(part.words[k].text)) return false;
    const Reading next = read_at(tables_.country_phrases, part.folded, part, k, facts->longest_country_name);
    if (!next.name || next.name->is_city || next.name->code.empty() || resolved_code(*next.name) == code) return false;
    return ends_a_clause(part, k + next.words);
  }

  // True when part.words[after - 1] ends a clause that goes on no list: the part's end, a full
  // stop or a bracket, or a comma before a word in lower case that is no "and" or "or" ("Perth,
  // Scotland, bids"); not a word right after ("Unlike Paris, Germany has..."), nor a list ("Paris,
  // Germany and Italy", "Tokyo, Seoul, Beijing").
  static bool ends_a_clause(const PreparedPart& part, size_t after) {
    if (after >= part.words.size()) return true;
    const std::string_view gap = trim(gap_between(part.text, part.words[after - 1], part.words[after]));
    if (gap.empty()) return false;
    if (gap != ",") return gap.find_first_of(".;:!?)") != std::string_view::npos;
    return !is_capitalised(part.words[after].text) && part.folded[after] != "and" && part.folded[after] != "or";
  }

  // True when the name at part.words[i] (n words) follows a city of another country than its
  // own and a comma, and ends a clause there (ends_a_clause): "Athens, Georgia, police said",
  // "Rome, Georgia."; not "Tbilisi, Georgia", "Moscow, Georgia and Ukraine" or "Unlike Moscow,
  // Georgia has".
  bool follows_a_foreign_city(const CountryName& name, const PreparedPart& part, size_t i, size_t n) const {
    constexpr size_t kLongestCity = 2;  // words
    if (i == 0 || !text_.reads_as_english() || trim(gap_between(part.text, part.words[i - 1], part.words[i])) != ",")
      return false;
    if (!ends_a_clause(part, i + n)) return false;
    for (size_t words = 1; words <= kLongestCity && words <= i; ++words) {
      const size_t first = i - words;
      if (first > 0 &&
          gap_between(part.text, part.words[first - 1], part.words[first]).find(',') != std::string_view::npos)
        continue;  // itself in a list
      if (is_place_of_another_country(part, first, i, name.code, true)) return true;
    }
    return false;
  }

  // A state's or province's name after a comma (dateline_regions.tsv), and whether it counts on
  // its own as a name every article may use ("Ohio" does, "Ind." only in a dateline).
  struct RegionAfter {
    std::string code;
    bool counts_as_name = false;
  };

  // True when part.words[k] goes on a list: "and" or "or", or a comma and a capitalised word
  // ("Mexico, Texas and Louisiana", "Canada, Ohio, Michigan"); not a comma and a word in lower
  // case ("Lebanon, Ohio, approved"), nor the text's or sentence's end.
  static bool continues_a_list(const PreparedPart& part, size_t k) {
    if (k >= part.words.size()) return false;
    const std::string_view between = trim(gap_between(part.text, part.words[k - 1], part.words[k]));
    if (between.empty()) return part.folded[k] == "and" || part.folded[k] == "or";
    return between == "," && is_capitalised(part.words[k].text);
  }

  // The region named after a comma that follows the place at part.words[i] (n words), if any:
  // "Lebanon, Ohio". None in a list ("Paris, London, Berlin", "Mexico, Texas and Louisiana",
  // "Canada, Ohio, Michigan"), and none but in English, whose local news writes towns so.
  std::optional<RegionAfter> region_after(const PreparedPart& part, size_t i, size_t n) const {
    const size_t k = i + n;
    if (k >= part.words.size() || !text_.reads_as_english()) return std::nullopt;
    if (i > 0 && gap_between(part.text, part.words[i - 1], part.words[i]).find(',') != std::string_view::npos)
      return std::nullopt;
    if (trim(gap_between(part.text, part.words[k - 1], part.words[k])) != ",") return std::nullopt;
    const auto longest = tables_.dateline_regions.lengths.find(part.folded[k]);
    if (longest == tables_.dateline_regions.lengths.end()) return std::nullopt;
    for (size_t n = std::min(longest->second, part.words.size() - k); n > 0; --n) {
      const std::string key = join_words(part.folded, k, k + n);
      auto found = tables_.dateline_regions.names.find(key);
      if (found == tables_.dateline_regions.names.end()) continue;
      if (continues_a_list(part, k + n)) return std::nullopt;
      for (const CountryName* name : found->second) {
        if (written_as_named(*name, part, k, n))
          return RegionAfter{name->code, tables_.country_phrases.names.contains(key)};
      }
    }
    return std::nullopt;
  }

  // The region a dateline names after its place: words [first, end) of the body.
  struct DatelineRegion {
    size_t first = 0;
    size_t end = 0;
    std::string code;
  };

  // The region of a dateline that opens the body ("ROCHESTER, N.Y., Feb 26 -", "LONDON,
  // Ontario (Reuters) -"), if it has one.
  std::optional<DatelineRegion> dateline_region(const PreparedPart& part) const {
    const size_t first = dateline_region_start(part);
    if (first == 0) return std::nullopt;
    // A title is read as a dateline only when it repeats the text's start, as some feeds' items
    // do: "Russia, Ukraine – live updates" is a headline of two countries.
    if (part.is_title) {
      const PreparedPart& body = text_.body();
      if (body.folded.size() < first + 1 ||
          !std::equal(part.folded.begin(), part.folded.begin() + static_cast<std::ptrdiff_t>(first + 1),
                      body.folded.begin()))
        return std::nullopt;
    }
    for (const CountryPhrases* phrases : {&tables_.dateline_regions, &tables_.country_phrases}) {
      const auto longest = phrases->lengths.find(part.folded[first]);
      if (longest == phrases->lengths.end()) continue;
      for (size_t n = std::min(longest->second, part.words.size() - first); n > 0; --n) {
        auto found = phrases->names.find(join_words(part.folded, first, first + n));
        if (found == phrases->names.end() || !ends_dateline_region(part, first + n - 1)) continue;
        for (const CountryName* name : found->second) {
          if (!name->code.empty() && written_as_named(*name, part, first, n)) {
            // "ATHENS, Georgia", "ROME, Georgia": after a place of another country, the name is
            // the other place it names (the US state), not the country ("TBILISI, Georgia").
            const bool after_a_foreign_place =
                !name->context_code.empty() && is_place_of_another_country(part, 0, first, name->code);
            if (after_a_foreign_place) found_senses_.insert(name->context_code);
            return DatelineRegion{first, first + n, after_a_foreign_place ? name->context_code : resolved_code(*name)};
          }
        }
      }
    }
    return std::nullopt;
  }

  // The country name read at part.words[i], if any; nothing counted yet.
  struct Reading {
    size_t words = 0;                         // 0: no name starts there
    const CountryName* name = nullptr;        // null: a phrase that only looks like a name, or a person's
    const std::vector<const CountryName*>* same_words = nullptr;  // every name read there, `name` among them
  };
  Reading read_at(const CountryPhrases& phrases, const std::vector<std::string>& keys, const PreparedPart& part,
                  size_t i, size_t longest) const {
    for (size_t n = std::min(longest, part.words.size() - i); n > 0; --n) {
      auto found = phrases.names.find(join_words(keys, i, i + n));
      if (found == phrases.names.end() || cuts_a_word(part, i, n)) continue;
      const auto may_read = [&](const CountryName& name) { return written_as_named(name, part, i, n); };
      const bool has_twins = std::any_of(found->second.begin(), found->second.end(),
                                         [](const CountryName* name) { return !name->unstemmed.empty(); });
      const CountryName* closest =
          has_twins ? closest_in_form(found->second, join_words(part.folded, i, i + n), may_read) : nullptr;
      for (const CountryName* name : found->second) {
        if (!may_read(*name) || (!name->unstemmed.empty() && name != closest)) continue;
        if (name->code.empty()) return {n};  // a phrase that only looks like a country
        if (name->dateline_only && !opens_dateline(part, i, n) && !follows_a_place_preposition(part, i, n)) continue;
        if (reads_as_another_name(*name, part, i, n) || (part.is_title && text_reads_as_another_name(*name, part, i, n)))
          return {n};
        return {n, name, &found->second};
      }
    }
    return {};
  }

  // True when a GeoNames city's name at part.words[i] (n words) follows "in", "near", "outside",
  // "from" or "around" in English text (a headline's too), is no English word and stands before
  // no other capitalised word: "farmers around Nagpur", "the plant in Kazan" name the place,
  // where "in Reading", "from Mobile" or "in Jackson Hole" may not.
  bool follows_a_place_preposition(const PreparedPart& part, size_t i, size_t n) const {
    static constexpr std::string_view kPrepositions[] = {"in", "near", "outside", "from", "around"};
    if (i == 0 || !text_.reads_as_english() || !adjacent(part.text, part.words[i - 1], part.words[i]) ||
        std::find(std::begin(kPrepositions), std::end(kPrepositions), part.folded[i - 1]) == std::end(kPrepositions))
      return false;
    for (size_t k = i; k < i + n; ++k) {
      if (!is_capitalised(part.words[k].text) || tables_.is_english_word(part.folded[k])) return false;
    }
    const size_t next = i + n;
    return next >= part.words.size() || !adjacent(part.text, part.words[next - 1], part.words[next]) ||
           !is_capitalised(part.words[next].text);
  }

  // True when the place's name at part.words[i] (n words) is part of a person's, a company's or a
  // street's name there: "Chad Smith", "Halifax Engineering", "Sydney Sweeney", "Jamaica Avenue".
  bool reads_as_another_name(const CountryName& name, const PreparedPart& part, size_t i, size_t n) const {
    if (name.is_city && reads_as_part_of_a_name(part, i, n, tables_, text_.reads_as_english())) return true;
    if (name.is_country_name && text_.reads_as_english() && reads_as_a_street(part, i, n)) return true;
    return reads_as_a_persons_name(name, part, i, n);
  }

  // True when the place's name at part.words[i] (n words) is a person's first or last name there:
  // "Chad Smith", "Sydney Sweeney", "Kuba Nowakowski".
  bool reads_as_a_persons_name(const CountryName& name, const PreparedPart& part, size_t i, size_t n) const {
    if (text_.writes_given_name_last()) return name.may_be_person && reads_as_given_name(part, i, n);
    const bool english = text_.reads_as_english();
    if (name.may_be_person && !part.capitalises_words && reads_as_person(part, i, n, tables_, english)) return true;
    // Not in an English headline, which strings names together ("Israel Hamas war"), nor in one
    // in title case; other languages' headlines write sentences ("Kuba Nowakowski zdobył
    // bramkę").
    const bool reads_names_here = !part.is_title || (!english && !part.capitalises_words);
    if (text_.writes_possessor_first() && !name.language.empty()) return false;
    return n == 1 && reads_names_here && (name.is_city || name.is_country_name) && text_.capitalises_only_names() &&
           reads_as_first_name(part, i, tables_) && !starts_local_name(part, i + 1) &&
           !text_.reads_as_genitive(part, i);
  }

  // True when part.words[k] starts a country's name in the article's own language: no person's
  // name beside a place ("Soomest Rootsi", from Finland to Sweden).
  bool starts_local_name(const PreparedPart& part, size_t k) const {
    const CountryPhrases* local = text_.local_phrases();
    if (!local || k >= part.stemmed.size()) return false;
    return local->lengths.contains(part.stemmed[k]) ||
           (text_.local_names_as_written() && local->lengths.contains(part.folded[k]));
  }

  // In a language that writes the given name last: true when the place's name at part.words[i]
  // (n words) follows a title ("ông Đức") or another capitalised word inside a sentence
  // ("Nguyễn Minh Đức"), or stands among capitalised words at a sentence's start ("Mỹ Tâm hát",
  // "Nguyễn Đức Chung"; not "Tại Đức", in Germany). Before a name inside a sentence it is the
  // person's country ("Ngoại trưởng Mỹ Antony Blinken").
  static bool reads_as_given_name(const PreparedPart& part, size_t i, size_t n) {
    const std::vector<Word>& words = part.words;
    const bool after_a_word = i > 0 && adjacent(part.text, words[i - 1], words[i]);
    if (after_a_word && is_vietnamese_title(words[i - 1].text)) return true;
    const size_t next = i + n;
    const bool before_a_name =
        next < words.size() && adjacent(part.text, words[next - 1], words[next]) && is_capitalised(words[next].text);
    if (after_a_word && is_capitalised(words[i - 1].text)) {
      return !starts_sentence(part.text, words[i - 1]) || before_a_name;
    }
    return (i == 0 || starts_sentence(part.text, words[i])) && before_a_name;
  }

  // True when the article's text has the headline's name at title.words[i] (n words) with the
  // same word after it, and reads it there as a person's name: a headline strings names
  // together, but "Israel Adesanya" in the text says whose name the headline's is. (Not a
  // club's or a court's, which are the place's too: "FC Utrecht".)
  bool text_reads_as_another_name(const CountryName& name, const PreparedPart& title, size_t i, size_t n) const {
    const PreparedPart& body = text_.body();
    if (i + n >= title.folded.size()) return false;
    const auto name_and_next = title.folded.begin() + static_cast<std::ptrdiff_t>(i);
    for (size_t j = 0; j + n < body.folded.size(); ++j) {
      if (std::equal(name_and_next, name_and_next + static_cast<std::ptrdiff_t>(n + 1),
                     body.folded.begin() + static_cast<std::ptrdiff_t>(j)) &&
          reads_as_a_persons_name(name, body, j, n))
        return true;
    }
    return false;
  }

  // True when part.words[first, end) name a place, and of a country other than `code`.
  // With `cities_only`, only a city's name that is no country's own counts.
  bool is_place_of_another_country(const PreparedPart& part, size_t first, size_t end, const std::string& code,
                                   bool cities_only = false) const {
    const auto found = tables_.country_phrases.names.find(join_words(part.folded, first, end));
    if (found == tables_.country_phrases.names.end()) return false;
    return std::any_of(found->second.begin(), found->second.end(), [&](const CountryName* name) {
      return !name->code.empty() && name->code != code && (!cities_only || (name->is_city && !name->is_country_name));
    });
  }

  // The code a name stands for here: the other place its context words, or where the article
  // names it elsewhere, say it means ("Georgia" beside "Atlanta" or "Ga.", or after "ATHENS,
  // Georgia"), else its own.
  std::string resolved_code(const CountryName& name) const {
    if (!name.context_code.empty() && senses_.contains(name.context_code)) return name.context_code;
    std::string_view code = name.code;
    for (const std::string& word : name.context_words) {
      if (text_.contains(word)) code = name.context_code;
    }
    return std::string(code);
  }

  // What a name at part.words[i] weighs: more in the title and the lede.
  static double weight_at(const PreparedPart& part, size_t i) {
    double weight = part.is_title ? kTitleWeight : 1;
    if (!part.is_title && part.words[i].offset < kLedeBytes) weight += kLedeBonus;
    return weight;
  }

  // Adds a name's evidence for `code` at part.words[i] to `scores` (and `in_title`).
  void add_evidence(std::map<std::string, double>& scores, std::set<std::string>& in_title, const std::string& code,
                    const PreparedPart& part, size_t i) const {
    if (code.empty() || (!only_code_.empty() && code != only_code_)) return;
    scores[code] += weight_at(part, i);
    if (part.is_title) in_title.insert(code);
  }
  void count(const std::string& code, const PreparedPart& part, size_t i) {
    add_evidence(scores_, in_title_, code, part, i);
  }
  void withhold(const std::string& code, const PreparedPart& part, size_t i) {
    add_evidence(withheld_scores_, withheld_in_title_, code, part, i);
  }

  const PreparedText& text_;
  const TaggerTables& tables_;
  std::map<std::string, double> scores_;  // by code: ordered, so that ties rank by code
  std::set<std::string> in_title_;
  std::map<std::string, double> withheld_scores_;  // names their context made no country's
  std::set<std::string> withheld_in_title_;
  std::string only_code_;  // while reading a dateline's place: the only country it may count for
  // Places that names meaning another place too mean here, as a first reading found.
  std::set<std::string> senses_;
  // What this reading found so; dateline_region, a const reading, records the dateline's.
  mutable std::set<std::string> found_senses_;
};

}  // namespace

CountryFindings find_countries(const PreparedText& text, const TaggerTables& tables) {
  CountryEvidence evidence(text, tables);
  for (const PreparedPart& part : text.parts()) evidence.scan(part);
  std::set<std::string> senses = evidence.new_senses();
  if (senses.empty()) return evidence.findings();
  // Where the name stood told its sense ("Athens, Georgia, named best college town"): the
  // article is read again with that sense for every mention ("the University of Georgia").
  CountryEvidence again(text, tables, std::move(senses));
  for (const PreparedPart& part : text.parts()) again.scan(part);
  return again.findings();
}

}  // namespace newsdex::index
