#include "newsdex/search.h"

#include <xapian.h>

#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "coverage.h"
#include "deadline.h"
#include "exact_counter.h"
#include "facet_columns.h"
#include "facet_counter.h"
#include "index_reader.h"
#include "newsdex/enum_names.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/taxonomy.h"
#include "newsdex/text.h"
#include "newsdex/time.h"
#include "newsdex/trends.h"
#include "newsdex/web_link.h"
#include "query_builder.h"

namespace newsdex::search {
namespace {

constexpr size_t kSnippetBytes = 240;

// --sort recent: a boost added to relevance, largest for the newest article in the index and
// halving with every half-life of age. BM25 weights of a few matching words are of this order,
// so a recent article wins among similarly relevant ones but not over a much better match.
constexpr double kRecencyBoost = 2.0;
constexpr double kRecencyHalfLifeDays = 7;
constexpr int kRecencyDays = 70;  // ten half-lives: older articles get (almost) nothing
// similar: how many of an article's most telling words are searched for.
constexpr Xapian::termcount kSimilarTerms = 25;
// A query that finds fewer articles than this gets a spelling suggestion, when there is one.
constexpr uint64_t kFewMatches = 5;

// Counts the searches running in this process while it lives (a server's, a library user's).
class SearchInFlight {
 public:
  SearchInFlight() : running_(++searches_running_) {}
  ~SearchInFlight() { --searches_running_; }
  SearchInFlight(const SearchInFlight&) = delete;
  SearchInFlight& operator=(const SearchInFlight&) = delete;
  // No other search was running when this one began.
  bool alone() const { return running_ == 1; }

 private:
  static inline std::atomic<int> searches_running_ = 0;
  int running_;
};

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
    by_day->add_mapping(format_day(newest_time - std::chrono::days(age)),
                        kRecencyBoost * std::exp2(-age / kRecencyHalfLifeDays));
  }
  by_day->set_default_weight(0);
  return Xapian::Query(by_day->release());
}

// True when `query` has a phrase or a proximity search in it.
bool has_phrase(const Xapian::Query& query) {
  const Xapian::Query::op type = query.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (has_phrase(query.get_subquery(i))) return true;
  }
  return false;
}

// Words worth searching for in relevance feedback: the plain words of the text, not numbers or
// prefixed terms (titles, tags, ids). In an index of words and stems, the unstemmed words (the
// stems would count each twice); in an index of stems only, the stems.
class PlainWords : public Xapian::ExpandDecider {
 public:
  explicit PlainWords(bool stems_only) : stems_only_(stems_only) {}
  bool operator()(const std::string& term) const override {
    std::string_view word = term;
    if (stems_only_) {
      if (!word.starts_with(schema::kStemPrefix)) return false;
      word.remove_prefix(schema::kStemPrefix.size());
    }
    if (word.size() < 3) return false;
    const unsigned char first = static_cast<unsigned char>(word.front());
    return !(first >= 'A' && first <= 'Z') && !std::isdigit(first);
  }

 private:
  bool stems_only_;
};

// An article as stored, with a link that is not http(s) dropped: indexes written before links
// were filtered may hold javascript: or data: ones, which no output may hand on.
Article stored_article(const std::string& data) {
  Article article = schema::decode_document_data(data);
  if (!is_safe_link(article.url)) article.url.clear();
  return article;
}

constexpr EnumNames<Facet, 5> kFacetNames = {{{Facet::kCountry, "country"},
                                              {Facet::kTopic, "topic"},
                                              {Facet::kSource, "source"},
                                              {Facet::kLanguage, "language"},
                                              {Facet::kMonth, "month"}}};
constexpr EnumNames<SortOrder, 3> kSortNames = {
    {{SortOrder::kRelevance, "relevance"}, {SortOrder::kDate, "date"}, {SortOrder::kRecent, "recent"}}};

}  // namespace

std::string_view facet_name(Facet facet) { return name_of(kFacetNames, facet); }

