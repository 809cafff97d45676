#include "newsdex/search.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <functional>
#include <future>
#include <optional>
#include <map>
#include <nlohmann/json.hpp>

#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/text.h"
#include "newsdex/web_link.h"
#include "newsdex/time.h"
#include "coverage.h"
#include "facet_counter.h"
#include "newsdex/trends.h"
#include "query_builder.h"

namespace newsdex::search {
namespace {

constexpr size_t kSnippetBytes = 240;
// A reader racing a writer's commit can see a revision vanish (when two commits land during one
// search); reopening and retrying is Xapian's documented remedy. Ten attempts: a crawl committing
// twice a second while exact facets over a million articles took half a second under load
// (bench/http_soak.sh) failed 6-8% of requests with three, none with ten.
constexpr int kModifiedRetries = 10;

// --sort recent: a boost added to relevance, largest for the newest article in the index and
// halving with every half-life of age. BM25 weights of a few matching words are of this order,
// so a recent article wins among similarly relevant ones but not over a much better match.
constexpr double kRecencyBoost = 2.0;
constexpr double kRecencyHalfLifeDays = 7;
constexpr int kRecencyDays = 70;  // ten half-lives: older articles get (almost) nothing
// similar: how many of an article's most telling words are searched for.
constexpr Xapian::termcount kSimilarTerms = 25;
// Exact counts are split into this many ranges of document ids, shared out between two threads.
constexpr unsigned kCountingRanges = 8;
// A query that finds fewer articles than this gets a spelling suggestion, when there is one.
constexpr uint64_t kFewMatches = 5;

class RecencyBoost : public Xapian::ValuePostingSource {
 public:
  // `newest`: Unix seconds of the time ages are counted from.
  explicit RecencyBoost(double newest) : Xapian::ValuePostingSource(schema::kPublishedSlot), newest_(newest) {}
  void init(const Xapian::Database& database) override {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(kRecencyBoost);
  }
  double get_weight() const override {
    const double age_days = std::max(0.0, newest_ - Xapian::sortable_unserialise(get_value())) / 86400;
    return kRecencyBoost * std::exp2(-age_days / kRecencyHalfLifeDays);
  }
  RecencyBoost* clone() const override { return new RecencyBoost(newest_); }

 private:
  double newest_;
};

// --sort recent's boost. Ages count from the newest article (or now, if a feed dated one in the
// future), so that an archive that stopped growing still ranks its own recent news first. An
// index with day values gets Xapian's own ValueMapPostingSource, one weight per day of the last
// kRecencyDays, which the stock server of remote shards runs too; an index written before day
// values existed gets RecencyBoost, which only local databases can run.
Xapian::Query recency_boost(const Xapian::Database& database) {
  const std::string newest_value = database.get_value_upper_bound(schema::kPublishedSlot);
  const double now = static_cast<double>(now_utc().time_since_epoch().count());
  const double newest = newest_value.empty() ? now : std::min(now, Xapian::sortable_unserialise(newest_value));
  if (database.get_value_freq(schema::kDaySlot) == 0 && database.get_value_freq(schema::kPublishedSlot) > 0) {
    return Xapian::Query((new RecencyBoost(newest))->release());
  }
  auto* by_day = new Xapian::ValueMapPostingSource(schema::kDaySlot);
  const Timestamp newest_time{std::chrono::seconds(static_cast<int64_t>(newest))};
  for (int age = 0; age < kRecencyDays; ++age) {
    by_day->add_mapping(format_day(newest_time - std::chrono::days(age)), kRecencyBoost * std::exp2(-age / kRecencyHalfLifeDays));
  }
  by_day->set_default_weight(0);
  return Xapian::Query(by_day->release());
}

// Words worth searching for in relevance feedback: plain unstemmed words of the text, not
// numbers, prefixed terms (titles, tags, ids) or stems, which the same words already cover.
class PlainWords : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3) return false;
    const unsigned char first = static_cast<unsigned char>(term.front());
    return !(first >= 'A' && first <= 'Z') && !std::isdigit(first);
  }
};

