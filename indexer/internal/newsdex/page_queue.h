// The article pages still to fetch, and what each site's robots.txt said, kept in the index's
// bookkeeping so that they change in one commit with the articles they concern. Internal to
// newsdex (not installed).
#pragma once

#include <unordered_set>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "newsdex/feed_store.h"
#include "newsdex/indexer.h"
#include "newsdex/record_store.h"
#include "newsdex/time.h"

namespace newsdex::feeds {
struct FeedItem;
}

namespace newsdex::index {

// An article whose web page is to be fetched.
struct PendingPage {
  std::string id;    // the article's id; the key
  std::string url;   // the page
  std::string feed;  // the feed that brought it, if any
  // The feed is on an internal address, so its pages may be too (FetchOptions::refuse_internal).
  bool internal_allowed = false;
  std::optional<Timestamp> queued;    // when it was queued
  int attempts = 0;                   // fetches that failed so far
  std::optional<Timestamp> next_try;  // not before then (backoff after a failure)
  std::string last_error;             // why the last fetch failed
  bool failed = false;                // given up after too many attempts (kept for counts and retries)
};

// What a site's robots.txt said, as of `fetched`.
struct RobotsRecord {
  std::string site;  // feeds::site_of(); the key
  std::optional<Timestamp> fetched;
  long status = 0;   // HTTP status of the answer
  std::string body;  // the file, when the status was 2xx
};

// Pending pages by article id; robots.txt answers by site.
using PageQueue = RecordStore<PendingPage>;
using RobotsCache = RecordStore<RobotsRecord>;

// How many pages are pending and how many failed for good, in all and per feed URL.
struct PageCounts {
  long pending = 0;
  long failed = 0;
};
struct PageTally {
  PageCounts all;
  std::map<std::string, PageCounts> by_feed;
};
PageTally tally_pages(const PageQueue& queue);

// How many of a feed's articles hold their page's text, and how many their feed's, in the
// committed index at `index_path` (read-only, without the write lock).
struct TextSourceCounts {
  uint64_t page = 0;
  uint64_t feed = 0;
};
TextSourceCounts count_text_sources(const std::string& index_path, const std::string& feed_url);

// The least feed text, in words, that counts as the whole article under PagesPolicy::kAuto: a
// feed that carries this much (most carry a headline and a sentence) has given the article, and
// its page would add menus rather than text.
inline constexpr size_t kFullTextWords = 250;

// True when the article of `item`, from a feed with `policy`, should have its page fetched:
// an http(s) link, and the policy asks for it (kAuto: the feed's text is under kFullTextWords).
bool wants_page(PagesPolicy policy, const feeds::FeedItem& item);

// Which pages of a feed's items to queue, and how.
struct PageRequest {
  PagesPolicy policy = PagesPolicy::kNever;
  std::string feed;               // the feed's URL, if any
  bool internal_allowed = false;  // the feed is on an internal address (or in a file of the user's)
  Timestamp seen;                 // now: when its items were seen
};

// The ids a run (one crawl, one `add`) has added: an item it meets again, in a second feed or
// twice in one, is new once, not also updated.
using AddedThisRun = std::unordered_set<std::string>;

// Indexes the article `made` of a feed item as crawls and `add` do: an item seen before keeps
// what its page gave the article (text, facts, tags; the feed's text becomes its summary); an
// item without a date, or dated beyond kFutureDateTolerance, keeps the date it was given first,
// else takes the time it was first seen; and the item's page is queued when `pages` asks for it
// and the article does not have it yet. Nothing is committed. Returns kUnchanged for an item
// `added` holds.
AddOutcome add_feed_item(Indexer& indexer, PageQueue& queue, Article made, const feeds::FeedItem& item,
                         const PageRequest& pages, AddedThisRun& added);

// Which articles indexed before to queue for their pages (`newsdex-index pages`).
struct Backfill {
  std::string feed;                // only this feed's articles, if set
  std::optional<Timestamp> since;  // only articles published since then, if set
  bool retry_failed = false;       // also articles whose page failed or was not used before
};

// Queues the page of every committed article that `backfill` selects, has an http(s) link, and
// does not hold its page's text yet (nor a page_error, unless retry_failed), skipping feeds set
// to --pages never and pages already queued. Returns how many it queued. Nothing is committed.
size_t queue_backfill(Indexer& indexer, PageQueue& queue, const Backfill& backfill);

}  // namespace newsdex::index

namespace newsdex {

template <>
struct RecordTraits<index::PendingPage> {
  using P = index::PendingPage;
  static constexpr std::string_view kKind = "pending page";
  static constexpr std::string_view kNoIndexHint = "crawl first with 'newsdex-index crawl'";
  static std::string key_prefix();
  static std::string key(const std::string& id);
  static const std::string& id(const P& page) { return page.id; }
  static constexpr auto kFields = std::tuple(
      RecordField<P, std::string>{"id", &P::id}, RecordField<P, std::string>{"url", &P::url},
      RecordField<P, std::string>{"feed", &P::feed}, RecordField<P, bool>{"internal_allowed", &P::internal_allowed},
      RecordField<P, std::optional<Timestamp>>{"queued", &P::queued}, RecordField<P, int>{"attempts", &P::attempts},
      RecordField<P, std::optional<Timestamp>>{"next_try", &P::next_try},
      RecordField<P, std::string>{"last_error", &P::last_error}, RecordField<P, bool>{"failed", &P::failed});
};

template <>
struct RecordTraits<index::RobotsRecord> {
  using R = index::RobotsRecord;
  static constexpr std::string_view kKind = "robots.txt";
  static constexpr std::string_view kNoIndexHint = "crawl first with 'newsdex-index crawl'";
  static std::string key_prefix();
  static std::string key(const std::string& site);
  static const std::string& id(const R& record) { return record.site; }
  static constexpr auto kFields = std::tuple(
      RecordField<R, std::string>{"site", &R::site}, RecordField<R, std::optional<Timestamp>>{"fetched", &R::fetched},
      RecordField<R, long>{"status", &R::status}, RecordField<R, std::string>{"body", &R::body});
};

}  // namespace newsdex
