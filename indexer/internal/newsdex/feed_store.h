// Feed subscriptions and their crawl state, kept in the index's bookkeeping so that they change
// in one commit with the articles they brought. Internal to newsdex (not installed).
#pragma once

#include <optional>
#include <string>
#include <tuple>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/record_store.h"
#include "newsdex/time.h"

namespace newsdex::index {

// Whether a crawl fetches the web pages of a feed's articles.
enum class PagesPolicy {
  kAuto,    // unless the feed item already carries the full text (page_queue.h says how)
  kAlways,  // for every item with an http(s) link
  kNever,   // never: the feed's text is the article
};

// The names of docs/json.md ("auto", "always", "never"), and the policy a name gives (InputError
// for an unknown one).
std::string_view name_of(PagesPolicy policy);
PagesPolicy pages_policy_named(std::string_view name);

// Stored by name in the feed's record (nlohmann::json finds these by argument-dependent lookup).
void to_json(nlohmann::json& json, PagesPolicy policy);
void from_json(const nlohmann::json& json, PagesPolicy& policy);

// One subscribed feed.
struct Subscription {
  std::string url;      // http(s) URL; the key
  std::string name;     // source name to file its articles under; empty: the feed's title
  std::string country;  // configured country (ISO 3166-1), empty for none
  std::string topic;    // configured topic slug, empty for none
  bool enabled = true;
  PagesPolicy pages = PagesPolicy::kAuto;
  std::string folder;  // where a subscription list filed it ("News/Europe"), for export

  // Crawl state.
  std::string title;  // the feed's title when last fetched
  std::optional<Timestamp> last_fetch;
  std::optional<long> last_status;    // HTTP status of the last fetch
  std::string last_error;             // empty when the last fetch was fine
  int failures = 0;                   // consecutive failed fetches
  long articles = 0;                  // articles indexed from this feed, all time
  std::optional<Timestamp> next_due;  // when it should be fetched next
  std::string etag;                   // for conditional GET
  std::string last_modified;
  long interval_seconds = 0;  // the schedule it earned; 0 until first fetched
  // Its last answer came from an internal address (loopback, private network): its article
  // links may lead there too, unlike those of a feed on a public address.
  bool internal_address = false;
};

// The `feeds list --json` object of docs/json.md.
nlohmann::ordered_json to_json(const Subscription& subscription);

// Subscriptions by URL: FeedStore::writing(indexer), or FeedStore::read_only(index_path).
using FeedStore = RecordStore<Subscription>;

}  // namespace newsdex::index

namespace newsdex {

template <>
struct RecordTraits<index::Subscription> {
  using S = index::Subscription;
  static constexpr std::string_view kKind = "feed";
  static constexpr std::string_view kNoIndexHint = "subscribe with 'newsdex-index feeds add URL'";
  static std::string key_prefix();
  static std::string key(const std::string& url);
  static const std::string& id(const S& feed) { return feed.url; }
  // The stored names are those of the first release; "interval" holds interval_seconds.
  static constexpr auto kFields = std::tuple(
      RecordField<S, std::string>{"url", &S::url}, RecordField<S, std::string>{"name", &S::name},
      RecordField<S, std::string>{"country", &S::country}, RecordField<S, std::string>{"topic", &S::topic},
      RecordField<S, bool>{"enabled", &S::enabled}, RecordField<S, std::string>{"title", &S::title},
      RecordField<S, std::optional<Timestamp>>{"last_fetch", &S::last_fetch},
      RecordField<S, std::optional<long>>{"last_status", &S::last_status},
      RecordField<S, std::string>{"last_error", &S::last_error}, RecordField<S, int>{"failures", &S::failures},
      RecordField<S, long>{"articles", &S::articles},
      RecordField<S, std::optional<Timestamp>>{"next_due", &S::next_due}, RecordField<S, std::string>{"etag", &S::etag},
      RecordField<S, std::string>{"last_modified", &S::last_modified},
      RecordField<S, long>{"interval", &S::interval_seconds}, RecordField<S, index::PagesPolicy>{"pages", &S::pages},
      RecordField<S, bool>{"internal_address", &S::internal_address},
      RecordField<S, std::string>{"folder", &S::folder});
};

}  // namespace newsdex
