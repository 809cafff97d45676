#include "newsdex/search.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "newsdex/compact.h"
#include "newsdex/database_folders.h"
#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "newsdex/schema.h"
#include "process.h"

namespace newsdex::search {
namespace {

Article make(const std::string& id, const std::string& title, const std::string& text,
             std::vector<std::string> countries, std::string topic, const std::string& published,
             std::string source = "Desk") {
  Article article;
  article.id = id;
  article.title = title;
  article.text = text;
  article.source = std::move(source);
  article.language = "en";
  article.published = *parse_rfc3339(published);
  for (const auto& code : countries) {
    article.countries.push_back({code, 1.0});
    article.mentioned.push_back(code);
  }
  article.topics = {{std::move(topic), 1.0}};
  return article;
}

class SearcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index::Indexer indexer(dir_.file("index"));
    indexer.add(make("a1", "Gas deal signed", "Azerbaijan and Türkiye signed a gas deal.", {"AZ", "TR"},
                     "economy-business-finance", "2024-05-15T10:00:00Z"));
    indexer.add(make("a2", "Gas prices fall", "Gas prices in Germany fell.", {"DE"}, "economy-business-finance",
                     "2024-04-01T10:00:00Z"));
    indexer.add(make("a3", "Election in Azerbaijan", "Voters in Azerbaijan elect a president.", {"AZ"}, "politics",
                     "2024-02-07T10:00:00Z"));
    // The same story from a second source: one hit, two articles.
    indexer.add(make("a4", "Gas deal signed", "Azerbaijan and Türkiye signed a gas deal, officials said.", {"AZ", "TR"},
                     "economy-business-finance", "2024-05-15T12:00:00Z", "Wire"));
    indexer.commit();
  }

  SearchResponse search(SearchRequest request) { return Searcher(dir_.file("index")).search(request); }

  static std::map<std::string, uint64_t> counts(const SearchResponse& response, Facet facet) {
    std::map<std::string, uint64_t> out;
    for (const auto& result : response.facets) {
      if (result.facet == facet) {
        for (const auto& count : result.counts) out[count.value] = count.count;
      }
    }
    return out;
  }

  testing::TempDir dir_;
};

TEST_F(SearcherTest, CountsEveryArticleButShowsOneHitPerStory) {
  SearchRequest request;
  request.query = "gas";
  const SearchResponse collapsed = search(request);
  EXPECT_EQ(collapsed.total, 3u);
  ASSERT_EQ(collapsed.hits.size(), 2u);
  unsigned copies = 0;
  for (const auto& hit : collapsed.hits) copies += hit.duplicates;
  EXPECT_EQ(copies, 1u);
  EXPECT_EQ(counts(collapsed, Facet::kCountry), (std::map<std::string, uint64_t>{{"AZ", 2}, {"DE", 1}, {"TR", 2}}));
  EXPECT_EQ(counts(collapsed, Facet::kSource), (std::map<std::string, uint64_t>{{"Desk", 2}, {"Wire", 1}}));

  request.collapse = false;
  EXPECT_EQ(search(request).hits.size(), 3u);
}

TEST_F(SearcherTest, FacetsIgnoreTheirOwnFilterOnly) {
  SearchRequest request;
  request.query = "gas";
  request.countries = {"DE"};
  const SearchResponse response = search(request);
  EXPECT_EQ(response.total, 1u);
  // The country facet shows what the other countries would give...
  EXPECT_EQ(counts(response, Facet::kCountry), (std::map<std::string, uint64_t>{{"AZ", 2}, {"DE", 1}, {"TR", 2}}));
  // ...while the topic facet counts only the German matches.
  EXPECT_EQ(counts(response, Facet::kTopic), (std::map<std::string, uint64_t>{{"economy-business-finance", 1}}));
}

TEST_F(SearcherTest, IndexesWrittenBeforeTheSetSlotsAreCountedTheSame) {
  SearchRequest request;
  request.query = "gas OR azerbaijan";
  request.countries = {"AZ"};
  const SearchResponse current = search(request);
  {
    // Schema version 1 had only the per-position slots.
    Xapian::WritableDatabase database(dir_.file("index"));
    for (auto id = database.postlist_begin(""); id != database.postlist_end(""); ++id) {
      Xapian::Document document = database.get_document(*id);
      document.remove_value(schema::kCountrySetSlot);
      document.remove_value(schema::kTopicSetSlot);
      database.replace_document(*id, document);
    }
    database.commit();
  }
  const SearchResponse old = search(request);
  for (Facet facet : {Facet::kCountry, Facet::kTopic}) {
    EXPECT_EQ(counts(old, facet), counts(current, facet)) << facet_name(facet);
  }
  EXPECT_EQ(counts(old, Facet::kCountry), (std::map<std::string, uint64_t>{{"AZ", 3}, {"DE", 1}, {"TR", 2}}));
  EXPECT_EQ(old.total, current.total);
}

TEST_F(SearcherTest, RecentSortRanksOlderMatchesLastWithOrWithoutDayValues) {
  SearchRequest request;
  request.query = "gas";
  request.sort = SortOrder::kRecent;
  request.collapse = false;
  auto ids = [&] {
    std::vector<std::string> found;
    for (const auto& hit : search(request).hits) found.push_back(hit.article.id);
    return found;
  };
  const std::vector<std::string> with_days = ids();
  ASSERT_EQ(with_days.size(), 3u);
  EXPECT_EQ(with_days.back(), "a2") << "six weeks older than the others";
  {
    // Indexes written before day values had only the published time.
    Xapian::WritableDatabase database(dir_.file("index"));
    for (auto id = database.postlist_begin(""); id != database.postlist_end(""); ++id) {
      Xapian::Document document = database.get_document(*id);
      document.remove_value(schema::kDaySlot);
      database.replace_document(*id, document);
    }
    database.commit();
  }
  const std::vector<std::string> without_days = ids();
  ASSERT_EQ(without_days.size(), 3u);
  EXPECT_EQ(without_days.back(), "a2");
  // Plain relevance puts the older article first: the boost is what moves it.
  request.sort = SortOrder::kRelevance;
  EXPECT_NE(ids().back(), "a2");
}

TEST_F(SearcherTest, ASearchPastItsTimeLimitFailsInsteadOfAnsweringPartly) {
  SearchRequest request;
  request.query = "gas";
  request.time_limit_seconds = 1e-9;
  EXPECT_THROW(search(request), TimeLimitExceeded);
  request.time_limit_seconds = 60;
  EXPECT_EQ(search(request).total, 3u);
}

TEST_F(SearcherTest, FiltersCombineOrWithinAndAcross) {
  SearchRequest request;
  request.countries = {"DE", "TR"};
  EXPECT_EQ(search(request).total, 3u);
  request.topics = {"politics"};
  EXPECT_EQ(search(request).total, 0u);
  request.countries = {"Azerbaijan"};  // a name works too
  EXPECT_EQ(search(request).total, 1u);
}

TEST_F(SearcherTest, DateRangeAndDateSort) {
  SearchRequest request;
  request.query = "gas OR election";
  request.collapse = false;
  request.since = *parse_rfc3339("2024-04-01");
  EXPECT_EQ(search(request).total, 3u);
  request.until = *parse_rfc3339("2024-04-30");
  EXPECT_EQ(search(request).total, 1u);

  SearchRequest by_date;
  by_date.query = "gas OR election";
  by_date.sort = SortOrder::kDate;
  by_date.collapse = false;
  const SearchResponse response = search(by_date);
  ASSERT_EQ(response.hits.size(), 4u);
  EXPECT_EQ(response.hits[0].article.id, "a4");
  EXPECT_EQ(response.hits[3].article.id, "a3");
  EXPECT_EQ(counts(response, Facet::kMonth).size(), 3u);
  EXPECT_EQ(response.facets.back().counts.front().value, "2024-02");  // months in date order
}

// Newest first ranks the newest months alone while they fill the page: every page, with and
// without story collapsing, exact or estimated, must be the page of sorting every match.
TEST(NewestFirst, PagesAreThoseOfSortingEveryMatchWhateverTheMonths) {
  testing::TempDir dir;
  struct Expected {
    std::string id;
    std::string story;
    std::optional<Timestamp> published;
  };
  std::vector<Expected> matching;
  {
    index::Indexer indexer(dir.file("index"));
    std::mt19937 random(7);
    for (int i = 0; i < 150; ++i) {
      // Thirty months, unevenly: most articles in the last few, as a crawled archive has them.
      const int month_back = std::min<int>(29, static_cast<int>(std::exponential_distribution<>(0.25)(random)));
      const Timestamp published = *parse_rfc3339("2024-12-28T00:00:00Z") - std::chrono::days(30 * month_back) -
                                  std::chrono::minutes(i);  // distinct times: one right order
      const bool matches = i % 3 != 0;
      const std::string story = "story" + std::to_string(i / 2);  // pairs of copies of one story
      Article article = make("n" + std::to_string(i), story + (matches ? " report" : " memo"),
                             story + " text of the " + (matches ? "report" : "memo") + " for " + story, {"GB"},
                             "politics", "2024-01-01T00:00:00Z", i % 2 == 0 ? "Desk" : "Wire");
      article.published = published;
      if (i == 100) article.published.reset();  // no date: last of all
      indexer.add(article);
      if (matches) matching.push_back({article.id, story, article.published});
    }
    indexer.commit();
  }
  std::stable_sort(matching.begin(), matching.end(), [](const Expected& a, const Expected& b) {
    return a.published.value_or(Timestamp{}) > b.published.value_or(Timestamp{});
  });
  Searcher searcher(dir.file("index"));
  for (bool collapse : {false, true}) {
    std::vector<std::string> expected;
    std::set<std::string> stories_seen;
    for (const Expected& article : matching) {
      if (!collapse || stories_seen.insert(article.story).second) expected.push_back(article.id);
    }
    for (bool estimate : {false, true}) {
      for (unsigned offset = 0; offset <= expected.size(); ++offset) {  // pages across every month's edge
        SearchRequest request;
        request.query = "report";
        request.sort = SortOrder::kDate;
        request.collapse = collapse;
        request.estimate = estimate;
        request.facets = {};
        request.offset = offset;
        request.limit = 7;
        std::vector<std::string> got;
        for (const SearchHit& hit : searcher.search(request).hits) got.push_back(hit.article.id);
        const auto from = expected.begin() + std::min<size_t>(offset, expected.size());
        const std::vector<std::string> want(from, from + std::min<size_t>(7, expected.end() - from));
        EXPECT_EQ(got, want) << "collapse " << collapse << ", estimate " << estimate << ", offset " << offset;
      }
    }
  }
}

