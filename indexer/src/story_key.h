// Near-duplicate stories: copies of one wire story, from any publisher, share a story key, which
// the searcher collapses on and watches deliver once (internal).
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/article.h"

namespace newsdex::index {

// How many MinHashes describe a text (why 16: story_key.cc).
inline constexpr int kMinHashes = 16;
using MinHashes = std::array<uint64_t, kMinHashes>;

// An article's place among the stories.
struct StoryIdentity {
  std::string key;                     // empty for an article with neither text nor title words
  std::optional<MinHashes> minhashes;  // none for a text too short to shingle
};

// The MinHashes of a text's 3-word shingles; none for a text too short to shingle.
std::optional<MinHashes> text_minhashes(std::string_view text);

// The story key of an article: that of an indexed copy in `shards`, else a key of its own. The
// indexed versions of the article itself (those with `unique_term`) do not count. May throw
// Xapian::DatabaseModifiedError when a shard changes under it: reopen and call again.
std::string story_key(const std::vector<Xapian::Database>& shards, const Article& article,
                      const std::optional<MinHashes>& minhashes, const std::string& unique_term);

// Writes the story into a document: its key (term and value), and the band terms and packed
// MinHashes by which later copies find it.
void add_story_terms(const StoryIdentity& story, Xapian::Document& document);

}  // namespace newsdex::index