// The documents whose ids lie in [first, last]: a filter that splits one count between two
// threads, each reading only its half of every posting list. (Xapian has no operator for a
// range of document ids; a posting source is its documented way to add one.)
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last), current_(0) {}
  void init(const Xapian::Database&) override { current_ = 0; }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return last_ - first_ + 1; }
  Xapian::doccount get_termfreq_max() const override { return last_ - first_ + 1; }
  void next(double) override { current_ = current_ == 0 ? first_ : current_ + 1; }
  void skip_to(Xapian::docid target, double) override { current_ = std::max({current_, target, first_}); }
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }
  DocidRange* clone() const override { return new DocidRange(first_, last_); }

 private:
  Xapian::docid first_, last_, current_;
};

std::vector<std::string> codes_of(const std::vector<ScoredCode>& scored) {
  std::vector<std::string> codes;
  for (const auto& code : scored) codes.push_back(code.code);
  return codes;
}

// An article as stored, with a link that is not http(s) dropped: indexes written before links
// were filtered may hold javascript: or data: ones, which no output may hand on.
Article stored_article(const std::string& data) {
  Article article = schema::decode_document_data(data);
  if (!is_safe_link(article.url)) article.url.clear();
  return article;
}

nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

nlohmann::ordered_json time_or_null(const std::optional<Timestamp>& time) {
  return time ? nlohmann::ordered_json(format_rfc3339(*time)) : nlohmann::ordered_json();
}

nlohmann::ordered_json hit_fields(const Article& article) {
  return {{"id", article.id},
          {"title", article.title},
          {"url", text_or_null(article.url)},
          {"source", text_or_null(article.source)},
          {"published", time_or_null(article.published)},
          {"language", text_or_null(article.language)},
          {"countries", codes_of(article.countries)},
          {"mentioned", article.mentioned},
          {"topics", codes_of(article.topics)}};
}

std::string escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string_view facet_name(Facet facet) {
  switch (facet) {
    case Facet::kCountry: return "country";
    case Facet::kTopic: return "topic";
    case Facet::kSource: return "source";
    case Facet::kLanguage: return "language";
    case Facet::kMonth: return "month";
  }
  return "";
}

std::optional<Facet> facet_from_name(std::string_view name) {
  for (Facet facet : {Facet::kCountry, Facet::kTopic, Facet::kSource, Facet::kLanguage, Facet::kMonth}) {
    if (facet_name(facet) == name) return facet;
  }
  return std::nullopt;
}

std::vector<Facet> facets_from_list(std::string_view list) {
  std::vector<Facet> facets;
  while (!list.empty()) {
    const size_t end = std::min(list.find(','), list.size());
    const std::string_view name = list.substr(0, end);
    if (!name.empty()) {
      const auto facet = facet_from_name(name);
      if (!facet) {
        throw InputError("unknown facet '" + std::string(name) + "' (expected country, topic, source, language, month)");
      }
      facets.push_back(*facet);
    }
    list.remove_prefix(std::min(end + 1, list.size()));
  }
  return facets;
}

SortOrder sort_from_name(std::string_view name) {
  if (name == "relevance") return SortOrder::kRelevance;
  if (name == "date") return SortOrder::kDate;
  if (name == "recent") return SortOrder::kRecent;
  throw InputError("unknown sort order '" + std::string(name) + "' (expected relevance, date or recent)");
}

void SearchRequest::set_time_bounds(const std::string& since_text, const std::string& until_text) {
  const Timestamp now = now_utc();
  since = since_text.empty() ? std::nullopt : std::optional(parse_time_bound(since_text, now));
  until = until_text.empty() ? std::nullopt : std::optional(parse_time_bound(until_text, now, RangeEnd::kUpper));
  if (since && until && *since > *until) throw InputError("since " + since_text + " is after until " + until_text);
}