// A relevance page shows each story once, as its best-ranked copy, with how many other copies
// match: every page must be the ranking of every copy with later copies dropped, whether the
// searcher folds copies itself (once it has read the index's columns) or Xapian collapses them.
// `sharded`: two lanes of shards of 20 articles.
void expect_pages_fold_each_story(bool sharded) {
  testing::TempDir dir;
  if (sharded) index::Indexer::create_sharded(dir.file("index"), {2, 20});
  {
    index::Indexer indexer(dir.file("index"));
    for (int story = 0; story < 30; ++story) {
      std::string text = "story" + std::to_string(story) + " filed";
      for (int i = 0; i <= story % 5; ++i) text += " report";  // ranks differ by story
      for (int i = 0; i < story % 4; ++i) text += " filler" + std::to_string(story) + "x" + std::to_string(i);
      for (int copy = 0; copy <= story % 7; ++copy) {  // one to seven copies, from different sources
        indexer.add(make("s" + std::to_string(story) + "c" + std::to_string(copy), "Story " + std::to_string(story),
                         text, {"GB"}, "politics", "2024-01-01T00:00:00Z", "Source " + std::to_string(copy)));
      }
    }
    indexer.commit();
  }
  Searcher searcher(dir.file("index"));
  SearchRequest every_copy;
  every_copy.query = "report";
  every_copy.collapse = false;
  every_copy.limit = 1000;
  every_copy.facets = {};
  std::vector<std::string> expected;
  std::map<std::string, unsigned> copies_of;  // story key -> matching copies
  std::map<std::string, std::string> story_of;
  for (const SearchHit& hit : searcher.search(every_copy).hits) {
    if (copies_of[hit.story_key]++ == 0) expected.push_back(hit.article.id);
    story_of[hit.article.id] = hit.story_key;
  }
  ASSERT_EQ(expected.size(), 30u) << "each story's copies share one key";
  for (int round = 0; round < 2; ++round) {  // the first search of a revision leaves it to Xapian
    for (bool estimate : {false, true}) {
      for (unsigned offset = 0; offset <= expected.size(); ++offset) {
        SearchRequest request;
        request.query = "report";
        request.estimate = estimate;
        request.facets = {};
        request.offset = offset;
        request.limit = 4;
        const SearchResponse response = searcher.search(request);
        if (!estimate) {
          EXPECT_EQ(response.total, 115u) << "every copy counts";  // (1+...+7) four times, 1, 2
        }
        std::vector<std::string> got;
        for (const SearchHit& hit : response.hits) {
          got.push_back(hit.article.id);
          if (!estimate) {
            EXPECT_EQ(hit.duplicates, copies_of[story_of[hit.article.id]] - 1) << hit.article.id;
          }
        }
        const auto from = expected.begin() + std::min<size_t>(offset, expected.size());
        const std::vector<std::string> want(from, from + std::min<size_t>(4, expected.end() - from));
        EXPECT_EQ(got, want) << "estimate " << estimate << ", offset " << offset;
      }
    }
  }
}

// Wire copies can fill the first ranks with one or two stories: the page still shows as many
// stories as it asks for, each once, with its copies counted.
TEST(StoryFolding, ACrowdOfCopiesStillGivesAFullPage) {
  testing::TempDir dir;
  {
    index::Indexer indexer(dir.file("index"));
    for (int story = 0; story < 3; ++story) {
      std::string text = "story" + std::to_string(story) + " wire";
      for (int i = 0; i < 3 - story; ++i) text += " report";  // story 0 ranks first, then 1, then 2
      for (int copy = 0; copy < 40; ++copy) {
        indexer.add(make("s" + std::to_string(story) + "c" + std::to_string(copy), "Story " + std::to_string(story),
                         text, {"GB"}, "politics", "2024-01-01T00:00:00Z", "Source " + std::to_string(copy)));
      }
    }
    indexer.commit();
  }
  Searcher searcher(dir.file("index"));
  for (int round = 0; round < 2; ++round) {  // the second with the columns read
    for (bool estimate : {false, true}) {
      SearchRequest request;
      request.query = "report";
      request.estimate = estimate;
      request.facets = {};
      request.limit = 3;
      const SearchResponse response = searcher.search(request);
      ASSERT_EQ(response.hits.size(), 3u) << "round " << round << ", estimate " << estimate;
      for (int story = 0; story < 3; ++story) {
        EXPECT_EQ(response.hits[story].article.id, "s" + std::to_string(story) + "c0");
        if (!estimate) {
          EXPECT_EQ(response.hits[story].duplicates, 39u);
        }
      }
    }
    // An estimated facet counts each article it saw once, however the page was folded.
    SearchRequest with_facet;
    with_facet.query = "report";
    with_facet.estimate = true;
    with_facet.facets = {Facet::kCountry};
    with_facet.limit = 3;
    const SearchResponse estimated = searcher.search(with_facet);
    ASSERT_EQ(estimated.facets.size(), 1u);
    ASSERT_EQ(estimated.facets[0].counts.size(), 1u);
    EXPECT_GT(estimated.facets[0].counts[0].count, 0u);
    EXPECT_LE(estimated.facets[0].counts[0].count, 120u) << "round " << round;
  }
}

TEST(StoryFolding, RelevancePagesShowEachStorysBestCopyWithItsCopies) { expect_pages_fold_each_story(false); }

TEST(StoryFolding, OverLocalShardsToo) { expect_pages_fold_each_story(true); }

TEST_F(SearcherTest, QueryLanguageFieldsMatchFoldedValues) {
  SearchRequest request;
  request.query = "country:Türkiye";
  EXPECT_EQ(search(request).total, 2u);
  request.query = "TÜRKİYE";
  EXPECT_EQ(search(request).total, 2u);
  request.query = "title:election";
  EXPECT_EQ(search(request).total, 1u);
  request.query = "gas -germany";
  EXPECT_EQ(search(request).total, 2u);
  request.query = "\"gas deal\"";
  EXPECT_EQ(search(request).total, 2u);
}

TEST_F(SearcherTest, HighlightsMatchesInHtmlSafeSnippets) {
  SearchRequest request;
  request.query = "turkiye";
  const SearchResponse response = search(request);
  ASSERT_FALSE(response.hits.empty());
  EXPECT_NE(response.hits[0].snippet.find("<b>Türkiye</b>"), std::string::npos) << response.hits[0].snippet;
}

TEST_F(SearcherTest, RelaxesToAnyWordWhenNothingHasEvery) {
  SearchRequest request;
  request.query = "election zebra";
  const SearchResponse response = search(request);
  EXPECT_TRUE(response.relaxed);
  EXPECT_EQ(response.total, 1u);
}

TEST_F(SearcherTest, RejectsBadQueriesAndFilters) {
  SearchRequest request;
  EXPECT_THROW(search(request), InputError);  // empty
  request.query = "country:Atlantis";
  EXPECT_THROW(search(request), InputError);
  request.query = "gas";
  request.topics = {"gossip"};
  EXPECT_THROW(search(request), InputError);
}

TEST_F(SearcherTest, FindsArticlesAndTheirCopiesById) {
  Searcher searcher(dir_.file("index"));
  ASSERT_TRUE(searcher.article("a1"));
  EXPECT_EQ(searcher.article("a1")->title, "Gas deal signed");
  EXPECT_FALSE(searcher.article("nope"));
  EXPECT_EQ(searcher.copies("a1"), std::vector<std::string>{"a4"});
}

TEST(ShardedIndex, ASearcherSeesTheShardsLanesStartAfterItOpened) {
  testing::TempDir dir;
  const std::string path = dir.file("archive");
  index::Indexer::create_sharded(path, {2, 3});
  Searcher searcher(path);  // kept open, as the HTTP server keeps its searchers
  SearchRequest request;
  request.query = "harbour";
  request.collapse = false;
  auto add_reports = [&](int first, int last) {
    index::Indexer indexer(path);
    for (int n = first; n < last; ++n) {
      indexer.add(make("h" + std::to_string(n), "Harbour report " + std::to_string(n),
                       "Ships waited at the harbour, report " + std::to_string(n) + ".", {"NL"},
                       "economy-business-finance", "2024-05-15T10:00:00Z"));
    }
    indexer.commit();
  };
  add_reports(0, 12);  // each lane past 3 articles: both start a second shard
  EXPECT_EQ(searcher.search(request).total, 12u);
  add_reports(12, 24);
  EXPECT_EQ(searcher.search(request).total, 24u) << "the articles of the shards started since the searcher opened";
  const std::string stub = testing::read_file(path + "/XAPIANDB");
  EXPECT_EQ(std::count(stub.begin(), stub.end(), '\n'), 6) << stub;
  request.facets = {Facet::kCountry};
  EXPECT_EQ(searcher.search(request).facets.at(0).counts.at(0).count, 24u) << "exact counts over every shard";
}

