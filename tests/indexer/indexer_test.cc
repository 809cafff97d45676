#include "newsdex/indexer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>

#include "newsdex/compact.h"
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

// A writer reopens its closed shards at every commit and opens them all when a lane starts a new
// shard; a compaction (its own in the background, or a `compact` run) may swap one's folder at
// that moment. The commit must not fail for it ("EOF reading block"). Here every closed shard
// is compacted again and again, far more often than writers and `compact` do.
TEST(Indexer, CommitsGoOnWhileCompactionsSwapClosedShards) {
  testing::TempDir dir;
  const std::string path = dir.file("archive");
  Indexer::create_sharded(path, {2, 10});
  Indexer indexer(path);
  std::atomic<bool> writing = true;
  std::thread compactions([&] {
    while (writing) {
      std::istringstream stub(testing::read_file(path + "/XAPIANDB"));
      for (std::string kind, shard; stub >> kind >> shard;) compact_database(path + "/" + shard, true);
    }
  });
  int article = 0;
  std::string failure;
  for (int round = 0; round < 40 && failure.empty(); ++round) {
    try {
      for (int n = 0; n < 10; ++n, ++article) indexer.add(sample_article(std::to_string(article), "Report"));
      indexer.commit();
    } catch (const std::exception& error) {
      failure = error.what();
    }
  }
  writing = false;
  compactions.join();
  EXPECT_EQ(failure, "");
  EXPECT_EQ(indexer.article_count(), 400u);
}

// Country names' synonyms (Türkiye finds Turkey) are listed again when another build of newsdex
// opens the index for writing (its gazetteer may differ), and not by the build that wrote them.
TEST(Indexer, CountrySynonymsAreListedAgainByAnotherBuild) {
  testing::TempDir dir;
  const std::string path = dir.file("index");
  auto synonyms_of = [&](const std::string& word) {
    Xapian::Database reader(path);
    return std::vector<std::string>(reader.synonyms_begin(word), reader.synonyms_end(word));
  };
  {
    Indexer indexer(path);
    indexer.commit();
  }
  const std::vector<std::string> written = synonyms_of("turkiye");
  ASSERT_FALSE(written.empty());
  const std::string writer_key(schema::kSynonymsWriterKey);
  auto tamper = [&](const std::string& writer) {
    Xapian::WritableDatabase database(path);
    database.clear_synonyms("turkiye");
    if (!writer.empty()) database.set_metadata(writer_key, writer);
    database.set_metadata(std::string(schema::kSynonymsKey), "another list");
    database.commit();
  };
  tamper("");  // this build wrote them: taken as current
  {
    Indexer indexer(path);
    indexer.commit();
  }
  EXPECT_TRUE(synonyms_of("turkiye").empty());
  tamper("an older build");
  {
    Indexer indexer(path);
    indexer.commit();
  }
  EXPECT_EQ(synonyms_of("turkiye"), written);
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
    FeedStore::writing(indexer).save(feed);
    indexer.commit();
  }
  const auto feeds = FeedStore::read_only(dir.file("index")).list();
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

// A feed of short Spanish headlines that declares no language: a headline of a few words is too
// short for the language to be told, the feed's are not, and a Spanish country name counts only
// in Spanish. A headline that is a sentence tells its own.
TEST(MakeArticle, ReadsTheLanguageOfAFeedThatDeclaresNoneFromAllItsItems) {
  const std::vector<std::string> headlines = {
      "El Gobierno aprueba la subida del salario mínimo", "Detenidos tres jóvenes por el robo de una joyería",
      "La presidenta viaja a Francia esta semana",       "Las lluvias obligan a cortar dos carreteras",
      "El paro baja por tercer mes consecutivo",          "Los médicos convocan una huelga para el lunes",
      "Francia y Chile"};
  std::string rss = "<rss version=\"2.0\"><channel><title>Noticias</title>";
  for (size_t i = 0; i < headlines.size(); ++i) {
    rss += "<item><title>" + headlines[i] + "</title><link>http://n.example/" + std::to_string(i) + "</link></item>";
  }
  feeds::Feed feed = feeds::parse_feed(rss + "</channel></rss>");
  const Tagger tagger;
  EXPECT_EQ(make_article(feed, feed.items.at(6), {}, tagger).language, "") << "three words alone do not tell";
  EXPECT_EQ(make_article(feed, feed.items.at(2), {}, tagger).language, "es") << "a sentence does";
  feed.language = feed_language(feed);
  EXPECT_EQ(feed.language, "es");
  const Article article = make_article(feed, feed.items.at(6), {}, tagger);
  EXPECT_EQ(article.language, "es");
  EXPECT_TRUE(std::find(article.mentioned.begin(), article.mentioned.end(), "FR") != article.mentioned.end());

  feeds::Feed declared = feed;
  declared.language = "ca";
  EXPECT_EQ(feed_language(declared), "ca") << "a declared language is the feed's";
  feeds::Feed mixed = feed;
  mixed.language.clear();
  for (feeds::FeedItem& item : mixed.items) {
    if (&item - mixed.items.data() < 3) item.title = "Storm knocks out power to thousands across the state";
  }
  EXPECT_EQ(feed_language(mixed), "") << "no language holds most of a mixed feed";
}

}  // namespace
}  // namespace newsdex::index
