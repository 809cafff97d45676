// The generic record store, through the feed subscriptions it keeps in a real index.
#include "newsdex/record_store.h"

#include <gtest/gtest.h>

#include "newsdex/error.h"
#include "newsdex/feed_store.h"
#include "newsdex/indexer.h"
#include "newsdex/schema.h"
#include "process.h"

namespace newsdex::index {
namespace {

Subscription feed(const std::string& url) {
  Subscription subscription;
  subscription.url = url;
  return subscription;
}

TEST(RecordStore, SavesFindsListsByIdAndRemoves) {
  testing::TempDir dir;
  Indexer indexer(dir.file("index"));
  FeedStore feeds = FeedStore::writing(indexer);
  feeds.save(feed("https://b.example/feed"));
  feeds.save(feed("https://a.example/feed"));
  Subscription changed = feed("https://b.example/feed");
  changed.name = "B desk";
  feeds.save(changed);

  const std::vector<Subscription> listed = feeds.list();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].url, "https://a.example/feed");
  EXPECT_EQ(listed[1].name, "B desk");
  EXPECT_EQ(feeds.find("https://b.example/feed")->name, "B desk");
  EXPECT_FALSE(feeds.find("https://c.example/feed"));

  EXPECT_TRUE(feeds.remove("https://a.example/feed"));
  EXPECT_FALSE(feeds.remove("https://a.example/feed"));
  EXPECT_EQ(feeds.list().size(), 1u);
}

TEST(RecordStore, EveryFieldRoundTripsAndReadersSeeOnlyWhatIsCommitted) {
  testing::TempDir dir;
  Subscription full = feed("https://a.example/feed");
  full.name = "Desk";
  full.country = "AZ";
  full.topic = "science-technology";
  full.enabled = false;
  full.title = "A feed";
  full.last_fetch = *parse_rfc3339("2026-03-01T10:00:00Z");
  full.last_status = 304;
  full.last_error = "timed out";
  full.failures = 2;
  full.articles = 1234567890123;
  full.next_due = *parse_rfc3339("2026-03-01T11:30:00Z");
  full.etag = "\"e1\"";
  full.last_modified = "Sun, 01 Mar 2026 10:00:00 GMT";
  full.interval_seconds = 5400;
  {
    Indexer indexer(dir.file("index"));
    FeedStore::writing(indexer).save(full);
    EXPECT_TRUE(FeedStore::read_only(dir.file("index")).list().empty());  // not committed yet
    indexer.commit();
  }
  const std::vector<Subscription> read = FeedStore::read_only(dir.file("index")).list();
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(FeedStore::encode(read[0]), FeedStore::encode(full));
  EXPECT_EQ(read[0].last_status, 304);
  EXPECT_EQ(read[0].next_due, full.next_due);
  EXPECT_EQ(read[0].interval_seconds, 5400);
}

TEST(RecordStore, ARecordFromAnOlderVersionKeepsDefaultsForFieldsItLacks) {
  const Subscription old =
      FeedStore::decode(R"({"url": "https://a.example/feed", "name": "Desk", "last_fetch": null})");
  EXPECT_EQ(old.url, "https://a.example/feed");
  EXPECT_EQ(old.name, "Desk");
  EXPECT_TRUE(old.enabled);
  EXPECT_FALSE(old.last_fetch);
  EXPECT_EQ(old.interval_seconds, 0);
}

TEST(RecordStore, ACorruptRecordIsAClearFailure) {
  for (const char* stored :
       {"{not json", R"({"name": "no url"})", R"({"url": "https://a.example", "failures": "two"})"}) {
    try {
      FeedStore::decode(stored);
      ADD_FAILURE() << stored;
    } catch (const RuntimeFailure& error) {
      EXPECT_NE(std::string(error.what()).find("corrupt feed record in the index"), std::string::npos) << error.what();
    }
  }
}

TEST(RecordStore, ReadOnlyNeedsAnIndexAndRefusesWrites) {
  testing::TempDir dir;
  try {
    FeedStore::read_only(dir.file("missing")).list();
    ADD_FAILURE() << "no index, no failure";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("newsdex-index feeds add URL"), std::string::npos) << error.what();
  }
  { Indexer indexer(dir.file("index")); }
  FeedStore reader = FeedStore::read_only(dir.file("index"));
  EXPECT_THROW(reader.save(feed("https://a.example/feed")), RuntimeFailure);
}

TEST(RecordStore, LivesInTheBookkeepingOfAShardedIndex) {
  testing::TempDir dir;
  Indexer::create_sharded(dir.file("index"), {2, 0});
  {
    Indexer indexer(dir.file("index"));
    FeedStore::writing(indexer).save(feed("https://a.example/feed"));
    indexer.commit();
  }
  EXPECT_EQ(FeedStore::read_only(dir.file("index")).list().size(), 1u);
  Xapian::Database bookkeeping(schema::state_database_path(dir.file("index")));
  EXPECT_FALSE(bookkeeping.get_metadata(RecordTraits<Subscription>::key("https://a.example/feed")).empty());
}

}  // namespace
}  // namespace newsdex::index
