#include "story_key.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "newsdex/schema.h"
#include "newsdex/text.h"

namespace newsdex::index {
namespace {

// Copies of a wire story differ in headline, byline, dateline and a sentence or two at either
// end, so they are matched on their texts' 3-word shingles with MinHash (Broder): each of
// kMinHashes seeded hashes keeps its smallest value over the shingles, and two texts agree on
// each one with a probability equal to their shingles' Jaccard similarity. Each value is a
// boolean term, so finding the copies already indexed costs kMinHashes posting-list reads,
// however large the archive. Texts shorter than kMinShingleWords fall back to the title.
constexpr size_t kMinShingleWords = 20;
// Of kMinHashes: more than half, an estimated Jaccard similarity above 0.5. Copies of one story
// (similarity 0.7 and more) reach it nine times in ten or more; different stories that share
// stock phrases (0.1) about once in 170,000 pairs. Eight hashes needing four merged such stories
// once in 200 pairs: too often for an archive.
constexpr int kSameStoryAgreements = 9;

// More articles than this sharing one band are not copies of one story.
constexpr Xapian::doccount kMaxCopiesPerValue = 500;

// The copies already indexed are found by banding (Indyk and Motwani): the MinHashes are cut into
// kBands bands of kRowsPerBand, each band is one boolean term, and an article sharing a band is a
// candidate, which the 16 MinHashes it keeps in a value slot then accept or not. Copies
// (similarity 0.7) share one of 8 bands of 2 with probability 0.995; at 0.5, 0.90. Eight terms
// instead of one per MinHash: those terms are nearly all unique, and inserting them at random
// places of the postlist table was most of what a growing shard's flushes cost, besides half the
// lookups an article needs.
constexpr int kRowsPerBand = 2;
constexpr int kBands = kMinHashes / kRowsPerBand;
// Candidates confirmed by their MinHashes, at most, per new article.
constexpr size_t kMaxConfirmed = 4;

uint64_t mix(uint64_t x) {  // splitmix64's finaliser: independent-looking hashes from one seed each
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string hex64(uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::string band_term(int band, const MinHashes& minhashes) {
  uint64_t rows = 0;
  for (int row = 0; row < kRowsPerBand; ++row) rows = mix(rows ^ minhashes[band * kRowsPerBand + row]);
  return schema::boolean_term(schema::kStoryBandPrefix, std::to_string(band) + ":" + hex64(rows));
}

// The MinHashes as the value of schema::kMinHashSlot: 8 bytes each, little-endian.
std::string pack_minhashes(const MinHashes& minhashes) {
  std::string packed;
  packed.reserve(kMinHashes * 8);
  for (uint64_t value : minhashes) {
    for (int byte = 0; byte < 8; ++byte) packed.push_back(static_cast<char>((value >> (8 * byte)) & 0xff));
  }
  return packed;
}

// How many MinHashes a packed value shares with `minhashes` (0 for a value that is not one).
int agreements_with(const MinHashes& minhashes, std::string_view packed) {
  if (packed.size() != kMinHashes * 8) return 0;
  int agreements = 0;
  for (int h = 0; h < kMinHashes; ++h) {
    uint64_t value = 0;
    for (int byte = 7; byte >= 0; --byte) value = (value << 8) | static_cast<unsigned char>(packed[h * 8 + byte]);
    agreements += value == minhashes[h];
  }
  return agreements;
}

// The key of the title's words, for texts too short to shingle.
std::string title_key(const Article& article) {
  std::string words;
  for (const Word& word : split_words(article.title)) words += fold_for_matching(word.text) + ' ';
  return words.empty() ? std::string() : fingerprint(words);
}

// A key of its own for an article with no indexed copy: from all its MinHashes. One alone is
// shared by unrelated articles whenever their smallest-hashing shingle is the same common phrase
// ("in the first").
std::string own_story_key(const MinHashes& minhashes) {
  std::string all;
  for (uint64_t value : minhashes) all += hex64(value);
  return fingerprint(all);
}

}  // namespace

std::optional<MinHashes> text_minhashes(std::string_view text) {
  const std::vector<Word> words = split_words(text);
  if (words.size() < kMinShingleWords) return std::nullopt;
  std::vector<std::string> folded;
  folded.reserve(words.size());
  for (const Word& word : words) folded.push_back(fold_for_matching(word.text));
  MinHashes minimum;
  minimum.fill(~uint64_t{0});
  for (size_t i = 0; i + 3 <= folded.size(); ++i) {
    // FNV-1a of "w1 w2 w3": the number fingerprint() would spell in hex, without the strings.
    uint64_t shingle = 1469598103934665603ULL;
    for (size_t w = i; w < i + 3; ++w) {
      if (w > i) shingle = (shingle ^ static_cast<unsigned char>(' ')) * 1099511628211ULL;
      for (unsigned char c : folded[w]) shingle = (shingle ^ c) * 1099511628211ULL;
    }
    for (int h = 0; h < kMinHashes; ++h)
      minimum[h] = std::min(minimum[h], mix(shingle ^ (0x9e3779b97f4a7c15ULL * (h + 1))));
  }
  return minimum;
}

// The story key of an article: that of the indexed copy agreeing with it on most MinHashes (at
// least kSameStoryAgreements), else a key of its own. `shards` are searched one by one: a term's
// frequency comes through the shard's table cursor, which stays warm from one lookup to the
// next, and a posting list is opened only on a shard that has the term (through a database of
// several shards, every lookup would open one on each). The indexed versions of the article
// itself (those with `unique_term`) do not count: an update is keyed afresh.
std::string story_key(const std::vector<Xapian::Database>& shards, const Article& article,
                      const std::optional<MinHashes>& minhashes, const std::string& unique_term) {
  if (!minhashes) return title_key(article);
  std::vector<std::pair<size_t, Xapian::docid>> candidates;  // (shard, document), once per band shared
  std::vector<std::string> bands;
  for (int band = 0; band < kBands; ++band) bands.push_back(band_term(band, *minhashes));
  for (size_t shard = 0; shard < shards.size(); ++shard) {
    const Xapian::Database& database = shards[shard];
    for (const std::string& term : bands) {
      // A band thousands of articles share comes from stock phrases, not from one story; reading
      // its posting list for every new article would make indexing quadratic in the archive.
      const Xapian::doccount copies = database.get_termfreq(term);
      if (copies == 0 || copies > kMaxCopiesPerValue) continue;
      for (auto posting = database.postlist_begin(term); posting != database.postlist_end(term); ++posting) {
        candidates.emplace_back(shard, *posting);
      }
    }
  }
  if (candidates.empty()) return own_story_key(*minhashes);
  // Candidates by the number of bands they share, most first: a copy shares several (3.9 of 8 on
  // average at similarity 0.7), an article that only has a stock phrase in common one. Reading a
  // candidate's MinHashes is a random read, so only the kMaxConfirmed first are read.
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::tuple<int, size_t, Xapian::docid>> ranked;  // (-bands shared, shard, document)
  for (auto at = candidates.begin(); at != candidates.end();) {
    const auto run_end = std::upper_bound(at, candidates.end(), *at);
    ranked.emplace_back(-static_cast<int>(run_end - at), at->first, at->second);
    at = run_end;
  }
  std::sort(ranked.begin(), ranked.end());
  auto is_itself = [&](size_t shard, Xapian::docid document) {
    const Xapian::Database& database = shards[shard];
    if (database.get_termfreq(unique_term) == 0) return false;
    for (auto own = database.postlist_begin(unique_term); own != database.postlist_end(unique_term); ++own) {
      if (*own == document) return true;
    }
    return false;
  };
  std::pair<size_t, Xapian::docid> best{0, 0};
  int best_agreements = kSameStoryAgreements - 1;
  size_t confirmed = 0;
  for (const auto& [shared, shard, candidate] : ranked) {
    if (is_itself(shard, candidate)) continue;  // an earlier version of itself
    if (confirmed++ == kMaxConfirmed) break;
    const int agreements =
        agreements_with(*minhashes, shards[shard].get_document(candidate).get_value(schema::kMinHashSlot));
    if (agreements > best_agreements) {
      best = {shard, candidate};
      best_agreements = agreements;
    }
  }
  if (best.second != 0) return shards[best.first].get_document(best.second).get_value(schema::kStoryKeySlot);
  return own_story_key(*minhashes);
}

void add_story_terms(const StoryIdentity& story, Xapian::Document& document) {
  if (!story.key.empty()) {
    document.add_boolean_term(schema::boolean_term(schema::kStoryPrefix, story.key));
    document.add_value(schema::kStoryKeySlot, story.key);
  }
  if (story.minhashes) {
    for (int band = 0; band < kBands; ++band) document.add_boolean_term(band_term(band, *story.minhashes));
    document.add_value(schema::kMinHashSlot, pack_minhashes(*story.minhashes));
  }
}

}  // namespace newsdex::index
