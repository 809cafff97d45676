// `newsdex-search serve`: every endpoint and error path over real HTTP on loopback, and the
// same JSON as the command line for the same request.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>

#include "loopback_server.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

std::string feed(const std::string& name, const std::string& items) {
  return "<rss version=\"2.0\"><channel><title>" + name + "</title><language>en</language>" + items +
         "</channel></rss>";
}

const std::string kWireStory =
    "Azerbaijan and Turkiye signed a memorandum on cooperation in the space sector in Baku on Tuesday, "
    "covering satellites, launch services, training of engineers and the exchange of research data between "
    "the two national space agencies over the next five years.";

class HttpApi : public ::testing::Test {
 protected:
  void SetUp() override {
    add_feed("desk.rss",
             feed("Desk", desk_item("space-mou", "Azerbaijan and Turkiye sign space memorandum",
                                    "Tue, 20 Sep 2022 13:14:00 GMT", kWireStory) +
                              desk_item("harbour", "Harbour cranes idle as dockers strike in Hamburg",
                                        "Mon, 05 Sep 2022 09:00:00 GMT",
                                        "Dockers at the harbour in Hamburg, Germany stopped work over pay.") +
                              desk_item("volcano", "Volcano erupts on Iceland's coast", "Tue, 11 Oct 2022 09:00:00 GMT",
                                        "A volcano erupted in Iceland overnight, sending ash over fishing villages.")));
    add_feed("wire.rss",
             feed("Wire", desk_item("wire-space", "Space deal for Azerbaijan and Turkiye",
                                    "Tue, 20 Sep 2022 15:00:00 GMT", kWireStory + " Reporting by the wire desk.")));
    server_ = std::make_unique<ServedIndex>(programs_);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_url_encode(false);  // the targets below are written encoded, '+' for a space as browsers send it
    client_->set_read_timeout(std::chrono::seconds(20));
  }

  void add_feed(const std::string& name, const std::string& content) {
    write_file(programs_.dir().file(name), content);
    const ProcessResult added = programs_.index({"add", programs_.dir().file(name)});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  // GETs `target`, expects `status` and a JSON body, and returns it.
  nlohmann::json get_json(const std::string& target, int status = 200) {
    const auto response = client_->Get(target);
    EXPECT_TRUE(response) << target << ": no response";
    if (!response) return {};
    EXPECT_EQ(response->status, status) << target << ": " << response->body;
    EXPECT_EQ(response->get_header_value("Content-Type"), "application/json") << target;
    return nlohmann::json::parse(response->body);
  }

  // The error message of a refused request, after checking the error object's shape.
  std::string error_of(const std::string& target, int status) {
    const nlohmann::json body = get_json(target, status);
    EXPECT_EQ(body.at("error").at("status"), status) << body;
    const std::string message = body.at("error").at("message");
    EXPECT_FALSE(message.empty());
    return message;
  }

  nlohmann::json cli_json(std::vector<std::string> args) {
    args.push_back("--json");
    const ProcessResult result = programs_.search(std::move(args));
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err;
    return nlohmann::json::parse(result.out);
  }

  Programs programs_;
  std::unique_ptr<ServedIndex> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HttpApi, SearchAnswersTheSameJsonAsTheCommandLine) {
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {"/search?q=space+cooperation", {"search", "space cooperation"}},
      {"/search?q=space&collapse=0", {"search", "space", "--no-collapse"}},
      {"/search?q=azerbaijan+OR+volcano+OR+dockers&sort=date&limit=2&offset=1",
       {"search", "azerbaijan OR volcano OR dockers", "--sort", "date", "--limit", "2", "--offset", "1"}},
      {"/search?country=AZ&country=DE&facets=country,month&facet_limit=1",
       {"search", "--country", "AZ", "--country", "DE", "--facets", "country,month", "--facet-limit", "1"}},
      {"/search?q=volcano&since=2022-10-01&until=2022-10-31&lang=en",
       {"search", "volcano", "--since", "2022-10-01", "--until", "2022-10-31", "--lang", "en"}},
      {"/search?q=volcanno", {"search", "volcanno"}},
      {"/search?q=volcanno&as_typed=1", {"search", "volcanno", "--as-typed"}},
      {"/values/country", {"values", "country"}},
      {"/values/topic", {"values", "topic"}},
  };
  for (const auto& [target, args] : cases) {
    const nlohmann::json served = get_json(target);
    EXPECT_EQ(served, cli_json(args)) << target;
  }
  // And the answers are what they should be, not merely equal.
  const nlohmann::json space = get_json("/search?q=space+cooperation");
  EXPECT_EQ(space.at("total"), 2);
  ASSERT_EQ(space.at("hits").size(), 1u);
  EXPECT_EQ(space.at("hits")[0].at("duplicates"), 1);
  EXPECT_NE(space.at("hits")[0].at("snippet").get<std::string>().find("<b>space</b>"), std::string::npos);
  EXPECT_EQ(get_json("/search?q=volcanno").at("corrected_query"), "volcano");
  EXPECT_EQ(get_json("/search?q=volcanno").at("showing_corrected"), true);
  EXPECT_EQ(get_json("/search?q=volcanno&as_typed=1").at("total"), 0);
  EXPECT_EQ(get_json("/search?q=caf%e9").at("query"), "café") << "a Latin-1 byte in a URL";
  EXPECT_TRUE(get_json("/search?q=space&facets=").at("facets").empty()) << "an empty list asks for no facets";
}

