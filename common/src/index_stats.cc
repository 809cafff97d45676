#include "newsdex/index_stats.h"

#include <xapian.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "newsdex/article.h"
#include "newsdex/database_folders.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"

namespace newsdex {

namespace {

// The index's bookkeeping database: the index itself, or the state database beside the shards
// of a sharded one (empty when a sharded index has none yet).
Xapian::Database open_state(const std::string& database_path, const Xapian::Database& database) {
  const std::string state_path = schema::state_database_path(database_path);
  return state_path == database_path           ? database
         : std::filesystem::exists(state_path) ? Xapian::Database(state_path)
                                               : Xapian::Database();
}

std::optional<Timestamp> time_in(const Xapian::Database& state, std::string_view key) {
  return state.size() > 0 ? parse_rfc3339(state.get_metadata(std::string(key))) : std::nullopt;
}

// "1.9 GB": bytes in decimal units, as disk tools print them.
std::string human_size(uint64_t bytes) {
  static constexpr std::array<std::string_view, 5> kUnits = {"bytes", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1000 && unit + 1 < kUnits.size()) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, std::string(kUnits[unit]).c_str());
  return text;
}

}  // namespace

std::optional<Timestamp> read_last_indexed(const std::string& database_path, const Xapian::Database& database) {
  return time_in(open_state(database_path, database), schema::kLastIndexedKey);
}

std::optional<Timestamp> read_last_indexed(const std::string& database_path) {
  try {
    return read_last_indexed(database_path, open_unswapped(database_path));
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw RuntimeFailure(database_path + ": no index here");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot read the index: " + error.get_description());
  }
}

IndexStats read_index_stats(const std::string& database_path) {
  IndexStats stats;
  try {
    Xapian::Database database = open_unswapped(database_path);
    stats.articles = database.get_doccount();
    stats.shards = database.size();
    // Feeds and crawls are bookkeeping: in the index, or beside the shards of a sharded one.
    const Xapian::Database state = open_state(database_path, database);
    const std::string feed_prefix(schema::kFeedKeyPrefix);
    for (auto key = state.metadata_keys_begin(feed_prefix);
         state.size() > 0 && key != state.metadata_keys_end(feed_prefix); ++key) {
      ++stats.feeds;
    }
    // The page queue's records (the indexer's page_queue.h): a "failed" one was given up.
    const std::string page_prefix(schema::kPageKeyPrefix);
    for (auto key = state.metadata_keys_begin(page_prefix);
         state.size() > 0 && key != state.metadata_keys_end(page_prefix); ++key) {
      const auto record = nlohmann::json::parse(state.get_metadata(*key), nullptr, false);
      ++(record.is_object() && record.value("failed", false) ? stats.pages_failed : stats.pages_pending);
    }
    stats.page_texts =
        database.get_termfreq(schema::boolean_term(schema::kTextSourcePrefix, name_of(TextSource::kPage)));
    stats.feed_texts = stats.articles - std::min<uint64_t>(stats.page_texts, stats.articles);
    const std::string source_prefix(schema::kSourcePrefix);
    for (auto term = database.allterms_begin(source_prefix); term != database.allterms_end(source_prefix); ++term) {
      ++stats.sources;
    }
    if (stats.articles > 0) {
      stats.first_published = schema::decode_time(database.get_value_lower_bound(schema::kPublishedSlot));
      stats.last_published = schema::decode_time(database.get_value_upper_bound(schema::kPublishedSlot));
    }
    stats.last_crawl = time_in(state, schema::kLastCrawlKey);
    stats.last_indexed = time_in(state, schema::kLastIndexedKey);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw RuntimeFailure(database_path + ": no index here");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot read the index: " + error.get_description());
  }
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(database_path, error)) {
    if (entry.is_regular_file(error)) stats.size_bytes += entry.file_size(error);
  }
  return stats;
}

nlohmann::ordered_json to_json(const IndexStats& stats) {
  auto time = [](const std::optional<Timestamp>& value) {
    return value ? nlohmann::ordered_json(format_rfc3339(*value)) : nlohmann::ordered_json();
  };
  return {{"articles", stats.articles},
          {"feeds", stats.feeds},
          {"sources", stats.sources},
          {"first_published", time(stats.first_published)},
          {"last_published", time(stats.last_published)},
          {"shards", stats.shards},
          {"size_bytes", stats.size_bytes},
          {"last_crawl", time(stats.last_crawl)},
          {"last_indexed", time(stats.last_indexed)},
          {"text_sources", {{"page", stats.page_texts}, {"feed", stats.feed_texts}}},
          {"pages_pending", stats.pages_pending},
          {"pages_failed", stats.pages_failed}};
}

std::string to_text(const IndexStats& stats) {
  auto time = [](const std::optional<Timestamp>& value) { return value ? format_rfc3339(*value) : std::string("-"); };
  std::ostringstream out;
  out << "articles:        " << stats.articles << '\n'
      << "feeds:           " << stats.feeds << '\n'
      << "sources:         " << stats.sources << '\n'
      << "first published: " << time(stats.first_published) << '\n'
      << "last published:  " << time(stats.last_published) << '\n'
      << "shards:          " << stats.shards << '\n'
      << "size:            " << human_size(stats.size_bytes) << '\n'
      << "last crawl:      " << time(stats.last_crawl) << '\n'
      << "last indexed:    " << time(stats.last_indexed) << '\n'
      << "full text:       " << stats.page_texts << " articles from their pages, " << stats.feed_texts
      << " from their feeds\n"
      << "pages:           " << stats.pages_pending << " pending, " << stats.pages_failed << " failed\n";
  return out.str();
}

}  // namespace newsdex
