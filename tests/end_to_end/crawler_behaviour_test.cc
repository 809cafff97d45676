// The crawler against a loopback server that misbehaves the ways publishers do: each test
// asserts what a user sees (feeds list --json, articles in the index, stderr, exit code).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "loopback_server.h"
#include "newsdex/time.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

std::string small_feed(const std::string& title, int items, const std::string& extra_channel = "") {
  std::string feed = "<rss version=\"2.0\"><channel><title>" + title + "</title>" + extra_channel;
  for (int i = 0; i < items; ++i) {
    feed += "<item><title>" + title + " story " + std::to_string(i) + "</title><link>http://news.example/" + title +
            "/" + std::to_string(i) + "</link><description>Text of story " + std::to_string(i) +
            "</description></item>";
  }
  return feed + "</channel></rss>";
}

class CrawlerBehaviour : public ::testing::Test {
 protected:
  void subscribe(const std::string& path) {
    const ProcessResult added = programs_.index({"feeds", "add", server_.url(path)});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  // A crawl of every feed, within the bounds for hostile input (2 GiB, 20 s: run_bounded).
  ProcessResult crawl(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {kIndexProgram, "--db", programs_.database(), "crawl", "--all"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_bounded(args);
  }
  nlohmann::json feed_state(const std::string& path) {
    const ProcessResult listed = programs_.index({"feeds", "list", "--json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    for (const auto& feed : nlohmann::json::parse(listed.out)) {
      if (feed["url"] == server_.url(path)) return feed;
    }
    return nullptr;
  }
  static long seconds_until(const nlohmann::json& time) {
    const auto due = newsdex::parse_rfc3339(time.get<std::string>());
    return static_cast<long>((*due - newsdex::now_utc()).count());
  }

  LoopbackServer server_;
  Programs programs_;
};

TEST_F(CrawlerBehaviour, ConditionalGetTurnsAnUnchangedFeedIntoA304) {
  std::atomic<int> full = 0, conditional = 0;
  server_.server().Get("/feed.rss", [&](const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("If-None-Match") == "\"v1\"") {
      ++conditional;
      response.status = 304;
      return;
    }
    ++full;
    response.set_header("ETag", "\"v1\"");
    response.set_content(small_feed("etag", 3), "application/rss+xml");
  });
  subscribe("/feed.rss");
  ASSERT_EQ(crawl().exit_code, 0);
  const ProcessResult second = crawl();
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("1 feeds fetched, 1 not modified"), std::string::npos) << second.out;
  EXPECT_EQ(full, 1);
  EXPECT_EQ(conditional, 1);
  EXPECT_EQ(feed_state("/feed.rss")["last_status"], 304);
  EXPECT_EQ(programs_.article_count(), 3u);
}

TEST_F(CrawlerBehaviour, LastModifiedAloneAlsoEarnsA304) {
  const std::string stamp = "Tue, 20 Sep 2022 13:14:00 GMT";
  std::atomic<int> parsed_bodies = 0;
  server_.server().Get("/dated.rss", [&](const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("If-Modified-Since") == stamp) {
      response.status = 304;
      return;
    }
    ++parsed_bodies;
    response.set_header("Last-Modified", stamp);
    response.set_content(small_feed("dated", 2), "application/rss+xml");
  });
  subscribe("/dated.rss");
  ASSERT_EQ(crawl().exit_code, 0);
  EXPECT_EQ(crawl().exit_code, 0);
  EXPECT_EQ(parsed_bodies, 1);
  EXPECT_EQ(feed_state("/dated.rss")["last_status"], 304);
}

