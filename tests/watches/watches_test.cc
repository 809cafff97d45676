// Watches through their library: added, run over what is new, delivered once, removed.
#include "newsdex/watch.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "process.h"

namespace newsdex::watch {
namespace {

Article article(const std::string& id, const std::string& title) {
  Article article;
  article.id = id;
  article.title = title;
  article.text = title + ". More words about it follow in the body of the article.";
  article.source = "Desk";
  article.language = "en";
  article.published = *parse_rfc3339("2026-03-01T10:00:00Z");
  return article;
}

size_t lines_in(const std::string& path) {
  std::ifstream in(path);
  size_t lines = 0;
  for (std::string line; std::getline(in, line);) lines += !line.empty();
  return lines;
}

// A watch for "satellite" that appends its hits to hits.jsonl in `dir`.
Watch satellite_watch(const testing::TempDir& dir) {
  Watch watch;
  watch.name = "space";
  watch.query = "satellite";
  watch.deliver = "jsonl:" + dir.file("hits.jsonl");
  return watch;
}

TEST(Watches, DeliverEachNewMatchOnceAndStartAtTheEndOfTheArchive) {
  testing::TempDir dir;
  index::Indexer indexer(dir.file("index"));
  indexer.add(article("old", "Satellite launch planned"));
  indexer.commit();
  Watches watches(indexer);
  const Watch watch = satellite_watch(dir);
  watches.add(watch);
  EXPECT_THROW(watches.add(watch), InputError);  // the name is taken

  indexer.add(article("new", "Satellite reaches orbit"));
  indexer.add(article("other", "Harvest report"));
  indexer.commit();
  std::vector<RunResult> results = watches.run();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].delivered) << results[0].error;
  EXPECT_EQ(results[0].hits, 1u);  // not the article from before the watch
  EXPECT_EQ(lines_in(dir.file("hits.jsonl")), 1u);

  results = watches.run();  // nothing new
  EXPECT_EQ(results[0].hits, 0u);
  EXPECT_EQ(lines_in(dir.file("hits.jsonl")), 1u);
  indexer.commit();
  const std::vector<Watch> listed = list_watches(dir.file("index"));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].delivered, 1u);
  EXPECT_TRUE(listed[0].last_run);

  EXPECT_TRUE(watches.remove("space"));
  EXPECT_FALSE(watches.remove("space"));
  indexer.commit();
  EXPECT_TRUE(list_watches(dir.file("index")).empty());
}

TEST(Watches, RefuseWhatCouldNeverRun) {
  testing::TempDir dir;
  index::Indexer indexer(dir.file("index"));
  Watches watches(indexer);
  Watch watch;
  watch.name = "bad";
  watch.query = "anything";
  watch.deliver = "carrier-pigeon:home";
  EXPECT_THROW(watches.add(watch), InputError);
  watch.deliver = "jsonl:-";
  watch.countries = {"XX"};  // no such country: the searcher would refuse it on every run
  EXPECT_THROW(watches.add(watch), InputError);
  watch.name = "";
  EXPECT_THROW(watches.add(watch), InputError);
  EXPECT_THROW(watches.run("no-such-watch"), InputError);
  EXPECT_TRUE(list_watches(dir.file("index")).empty());
}

TEST(Watches, FollowingTheIndexingFindsWhatARunDelivers) {
  testing::TempDir dir;
  index::Indexer indexer(dir.file("index"));
  Watches watches(indexer);
  const Watch watch = satellite_watch(dir);
  watches.add(watch);
  watches.follow_indexing();
  for (int batch = 0; batch < 3; ++batch) {
    indexer.add(article("a" + std::to_string(batch), "Satellite news, part " + std::to_string(batch)));
    indexer.commit();
    watches.committed(indexer.last_sequence());
  }
  const std::vector<RunResult> results = watches.run();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].hits, 3u);
  EXPECT_EQ(lines_in(dir.file("hits.jsonl")), 3u);
}

}  // namespace
}  // namespace newsdex::watch
