// Searching a newsdex index: ranked hits with snippets and exact facet counts.
// The same request and response types serve the library, the CLI and the HTTP API.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/article.h"
#include "newsdex/error.h"
#include "newsdex/index_stats.h"

namespace newsdex::search {

// Order of the hits.
enum class SortOrder {
  kRelevance,  // BM25, best first (the default)
  kDate,       // newest first
  kRecent,     // relevance with a boost for recent articles
};

// "relevance", "date" or "recent". Throws InputError naming the value for anything else.
SortOrder sort_from_name(std::string_view name);

// The dimensions facets count articles by.
enum class Facet { kCountry, kTopic, kSource, kLanguage, kMonth };

// "country", "topic", "source", "language", "month".
std::string_view facet_name(Facet facet);
// The facet with that name; nothing for an unknown name.
std::optional<Facet> facet_from_name(std::string_view name);
// The facets of a comma-separated list ("country,topic"). Throws InputError for an unknown name.
std::vector<Facet> facets_from_list(std::string_view list);

// One search. Filters of one kind are alternatives (OR); different kinds combine with AND.
struct SearchRequest {
  std::string query;                   // Xapian query language; may be empty when a filter is set
  std::vector<std::string> countries;  // ISO 3166-1 codes or country names
  std::vector<std::string> topics;     // IPTC slugs
  std::vector<std::string> sources;    // source names, case and accents ignored
  std::vector<std::string> languages;  // ISO 639-1
  std::optional<Timestamp> since;      // published at or after
  std::optional<Timestamp> until;      // published at or before
  // Only articles indexed after sequence number `indexed_after` and up to `indexed_through`
  // (schema::kSequenceSlot; newsdex-index's watches read what each commit added). Articles of
  // indexes written before the numbering have none and never match such a range.
  std::optional<uint64_t> indexed_after;
  std::optional<uint64_t> indexed_through;
  SortOrder sort = SortOrder::kRelevance;
  unsigned offset = 0;  // hits to skip
  unsigned limit = 10;  // hits to return
  std::vector<Facet> facets = {Facet::kCountry, Facet::kTopic, Facet::kSource, Facet::kLanguage, Facet::kMonth};
  unsigned facet_limit = 0;  // values per facet; 0 for all
  bool collapse = true;      // one hit per story (near-duplicate copies folded)
  bool estimate = false;     // Xapian's estimate for `total` instead of an exact count
  bool suggest = true;       // a spelling suggestion when few articles match and it finds more
  // When the query finds nothing and its spelling suggestion finds articles, answer with those
  // (`showing_corrected`); false: always the query as typed ("search instead for").
  bool show_corrected = true;
  bool relax = true;  // no article has every word: answer those with any (`relaxed`)
  // Snippets from the best passage of each text (every candidate compared); false: the first
  // good one, for requests with many hits.
  bool best_snippets = true;
  double time_limit_seconds = 0;  // give up (TimeLimitExceeded) after this long; 0: no limit