std::optional<Facet> facet_from_name(std::string_view name) { return value_named(kFacetNames, name); }

std::vector<Facet> facets_from_list(std::string_view list) {
  std::vector<Facet> facets;
  while (!list.empty()) {
    const size_t end = std::min(list.find(','), list.size());
    const std::string_view name = list.substr(0, end);
    if (!name.empty()) {
      facets.push_back(value_named_or_throw(kFacetNames, name, "facet"));
    }
    list.remove_prefix(std::min(end + 1, list.size()));
  }
  return facets;
}

std::string facet_label(Facet facet, std::string_view value) {
  switch (facet) {
    case Facet::kCountry: {
      std::string name = Gazetteer::builtin().display_name(value);
      return name == value ? std::string() : name;
    }
    case Facet::kTopic: return std::string(topic_label(value));
    case Facet::kLanguage: {
      icu::UnicodeString name;
      icu::Locale(std::string(value).c_str()).getDisplayLanguage(icu::Locale::getEnglish(), name);
      std::string label;
      name.toUTF8String(label);
      return label == value ? std::string() : label;
    }
    case Facet::kMonth: {
      static constexpr std::array<std::string_view, 12> kMonths = {"January",   "February", "March",    "April",
                                                                   "May",       "June",     "July",     "August",
                                                                   "September", "October",  "November", "December"};
      const int month = value.size() == 7 && value[4] == '-' ? std::atoi(std::string(value.substr(5)).c_str()) : 0;
      return month >= 1 && month <= 12 ? std::string(kMonths[month - 1]) + " " + std::string(value.substr(0, 4))
                                       : std::string();
    }
    case Facet::kSource: return {};
  }
  return {};
}

SortOrder sort_from_name(std::string_view name) { return value_named_or_throw(kSortNames, name, "sort order"); }

void SearchRequest::set_time_bounds(const std::string& since_text, const std::string& until_text) {
  const Timestamp now = now_utc();
  since = since_text.empty() ? std::nullopt : std::optional(parse_time_bound(since_text, now));
  until = until_text.empty() ? std::nullopt : std::optional(parse_time_bound(until_text, now, RangeEnd::kUpper));
  if (since && until && *since > *until) throw InputError("since " + since_text + " is after until " + until_text);
}

// A request's time limit, shared by the passes of one search: each gets what is left, and a
// pass that runs out fails the search rather than answer with partial counts.
// Builds a request's queries on one database handle. Each thread builds its own: Xapian's
// query objects count references without atomics and must not be shared between threads.
using QueryFactory = std::function<RequestQueries(const Xapian::Database&)>;

// The ranked pass's Enquire, and the decider that checks the phrases every match must hold
// (phrase_check.h), which each of its get_mset calls must be given.
struct Ranking {
  Xapian::Enquire enquire;
  std::unique_ptr<Xapian::MatchDecider> phrases;  // null when the query requires no phrase

  Xapian::MSet mset(Xapian::doccount first, Xapian::doccount max, Xapian::doccount check_at_least) {
    return enquire.get_mset(first, max, check_at_least, nullptr, phrases.get());
  }
};

// A page of a ranking: its items in order and, for each, the copies of its story that the
// ranking saw beside it (a lower bound of the copies that match).
struct RankedPage {
  Xapian::MSet ranked;  // what the ranking returned: the page, or the first ranks folded into it
  std::vector<Xapian::MSetIterator> items;
  std::vector<unsigned> copies_seen;
  bool folded_here = false;  // folded from the facet columns: `ranked` has no collapse keys
};

// A Searcher's state: its reader of the index (handles, languages, reopen and retry) and how it
// searches with it.
struct Searcher::State : IndexReader {
  using IndexReader::IndexReader;

  // A search of the request's own query: articles with every word, or (relaxed) with any.
  SearchResponse run_query(const SearchRequest& request, bool relaxed) {
    SearchResponse response = run(request, [&, &languages = index_languages()](const Xapian::Database& db) {
      return build_queries(request, db, languages, relaxed);
    });
    response.relaxed = relaxed;
    return response;
  }

