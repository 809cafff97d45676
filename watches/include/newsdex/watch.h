// Watches: saved searches run after every indexing run over only what it added, delivering each
// new story once (docs/json.md, "Following the news"). The searches go through newsdex's own
// searcher, so a delivered hit is the hit object of `newsdex-search --json`. Watches are kept
// in the index's bookkeeping, beside the feed subscriptions.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/time.h"

namespace newsdex::index {
class Indexer;
}

namespace newsdex::watch {

// One watch: what it looks for, where its hits go, and how far it has read.
struct Watch {
  std::string name;                    // the key; any text
  std::string query;                   // Xapian query language, as newsdex-search takes it
  std::vector<std::string> countries;  // filters: alternatives within a kind, AND between kinds
  std::vector<std::string> topics;
  std::string deliver;  // "jsonl:FILE", "exec:COMMAND" or "webhook:URL"

  // Progress. The cursor is the indexing sequence number (schema::kSequenceSlot) it has read
  // through; it moves only once a run's hits are delivered.
  uint64_t cursor = 0;
  bool from_start = false;            // not run yet, and asked to deliver the existing matches
  std::optional<Timestamp> last_run;  // the last run that found its hits delivered (or none)
  uint64_t delivered = 0;             // hits delivered, all time
  uint64_t pending = 0;               // hits the last run could not deliver (retried next run)
  std::string last_error;             // why the last delivery failed; empty when it did not
};

// The `watch list --json` object of docs/json.md.
nlohmann::ordered_json to_json(const Watch& watch);

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
  uint64_t hits = 0;      // new stories found
  bool delivered = true;  // false: the delivery failed and will be retried (error says why)
  std::string error;
};

// Checks a --deliver value: jsonl:FILE ("jsonl:-" is standard output), exec:COMMAND or
// webhook:http(s)://... Throws InputError naming the value otherwise.
void check_delivery(const std::string& deliver);

// Every watch of the index at `index_path`, by name, read without the write lock (so that it
// works while a crawl runs). Throws RuntimeFailure naming the path when there is no index.
std::vector<Watch> list_watches(const std::string& index_path);

// The watches of an index open for writing in an Indexer, which must outlive this.
class Watches {
 public:
  explicit Watches(index::Indexer& indexer, const RunOptions& options = {});
  ~Watches();
  Watches(const Watches&) = delete;
  Watches& operator=(const Watches&) = delete;

  // Adds a new watch and commits it. It starts at the current end of the archive, or, with
  // watch.from_start, delivers the existing matches on its first run. Throws InputError for a
  // name in use, a bad delivery, or a query or filter value the searcher refuses.
  void add(Watch watch);

  // Removes the watch called `name` and its record of delivered stories (uncommitted); false
  // when there was none.
  bool remove(const std::string& name);

  // Before indexing: searches the watches' new articles on a thread of its own while the
  // indexing goes on (a crawl keeps one core busy tagging and writing; this takes the other),
  // so that run() at the end mostly delivers. It only reads the index, through a Searcher. No
  // thread when there is no watch.
  void follow_indexing();

  // Tells the following thread that every article numbered up to `through`
  // (Indexer::last_sequence()) is committed.
  void committed(uint64_t through);

  // Runs the watches (all, or only the one called `only`), each over the articles committed
  // since its last run. REQUIRES: everything the indexer added is committed. A watch's progress
  // is committed right after its delivery, so that only a kill during a delivery can repeat it.
  // A failed delivery is recorded on the watch, not thrown; throws InputError when `only` names
  // no watch, RuntimeFailure when the index cannot be searched or written. What the following
  // thread searched is not searched again.
  std::vector<RunResult> run(const std::optional<std::string>& only = std::nullopt);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace newsdex::watch
