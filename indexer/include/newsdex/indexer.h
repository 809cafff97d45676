// Writing articles into a newsdex index.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/article.h"
#include "newsdex/feed.h"
#include "newsdex/tagger.h"

namespace newsdex::index {

// An article dated further ahead of the time it was first seen than this has a wrong date (a
// clock, a template, a typo: one such article would top every newest-first list): crawls, `add`
// and `import` date it when it was first seen instead (DateSource::kSeen).
inline constexpr std::chrono::hours kFutureDateTolerance{24};

// What Indexer::add did with an article.
enum class AddOutcome {
  kAdded,      // a new article
  kUpdated,    // an article already indexed under this id, now changed
  kUnchanged,  // already indexed exactly so: nothing written
};

// How to open the index for writing.
struct IndexerOptions {
  bool wait_for_lock = false;  // another writer holds the index: wait for it (else fail at once)
  // A sharded index's closed shards are compacted in the background while the lanes write on
  // (each once; the Indexer's destructor lets go of the write lock, then waits for them).
  bool compact_closed_shards = true;
  // Told what went wrong in the background (a shard that could not be compacted); unset: stderr.
  std::function<void(const std::string& message)> on_warning = nullptr;
};

// How a new sharded index is cut.
struct ShardLayout {
  // Writer lanes: shards written in parallel, one thread each. An article's lane follows from
  // its id, so an update goes where the article is.
  unsigned lanes = 2;
  // A lane closes its shard at the first commit that finds it holding this many articles and
  // writes a new one: small shards stay fast to write, and closed ones can be compacted or moved
  // to another host. 0: one shard per lane, however large.
  uint64_t articles_per_shard = 100'000;
};

// The index, open for writing: one Xapian database, or a sharded index (create_sharded). Holds
// the index's write lock for its whole life, so one process writes at a time; searchers keep
// reading meanwhile and see each commit() of a database whole.
// Not thread-safe: one Indexer per process, used from one thread.
class Indexer {
 public:
  // Opens the index at `database_path`, creating it if missing.
  // Throws RuntimeFailure naming the path when it cannot (locked by another writer, unwritable,
  // not a newsdex index).
  explicit Indexer(const std::string& database_path, const IndexerOptions& options = {});
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Creates a sharded index in the new folder `index_path`, cut as `layout` says, with a
  // XAPIANDB stub that searchers and Xapian's tools open as one database, and the bookkeeping in
  // a database of its own. Throws InputError when the folder exists and is not empty.
  static void create_sharded(const std::string& index_path, const ShardLayout& layout);

  // Adds or replaces the article with article.id. Nothing is visible to searchers until commit().
  AddOutcome add(const Article& article);

  // add() for many articles; a sharded index writes each shard's share on a thread of its own.
  std::vector<AddOutcome> add_all(const std::vector<Article>& articles);

  // The article stored under `id`, added or committed, if any.
  std::optional<Article> find(const std::string& id);

  // Makes everything added (and every feed state saved) durable and visible, atomically.
  void commit();

  // Makes the bookkeeping (feed states, watches, metadata) durable, cheaply: the shards are not
  // touched. REQUIRES: every article added is committed (else use commit(), which keeps the
  // order that crash safety needs).
  void commit_bookkeeping();

  // Number of articles in the index, including uncommitted ones.
  unsigned article_count() const;

  // The indexing sequence number of the last article written (schema::kSequenceSlot): after
  // commit(), every article numbered up to it is searchable. 0 when none ever was.
  uint64_t last_sequence() const;

  // The path the index was opened at.
  const std::string& path() const;

  // Records the time of the last finished crawl.
  void set_last_crawl(Timestamp time);

  // Bookkeeping kept with the index under a key of schema.h (an import's progress, the feed
  // subscriptions, the watches): empty when unset. Set values become durable with the next
  // commit(), together with the articles; setting an empty value removes the key.
  std::string metadata(const std::string& key) const;
  void set_metadata(const std::string& key, const std::string& value);
  // Every bookkeeping key starting with `prefix`, in key order.
  std::vector<std::string> metadata_keys(const std::string& prefix) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// How to file the articles of one feed.
struct FeedDefaults {
  std::string source;                  // source name; empty: the feed's title
  std::string feed_url;                // the feed's URL, when it has one
  std::vector<std::string> countries;  // configured countries (a weak prior)
  std::vector<std::string> topics;     // configured topics (a weak prior)
};

// The language of a feed's items: the one the feed declares, else the one most of its headlines
// and summaries are in, read together (one headline is too short to tell its language; a feed's
// worth is not), else empty. Set it as the feed's language before make_article, which reads each
// item's own language with it as the hint.
std::string feed_language(const feeds::Feed& feed);

// The article of a feed item, with its language, countries and topics.
Article make_article(const feeds::Feed& feed, const feeds::FeedItem& item, const FeedDefaults& defaults,
                     const Tagger& tagger);

}  // namespace newsdex::index