TEST_F(CrawlerBehaviour, PermanentRedirectMovesTheSubscription) {
  server_.server().Get("/old.rss",
                       [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/middle.rss", 301); });
  server_.server().Get("/middle.rss",
                       [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/new.rss", 308); });
  server_.serve("/new.rss", small_feed("moved", 2));
  server_.server().Get("/temporary.rss",
                       [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/new.rss", 302); });
  subscribe("/old.rss");
  subscribe("/temporary.rss");
  const ProcessResult result = crawl();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(feed_state("/old.rss").is_null());
  EXPECT_FALSE(feed_state("/new.rss").is_null()) << "a 301/308 chain moves the feed to its new URL";
  EXPECT_FALSE(feed_state("/temporary.rss").is_null()) << "a 302 keeps the subscribed URL";
  EXPECT_EQ(programs_.article_count(), 2u);
}

TEST_F(CrawlerBehaviour, RedirectLoopsAndOtherSchemesFailTheFeedOnly) {
  server_.server().Get("/loop.rss",
                       [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/loop.rss", 302); });
  server_.server().Get(
      "/file.rss", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("file:///etc/passwd", 302); });
  server_.serve("/fine.rss", small_feed("fine", 2));
  for (const char* path : {"/loop.rss", "/file.rss", "/fine.rss"}) subscribe(path);
  const ProcessResult result = crawl();
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find(server_.url("/loop.rss")), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(server_.url("/file.rss")), std::string::npos) << result.err;
  EXPECT_EQ(programs_.article_count(), 2u);
  EXPECT_EQ(result.out.find("passwd"), std::string::npos);
  // The status the server last sent is kept, and the reason is said in newsdex's words.
  const auto to_file = feed_state("/file.rss");
  EXPECT_EQ(to_file["last_status"], 302) << to_file;
  EXPECT_NE(to_file["last_error"].get<std::string>().find("HTTP 302 redirects to a URL that is not http or https"),
            std::string::npos)
      << to_file;
  EXPECT_EQ(to_file["last_error"].get<std::string>().find("libcurl"), std::string::npos) << to_file;
  const auto loop = feed_state("/loop.rss");
  EXPECT_EQ(loop["last_status"], 302) << loop;
  EXPECT_NE(loop["last_error"].get<std::string>().find("more than 5 redirects"), std::string::npos) << loop;
}

TEST_F(CrawlerBehaviour, RetryAfterSetsTheNextAttempt) {
  server_.server().Get("/busy.rss", [](const httplib::Request&, httplib::Response& r) {
    r.status = 429;
    r.set_header("Retry-After", "7200");
  });
  server_.server().Get("/down.rss", [](const httplib::Request&, httplib::Response& r) {
    r.status = 503;
    r.set_header("Retry-After", "3600");
  });
  server_.server().Get("/gone.rss", [](const httplib::Request&, httplib::Response& r) { r.status = 410; });
  for (const char* path : {"/busy.rss", "/down.rss", "/gone.rss"}) subscribe(path);
  EXPECT_EQ(crawl().exit_code, 3);
  const auto busy = feed_state("/busy.rss");
  EXPECT_EQ(busy["last_status"], 429);
  EXPECT_NE(busy["last_error"].get<std::string>().find("429"), std::string::npos);
  EXPECT_NEAR(seconds_until(busy["next_due"]), 7200, 60);
  EXPECT_NEAR(seconds_until(feed_state("/down.rss")["next_due"]), 3600, 60);
  const auto gone = feed_state("/gone.rss");
  EXPECT_EQ(gone["failures"], 1);
  EXPECT_TRUE(gone["enabled"]) << "failures never disable a feed";

  EXPECT_EQ(crawl().exit_code, 3);  // --all asks again; failures count up, backoff stays capped
  EXPECT_EQ(feed_state("/gone.rss")["failures"], 2);
  EXPECT_LE(seconds_until(feed_state("/gone.rss")["next_due"]), 24 * 3600 * 12 / 10);
}

TEST_F(CrawlerBehaviour, OversizedSlowAndBrokenBodiesFailCleanly) {
  server_.serve("/huge.rss", std::string(2u << 20, ' ') + small_feed("huge", 1));
  server_.server().Get("/slow.rss", [](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    r.set_content(small_feed("slow", 1), "application/rss+xml");
  });
  server_.server().Get("/dropped.rss", [](const httplib::Request&, httplib::Response& r) {
    r.set_content_provider(100000, "application/rss+xml", [](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset > 0) return false;  // hang up after the first chunk
      const std::string start = "<rss version=\"2.0\"><channel><title>dropped</title>";
      sink.write(start.data(), start.size());
      return true;
    });
  });
  server_.serve("/fine.rss", small_feed("fine", 2));
  for (const char* path : {"/huge.rss", "/slow.rss", "/dropped.rss", "/fine.rss"}) subscribe(path);
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult result = crawl({"--max-size", "1", "--timeout", "1"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find(server_.url("/huge.rss") + ": body larger than"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(server_.url("/slow.rss")), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(server_.url("/dropped.rss")), std::string::npos) << result.err;
  EXPECT_EQ(programs_.article_count(), 2u);
}

// Servers built to hurt a crawler, with the crawler's defaults: each fails its own feed with a
// line naming it, the crawl ends within 20 s in 2 GiB of address space, and the good feed is in.
TEST_F(CrawlerBehaviour, HostileServersFailTheirOwnFeedOnly) {
  const std::string bomb = gzipped_zeros(1024);  // 1 GB once decoded
  server_.server().Get("/bomb.rss", [&](const httplib::Request&, httplib::Response& r) {
    r.set_header("Content-Encoding", "gzip");
    r.set_content(bomb, "application/rss+xml");
  });
  server_.server().Get("/endless.rss", [](const httplib::Request&, httplib::Response& r) {
    r.set_chunked_content_provider("application/rss+xml", [](size_t offset, httplib::DataSink& sink) {
      const std::string chunk =
          offset == 0 ? "<rss version=\"2.0\"><channel><title>endless" : std::string(64 << 10, ' ');
      return sink.write(chunk.data(), chunk.size());
    });
  });
  server_.server().Get("/trickle.rss", [](const httplib::Request&, httplib::Response& r) {
    r.set_chunked_content_provider("application/rss+xml", [](size_t, httplib::DataSink& sink) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      return sink.write(" ", 1);  // slowloris: two bytes a second, for ever
    });
  });
  server_.serve("/fine.rss", small_feed("fine", 2));
  for (const char* path : {"/bomb.rss", "/endless.rss", "/trickle.rss", "/fine.rss"}) subscribe(path);
  const ProcessResult result = crawl();
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find(server_.url("/bomb.rss") + ": body larger than"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(server_.url("/endless.rss") + ": body larger than"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(server_.url("/trickle.rss") + ": too slow"), std::string::npos) << result.err;
  EXPECT_EQ(programs_.article_count(), 2u);
}

TEST_F(CrawlerBehaviour, GzipBodiesAreRead) {
  server_.serve("/gz.rss", small_feed("gzip", 40));  // cpp-httplib compresses for curl's Accept-Encoding
  subscribe("/gz.rss");
  EXPECT_EQ(crawl().exit_code, 0);
  EXPECT_EQ(programs_.article_count(), 40u);
}

TEST_F(CrawlerBehaviour, TheFeedsOwnScheduleIsRespected) {
  server_.serve("/daily.rss", small_feed("daily", 1, "<ttl>1440</ttl>"));
  server_.server().Get("/cached.rss", [](const httplib::Request&, httplib::Response& r) {
    r.set_header("Cache-Control", "public, max-age=7200");
    r.set_content(small_feed("cached", 1), "application/rss+xml");
  });
  subscribe("/daily.rss");
  subscribe("/cached.rss");
  EXPECT_EQ(crawl().exit_code, 0);
  EXPECT_NEAR(seconds_until(feed_state("/daily.rss")["next_due"]), 24 * 3600, 60);
  EXPECT_NEAR(seconds_until(feed_state("/cached.rss")["next_due"]), 7200, 60);
  const ProcessResult due_only = programs_.index({"crawl"});
  EXPECT_NE(due_only.out.find("0 feeds fetched"), std::string::npos) << "nothing is due yet: " << due_only.out;
}

TEST_F(CrawlerBehaviour, UpdatedArticlesReplaceAndVanishedOnesStay) {
  std::atomic<int> version = 1;
  server_.server().Get("/changing.rss", [&](const httplib::Request&, httplib::Response& r) {
    std::string feed =
        "<rss version=\"2.0\"><channel><title>changing</title>"
        "<item><title>Kept story</title><link>http://news.example/kept</link><description>" +
        std::string(version == 1 ? "first draft" : "corrected text") + "</description></item>";
    if (version == 1) feed += "<item><title>Dropped story</title><link>http://news.example/dropped</link></item>";
    r.set_content(feed + "</channel></rss>", "application/rss+xml");
  });
  subscribe("/changing.rss");
  ASSERT_EQ(crawl().exit_code, 0);
  version = 2;
  const ProcessResult second = crawl();
  EXPECT_NE(second.out.find("0 new articles, 1 updated"), std::string::npos) << second.out;
  EXPECT_EQ(programs_.article_count(), 2u);
  EXPECT_EQ(programs_.search_json({"corrected"})["total"], 1);
  EXPECT_EQ(programs_.search_json({"draft"})["total"], 0);
}

}  // namespace
}  // namespace newsdex::testing

namespace newsdex::testing {
namespace {

// A server whose /slow*.rss answers take `delay` each; `answered` (optional) counts the answers.
void serve_slow_feeds(LoopbackServer& server, int feeds, std::chrono::milliseconds delay,
                      std::atomic<int>* answered = nullptr) {
  for (int i = 0; i < feeds; ++i) {
    server.server().Get("/slow" + std::to_string(i) + ".rss",
                        [i, delay, answered](const httplib::Request&, httplib::Response& r) {
                          std::this_thread::sleep_for(delay);
                          r.set_content(small_feed("slow" + std::to_string(i), 2), "application/rss+xml");
                          if (answered) ++*answered;
                        });
  }
}

TEST(CrawlControl, SigtermStopsAfterTheFeedInHandAndKeepsItsWork) {
  LoopbackServer server;
  std::atomic<int> answered = 0;
  serve_slow_feeds(server, 20, std::chrono::milliseconds(200), &answered);
  Programs programs;
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(programs.index({"feeds", "add", server.url("/slow" + std::to_string(i) + ".rss")}).exit_code, 0);
  BackgroundProcess crawl({kIndexProgram, "--db", programs.database(), "crawl", "--jobs", "1"});
  // Signalled once a few feeds are in hand: a fixed delay could end before the first on a
  // loaded machine (the sanitizer build starts slowly).
  for (int waited = 0; waited < 3000 && answered < 3; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_GE(answered, 3);
  const auto signalled = std::chrono::steady_clock::now();
  crawl.kill(SIGTERM);
  EXPECT_EQ(crawl.wait(), 0) << "a clean stop, not a crash";
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(2));
  const uint64_t articles = programs.article_count();
  EXPECT_GT(articles, 0u);
  EXPECT_LT(articles, 40u) << "it stopped early";
  EXPECT_EQ(articles % 2, 0u) << "whole feeds only";
  // The feeds it did not reach are still due: the next crawl fetches them.
  EXPECT_EQ(programs.index({"crawl"}).exit_code, 0);
  EXPECT_EQ(programs.article_count(), 40u);
}

TEST(CrawlControl, ASecondCrawlWaitsWithWaitAndOtherwiseSaysWhy) {
  // The first crawl's feed is answered only once the second crawl has been refused: with fixed
  // delays, under the sanitizers on a loaded machine, the first crawl could finish before the
  // second started (both load the tagger first), or start after it.
  std::atomic<bool> asked = false, answer = false;
  LoopbackServer server;
  server.server().Get("/held.rss", [&](const httplib::Request&, httplib::Response& response) {
    asked = true;
    for (int waited = 0; waited < 6000 && !answer; ++waited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    response.set_content(small_feed("held", 2), "application/rss+xml");
  });
  server.serve("/quick.rss", small_feed("quick", 3));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", server.url("/held.rss")}).exit_code, 0);
  BackgroundProcess first({kIndexProgram, "--db", programs.database(), "crawl"});
  for (int waited = 0; waited < 6000 && !asked; ++waited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(asked) << "the first crawl never asked for its feed";
  const ProcessResult refused = programs.index({"crawl"});
  answer = true;
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("another newsdex-index"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--wait"), std::string::npos) << refused.err;
  const ProcessResult waited = programs.index({"crawl", "--wait", "--all"});
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
  EXPECT_EQ(first.wait(), 0);
  EXPECT_EQ(programs.article_count(), 2u);
}

TEST(CrawlControl, DisabledFeedsAreKeptButNotFetched) {
  LoopbackServer server;
  std::atomic<int> requests = 0;
  server.server().Get("/paused.rss", [&](const httplib::Request&, httplib::Response& r) {
    ++requests;
    r.set_content(small_feed("paused", 1), "application/rss+xml");
  });
  Programs programs;
  const std::string url = server.url("/paused.rss");
  ASSERT_EQ(programs.index({"feeds", "add", url}).exit_code, 0);
  ASSERT_EQ(programs.index({"feeds", "disable", url}).exit_code, 0);
  EXPECT_EQ(programs.index({"crawl", "--all"}).exit_code, 0);
  EXPECT_EQ(requests, 0);
  EXPECT_FALSE(nlohmann::json::parse(programs.index({"feeds", "list", "--json"}).out)[0]["enabled"]);
  ASSERT_EQ(programs.index({"feeds", "enable", url}).exit_code, 0);
  EXPECT_EQ(programs.index({"crawl"}).exit_code, 0);
  EXPECT_EQ(requests, 1);
  EXPECT_EQ(programs.index({"feeds", "disable", "http://never.example/rss"}).exit_code, 2);
}

}  // namespace
}  // namespace newsdex::testing
