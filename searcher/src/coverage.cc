#include "coverage.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <span>
#include <unordered_map>

#include <unicode/dtfmtsym.h>
#include <nlohmann/json.hpp>

#include "facet_counter.h"
#include "newsdex/enum_names.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/text.h"
#include "newsdex/time.h"

namespace newsdex::embedded {
extern const std::string_view kStopWordTable;  // "language<TAB>word" lines (tools/stop_words.pl)
}

namespace newsdex::search {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// A timeline of more periods than this is a mistake (years by day): it asks for --by week or month.
constexpr size_t kMaxPeriods = 20'000;
// --by term: the words of the window's articles most telling against the whole archive
// (Xapian's ESet of them), at most this many, are counted.
constexpr Xapian::termcount kTermCandidates = 40;
// ...read from at most this many of the window's newest articles.
constexpr Xapian::doccount kTermSampleArticles = 300;
// Words in more than this share of all articles are boilerplate or grammar, not news.
constexpr double kMaxTermShare = 0.05;

// Common English words that an ESet of a small window can still rank high.
constexpr std::string_view kStopWords[] = {
    "about",  "after",  "again",  "against", "all",   "also",  "and",   "any",     "are",   "because",
    "been",   "before", "being",  "between", "both",  "but",   "can",   "could",   "did",   "does",
    "doing",  "down",   "during", "each",    "few",   "for",   "from",  "further", "had",   "has",
    "have",   "having", "her",    "here",    "hers",  "him",   "his",   "how",     "into",  "its",
    "itself", "just",   "more",   "most",    "not",   "now",   "off",   "once",    "only",  "other",
    "our",    "ours",   "out",    "over",    "own",   "said",  "same",  "says",    "she",   "should",
    "some",   "such",   "than",   "that",    "the",   "their", "them",  "then",    "there", "these",
    "they",   "this",   "those",  "through", "too",   "under", "until", "very",    "was",   "were",
    "what",   "when",   "where",  "which",   "while", "who",   "whom",  "why",     "will",  "with",
    "would",  "year",   "years",  "you",     "your",  "new",   "one",   "two",     "told",  "like"};

sys_days day_of(Timestamp time) { return std::chrono::floor<days>(time); }

sys_days period_start(sys_days day, Period by) {
  switch (by) {
    case Period::kDay: return day;
    case Period::kWeek: return day - days((std::chrono::weekday(day).c_encoding() + 6) % 7);  // its Monday
    case Period::kMonth: {
      const std::chrono::year_month_day date(day);
      return sys_days(date.year() / date.month() / 1);
    }
  }
  return day;
}

sys_days next_period(sys_days start, Period by) {
  if (by == Period::kDay) return start + days(1);
  if (by == Period::kWeek) return start + days(7);
  const std::chrono::year_month_day date(start);
  return sys_days(date.year() / date.month() / 1 + std::chrono::months(1));
}

std::string period_label(sys_days start, Period by) {
  return by == Period::kMonth ? format_month(Timestamp(start)) : format_day(Timestamp(start));
}

// Articles per day (UTC) of everything `query` matches, counted with Xapian's stock
// ValueCountMatchSpy on the day slot, which the server of remote shards runs too. Where some
// articles were written before day values existed, their published times are counted instead.
std::map<sys_days, uint64_t> count_days(const Xapian::Database& database, const Xapian::Query& query) {
  const bool by_day_value =
      database.get_value_freq(schema::kDaySlot) == database.get_value_freq(schema::kPublishedSlot);
  Xapian::ValueCountMatchSpy spy(by_day_value ? schema::kDaySlot : schema::kPublishedSlot);
  Xapian::Enquire enquire(database);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, database.get_doccount());
  std::map<sys_days, uint64_t> per_day;
  for (auto value = spy.values_begin(); value != spy.values_end(); ++value) {
    const std::optional<Timestamp> time = by_day_value ? parse_rfc3339(*value) : schema::decode_time(*value);
    if (time) per_day[day_of(*time)] += value.get_termfreq();
  }
  return per_day;
}

