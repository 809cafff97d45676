// Crash safety: a crawl killed with SIGKILL at any moment and run again ends with every article
// exactly once, the same set as a crawl that was never interrupted.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "loopback_server.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

constexpr int kFeeds = 40;
constexpr int kItemsPerFeed = 25;

std::string generated_feed(int feed) {
  std::string xml =
      "<rss version=\"2.0\"><channel><title>Feed " + std::to_string(feed) + "</title><language>en</language>";
  for (int item = 0; item < kItemsPerFeed; ++item) {
    const std::string id = std::to_string(feed) + "-" + std::to_string(item);
    xml += "<item><title>Story " + id + " about markets and elections</title><link>http://crash.example/" + id +
           "</link><description>The text of story " + id + ", long enough to index.</description></item>";
  }
  return xml + "</channel></rss>";
}

void serve_feeds(LoopbackServer& server) {
  for (int feed = 0; feed < kFeeds; ++feed) {
    server.server().Get("/feed" + std::to_string(feed) + ".rss", [feed](const httplib::Request&, httplib::Response& r) {
      std::this_thread::sleep_for(std::chrono::milliseconds(15));  // spread the crawl out in time
      r.set_content(generated_feed(feed), "application/rss+xml");
    });
  }
}

// In one OPML import: a process start of the writer each would be most of this test's time in
// the sanitizer build.
void subscribe_all(const Programs& programs, const LoopbackServer& server) {
  std::string opml = "<opml version=\"2.0\"><body>";
  for (int feed = 0; feed < kFeeds; ++feed) {
    opml +=
        "<outline type=\"rss\" text=\"Feed\" xmlUrl=\"" + server.url("/feed" + std::to_string(feed) + ".rss") + "\"/>";
  }
  write_file(programs.dir().file("feeds.opml"), opml + "</body></opml>");
  const ProcessResult imported = programs.index({"feeds", "import", programs.dir().file("feeds.opml")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  ASSERT_EQ(nlohmann::json::parse(programs.index({"feeds", "list", "--json"}).out).size(), size_t{kFeeds});
}

// Every article id in the index, as a list (so that a duplicate would show).
std::vector<std::string> article_ids(const Programs& programs) {
  const ProcessResult result = programs.search({"--lang", "en", "--no-collapse", "--limit", "10000", "--jsonl"});
  // Exit 1 is "no match": a crawl killed before its first commit leaves no article.
  EXPECT_TRUE(result.exit_code == 0 || (result.exit_code == 1 && result.out.empty())) << result.err;
  std::vector<std::string> ids;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) ids.push_back(nlohmann::json::parse(line)["id"]);
  return ids;
}

// Run on a single database and on an index of two lanes, where a crawl's articles land in both
// lanes, each starting a new shard every 100 articles (kills land between those steps too), and
// its feed state in the bookkeeping database beside them.
class CrashSafety : public ::testing::TestWithParam<bool> {
 protected:
  static void make_index(const Programs& programs) {
    if (!GetParam()) return;
    write_file(programs.dir().file("empty.jsonl"), "");
    ASSERT_EQ(programs.index({"import", programs.dir().file("empty.jsonl"), "--shards", "2", "--shard-size", "100"})
                  .exit_code,
              0);
  }
};

INSTANTIATE_TEST_SUITE_P(Layouts, CrashSafety, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Sharded" : "OneDatabase"; });

TEST_P(CrashSafety, KilledCrawlsRerunToExactlyTheUninterruptedResult) {
  LoopbackServer server;
  serve_feeds(server);

  Programs reference;
  make_index(reference);
  subscribe_all(reference, server);
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult uninterrupted = reference.index({"crawl", "--all", "--jobs", "4"});
  ASSERT_EQ(uninterrupted.exit_code, 0) << uninterrupted.err;
  const auto crawl_time = std::chrono::steady_clock::now() - started;
  const std::vector<std::string> expected_list = article_ids(reference);
  const std::set<std::string> expected(expected_list.begin(), expected_list.end());
  ASSERT_EQ(expected.size(), static_cast<size_t>(kFeeds * kItemsPerFeed));

  Programs crashed;
  make_index(crashed);
  subscribe_all(crashed, server);
  bool killed_mid_crawl = false;
  // Kill at several points of a crawl as long as the uninterrupted one (whatever this build's speed).
  for (int percent : {15, 35, 55, 75, 90}) {
    const std::string errors = crashed.dir().file("crawl-errors.txt");
    BackgroundProcess crawl({kIndexProgram, "--db", crashed.database(), "crawl", "--all", "--jobs", "4"}, "/dev/null",
                            errors);
    std::this_thread::sleep_for(crawl_time * percent / 100);
    crawl.kill();
    const int status = crawl.wait();
    EXPECT_TRUE(status == 128 + 9 || status == 0) << "killed, or finished just before: " << status << "\n"
                                                  << read_file(errors);
    // Whatever was committed is there, whole, and readable.
    const std::vector<std::string> partial = article_ids(crashed);
    EXPECT_EQ(std::set<std::string>(partial.begin(), partial.end()).size(), partial.size());
    EXPECT_LE(partial.size(), expected.size());
    killed_mid_crawl = killed_mid_crawl || (!partial.empty() && partial.size() < expected.size());
  }
  EXPECT_TRUE(killed_mid_crawl) << "no kill landed while articles were being indexed";
  const ProcessResult finish = crashed.index({"crawl", "--all", "--jobs", "4"});
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  const std::vector<std::string> final_list = article_ids(crashed);
  EXPECT_EQ(std::set<std::string>(final_list.begin(), final_list.end()), expected);
  EXPECT_EQ(final_list.size(), expected.size()) << "an article appears twice";
  EXPECT_EQ(crashed.article_count(), expected.size());
}

}  // namespace
}  // namespace newsdex::testing