  // How many articles matching `query` each story of the page has: the ranked pass stops at its
  // page, so Xapian's own collapse counts are only lower bounds. One counting pass over the
  // matches that hold one of the page's story keys (rare terms: a short intersection), with
  // Xapian's stock spy, which remote shards can run too.
  std::map<std::string, uint64_t> story_counts(const Xapian::Query& query, const std::vector<SearchHit>& hits) {
    std::vector<Xapian::Query> stories;
    for (const SearchHit& hit : hits) {
      if (!hit.story_key.empty()) stories.emplace_back(schema::boolean_term(schema::kStoryPrefix, hit.story_key));
    }
    std::map<std::string, uint64_t> counts;
    if (stories.empty()) return counts;
    Xapian::Enquire counting(database);
    counting.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                     Xapian::Query(Xapian::Query::OP_OR, stories.begin(), stories.end())));
    counting.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy by_story(schema::kStoryKeySlot);
    counting.add_matchspy(&by_story);
    counting.get_mset(0, 0, database.get_doccount());
    for (auto value = by_story.values_begin(); value != by_story.values_end(); ++value) {
      counts[*value] = value.get_termfreq();
    }
    return counts;
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
      if (schema::keeps_own_positions(index_languages().schema_version) && has_phrase_syntax(request.query)) {
        throw RuntimeFailure(path +
                             ": phrase and proximity searches check the word positions newsdex keeps (schema 4), "
                             "which the remote shards' stock server cannot read: search the words without quotes "
                             "and NEAR, or search the shards where they are local");
      }
      throw RuntimeFailure(path + ": the remote shards' server cannot run this search: " + error.get_msg());
    }
  }

  // One search: rank the page while exact counting runs beside it on a second handle, then
  // count the rest, suggest a spelling, and build the hits.
  SearchResponse run_once(const SearchRequest& request, const QueryFactory& make_queries) {
    const Deadline deadline(request.time_limit_seconds);
    const RequestQueries queries = make_queries(database);
    const SearchInFlight in_flight;
    // Splitting the count over two threads makes a search alone sooner, but costs CPU of its own
    // (a second parse, a search per range, a thread): when other searches of this process keep
    // the cores busy, it would only slow them all, so the count runs in one pass.
    const bool exact = !request.estimate, split = exact && counts_in_ranges && in_flight.alone();
    // Counting from the facet columns of a local index, or of each local shard; the stock spies
    // over remote shards.
    const bool by_shard = exact && !shards.empty();
    // Copies of a story are folded from the columns of a single database; Xapian's collapse
    // folds them over shards, where ranking twice the page cost more than it saved (top-10 p50
    // at 1,000,000 articles in 12 shards: 11.2 against 9.0 ms; one database of 100,000: 1.73
    // against 1.90 ms), and when estimated facets count what one ranking checks (a fold handed
    // on to Xapian would rank, and count, twice).
    const bool may_fold = request.collapse && (exact || request.facets.empty());
    const bool needs_columns = exact || may_fold;
    const std::shared_ptr<const FacetColumns> columns = needs_columns && shards.empty() && counts_in_ranges
                                                            ? FacetColumns::of(path, revision_key(database), database)
                                                            : nullptr;
    std::vector<std::shared_ptr<const FacetColumns>> columns_of_shards;
    for (size_t i = 0; by_shard && i < shards.size(); ++i) {
      columns_of_shards.push_back(FacetColumns::of(shard_paths[i], revision_key(shards[i]), shards[i]));
    }
    ExactCounter counter(request.facets, deadline, database.get_lastdocid(), exact ? columns : nullptr);
    const FacetColumns* const stories = may_fold ? columns.get() : nullptr;
    Ranking ranked = ranking(request, queries, /*xapian_collapses=*/request.collapse && !stories,
                             /*match_spies=*/!exact && !request.facets.empty());
    Xapian::Enquire& enquire = ranked.enquire;
    // An estimate counts facets over what ranking happened to check.
    std::vector<std::unique_ptr<FacetCounter>> estimated;
    for (Facet facet : exact ? std::vector<Facet>() : request.facets) {
      estimated.push_back(std::make_unique<FacetCounter>(facet, enquire, database));
    }
    // One thread's share of the count, on its own handle (and handles on the shards).
    auto count_share = [&](const Xapian::Database& handle, const std::vector<Xapian::Database>& handle_shards,
                           const RequestQueries& handle_queries) {
      if (by_shard) {
        // The helper's handle on a shard may have reopened to a newer commit: the stock spies
        // count that shard.
        std::vector<std::shared_ptr<const FacetColumns>> columns = columns_of_shards;
        for (size_t i = 0; i < handle_shards.size(); ++i) {
          if (revision_key(handle_shards[i]) != revision_key(shards[i])) columns[i] = nullptr;
        }
        return counter.count_shards(handle_shards, columns, handle_queries);
      }
      return split ? counter.count_ranges(handle, handle_queries) : counter.count_all(handle, handle_queries);
    };
    std::future<ExactCounts> helper_counts;
    if (split) {
      helper_counts = std::async(std::launch::async, [&, &helper_database = helper()] {
        return count_share(helper_database, helper_shards, make_queries(helper_database));
      });
    }
    deadline.limit(enquire);
    // Estimated facets count what ranking checks: they need the whole ranking.
    const bool by_months = request.sort == SortOrder::kDate && estimated.empty();
    const RankedPage page =
        by_months ? newest_first(request, ranked, stories)
                  : page_of(ranked, request.offset, request.limit, request.offset + request.limit, stories);
    deadline.check();  // a ranking cut short would show a worse page without saying so

    SearchResponse response;
    response.query = request.query;
    response.offset = request.offset;
    if (exact) {
      ExactCounts counts = count_share(database, shards, queries);
      if (split) counts.add(helper_counts.get());
      for (size_t i = 0; i < request.facets.size(); ++i) {
        response.facets.push_back(
            FacetCounter::facet_result(request.facets[i], counts.by_facet[i], request.facet_limit));
      }
      response.total = counts.total;
    } else {
      // A page ranked over recent months alone estimates those months: the whole query's estimate
      // is Xapian's from its posting lists (no match runs when no item is asked for).
      const Xapian::MSet whole = by_months ? ranked.mset(0, 0, 0) : page.ranked;
      response.total = request.collapse && !page.folded_here ? whole.get_uncollapsed_matches_estimated()
                                                             : whole.get_matches_estimated();
      for (const auto& facet_counter : estimated) response.facets.push_back(facet_counter->result(request.facet_limit));
    }
    if (request.suggest && response.total < kFewMatches && !request.query.empty()) {
      if (std::string corrected = spelling_correction(request.query, database); !corrected.empty()) {
        response.corrected_query = std::move(corrected);
      }
    }
    response.hits = hits_of(request, page, queries.combined(), exact);
    return response;
  }

  // Newest first, ranked over the newest month, then the newest 4, 16, ... months, until the page
  // is full: every article of an older month is older than any of the window's, so a full page
  // is the page of the whole index (a story's newest copy is the one shown either way). Sorting
  // every match by date reads each one's date from the value streams; a news query's latest
  // page is nearly always in its last month or two. Articles with no date have no month and
  // come last, from the whole ranking. Leaves `enquire` asking the whole query.
  RankedPage newest_first(const SearchRequest& request, Ranking& ranking, const FacetColumns* stories) {
    Xapian::Enquire& enquire = ranking.enquire;
    const Xapian::Query whole = enquire.get_query();
    const std::vector<std::string>& months = month_terms_newest_first();
    for (size_t window = 1; request.limit > 0 && window < months.size(); window *= 4) {
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, whole,
                                      Xapian::Query(Xapian::Query::OP_OR, months.begin(), months.begin() + window)));
      RankedPage page = page_of(ranking, request.offset, request.limit, 0, stories);
      if (page.items.size() == request.limit) {
        enquire.set_query(whole);
        return page;
      }
    }
    enquire.set_query(whole);
    return page_of(ranking, request.offset, request.limit, request.offset + request.limit, stories);
  }

  // Ranks `limit` items from `offset` (checking at least `check_at_least` matches), one per story
  // when `stories` is given: the first copy of each story in the ranking of every copy is the
  // one Xapian's collapse keeps, so when the first ranks hold enough stories they give Xapian's
  // page without reading a story key from the value streams for every candidate (a sixth of a
  // top-10 search at 100,000 articles).
  RankedPage page_of(Ranking& ranking, unsigned offset, unsigned limit, unsigned check_at_least,
                     const FacetColumns* stories) {
    RankedPage page;
    if (!stories || limit == 0) {
      page.ranked = ranking.mset(offset, limit, check_at_least);
      for (auto item = page.ranked.begin(); item != page.ranked.end(); ++item) {
        page.items.push_back(item);
        page.copies_seen.push_back(item.get_collapse_count());
      }
      return page;
    }
    const Xapian::doccount wanted = offset + limit;
    // Deep enough that copies rarely crowd out the page: ranking 70 items instead of 20 cost no
    // more at 300,000 articles, where handing a crowded page to Xapian ranked it twice.
    const Xapian::doccount ranks = wanted + std::max(3 * wanted, 60U);
    page.ranked = ranking.mset(0, ranks, std::max(ranks, check_at_least));
    std::unordered_map<uint64_t, size_t> first_copy;  // story -> its index in `items`
    for (auto item = page.ranked.begin(); item != page.ranked.end(); ++item) {
      const uint64_t story = stories->story(*item);
      if (story != 0) {
        const auto [found, first] = first_copy.try_emplace(story, page.items.size());
        if (!first) {
          ++page.copies_seen[found->second];
          continue;
        }
      }
      page.items.push_back(item);
      page.copies_seen.push_back(0);
    }
    if (page.items.size() < wanted && page.ranked.size() == ranks) {
      // Copies crowd the first ranks: ranking deeper would cost more than Xapian's collapse,
      // which keeps one copy a story while it ranks.
      ranking.enquire.set_collapse_key(schema::kStoryKeySlot);
      RankedPage collapsed = page_of(ranking, offset, limit, check_at_least, nullptr);
      ranking.enquire.set_collapse_key(Xapian::BAD_VALUENO);
      return collapsed;
    }
    page.folded_here = true;
    const size_t from = std::min<size_t>(offset, page.items.size()), to = std::min<size_t>(wanted, page.items.size());
    page.items = std::vector(page.items.begin() + from, page.items.begin() + to);
    page.copies_seen = std::vector(page.copies_seen.begin() + from, page.copies_seen.begin() + to);
    return page;
  }

  // The ranked pass: it only needs the page, and stops early, as a plain top-10 search does.
  // `match_spies`: estimated facets will count what the ranking sees, which must then be every
  // match it passes over, as without a decider (Xapian drops a match that sorts below the page
  // before it asks a decider, and then before the spies see it).
  Ranking ranking(const SearchRequest& request, const RequestQueries& queries, bool xapian_collapses,
                  bool match_spies) {
    Ranking ranking{Xapian::Enquire(database), nullptr};
    // Remote shards rank the query whose phrases are checked in place (which their stock server
    // refuses with a clear message): a decider would not run there.
    if (queries.required_phrases && !match_spies) {
      if (const std::vector<Xapian::Database> local = local_databases(); !local.empty()) {
        ranking.phrases = phrase_decider(queries.required_phrases, local);
      }
    }
    Xapian::Query query = ranking.phrases ? queries.combined_for_ranking() : queries.combined();
    if (request.sort == SortOrder::kRecent)
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, recency_boost(database));
    ranking.enquire.set_query(query);
    if (request.sort == SortOrder::kDate)
      ranking.enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, true);
    if (xapian_collapses) ranking.enquire.set_collapse_key(schema::kStoryKeySlot);
    return ranking;
  }

  // An MSet of no hits over every term of `query`, OR-ed: what Xapian's snippets then highlight.
  Xapian::MSet loose_words_of(const Xapian::Query& query) {
    Xapian::Enquire loose(database);
    loose.set_query(Xapian::Query(Xapian::Query::OP_OR, query.get_unique_terms_begin(), query.get_unique_terms_end()));
    return loose.get_mset(0, 0);
  }

  // The page's hits with their snippets and, when collapsed, how many copies each story has
  // among the matches (`matched`): counted exactly, or as far as ranking looked.
  std::vector<SearchHit> hits_of(const SearchRequest& request, const RankedPage& page, const Xapian::Query& matched,
                                 bool exact) {
    const Xapian::Stem stemmer = snippet_stemmer(matched);
    std::optional<Xapian::Stem> part_stemmer;  // made for the first hit in such a language
    // Xapian's snippets highlight a phrase's words only where they match as written, and an
    // index of stems has stems in its phrases: the snippets of a phrase search are drawn by the
    // MSet of its words, loose (it lists what to highlight; it ranks nothing).
    const Xapian::MSet highlighter = has_phrase(matched) ? loose_words_of(matched) : page.ranked;
    std::vector<SearchHit> hits;
    for (size_t i = 0; i < page.items.size(); ++i) {
      const Xapian::MSetIterator& item = page.items[i];
      SearchHit hit;
      const Xapian::Document document = item.get_document();
      hit.article = stored_article(document.get_data());
      hit.score = std::round(item.get_weight() * 1000) / 1000;
      hit.story_key =
          request.collapse && !page.folded_here ? item.get_collapse_key() : document.get_value(schema::kStoryKeySlot);
      if (request.collapse && !exact) hit.duplicates = page.copies_seen[i];
      const std::string& text = !hit.article.text.empty()      ? hit.article.text
                                : !hit.article.summary.empty() ? hit.article.summary
                                                               : hit.article.title;
      // Xapian's snippets read a run of Thai (Lao, Khmer, Myanmar) as one word: marked between
      // the words the index holds, the marks taken out after.
      std::string marked;  // only for text in those scripts: most hits' texts are not copied
      if (has_unspaced_script_character(text)) marked = with_word_breaks(text, kUnseenWordBreak);
      // Paragraph breaks mean nothing in a one-line snippet.
      hit.snippet = collapse_whitespace(highlighter.snippet(
          // (No SNIPPET_BACKGROUND_MODEL: its term-frequency lookups for every word of ten texts
          // cost more than the whole search.)
          marked.empty() ? text : marked, kSnippetBytes,
          !schema::indexes_word_parts(hit.article.language) ? stemmer
          : part_stemmer                                    ? *part_stemmer
                                                            : part_stemmer.emplace(snippet_stemmer(matched, true)),
          schema::kCjkSnippets | (request.best_snippets ? Xapian::MSet::SNIPPET_EXHAUSTIVE : 0), "<b>", "</b>", "…"));
      for (size_t at = 0; (at = hit.snippet.find(kUnseenWordBreak, at)) != std::string::npos;)
        hit.snippet.erase(at, kUnseenWordBreak.size());
      // Xapian highlights Chinese, Japanese and Korean one character at a time: 津波 is one word.
      for (size_t at = 0; (at = hit.snippet.find("</b><b>", at)) != std::string::npos;) hit.snippet.erase(at, 7);
      hits.push_back(std::move(hit));
    }
    if (request.collapse && exact) {
      const std::map<std::string, uint64_t> copies = story_counts(matched, hits);
      for (SearchHit& hit : hits) {
        if (const auto story = copies.find(hit.story_key); story != copies.end() && story->second > 0) {
          hit.duplicates = static_cast<unsigned>(story->second - 1);
        }
      }
    }
    return hits;
  }
};