TEST_F(HttpApi, ArticlesSimilarStatsAndHealth) {
  const std::string id = "http://desk.example/space-mou";
  const nlohmann::json article = get_json("/articles/" + httplib::detail::encode_query_param(id));
  EXPECT_EQ(article.at("id"), id);
  EXPECT_EQ(article.at("copies"), nlohmann::json::array({"http://desk.example/wire-space"}));
  EXPECT_EQ(article, cli_json({"show", id}));
  // An id with slashes also works unescaped, as a browser might send it.
  EXPECT_EQ(get_json("/articles/" + id).at("id"), id);

  const nlohmann::json similar =
      get_json("/similar/" + httplib::detail::encode_query_param("http://desk.example/harbour") + "?limit=5");
  EXPECT_EQ(similar, cli_json({"similar", "http://desk.example/harbour", "--limit", "5"}));

  const ProcessResult stats = programs_.search({"stats", "--json"});
  EXPECT_EQ(get_json("/stats"), nlohmann::json::parse(stats.out));
  EXPECT_EQ(get_json("/healthz"), nlohmann::json({{"ok", true}}));
}

TEST_F(HttpApi, BadParametersAre400WithAMessage) {
  EXPECT_NE(error_of("/search?q=space&contry=AZ", 400).find("unknown parameter 'contry'"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&limit=ten", 400).find("limit"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&limit=100000", 400).find("limit"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&sort=random", 400).find("random"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&facets=colour", 400).find("colour"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&country=Atlantis", 400).find("Atlantis"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&since=yesterdayish", 400).find("yesterdayish"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&collapse=maybe", 400).find("collapse"), std::string::npos);
  EXPECT_NE(error_of("/search?q=space&sort=date&sort=relevance", 400).find("more than once"), std::string::npos);
  EXPECT_FALSE(error_of("/search", 400).empty()) << "no query and no filter";
  EXPECT_NE(error_of("/stats?verbose=1", 400).find("verbose"), std::string::npos);
}

TEST_F(HttpApi, UnknownIdsAndPathsAre404) {
  EXPECT_NE(error_of("/articles/no-such-article", 404).find("no-such-article"), std::string::npos);
  EXPECT_NE(error_of("/similar/no-such-article", 404).find("no-such-article"), std::string::npos);
  EXPECT_NE(error_of("/nothing/here", 404).find("/nothing/here"), std::string::npos);
  EXPECT_NE(error_of("/values/colour", 404).find("colour"), std::string::npos);
}

TEST_F(HttpApi, OversizedRequestsAre413) {
  EXPECT_NE(error_of("/search?q=" + std::string(5000, 'a'), 413).find("limit"), std::string::npos);
  const auto posted = client_->Post("/search", std::string(64 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 413);
  EXPECT_EQ(nlohmann::json::parse(posted->body).at("error").at("status"), 413);
  const auto small_post = client_->Post("/search", "q=space", "application/x-www-form-urlencoded");
  ASSERT_TRUE(small_post);
  EXPECT_EQ(small_post->status, 405) << "the API answers GET only";
}

TEST_F(HttpApi, ServesTheSearchPage) {
  const auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<form id=\"search\""), std::string::npos);
  EXPECT_EQ(page->body.find("https://"), std::string::npos) << "the page loads nothing from elsewhere";
}

TEST_F(HttpApi, CorsOnlyWhenAskedFor) {
  const auto plain = client_->Get("/healthz");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Access-Control-Allow-Origin"));
  ServedIndex with_cors(programs_, {"--cors"});
  httplib::Client cors_client("127.0.0.1", with_cors.port());
  const auto allowed = cors_client.Get("/search?q=space");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "*");
}

