#include "newsdex/watch_store.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/text.h"

namespace newsdex::index {
namespace {

// Metadata keys are limited in length and watch names are not: keys use a name's fingerprint,
// and the record keeps the name.
std::string key_of(const std::string& name) { return std::string(schema::kWatchKeyPrefix) + fingerprint(name); }

std::string story_prefix(const std::string& name) {
  return std::string(schema::kWatchStoryKeyPrefix) + fingerprint(name) + ":";
}

std::string encode(const Watch& watch) {
  const nlohmann::json record = {
      {"name", watch.name},           {"query", watch.query},
      {"countries", watch.countries}, {"topics", watch.topics},
      {"deliver", watch.deliver},     {"cursor", watch.cursor},
      {"from_start", watch.from_start},
      {"last_run", watch.last_run ? nlohmann::json(watch.last_run->time_since_epoch().count()) : nlohmann::json()},
      {"delivered", watch.delivered}, {"pending", watch.pending},
      {"last_error", watch.last_error}};
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Watch decode(const std::string& text) {
  try {
    const auto record = nlohmann::json::parse(text);
    Watch watch;
    watch.name = record.at("name").get<std::string>();
    watch.query = record.value("query", "");
    watch.countries = record.value("countries", std::vector<std::string>{});
    watch.topics = record.value("topics", std::vector<std::string>{});
    watch.deliver = record.value("deliver", "");
    watch.cursor = record.value("cursor", uint64_t{0});
    watch.from_start = record.value("from_start", false);
    if (record.contains("last_run") && record["last_run"].is_number()) {
      watch.last_run = Timestamp(std::chrono::seconds(record["last_run"].get<long long>()));
    }
    watch.delivered = record.value("delivered", uint64_t{0});
    watch.pending = record.value("pending", uint64_t{0});
    watch.last_error = record.value("last_error", "");
    return watch;
  } catch (const nlohmann::json::exception& error) {
    throw RuntimeFailure(std::string("corrupt watch record in the index: ") + error.what());
  }
}

}  // namespace

nlohmann::ordered_json to_json(const Watch& watch) {
  return {{"name", watch.name},
          {"query", watch.query},
          {"countries", watch.countries},
          {"topics", watch.topics},
          {"deliver", watch.deliver},
          {"last_run", watch.last_run ? nlohmann::ordered_json(format_rfc3339(*watch.last_run)) : nlohmann::ordered_json()},
          {"delivered", watch.delivered},
          {"pending", watch.pending},
          {"last_error", watch.last_error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(watch.last_error)}};
}

WatchStore::WatchStore(Xapian::WritableDatabase database) : reader_(database), writer_(std::move(database)) {}

WatchStore WatchStore::open_read_only(const std::string& database_path) {
  try {
    return WatchStore(Xapian::Database(schema::state_database_path(database_path)));
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw RuntimeFailure(database_path + ": no index here (add a watch with 'newsdex-index watch add NAME QUERY')");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot open the index: " + error.get_description());
  }
}

std::vector<Watch> WatchStore::list() const {
  std::vector<Watch> watches;
  const std::string prefix(schema::kWatchKeyPrefix);
  for (auto key = reader_.metadata_keys_begin(prefix); key != reader_.metadata_keys_end(prefix); ++key) {
    watches.push_back(decode(reader_.get_metadata(*key)));
  }
  std::sort(watches.begin(), watches.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return watches;
}

std::optional<Watch> WatchStore::find(const std::string& name) const {
  const std::string record = reader_.get_metadata(key_of(name));
  if (record.empty()) return std::nullopt;
  return decode(record);
}

void WatchStore::save(const Watch& watch) { writer_.value().set_metadata(key_of(watch.name), encode(watch)); }

bool WatchStore::remove(const std::string& name) {
  if (reader_.get_metadata(key_of(name)).empty()) return false;
  const std::string prefix = story_prefix(name);
  std::vector<std::string> stories(reader_.metadata_keys_begin(prefix), reader_.metadata_keys_end(prefix));
  for (const std::string& key : stories) writer_.value().set_metadata(key, "");
  writer_.value().set_metadata(key_of(name), "");
  return true;
}

bool WatchStore::delivered_story(const std::string& name, const std::string& story_key) const {
  return !story_key.empty() && !reader_.get_metadata(story_prefix(name) + story_key).empty();
}

void WatchStore::mark_delivered(const std::string& name, const std::string& story_key) {
  if (!story_key.empty()) writer_.value().set_metadata(story_prefix(name) + story_key, "1");
}

}  // namespace newsdex::index
