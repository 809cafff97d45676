#include "newsdex/watch.h"

#include <nlohmann/json.hpp>

#include "delivery.h"
#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "newsdex/search.h"

namespace newsdex::watch {
namespace {

// Hits are read in pages of this many: a watch that starts from the start of a large archive
// does not hold one huge answer.
constexpr unsigned kPage = 1000;

// The search a watch makes: its query and filters, one hit per story (collapsed), newest first.
search::SearchRequest request_of(const index::Watch& watch) {
  search::SearchRequest request;
  request.query = watch.query;
  request.countries = watch.countries;
  request.topics = watch.topics;
  request.sort = search::SortOrder::kDate;
  request.facets.clear();
  request.estimate = true;  // a watch needs its hits, not an exact total
  request.limit = kPage;
  return request;
}

// The new stories of one watch: what was committed in (cursor, through], one hit per story, none
// the watch has delivered before; as delivery objects.
std::vector<std::pair<std::string, nlohmann::ordered_json>> new_hits(search::Searcher& searcher,
                                                                     const index::WatchStore& store,
                                                                     const index::Watch& watch, uint64_t through) {
  search::SearchRequest request = request_of(watch);
  // From the start: everything committed, articles written before sequence numbers included
  // (none is being written: the caller holds the write lock).
  if (!watch.from_start) {
    request.indexed_after = watch.cursor;
    request.indexed_through = through;
  }
  std::vector<std::pair<std::string, nlohmann::ordered_json>> hits;  // (story key, object)
  for (;; request.offset += kPage) {
    const search::SearchResponse response = searcher.search(request);
    for (const search::SearchHit& hit : response.hits) {
      if (store.delivered_story(watch.name, hit.story_key)) continue;
      nlohmann::ordered_json object = search::to_json(hit);
      object["watch"] = watch.name;
      hits.emplace_back(hit.story_key, std::move(object));
    }
    if (response.hits.size() < kPage) break;
  }
  return hits;
}

}  // namespace

void add_watch(index::Indexer& indexer, const std::string& index_path, index::Watch watch) {
  if (watch.name.empty()) throw InputError("a watch needs a name");
  if (indexer.watches().find(watch.name)) {
    throw InputError("watch " + watch.name + " exists; remove it first to change it");
  }
  check_delivery(watch.deliver);
  indexer.commit();  // a new index is searchable before its first watch is tried
  // The searcher is the judge of queries and filter values: what it refuses now would fail
  // every run.
  search::Searcher searcher(index_path);
  search::SearchRequest request = request_of(watch);
  request.limit = 0;
  searcher.search(request);
  watch.cursor = indexer.last_sequence();
  indexer.watches().save(watch);
  indexer.commit();
}

std::vector<RunResult> run_watches(index::Indexer& indexer, const std::string& index_path,
                                   const std::optional<std::string>& only, const RunOptions& options) {
  std::vector<index::Watch> watches;
  if (only) {
    std::optional<index::Watch> watch = indexer.watches().find(*only);
    if (!watch) throw InputError("no watch called " + *only);
    watches.push_back(std::move(*watch));
  } else {
    watches = indexer.watches().list();
  }
  std::vector<RunResult> results;
  if (watches.empty()) return results;
  const uint64_t through = indexer.last_sequence();
  search::Searcher searcher(index_path);
  for (index::Watch& watch : watches) {
    RunResult result{watch.name, 0, true, {}};
    watch.last_run = now_utc();
    if (!watch.from_start && watch.cursor >= through) {
      // Nothing indexed since its last run. Its progress is not worth a commit of its own.
      indexer.watches().save(watch);
      results.push_back(std::move(result));
      continue;
    }
    std::vector<std::pair<std::string, nlohmann::ordered_json>> hits;
    try {
      hits = new_hits(searcher, indexer.watches(), watch, through);
    } catch (const InputError& error) {
      // The query was accepted when the watch was added; the index may since have changed under it.
      result.delivered = false;
      result.error = error.what();
      watch.last_error = result.error;
      indexer.watches().save(watch);
      results.push_back(std::move(result));
      continue;
    }
    result.hits = hits.size();
    try {
      if (!hits.empty()) {
        std::vector<nlohmann::ordered_json> objects;
        objects.reserve(hits.size());
        for (auto& [key, object] : hits) objects.push_back(std::move(object));
        deliver(watch.deliver, watch.name, objects, options);
      }
      for (const auto& [key, object] : hits) indexer.watches().mark_delivered(watch.name, key);
      watch.delivered += hits.size();
      watch.cursor = through;
      watch.from_start = false;
      watch.pending = 0;
      watch.last_error.clear();
    } catch (const Error& error) {
      result.delivered = false;
      result.error = error.what();
      watch.pending = hits.size();
      watch.last_error = result.error;
    }
    indexer.watches().save(watch);
    // Delivered, then recorded at once: only a kill during the delivery itself can repeat it.
    if (!hits.empty()) indexer.commit();
    results.push_back(std::move(result));
  }
  indexer.commit();
  return results;
}

}  // namespace newsdex::watch