// A compaction deletes the folder it replaced, and the next one's copy is often given the freed
// inode: a reader must still tell the two apart, or an opening that straddles both swaps reads
// one database's roots in the other's files.
TEST(Compaction, AFolderMadeAgainAtItsPathIsAnotherFolder) {
  testing::TempDir dir;
  const std::string folder = dir.file("shard");
  std::filesystem::create_directory(folder);
  std::ofstream(folder + "/iamglass") << "first";
  const FolderIdentity first = folder_identity(folder);
  EXPECT_EQ(folder_identity(folder), first) << "unchanged, it is the same folder";
  bool same_inode_seen = false;
  for (int round = 0; round < 20; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // past the clock's granularity
    std::filesystem::remove_all(folder);
    std::filesystem::create_directory(folder);
    std::ofstream(folder + "/iamglass") << "again";
    const FolderIdentity again = folder_identity(folder);
    same_inode_seen = same_inode_seen || again.inode == first.inode;
    EXPECT_NE(again, first) << "round " << round;
  }
  if (!same_inode_seen) std::cout << "note: this file system did not reuse the inode\n";
  EXPECT_EQ(folder_identity(dir.file("missing")), FolderIdentity{});
}

// Every compacted copy starts again at revision 1, so Xapian's reopen() of a handle on the one
// before reads the new copy's version file but keeps the old tables, and cached blocks whose
// numbers mean other data in the copy: such a handle must be opened anew. A commit must not.
TEST(Compaction, AHandleReopenedAcrossACompactionIsOpenedAnew) {
  testing::TempDir dir;
  const std::string path = dir.file("index");
  const auto add_report = [&](int n) {
    index::Indexer indexer(path);
    indexer.add(make("r" + std::to_string(n), "Harbour report " + std::to_string(n), "Ships waited at the harbour.",
                     {"NL"}, "economy-business-finance", "2024-05-15T10:00:00Z"));
    indexer.commit();
  };
  add_report(0);
  index::compact_database(path, false);
  Xapian::Database handle = open_unswapped(path);
  ASSERT_EQ(handle.get_revision(), 1u);
  index::compact_database(path, false);
  ASSERT_EQ(Xapian::Database(path).get_revision(), handle.get_revision()) << "the case Xapian cannot tell";
  EXPECT_TRUE(reopen_unswapped(handle, path)) << "a copy swapped in since the handle was opened";
  EXPECT_EQ(handle.get_uuid(), Xapian::Database(path).get_uuid());
  const std::string compacted = handle.get_uuid();
  add_report(1);
  EXPECT_FALSE(reopen_unswapped(handle, path)) << "a commit: the same database, reopened";
  EXPECT_EQ(handle.get_uuid(), compacted);
  EXPECT_EQ(handle.get_doccount(), 2u);
}

// Compaction puts its copy in place by swapping folders; a searcher that opens or reopens the
// index at that moment must not read one database's roots in the other's files ("EOF reading
// block"), whether it was kept open (the HTTP server's) or is new.
TEST(Compaction, SearchesGoOnWhileCompactionsSwapTheIndexFolder) {
  testing::TempDir dir;
  const std::string path = dir.file("index");
  {
    index::Indexer indexer(path);
    for (int n = 0; n < 200; ++n) {
      indexer.add(make("c" + std::to_string(n), "Harbour report " + std::to_string(n),
                       "Ships waited at the harbour, report " + std::to_string(n) + ".", {"NL"},
                       "economy-business-finance", "2024-05-15T10:00:00Z"));
    }
    indexer.commit();
  }
  std::atomic<bool> compacting = true;
  std::thread compactions([&] {
    for (int round = 0; round < 150; ++round) index::compact_database(path, false);
    compacting = false;
  });
  SearchRequest request;
  request.query = "harbour";
  request.collapse = false;
  request.facets = {Facet::kCountry};
  Searcher kept_open(path);
  int searches = 0;
  std::vector<std::string> failures;
  while (compacting) {
    for (Searcher* searcher : {&kept_open, static_cast<Searcher*>(nullptr)}) {
      try {
        const SearchResponse response = searcher ? searcher->search(request) : Searcher(path).search(request);
        if (response.total != 200u) failures.push_back("total " + std::to_string(response.total));
      } catch (const std::exception& error) {
        failures.push_back(error.what());
      }
      ++searches;
    }
  }
  compactions.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << searches
                                << " searches failed, first: " << failures.front();
  EXPECT_GT(searches, 100);
}

TEST(Spelling, WordsTheIndexHasAreNotCorrected) {
  testing::TempDir dir;
  {
    index::Indexer indexer(dir.file("index"));
    for (int i = 0; i < 6; ++i) {
      indexer.add(make("as" + std::to_string(i), "Talks go on as planned " + std::to_string(i),
                       "The talks went on as planned, as officials said they would, as before.", {}, "politics",
                       "2024-05-15T10:00:00Z"));
    }
    indexer.add(make("gas", "Gas deal in Baku", "A gas deal was signed in Baku.", {"AZ"}, "economy-business-finance",
                     "2024-05-15T10:00:00Z"));
    indexer.commit();
  }
  Searcher searcher(dir.file("index"));
  SearchRequest request;
  request.query = "gas baku";  // one match, so spelling is consulted: "as" is near "gas" and far more common
  const SearchResponse found = searcher.search(request);
  EXPECT_EQ(found.total, 1u);
  EXPECT_FALSE(found.corrected_query) << *found.corrected_query;
  request.query = "gass baku";
  const SearchResponse misspelt = searcher.search(request);
  ASSERT_TRUE(misspelt.corrected_query);
  EXPECT_EQ(*misspelt.corrected_query, "gas baku") << "only the misspelt word changes";
}

TEST(RequestTypes, NamesOfSortOrdersAndFacets) {
  EXPECT_EQ(sort_from_name("relevance"), SortOrder::kRelevance);
  EXPECT_EQ(sort_from_name("date"), SortOrder::kDate);
  EXPECT_EQ(sort_from_name("recent"), SortOrder::kRecent);
  EXPECT_THROW(sort_from_name("Date"), InputError);
  EXPECT_EQ(facets_from_list("country,month"), (std::vector<Facet>{Facet::kCountry, Facet::kMonth}));
  EXPECT_TRUE(facets_from_list("").empty());
  for (Facet facet : {Facet::kCountry, Facet::kTopic, Facet::kSource, Facet::kLanguage, Facet::kMonth}) {
    EXPECT_EQ(facet_from_name(facet_name(facet)), facet);
  }
  try {
    facets_from_list("country,colour");
    ADD_FAILURE() << "an unknown facet was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("colour"), std::string::npos) << "the message names the bad value";
  }
}

TEST(RequestTypes, TimeBoundsTakeDatesAndSpans) {
  SearchRequest request;
  request.set_time_bounds("2022-09-01", "2022-09-30");
  EXPECT_EQ(format_rfc3339(*request.since), "2022-09-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(*request.until), "2022-09-30T23:59:59Z") << "an end date includes its whole day";
  request.set_time_bounds("7d", "");
  ASSERT_TRUE(request.since);
  EXPECT_FALSE(request.until);
  EXPECT_NEAR(std::chrono::duration<double>(now_utc() - *request.since).count(), 7 * 86400, 60);
  EXPECT_THROW(request.set_time_bounds("2022-10-01", "2022-09-01"), InputError) << "since after until";
  EXPECT_THROW(request.set_time_bounds("last tuesday", ""), InputError);
}

TEST(RequestTypes, ResponsesBecomeTheContractJson) {
  SearchResponse response;
  response.query = "gas";
  response.total = 3;
  SearchHit hit;
  hit.article.id = "a1";
  hit.article.title = "Gas deal";
  hit.article.countries = {{"AZ", 1.0}};
  hit.snippet = "<b>Gas</b> deal";
  hit.duplicates = 1;
  response.hits.push_back(hit);
  response.facets.push_back({Facet::kCountry, {{"AZ", 2, {}}}});
  const nlohmann::ordered_json json = to_json(response);
  EXPECT_EQ(json.at("total"), 3);
  EXPECT_TRUE(json.at("corrected_query").is_null());
  EXPECT_EQ(json.at("hits")[0].at("countries"), nlohmann::json::array({"AZ"}));
  EXPECT_TRUE(json.at("hits")[0].at("url").is_null()) << "absent fields are null, not empty strings";
  EXPECT_EQ(json.at("hits")[0].at("duplicates"), 1);
  EXPECT_EQ(json.at("facets").at("country")[0].at("count"), 2);
}

TEST(Searcher, ReportsAMissingIndex) {
  testing::TempDir dir;
  EXPECT_THROW(Searcher(dir.file("nothing")), RuntimeFailure);
}

}  // namespace
}  // namespace newsdex::search

