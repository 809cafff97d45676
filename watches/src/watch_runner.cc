#include "newsdex/watch.h"

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "delivery.h"
#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "newsdex/search.h"
#include "watch_store.h"

namespace newsdex::watch {
namespace {

// The prefetching thread's niceness: a crawl's own work goes first.
constexpr int kPrefetchNiceness = 10;

// Hits are read in pages of this many: a watch that starts from the start of a large archive
// does not hold one huge answer.
constexpr unsigned kPage = 1000;

// The search a watch makes: its query and filters, one hit per story (collapsed), newest first.
search::SearchRequest request_of(const Watch& watch) {
  search::SearchRequest request;
  request.query = watch.query;
  request.countries = watch.countries;
  request.topics = watch.topics;
  request.sort = search::SortOrder::kDate;
  request.facets.clear();
  request.estimate = true;        // a watch needs its hits, not an exact total
  request.suggest = false;        // nor spelling suggestions for the few a batch often has
  request.relax = false;          // and a batch without a match for every word has no news for it
  request.best_snippets = false;  // the first good passage: alerts come by the thousand
  request.limit = kPage;
  return request;
}

// A watch's new stories as delivery objects (compact JSON), with their story keys; one per story.
struct FoundHits {
  std::vector<std::pair<std::string, std::string>> hits;  // (story key, hit object)
  std::unordered_set<std::string> stories;

  void add(const search::SearchHit& hit, const std::string& watch_name) {
    if (!hit.story_key.empty() && !stories.insert(hit.story_key).second) return;  // a copy found in an earlier batch
    nlohmann::ordered_json object = search::to_json(hit);
    object["watch"] = watch_name;
    hits.emplace_back(hit.story_key, object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
};

// Searches what a watch has not read: (after, through], or, from the start, everything.
void search_new(search::Searcher& searcher, const Watch& watch, std::optional<uint64_t> after, uint64_t through,
                FoundHits& found) {
  search::SearchRequest request = request_of(watch);
  if (!after) {
    // From the start: everything committed, articles written before sequence numbers included,
    // page by page (nothing is being written meanwhile: the caller holds the write lock).
    for (;; request.offset += kPage) {
      const search::SearchResponse response = searcher.search(request);
      for (const search::SearchHit& hit : response.hits) found.add(hit, watch.name);
      if (response.hits.size() < kPage) return;
    }
  }
  // A range with a page of hits or more is halved rather than paged: the prefetch searches
  // while a crawl commits, and an article updated between two pages would move the offsets
  // under them and make a hit slip between the pages.
  request.indexed_after = *after;
  request.indexed_through = through;
  const search::SearchResponse response = searcher.search(request);
  if (response.hits.size() < kPage || through - *after < 2) {
    for (const search::SearchHit& hit : response.hits) found.add(hit, watch.name);
    return;
  }
  const uint64_t middle = *after + (through - *after) / 2;
  search_new(searcher, watch, *after, middle, found);
  search_new(searcher, watch, middle, through, found);
}

// The thread of Watches::follow_indexing(): what it found for each watch, and how far it read.
struct Prefetch {
  std::string index_path;
  std::vector<Watch> watches;  // as they were when the prefetch started
  std::vector<FoundHits> found;
  std::vector<uint64_t> read_through;
  std::vector<std::string> errors;  // a watch whose search failed is searched again at the end

  std::mutex mutex;
  std::condition_variable changed;
  uint64_t committed = 0;  // the last sequence number committed, as reported
  uint64_t searched = 0;   // what the thread has searched through, for every watch
  std::atomic<bool> stopping = false;
  std::thread thread;

  // Searches, for each watch not yet read through `through`, what it has not read; several
  // threads may share a round, taking watches in turn. Stops early when `stop_early` says so.
  void search_round(search::Searcher& searcher, uint64_t through, std::atomic<size_t>& next, bool stop_early) {
    for (size_t i; (i = next++) < watches.size();) {
      if (stop_early && stopping) return;
      if (!errors[i].empty() || read_through[i] >= through) continue;
      try {
        search_new(searcher, watches[i], read_through[i], through, found[i]);
        read_through[i] = through;
      } catch (const Error& error) {
        errors[i] = error.what();
      }
    }
  }

  void run() {
    // Below the crawl's own thread: the crawl comes first, this takes what it leaves.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kPrefetchNiceness);
    std::optional<search::Searcher> searcher;
    for (;;) {
      uint64_t through;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stopping || committed > searched; });
        if (stopping) return;  // start_finish() searches what is left, on both cores
        through = committed;
      }
      try {
        if (!searcher) searcher.emplace(index_path);
      } catch (const Error&) {
        return;  // the end-of-run search reports it
      }
      std::atomic<size_t> next = 0;
      search_round(*searcher, through, next, true);
      std::lock_guard lock(mutex);
      searched = through;
    }
  }

