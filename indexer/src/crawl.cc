#include "newsdex/crawl.h"

#include <algorithm>

#include "newsdex/error.h"
#include "newsdex/feed_parser.h"
#include "newsdex/feed_store.h"
#include "newsdex/indexer.h"

namespace newsdex::index {
namespace {

// Waits interval × 2^(failures-1) after a failure, at most max_backoff: a broken feed is asked
// less and less often, but never given up on.
std::chrono::seconds backoff(const CrawlOptions& options, int failures) {
  auto wait = options.interval;
  for (int i = 1; i < failures && wait < options.max_backoff; ++i) wait *= 2;
  return std::min(wait, options.max_backoff);
}

void fetch_and_index(Indexer& indexer, const Tagger& tagger, const CrawlOptions& options,
                     Subscription& feed, FeedCrawlResult& result) {
  feeds::FetchOptions fetch_options = options.fetch;
  fetch_options.if_none_match = feed.etag;
  fetch_options.if_modified_since = feed.last_modified;
  feeds::FetchResponse response = feeds::fetch(feed.url, fetch_options);
  result.status = response.status;
  feed.last_status = response.status;
  if (response.status == 304) return;  // not modified since our copy
  if (response.status < 200 || response.status >= 300) {
    throw RuntimeFailure(feed.url + ": HTTP " + std::to_string(response.status));
  }
  feeds::Feed parsed;
  try {
    parsed = feeds::parse_feed(response.body, {response.effective_url, response.content_type});
  } catch (const InputError& error) {
    throw InputError(feed.url + ": " + error.what());
  }
  const FeedDefaults defaults{feed.name, feed.url,
                              feed.country.empty() ? std::vector<std::string>{} : std::vector{feed.country},
                              feed.topic.empty() ? std::vector<std::string>{} : std::vector{feed.topic}};
  result.items = parsed.items.size();
  for (const feeds::FeedItem& item : parsed.items) {
    switch (indexer.add(make_article(parsed, item, defaults, tagger))) {
      case AddOutcome::kAdded: ++result.added; break;
      case AddOutcome::kUpdated: ++result.updated; break;
      case AddOutcome::kUnchanged: break;
    }
  }
  feed.title = parsed.title;
  feed.etag = response.etag;
  feed.last_modified = response.last_modified;
  feed.articles += static_cast<long>(result.added);
}

}  // namespace

size_t CrawlReport::failed() const {
  return static_cast<size_t>(std::count_if(feeds.begin(), feeds.end(), [](const auto& f) { return !f.error.empty(); }));
}

CrawlReport crawl(Indexer& indexer, const Tagger& tagger, const CrawlOptions& options,
                  const std::function<void(const FeedCrawlResult&)>& on_feed) {
  CrawlReport report;
  const Timestamp started = now_utc();
  for (Subscription feed : indexer.feeds().list()) {
    if (!feed.enabled || (!options.all && feed.next_due && *feed.next_due > started)) continue;
    FeedCrawlResult result;
    result.url = feed.url;
    try {
      fetch_and_index(indexer, tagger, options, feed, result);
      feed.last_error.clear();
      feed.failures = 0;
      feed.next_due = now_utc() + options.interval;
    } catch (const Error& error) {
      // RuntimeFailure (network, HTTP status) and InputError (not a feed) alike: the feed is
      // at fault, not the crawl. Record it, back off, go on with the others.
      result.error = error.what();
      if (!result.error.starts_with(feed.url)) result.error = feed.url + ": " + result.error;
      feed.last_error = result.error;
      ++feed.failures;
      feed.next_due = now_utc() + backoff(options, feed.failures);
    }
    feed.last_fetch = now_utc();
    indexer.feeds().save(feed);
    indexer.commit();  // the feed's articles and its new state, atomically
    if (on_feed) on_feed(result);
    report.feeds.push_back(std::move(result));
  }
  indexer.set_last_crawl(now_utc());
  indexer.commit();
  return report;
}

}  // namespace newsdex::index
