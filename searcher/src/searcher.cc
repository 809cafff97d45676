#include "newsdex/search.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <future>
#include <optional>
#include <map>
#include <nlohmann/json.hpp>

#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/text.h"
#include "newsdex/time.h"
#include "query_builder.h"

namespace newsdex::search {
namespace {

constexpr size_t kSnippetBytes = 240;
// A reader racing a writer's commit can see a revision vanish; reopening and retrying is
// Xapian's documented remedy.
constexpr int kModifiedRetries = 3;

// --sort recent: a boost added to relevance, largest for the newest article in the index and
// halving with every half-life of age. BM25 weights of a few matching words are of this order,
// so a recent article wins among similarly relevant ones but not over a much better match.
constexpr double kRecencyBoost = 2.0;
constexpr double kRecencyHalfLifeDays = 7;
// similar: how many of an article's most telling words are searched for.
constexpr Xapian::termcount kSimilarTerms = 25;
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

struct SlotRange {
  Xapian::valueno first;
  unsigned count;
};

SlotRange slots_of(Facet facet) {
  switch (facet) {
    case Facet::kCountry: return {schema::kFirstCountrySlot, schema::kMaxFacetCountries};
    case Facet::kTopic: return {schema::kFirstTopicSlot, schema::kMaxFacetTopics};
    case Facet::kSource: return {schema::kSourceSlot, 1};
    case Facet::kLanguage: return {schema::kLanguageSlot, 1};
    case Facet::kMonth: return {schema::kMonthSlot, 1};
  }
  return {schema::kSourceSlot, 1};
}

// Counts a facet with Xapian's stock ValueCountMatchSpy, one per slot of a multi-valued field:
// an article holds a value in at most one of the slots, so the sums count articles. Custom
// spies would not work against remote databases served by xapian-tcpsrv.
class FacetCounter {
 public:
  FacetCounter(Facet facet, Xapian::Enquire& enquire) : facet_(facet) {
    const SlotRange range = slots_of(facet);
    for (unsigned i = 0; i < range.count; ++i) {
      spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(range.first + i));
      enquire.add_matchspy(spies_.back().get());
    }
  }