  // Stops the thread: what it searched stays.
  void stop() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    changed.notify_all();
    if (thread.joinable()) thread.join();
  }

  // Stops the thread and searches what is left up to `through` on two threads, marking each
  // watch ready as it is done, so that its delivery need not wait for the others.
  void start_finish(uint64_t through) {
    stop();
    ready.assign(watches.size(), 0);
    auto next = std::make_shared<std::atomic<size_t>>(0);
    for (int worker = 0; worker < 2; ++worker) {
      finishers.emplace_back([this, through, next] {
        std::optional<search::Searcher> searcher;
        try {
          searcher.emplace(index_path);
        } catch (const Error&) {
          // Left unread: run_watches searches those watches itself and reports what fails.
        }
        for (size_t i; (i = (*next)++) < watches.size();) {
          if (searcher && errors[i].empty() && read_through[i] < through) {
            try {
              search_new(*searcher, watches[i], read_through[i], through, found[i]);
              read_through[i] = through;
            } catch (const Error& error) {
              errors[i] = error.what();
            }
          }
          {
            std::lock_guard lock(mutex);
            ready[i] = 1;
          }
          changed.notify_all();
        }
      });
    }
  }

  // Watch `i`'s new stories up to `through`, once searched; nothing if they could not be.
  FoundHits* wait_for(size_t i, uint64_t through) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return ready[i] != 0; });
    return errors[i].empty() && read_through[i] == through ? &found[i] : nullptr;
  }

  void join_finishers() {
    for (std::thread& finisher : finishers) {
      if (finisher.joinable()) finisher.join();
    }
    finishers.clear();
  }

  std::vector<std::thread> finishers;
  std::vector<char> ready;  // per watch, under `mutex`: its last search is done

  // Starts following the watches that read only what is new (those from the start are read
  // whole at the end), from `last_sequence`.
  Prefetch(const std::string& path, std::vector<Watch> all, uint64_t last_sequence) : index_path(path) {
    for (Watch& watch : all) {
      if (!watch.from_start) watches.push_back(std::move(watch));
    }
    found.resize(watches.size());
    errors.resize(watches.size());
    for (size_t i = 0; i < watches.size(); ++i) {
      read_through.push_back(watches[i].cursor);
      by_name.emplace(watches[i].name, i);
    }
    committed = searched = last_sequence;
    if (!watches.empty()) thread = std::thread([this] { run(); });
  }

  ~Prefetch() {
    stop();
    join_finishers();
  }

  void report_commit(uint64_t through) {
    {
      std::lock_guard lock(mutex);
      committed = std::max(committed, through);
    }
    changed.notify_all();
  }

  // The new stories of the watch called `name` up to `through`, if this followed it and its
  // search succeeded; after start_finish().
  FoundHits* found_for(const std::string& name, uint64_t through) {
    const auto followed = by_name.find(name);
    return followed == by_name.end() ? nullptr : wait_for(followed->second, through);
  }

  std::map<std::string, size_t> by_name;  // index into `watches`
};

}  // namespace

// The watches of one index, with the indexer that writes it.
struct Watches::State {
  State(index::Indexer& indexer, const RunOptions& options)
      : indexer(indexer), options(options), store(RecordStore<Watch>::writing(indexer)) {}

  index::Indexer& indexer;
  RunOptions options;
  WatchStore store;
  std::unique_ptr<Prefetch> prefetch;

  // One watch's run over what it has not read, up to `through`; records its progress. Opens
  // `searcher` on first need.
  RunResult run_one(Watch& watch, uint64_t through, std::optional<search::Searcher>& searcher);
  // Delivers a watch's new stories; records the delivery or why it failed on the watch.
  void deliver_fresh(Watch& watch, const FoundHits& found, uint64_t through, RunResult& result);
};

