#include "newsdex/feed_store.h"

#include <nlohmann/json.hpp>

#include "newsdex/enum_names.h"
#include "newsdex/schema.h"

namespace newsdex {

std::string RecordTraits<index::Subscription>::key_prefix() { return std::string(schema::kFeedKeyPrefix); }

std::string RecordTraits<index::Subscription>::key(const std::string& url) {
  return schema::boolean_term(schema::kFeedKeyPrefix, url);
}

namespace index {
namespace {

constexpr EnumNames<PagesPolicy, 3> kPagesPolicyNames{
    {{PagesPolicy::kAuto, "auto"}, {PagesPolicy::kAlways, "always"}, {PagesPolicy::kNever, "never"}}};

}  // namespace

std::string_view name_of(PagesPolicy policy) { return newsdex::name_of(kPagesPolicyNames, policy); }

PagesPolicy pages_policy_named(std::string_view name) {
  return value_named_or_throw(kPagesPolicyNames, name, "--pages setting");
}

void to_json(nlohmann::json& json, PagesPolicy policy) { json = name_of(policy); }

// An unknown name (a newer newsdex's) reads as the default rather than failing the feed.
void from_json(const nlohmann::json& json, PagesPolicy& policy) {
  policy = json.is_string() ? value_named(kPagesPolicyNames, json.get<std::string>()).value_or(PagesPolicy::kAuto)
                            : PagesPolicy::kAuto;
}

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
          {"next_due", time(feed.next_due)},
          {"pages", name_of(feed.pages)},
          {"folder", text(feed.folder)}};
}

}  // namespace index
}  // namespace newsdex