// A request's time limit, shared by the passes of one search: each gets what is left, and a
// pass that runs out fails the search rather than answer with partial counts.
class Deadline {
 public:
  explicit Deadline(double seconds)
      : unlimited_(seconds <= 0),
        seconds_(seconds),
        end_(std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                    std::chrono::duration<double>(std::max(seconds, 0.0)))) {}

  // Gives `enquire` the time left (Xapian stops matching when it runs out).
  void limit(Xapian::Enquire& enquire) const {
    if (unlimited_) return;
    check();
    enquire.set_time_limit(std::chrono::duration<double>(end_ - std::chrono::steady_clock::now()).count());
  }

  // Throws TimeLimitExceeded once the time is up.
  void check() const {
    if (!unlimited_ && std::chrono::steady_clock::now() >= end_) expire();
  }

  [[noreturn]] void expire() const {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", seconds_);
    throw TimeLimitExceeded(std::string("the search took longer than its limit of ") + seconds +
                            " s; narrow it with more words or filters");
  }

 private:
  bool unlimited_;
  double seconds_;
  std::chrono::steady_clock::time_point end_;
};

// Builds a request's queries on one database handle. Each thread builds its own: Xapian's
// query objects count references without atomics and must not be shared between threads.
using QueryFactory = std::function<RequestQueries(const Xapian::Database&)>;

struct Searcher::State {
  std::string path;
  Xapian::Database database;
  // A second handle on the same index, for the thread that counts facets beside the search.
  std::optional<Xapian::Database> helper_database;
  // The index's languages, with the last document id and count they were read at: adding or
  // deleting articles changes those, and a stale list only costs a language its own stemming.
  IndexLanguages languages;
  std::pair<Xapian::docid, Xapian::doccount> languages_read_at{0, 0};

  const IndexLanguages& index_languages() {
    const std::pair now{database.get_lastdocid(), database.get_doccount()};
    if (now != languages_read_at) {
      languages = IndexLanguages::of(database);
      languages_read_at = now;
    }
    return languages;
  }

  // The helper handle, at the revision the main handle reads. A sharded index (a stub of several
  // databases) has no single revision to compare: both handles are reopened to the last commit
  // instead, and a commit landing between the two reopens can only add its own articles to
  // the helper's counts.
  Xapian::Database& helper() {
    if (!helper_database) helper_database.emplace(path);
    helper_database->reopen();
    // Opened from a newer stub than the main handle: documents are numbered differently.
    if (helper_database->size() != database.size()) throw Xapian::DatabaseModifiedError("the index's shards changed");
    for (int attempt = 0; revision_of(*helper_database) != revision_of(database); ++attempt) {
      if (attempt == kModifiedRetries) throw Xapian::DatabaseModifiedError("the index changed while opening it twice");
      database.reopen();
      helper_database->reopen();
    }
    return *helper_database;
  }

  // The revision of a single database; 0 for a sharded one.
  static Xapian::rev revision_of(const Xapian::Database& handle) {
    return handle.size() == 1 ? handle.get_revision() : 0;
  }

  // The stub's identity when the database was opened (inode and change time; zero: no stub).
  std::pair<ino_t, int64_t> stub_seen{0, 0};

  static std::pair<ino_t, int64_t> stub_identity(const std::string& index_path) {
    struct stat status {};
    if (::stat((index_path + "/" + std::string(schema::kStubFile)).c_str(), &status) != 0) return {0, 0};
    return {status.st_ino, int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec};
  }

  // Opens the index: its stub, if it has one, is read now.
  void open() {
    stub_seen = stub_identity(path);
    database = Xapian::Database(path);
    helper_database.reset();
  }

  // To the last commit. Xapian's reopen() does not read a stub again, so a sharded index whose
  // stub a writer has replaced (a lane started a new shard) is opened afresh, to see the new
  // shard; a stat a search is all that costs.
  void reopen() {
    if (stub_seen.first != 0 && stub_identity(path) != stub_seen) {
      open();
    } else {
      database.reopen();
    }
  }

