// Finding the copies of a story already indexed, so that they share one story key: MinHashes of
// the text's shingles, cut into bands that are boolean terms. Private to newsdex::indexer.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdex/article.h"

namespace newsdex::index {

// MinHashes kept per article (value slot schema::kMinHashSlot), and the bands they are cut into
// (one boolean term each, prefix schema::kStoryBandPrefix).
inline constexpr int kMinHashes = 16;
inline constexpr int kStoryBands = 8;
using MinHashes = std::array<uint64_t, kMinHashes>;

// The MinHashes of a text's 3-word shingles; none for a text too short to shingle.
std::optional<MinHashes> text_minhashes(std::string_view text);

// The boolean term of band `band` (0 to kStoryBands - 1) of `minhashes`.
std::string band_term(int band, const MinHashes& minhashes);

// The MinHashes as the value of schema::kMinHashSlot.
std::string pack_minhashes(const MinHashes& minhashes);

// A closed shard's story bands, in memory: which articles hold each band term. A bulk import
// asks the shards of the story window for eight bands an article; closed shards do not change,
// so their answers can be read once instead of from their B-trees every time (which cost 10% of
// an import into a million-article archive). Terms are kept as 64-bit hashes: a false match
// only adds a candidate, which its MinHashes then reject.
class ShardBands {
 public:
  using Posting = std::pair<uint64_t, Xapian::docid>;  // (hash of a band term, document)

  // Reads every article's MinHashes from `shard`.
  explicit ShardBands(const Xapian::Database& shard);

  // The documents holding band term `term`, as a range of postings.
  std::pair<const Posting*, const Posting*> documents_with(std::string_view term) const;

  static uint64_t hash(std::string_view term) { return std::hash<std::string_view>{}(term); }

 private:
  std::vector<Posting> postings_;  // sorted
};

// A shard story_key() looks in, with its bands in memory when it is closed and they were read.
struct StoryShard {
  Xapian::Database database;
  std::shared_ptr<const ShardBands> bands;  // null: look in the database
};

// The story key of an article: that of the indexed copy (in `shards`) agreeing with it on most
// MinHashes, else a key of its own. Earlier versions of the article itself (those holding
// `unique_term`) do not count.
std::string story_key(const std::vector<StoryShard>& shards, const Article& article,
                      const std::optional<MinHashes>& minhashes, const std::string& unique_term);

}  // namespace newsdex::index
