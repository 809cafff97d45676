#include "newsdex/page_crawl.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <vector>

#include "newsdex/article_page.h"
#include "newsdex/error.h"
#include "newsdex/feed_store.h"
#include "newsdex/indexer.h"
#include "newsdex/page_queue.h"
#include "newsdex/robots.h"
#include "newsdex/tagger.h"
#include "newsdex/text.h"

namespace newsdex::index {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr seconds kRobotsLifetime{24 * 3600};   // RFC 9309 §2.4: cache for up to 24 hours
constexpr milliseconds kMaxCrawlDelay{60'000};  // a site's Crawl-delay is honoured up to this
constexpr size_t kPagesPerCommit = 100;         // a kill loses at most this many pages' work
constexpr seconds kCommitInterval{5};           // or this long's

// Pages read but not to be used as the article: a consent wall or a paywall shows a few lines
// asking to accept, subscribe or sign in. Stems of those words in the languages newsdex meets
// most; a page is a stub only when it is also short (stub_words).
constexpr std::array<std::string_view, 13> kStubWords = {"subscribe", "subscription", "subscriber", "sign in", "log in",
                                                         "cookie",    "consent",      "paywall",    "abonn",   "inscri",
                                                         "anmelden",  "suscri",       "javascript"};
constexpr size_t kStubMaxWords = 120;

bool looks_like_stub(std::string_view text) {
  if (split_words(text).size() >= kStubMaxWords) return false;
  const std::string lowered = ascii_lower(text);
  return std::any_of(kStubWords.begin(), kStubWords.end(),
                     [&](std::string_view word) { return lowered.find(word) != std::string::npos; });
}

// The media type of a Content-Type, in lower case, without parameters.
std::string media_type(std::string_view content_type) {
  return ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
}

// What robots.txt lets a crawl do on one site this run.
struct SiteRules {
  feeds::RobotsRules rules = feeds::RobotsRules::allow_all();
  bool temporary = false;  // a 5xx or no answer: pages wait for a later run rather than fail
};

class PageCrawl {
 public:
  PageCrawl(Indexer& indexer, const Tagger& tagger, const PageCrawlOptions& options,
            const std::function<void(const std::string&, const std::string&)>& on_page)
      : indexer_(indexer), tagger_(tagger), options_(options), on_page_(on_page) {}

  PageCrawlReport run() {
    const auto started = Clock::now();
    deadline_ = started + options_.budget;
    std::vector<PendingPage> due = due_pages();
    for (const bool internal_allowed : {false, true}) {
      std::vector<PendingPage> batch;
      for (const PendingPage& page : due) {
        if (page.internal_allowed == internal_allowed) batch.push_back(page);
      }
      if (!batch.empty() && !stopping()) fetch_batch(batch, internal_allowed);
    }
    commit();
    for (const PendingPage& page : queue_.list()) {
      if (!page.failed) ++report_.left;
    }
    report_.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    return report_;
  }

 private:
  std::vector<PendingPage> due_pages() {
    const Timestamp now = now_utc();
    std::vector<PendingPage> due;
    for (PendingPage& page : queue_.list()) {
      if (!options_.feed.empty() && page.feed != options_.feed) continue;
      if (options_.queued_since && (!page.queued || *page.queued < *options_.queued_since)) continue;
      if (page.failed && !options_.retry_failed) continue;
      if (!page.failed && page.next_try && *page.next_try > now) continue;
      due.push_back(std::move(page));
    }
    // Oldest first, so that a budget too small for the queue still moves it along.
    std::stable_sort(due.begin(), due.end(), [](const PendingPage& a, const PendingPage& b) {
      return a.queued.value_or(Timestamp{}) < b.queued.value_or(Timestamp{});
    });
    return due;
  }

  bool stopping() const { return Clock::now() >= deadline_ || (options_.stop && options_.stop()); }

  void fetch_batch(const std::vector<PendingPage>& batch, bool internal_allowed) {
    feeds::FetchOptions fetch_options = options_.fetch;
    fetch_options.refuse_internal = !internal_allowed;
    const std::map<std::string, SiteRules> sites = robots_rules(batch, fetch_options);

    std::vector<feeds::FetchRequest> requests;
    std::multimap<std::string, PendingPage> by_url;
    for (const PendingPage& page : batch) {
      const SiteRules& site = sites.at(feeds::site_of(page.url));
      if (const auto refusal = site.rules.refusal(feeds::robots_path(page.url))) {
        const std::string why = site.temporary ? *refusal : "robots.txt disallows this page (" + *refusal + ")";
        failed(page, why, site.temporary);
        continue;
      }
      milliseconds delay = options_.delay;
      if (const auto crawl_delay = site.rules.crawl_delay())
        delay = std::max(delay, std::min(*crawl_delay, kMaxCrawlDelay));
      if (by_url.find(page.url) == by_url.end()) requests.push_back({page.url, {}, {}, delay});
      by_url.emplace(page.url, page);
    }
    feeds::fetch_all(
        requests, fetch_options, options_.jobs,
        [&](feeds::FetchResult result) {
          const auto [first, last] = by_url.equal_range(result.request.url);
          for (auto it = first; it != last; ++it) handle(it->second, result);
          maybe_commit();
        },
        [&] { return stopping(); });
  }

  // The robots.txt rules of every site of `batch`: from the cache when fetched within a day,
  // else fetched now (and cached when the answer is one to keep).
  std::map<std::string, SiteRules> robots_rules(const std::vector<PendingPage>& batch,
                                                const feeds::FetchOptions& fetch_options) {
    const Timestamp now = now_utc();
    std::map<std::string, SiteRules> sites;
    std::vector<feeds::FetchRequest> requests;
    for (const PendingPage& page : batch) {
      const std::string site = feeds::site_of(page.url);
      if (sites.contains(site)) continue;
      const std::optional<RobotsRecord> cached = robots_.find(site);
      if (cached && cached->fetched && now - *cached->fetched < kRobotsLifetime) {
        sites[site] = rules_of(*cached);
        continue;
      }
      sites[site] = {};
      requests.push_back({feeds::robots_url(page.url), {}, {}, milliseconds(0)});
    }
    feeds::FetchOptions robots_options = fetch_options;
    robots_options.max_body_bytes = 1 << 20;  // RFC 9309 §2.5 reads 500 KiB; a larger file is cut there
    feeds::fetch_all(requests, robots_options, options_.jobs, [&](feeds::FetchResult result) {
      const std::string site = feeds::site_of(result.request.url);
      if (!result.response) {
        // No answer: nothing is allowed for now (RFC 9309 §2.3.1.4), and for good when the
        // address itself is refused.
        sites[site] = {feeds::RobotsRules::disallow_all(
                           result.worth_retrying ? "robots.txt could not be fetched: " + result.error : result.error),
                       result.worth_retrying};
        return;
      }
      const RobotsRecord record{site, now, result.response->status,
                                result.response->status < 300 ? std::move(result.response->body) : std::string()};
      sites[site] = rules_of(record);
      if (!sites[site].temporary) robots_.save(record);
    });
    return sites;
  }

  static SiteRules rules_of(const RobotsRecord& record) {
    if (record.status >= 200 && record.status < 300) return {feeds::RobotsRules::parse(record.body), false};
    // RFC 9309 §2.3.1.3: 4xx means there are no rules; but 429 asks to come back later, as 5xx does.
    if (record.status >= 400 && record.status < 500 && record.status != 429) return {};
    return {feeds::RobotsRules::disallow_all("robots.txt answered HTTP " + std::to_string(record.status) +
                                             "; its pages wait for a later crawl"),
            true};
  }

  void handle(const PendingPage& page, const feeds::FetchResult& result) {
    if (!result.response) {
      failed(page, result.error, result.worth_retrying);
      return;
    }
    const feeds::FetchResponse& response = *result.response;
    if (response.status < 200 || response.status >= 300) {
      // 404 and 410 stay so; 429 and 5xx may pass.
      const bool retry = response.status == 429 || response.status >= 500 || response.status == 408;
      failed(page, page.url + ": HTTP " + std::to_string(response.status), retry);
      return;
    }
    const std::string type = media_type(response.content_type);
    if (!type.empty() && type != "text/html" && type != "application/xhtml+xml") {
      failed(page, page.url + ": not an HTML page (" + type + ")", false);
      return;
    }
    feeds::ArticlePage read;
    try {
      feeds::PageOptions page_options;
      page_options.max_bytes = options_.fetch.max_body_bytes;
      read = feeds::read_article_page(response.body, response.content_type, response.effective_url, page_options);
    } catch (const InputError& error) {
      failed(page, page.url + ": " + error.what(), false);
      return;
    }
    use_page(page, read);
  }

  // The article of `page` with what its page says: its text when it is the article's fuller
  // text, else the feed's kept with the reason; its facts either way.
  void use_page(const PendingPage& page, const feeds::ArticlePage& read) {
    std::optional<Article> stored = indexer_.find(page.id);
    queue_.remove(page.id);
    ++done_since_commit_;
    if (!stored) return;  // the article is gone from the index: nothing to add to
    Article article = std::move(*stored);
    if (!read.canonical_url.empty()) article.canonical_url = read.canonical_url;
    if (!read.authors.empty()) article.authors = read.authors;
    if (!read.image.empty()) article.image = read.image;
    if (read.published && (!article.published || article.published_source == DateSource::kSeen)) {
      article.published = read.published;
      article.published_source = DateSource::kPage;
    }
    const std::string feed_text = article.text_source == TextSource::kPage ? article.summary : article.text;
    std::string refusal;
    if (read.text.empty()) {
      refusal = "the page holds no article text";
    } else if (looks_like_stub(read.text)) {
      refusal = "the page shows a consent, sign-in or subscription notice, not the article";
    } else if (read.text.size() < feed_text.size()) {
      refusal = "the page's text is shorter than the feed's";
    }
    if (!refusal.empty()) {
      article.page_error = refusal;
      ++report_.kept_feed;
      if (on_page_) on_page_(page.url, "kept the feed's text: " + refusal);
    } else {
      if (article.text_source == TextSource::kFeed && article.summary.empty()) article.summary = article.text;
      article.text = read.text;
      article.text_source = TextSource::kPage;
      article.page_error.clear();
      retag(article, read);
      ++report_.fetched;
      if (on_page_) on_page_(page.url, "fetched");
    }
    indexer_.add(article);
  }

  // Countries and topics are the page text's, with the feed's configured ones as hints.
  void retag(Article& article, const feeds::ArticlePage& read) {
    TagHints hints;
    hints.language = !read.language.empty() ? read.language : article.language;
    hints.categories = article.categories;
    if (!article.feed_url.empty()) {
      if (const auto feed = feeds_.find(article.feed_url)) {
        if (!feed->country.empty()) hints.countries.push_back(feed->country);
        if (!feed->topic.empty()) hints.topics.push_back(feed->topic);
      }
    }
    const Tags tags = tagger_.tag(article.title, article.text, hints);
    article.countries.clear();
    article.mentioned.clear();
    article.topics.clear();
    apply_tags(tags, article);
  }

  // A page that could not be used this time: tried again later (with backoff) while attempts
  // remain and the failure may pass; the error is kept on the article either way.
  void failed(PendingPage page, const std::string& error, bool worth_retrying) {
    ++report_.failed;
    if (on_page_) on_page_(page.url, "failed: " + error);
    ++page.attempts;
    page.last_error = error;
    if (worth_retrying && page.attempts < options_.max_attempts) {
      seconds wait = options_.first_retry;
      for (int i = 1; i < page.attempts; ++i) wait *= 2;
      page.next_try = now_utc() + wait;
      page.failed = false;
      queue_.save(page);
    } else if (worth_retrying) {
      page.failed = true;  // kept, for the counts and `pages --retry-failed`
      queue_.save(page);
    } else {
      queue_.remove(page.id);  // refused for good: nothing to retry
    }
    if (std::optional<Article> article = indexer_.find(page.id)) {
      if (article->page_error != error) {
        article->page_error = error;
        indexer_.add(*article);
      }
    }
    ++done_since_commit_;
  }

  void maybe_commit() {
    if (done_since_commit_ >= kPagesPerCommit || Clock::now() - last_commit_ >= kCommitInterval) commit();
  }

  void commit() {
    indexer_.commit();
    done_since_commit_ = 0;
    last_commit_ = Clock::now();
    if (options_.on_commit) options_.on_commit();
  }

  Indexer& indexer_;
  const Tagger& tagger_;
  const PageCrawlOptions& options_;
  const std::function<void(const std::string&, const std::string&)>& on_page_;
  PageQueue queue_ = PageQueue::writing(indexer_);
  RobotsCache robots_ = RobotsCache::writing(indexer_);
  FeedStore feeds_ = FeedStore::writing(indexer_);
  PageCrawlReport report_;
  Clock::time_point deadline_;
  Clock::time_point last_commit_ = Clock::now();
  size_t done_since_commit_ = 0;
};

}  // namespace

feeds::FetchOptions PageCrawlOptions::default_page_fetch_options() {
  feeds::FetchOptions options;
  options.max_body_bytes = 5 << 20;
  return options;
}

std::string PageCrawlReport::summary() const {
  char line[256];
  std::snprintf(line, sizeof line,
                "%zu pages fetched, %zu kept the feed's text, %zu failed, %zu left for the next run, %.1f s", fetched,
                kept_feed, failed, left, static_cast<double>(elapsed.count()) / 1000);
  return line;
}

PageCrawlReport crawl_pages(Indexer& indexer, const Tagger& tagger, const PageCrawlOptions& options,
                            const std::function<void(const std::string&, const std::string&)>& on_page) {
  return PageCrawl(indexer, tagger, options, on_page).run();
}

}  // namespace newsdex::index
