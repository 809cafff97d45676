// Watches (saved searches whose new matches are delivered after every indexing run), kept in the
// index's bookkeeping beside the feed subscriptions, so that a watch's progress and the articles
// it has read change in one commit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <xapian.h>

#include "newsdex/time.h"

namespace newsdex::index {

// One watch: what it looks for, where its hits go, and how far it has read.
struct Watch {
  std::string name;                    // the key; any text
  std::string query;                   // Xapian query language, as newsdex-search takes it
  std::vector<std::string> countries;  // filters: alternatives within a kind, AND between kinds
  std::vector<std::string> topics;
  std::string deliver;                 // "jsonl:FILE", "exec:COMMAND" or "webhook:URL"

  // Progress. The cursor is the indexing sequence number (schema::kSequenceSlot) it has read
  // through; it moves only once a run's hits are delivered.
  uint64_t cursor = 0;
  bool from_start = false;             // not run yet, and asked to deliver the existing matches
  std::optional<Timestamp> last_run;   // the last run that found its hits delivered (or none)
  uint64_t delivered = 0;              // hits delivered, all time
  uint64_t pending = 0;                // hits the last run could not deliver (retried next run)
  std::string last_error;              // why the last delivery failed; empty when it did not
};

// The `watch list --json` object of CONTRACT.md.
nlohmann::ordered_json to_json(const Watch& watch);

// Reads and writes watches in the index's metadata. Changes become durable with the owning
// Indexer's commit().
class WatchStore {
 public:
  // Read-write, on the database an Indexer holds.
  explicit WatchStore(Xapian::WritableDatabase database);

  // Read-only, without taking the write lock (so that `watch list` works while a crawl runs).
  // Throws RuntimeFailure naming the path when the index cannot be opened.
  static WatchStore open_read_only(const std::string& database_path);

  // Every watch, ordered by name.
  std::vector<Watch> list() const;

  // The watch called `name`, if any.
  std::optional<Watch> find(const std::string& name) const;

  // Adds or replaces the watch with watch.name. REQUIRES: read-write.
  void save(const Watch& watch);

  // Removes the watch called `name` and its record of delivered stories; false when there was
  // none. REQUIRES: read-write.
  bool remove(const std::string& name);

  // Whether the watch has delivered the story with this key (a later copy is not news).
  bool delivered_story(const std::string& name, const std::string& story_key) const;

  // Records that the watch delivered the story. REQUIRES: read-write.
  void mark_delivered(const std::string& name, const std::string& story_key);

 private:
  explicit WatchStore(Xapian::Database reader) : reader_(std::move(reader)) {}

  Xapian::Database reader_;
  std::optional<Xapian::WritableDatabase> writer_;
};

}  // namespace newsdex::index