  // Sets `since` and `until` from the forms of --since/--until (docs/json.md), relative to now.
  // Throws InputError for an unreadable value or a `since` after `until`.
  void set_time_bounds(const std::string& since_text, const std::string& until_text);
};

// A search that could not finish within its request's time limit.
class TimeLimitExceeded : public RuntimeFailure {
 public:
  using RuntimeFailure::RuntimeFailure;
};

// One result.
struct SearchHit {
  Article article;          // display fields; `text` and `summary` are filled too
  double score = 0;         // relevance weight (0 when sorted by date alone)
  std::string snippet;      // HTML-safe text with matched terms in <b>…</b>
  unsigned duplicates = 0;  // other matching copies of the same story folded into this hit
  std::string story_key;    // shared by every copy of the story (stable: names the story)
};

// How many matching articles have one value of a facet.
struct FacetCount {
  std::string value;  // what filters match: "AZ", "economy-business-finance", "2022-09"
  uint64_t count = 0;
  std::string label;  // for people: "Azerbaijan", "Economy, business and finance"; empty for sources
};

// The human-readable name of a facet value: the country's name, IPTC's topic name, the
// language's English name, "September 2022" for a month; empty for a source (its value is its
// name) and for a value without one.
std::string facet_label(Facet facet, std::string_view value);

// The counts of one facet, most frequent first (month: in date order).
struct FacetResult {
  Facet facet;
  std::vector<FacetCount> counts;
};

// The answer to a SearchRequest.
struct SearchResponse {
  std::string query;   // as typed (invalid UTF-8 bytes read as windows-1252)
  uint64_t total = 0;  // matching articles, every copy counted
  unsigned offset = 0;
  // A spelling suggestion, only when the query found few articles and the suggestion finds more.
  std::optional<std::string> corrected_query;
  bool showing_corrected = false;  // the hits are those of corrected_query: the query found nothing
  bool relaxed = false;            // no article matched every word; hits match any
  std::vector<SearchHit> hits;
  std::vector<FacetResult> facets;  // in the order requested
};

struct TimelineRequest;
struct TimelineResponse;
struct TrendsRequest;
struct TrendsResponse;

// A read-only view of a newsdex index. It never takes the write lock, so it works while
// newsdex-index writes; each call sees the last commit whole (the index is reopened at the
// start of each call, so a long-lived Searcher follows a crawl).
//
// Thread safety: one Searcher per thread. An instance is not safe to share between threads
// without external locking; several instances on one index are independent. An exact search
// uses a second thread of its own for counting.
//
// Errors: every method reports failure by throwing newsdex::Error (newsdex/error.h):
// InputError for what the caller gave (a bad query, an unknown filter value), RuntimeFailure for
// what the index did (missing, unreadable, changing too fast), TimeLimitExceeded when a request's
// time limit ran out.
class Searcher {
 public:
  // Opens the index at `database_path`. Throws RuntimeFailure naming the path when there is no
  // readable index there.
  explicit Searcher(const std::string& database_path);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  // Runs a search. Throws InputError for an unparsable query or an unknown filter value.
  SearchResponse search(const SearchRequest& request);

  // The article with this id, whole; nothing when there is none.
  std::optional<Article> article(const std::string& id);

  // Ids of the other copies of an article's story (same story key), best known first.
  std::vector<std::string> copies(const std::string& id);

  // Articles like the one with this id (relevance feedback: its most telling words searched
  // for), the article and its copies left out; `request` gives the filters, facets and page,
  // its query is ignored. Nothing when there is no article with that id.
  std::optional<SearchResponse> similar(const std::string& id, const SearchRequest& request);

  // Every value of a facet in the whole index with its label and article count, most frequent
  // first (month: in date order).
  FacetResult values(Facet facet);

  // Exact article counts per period for a search (newsdex/trends.h). Throws InputError for an
  // unparsable query or filter value.
  TimelineResponse timeline(const TimelineRequest& request);

  // When articles were last added or changed (the last crawl, `add` or `import` that wrote any);
  // nothing for an index that never recorded it.
  std::optional<Timestamp> last_indexed();

  // What rose most in a recent window against its own usual rate (newsdex/trends.h). Counts with
  // a match spy of newsdex's own, so it needs the shards local: throws RuntimeFailure over remote
  // shards, InputError for a bad query or filter value.
  TrendsResponse trends(const TrendsRequest& request);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The `search --json` object of docs/json.md.
nlohmann::ordered_json to_json(const SearchResponse& response);

// The `values --json` object: {"facet": name, "values": [{"value", "label"?, "count"}]}.
nlohmann::ordered_json to_json(const FacetResult& values);

// One hit object of `search --json` (also a line of `--jsonl`).
nlohmann::ordered_json to_json(const SearchHit& hit);

// The `show --json` object: the hit object plus text, summary, author, categories and the ids
// of the story's other copies.
nlohmann::ordered_json article_to_json(const Article& article, const std::vector<std::string>& copies);

}  // namespace newsdex::search
