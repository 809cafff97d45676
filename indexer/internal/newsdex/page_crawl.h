// Fetching the web pages of articles a crawl queued (page_queue.h), politely, and indexing
// their text in place of the feed's.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "newsdex/fetch.h"
#include "newsdex/time.h"

namespace newsdex::index {

class Indexer;
class Tagger;

// How to fetch pages. The defaults are those of `newsdex-index crawl`.
struct PageCrawlOptions {
  std::chrono::milliseconds delay{1000};   // least time between two requests to one site (--page-delay)
  std::chrono::seconds budget{300};        // no page starts after this long (--page-budget)
  unsigned jobs = 16;                      // transfers at once (2 per site at most)
  int max_attempts = 5;                    // failed fetches before a page is given up
  std::chrono::seconds first_retry{3600};  // wait after the first failure; doubles each time
  // Timeouts and limits per fetch; max_body_bytes is the page size limit (--max-page-size).
  feeds::FetchOptions fetch = default_page_fetch_options();
  std::string feed;                       // only the pages of this feed's articles, if set
  std::optional<Timestamp> queued_since;  // only pages queued since then, if set
  bool retry_failed = false;              // pages given up before are tried again
  std::function<bool()> stop;             // asked between pages: true ends the crawl early
  std::function<void()> on_commit;        // called after each commit of pages (watches follow them)

  // The fetch options of pages: the feeds' timeouts, 5 MB bodies.
  static feeds::FetchOptions default_page_fetch_options();
};

// What happened to the pages of one run.
struct PageCrawlReport {
  size_t fetched = 0;    // pages whose text replaced the feed's
  size_t kept_feed = 0;  // pages read but not used (shorter than the feed's text, a stub, robots.txt)
  size_t failed = 0;     // fetches that failed (retried later, or given up)
  size_t left = 0;       // pages still pending when the run ended (the budget, a stop)
  std::chrono::milliseconds elapsed{0};
  // "12 pages fetched, 1 kept the feed's text, 2 failed, 30 left for the next run, 4.1 s".
  std::string summary() const;
};

// Fetches the pending pages that are due: robots.txt first for each site (cached for a day),
// then the pages the site allows, no closer together than the delay (or the site's Crawl-delay,
// up to a minute), at most 2 at once per site. A page's text, facts and new tags replace its
// article's by id, and the page leaves the queue in the same commit; commits come every few
// pages, so a crawl killed at any moment loses at most those pages, which stay pending. A failed
// page is retried on later runs with backoff and given up after max_attempts; its error is kept
// on the article (page_error). `on_page` (optional) hears each page's URL and outcome.
PageCrawlReport crawl_pages(
    Indexer& indexer, const Tagger& tagger, const PageCrawlOptions& options,
    const std::function<void(const std::string& url, const std::string& outcome)>& on_page = {});

}  // namespace newsdex::index