namespace newsdex::search {
namespace {

// One wire story as three outlets run it: their own headline, byline and dateline, and a
// sentence of their own at the end.
TEST(NearDuplicates, ThreeCopiesOfAWireStoryCollapseIntoOneHit) {
  const std::string wire =
      "The central bank kept its main interest rate unchanged on Thursday, saying that inflation was still too high "
      "and that it would keep policy tight for as long as needed. The decision was expected by most economists, "
      "who had forecast no change after prices rose faster than planned in the spring. The currency was steady "
      "against the dollar after the announcement, and bond yields barely moved. The bank said it would publish "
      "new forecasts next month, when the government is also due to present its budget for the coming year.";
  testing::TempDir dir;
  {
    index::Indexer indexer(dir.file("index"));
    indexer.add(make("copy-a", "Central bank holds rates as inflation bites", "By Ayse Demir, Istanbul. " + wire,
                     {"TR"}, "economy-business-finance", "2024-02-22T11:00:00Z", "Wire A"));
    indexer.add(
        make("copy-b", "Rates unchanged at the central bank",
             "ANKARA (Business Desk) - " + wire + " Analysts at two banks said cuts could come late in the year.",
             {"TR"}, "economy-business-finance", "2024-02-22T11:20:00Z", "Wire B"));
    indexer.add(make("copy-c", "No change: bank keeps rates high", wire + " Reporting by the business team.", {"TR"},
                     "economy-business-finance", "2024-02-22T12:05:00Z", "Wire C"));
    indexer.add(make("other", "Bank opens new branch",
                     "A bank opened a new branch in the city centre on Thursday, "
                     "with longer hours for customers who work during the day and a cafe for those who wait, "
                     "the company said in a statement to the press.",
                     {"TR"}, "economy-business-finance", "2024-02-22T13:00:00Z"));
    indexer.commit();
  }
  SearchRequest request;
  request.query = "bank";
  const SearchResponse response = Searcher(dir.file("index")).search(request);
  EXPECT_EQ(response.total, 4u) << "total counts every copy";
  ASSERT_EQ(response.hits.size(), 2u);
  unsigned copies = 0;
  for (const SearchHit& hit : response.hits) copies += hit.duplicates;
  EXPECT_EQ(copies, 2u);
  EXPECT_EQ(Searcher(dir.file("index")).copies("copy-a").size(), 2u);

  request.collapse = false;
  EXPECT_EQ(Searcher(dir.file("index")).search(request).hits.size(), 4u);
}

// Different stories that share a stock phrase stay apart, however many there are: a phrase in
// common may give them the same smallest MinHash, never the same story.
TEST(NearDuplicates, DifferentStoriesWithAStockPhraseStayApart) {
  const std::vector<std::string> vocabulary = {
      "council", "harbour", "school",   "railway",  "hospital", "museum",  "bridge", "library",   "stadium",
      "airport", "market",  "factory",  "theatre",  "farm",     "court",   "prison", "mine",      "reservoir",
      "tunnel",  "park",    "river",    "mayor",    "workers",  "repairs", "budget", "engineers", "roof",
      "drains",  "storm",   "visitors", "teachers", "nurses",   "trains",  "delays", "tickets",   "shops",
      "prices",  "rain",    "police",   "judge",    "lawyers",  "farmers", "crops",  "cattle",    "miners",
      "pumps",   "lights",  "roads",    "buses",    "cyclists"};
  constexpr int kStories = 25;
  testing::TempDir dir;
  {
    index::Indexer indexer(dir.file("index"));
    std::mt19937 random(20240301);
    for (int n = 0; n < kStories; ++n) {
      std::string text;
      for (int word = 0; word < 60; ++word)
        text += vocabulary[random() % vocabulary.size()] + (word % 12 == 11 ? ". " : " ");
      text += "The officials said it was too early to say more at this stage.";  // the stock phrase
      indexer.add(make("story-" + std::to_string(n), "Story " + std::to_string(n), text, {"GB"}, "society",
                       "2024-03-01T10:00:00Z"));
    }
    indexer.commit();
  }
  SearchRequest request;
  request.query = "officials";
  request.limit = 100;
  const SearchResponse response = Searcher(dir.file("index")).search(request);
  EXPECT_EQ(response.total, static_cast<uint64_t>(kStories));
  EXPECT_EQ(response.hits.size(), static_cast<size_t>(kStories)) << "no story hides another";
}

}  // namespace
}  // namespace newsdex::search

namespace newsdex::search {
namespace {

// An index of articles in several languages, searched by query.
class Multilingual : public ::testing::Test {
 protected:
  // Indexes an article of `language` with `title` and `text`.
  void add(const std::string& id, const std::string& language, const std::string& title, const std::string& text) {
    if (!indexer_) indexer_.emplace(dir_.file("index"));
    Article article = make(id, title, text, {}, "politics", "2024-09-16T08:00:00Z", "Desk");
    article.language = language;
    indexer_->add(article);
  }

  SearchResponse search(const std::string& query, std::vector<std::string> languages = {}) {
    if (indexer_) {
      indexer_->commit();
      indexer_.reset();
    }
    SearchRequest request;
    request.query = query;
    request.languages = std::move(languages);
    return Searcher(dir_.file("index")).search(request);
  }

