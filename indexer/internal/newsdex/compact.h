// Compacting an index with Xapian's compactor, in place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace newsdex::index {

// What compacting one database of an index did.
struct Compaction {
  std::string database;  // its path
  uint64_t bytes_before = 0;
  uint64_t bytes_after = 0;
  double seconds = 0;
  bool being_written = false;      // a shard a writer has open, left as it is
  bool already_compacted = false;  // a shard not changed since it was compacted, left as it is
};

// Compacts the index at `path` in place: the database itself, or each local shard its XAPIANDB
// stub lists (remote shards are compacted on their own hosts). Each database is compacted with
// its write lock held, into a new folder beside it that then takes its place in one atomic
// rename; searchers keep answering throughout and see the compacted files at their next
// search. A shard being written (the one a writer lane fills) is left as it is and reported so;
// the next compaction after it is closed takes it; so is a shard unchanged since it was
// compacted (writers compact the shards they close). Throws RuntimeFailure when a
// single-database index is being written or a database cannot be compacted; databases already
// compacted stay so.
std::vector<Compaction> compact_index(const std::string& path);

// Compacts one local database in place, as compact_index does each, and marks it compacted
// (was_compacted). `open_shard_allowed`: a database locked by a writer (a lane's open shard) is
// left as it is and reported so, instead of failing.
Compaction compact_database(const std::string& path, bool open_shard_allowed);

// Whether the database at `path` is as newsdex last compacted it: compacted, and no commit
// since (an update of one of a closed shard's articles makes it due again).
bool was_compacted(const std::string& path);

}  // namespace newsdex::index
