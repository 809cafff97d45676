#include "newsdex/feed_store.h"

#include <nlohmann/json.hpp>

#include "newsdex/schema.h"

namespace newsdex {

std::string RecordTraits<index::Subscription>::key_prefix() { return std::string(schema::kFeedKeyPrefix); }

std::string RecordTraits<index::Subscription>::key(const std::string& url) {
  return schema::boolean_term(schema::kFeedKeyPrefix, url);
}

namespace index {

nlohmann::ordered_json to_json(const Subscription& feed) {
  auto text = [](const std::string& value) {
    return value.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(value);
  };
  auto time = [](const std::optional<Timestamp>& value) {
    return value ? nlohmann::ordered_json(format_rfc3339(*value)) : nlohmann::ordered_json();
  };
  return {{"url", feed.url},
          {"title", text(feed.title)},
          {"name", text(feed.name)},
          {"country", text(feed.country)},
          {"topic", text(feed.topic)},
          {"enabled", feed.enabled},
          {"last_fetch", time(feed.last_fetch)},
          {"last_status", feed.last_status ? nlohmann::ordered_json(*feed.last_status) : nlohmann::ordered_json()},
          {"last_error", text(feed.last_error)},
          {"failures", feed.failures},
          {"articles", feed.articles},
          {"next_due", time(feed.next_due)}};
}

}  // namespace index
}  // namespace newsdex