// The codes of a multi-valued facet (country or topic) a document holds: its set slot, or, in an
// index written before set slots, its position slots.
std::vector<std::string> codes_of(const Xapian::Document& document, Facet facet, bool has_set) {
  const FacetSlots slots = slots_of(facet);
  if (has_set) return schema::split_set(document.get_value(*slots.set));
  std::vector<std::string> codes;
  for (unsigned i = 0; i < slots.count; ++i) {
    std::string code = document.get_value(slots.first + i);
    if (code.empty()) break;
    codes.push_back(std::move(code));
  }
  return codes;
}

bool has_set_slot(const Xapian::Database& database, Facet facet) {
  return database.get_value_freq(*slots_of(facet).set) > 0;
}

// The values of a country or topic facet among what `query` matches, most frequent first.
std::vector<std::string> top_values(const Xapian::Database& database, const Xapian::Query& query, Facet facet,
                                    unsigned limit) {
  Xapian::Enquire enquire(database);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const FacetCounter counter(facet, enquire, database);
  enquire.get_mset(0, 0, database.get_doccount());
  std::vector<std::string> values;
  for (const FacetCount& count : counter.result(limit).counts) values.push_back(count.value);
  return values;
}

// What trends need to know of one value: its articles in the window and the baseline, per
// source, and per day.
struct ValueTally {
  uint64_t window = 0;
  uint64_t baseline = 0;
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> by_source;  // (window, baseline)
  std::map<int64_t, uint32_t> by_day;                                        // days since the epoch
};

// Tallies the matches of a trends query by value, window or baseline, source and day: one pass
// over the (window + baseline) matches, reading three or four values a document. A match spy of
// newsdex's own, so local shards only (the stock server of remote shards cannot run it).
class TrendTally : public Xapian::MatchSpy {
 public:
  TrendTally(TrendDimension by, bool has_set, double window_start, std::string fixed_value = {})
      : by_(by), has_set_(has_set), window_start_(window_start), fixed_value_(std::move(fixed_value)) {}

  void operator()(const Xapian::Document& document, double) override {
    const std::string published = document.get_value(schema::kPublishedSlot);
    if (published.empty()) return;
    const double seconds = Xapian::sortable_unserialise(published);
    const bool in_window = seconds > window_start_;
    const auto day = static_cast<int64_t>(std::floor(seconds / 86400));
    const std::string source = document.get_value(schema::kSourceSlot);
    auto tally = [&](const std::string& value) {
      ValueTally& counts = tallies_[value];
      auto& [window, baseline] = counts.by_source[source];
      if (in_window) {
        ++counts.window;
        ++window;
      } else {
        ++counts.baseline;
        ++baseline;
      }
      ++counts.by_day[day];
    };
    switch (by_) {
      case TrendDimension::kCountry:
      case TrendDimension::kTopic:
        for (const std::string& code :
             codes_of(document, by_ == TrendDimension::kCountry ? Facet::kCountry : Facet::kTopic, has_set_)) {
          tally(code);
        }
        break;
      case TrendDimension::kSource:
        if (!source.empty()) tally(source);
        break;
      case TrendDimension::kTerm: tally(fixed_value_); break;
    }
  }

  std::unordered_map<std::string, ValueTally>& tallies() { return tallies_; }

 private:
  TrendDimension by_;
  bool has_set_;
  double window_start_;
  std::string fixed_value_;
  std::unordered_map<std::string, ValueTally> tallies_;
};

// The grammar words and the names of days and months of each language, folded as index terms
// are: what an archive in that language would otherwise rank as trends ("las", "della",
// "samedi"). Stop words from Lingua::StopWords; days and months from ICU's locale data.
class LanguageStopWords {
 public:
  static const LanguageStopWords& instance() {
    static const LanguageStopWords words;
    return words;
  }