  FacetResult result(unsigned limit) const {
    std::map<std::string, uint64_t> counts;
    for (const auto& spy : spies_) {
      for (auto value = spy->values_begin(); value != spy->values_end(); ++value) {
        counts[*value] += value.get_termfreq();
      }
    }
    FacetResult result{facet_, {}};
    for (const auto& [value, count] : counts) result.counts.push_back({value, count});
    if (facet_ != Facet::kMonth) {
      std::stable_sort(result.counts.begin(), result.counts.end(),
                       [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    }
    if (limit > 0 && result.counts.size() > limit) result.counts.resize(limit);
    return result;
  }

 private:
  Facet facet_;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;  // outlive the enquire's use
};

std::vector<std::string> codes_of(const std::vector<ScoredCode>& scored) {
  std::vector<std::string> codes;
  for (const auto& code : scored) codes.push_back(code.code);
  return codes;
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

// Builds a request's queries on one database handle. Each thread builds its own: Xapian's
// query objects count references without atomics and must not be shared between threads.
using QueryFactory = std::function<RequestQueries(const Xapian::Database&)>;

struct Searcher::State {
  std::string path;
  Xapian::Database database;
  // A second handle on the same index, for the thread that counts facets beside the search.
  std::optional<Xapian::Database> helper_database;

  // The helper handle, at the revision the main handle reads.
  Xapian::Database& helper() {
    if (!helper_database) helper_database.emplace(path);
    for (int attempt = 0; helper_database->get_revision() != database.get_revision(); ++attempt) {
      if (attempt == kModifiedRetries) throw Xapian::DatabaseModifiedError("the index changed while opening it twice");
      database.reopen();
      helper_database->reopen();
    }
    return *helper_database;
  }

  // Retries `work` after reopening when a concurrent commit invalidated what it was reading.
  template <typename Work>
  auto with_retries(Work work) {
    for (int attempt = 1;; ++attempt) {
      try {
        return work();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kModifiedRetries) throw RuntimeFailure(path + ": the index changed too often while reading; try again");
        database.reopen();
        if (helper_database) helper_database->reopen();
      } catch (const Xapian::Error& error) {
        throw RuntimeFailure(path + ": " + error.get_description());
      }
    }
  }

  SearchResponse run(const SearchRequest& request, bool any_word) {
    SearchResponse response =
        run(request, [&](const Xapian::Database& db) { return build_queries(request, db, any_word); });
    response.relaxed = any_word;
    return response;
  }

  SearchResponse run(const SearchRequest& request, const QueryFactory& make_queries) {
    const RequestQueries queries = make_queries(database);
    const Xapian::doccount everything = std::max<Xapian::doccount>(database.get_doccount(), 1);
    const Xapian::doccount check_at_least = request.estimate ? request.offset + request.limit : everything;

    Xapian::Enquire enquire(database);
    Xapian::Query query = queries.combined();
    if (request.sort == SortOrder::kRecent) {
      // Ages count from the newest article (or now, if a feed dated one in the future), so
      // that an archive that stopped growing still ranks its own recent news first.
      const std::string newest_value = database.get_value_upper_bound(schema::kPublishedSlot);
      const double now = static_cast<double>(now_utc().time_since_epoch().count());
      const double newest = newest_value.empty() ? now : std::min(now, Xapian::sortable_unserialise(newest_value));
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query((new RecencyBoost(newest))->release()));
    }
    enquire.set_query(query);
    if (request.sort == SortOrder::kDate) enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, true);
    if (request.collapse) enquire.set_collapse_key(schema::kStoryKeySlot);

    // Exact facets are counted on both cores: this thread counts those of the match set while it
    // ranks it; a helper thread, on its own database handle, counts the country facet (eight
    // slots, the most work) over the same match set, and each facet whose own filter is set
    // over the matches without that filter (multi-select).
    std::vector<std::unique_ptr<FacetCounter>> counters(request.facets.size());
    std::vector<size_t> helper_facets;  // indexes into request.facets
    for (size_t i = 0; i < request.facets.size(); ++i) {
      if (queries.filter_of(request.facets[i]) || request.facets[i] == Facet::kCountry) {
        helper_facets.push_back(i);
      } else {
        counters[i] = std::make_unique<FacetCounter>(request.facets[i], enquire);
      }
    }
    std::future<std::vector<FacetResult>> helper_results;
    if (!helper_facets.empty()) {
      helper_results = std::async(std::launch::async, [&, &helper_database = helper()] {
        const RequestQueries helper_queries = make_queries(helper_database);
        std::vector<FacetResult> results;
        for (size_t i : helper_facets) {
          Xapian::Enquire counting(helper_database);
          counting.set_query(helper_queries.combined(request.facets[i]));
          FacetCounter counter(request.facets[i], counting);
          counting.get_mset(0, 0, everything);
          results.push_back(counter.result(request.facet_limit));
        }
        return results;
      });
    }
    // Sees every match before collapsing, so its total counts articles, every copy; Xapian's
    // own uncollapsed count is only bounded, not exact, when a collapse key is set. It watches
    // the language slot, which holds a handful of values: on the publication time, nearly
    // unique, it would build a map entry for every match.
    Xapian::ValueCountMatchSpy article_counter(schema::kLanguageSlot);
    if (!request.estimate) enquire.add_matchspy(&article_counter);
    const Xapian::MSet matches = enquire.get_mset(request.offset, request.limit, check_at_least);

    SearchResponse response;
    response.query = request.query;
    response.offset = request.offset;
    response.total = !request.estimate ? article_counter.get_total()
                     : request.collapse ? matches.get_uncollapsed_matches_estimated()
                                        : matches.get_matches_estimated();
    if (response.total < kFewMatches && !request.query.empty()) {
      if (std::string corrected = spelling_correction(request.query, database); !corrected.empty()) {
        response.corrected_query = std::move(corrected);
      }
    }
    std::vector<FacetResult> counted_beside = helper_results.valid() ? helper_results.get() : std::vector<FacetResult>();
    for (size_t i = 0, beside = 0; i < request.facets.size(); ++i) {
      response.facets.push_back(counters[i] ? counters[i]->result(request.facet_limit) : std::move(counted_beside[beside++]));
    }

    const Xapian::Stem stemmer = query_stemmer();
    for (auto item = matches.begin(); item != matches.end(); ++item) {
      SearchHit hit;
      hit.article = schema::decode_document_data(item.get_document().get_data());
      hit.score = std::round(item.get_weight() * 1000) / 1000;
      hit.duplicates = request.collapse ? item.get_collapse_count() : 0;
      const std::string& text = !hit.article.text.empty() ? hit.article.text
                                : !hit.article.summary.empty() ? hit.article.summary : hit.article.title;
      // Paragraph breaks mean nothing in a one-line snippet.
      hit.snippet = collapse_whitespace(matches.snippet(
          // (No SNIPPET_BACKGROUND_MODEL: its term-frequency lookups for every word of ten texts
          // cost more than the whole search.)
          text, kSnippetBytes, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE,
          "<b>", "</b>", "…"));
      response.hits.push_back(std::move(hit));
    }
    return response;
  }
};

Searcher::Searcher(const std::string& database_path) : state_(std::make_unique<State>()) {
  state_->path = database_path;
  try {
    state_->database = Xapian::Database(database_path);
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
    if (response.total == 0 && query_word_count(request.query) > 1) {
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
    return schema::decode_document_data(state_->database.get_document(*posting).get_data());
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