  // Retries `work` after reopening when a concurrent commit invalidated what it was reading.
  template <typename Work>
  auto with_retries(Work work) {
    for (int attempt = 1;; ++attempt) {
      try {
        if (attempt == 1) reopen();  // to the last commit
        return work();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kModifiedRetries) throw RuntimeFailure(path + ": the index changed too often while reading; try again");
        open();  // afresh, stub and all
      } catch (const Xapian::Error& error) {
        throw RuntimeFailure(path + ": " + error.get_description());
      }
    }
  }

  SearchResponse run(const SearchRequest& request, bool any_word) {
    SearchResponse response =
        run(request, [&, &languages = index_languages()](const Xapian::Database& db) {
          return build_queries(request, db, languages, any_word);
        });
    response.relaxed = any_word;
    return response;
  }

  // How many other articles matching `query` share a story key: the ranked pass stops at its
  // page, so Xapian's own collapse count is only a lower bound. Story keys are rare terms, so
  // each count is a short intersection.
  unsigned copies_matching(const Xapian::Query& query, const std::string& story_key) {
    if (story_key.empty()) return 0;
    Xapian::Enquire counting(database);
    counting.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                     Xapian::Query(schema::boolean_term(schema::kStoryPrefix, story_key))));
    counting.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet all = counting.get_mset(0, 0, database.get_doccount());
    return all.get_matches_estimated() > 0 ? static_cast<unsigned>(all.get_matches_estimated() - 1) : 0;
  }

  // Whether exact counts may be split into document-id ranges (DocidRange, a posting source of
  // newsdex's own). Remote shards served by the stock xapian-tcpsrv know only Xapian's classes:
  // the first search that meets one turns splitting off, and counting runs in one pass there,
  // while each server counts its own shard.
  bool counts_in_ranges = true;

  SearchResponse run(const SearchRequest& request, const QueryFactory& make_queries) {
    try {
      return run_once(request, make_queries);
    } catch (const Xapian::UnimplementedError&) {
      if (!counts_in_ranges) throw;
      counts_in_ranges = false;
    }
    try {
      return run_once(request, make_queries);
    } catch (const Xapian::UnimplementedError& error) {
      throw RuntimeFailure(path + ": the remote shards' server cannot run this search: " + error.get_msg());
    }
  }

  SearchResponse run_once(const SearchRequest& request, const QueryFactory& make_queries) {
    const Deadline deadline(request.time_limit_seconds);
    const RequestQueries queries = make_queries(database);
    const Xapian::doccount everything = std::max<Xapian::doccount>(database.get_doccount(), 1);

    Xapian::Enquire enquire(database);
    Xapian::Query query = queries.combined();
    if (request.sort == SortOrder::kRecent) query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, recency_boost(database));
    enquire.set_query(query);
    if (request.sort == SortOrder::kDate) enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, true);
    if (request.collapse) enquire.set_collapse_key(schema::kStoryKeySlot);

    // The ranked pass only needs the page: it stops early, as a plain top-10 search does.
    // Exact totals and facets come from counting passes, unranked (BoolWeight) and uncollapsed
    // so that they count every article: one over the matches for the facets without a filter of
    // their own (and the total), and one per facet whose own filter is set, over the matches
    // without that filter (multi-select). They run on both cores: a helper thread, on its own
    // database handle, counts ranges of document ids while this thread ranks, and then both
    // take the ranges left. An estimate counts facets over what ranking happened to check.
    const bool exact = !request.estimate;
    std::vector<std::unique_ptr<FacetCounter>> estimated(request.facets.size());
    if (!exact) {
      for (size_t i = 0; i < request.facets.size(); ++i) {
        estimated[i] = std::make_unique<FacetCounter>(request.facets[i], enquire, database);
      }
    }
    struct Counts {
      uint64_t total = 0;
      std::vector<std::map<std::string, uint64_t>> by_facet;  // in request.facets order

      void add(const Counts& other) {
        total += other.total;
        by_facet.resize(other.by_facet.size());
        for (size_t i = 0; i < other.by_facet.size(); ++i) {
          for (const auto& [value, n] : other.by_facet[i]) by_facet[i][value] += n;
        }
      }
    };
    // Counts the facets (and the total) over the documents with ids in [first, last]; first 0: all.
    auto count = [&](const Xapian::Database& db, const RequestQueries& counted_queries, Xapian::docid first,
                     Xapian::docid last) {
      Counts counts;
      counts.by_facet.resize(request.facets.size());
      const bool whole = first == 0;  // one pass over every document
      const Xapian::Query range = whole ? Xapian::Query() : Xapian::Query((new DocidRange(first, last))->release());
      auto counting_pass = [&](const Xapian::Query& query, const std::vector<size_t>& facets, bool total) {
        Xapian::Enquire counting(db);
        counting.set_query(whole ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, range));
        counting.set_weighting_scheme(Xapian::BoolWeight());
        deadline.limit(counting);
        std::vector<std::unique_ptr<FacetCounter>> counters;
        for (size_t i : facets) counters.push_back(std::make_unique<FacetCounter>(request.facets[i], counting, db));
        // Every spy sees every match, so any of them gives the total. Without one, a spy on the
        // language slot counts: it holds a handful of values, where the publication time, nearly
        // unique, would build an entry per match.
        const auto watching = std::find_if(counters.begin(), counters.end(),
                                           [](const auto& counter) { return counter->documents_seen().has_value(); });
        Xapian::ValueCountMatchSpy article_counter(schema::kLanguageSlot);
        if (total && watching == counters.end()) counting.add_matchspy(&article_counter);
        const Xapian::MSet counted = counting.get_mset(0, 0, everything);
        // A match cut short by the time limit leaves its count a range.
        if (counted.get_matches_lower_bound() != counted.get_matches_upper_bound()) deadline.expire();
        for (size_t k = 0; k < facets.size(); ++k) counters[k]->add_to(counts.by_facet[facets[k]]);
        if (total) counts.total = watching != counters.end() ? *(*watching)->documents_seen() : article_counter.get_total();
      };
      std::vector<size_t> shared_pass;
      for (size_t i = 0; i < request.facets.size(); ++i) {
        if (!counted_queries.filter_of(request.facets[i])) shared_pass.push_back(i);
      }
      counting_pass(counted_queries.combined(), shared_pass, true);
      for (size_t i = 0; i < request.facets.size(); ++i) {
        if (counted_queries.filter_of(request.facets[i])) {
          counting_pass(counted_queries.combined(request.facets[i]), {i}, false);
        }
      }
      return counts;
    };
    // Both threads take ranges of document ids in turn until none is left: the thread that
    // ranked first counts fewer, and matches crowded into one part of the index (one feed's
    // years, say) are shared out.
    const Xapian::docid last_docid = std::max<Xapian::docid>(database.get_lastdocid(), 1);
    std::atomic<unsigned> next_range{0};
    auto count_ranges = [&](const Xapian::Database& db, const RequestQueries& counted_queries) {
      Counts sum;
      sum.by_facet.resize(request.facets.size());
      for (unsigned range; (range = next_range++) < kCountingRanges;) {
        const auto first = static_cast<Xapian::docid>(uint64_t{last_docid} * range / kCountingRanges + 1);
        const auto last = static_cast<Xapian::docid>(uint64_t{last_docid} * (range + 1) / kCountingRanges);
        if (first > last) continue;
        sum.add(count(db, counted_queries, first, last));
      }
      return sum;
    };
    const bool split = exact && counts_in_ranges;
    std::future<Counts> helper_counts;
    if (split) {
      helper_counts = std::async(std::launch::async, [&, &helper_database = helper()] {
        return count_ranges(helper_database, make_queries(helper_database));
      });
    }
    deadline.limit(enquire);
    const Xapian::MSet matches = enquire.get_mset(request.offset, request.limit, request.offset + request.limit);
    deadline.check();  // a ranking cut short would show a worse page without saying so

    SearchResponse response;
    response.query = request.query;
    response.offset = request.offset;
    if (exact) {
      Counts counts = split ? count_ranges(database, queries) : count(database, queries, 0, 0);
      if (split) counts.add(helper_counts.get());
      for (size_t i = 0; i < request.facets.size(); ++i) {
        response.facets.push_back(FacetCounter::facet_result(request.facets[i], counts.by_facet[i], request.facet_limit));
      }
      response.total = counts.total;
    } else {
      response.total = request.collapse ? matches.get_uncollapsed_matches_estimated() : matches.get_matches_estimated();
      for (const auto& counter : estimated) response.facets.push_back(counter->result(request.facet_limit));
    }
    if (request.suggest && response.total < kFewMatches && !request.query.empty()) {
      if (std::string corrected = spelling_correction(request.query, database); !corrected.empty()) {
        response.corrected_query = std::move(corrected);
      }
    }

    const Xapian::Stem stemmer = query_stemmer();
    const Xapian::Query matched = queries.combined();  // for counting each hit's copies
    for (auto item = matches.begin(); item != matches.end(); ++item) {
      SearchHit hit;
      const Xapian::Document document = item.get_document();
      hit.article = stored_article(document.get_data());
      hit.score = std::round(item.get_weight() * 1000) / 1000;
      hit.story_key = document.get_value(schema::kStoryKeySlot);
      hit.duplicates = !request.collapse ? 0
                       : exact           ? copies_matching(matched, item.get_collapse_key())
                                         : item.get_collapse_count();
      const std::string& text = !hit.article.text.empty() ? hit.article.text
                                : !hit.article.summary.empty() ? hit.article.summary : hit.article.title;
      // Paragraph breaks mean nothing in a one-line snippet.
      hit.snippet = collapse_whitespace(matches.snippet(
          // (No SNIPPET_BACKGROUND_MODEL: its term-frequency lookups for every word of ten texts
          // cost more than the whole search.)
          text, kSnippetBytes, stemmer, request.best_snippets ? Xapian::MSet::SNIPPET_EXHAUSTIVE : 0,
          "<b>", "</b>", "…"));
      response.hits.push_back(std::move(hit));
    }
    return response;
  }
};