RunResult Watches::State::run_one(Watch& watch, uint64_t through, std::optional<search::Searcher>& searcher) {
  RunResult result{watch.name, 0, true, {}};
  watch.last_run = now_utc();
  if (!watch.from_start && watch.cursor >= through) {
    // Nothing indexed since its last run. Its progress is not worth a commit of its own.
    store.save(watch);
    return result;
  }
  FoundHits searched;
  FoundHits* found = prefetch && !watch.from_start ? prefetch->found_for(watch.name, through) : nullptr;
  if (!found) {
    try {
      if (!searcher) searcher.emplace(indexer.path());
      search_new(*searcher, watch, watch.from_start ? std::nullopt : std::optional(watch.cursor), through, searched);
      found = &searched;
    } catch (const InputError& error) {
      // The query was accepted when the watch was added; the index may since have changed under it.
      result.delivered = false;
      result.error = error.what();
      watch.last_error = result.error;
      store.save(watch);
      return result;
    }
  }
  deliver_fresh(watch, *found, through, result);
  return result;
}

void Watches::State::deliver_fresh(Watch& watch, const FoundHits& found, uint64_t through, RunResult& result) {
  // Not the stories this watch delivered in earlier runs.
  std::vector<const std::pair<std::string, std::string>*> fresh;
  for (const auto& hit : found.hits) {
    if (!store.delivered_story(watch.name, hit.first)) fresh.push_back(&hit);
  }
  result.hits = fresh.size();
  try {
    if (!fresh.empty()) {
      std::vector<std::string> objects;
      objects.reserve(fresh.size());
      for (const auto* hit : fresh) objects.push_back(hit->second);
      deliver(watch.deliver, watch.name, objects, options);
    }
    for (const auto* hit : fresh) store.mark_delivered(watch.name, hit->first);
    watch.delivered += fresh.size();
    watch.cursor = through;
    watch.from_start = false;
    watch.pending = 0;
    watch.last_error.clear();
  } catch (const Error& error) {
    result.delivered = false;
    result.error = error.what();
    watch.pending = fresh.size();
    watch.last_error = result.error;
  }
  store.save(watch);
  // Delivered, then recorded at once: only a kill during the delivery itself can repeat it.
  if (!fresh.empty()) indexer.commit_bookkeeping();
}

std::vector<Watch> list_watches(const std::string& index_path) {
  return RecordStore<Watch>::read_only(index_path).list();
}

Watches::Watches(index::Indexer& indexer, const RunOptions& options)
    : state_(std::make_unique<State>(indexer, options)) {}

Watches::~Watches() = default;

void Watches::add(Watch watch) {
  if (watch.name.empty()) throw InputError("a watch needs a name");
  if (state_->store.find(watch.name)) {
    throw InputError("watch " + watch.name + " exists; remove it first to change it");
  }
  check_delivery(watch.deliver);
  index::Indexer& indexer = state_->indexer;
  indexer.commit();  // a new index is searchable before its first watch is tried
  // The searcher is the judge of queries and filter values: what it refuses now would fail
  // every run.
  search::Searcher searcher(indexer.path());
  search::SearchRequest request = request_of(watch);
  request.limit = 0;
  searcher.search(request);
  watch.cursor = indexer.last_sequence();
  state_->store.save(watch);
  indexer.commit();
}

bool Watches::remove(const std::string& name) { return state_->store.remove(name); }

void Watches::follow_indexing() {
  state_->prefetch =
      std::make_unique<Prefetch>(state_->indexer.path(), state_->store.list(), state_->indexer.last_sequence());
}

void Watches::committed(uint64_t through) {
  if (state_->prefetch) state_->prefetch->report_commit(through);
}

std::vector<RunResult> Watches::run(const std::optional<std::string>& only) {
  std::vector<Watch> watches;
  if (only) {
    std::optional<Watch> watch = state_->store.find(*only);
    if (!watch) throw InputError("no watch called " + *only);
    watches.push_back(std::move(*watch));
  } else {
    watches = state_->store.list();
  }
  const uint64_t through = state_->indexer.last_sequence();
  if (state_->prefetch) state_->prefetch->start_finish(through);
  std::vector<RunResult> results;
  if (watches.empty()) return results;
  std::optional<search::Searcher> searcher;
  for (Watch& watch : watches) results.push_back(state_->run_one(watch, through, searcher));
  state_->indexer.commit_bookkeeping();
  if (state_->prefetch) state_->prefetch->join_finishers();
  return results;
}

}  // namespace newsdex::watch
