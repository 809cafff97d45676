// The writer lanes of an index: where each article is written, how shards are named, created,
// listed and rolled over (internal). A single database is an index of one lane and one shard.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "newsdex/article.h"
#include "newsdex/indexer.h"
#include "position_block_writer.h"

namespace newsdex::index {

// Opens (or creates) one database for writing, with newsdex's messages for the usual failures.
Xapian::WritableDatabase open_writable(const std::string& path, bool wait_for_lock);

// One writer lane: the shard it writes now, and what it reads to place an article.
struct Lane {
  Lane(unsigned number, unsigned generation, std::string path, Xapian::WritableDatabase shard,
       std::string schema_version)
      : number(number),
        generation(generation),
        path(std::move(path)),
        shard(std::move(shard)),
        schema_version(std::move(schema_version)) {}

  unsigned number;
  unsigned generation;
  std::string path;
  Xapian::WritableDatabase shard;
  // The index's schema version, which every shard of it shares: how words are indexed.
  std::string schema_version;
  // Where copies of a story are looked for, as of the last commit: this lane's open shard first,
  // then every other lane's open shard and each lane's last closed one. Copies of a story come
  // within days of each other, so that is enough; looking in every closed shard would cost
  // lookups per shard, and import would slow down as the archive grows.
  std::vector<Xapian::Database> story_shards;
  std::vector<std::string> story_paths;  // of story_shards
  // This lane's closed shards, as of the last commit, and their paths: earlier versions of its
  // articles are there.
  std::vector<Xapian::Database> closed_shards;
  std::vector<std::string> closed_paths;
  // Closed shards opened again to update an article they hold, until the next commit.
  std::map<std::string, Xapian::WritableDatabase> reopened;
  // The positions of the articles added to `shard` since they were last written as position
  // blocks (schema 5).
  PositionBlockWriter positions;
  // Whether `shard` is in an unflushed Xapian transaction: Xapian then flushes its buffers at
  // its threshold without committing, so no commit makes articles visible before their position
  // blocks are written (commit_shards() writes them, then commits).
  bool in_transaction = false;

  // The writable database of closed shard `index`.
  Xapian::WritableDatabase& reopen_closed(size_t index);
  // Brings what the lane reads to the last commit.
  void reopen();
};

// Adds or replaces an article in its lane: in place where an earlier version is, else in the
// lane's open shard. `sequence` is its place in the order of indexing (schema::kSequenceSlot).
// Every article is written through here, whatever brought it, so this is where stored text is
// made safe (cleaned_for_storage): the input paths do the same with warnings; this is the
// backstop. Ids are cleaned where they are made, since they choose the lane.
AddOutcome add_to(Lane& lane, const Article& given, uint64_t sequence);

// Creates a sharded index in the new folder `index_path` (Indexer::create_sharded).
void create_sharded_index(const std::string& index_path, const ShardLayout& layout);

// The lanes of one index, open for writing.
class Lanes {
 public:
  // The one lane of a single database (`database` is also the index's bookkeeping).
  Lanes(const std::string& path, Xapian::WritableDatabase database);
  // The lanes of the sharded index at `index_path`, as its bookkeeping records them.
  Lanes(const std::string& index_path, const Xapian::WritableDatabase& bookkeeping, bool wait_for_lock);

  bool sharded() const { return sharded_; }
  size_t size() const { return lanes_.size(); }
  Lane& operator[](size_t number) { return lanes_[number]; }
  // The lane an article's id belongs to: an update goes where the article is.
  Lane& lane_of(const std::string& id);

  // Opens, for every lane, the shards it reads (Lane::story_shards, Lane::closed_shards) as last
  // committed.
  void connect();
  // The highest indexing sequence number any shard holds (0: none).
  uint64_t highest_sequence() const;
  // Commits every lane's shards, the lanes in parallel.
  void commit_shards();
  // After commit_shards(): closes the shard of each lane that has reached its size and opens the
  // lane's next, recording the generations in `bookkeeping` (uncommitted). True when any did.
  bool roll_over_full(Xapian::WritableDatabase& bookkeeping);
  // After the bookkeeping's commit: brings what every lane reads up to date.
  void refresh(bool rolled_over);
  // Articles in every shard, uncommitted ones included.
  Xapian::doccount article_count() const;

 private:
  std::string path_;
  bool sharded_ = false;
  uint64_t articles_per_shard_ = 0;  // a sharded index's; 0: no limit
  std::vector<Lane> lanes_;
};

}  // namespace newsdex::index