Searcher::Searcher(const std::string& database_path) : state_(std::make_unique<State>()) {
  state_->path = database_path;
  try {
    state_->open();
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw RuntimeFailure(database_path + ": no index here (build one with newsdex-index add or crawl, or pass --db)");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot open the index: " + error.get_description());
  }
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResponse Searcher::search(const SearchRequest& request) {
  return state_->with_retries([&] {
    SearchResponse response = state_->run(request, false);
    // Nothing matched every word: show what matches any of them rather than nothing.
    if (request.relax && response.total == 0 && query_word_count(request.query) > 1) {
      SearchResponse relaxed = state_->run(request, true);
      relaxed.corrected_query = response.corrected_query;  // the strict query's words were the misspelt ones
      if (relaxed.total > 0) return relaxed;
    }
    return response;
  });
}

std::optional<Article> Searcher::article(const std::string& id) {
  return state_->with_retries([&]() -> std::optional<Article> {
    const std::string term = schema::id_term(id);
    auto posting = state_->database.postlist_begin(term);
    if (posting == state_->database.postlist_end(term)) return std::nullopt;
    return stored_article(state_->database.get_document(*posting).get_data());
  });
}

std::vector<std::string> Searcher::copies(const std::string& id) {
  return state_->with_retries([&] {
    std::vector<std::string> ids;
    Xapian::Database& database = state_->database;
    const std::string id_term = schema::id_term(id);
    auto posting = database.postlist_begin(id_term);
    if (posting == database.postlist_end(id_term)) return ids;
    const std::string key = database.get_document(*posting).get_value(schema::kStoryKeySlot);
    if (key.empty()) return ids;
    const std::string story_term = schema::boolean_term(schema::kStoryPrefix, key);
    for (auto copy = database.postlist_begin(story_term); copy != database.postlist_end(story_term); ++copy) {
      if (*copy != *posting) ids.push_back(schema::decode_document_data(database.get_document(*copy).get_data()).id);
    }
    return ids;
  });
}

std::optional<SearchResponse> Searcher::similar(const std::string& id, const SearchRequest& request) {
  return state_->with_retries([&]() -> std::optional<SearchResponse> {
    Xapian::Database& database = state_->database;
    const std::string id_term = schema::id_term(id);
    auto posting = database.postlist_begin(id_term);
    if (posting == database.postlist_end(id_term)) return std::nullopt;
    Xapian::RSet relevant;
    relevant.add_document(*posting);
    Xapian::Enquire enquire(database);
    const PlainWords plain_words;
    const Xapian::ESet telling = enquire.get_eset(kSimilarTerms, relevant, &plain_words);
    const std::vector<std::string> terms(telling.begin(), telling.end());
    // Not the article itself, nor the other copies of its story.
    const std::string key = database.get_document(*posting).get_value(schema::kStoryKeySlot);
    const std::string story_term = key.empty() ? std::string() : schema::boolean_term(schema::kStoryPrefix, key);
    return state_->run(request, [&](const Xapian::Database&) {
      RequestQueries queries = build_filters(request);
      Xapian::Query itself(id_term);
      if (!story_term.empty()) itself = Xapian::Query(Xapian::Query::OP_OR, itself, Xapian::Query(story_term));
      queries.text = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                   itself);
      return queries;
    });
  });
}

