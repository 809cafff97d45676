// Figures about an index, as both programs' `stats` print them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/time.h"

namespace Xapian {
class Database;
}

namespace newsdex {

// docs/json.md's `stats --json` fields.
struct IndexStats {
  uint64_t articles = 0;
  uint64_t feeds = 0;    // subscribed feeds
  uint64_t sources = 0;  // distinct source names among the articles
  std::optional<Timestamp> first_published;
  std::optional<Timestamp> last_published;
  uint64_t shards = 1;
  uint64_t size_bytes = 0;  // bytes on disk
  std::optional<Timestamp> last_crawl;
  std::optional<Timestamp> last_indexed;  // the last commit that added or changed articles
  uint64_t page_texts = 0;                // articles whose text is their web page's
  uint64_t feed_texts = 0;                // articles whose text is their feed's
  uint64_t pages_pending = 0;             // article pages waiting to be fetched
  uint64_t pages_failed = 0;              // article pages given up after repeated failures
};

// Reads the figures of the index at `database_path` without taking the write lock.
// Throws RuntimeFailure naming the path when there is no readable index there.
IndexStats read_index_stats(const std::string& database_path);

// When articles were last added or changed (a crawl, `add` or `import`); nothing for an index
// written before that was recorded. Cheap: one metadata read. Throws as read_index_stats does.
std::optional<Timestamp> read_last_indexed(const std::string& database_path);

// The same from `database`, already open at `database_path`: no second opening for a single
// database (a sharded one reads it from its state database beside the shards).
std::optional<Timestamp> read_last_indexed(const std::string& database_path, const Xapian::Database& database);

// The `stats --json` object.
nlohmann::ordered_json to_json(const IndexStats& stats);

// The human form, one figure a line, sizes in human units.
std::string to_text(const IndexStats& stats);

}  // namespace newsdex
