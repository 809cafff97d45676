#include "newsdex/feed_store.h"

#include <xapian.h>

#include <nlohmann/json.hpp>

#include "newsdex/error.h"
#include "newsdex/schema.h"

namespace newsdex::index {
namespace {

std::string key_of(const std::string& url) { return schema::boolean_term(schema::kFeedKeyPrefix, url); }

nlohmann::json optional_time(const std::optional<Timestamp>& time) {
  return time ? nlohmann::json(time->time_since_epoch().count()) : nlohmann::json();
}

std::optional<Timestamp> time_from(const nlohmann::json& value) {
  if (!value.is_number()) return std::nullopt;
  return Timestamp(std::chrono::seconds(value.get<long long>()));
}

std::string encode(const Subscription& feed) {
  const nlohmann::json record = {
      {"url", feed.url},           {"name", feed.name},
      {"country", feed.country},   {"topic", feed.topic},
      {"enabled", feed.enabled},   {"title", feed.title},
      {"last_fetch", optional_time(feed.last_fetch)},
      {"last_status", feed.last_status ? nlohmann::json(*feed.last_status) : nlohmann::json()},
      {"last_error", feed.last_error}, {"failures", feed.failures},
      {"articles", feed.articles}, {"next_due", optional_time(feed.next_due)},
      {"etag", feed.etag},         {"last_modified", feed.last_modified},
      {"interval", feed.interval_seconds}};
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Subscription decode(const std::string& text) {
  try {
    const auto record = nlohmann::json::parse(text);
    Subscription feed;
    feed.url = record.at("url").get<std::string>();
    feed.name = record.value("name", "");
    feed.country = record.value("country", "");
    feed.topic = record.value("topic", "");
    feed.enabled = record.value("enabled", true);
    feed.title = record.value("title", "");
    feed.last_fetch = time_from(record.value("last_fetch", nlohmann::json()));
    if (record.contains("last_status") && record["last_status"].is_number()) feed.last_status = record["last_status"].get<long>();
    feed.last_error = record.value("last_error", "");
    feed.failures = record.value("failures", 0);
    feed.articles = record.value("articles", 0L);
    feed.next_due = time_from(record.value("next_due", nlohmann::json()));
    feed.etag = record.value("etag", "");
    feed.last_modified = record.value("last_modified", "");
    feed.interval_seconds = record.value("interval", 0L);
    return feed;
  } catch (const nlohmann::json::exception& error) {
    throw RuntimeFailure(std::string("corrupt feed record in the index: ") + error.what());
  }
}

}  // namespace

nlohmann::ordered_json to_json(const Subscription& feed) {
  auto text = [](const std::string& value) { return value.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(value); };
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

FeedStore::FeedStore(Xapian::WritableDatabase database) : reader_(database), writer_(std::move(database)) {}

FeedStore FeedStore::open_read_only(const std::string& database_path) {
  try {
    return FeedStore(Xapian::Database(schema::state_database_path(database_path)));  // beside the shards, if sharded
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw RuntimeFailure(database_path + ": no index here (subscribe with 'newsdex-index feeds add URL')");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot open the index: " + error.get_description());
  }
}

std::vector<Subscription> FeedStore::list() const {
  std::vector<Subscription> feeds;
  const std::string prefix(schema::kFeedKeyPrefix);
  for (auto key = reader_.metadata_keys_begin(prefix); key != reader_.metadata_keys_end(prefix); ++key) {
    feeds.push_back(decode(reader_.get_metadata(*key)));
  }
  std::sort(feeds.begin(), feeds.end(), [](const auto& a, const auto& b) { return a.url < b.url; });
  return feeds;
}

std::optional<Subscription> FeedStore::find(const std::string& url) const {
  const std::string record = reader_.get_metadata(key_of(url));
  if (record.empty()) return std::nullopt;
  return decode(record);
}

void FeedStore::save(const Subscription& subscription) {
  writer_.value().set_metadata(key_of(subscription.url), encode(subscription));
}

bool FeedStore::remove(const std::string& url) {
  if (reader_.get_metadata(key_of(url)).empty()) return false;
  writer_.value().set_metadata(key_of(url), "");
  return true;
}

}  // namespace newsdex::index