Searcher::Searcher(const std::string& database_path) {
  try {
    state_ = std::make_unique<State>(database_path);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw RuntimeFailure(
        database_path +
        ": no index here (Searcher's database_path must name an index folder that newsdex-index add, crawl or "
        "import made)");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot open the index: " + error.get_description());
  }
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResponse Searcher::search(const SearchRequest& typed) {
  SearchRequest request = typed;
  request.query = utf8_reading_stray_bytes_as_windows_1252(typed.query);
  return state_->with_retries([&] {
    SearchResponse response = state_->run_query(request, /*relaxed=*/false);
    if (response.corrected_query) {
      // Suggest only what finds more; when the query found nothing, show what the suggestion finds.
      SearchRequest corrected_request = request;
      corrected_request.query = *response.corrected_query;
      corrected_request.suggest = false;
      SearchResponse corrected = state_->run_query(corrected_request, /*relaxed=*/false);
      if (corrected.total <= response.total) {
        response.corrected_query.reset();
      } else if (response.total == 0 && request.show_corrected) {
        corrected.query = request.query;
        corrected.corrected_query = corrected_request.query;
        corrected.showing_corrected = true;
        return corrected;
      }
    }
    // Nothing matched every word: show what matches any of them rather than nothing.
    if (request.relax && response.total == 0 && query_word_count(request.query) > 1) {
      SearchResponse relaxed = state_->run_query(request, /*relaxed=*/true);
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
    const PlainWords plain_words(schema::word_forms(state_->index_languages().schema_version, "", false) ==
                                 schema::WordForms::kStemsOnly);
    const Xapian::ESet telling = enquire.get_eset(kSimilarTerms, relevant, &plain_words);
    const std::vector<std::string> terms(telling.begin(), telling.end());
    // Not the article itself, nor the other copies of its story.
    const std::string key = database.get_document(*posting).get_value(schema::kStoryKeySlot);
    const std::string story_term = key.empty() ? std::string() : schema::boolean_term(schema::kStoryPrefix, key);
    return state_->run(request, [&](const Xapian::Database&) {
      RequestQueries queries = build_filters(request);
      Xapian::Query itself(id_term);
      if (!story_term.empty()) itself = Xapian::Query(Xapian::Query::OP_OR, itself, Xapian::Query(story_term));
      queries.text = Xapian::Query(Xapian::Query::OP_AND_NOT,
                                   Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), itself);
      return queries;
    });
  });
}

FacetResult Searcher::values(Facet facet) {
  SearchRequest request;
  request.facets = {facet};
  request.limit = 0;
  request.suggest = false;
  return state_->with_retries([&] {
    return state_->run(request, [&](const Xapian::Database&) { return build_filters(request); }).facets.front();
  });
}

TimelineResponse Searcher::timeline(const TimelineRequest& request) {
  return state_->with_retries([&] {
    const RequestQueries queries = build_queries(request.search, state_->database, state_->index_languages(), false);
    return count_timeline(state_->database, queries, request);
  });
}

std::optional<Timestamp> Searcher::last_indexed() {
  return state_->with_retries([&] { return read_last_indexed(state_->path, state_->database); });
}

TrendsResponse Searcher::trends(const TrendsRequest& given) {
  TrendsRequest request = given;
  if (!request.until) request.until = last_indexed();
  return state_->with_retries([&] {
    const bool has_query = request.search.query.find_first_not_of(" \t\r\n") != std::string::npos;
    // No query: trends over everything the filters let through.
    const RequestQueries queries =
        has_query ? build_queries(request.search, state_->database, state_->index_languages(), false)
                  : build_filters(request.search);
    try {
      return rank_trends(state_->database, queries, request);
    } catch (const Xapian::UnimplementedError& error) {
      throw RuntimeFailure(state_->path + ": trends need the index's shards on this machine (" + error.get_msg() + ")");
    }
  });
}

}  // namespace newsdex::search
