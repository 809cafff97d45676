#include "newsdex/crawl.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "newsdex/error.h"
#include "newsdex/feed_parser.h"
#include "newsdex/feed_store.h"
#include "newsdex/indexer.h"
#include "newsdex/page_queue.h"

namespace newsdex::index {
namespace {

using std::chrono::seconds;

// After a failure: default_interval × 2^(failures-1), capped, with ±20% jitter so that feeds
// that failed together (one host down) do not all come back at the same moment.
seconds backoff(const CrawlOptions& options, int failures) {
  seconds wait = options.default_interval;
  for (int i = 1; i < failures && wait < options.max_backoff; ++i) wait *= 2;
  wait = std::min(wait, options.max_backoff);
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return seconds(static_cast<long>(static_cast<double>(wait.count()) * jitter(random)));
}

// How often the feed really publishes: half the mean gap between its newest dated items, so
// that a new item waits on average a quarter of the gap. Nothing when there are too few dates.
std::optional<seconds> publishing_interval(const feeds::Feed& feed) {
  std::vector<Timestamp> dates;
  for (const auto& item : feed.items) {
    if (item.published) dates.push_back(*item.published);
  }
  if (dates.size() < 3) return std::nullopt;
  std::sort(dates.rbegin(), dates.rend());
  dates.resize(std::min<size_t>(dates.size(), 20));
  const seconds span = dates.front() - dates.back();
  if (span <= seconds(0)) return std::nullopt;
  return span / static_cast<long>(dates.size() - 1) / 2;
}

// The schedule a healthy feed earns: the publisher's own hints are a floor (asking more often
// is impolite), its publishing rate a target, all within the configured bounds.
seconds earned_interval(const CrawlOptions& options, const feeds::Feed* feed, const feeds::FetchResponse& response,
                        const Subscription& subscription) {
  seconds interval =
      subscription.interval_seconds > 0 ? seconds(subscription.interval_seconds) : options.default_interval;
  if (feed) {
    if (auto rate = publishing_interval(*feed)) interval = *rate;
    if (feed->update_interval) interval = std::max(interval, *feed->update_interval);
  }
  if (response.max_age) interval = std::max(interval, *response.max_age);
  return std::clamp(interval, options.min_interval, options.max_interval);
}

class FeedCrawl {
 public:
  FeedCrawl(Indexer& indexer, const Tagger& tagger, const CrawlOptions& options)
      : indexer_(indexer), tagger_(tagger), options_(options) {}

  // Handles one finished transfer: indexes what it brought and records the feed's new state,
  // all in one commit.
  FeedCrawlResult handle(feeds::FetchResult fetched, Subscription feed) {
    FeedCrawlResult result;
    result.url = feed.url;
    const Timestamp now = now_utc();
    feed.last_fetch = now;
    std::optional<seconds> retry_after;
    try {
      if (!fetched.response) {
        feed.last_status = fetched.last_status > 0 ? std::optional<long>(fetched.last_status) : std::nullopt;
        throw RuntimeFailure(fetched.error);
      }
      feeds::FetchResponse& response = *fetched.response;
      result.status = response.status;
      feed.last_status = response.status;
      if (response.status == 429 || response.status == 503) {
        retry_after = response.retry_after;
        throw RuntimeFailure(
            feed.url + ": HTTP " + std::to_string(response.status) +
            (response.retry_after ? ", retry after " + std::to_string(response.retry_after->count()) + " s" : ""));
      }
      if (response.status == 304) {
        result.not_modified = true;
        feed.interval_seconds = earned_interval(options_, nullptr, response, feed).count();
      } else if (response.status < 200 || response.status >= 300) {
        throw RuntimeFailure(feed.url + ": HTTP " + std::to_string(response.status));
      } else {
        index_feed(response, feed, result);
      }
      if (response.moved_permanently && response.effective_url != feed.url) result.moved_to = response.effective_url;
      feed.last_error.clear();
      feed.failures = 0;
      feed.next_due = now + seconds(feed.interval_seconds);
    } catch (const Error& error) {
      // The feed is at fault, not the crawl: record, back off, go on with the others.
      result.error = error.what();
      if (!result.error.starts_with(feed.url)) result.error = feed.url + ": " + result.error;
      feed.last_error = result.error;
      ++feed.failures;
      seconds wait = backoff(options_, feed.failures);
      if (retry_after) wait = std::clamp(*retry_after, options_.min_interval, options_.max_backoff);
      feed.next_due = now + wait;
    }
    if (!result.moved_to.empty() && !feeds_.find(result.moved_to)) {
      feeds_.remove(feed.url);
      feed.url = result.moved_to;
    }
    // The feed's validators are committed with the articles they cover, never before: a crawl
    // killed before this commit fetches the whole feed again next time.
    feeds_.save(feed);
    indexer_.commit();
    return result;
  }

