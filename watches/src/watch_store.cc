#include "watch_store.h"

#include <nlohmann/json.hpp>

#include "newsdex/schema.h"
#include "newsdex/text.h"

namespace newsdex {
namespace {

std::string story_prefix(const std::string& name) {
  return std::string(schema::kWatchStoryKeyPrefix) + fingerprint(name) + ":";
}

}  // namespace

std::string RecordTraits<watch::Watch>::key_prefix() { return std::string(schema::kWatchKeyPrefix); }

std::string RecordTraits<watch::Watch>::key(const std::string& name) {
  return std::string(schema::kWatchKeyPrefix) + fingerprint(name);
}

namespace watch {

nlohmann::ordered_json to_json(const Watch& watch) {
  auto text = [](const std::string& value) {
    return value.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(value);
  };
  return {
      {"name", watch.name},
      {"query", watch.query},
      {"countries", watch.countries},
      {"topics", watch.topics},
      {"deliver", watch.deliver},
      {"last_run", watch.last_run ? nlohmann::ordered_json(format_rfc3339(*watch.last_run)) : nlohmann::ordered_json()},
      {"delivered", watch.delivered},
      {"pending", watch.pending},
      {"last_error", text(watch.last_error)}};
}

bool WatchStore::remove(const std::string& name) {
  if (!records_.remove(name)) return false;
  Bookkeeping& bookkeeping = records_.bookkeeping();
  for (const std::string& key : bookkeeping.keys(story_prefix(name))) bookkeeping.set(key, "");
  return true;
}

bool WatchStore::delivered_story(const std::string& name, const std::string& story_key) const {
  return !story_key.empty() && !records_.bookkeeping().get(story_prefix(name) + story_key).empty();
}

void WatchStore::mark_delivered(const std::string& name, const std::string& story_key) {
  if (!story_key.empty()) records_.bookkeeping().set(story_prefix(name) + story_key, "1");
}

}  // namespace watch
}  // namespace newsdex