  // The ids of the articles a query finds, in id order.
  std::vector<std::string> found(const std::string& query) {
    std::vector<std::string> ids;
    for (const SearchHit& hit : search(query).hits) ids.push_back(hit.article.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  testing::TempDir dir_;
  std::optional<index::Indexer> indexer_;
};

using Ids = std::vector<std::string>;

TEST_F(Multilingual, ATurkishArticleIsFoundByAnotherInflectedForm) {
  add("tr-1", "tr", "Üniversitelerde yeni dönem", "Üniversitelerde yeni dönem pazartesi başlıyor.");
  add("en-1", "en", "Universities reopen", "Universities across the country reopen on Monday.");
  EXPECT_EQ(found("üniversitenin"), Ids{"tr-1"}) << "another case ending of the same noun";
  EXPECT_EQ(found("university"), Ids{"en-1"}) << "English stemming still serves English articles";
  EXPECT_EQ(search("universitelerde", {"tr"}).total, 1u) << "accents are still optional";
}

// Snowball's Turkish stemmer checks vowel harmony: the possessive of "programı" goes only with
// its ı, which folding had made an i. After a vowel the possessive is -sI, which it leaves on at
// the end of a word ("kasası" stems to "kasas", "kasa" to "kas").
TEST_F(Multilingual, TurkishPossessivesAreFoundByTheBareNoun) {
  add("tr-1", "tr", "Yeni dönem", "Hükümetin açıkladığı yeni ekonomi programı tartışılıyor. Belediye başkanı konuştu.");
  add("tr-2", "tr", "Hava durumu", "Yarın kıyılarda yağmur bekleniyor.");
  add("tr-3", "tr", "Seçim öncesi",
      "Muhalefet partisi, bölgesi için yeni bir sağlık kampanyası başlattı. Kıyısındaki köyler de katıldı.");
  for (const char* query : {"program", "başkan", "baskan"}) {
    EXPECT_EQ(found(query), Ids{"tr-1"}) << query;
  }
  for (const char* query : {"parti", "bölge", "bolge", "kampanya", "partisi"}) {
    EXPECT_EQ(found(query), Ids{"tr-3"}) << query;
  }
  EXPECT_EQ(found("kıyı"), (Ids{"tr-2", "tr-3"})) << "the possessive before a case ending and -ki";
  EXPECT_EQ(found("sağlık"), Ids{"tr-3"}) << "a word that is not a possessive keeps its stem";
  // Snowball takes the last letter of a bare noun ("bakan" to "baka") but not of the same noun
  // before a suffix ("bakanlar" to "bakan").
  add("tr-4", "tr", "Kabine toplandı", "Bakanlar depremlerin ardından takımlar kurdu.");
  for (const char* query : {"bakan", "deprem", "takım", "bakanlar"}) EXPECT_EQ(found(query), Ids{"tr-4"}) << query;
  const std::string snippet = search("parti").hits.at(0).snippet;
  EXPECT_NE(snippet.find("<b>partisi</b>"), std::string::npos) << "the word that holds the query's: " << snippet;
}

// The reverse: an inflected query finds the bare word. Folded first ("gemiler" is folded
// already, "köprüler" becomes "kopruler"), Snowball's Turkish stemmer leaves a word whose
// vowels it reads against harmony whole.
TEST_F(Multilingual, TurkishInflectedQueriesFindTheBareWord) {
  add("tr-1", "tr", "Ulaşım", "Şehrin yeni köprü ve tüneli bu yıl bitecek.");
  add("tr-2", "tr", "Liman", "Limanda bekleyen gemi sayısı azaldı.");
  add("en-1", "en", "Bridge works", "The old bridge reopens.");
  for (const char* query : {"köprü", "köprüler", "köprülerin", "köprüye", "tünelde"}) {
    EXPECT_EQ(found(query), Ids{"tr-1"}) << query;
  }
  EXPECT_EQ(found("gemiler"), Ids{"tr-2"}) << "the stem of the stem: Snowball takes \"gemi\" to \"ge\"";
  EXPECT_EQ(found("köprüler tünel"), Ids{"tr-1"}) << "every word, each in either form";
  EXPECT_EQ(found("\"yeni köprü\""), Ids{"tr-1"}) << "phrases as before";
}

// Nouns that change before an ending are found by either form: those that drop their last vowel
// ("şehir", "şehre"; "kayıt", "kaydı"), and those whose last consonant softens or doubles
// ("kanat", "kanadı"; "hak", "hakkında"). Words that only look so ("İsmail", "lütfen", the past
// tense "aldı") are not.
TEST_F(Multilingual, TurkishNounsThatChangeBeforeAnEndingAreFoundInEveryForm) {
  add("tr-a", "tr", "Göç",
      "Valilik şehre gelen ailelerin kaydını hızlandırdı. Oğlu için izni olmayanlar başvurabilir.");
  add("tr-b", "tr", "Belediye", "Şehir merkezinde yeni bir kayıt ofisi açıldı; nehir kıyısı düzenlenecek.");
  add("tr-c", "tr", "Hayvanat bahçesi",
      "Aslan İsmail Bey'in dikkatini çekti, bekçi lütfen yaklaşmayın dedi. Bakan ödülü aldı.");
  add("tr-d", "tr", "Kuşlar", "Kuşun kanadı kırıldı; hakkında bilgi yok, rengi de belli değil.");
  for (const char* query : {"şehir", "şehre", "sehir", "kayıt", "kaydı"}) {
    EXPECT_EQ(found(query), (Ids{"tr-a", "tr-b"})) << query;
  }
  for (const char* query : {"oğul", "izin"}) EXPECT_EQ(found(query), Ids{"tr-a"}) << query;
  EXPECT_EQ(found("nehri"), Ids{"tr-b"}) << "the inflected query finds the bare noun";
  for (const char* query : {"kanat", "hak", "renk", "kanatları"}) EXPECT_EQ(found(query), Ids{"tr-d"}) << query;
  add("tr-e", "tr", "Yeni şirket", "Girişimci geçen yıl bir şirket kurdu.");
  for (const char* query : {"isim", "lütuf", "alt", "Kürt"}) EXPECT_EQ(found(query), Ids{}) << query;
}

TEST_F(Multilingual, AzerbaijaniInflectedQueriesFindTheBareWord) {
  add("az-1", "az", "Nəqliyyat", "Şəhərdə yeni yol və tunel tikilir.");
  add("az-2", "az", "Hava", "Sabah yağış gözlənilir.");
  for (const char* query : {"yol", "yollar", "yolların", "tuneldə", "yollar tunel"}) {
    EXPECT_EQ(found(query), Ids{"az-1"}) << query;
  }
  EXPECT_TRUE(search("yollar dəniz").relaxed) << "every word still: dəniz is in neither";
}

// Azerbaijani nouns change before an ending as Turkish ones do: q softens to ğ ("bayrağı"), k to
// y ("çiçəyi"), and some drop their last vowel ("oğlu", "sinfi").
TEST_F(Multilingual, AzerbaijaniNounsThatChangeBeforeAnEndingAreFoundByTheBareNoun) {
  add("az-1", "az", "Məktəb", "Uşağın sinfi bayrağı qaldırdı, müəllimin oğlu çiçəyi gətirdi.");
  add("az-2", "az", "Bayram", "Meydanda yeni bayraq asıldı.");
  for (const char* query : {"uşaq", "sinif", "çiçək", "oğul"}) EXPECT_EQ(found(query), Ids{"az-1"}) << query;
  EXPECT_EQ(found("bayraq"), (Ids{"az-1", "az-2"}));
  EXPECT_EQ(found("bayrağı"), (Ids{"az-1", "az-2"})) << "the inflected query finds the bare noun";
}

// The k of -lik and -lük softens to y after i and ü too, and "our" and "your" are endings.
TEST_F(Multilingual, AzerbaijaniPossessivesAndSoftenedEndingsAreFoundByTheBareNoun) {
  add("az-1", "az", "Nazirliyin açıqlaması", "Təhsil nazirliyinin və birliyin nümayəndələri gözlüyü təqdim etdi.");
  add("az-2", "az", "Müəllimlərimiz", "Şəhərimizin müəllimləri kəndimizdə görüşdü.");
  for (const char* query : {"nazirlik", "birlik", "gözlük"}) EXPECT_EQ(found(query), Ids{"az-1"}) << query;
  for (const char* query : {"müəllim", "şəhər", "kənd"}) EXPECT_EQ(found(query), Ids{"az-2"}) << query;
}

TEST_F(Multilingual, TurkishNamesWithACaseEndingAreFoundByTheName) {
  add("tr-1", "tr", "Zirve yarın başlıyor", "Bakanlar İstanbul'da buluşacak, Ankara'nın önerisi masada.");
  add("tr-2", "tr", "Ticaret büyüyor", "Azerbaycan ile ticaret hacmi arttı.");
  add("en-1", "en", "Ferry timetable", "Ferries leave Izmir every hour.");
  for (const char* query : {"İstanbul", "Istanbul", "istanbul", "Ankara", "İstanbul'dan"}) {
    EXPECT_EQ(found(query), Ids{"tr-1"}) << query;
  }
  const std::string snippet = search("Istanbul").hits.at(0).snippet;
  EXPECT_NE(snippet.find("<b>İstanbul'da</b>"), std::string::npos) << snippet;
  EXPECT_EQ(found("Azerbaycan'da"), Ids{"tr-2"}) << "a case ending in the query finds the bare name";
}

TEST_F(Multilingual, AzerbaijaniCaseEndingsWithoutAnApostropheAreFoundByTheBareWord) {
  add("az-1", "az", "Gəncədə yeni stansiya", "Şəkinin və Naxçıvanın nümayəndələri Gəncədə görüşdü. Stansiyası açıldı.");
  add("az-2", "az", "İxrac artır", "Azərbaycanın məhsullarının ixracı Gürcüstana və İranla ticarətdə artıb.");
  add("en-1", "en", "Ganja", "A new station opened in Ganja.");
  for (const char* query : {"Gəncə", "Gence", "Şəki", "Naxçıvan", "stansiya"}) {
    EXPECT_EQ(found(query), Ids{"az-1"}) << query;
  }
  for (const char* query : {"Azərbaycan", "Azerbaycan", "məhsul", "Gürcüstan", "İran"}) {
    EXPECT_EQ(found(query), Ids{"az-2"}) << query;
  }
  EXPECT_EQ(found("Bakı"), Ids{}) << "no article names Baku";
}

// Snippets skip stemming the words that cannot stem to a query word: every inflected form,
// with a capital or a digit, must still be highlighted.
TEST_F(Multilingual, SnippetsHighlightEveryInflectedFormOfTheQueryWords) {
  add("en-1", "en", "Markets",
      "Pricing pressure grew. Fuel prices and the price of bread rose in 2024, studies found.");
  const std::string snippet = search("price study 2024").hits.at(0).snippet;
  for (const char* form : {"<b>Pricing</b>", "<b>prices</b>", "<b>price</b>", "<b>studies</b>", "<b>2024</b>"}) {
    EXPECT_NE(snippet.find(form), std::string::npos) << form << " in " << snippet;
  }
  EXPECT_EQ(snippet.find("<b>bread</b>"), std::string::npos) << snippet;
}

TEST_F(Multilingual, GermanCompoundsAreFoundByTheirParts) {
  add("de-1", "de", "Bundeskabinett beschließt Rettungspaket",
      "Der Gewerkschaftsbund kritisierte den Verkehrsminister scharf für die Pläne.");
  add("de-2", "de", "Das Wetter am Wochenende", "Morgen wird es sonnig und warm, am Sonntag regnet es.");
  for (const char* part : {"Kabinett", "Gewerkschaft", "Verkehr", "Paket", "Minister", "Rettung"}) {
    EXPECT_EQ(found(part), Ids{"de-1"}) << part;
  }
  EXPECT_EQ(found("Verkehrsministers"), Ids{"de-1"}) << "the compound itself, inflected";
  EXPECT_EQ(found("Schaft"), Ids{}) << "Gewerkschaft is not Gewerk + Schaft";
  add("de-3", "de", "Die Produktion steigt", "Die Konstruktion der weiteren Anlagen ist vergleichbar.");
  for (const char* ending : {"ion", "ren", "bar"}) EXPECT_EQ(found(ending), Ids{}) << ending << " is no part";
  EXPECT_EQ(found("\"Gewerkschaftsbund kritisierte\""), Ids{"de-1"});
  // Verbs are written in lower case: one that starts with a prefix is no compound of nouns.
  add("de-4", "de", "Neue Regeln", "Das Gesetz beinhaltet Vorgaben, und die Haushalte verbrauchen weniger Strom.");
  add("de-5", "de", "Neue Autos", "Die Autos sind umweltfreundlich.");
  for (const char* part : {"Bein", "haltet", "Verb", "rauchen"}) EXPECT_EQ(found(part), Ids{}) << part;
  EXPECT_EQ(found("Umwelt"), Ids{"de-5"}) << "a lower-case adjective still holds its noun";
}

TEST_F(Multilingual, ALastPartOfThreeLettersAndPartsWithLettersBeyondAscii) {
  add("de-1", "de", "Wohnungsbau stockt", "Der Bundesrat berät heute über die Lage.");
  add("sv-1", "sv", "Tåg stoppades", "Järnvägsstationen stängdes efter skogsbränderna.");
  add("no-1", "nb", "Lange køer", "Sykehuskøene vokser, og kjøpesenteret stengte tidlig.");
  for (const char* part : {"Wohnung", "Bau", "Rat"}) EXPECT_EQ(found(part), Ids{"de-1"}) << part;
  // A German noun of three letters is a last part without the s too.
  add("de-2", "de", "Neuer Wasserstoffzug", "Das Schwimmbad bleibt zu, sagte der Sprecher im Bürgeramt.");
  for (const char* part : {"Wasserstoff", "Zug", "Bad", "Amt", "Bürger"}) {
    EXPECT_EQ(found(part), Ids{"de-2"}) << part;
  }
  for (const char* part : {"järnväg", "station", "skog"}) EXPECT_EQ(found(part), Ids{"sv-1"}) << part;
  for (const char* part : {"sykehus", "senter"}) EXPECT_EQ(found(part), Ids{"no-1"}) << part;
  add("sv-2", "sv", "Bostadsmarknaden", "Priserna på bostadsmarknaden steg igen.");
  EXPECT_EQ(found("nåden"), Ids{}) << "marknaden is no compound of mark and nåden";
  EXPECT_EQ(found("marknaden"), Ids{"sv-2"});
}

TEST_F(Multilingual, CompoundsOfThreeWordsAreFoundByEachRunOfTheirParts) {
  add("de-1", "de", "Urteil aus Karlsruhe", "Das Bundesverfassungsgericht prüft das Klimaschutzgesetz.");
  add("de-2", "de", "Das Wetter am Wochenende", "Morgen wird es sonnig und warm, am Sonntag regnet es.");
  for (const char* part :
       {"Verfassungsgericht", "Verfassung", "Gericht", "Klimaschutz", "Klima", "Schutzgesetz", "Gesetz"}) {
    EXPECT_EQ(found(part), Ids{"de-1"}) << part;
  }
}

TEST_F(Multilingual, FrenchAndItalianWordsAreFoundWithoutTheirElidedArticle) {
  add("fr-1", "fr", "Santé publique", "La propagation de l'épidémie ralentit selon les autorités.");
  add("it-1", "it", "Traffico", "Chiusa l'uscita dell'autostrada per lavori.");
  add("en-1", "en", "Health", "The epidemic slowed down, officials said.");
  EXPECT_EQ(found("épidémie"), Ids{"fr-1"});
  EXPECT_EQ(found("epidemies"), Ids{"fr-1"}) << "accents optional, plural";
  EXPECT_EQ(found("uscita"), Ids{"it-1"});
  EXPECT_EQ(found("autostrada"), Ids{"it-1"});
  EXPECT_EQ(found("\"l'épidémie ralentit\""), Ids{"fr-1"}) << "a phrase with the elision";
}

TEST_F(Multilingual, ArabicAndHebrewWordsAreFoundWithoutTheirJoinedPrefixes) {
  add("ar-1", "ar", "جولة إقليمية", "زار الوزير بيروت والقاهرة هذا الأسبوع.");
  add("he-1", "he", "תקציב", "והממשלה אישרה בירושלים את התקציב.");
  add("en-1", "en", "Tour", "The minister visited Beirut and Cairo this week.");
  EXPECT_EQ(found("القاهرة"), Ids{"ar-1"}) << "و, and";
  EXPECT_EQ(found("ירושלים"), Ids{"he-1"}) << "ב, in";
  EXPECT_EQ(found("ממשלה"), Ids{"he-1"}) << "ו and ה, and the";
}

TEST_F(Multilingual, LettersWithAStrokeAreOptionalAsAccentsAre) {
  add("pl-1", "pl", "Powódź", "Powódź zalała ulice w Łodzi i Kłodzku.");
  add("da-1", "da", "Trafik", "Trafikken i København var tæt mandag.");
  EXPECT_EQ(found("Lodzi"), Ids{"pl-1"});
  EXPECT_EQ(found("Klodzku"), Ids{"pl-1"});
  EXPECT_EQ(found("Kobenhavn"), Ids{"da-1"});
}

TEST_F(Multilingual, SnippetsHighlightTheWordThatHoldsTheQueryWord) {
  add("de-1", "de", "Urteil", "Das Gericht prüft das Klimaschutzgesetz der Regierung.");
  add("az-1", "az", "Toplantı", "Nümayəndələr Bakıda görüşdü.");
  add("en-1", "en", "Ports", "The report on the port's support fund is out.");
  EXPECT_NE(search("Klimaschutz").hits.at(0).snippet.find("<b>Klimaschutzgesetz</b>"), std::string::npos);
  EXPECT_NE(search("Bakı").hits.at(0).snippet.find("<b>Bakıda</b>"), std::string::npos);
  const std::string english = search("port").hits.at(0).snippet;
  EXPECT_NE(english.find("<b>port's</b>"), std::string::npos) << english;
  EXPECT_EQ(english.find("<b>report</b>"), std::string::npos) << "English words hold no others: " << english;
}

TEST_F(Multilingual, DutchSwedishAndDanishCompoundsAreFoundByTheirParts) {
  add("nl-1", "nl", "Gemeenteraadsverkiezingen in maart",
      "Het aantal ziekenhuisopnames daalt en de woningmarkt blijft krap, zegt het kabinet.");
  add("sv-1", "sv", "Bostadsbristen i Stockholm", "Priserna på bostadsrätterna steg igen i höstas.");
  add("da-1", "da", "Sygehusvæsenet", "Regeringen vil bruge flere penge på sygehusvæsenet i år.");
  add("en-1", "en", "Housing", "The housing market in the city stayed tight this autumn.");
  for (const char* part : {"gemeenteraad", "verkiezingen", "ziekenhuis", "woning", "markt"}) {
    EXPECT_EQ(found(part), Ids{"nl-1"}) << part;
  }
  EXPECT_EQ(found("bostad"), Ids{"sv-1"});
  EXPECT_EQ(found("sygehus"), Ids{"da-1"});
  // Dutch writes verbs and nouns in lower case alike; a word that starts with an inseparable
  // prefix is not split just after it ("ver|klaarde", "ont|wikkeling", "on|geveer").
  add("nl-2", "nl", "Hulp", "De minister verklaarde dat de ontwikkelingshulp ongeveer gelijk blijft.");
  for (const char* part : {"ontwikkeling", "hulp"}) EXPECT_EQ(found(part), Ids{"nl-2"}) << part;
  for (const char* accident : {"klaarde", "wikkeling", "veer", "ster", "mini"}) {
    EXPECT_EQ(found(accident), Ids{}) << accident;
  }
}

// A first part may drop its word's last letter (German "Grenz|kontrollen" of Grenze, Swedish
// "arbet|s|marknaden" of arbete); Swedish definite nouns keep an ending Snowball does not strip
// ("kriget", "sjukhuset", "skolan"), alone or at the end of a compound.
TEST_F(Multilingual, FirstPartsWithoutTheirLastLetterAndSwedishDefiniteNouns) {
  add("de-1", "de", "Neue Regeln", "Die Grenzkontrollen und die Mietpreisbremse bleiben bis Juni.");
  add("de-2", "de", "Urteil", "Das Gericht traf eine Entscheidung über die Klage.");
  add("sv-1", "sv", "Arbetsmarknaden stärks", "Kriget och valet präglade året, och sjukhuset i skolan byggdes om.");
  for (const char* part : {"Grenze", "Kontrolle", "Miete", "Preis", "Bremse"}) EXPECT_EQ(found(part), Ids{"de-1"}) << part;
  EXPECT_EQ(found("Scheidung"), Ids{}) << "ent- is a prefix, not the word Ente";
  // A first part that is a compound itself splits too ("Grund|schul|lehrer"); a verb's stem and
  // its participle ending make no compound with "Ende" ("zunehm|ende").
  add("de-3", "de", "Streik", "Die Grundschullehrer streiken, die zunehmenden Proteste ebenso.");
  add("de-4", "de", "Feiertage", "Am Wochenende und zum Jahresende bleiben die Ämter zu.");
  for (const char* part : {"Schule", "Grund", "Lehrer"}) EXPECT_EQ(found(part), Ids{"de-3"}) << part;
  EXPECT_EQ(found("Ende"), Ids{"de-4"}) << "a participle is no compound";
  // A verb's stem before -ende with no link between is a participle too ("Reis|ende" of reisen:
  // travellers, not rice), while "Saison|ende" is a compound.
  add("de-5", "de", "Bahn", "Reisende warten zum Saisonende auf Anschlüsse.");
  EXPECT_EQ(found("Reis"), Ids{}) << "Reisende are no rice";
  EXPECT_EQ(found("Saison"), Ids{"de-5"});
  EXPECT_EQ(found("Ende"), (Ids{"de-4", "de-5"}));
  // A noun's genitive and "Ende" are no noun and the verb "sende": "Kriegs|ende".
  add("de-6", "de", "Gedenken", "Zum Kriegsende legten Veteranen Kränze nieder.");
  EXPECT_EQ(found("Krieg"), Ids{"de-6"});
  EXPECT_EQ(found("senden"), Ids{}) << "Kriegsende and Jahresende send nothing";
  EXPECT_EQ(found("Ende"), (Ids{"de-4", "de-5", "de-6"}));
  for (const char* word : {"arbete", "krig", "val", "hus", "sjukhus", "skola"}) EXPECT_EQ(found(word), Ids{"sv-1"}) << word;
  // The genitive's -s after a definite ending: "balansräkningens" is "balans" + "räkningens", not
  // "balansräkn" + "ingens" (nobody's).
  add("sv-3", "sv", "Bokslut", "Balansräkningens siffror granskas av revisorerna.");
  for (const char* part : {"balans", "räkning"}) EXPECT_EQ(found(part), Ids{"sv-3"}) << part;
  EXPECT_EQ(found("ingens"), Ids{});
  // Snowball takes an -s from the bare word only: "flygplatsen" keeps what "flygplats" loses.
  add("sv-2", "sv", "Dimma", "Flygplatsen i staden stängdes i morse.");
  EXPECT_EQ(found("flygplats"), Ids{"sv-2"});
}

// An s between two words is the next word's first letter after a word that takes no linking s
// ("Bahn|strecke": no "Bahns"; Danish "jernbane|strækningen": nouns in -e take none), and a link
// after one that always takes it ("Arbeits|tier"); German nouns of seven letters split ("Rat|haus");
// a Swedish definite noun's genitive meets the bare noun ("sjukhusets").
TEST_F(Multilingual, AnSIsALinkOrTheNextWordsFirstLetter) {
  add("de-1", "de", "Verkehr", "Die Bahnstrecke nach Köln bleibt gesperrt, die Baustelle ruht.");
  add("de-2", "de", "Zoo", "Das Arbeitstier zog den Karren vor das Rathaus.");
  add("da-1", "da", "Tog", "Jernbanestrækningen mellem Aarhus og Aalborg er spærret.");
  add("sv-1", "sv", "Vård", "Sjukhusets akutmottagning var överbelastad.");
  for (const char* part : {"Strecke", "Stelle", "Bahn"}) EXPECT_EQ(found(part), Ids{"de-1"}) << part;
  for (const char* accident : {"Recke", "Elle"}) EXPECT_EQ(found(accident), Ids{}) << accident;
  for (const char* part : {"Tier", "Haus", "Rat"}) EXPECT_EQ(found(part), Ids{"de-2"}) << part;
  EXPECT_EQ(found("Stier"), Ids{}) << "the s after Arbeit links";
  EXPECT_EQ(found("strækning"), Ids{"da-1"});
  EXPECT_EQ(found("trækning"), Ids{}) << "a draw";
  EXPECT_EQ(found("sjukhus"), Ids{"sv-1"});
  // Weekdays hold other words by history only: "Freitag" is no "frei", "Dienstag" no "dienen".
  add("de-3", "de", "Termine", "Am Freitag und am Dienstagabend tagt der Rat.");
  EXPECT_EQ(found("frei"), Ids{});
  EXPECT_EQ(found("dienen"), Ids{});
  EXPECT_EQ(found("Abend"), Ids{"de-3"});
}

// A Scandinavian definite noun, or a compound's last part, meets its bare noun when the word list
// holds it, which Snowball leaves on short words ("veien", "bron"); a first part has three letters, not three bytes
// ("kø" is no part of "København"), but for the short ones that start many compounds ("by", "Öl"); and a last part has
// three letters only after a link or when it is a noun that ends many compounds.
TEST_F(Multilingual, DefiniteNounsAndShortFirstParts) {
  add("nb-1", "nb", "Trafikk", "Motorveien mellom Oslo og Drammen stenges, og oljearbeiderne streiker.");
  add("sv-1", "sv", "Trafik", "Järnvägsbron över älven ska rivas.");
  add("da-1", "da", "København", "Byrådet i København vedtog budgettet.");
  add("de-1", "de", "Energie", "Der Ölpreis stieg am Montag deutlich.");
  for (const char* word : {"vei", "motor", "arbeider"}) EXPECT_EQ(found(word), Ids{"nb-1"}) << word;
  EXPECT_EQ(found("bro"), Ids{"sv-1"});
  EXPECT_EQ(found("råd"), Ids{"da-1"});
  for (const char* accident : {"ben", "havn"}) EXPECT_EQ(found(accident), Ids{}) << accident;
  EXPECT_EQ(found("Preis"), Ids{"de-1"});
  // Nouns of three letters that end many compounds ("snel|weg", "polis|bil").
  add("nl-1", "nl", "Klimaat", "De nieuwe klimaatwet is aangenomen.");
  add("sv-2", "sv", "Polisen", "En polisbil kolliderade med en buss i natt.");
  add("da-2", "da", "Strejke", "Havnearbejderne strejker fra mandag.");
  EXPECT_EQ(found("wet"), Ids{"nl-1"});
  EXPECT_EQ(found("bil"), Ids{"sv-2"});
  EXPECT_EQ(found("arbejder"), Ids{"da-2"});
  EXPECT_EQ(found("hav"), Ids{}) << "havne- is the harbour's first part, not the sea's definite plural";
}

// Snowball's Danish and Norwegian stemmers take one ending too ("ministeren" is "minister",
// "minister" "minist"); "el" (electricity) starts Scandinavian compounds; Dutch plurals change
// their last consonant ("prijzen", "huizen"), and "kind" links with -er- ("kinderopvang").
TEST_F(Multilingual, ScandinavianDefiniteNounsAndDutchPluralsMeetTheirBareWords) {
  add("no-1", "no", "Regjeringen", "Statsministeren møtte den ukrainske presidenten i Kyiv.");
  add("da-1", "da", "Energi", "Elpriserne er faldet markant i løbet af foråret.");
  add("nl-1", "nl", "Zorg", "Drie gewonden werden naar ziekenhuizen gebracht; de energieprijzen dalen.");
  add("nl-2", "nl", "Gezinnen", "Ouders betalen straks minder voor kinderopvang.");
  EXPECT_EQ(found("minister"), Ids{"no-1"});
  EXPECT_EQ(found("pris"), Ids{"da-1"});
  for (const char* word : {"ziekenhuis", "prijs"}) EXPECT_EQ(found(word), Ids{"nl-1"}) << word;
  for (const char* part : {"kind", "opvang"}) EXPECT_EQ(found(part), Ids{"nl-2"}) << part;
  EXPECT_EQ(found("erop"), Ids{}) << "kind-er-opvang, not kind + erop + vang";
  // A noun and its definite ending split only where the noun does: "regeringen" is no "reger" +
  // "ingen" (nobody), "fredagen" (the Friday) no "fred" (peace) + "agen".
  add("sv-3", "sv", "Presskonferens", "Regeringen höll en presskonferens på fredagen om sjukhuset.");
  for (const char* accident : {"ingen", "fred", "agen"}) EXPECT_EQ(found(accident), Ids{}) << accident;
  for (const char* word : {"regering", "fredag", "hus", "konferens"}) EXPECT_EQ(found(word), Ids{"sv-3"}) << word;
}

// Links and endings that change a part's letters: Swedish "gat-u-" of gata, a Dutch consonant
// doubled before a link ("zonne|panelen"), the German feminine plural ("Ärztinnen"), a Danish
// path ("cykel|sti").
TEST_F(Multilingual, PartsWhoseLettersChangeInACompoundMeetTheirBareWords) {
  add("sv-1", "sv", "Ny gatubelysning", "Kommunen byter gatubelysningen i centrum.");
  add("nl-1", "nl", "Energie", "Steeds meer huishoudens leggen zonnepanelen op het dak.");
  add("de-1", "de", "Gesundheit", "Die Kinderärztinnen fordern mehr Geld von den Krankenkassen.");
  add("da-1", "da", "Trafik", "Kommunen anlægger en ny cykelsti langs havnen.");
  for (const char* part : {"gata", "belysning"}) EXPECT_EQ(found(part), Ids{"sv-1"}) << part;
  EXPECT_EQ(found("zon"), Ids{"nl-1"});
  for (const char* word : {"Ärztin", "Kinderärztin"}) EXPECT_EQ(found(word), Ids{"de-1"}) << word;
  for (const char* part : {"cykel", "sti"}) EXPECT_EQ(found(part), Ids{"da-1"}) << part;
}

// Chinese and Japanese write no spaces between words: a word must be found inside a longer run,
// and only where it stands.
TEST_F(Multilingual, ChineseAndJapaneseWordsAreFoundInsideLongerRuns) {
  add("zh-1", "zh", "科技新闻", "这家民营企业去年推出了一款家用机器人，销量很好。");
  add("zh-2", "zh", "国际新闻", "巴西总统周二访问了北京，双方签署了贸易协议。");
  add("zh-3", "zh", "突发新闻", "昨晚该地区发生了强烈地震，造成多人受伤。");
  add("ja-1", "ja", "経済", "政府は国内の半導体工場に補助金を出すと発表した。");
  add("ja-2", "ja", "防災", "気象庁は沿岸部に津波注意報を出した。");
  add("ko-1", "ko", "경제", "한국의 수출이 크게 늘었다.");
  EXPECT_EQ(found("机器人"), Ids{"zh-1"});
  EXPECT_EQ(found("民营"), Ids{"zh-1"});
  EXPECT_EQ(found("巴西"), Ids{"zh-2"});
  EXPECT_EQ(found("地震"), Ids{"zh-3"});
  EXPECT_EQ(found("半導体"), Ids{"ja-1"});
  EXPECT_EQ(found("津波"), Ids{"ja-2"});
  EXPECT_EQ(found("한국"), Ids{"ko-1"}) << "a Korean name before its case particle";
  EXPECT_EQ(found("机器人 民营"), Ids{"zh-1"});
  EXPECT_EQ(found("\"强烈地震\""), Ids{"zh-3"});
  EXPECT_EQ(found("\"民营企业\""), Ids{"zh-1"});
  EXPECT_EQ(found("\"地震强烈\""), Ids{}) << "a phrase holds its words in their order";
  EXPECT_EQ(found("\"机器 民营\""), Ids{});
  const std::string snippet = search("津波").hits.at(0).snippet;
  EXPECT_NE(snippet.find("<b>津波</b>"), std::string::npos) << snippet;
}

// Kana's voicing marks are letters of the word, not accents: a bus is no passport.
TEST_F(Multilingual, KanaVoicingMarksTellWordsApart) {
  add("ja-1", "ja", "旅行", "パスポートの申請件数が前年の二倍に増えた。");
  add("ja-2", "ja", "交通", "市内のバス路線が来月から再編される。");
  add("ja-3", "ja", "保険", "マイナンバーカードと保険証が一体化される。");
  EXPECT_EQ(found("バス"), Ids{"ja-2"});
  EXPECT_EQ(found("パスポート"), Ids{"ja-1"});
  EXPECT_EQ(found("カード"), Ids{"ja-3"});
  EXPECT_EQ(found("ガード"), Ids{});
}

// Thai, Lao, Khmer and Myanmar write no spaces between words either: their words are those of
// ICU's dictionaries, found inside a run, a run typed whole is a phrase, and snippets highlight
// the word without adding spaces to the text.
TEST_F(Multilingual, ThaiAndKhmerWordsAreFoundInsideLongerRuns) {
  add("th-1", "th", "การเมือง", "นายกรัฐมนตรีเดินทางไปกรุงโตเกียวเพื่อหารือเรื่องการค้ากับญี่ปุ่น");
  add("th-2", "th", "ภัยพิบัติ", "เกิดแผ่นดินไหวรุนแรงในภาคเหนือของประเทศไทยเมื่อเช้าวันนี้");
  add("km-1", "km", "សេដ្ឋកិច្ច", "រដ្ឋាភិបាលកម្ពុជាបានប្រកាសផែនការសេដ្ឋកិច្ចថ្មី");
  EXPECT_EQ(found("ญี่ปุ่น"), Ids{"th-1"});
  EXPECT_EQ(found("แผ่นดินไหว"), Ids{"th-2"});
  EXPECT_EQ(found("ประเทศไทย"), Ids{"th-2"}) << "two words typed together";
  EXPECT_EQ(found("ไทยประเทศ"), Ids{}) << "... are a phrase, in their order";
  EXPECT_EQ(found("“ภาคเหนือ”"), Ids{"th-2"}) << "in curly quotes";
  EXPECT_EQ(found("ภาคเหนือ NEAR แผ่นดินไหว"), Ids{"th-2"}) << "beside NEAR, not quoted";
  EXPECT_EQ(found("การค้า ญี่ปุ่น"), Ids{"th-1"});
  add("th-3", "th", "พลังงาน", "ราคาน้ำมันดีเซลปรับขึ้นอีกครั้งในสัปดาห์นี้");
  EXPECT_EQ(found("น้ำมัน"), Ids{"th-3"}) << "ำ, which folding decomposes, read as the indexer read it";
  EXPECT_EQ(found("ราคาน้ำมัน"), Ids{"th-3"});
  EXPECT_EQ(search("น้ำตก").corrected_query, std::nullopt) << "no Thai word is a misspelling of a shorter one";
  EXPECT_EQ(found("title:การเมือง"), Ids{"th-1"});
  EXPECT_EQ(found("กัมพูชา"), Ids{}) << "Thai for Cambodia is not the Khmer word";
  EXPECT_EQ(found("កម្ពុជា"), Ids{"km-1"});
  add("km-2", "km", "ទេសចរណ៍", "ភ្ញៀវទេសចរជាច្រើនមកលេងខេត្តសៀមរាបរៀងរាល់ឆ្នាំ");
  EXPECT_EQ(found("សៀមរាប"), Ids{"km-2"}) << "ICU's dictionary holds ខេត្តសៀមរាប (Siem Reap province) as one word";
  add("km-3", "km", "អាកាសធាតុ", "ភ្លៀងធ្លាក់ខ្លាំងនៅភ្នំពេញ\u200Bថ្ងៃនេះ");
  EXPECT_EQ(found("ភ្នំពេញ"), Ids{"km-3"}) << "a zero-width space between words is a break";
  const std::string snippet = search("แผ่นดินไหว").hits.at(0).snippet;
  EXPECT_NE(snippet.find("<b>แผ่นดินไหว</b>รุนแรง"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find(' '), std::string::npos) << "no space added between words: " << snippet;
}

// Two words that only touch make no word: 市长 (mayor) is not in 南京市|长江大桥 (the Nanjing
// Yangtze River Bridge), but is in 南京|市长 (Nanjing's mayor); a phrase across the boundary, and
// a word inside a longer one (南京 in 南京市), still match.
TEST_F(Multilingual, CharactersOfTwoTouchingChineseWordsAreNoWord) {
  add("zh-1", "zh", "交通", "南京市长江大桥今天正式通车。");
  add("zh-2", "zh", "会议", "南京市长在会上发表讲话。");
  add("ja-1", "ja", "天気", "強い地震が東北地方を襲った。");
  EXPECT_EQ(found("市长"), Ids{"zh-2"});
  EXPECT_EQ(found("长江"), Ids{"zh-1"});
  EXPECT_EQ(found("南京"), (Ids{"zh-1", "zh-2"}));
  EXPECT_EQ(found("\"南京市长江大桥\""), Ids{"zh-1"});
  EXPECT_EQ(found("长江大桥"), Ids{"zh-1"});
  EXPECT_EQ(found("地震"), Ids{"ja-1"});
  EXPECT_EQ(found("東北"), Ids{"ja-1"});
}

// A word of three characters is its characters in order, not its pairs anywhere in the article.
TEST_F(Multilingual, ALongerChineseOrJapaneseWordIsFoundOnlyWhole) {
  add("zh-1", "zh", "交通", "市民骑自行车上班的人越来越多。");
  add("zh-2", "zh", "交通安全", "请注意行车安全，是否出行由各人自行决定。");
  add("ja-1", "ja", "都政", "東京都の知事が新しい計画を発表した。");
  add("ja-2", "ja", "旅行", "東京から京都まで新幹線で移動した。");
  EXPECT_EQ(found("自行车"), Ids{"zh-1"}) << "zh-2 has 自行 and 行车, apart";
  EXPECT_EQ(found("東京都"), Ids{"ja-1"}) << "ja-2 has 東京 and 京都, apart";
  EXPECT_EQ(found("骑自行车上班"), Ids{"zh-1"}) << "a run of words: each whole";
  EXPECT_EQ(found("出行决定"), Ids{}) << "up to four characters: together";
  EXPECT_EQ(found("交通 -骑自行车上班"), Ids{"zh-2"}) << "the sign excludes the whole run";
  add("ja-3", "ja", "喫茶", "駅前の喫茶店でコーヒーを飲んだ。");
  add("ja-4", "ja", "家電", "コストを抑えたヒーターが人気だ。");
  EXPECT_EQ(found("コーヒー"), Ids{"ja-3"}) << "ー is a letter of the word";
  EXPECT_EQ(found("title:交通安全"), Ids{"zh-2"});
}

// A word's characters in order across a boundary the indexer read between two words are no
// word: 研究生 (graduate student) is not in 研究|生命 (research life), 京都市 (Kyoto) not in
// 東京|都市|大学 (Tokyo City University).
TEST_F(Multilingual, AChineseOrJapaneseWordAcrossTwoWordsIsNoWord) {
  add("zh-1", "zh", "教育", "他是北京大学的研究生，今年夏天毕业。");
  add("zh-2", "zh", "科学", "科学家正在研究生命的起源和演化。");
  add("ja-1", "ja", "地域", "京都市で国際会議が開かれた。");
  add("ja-2", "ja", "大学", "東京都市大学の研究チームが新素材を開発した。");
  EXPECT_EQ(found("研究生"), Ids{"zh-1"});
  EXPECT_EQ(found("京都市"), Ids{"ja-1"});
  EXPECT_EQ(found("研究 生命"), Ids{"zh-2"});
  EXPECT_EQ(found("\"研究生\""), (Ids{"zh-1", "zh-2"})) << "quoted by the user: the characters in order";
  EXPECT_EQ(found("研究生 NEAR 毕业"), Ids{"zh-1"}) << "beside NEAR, the word alone";
  EXPECT_EQ(found("研究生 OR 国際会議"), (Ids{"ja-1", "zh-1"}));
  EXPECT_NO_THROW(found("研究生)")) << "a stray bracket is forgiven, as in any other query";
  EXPECT_EQ(found("“北京大学的研究生”"), Ids{"zh-1"}) << "in curly quotes, the user's own phrase";
  EXPECT_EQ(found("“研究生”"), (Ids{"zh-1", "zh-2"}));
}

}  // namespace
}  // namespace newsdex::search

namespace newsdex::search {
namespace {

// A count by hand over every matching article, as the facets must give it.
std::map<std::string, uint64_t> counted_by_hand(const SearchResponse& every_match, Facet facet) {
  std::map<std::string, uint64_t> counts;
  for (const SearchHit& hit : every_match.hits) {
    const Article& a = hit.article;
    switch (facet) {
      case Facet::kCountry:
        for (const auto& code : a.countries) ++counts[code.code];
        break;
      case Facet::kTopic:
        for (const auto& code : a.topics) ++counts[code.code];
        break;
      case Facet::kSource: ++counts[a.source]; break;
      case Facet::kLanguage: ++counts[a.language]; break;
      case Facet::kMonth: ++counts[format_month(*a.published)]; break;
    }
  }
  return counts;
}

std::map<std::string, uint64_t> as_map(const FacetResult& result) {
  std::map<std::string, uint64_t> counts;
  for (const FacetCount& count : result.counts) counts[count.value] = count.count;
  return counts;
}

// A process that searches an index again counts from its facet columns (facet_columns.h), the
// first search of a revision with Xapian's spies: both equal a count by hand, and a commit
// between searches is counted at once. `sharded`: two lanes of shards of 20 articles, so that
// commits both fill shards and start new ones.
void expect_facet_columns_count_by_hand(bool sharded) {
  testing::TempDir dir;
  if (sharded) index::Indexer::create_sharded(dir.file("index"), {2, 20});
  const char* places[] = {"AZ", "TR", "JP", "KE", "NO"};
  const char* topics[] = {"sport", "politics", "economy-business-finance"};
  auto add_articles = [&](int from, int to) {
    index::Indexer indexer(dir.file("index"));
    for (int n = from; n < to; ++n) {
      std::vector<std::string> countries = {places[n % 5]};
      if (n % 3 == 0) countries.push_back(places[(n / 3) % 5]);
      if (countries.size() == 2 && countries[0] == countries[1]) countries.pop_back();
      indexer.add(make("n" + std::to_string(n), "Trade report " + std::to_string(n), "Trade talks went on.", countries,
                       topics[n % 3], n % 2 ? "2022-08-10T10:00:00Z" : "2022-09-10T10:00:00Z",
                       n % 4 ? "Desk" : "Wire"));
    }
    indexer.commit();
  };
  add_articles(0, 60);
  Searcher searcher(dir.file("index"));
  auto check = [&](SearchRequest request, const std::string& what) {
    request.collapse = false;
    for (int pass = 0; pass < 2; ++pass) {  // the second at a revision reads the columns
      const SearchResponse response = searcher.search(request);
      SearchRequest every = request;
      every.limit = 1000;
      every.facets = {};
      // Each facet ignores its own filter: count by hand over the matches without it.
      for (const FacetResult& facet : response.facets) {
        SearchRequest without = every;
        if (facet.facet == Facet::kCountry) without.countries.clear();
        if (facet.facet == Facet::kTopic) without.topics.clear();
        if (facet.facet == Facet::kSource) without.sources.clear();
        EXPECT_EQ(as_map(facet), counted_by_hand(searcher.search(without), facet.facet))
            << what << ", pass " << pass << ", facet " << facet_name(facet.facet);
      }
      EXPECT_EQ(response.total, searcher.search(every).hits.size()) << what;
    }
  };
  SearchRequest plain;
  plain.query = "trade";
  check(plain, "a query");
  SearchRequest filtered = plain;
  filtered.countries = {"AZ", "JP"};
  filtered.topics = {"sport"};
  check(filtered, "two filters");
  add_articles(60, 90);  // a commit: the next searches count the new articles too
  check(plain, "after a commit");
  check(filtered, "filters after a commit");
  EXPECT_EQ(searcher.search(plain).total, 90u);
}

// A stub the searcher cannot read shard by shard (a line with no path) is left to Xapian, whose
// error names it: no crash.
TEST(ShardedIndex, AStubWithAnEmptyShardLineIsAnError) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.file("index"));
  std::ofstream(dir.file("index") + "/XAPIANDB") << "auto \n";
  EXPECT_THROW(Searcher{dir.file("index")}, RuntimeFailure);
}

TEST(FacetColumns, CountLikeTheStockSpiesAndFollowCommits) { expect_facet_columns_count_by_hand(false); }

TEST(FacetColumns, CountLikeTheStockSpiesOverLocalShards) { expect_facet_columns_count_by_hand(true); }

}  // namespace
}  // namespace newsdex::search
