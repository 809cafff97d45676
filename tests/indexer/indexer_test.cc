#include "newsdex/indexer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <random>
#include <set>

#include "newsdex/error.h"
#include "newsdex/feed_parser.h"
#include "newsdex/feed_store.h"
#include "newsdex/schema.h"
#include "process.h"

namespace newsdex::index {
namespace {

Article sample_article(const std::string& id, const std::string& title) {
  Article article;
  article.id = id;
  article.title = title;
  article.text = "Body of " + title;
  article.source = "Desk";
  article.published = *parse_rfc3339("2024-03-01T10:00:00Z");
  article.countries = {{"AZ", 1.0}};
  article.mentioned = {"AZ"};
  return article;
}

TEST(Indexer, AddsUpdatesAndSkipsUnchangedArticlesById) {
  testing::TempDir dir;
  Indexer indexer(dir.file("index"));
  EXPECT_EQ(indexer.add(sample_article("a", "First")), AddOutcome::kAdded);
  EXPECT_EQ(indexer.add(sample_article("a", "First")), AddOutcome::kUnchanged);
  EXPECT_EQ(indexer.add(sample_article("a", "First, corrected")), AddOutcome::kUpdated);
  EXPECT_EQ(indexer.add(sample_article("b", "Second")), AddOutcome::kAdded);
  indexer.commit();
  EXPECT_EQ(indexer.article_count(), 2u);

  Xapian::Database reader(dir.file("index"));
  EXPECT_EQ(reader.get_doccount(), 2u);
  EXPECT_EQ(reader.get_termfreq(schema::boolean_term(schema::kCountryPrefix, "AZ")), 2u);
  EXPECT_EQ(reader.get_termfreq(schema::boolean_term(schema::kMonthPrefix, "2024-03")), 2u);
}

// A sharded index whose lanes roll over every 40 articles, written with the closed shards' ids
// and bands kept in memory from the start, or never: the same story keys (copies found across
// closed shards), the same updates in place, the same articles. Returns each id's story key.
std::map<std::string, std::string> story_keys_written(const std::string& path, uint64_t bulk_articles) {
  Indexer::create_sharded(path, {.lanes = 2, .articles_per_shard = 40});
  IndexerOptions options;
  options.bulk_articles = bulk_articles;
  Indexer indexer(path, options);
  std::mt19937 random(7);
  const std::vector<std::string> words = {"port", "grain", "ship", "tariff", "minister", "talks", "harbour", "strike",
                                          "union", "wheat", "export", "treaty", "border", "court", "ruling", "vote"};
  auto story = [&](int n) {  // 60 words of story n, the same for each of its copies
    std::mt19937 story_random(static_cast<unsigned>(n));
    std::string text;
    for (int w = 0; w < 60; ++w) text += words[story_random() % words.size()] + " ";
    return text;
  };
  std::vector<Article> articles;
  std::vector<int> story_of;  // the story each article tells
  for (int n = 0; n < 300; ++n) {
    // Every third article is a copy of a story told 5 to 20 articles earlier, often in a shard
    // closed since (but in the story window: each lane's open and last closed shard).
    const int told = n % 3 == 2 && n >= 40 ? story_of[n - 5 - random() % 15] : n;
    story_of.push_back(told);
    Article article = sample_article("id-" + std::to_string(n), "Story " + std::to_string(told));
    article.text = story(told) + (told == n ? "" : "As reported by agency " + std::to_string(n) + ".");
    articles.push_back(article);
    if (articles.size() == 20) {
      indexer.add_all(articles);
      indexer.commit();
      articles.clear();
    }
  }
  // Corrections of articles now in closed shards: replaced where they are.
  for (int n = 0; n < 60; n += 7) {
    Article corrected = sample_article("id-" + std::to_string(n), "Story " + std::to_string(n) + ", corrected");
    corrected.text = story(n) + "Corrected.";
    articles.push_back(corrected);
  }
  EXPECT_EQ(indexer.add_all(articles), std::vector<AddOutcome>(articles.size(), AddOutcome::kUpdated));
  indexer.commit();
  EXPECT_EQ(indexer.article_count(), 300u);
  std::map<std::string, std::string> keys;
  Xapian::Database reader(path);
  EXPECT_EQ(reader.get_doccount(), 300u);
  for (int n = 0; n < 300; ++n) {
    const std::string term = schema::id_term("id-" + std::to_string(n));
    EXPECT_EQ(reader.get_termfreq(term), 1u) << n;
    keys[term] = reader.get_document(*reader.postlist_begin(term)).get_value(schema::kStoryKeySlot);
  }
  return keys;
}

TEST(Indexer, ClosedShardsReadIntoMemoryGiveTheSameStoriesAndUpdates) {
  testing::TempDir dir;
  const auto in_memory = story_keys_written(dir.file("in-memory"), 0);
  const auto looked_up = story_keys_written(dir.file("looked-up"), 1'000'000);
  EXPECT_EQ(in_memory, looked_up);
  // And copies were found through the closed shards: of 300 articles, 87 are copies of another's
  // story (the 9 corrections are keyed afresh, away from their copies).
  std::set<std::string> distinct;
  for (const auto& [term, key] : in_memory) distinct.insert(key);
  EXPECT_LE(distinct.size(), 300u - 87u + 9u + 5u);
}

TEST(Indexer, SecondWriterIsToldTheIndexIsBusy) {
  testing::TempDir dir;
  Indexer first(dir.file("index"));
  try {
    Indexer second(dir.file("index"));
    FAIL() << "two writers opened one index";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("another newsdex-index"), std::string::npos) << error.what();
  }
}

TEST(Indexer, KeepsFeedSubscriptionsWithTheIndex) {
  testing::TempDir dir;
  {
    Indexer indexer(dir.file("index"));
    Subscription feed;
    feed.url = "https://desk.example/rss";
    feed.country = "AZ";
    indexer.feeds().save(feed);
    indexer.commit();
  }
  const auto feeds = FeedStore::open_read_only(dir.file("index")).list();
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds[0].url, "https://desk.example/rss");
  EXPECT_EQ(feeds[0].country, "AZ");
  EXPECT_TRUE(feeds[0].enabled);
}

TEST(MakeArticle, FilesItemsUnderTheSourceAndTagsThem) {
  const feeds::Feed feed = feeds::parse_feed(
      "<rss version=\"2.0\"><channel><title>Desk</title><language>en-us</language><item><title>Turkish central bank "
      "holds rates</title><link>http://d.example/1</link><description>The bank in Ankara kept rates at 45 percent "
      "as inflation stayed high.</description></item></channel></rss>");
  const Tagger tagger;
  const Article article = make_article(feed, feed.items.at(0), {"", "http://d.example/rss", {}, {}}, tagger);
  EXPECT_EQ(article.id, "http://d.example/1");
  EXPECT_EQ(article.source, "Desk");
  EXPECT_EQ(article.language, "en");
  ASSERT_FALSE(article.countries.empty());
  EXPECT_EQ(article.countries[0].code, "TR");
  EXPECT_EQ(article.topics.at(0).code, "economy-business-finance");
}

}  // namespace
}  // namespace newsdex::index