TEST_F(HttpApi, ManyClientsAtOnceAllGetTheRightAnswers) {
  // Searches run in parallel on the server's pool of Searchers; none may see another's state.
  const std::pair<std::string, int> queries[] = {{"/search?country=AZ", 2},
                                                 {"/search?q=volcano", 1},
                                                 {"/search?q=dockers&country=DE", 1},
                                                 {"/search?topic=labour", 1}};
  std::atomic<int> wrong{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_url_encode(false);
      for (int i = 0; i < 40; ++i) {
        const auto& [target, total] = queries[(c + i) % std::size(queries)];
        const auto response = client.Get(target);
        if (!response || response->status != 200 || nlohmann::json::parse(response->body).at("total") != total) ++wrong;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(get_json("/healthz"), nlohmann::json({{"ok", true}})) << "still serving";
}

TEST_F(HttpApi, FollowsNewArticlesWithoutARestart) {
  EXPECT_EQ(get_json("/search?q=glacier").at("total"), 0);
  add_feed("late.rss", feed("Late", desk_item("glacier", "Glacier retreats", "Wed, 12 Oct 2022 09:00:00 GMT",
                                              "The glacier above the valley retreated forty metres this summer.")));
  EXPECT_EQ(get_json("/search?q=glacier").at("total"), 1);
}

TEST_F(HttpApi, StopsCleanlyOnSigterm) {
  server_->process().kill(SIGTERM);
  EXPECT_EQ(server_->process().wait(), 0);
  EXPECT_FALSE(client_->Get("/healthz")) << "nothing listens any more";
}

TEST_F(HttpApi, RefusesAnAddressItCannotListenOn) {
  const ProcessResult taken = programs_.search({"serve", "--listen", "127.0.0.1:" + std::to_string(server_->port())});
  EXPECT_EQ(taken.exit_code, 3);
  EXPECT_NE(taken.err.find("cannot listen"), std::string::npos) << taken.err;
  const ProcessResult malformed = programs_.search({"serve", "--listen", "localhost"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("HOST:PORT"), std::string::npos) << malformed.err;
}

TEST(HttpApiBesideACrawl, KeepsAnsweringWhileACrawlCommits) {
  constexpr int kFeeds = 16, kItems = 20;
  LoopbackServer feeds;
  Programs programs;
  serve_and_subscribe_wire_feeds(feeds, programs, kFeeds, kItems, std::chrono::milliseconds(100));
  ServedIndex server(programs);
  httplib::Client client("127.0.0.1", server.port());
  auto crawl = std::async(std::launch::async, [&] { return programs.index({"crawl", "--all", "--jobs", "1"}); });
  uint64_t last_total = 0;
  int searches = 0;
  while (crawl.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
    const auto response = client.Get("/search?q=markets&collapse=0");
    ++searches;
    ASSERT_TRUE(response) << "search " << searches << " got no answer";
    ASSERT_EQ(response->status, 200) << response->body;
    const uint64_t total = nlohmann::json::parse(response->body).at("total");
    EXPECT_GE(total, last_total) << "a later answer saw fewer articles";
    last_total = total;
  }
  EXPECT_EQ(crawl.get().exit_code, 0);
  EXPECT_GT(searches, 10) << "the searches did not overlap the crawl";
  const auto final_answer = client.Get("/search?q=markets&collapse=0&estimate=0");
  ASSERT_TRUE(final_answer);
  EXPECT_EQ(nlohmann::json::parse(final_answer->body).at("total"), kFeeds * kItems);
}

}  // namespace
}  // namespace newsdex::testing