  // The languages (ISO 639-1) in which `term` is a stop word; empty for none.
  const std::vector<std::string>* languages_of(const std::string& term) const {
    auto found = languages_.find(term);
    return found == languages_.end() ? nullptr : &found->second;
  }

 private:
  LanguageStopWords() {
    std::set<std::string> languages;
    for (std::string_view rest = embedded::kStopWordTable; !rest.empty();) {
      const size_t end = std::min(rest.find('\n'), rest.size());
      const std::string_view line = rest.substr(0, end);
      rest.remove_prefix(std::min(end + 1, rest.size()));
      const size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      const std::string language(line.substr(0, tab));
      add(language, line.substr(tab + 1));
      if (language == "no") add("nb", line.substr(tab + 1));  // Bokmål, as language detection names it
      languages.insert(language);
    }
    for (const std::string& language : languages) add_days_and_months(language);
  }

  // Under the word as written and under its stem in the language (an index of stems has those).
  void add(const std::string& language, std::string_view word) {
    const std::string folded = fold_for_matching(word);
    for (const std::string& term : {folded, std::string(schema::kStemPrefix) + folding_stemmer(language)(folded)}) {
      std::vector<std::string>& codes = languages_[term];
      if (std::find(codes.begin(), codes.end(), language) == codes.end()) codes.push_back(language);
    }
  }

  void add_days_and_months(const std::string& language) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::DateFormatSymbols symbols{icu::Locale(language.c_str()), status};
    if (U_FAILURE(status)) return;
    int32_t weekdays = 0, months = 0;
    const icu::UnicodeString* weekday_names = symbols.getWeekdays(weekdays);
    const icu::UnicodeString* month_names = symbols.getMonths(months);
    auto add_names = [&](const icu::UnicodeString* names, int32_t count) {
      for (int32_t i = 0; i < count; ++i) {
        std::string name;
        names[i].toUTF8String(name);
        if (!name.empty()) add(language, name);
      }
    };
    add_names(weekday_names, weekdays);
    if (language != "en") add_names(month_names, months);  // English "march" and "may" are words too
  }

  std::unordered_map<std::string, std::vector<std::string>> languages_;  // folded word → languages
};

// Words worth ranking as trends: plain lower-case words (not prefixed terms, numbers, or stems
// in an index of words and stems; the stems of the text in an index of stems only), not single
// Chinese, Japanese or Korean characters (the index's n-grams: their pairs are the words), not
// grammar, days or months, not in more than kMaxTermShare of all articles.
class NewsWords : public Xapian::ExpandDecider {
 public:
  NewsWords(const Xapian::Database& database, bool stems_only)
      : database_(database),
        most_articles_(static_cast<Xapian::doccount>(kMaxTermShare * database.get_doccount())),
        stems_only_(stems_only) {}
  bool operator()(const std::string& term) const override {
    std::string_view word = term;
    if (stems_only_ && word.starts_with(schema::kStemPrefix)) word.remove_prefix(schema::kStemPrefix.size());
    if (word.size() < 3) return false;
    const auto first = static_cast<unsigned char>(word.front());
    if (!(first >= 'a' && first <= 'z') && first < 0x80) return false;
    if (stems_only_ && word.size() == term.size() && cjk_script(word) == CjkScript::kNone) return false;
    if (std::find(std::begin(kStopWords), std::end(kStopWords), word) != std::end(kStopWords)) return false;
    if (cjk_script(word) != CjkScript::kNone && split_words(word).size() == 1) return false;
    if (is_stop_word_of_its_articles(term)) return false;
    return database_.get_termfreq(term) <= std::max<Xapian::doccount>(most_articles_, 1);
  }

