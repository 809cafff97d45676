// One crawl: fetching the subscribed feeds that are due, concurrently and politely, and
// indexing their new and changed articles.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "newsdex/fetch.h"

namespace newsdex::index {

class Indexer;
class Tagger;

// How to crawl. Intervals bound the schedule each feed earns from its publisher's hints
// (<ttl>, sy:updatePeriod, Cache-Control: max-age) and from how often it really publishes.
struct CrawlOptions {
  bool all = false;                                // fetch every enabled feed, due or not
  unsigned jobs = 16;                              // transfers at once (2 per host at most)
  std::chrono::seconds min_interval{15 * 60};      // never fetch a feed more often
  std::chrono::seconds default_interval{60 * 60};  // for a feed that gives no hint
  std::chrono::seconds max_interval{24 * 3600};    // never leave a feed longer
  std::chrono::seconds max_backoff{24 * 3600};     // longest wait after repeated failures
  feeds::FetchOptions fetch;                       // timeouts and limits per fetch
  std::function<bool()> stop;                      // asked between feeds: true ends the crawl early
};

// What happened to one feed in a crawl.
struct FeedCrawlResult {
  std::string url;            // as subscribed when the crawl started
  std::string moved_to;       // new URL after a permanent redirect, else empty
  long status = 0;            // HTTP status; 0 when no response
  bool not_modified = false;  // 304: nothing parsed or indexed
  size_t items = 0;           // items in the feed
  size_t added = 0;           // new articles indexed
  size_t updated = 0;         // changed articles re-indexed
  std::string error;          // empty on success; one line naming the URL otherwise
};

// The whole crawl.
struct CrawlReport {
  std::vector<FeedCrawlResult> feeds;
  bool interrupted = false;  // stopped early by CrawlOptions::stop
  std::chrono::milliseconds elapsed{0};
  size_t failed() const;
  size_t not_modified() const;
  size_t added() const;
  size_t updated() const;
  // "12 feeds fetched, 3 not modified, 1 failed, 45 new articles, 2 updated, 1.2 s".
  std::string summary() const;
};

// Fetches the due feeds (all with options.all) concurrently and indexes each as its transfer
// ends. Each feed's articles are committed together with its new state (validators, schedule,
// errors) in one transaction, so that an interrupted crawl loses at most the feed in progress,
// re-fetches rather than skips it next time, and never duplicates an article. A failing feed
// is recorded and backed off (exponentially, with jitter, honouring Retry-After), never
// disabled. `on_feed` (optional) hears about each feed as it finishes.
CrawlReport crawl(Indexer& indexer, const Tagger& tagger, const CrawlOptions& options,
                  const std::function<void(const FeedCrawlResult&)>& on_feed = {});

}  // namespace newsdex::index
