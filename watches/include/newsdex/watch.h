// Watches: saved searches run after every indexing run over only what it added, delivering each
// new story once (CONTRACT.md, "Following the news"). The searches go through newsdex's own
// searcher, so a delivered hit is the hit object of `newsdex-search --json`.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/watch_store.h"

namespace newsdex::index {
class Indexer;
}

namespace newsdex::watch {

// How watches deliver.
struct RunOptions {
  // A delivery taking longer fails (and is retried on the next run): an exec: command's whole
  // run, each webhook attempt.
  std::chrono::milliseconds delivery_timeout{30'000};
  // A webhook is tried this many times in one run, waiting webhook_backoff, then twice as long,
  // ... between tries.
  int webhook_attempts = 3;
  std::chrono::milliseconds webhook_backoff{1'000};
};

// What one watch's run did.
struct RunResult {
  std::string name;
  uint64_t hits = 0;       // new stories found
  bool delivered = true;   // false: the delivery failed and will be retried (error says why)
  std::string error;
};

// Checks a --deliver value: jsonl:FILE ("jsonl:-" is standard output), exec:COMMAND or
// webhook:http(s)://... Throws InputError naming the value otherwise.
void check_delivery(const std::string& deliver);

// Searches the watches' new articles on a thread of its own while a crawl indexes more (the
// crawl keeps one core busy tagging and writing; this takes the other), so that run_watches at
// the end mostly delivers. Made on the indexing thread before indexing starts, told of each
// commit there, and handed to run_watches. It only reads the index, through a Searcher.
class WatchPrefetch {
 public:
  WatchPrefetch(index::Indexer& indexer, const std::string& index_path);
  ~WatchPrefetch();
  WatchPrefetch(const WatchPrefetch&) = delete;
  WatchPrefetch& operator=(const WatchPrefetch&) = delete;

  // Every article numbered up to `through` (Indexer::last_sequence()) is committed.
  void committed(uint64_t through);

 private:
  struct State;
  std::unique_ptr<State> state_;
  friend std::vector<RunResult> run_watches(index::Indexer&, const std::string&, const std::optional<std::string>&,
                                            const RunOptions&, WatchPrefetch*);
};

// Adds a new watch to the index open in `indexer` (at `index_path`) and commits it. It starts at
// the current end of the archive, or, with watch.from_start, delivers the existing matches on its
// first run. Throws InputError for a name in use, a bad delivery, or a query or filter value the
// searcher refuses.
void add_watch(index::Indexer& indexer, const std::string& index_path, index::Watch watch);

// Runs the watches of the index (all, or only the one called `only`), each over the articles
// committed since its last run. REQUIRES: everything `indexer` added is committed. A watch's
// progress is committed right after its delivery, so that only a kill during a delivery can
// repeat it. A failed delivery is recorded on the watch, not thrown; throws InputError when
// `only` names no watch, RuntimeFailure when the index cannot be searched or written. With a
// `prefetch` that followed the indexing, the searching it did is not done again.
std::vector<RunResult> run_watches(index::Indexer& indexer, const std::string& index_path,
                                   const std::optional<std::string>& only = std::nullopt,
                                   const RunOptions& options = {}, WatchPrefetch* prefetch = nullptr);

}  // namespace newsdex::watch