 private:
  // A stop word counts as one where most of the articles that have it are in languages whose
  // stop word it is, together: German "war" (was) is grammar in a German archive, news in an
  // English one; "que" is grammar in Spanish, French and Portuguese, none of which need hold most
  // of its articles alone. The Romance languages share their grammar words more than their stop
  // lists say ("durante" is listed in Spanish only, and is grammar in Portuguese and Italian too),
  // and so do the Scandinavian ones: a stop word of one counts in the others.
  bool is_stop_word_of_its_articles(const std::string& term) const {
    const std::vector<std::string>* languages = LanguageStopWords::instance().languages_of(term);
    if (!languages) return false;
    // English is also what unlabelled articles are.
    if (std::find(languages->begin(), languages->end(), "en") != languages->end()) return true;
    static constexpr std::string_view kRomance[] = {"es", "pt", "it", "fr", "ca", "gl", "ro"};
    static constexpr std::string_view kScandinavian[] = {"da", "no", "nb", "nn", "sv"};
    static constexpr std::span<const std::string_view> kFamilies[] = {kRomance, kScandinavian};
    std::set<std::string_view> counted(languages->begin(), languages->end());
    for (const std::string& language : *languages) {
      for (std::span<const std::string_view> family : kFamilies) {
        if (std::find(family.begin(), family.end(), language) != family.end())
          counted.insert(family.begin(), family.end());
      }
    }
    std::vector<Xapian::Query> language_terms;
    for (std::string_view language : counted)
      language_terms.emplace_back(schema::boolean_term(schema::kLanguagePrefix, language));
    const Xapian::doccount having = database_.get_termfreq(term);
    Xapian::Enquire enquire(database_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term),
                                    Xapian::Query(Xapian::Query::OP_OR, language_terms.begin(), language_terms.end())));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet in_languages = enquire.get_mset(0, 0, having);
    return 2 * in_languages.get_matches_estimated() >= having;
  }

  const Xapian::Database& database_;
  Xapian::doccount most_articles_;
  bool stems_only_;
};

// A trend's word as people write it: for a stem ("Zelect"), the form of it most frequent in a
// few of the window's articles that have it ("election"); any other term as it is.
std::string display_word(const Xapian::Database& database, const std::string& term, const Xapian::Query& window) {
  if (!term.starts_with(schema::kStemPrefix)) return term;
  const std::string stem = term.substr(schema::kStemPrefix.size());
  constexpr Xapian::doccount kSampleArticles = 3;
  Xapian::Enquire enquire(database);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), window));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet sample = enquire.get_mset(0, kSampleArticles);
  std::map<std::string, unsigned> forms;
  for (auto item = sample.begin(); item != sample.end(); ++item) {
    const Article article = schema::decode_document_data(item.get_document().get_data());
    const Xapian::Stem stemmer = folding_stemmer(article.language.empty() ? "en" : article.language);
    const std::string text = fold_for_matching(article.title + "\n" + article.text);
    for (const Word& word : split_words(text)) {
      if (stemmer(std::string(word.text)) == stem) ++forms[std::string(word.text)];
    }
  }
  if (forms.empty()) return stem;
  return std::max_element(forms.begin(), forms.end(),
                          [](const auto& a, const auto& b) {
                            return a.second != b.second ? a.second < b.second : a.first.size() > b.first.size();
                          })
      ->first;
}

// Articles of a language the baseline needs before that language's frequent words are judged.
constexpr Xapian::doccount kLanguageSample = 20;

// The grammar of languages without a stop-word list (Turkish "ve" and "için", Greek "και"): words
// in more than kMaxTermShare of the baseline's articles in some language other than English.
// A word that surges in the window is rare in the baseline; "için" is in most Turkish articles
// every day. (kMaxTermShare over the whole archive misses them when that language is a small part
// of it.)
class FrequentInTheirLanguage {
 public:
  FrequentInTheirLanguage(const Xapian::Database& database, Xapian::Query baseline)
      : database_(database), baseline_(std::move(baseline)) {
    for (const auto& [language, articles] : languages_of(baseline_)) {
      if (articles >= kLanguageSample && language != "en") articles_[language] = articles;
    }
  }

