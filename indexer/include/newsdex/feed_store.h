// Feed subscriptions and their crawl state, kept in the index beside the articles so that both
// change in one atomic commit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <xapian.h>

#include "newsdex/time.h"

namespace newsdex::index {

// One subscribed feed.
struct Subscription {
  std::string url;       // http(s) URL; the key
  std::string name;      // source name to file its articles under; empty: the feed's title
  std::string country;   // configured country (ISO 3166-1), empty for none
  std::string topic;     // configured topic slug, empty for none
  bool enabled = true;

  // Crawl state.
  std::string title;                    // the feed's title when last fetched
  std::optional<Timestamp> last_fetch;
  std::optional<long> last_status;      // HTTP status of the last fetch
  std::string last_error;               // empty when the last fetch was fine
  int failures = 0;                     // consecutive failed fetches
  long articles = 0;                    // articles indexed from this feed, all time
  std::optional<Timestamp> next_due;    // when it should be fetched next
  std::string etag;                     // for conditional GET
  std::string last_modified;
  long interval_seconds = 0;            // the schedule it earned; 0 until first fetched
};

// The `feeds list --json` object of CONTRACT.md.
nlohmann::ordered_json to_json(const Subscription& subscription);

// Reads and writes subscriptions in the index's metadata. Changes become durable with the
// owning Indexer's commit().
class FeedStore {
 public:
  // Read-write, on the database an Indexer holds.
  explicit FeedStore(Xapian::WritableDatabase database);

  // Read-only, without taking the write lock (so that it works while a crawl runs).
  // Throws RuntimeFailure naming the path when the index cannot be opened.
  static FeedStore open_read_only(const std::string& database_path);

  // Every subscription, ordered by URL.
  std::vector<Subscription> list() const;

  // The subscription for `url`, if any.
  std::optional<Subscription> find(const std::string& url) const;

  // Adds or replaces the subscription with subscription.url. REQUIRES: read-write.
  void save(const Subscription& subscription);

  // Removes the subscription for `url`; false when there was none. REQUIRES: read-write.
  bool remove(const std::string& url);

 private:
  explicit FeedStore(Xapian::Database reader) : reader_(std::move(reader)) {}

  Xapian::Database reader_;
  std::optional<Xapian::WritableDatabase> writer_;
};

}  // namespace newsdex::index