TimelineResponse Searcher::timeline(const TimelineRequest& request) {
  return state_->with_retries([&] {
    const RequestQueries queries = build_queries(request.search, state_->database, state_->index_languages(), false);
    return count_timeline(state_->database, queries, request);
  });
}

TrendsResponse Searcher::trends(const TrendsRequest& request) {
  return state_->with_retries([&] {
    const bool has_query = request.search.query.find_first_not_of(" \t\r\n") != std::string::npos;
    // No query: trends over everything the filters let through.
    const RequestQueries queries = has_query ? build_queries(request.search, state_->database, state_->index_languages(), false)
                                             : build_filters(request.search);
    try {
      return rank_trends(state_->database, queries, request);
    } catch (const Xapian::UnimplementedError& error) {
      throw RuntimeFailure(state_->path + ": trends need the index's shards on this machine (" + error.get_msg() + ")");
    }
  });
}

nlohmann::ordered_json to_json(const SearchHit& hit) {
  nlohmann::ordered_json json = hit_fields(hit.article);
  json["score"] = hit.score;
  json["snippet"] = hit.snippet;
  json["duplicates"] = hit.duplicates;
  return json;
}

nlohmann::ordered_json to_json(const SearchResponse& response) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const SearchHit& hit : response.hits) hits.push_back(to_json(hit));
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const FacetResult& facet : response.facets) {
    nlohmann::ordered_json counts = nlohmann::ordered_json::array();
    for (const FacetCount& count : facet.counts) counts.push_back({{"value", count.value}, {"count", count.count}});
    facets[std::string(facet_name(facet.facet))] = std::move(counts);
  }
  return {{"query", response.query},
          {"total", response.total},
          {"offset", response.offset},
          {"corrected_query", response.corrected_query ? nlohmann::ordered_json(*response.corrected_query) : nlohmann::ordered_json()},
          {"relaxed", response.relaxed},
          {"hits", std::move(hits)},
          {"facets", std::move(facets)}};
}

nlohmann::ordered_json article_to_json(const Article& article, const std::vector<std::string>& copies) {
  nlohmann::ordered_json json = hit_fields(article);
  json["score"] = 0;
  json["snippet"] = escape_html(article.summary.empty() ? article.text.substr(0, 240) : article.summary);
  json["duplicates"] = copies.size();
  json["text"] = text_or_null(article.text);
  json["summary"] = text_or_null(article.summary);
  json["author"] = text_or_null(article.author);
  json["categories"] = article.categories;
  json["updated"] = time_or_null(article.updated);
  json["copies"] = copies;
  return json;
}

}  // namespace newsdex::search