  bool operator()(const std::string& term) const {
    if (articles_.empty()) return false;
    for (const auto& [language, having] :
         languages_of(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), baseline_))) {
      auto articles = articles_.find(language);
      if (articles != articles_.end() && having > kMaxTermShare * articles->second) return true;
    }
    return false;
  }

 private:
  // How many articles matching `query` each language has.
  std::map<std::string, Xapian::doccount> languages_of(const Xapian::Query& query) const {
    Xapian::Enquire enquire(database_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy spy(schema::kLanguageSlot);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, database_.get_doccount());
    std::map<std::string, Xapian::doccount> counts;
    for (auto value = spy.values_begin(); value != spy.values_end(); ++value) counts[*value] = value.get_termfreq();
    return counts;
  }

  const Xapian::Database& database_;
  Xapian::Query baseline_;
  std::map<std::string, Xapian::doccount> articles_;  // of the baseline, by language
};

// The words most telling of the window's articles against the whole archive.
std::vector<std::string> telling_terms(const Xapian::Database& database, const Xapian::Query& window_query,
                                       const Xapian::Query& baseline_query) {
  Xapian::Enquire enquire(database);
  enquire.set_query(window_query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(schema::kPublishedSlot, true);
  const Xapian::MSet newest = enquire.get_mset(0, kTermSampleArticles);
  Xapian::RSet window;
  for (auto item = newest.begin(); item != newest.end(); ++item) window.add_document(*item);
  if (window.empty()) return {};
  const bool stems_only = schema::word_forms(database.get_metadata(std::string(schema::kSchemaVersionKey)), "",
                                             false) == schema::WordForms::kStemsOnly;
  const NewsWords news_words(database, stems_only);
  // Twice the candidates, for those FrequentInTheirLanguage leaves out.
  const Xapian::ESet telling = enquire.get_eset(2 * kTermCandidates, window, &news_words);
  const FrequentInTheirLanguage grammar(database, baseline_query);
  std::vector<std::string> terms;
  for (auto term = telling.begin(); term != telling.end() && terms.size() < kTermCandidates; ++term) {
    if (!grammar(*term)) terms.push_back(*term);
  }
  return terms;
}

double rounded(double value) { return std::round(value * 1000) / 1000; }

constexpr EnumNames<Period, 3> kPeriodNames = {
    {{Period::kDay, "day"}, {Period::kWeek, "week"}, {Period::kMonth, "month"}}};
constexpr EnumNames<TrendDimension, 4> kDimensionNames = {{{TrendDimension::kCountry, "country"},
                                                           {TrendDimension::kTopic, "topic"},
                                                           {TrendDimension::kSource, "source"},
                                                           {TrendDimension::kTerm, "term"}}};

}  // namespace

Period period_from_name(std::string_view name) { return value_named_or_throw(kPeriodNames, name, "period"); }

std::string_view period_name(Period period) { return name_of(kPeriodNames, period); }

TrendDimension trend_dimension_from_name(std::string_view name) {
  return value_named_or_throw(kDimensionNames, name, "trend dimension");
}

std::string_view trend_dimension_name(TrendDimension dimension) { return name_of(kDimensionNames, dimension); }

void TrendsRequest::set_spans(const std::string& window_text, const std::string& baseline_text) {
  auto span = [](const std::string& text, std::string_view what) {
    const auto parsed = parse_span(text);
    if (!parsed || parsed->count() <= 0) {
      throw InputError("invalid " + std::string(what) + " '" + text + "': expected a span such as 24h, 7d, 2w, 3mo");
    }
    return *parsed;
  };
  window = span(window_text, "window");
  baseline = span(baseline_text, "baseline");
  window_name = window_text;
  baseline_name = baseline_text;
}

