#include "newsdex/index_stats.h"

#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "newsdex/article.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"

namespace newsdex {

IndexStats read_index_stats(const std::string& database_path) {
  IndexStats stats;
  try {
    Xapian::Database database(database_path);
    stats.articles = database.get_doccount();
    stats.shards = database.size();
    // Feeds and crawls are bookkeeping: in the index, or beside the shards of a sharded one.
    const std::string state_path = schema::state_database_path(database_path);
    const Xapian::Database state = state_path == database_path           ? database
                                   : std::filesystem::exists(state_path) ? Xapian::Database(state_path)
                                                                         : Xapian::Database();
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
    stats.last_crawl =
        state.size() > 0 ? parse_rfc3339(state.get_metadata(std::string(schema::kLastCrawlKey))) : std::nullopt;
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
      << "size:            " << stats.size_bytes << " bytes\n"
      << "last crawl:      " << time(stats.last_crawl) << '\n'
      << "full text:       " << stats.page_texts << " articles from their pages, " << stats.feed_texts
      << " from their feeds\n"
      << "pages:           " << stats.pages_pending << " pending, " << stats.pages_failed << " failed\n";
  return out.str();
}

}  // namespace newsdex
