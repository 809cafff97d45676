// One crawl: fetching the subscribed feeds that are due and indexing their new articles.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "newsdex/fetch.h"

namespace newsdex::index {

class Indexer;
class Tagger;

// How to crawl.
struct CrawlOptions {
  bool all = false;                             // fetch every enabled feed, due or not
  std::chrono::seconds interval{30 * 60};       // time between fetches of a healthy feed
  std::chrono::seconds max_backoff{24 * 3600};  // longest wait after repeated failures
  feeds::FetchOptions fetch;                    // timeouts and limits per fetch
};

// What happened to one feed in a crawl.
struct FeedCrawlResult {
  std::string url;
  long status = 0;          // HTTP status; 0 when no response
  size_t items = 0;         // items in the feed
  size_t added = 0;         // new articles indexed
  size_t updated = 0;       // changed articles re-indexed
  std::string error;        // empty on success; one line naming the URL otherwise
};

// The whole crawl.
struct CrawlReport {
  std::vector<FeedCrawlResult> feeds;
  size_t failed() const;
};

// Fetches each due feed in turn, indexes its articles and commits after each feed, together
// with the feed's new state, so that an interrupted crawl loses at most the feed in progress
// and a rerun never duplicates an article. A failing feed is recorded and backed off; it does
// not stop the others. `on_feed` (optional) hears about each feed as it finishes.
CrawlReport crawl(Indexer& indexer, const Tagger& tagger, const CrawlOptions& options,
                  const std::function<void(const FeedCrawlResult&)>& on_feed = {});

}  // namespace newsdex::index
