// End to end: crawling feeds from a real HTTP server on loopback.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "loopback_server.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

const std::vector<std::string> kSampleFeeds = {"world-desk.rss", "science-notes.atom", "market-wire.rss"};

size_t items_in(const std::string& path) {
  const ProcessResult parsed = run_process({kIndexProgram, "parse", path, "--json"});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
  return nlohmann::json::parse(parsed.out)["items"].size();
}

TEST(Crawl, IndexesEveryItemAndReportsBrokenFeedsWithoutStopping) {
  LoopbackServer server;
  server.serve_directory("/feeds", kSamplesDir);
  server.serve("/broken.rss", read_file(std::string(kFixturesDir) + "/malformed_beyond_repair.rss"));
  Programs programs;

  size_t expected = 0;
  std::vector<std::string> urls;
  for (const std::string& name : kSampleFeeds) {
    urls.push_back(server.url("/feeds/" + name));
    expected += items_in(std::string(kSamplesDir) + "/" + name);
  }
  const std::string missing = server.url("/feeds/missing.rss");
  const std::string broken = server.url("/broken.rss");
  // The broken feeds go first: a failure must not stop the feeds after it.
  for (const std::string& url : {missing, broken}) urls.insert(urls.begin(), url);
  for (const std::string& url : urls) {
    const ProcessResult added = programs.index({"feeds", "add", url});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  EXPECT_EQ(programs.article_count(), 0u) << "feeds add must not fetch";

  // Some feeds failed: exit 3 for cron to notice, each failure one stderr line, one summary.
  const ProcessResult crawl = programs.index({"crawl"});
  EXPECT_EQ(crawl.exit_code, 3) << crawl.err;
  EXPECT_NE(crawl.out.find("5 feeds fetched, 0 not modified, 2 failed, " + std::to_string(expected) + " new articles"),
            std::string::npos)
      << crawl.out;
  EXPECT_EQ(line_count(crawl.out), 1u) << "not a terminal: only the summary\n" << crawl.out;
  EXPECT_NE(crawl.err.find(missing), std::string::npos) << crawl.err;
  EXPECT_NE(crawl.err.find("404"), std::string::npos) << crawl.err;
  EXPECT_NE(crawl.err.find(broken), std::string::npos) << crawl.err;
  EXPECT_EQ(line_count(crawl.err), 2u) << crawl.err;
  EXPECT_EQ(programs.article_count(), expected);

  const ProcessResult listed = programs.index({"feeds", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  for (const auto& feed : nlohmann::json::parse(listed.out)) {
    const bool failing = feed["url"] == missing || feed["url"] == broken;
    EXPECT_EQ(feed["last_error"].is_null(), !failing) << feed.dump();
    EXPECT_EQ(feed["failures"], failing ? 1 : 0) << feed.dump();
    if (feed["url"] == missing) {
      EXPECT_EQ(feed["last_status"], 404);
    }
    EXPECT_FALSE(feed["next_due"].is_null());
  }

  // A second pass over every feed finds the same articles and adds no copies.
  EXPECT_EQ(programs.index({"crawl", "--all"}).exit_code, 3);
  EXPECT_EQ(programs.article_count(), expected);
  const nlohmann::json found = programs.search_json({"earthquake", "--country", "JP"});
  EXPECT_EQ(found["total"], 1) << found.dump();
}

TEST(Crawl, SearchAnswersWhileTheIndexerHoldsTheWriteLock) {
  LoopbackServer server;
  server.serve_directory("/feeds", kSamplesDir);
  std::mutex mutex;
  std::condition_variable changed;
  bool fetching = false, released = false;
  server.server().Get("/slow.rss", [&](const httplib::Request&, httplib::Response& response) {
    std::unique_lock lock(mutex);
    fetching = true;
    changed.notify_all();
    changed.wait_for(lock, std::chrono::seconds(30), [&] { return released; });
    response.set_content(read_file(std::string(kSamplesDir) + "/market-wire.rss"), "application/rss+xml");
  });
  Programs programs;
  ASSERT_EQ(programs.index({"add", std::string(kSamplesDir) + "/world-desk.rss"}).exit_code, 0);
  ASSERT_EQ(programs.index({"feeds", "add", server.url("/slow.rss")}).exit_code, 0);

  auto crawl = std::async(std::launch::async, [&] { return programs.index({"crawl"}); });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(30), [&] { return fetching; }));
  }
  // The crawl now holds the write lock: a second writer is turned away, readers are not.
  const ProcessResult second_writer = programs.index({"add", std::string(kSamplesDir) + "/science-notes.atom"});
  const ProcessResult reader = programs.search({"heatwave", "--json"});
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  changed.notify_all();
  EXPECT_EQ(second_writer.exit_code, 3) << second_writer.err;
  EXPECT_NE(second_writer.err.find("another newsdex-index"), std::string::npos) << second_writer.err;
  EXPECT_EQ(reader.exit_code, 0) << reader.err;
  EXPECT_EQ(nlohmann::json::parse(reader.out)["total"], 1);
  EXPECT_EQ(crawl.get().exit_code, 0);
  EXPECT_GT(programs.search_json({"oil"})["total"], 0);
}

TEST(Crawl, RefusesToSubscribeToWhatIsNotHttp) {
  Programs programs;
  const ProcessResult result = programs.index({"feeds", "add", "file:///etc/passwd"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("file:///etc/passwd"), std::string::npos);
}

}  // namespace
}  // namespace newsdex::testing