 private:
  void index_feed(const feeds::FetchResponse& response, Subscription& feed, FeedCrawlResult& result) {
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
    parsed.language = feed_language(parsed);
    feed.internal_address = response.internal_address;
    const Timestamp seen = now_utc();
    const PageRequest pages{feed.pages, feed.url, feed.internal_address, seen};
    for (const feeds::FeedItem& item : parsed.items) {
      switch (add_feed_item(indexer_, pages_, make_article(parsed, item, defaults, tagger_), item, pages, added_)) {
        case AddOutcome::kAdded: ++result.added; break;
        case AddOutcome::kUpdated: ++result.updated; break;
        case AddOutcome::kUnchanged: break;
      }
    }
    feed.title = parsed.title;
    feed.etag = response.etag;
    feed.last_modified = response.last_modified;
    feed.articles += static_cast<long>(result.added);
    feed.interval_seconds = earned_interval(options_, &parsed, response, feed).count();
  }

  Indexer& indexer_;
  FeedStore feeds_ = FeedStore::writing(indexer_);
  PageQueue pages_ = PageQueue::writing(indexer_);
  AddedThisRun added_;
  const Tagger& tagger_;
  const CrawlOptions& options_;
};

}  // namespace

size_t CrawlReport::failed() const {
  return static_cast<size_t>(std::count_if(feeds.begin(), feeds.end(), [](const auto& f) { return !f.error.empty(); }));
}
size_t CrawlReport::not_modified() const {
  return static_cast<size_t>(std::count_if(feeds.begin(), feeds.end(), [](const auto& f) { return f.not_modified; }));
}
size_t CrawlReport::added() const {
  size_t total = 0;
  for (const auto& feed : feeds) total += feed.added;
  return total;
}
size_t CrawlReport::updated() const {
  size_t total = 0;
  for (const auto& feed : feeds) total += feed.updated;
  return total;
}

std::string CrawlReport::summary() const {
  char line[256];
  std::snprintf(line, sizeof line,
                "%zu feeds fetched, %zu not modified, %zu failed, %zu new articles, %zu updated, %.1f s%s",
                feeds.size(), not_modified(), failed(), added(), updated(), static_cast<double>(elapsed.count()) / 1000,
                interrupted ? " (interrupted)" : "");
  return line;
}

CrawlReport crawl(Indexer& indexer, const Tagger& tagger, const CrawlOptions& options,
                  const std::function<void(const FeedCrawlResult&)>& on_feed) {
  const auto started = std::chrono::steady_clock::now();
  const Timestamp now = now_utc();
  std::map<std::string, Subscription> due;
  std::vector<feeds::FetchRequest> requests;
  for (Subscription& feed : FeedStore::writing(indexer).list()) {
    if (!feed.enabled || (!options.all && feed.next_due && *feed.next_due > now)) continue;
    requests.push_back({feed.url, feed.etag, feed.last_modified});
    due.emplace(feed.url, std::move(feed));
  }

  CrawlReport report;
  FeedCrawl feed_crawl(indexer, tagger, options);
  feeds::fetch_all(
      requests, options.fetch, options.jobs,
      [&](feeds::FetchResult fetched) {
        const std::string url = fetched.request.url;
        FeedCrawlResult result = feed_crawl.handle(std::move(fetched), due.at(url));
        if (on_feed) on_feed(result);
        report.feeds.push_back(std::move(result));
      },
      options.stop);
  report.interrupted = report.feeds.size() < requests.size();
  indexer.set_last_crawl(now_utc());
  indexer.commit();
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return report;
}

}  // namespace newsdex::index