TimelineResponse count_timeline(const Xapian::Database& database, const RequestQueries& queries,
                                const TimelineRequest& request) {
  if (request.split && *request.split != Facet::kCountry && *request.split != Facet::kTopic) {
    throw InputError("a timeline splits by country or topic, not " + std::string(facet_name(*request.split)));
  }
  TimelineResponse response;
  response.query = request.search.query;
  response.by = request.by;
  const Xapian::Query query = queries.combined();
  const std::map<sys_days, uint64_t> per_day = count_days(database, query);
  for (const auto& [day, count] : per_day) response.total += count;

  std::optional<sys_days> first, last;
  if (!per_day.empty()) {
    first = per_day.begin()->first;
    last = per_day.rbegin()->first;
  }
  if (request.search.since) first = day_of(*request.search.since);
  if (request.search.until) {
    last = day_of(*request.search.until);
  } else if (request.search.since) {
    last = day_of(now_utc());  // a window that starts somewhen ends now
  }
  auto periods = [&](const std::map<sys_days, uint64_t>& days_counted) {
    std::vector<PeriodCount> listed;
    if (!first || !last || *first > *last) return listed;
    std::map<sys_days, uint64_t> per_period;
    for (const auto& [day, count] : days_counted) per_period[period_start(day, request.by)] += count;
    for (sys_days start = period_start(*first, request.by); start <= *last; start = next_period(start, request.by)) {
      if (listed.size() == kMaxPeriods) {
        throw InputError("the timeline would have more than " + std::to_string(kMaxPeriods) +
                         " periods: count by week or month, or give --since");
      }
      const auto found = per_period.find(start);
      listed.push_back({period_label(start, request.by), found == per_period.end() ? 0 : found->second});
    }
    return listed;
  };
  response.periods = periods(per_day);
  if (request.split) {
    response.split = true;
    const std::string_view prefix = *request.split == Facet::kCountry ? schema::kCountryPrefix : schema::kTopicPrefix;
    for (const std::string& value : top_values(database, query, *request.split, request.split_limit)) {
      const Xapian::Query of_value(Xapian::Query::OP_FILTER, query, Xapian::Query(schema::boolean_term(prefix, value)));
      response.split_values.emplace_back(value, periods(count_days(database, of_value)));
    }
  }
  return response;
}