namespace newsdex::testing {
namespace {

TEST(FeedList, ASourceIsNamedByTheFeedsTitleNotAFileNameInTheList) {
  LoopbackServer server;
  server.serve("/nyt.xml", "<rss version=\"2.0\"><channel><title>Harbour Times</title>" +
                               desk_item("a", "Port reopens", "Wed, 14 Sep 2022 09:00:00 GMT", "The port reopened.") +
                               "</channel></rss>");
  Programs programs;
  const std::string opml = programs.dir().file("subscriptions.opml");
  write_file(opml, "<opml version=\"1.0\"><body><outline text=\"FeedReader_Rss20NYTimes.xml\" xmlUrl=\"" +
                       server.url("/nyt.xml") + "\"/></body></opml>");
  ASSERT_EQ(programs.index({"feeds", "import", opml}).exit_code, 0);
  const ProcessResult crawl = programs.index({"crawl"});
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  const nlohmann::json sources = programs.search_json({"values", "source"});
  ASSERT_EQ(sources["values"].size(), 1u) << sources.dump();
  EXPECT_EQ(sources["values"][0]["value"], "Harbour Times");
}

TEST(FeedList, OpmlImportFilesFoldersAndCategoriesAndExportRoundTrips) {
  Programs programs;
  const std::string opml = programs.dir().file("subscriptions.opml");
  write_file(opml, R"(<?xml version="1.0"?><opml version="1.0"><head><title>t</title></head><body>
<outline text="Azerbaijan"><outline text="Azernews" type="rss" xmlUrl="https://azernews.example/rss"/>
<outline text="Sport desk" title="Sport desk" xmlUrl="https://sport.example/rss" category="/sport"/>
<outline text="Baku"><outline text="city.xml" xmlUrl="https://baku.example/rss"/></outline></outline>
<outline text="Not a web feed" xmlUrl="file:///etc/passwd"/></body></opml>)");
  const ProcessResult imported = programs.index({"feeds", "import", opml});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("3 feeds subscribed"), std::string::npos) << imported.out;
  EXPECT_NE(imported.err.find("file:///etc/passwd"), std::string::npos) << imported.err;
  EXPECT_EQ(programs.article_count(), 0u) << "importing never fetches";

  const ProcessResult exported = programs.index({"feeds", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  Programs other;
  const std::string copy = other.dir().file("copy.opml");
  write_file(copy, exported.out);
  ASSERT_EQ(other.index({"feeds", "import", copy}).exit_code, 0);
  const auto listed = nlohmann::json::parse(other.index({"feeds", "list", "--json"}).out);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0]["url"], "https://azernews.example/rss");
  EXPECT_EQ(listed[0]["country"], "AZ");  // from the folder's name
  EXPECT_EQ(listed[0]["title"], "Azernews") << "an outline's text stands in for the feed's title";
  EXPECT_TRUE(listed[0]["name"].is_null()) << "only a title attribute names the source";
  EXPECT_EQ(listed[0]["folder"], "Azerbaijan") << "folders survive export and import";
  EXPECT_EQ(listed[1]["url"], "https://baku.example/rss");
  EXPECT_EQ(listed[1]["folder"], "Azerbaijan/Baku");
  EXPECT_EQ(listed[2]["name"], "Sport desk");
  EXPECT_EQ(listed[2]["topic"], "sport");
  EXPECT_EQ(listed[2]["country"], "AZ");
  EXPECT_NE(exported.out.find("<outline text=\"Baku\" title=\"Baku\">"), std::string::npos) << exported.out;

  const ProcessResult not_opml = programs.index({"feeds", "import", std::string(kFixturesDir) + "/not_a_feed.html"});
  EXPECT_EQ(not_opml.exit_code, 2);
  EXPECT_EQ(line_count(not_opml.err), 1u) << not_opml.err;
}

}  // namespace
}  // namespace newsdex::testing

namespace newsdex::testing {
namespace {

// Searches run over and over while a crawl commits feed after feed in another process: every
// one answers (exit 0, or 1 before the first commit), and totals only grow.
TEST(Crawl, SearchesKeepAnsweringWhileACrawlCommits) {
  constexpr int kFeeds = 24, kItems = 30;
  LoopbackServer server;
  Programs programs;
  serve_and_subscribe_wire_feeds(server, programs, kFeeds, kItems, std::chrono::milliseconds(150));
  auto crawl = std::async(std::launch::async, [&] { return programs.index({"crawl", "--all", "--jobs", "1"}); });
  uint64_t last_total = 0;
  int searches = 0;
  while (crawl.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
    const ProcessResult result = programs.search({"markets", "--no-collapse", "--json"});
    ++searches;
    ASSERT_TRUE(result.exit_code == 0 || result.exit_code == 1) << "search " << searches << ": " << result.err;
    const uint64_t total = nlohmann::json::parse(result.out)["total"];
    EXPECT_GE(total, last_total);
    last_total = total;
  }
  EXPECT_EQ(crawl.get().exit_code, 0);
  EXPECT_GT(searches, 3) << "the searches did not overlap the crawl";
  EXPECT_EQ(programs.search_json({"markets", "--no-collapse"})["total"], kFeeds * kItems);
}

}  // namespace
}  // namespace newsdex::testing
