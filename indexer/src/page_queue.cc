#include "newsdex/page_queue.h"

#include "newsdex/feed.h"
#include "newsdex/fetch.h"
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

bool wants_page(PagesPolicy policy, const feeds::FeedItem& item) {
  if (policy == PagesPolicy::kNever || !feeds::is_http_url(item.link)) return false;
  return policy == PagesPolicy::kAlways || split_words(item.text).size() < kFullTextWords;
}

}  // namespace index
}  // namespace newsdex
