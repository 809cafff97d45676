#include "newsdex/page_queue.h"

#include <xapian.h>

#include "newsdex/error.h"

#include "newsdex/database_folders.h"
#include "newsdex/feed.h"
#include "newsdex/fetch.h"
#include "newsdex/indexer.h"
#include "newsdex/schema.h"
#include "newsdex/text.h"

namespace newsdex {

std::string RecordTraits<index::PendingPage>::key_prefix() { return std::string(schema::kPageKeyPrefix); }

std::string RecordTraits<index::PendingPage>::key(const std::string& id) {
  return schema::boolean_term(schema::kPageKeyPrefix, id);
}

std::string RecordTraits<index::RobotsRecord>::key_prefix() { return std::string(schema::kRobotsKeyPrefix); }

std::string RecordTraits<index::RobotsRecord>::key(const std::string& site) {
  return schema::boolean_term(schema::kRobotsKeyPrefix, site);
}

namespace index {

PageTally tally_pages(const PageQueue& queue) {
  PageTally tally;
  for (const PendingPage& page : queue.list()) {
    PageCounts& feed = tally.by_feed[page.feed];
    ++(page.failed ? tally.all.failed : tally.all.pending);
    ++(page.failed ? feed.failed : feed.pending);
  }
  return tally;
}

TextSourceCounts count_text_sources(const std::string& index_path, const std::string& feed_url) {
  try {
    const Xapian::Database database = open_unswapped(index_path);
    const std::string feed_term = schema::boolean_term(schema::kFeedPrefix, feed_url);
    const Xapian::doccount articles = database.get_termfreq(feed_term);
    if (articles == 0) return {};
    Xapian::Enquire enquire(database);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(feed_term),
                      Xapian::Query(schema::boolean_term(schema::kTextSourcePrefix, name_of(TextSource::kPage)))));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // An exact count: every match checked.
    const Xapian::doccount pages = enquire.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
    return {pages, articles - std::min(pages, articles)};
  } catch (const Xapian::DatabaseNotFoundError&) {
    return {};  // nothing indexed yet
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(index_path + ": cannot read the index: " + error.get_description());
  }
}

bool wants_page(PagesPolicy policy, const feeds::FeedItem& item) {
  if (policy == PagesPolicy::kNever || !feeds::is_http_url(item.link)) return false;
  return policy == PagesPolicy::kAlways || split_words(item.text).size() < kFullTextWords;
}

namespace {

void keep_what_the_page_gave(const std::optional<Article>& stored, Timestamp seen, Article& article) {
  if (article.published && *article.published > seen + kFutureDateTolerance) article.published.reset();
  if (!article.published) {
    article.published = stored && stored->published ? stored->published : std::optional<Timestamp>(seen);
    article.published_source = stored && stored->published ? stored->published_source : DateSource::kSeen;
  }
  if (!stored) return;
  article.canonical_url = stored->canonical_url;
  article.authors = stored->authors;
  article.image = stored->image;
  article.page_error = stored->page_error;
  if (stored->text_source != TextSource::kPage) return;
  article.summary = article.summary.empty() ? article.text : article.summary;
  article.text = stored->text;
  article.text_source = TextSource::kPage;
  article.language = stored->language;
  article.countries = stored->countries;
  article.mentioned = stored->mentioned;
  article.topics = stored->topics;
}

}  // namespace

AddOutcome add_feed_item(Indexer& indexer, PageQueue& queue, Article made, const feeds::FeedItem& item,
                         const PageRequest& pages, AddedThisRun& added) {
  const std::optional<Article> stored = indexer.find(made.id);
  keep_what_the_page_gave(stored, pages.seen, made);
  const AddOutcome outcome = indexer.add(made);
  if (outcome == AddOutcome::kAdded) added.insert(made.id);
  if (outcome == AddOutcome::kUpdated && added.contains(made.id)) return AddOutcome::kUnchanged;
  // A new article, or one changed in its feed that has not had its page yet.
  const bool page_due = outcome == AddOutcome::kAdded ||
                        (outcome == AddOutcome::kUpdated && stored && stored->text_source == TextSource::kFeed &&
                         stored->page_error.empty() && !queue.find(made.id));
  if (page_due && wants_page(pages.policy, item)) {
    PendingPage page;
    page.id = made.id;
    page.url = item.link;
    page.feed = pages.feed;
    page.internal_allowed = pages.internal_allowed;
    page.queued = pages.seen;
    queue.save(page);
  }
  return outcome;
}

size_t queue_backfill(Indexer& indexer, PageQueue& queue, const Backfill& backfill) {
  using namespace schema;
  const FeedStore feeds = FeedStore::writing(indexer);
  std::map<std::string, std::optional<Subscription>> subscriptions;
  auto subscription = [&](const std::string& url) -> const std::optional<Subscription>& {
    auto found = subscriptions.find(url);
    if (found == subscriptions.end()) found = subscriptions.emplace(url, feeds.find(url)).first;
    return found->second;
  };
  size_t queued = 0;
  try {
    Xapian::Database database = open_unswapped(indexer.path());
    Xapian::Query query = Xapian::Query::MatchAll;
    if (!backfill.feed.empty()) query = Xapian::Query(boolean_term(kFeedPrefix, backfill.feed));
    if (backfill.since) {
      query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                            Xapian::Query(Xapian::Query::OP_VALUE_GE, kPublishedSlot, encode_time(*backfill.since)));
    }
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(boolean_term(kTextSourcePrefix, name_of(TextSource::kPage))));
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet matches = enquire.get_mset(0, database.get_doccount());
    const Timestamp now = now_utc();
    for (auto match = matches.begin(); match != matches.end(); ++match) {
      const Article article = decode_document_data(match.get_document().get_data());
      if (!feeds::is_http_url(article.url) || (!article.page_error.empty() && !backfill.retry_failed)) continue;
      const std::optional<Subscription>& feed = subscription(article.feed_url);
      if (feed && feed->pages == PagesPolicy::kNever) continue;
      const std::optional<PendingPage> page = queue.find(article.id);
      if (page && !(page->failed && backfill.retry_failed)) continue;
      PendingPage wanted;
      wanted.id = article.id;
      wanted.url = article.url;
      wanted.feed = article.feed_url;
      wanted.internal_allowed = feed && feed->internal_address;
      wanted.queued = now;
      queue.save(wanted);
      ++queued;
    }
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(indexer.path() + ": cannot read the index: " + error.get_description());
  }
  return queued;
}

}  // namespace index
}  // namespace newsdex