TrendsResponse rank_trends(const Xapian::Database& database, const RequestQueries& queries,
                           const TrendsRequest& request) {
  TrendsResponse response{
      std::string(trend_dimension_name(request.by)), request.window_name, request.baseline_name, {}};
  const Timestamp until = request.until.value_or(now_utc());
  const Timestamp window_start = until - request.window;
  const Timestamp baseline_start = window_start - request.baseline;
  RequestQueries filters = queries;
  filters.date.reset();
  const Xapian::Query matching = filters.combined();
  const Xapian::Query in_span(Xapian::Query::OP_FILTER, matching,
                              published_between(baseline_start + std::chrono::seconds(1), until));
  const double window_start_seconds = static_cast<double>(window_start.time_since_epoch().count());
  const bool has_set = request.by == TrendDimension::kTopic ? has_set_slot(database, Facet::kTopic)
                                                            : has_set_slot(database, Facet::kCountry);

  std::unordered_map<std::string, ValueTally> tallies;
  auto tally = [&](const Xapian::Query& query, const std::string& fixed_value) {
    TrendTally spy(request.by, has_set, window_start_seconds, fixed_value);
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, database.get_doccount());
    for (auto& [value, counts] : spy.tallies()) tallies[value] = std::move(counts);
  };
  if (request.by == TrendDimension::kTerm) {
    const Xapian::Query in_window(Xapian::Query::OP_FILTER, matching,
                                  published_between(window_start + std::chrono::seconds(1), until));
    const Xapian::Query in_baseline(Xapian::Query::OP_FILTER, matching,
                                    published_between(baseline_start + std::chrono::seconds(1), window_start));
    for (const std::string& term : telling_terms(database, in_window, in_baseline)) {
      tally(Xapian::Query(Xapian::Query::OP_FILTER, in_span, Xapian::Query(term)), term);
    }
    // Ranked by their terms; shown as words (below, for the rows kept).
  } else {
    tally(in_span, {});
  }

  // Window and baseline of unequal lengths: the baseline's counts scaled to the window's.
  const double scale = static_cast<double>(request.window.count()) / static_cast<double>(request.baseline.count());
  const int64_t first_day = day_of(baseline_start + std::chrono::seconds(1)).time_since_epoch().count();
  // The days the window and baseline touch: a window ending at midnight ends with the day before.
  const int64_t last_day = day_of(until - std::chrono::seconds(1)).time_since_epoch().count();
  for (const auto& [value, counts] : tallies) {
    if (counts.window < request.min_count) continue;
    unsigned sources = 0;
    double capped = 0;
    for (const auto& [source, per_source] : counts.by_source) {
      const auto [window, baseline] = per_source;
      if (window == 0) continue;
      ++sources;
      capped += std::min<double>(window, baseline * scale + request.source_excess);
    }
    if (sources < request.min_sources) continue;
    const double baseline_rate = static_cast<double>(counts.baseline) * scale;
    const double score = std::log((capped + 1) / (baseline_rate + 1)) * std::sqrt(capped);
    if (score <= 0) continue;
    TrendRow row{value, counts.window, sources, rounded(baseline_rate), rounded(score), {}};
    for (int64_t day = first_day; day <= last_day; ++day) {
      const auto found = counts.by_day.find(day);
      row.series.push_back(
          {format_day(Timestamp(sys_days(days(day)))), found == counts.by_day.end() ? 0 : found->second});
    }
    response.trends.push_back(std::move(row));
  }
  std::sort(response.trends.begin(), response.trends.end(), [](const TrendRow& a, const TrendRow& b) {
    return a.score != b.score ? a.score > b.score : a.value < b.value;
  });
  if (request.by == TrendDimension::kTerm) {
    // Shown as words, each once: two languages' stems of one word ("volcán" and "volcan") would
    // otherwise be two rows of the same word; the better-scored stands for both.
    const Xapian::Query in_window(Xapian::Query::OP_FILTER, matching,
                                  published_between(window_start + std::chrono::seconds(1), until));
    std::vector<TrendRow> shown;
    std::set<std::string> words;
    for (TrendRow& row : response.trends) {
      if (shown.size() == request.limit) break;
      row.value = display_word(database, row.value, in_window);
      if (words.insert(fold_for_matching(row.value)).second) shown.push_back(std::move(row));
    }
    response.trends = std::move(shown);
  }
  if (response.trends.size() > request.limit) response.trends.resize(request.limit);
  return response;
}

nlohmann::ordered_json to_json(const TimelineResponse& response) {
  auto periods = [](const std::vector<PeriodCount>& counts) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const PeriodCount& count : counts) array.push_back({{"period", count.period}, {"count", count.count}});
    return array;
  };
  nlohmann::ordered_json split;  // null unless split
  if (response.split) {
    split = nlohmann::ordered_json::object();
    for (const auto& [value, counts] : response.split_values) split[value] = periods(counts);
  }
  return {{"query", response.query},
          {"by", std::string(period_name(response.by))},
          {"total", response.total},
          {"periods", periods(response.periods)},
          {"split", split}};
}

nlohmann::ordered_json to_json(const TrendsResponse& response) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const TrendRow& row : response.trends) {
    nlohmann::ordered_json series = nlohmann::ordered_json::array();
    for (const PeriodCount& count : row.series) series.push_back({{"period", count.period}, {"count", count.count}});
    rows.push_back({{"value", row.value},
                    {"count", row.count},
                    {"sources", row.sources},
                    {"baseline_rate", row.baseline_rate},
                    {"score", row.score},
                    {"series", series}});
  }
  return {{"by", response.by}, {"window", response.window}, {"baseline", response.baseline}, {"trends", rows}};
}

}  // namespace newsdex::search
