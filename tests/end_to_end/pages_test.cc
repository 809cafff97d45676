// Article pages in crawls: each new item's own web page fetched after its feed, politely
// (robots.txt, delays per site, addresses), and its text indexed in place of the feed's.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "programs.h"

namespace newsdex::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A site on loopback that logs every request it is sent: its path and when it came.
class LoggedSite {
 public:
  explicit LoggedSite(std::string host = "127.0.0.1") : server_(std::move(host)) {
    server_.server().set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
      std::lock_guard lock(mutex_);
      requests_.push_back({request.path, Clock::now()});
      most_at_once_ = std::max(most_at_once_, ++running_);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.server().set_post_routing_handler([this](const httplib::Request&, httplib::Response&) {
      std::lock_guard lock(mutex_);
      --running_;
    });
  }

  // The most requests the site was answering at one time.
  int most_at_once() {
    std::lock_guard lock(mutex_);
    return most_at_once_;
  }

  LoopbackServer& server() { return server_; }
  std::string url(const std::string& path) const { return server_.url(path); }

  // Paths requested, in order.
  std::vector<std::string> paths() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> paths;
    for (const auto& request : requests_) paths.push_back(request.path);
    return paths;
  }

  // When each request for a path starting with `prefix` came.
  std::vector<Clock::time_point> times(const std::string& prefix) {
    std::lock_guard lock(mutex_);
    std::vector<Clock::time_point> times;
    for (const auto& request : requests_) {
      if (request.path.starts_with(prefix)) times.push_back(request.time);
    }
    return times;
  }

  bool requested(const std::string& prefix) { return !times(prefix).empty(); }

 private:
  struct Request {
    std::string path;
    Clock::time_point time;
  };
  LoopbackServer server_;
  std::mutex mutex_;
  std::vector<Request> requests_;
  int running_ = 0;
  int most_at_once_ = 0;
};

// An RSS feed of items with these links, each with a one-sentence description.
std::string feed_of(const std::vector<std::string>& links) {
  std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Courier</title>";
  for (size_t i = 0; i < links.size(); ++i) {
    xml += "<item><title>Harbour story " + std::to_string(i) + "</title><link>" + links[i] +
           "</link><pubDate>Tue, 05 Mar 2024 07:30:00 GMT</pubDate><description>The harbour board met on "
           "Tuesday.</description></item>";
  }
  return xml + "</channel></rss>";
}

// A news page whose article says `words` (with a menu and a footer around it).
std::string page_saying(const std::string& words) {
  std::string paragraphs;
  for (int i = 0; i < 4; ++i) {
    paragraphs += "<p>" + words + " The harbour board of Port Mervin met on Tuesday to settle the matter, and " +
                  "the dockers' union said paragraph " + std::to_string(i) + " of the agreement held.</p>";
  }
  return "<html lang=\"en\"><head><title>Harbour</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/sport\">"
         "Sport</a></nav><article><h1>Harbour</h1>" +
         paragraphs + "</article><footer>Copyright Harbour Courier</footer></body></html>";
}

// Serves `count` story pages at /news/N.html on `site`; returns their URLs.
std::vector<std::string> serve_stories(LoggedSite& site, int count) {
  std::vector<std::string> links;
  for (int i = 0; i < count; ++i) {
    const std::string path = "/news/" + std::to_string(i) + ".html";
    site.server().serve(path, page_saying("Story " + std::to_string(i) + "."), "text/html");
    links.push_back(site.url(path));
  }
  return links;
}

nlohmann::json show(const Programs& programs, const std::string& id) {
  const ProcessResult shown = programs.search({"show", id, "--json"});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  return shown.exit_code == 0 ? nlohmann::json::parse(shown.out) : nlohmann::json::object();
}

nlohmann::json feed_list_entry(const Programs& programs) {
  const ProcessResult listed = programs.index({"feeds", "list", "--json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  return nlohmann::json::parse(listed.out).at(0);
}

TEST(Pages, TheSeedArticleIsIndexedFromItsPageAndFoundByWordsOnlyThePageHas) {
  const std::string seed_dir = std::string(kSharedDir) + "/fixtures/seed";
  if (!std::filesystem::exists(seed_dir + "/azernews-summary.rss.in")) {
    GTEST_SKIP() << "../shared is absent: the seed article's page is not tested";
  }
  LoopbackServer site;
  site.serve("/azernews-space-mou.html", read_file(seed_dir + "/azernews-space-mou.html"), "text/html");
  std::string feed = read_file(seed_dir + "/azernews-summary.rss.in");
  for (size_t at = feed.find("BASE_URL"); at != std::string::npos; at = feed.find("BASE_URL", at)) {
    feed.replace(at, 8, site.url(""));
  }
  site.serve("/feed.rss", feed);
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "auto"}).exit_code, 0);
  // Before the crawl, the words are nowhere; the feed item carries one sentence.
  const ProcessResult crawl = programs.index({"crawl", "--verbose", "--page-delay", "0"});
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  EXPECT_NE(crawl.out.find("1 pages fetched"), std::string::npos) << crawl.out << crawl.err;

  const nlohmann::json found = programs.search_json({"Shusha Declaration"});
  ASSERT_GE(found["hits"].size(), 1u) << found.dump();
  const nlohmann::json hit = found["hits"][0];
  EXPECT_EQ(hit["text_source"], "page");
  const nlohmann::json article = show(programs, hit["id"]);
  EXPECT_EQ(article["text_source"], "page");
  // The text is the page's as `extract` reads it: its nine paragraphs, no boilerplate.
  const ProcessResult extracted =
      run_process({kIndexProgram, "extract", site.url("/azernews-space-mou.html"), "--json"});
  ASSERT_EQ(extracted.exit_code, 0) << extracted.err;
  EXPECT_EQ(article["text"], nlohmann::json::parse(extracted.out)["text"]);
  const std::string text = article["text"];
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 16) << text;
  EXPECT_EQ(text.find("Most read"), std::string::npos);
  EXPECT_EQ(article["summary"],
            "Azerbaijan and Turkiye have signed a memorandum of understanding on cooperation in the space sector, "
            "Azernews reports.");
  EXPECT_EQ(article["authors"], nlohmann::json::array({"Ayya Lmahamad"}));
  EXPECT_EQ(article["canonical_url"], "https://www.azernews.az/business/200986.html");
  EXPECT_EQ(article["published"], "2022-09-20T13:14:00Z");
  EXPECT_EQ(article["published_source"], "feed");
  EXPECT_FALSE(article.contains("page_error")) << article.dump();
  const auto has = [](const nlohmann::json& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  EXPECT_TRUE(has(article["countries"], "AZ") && has(article["countries"], "TR")) << article["countries"];
  EXPECT_TRUE(has(article["topics"], "science-technology")) << article["topics"];

  // Crawled again, the feed's unchanged item keeps the page's text, and no page is fetched twice.
  ASSERT_EQ(programs.index({"crawl", "--all", "--page-delay", "0"}).exit_code, 0);
  EXPECT_EQ(show(programs, hit["id"])["text"], article["text"]);
  EXPECT_EQ(programs.article_count(), 1u);
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 0);
}

TEST(Pages, RobotsTxtKeepsTheCrawlerOffDisallowedPagesAndTheArticleSaysWhy) {
  LoggedSite site;
  site.server().serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
  site.server().serve("/private/a.html", page_saying("Secret."), "text/html");
  site.server().serve("/news/b.html", page_saying("Open."), "text/html");
  site.server().serve("/feed.rss", feed_of({site.url("/private/a.html"), site.url("/news/b.html")}));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-delay", "0"}).exit_code, 0);

  EXPECT_FALSE(site.requested("/private/")) << "robots.txt disallows /private/";
  EXPECT_TRUE(site.requested("/news/b.html"));
  const nlohmann::json refused = show(programs, site.url("/private/a.html"));
  EXPECT_EQ(refused["text_source"], "feed");
  EXPECT_NE(refused.value("page_error", "").find("robots.txt"), std::string::npos) << refused.dump();
  EXPECT_NE(refused.value("page_error", "").find("Disallow: /private/"), std::string::npos) << refused.dump();
  EXPECT_EQ(show(programs, site.url("/news/b.html"))["text_source"], "page");
  // Neither page waits: one was read, the other refused for good.
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 0);
}

TEST(Pages, ASiteWhoseRobotsTxtFailsGetsNoPageRequestUntilALaterCrawl) {
  LoggedSite site;
  std::atomic<int> robots_status = 503;
  site.server().server().Get("/robots.txt", [&](const httplib::Request&, httplib::Response& response) {
    response.status = robots_status;
    response.set_content(robots_status == 200 ? "User-agent: *\nDisallow:\n" : "unavailable", "text/plain");
  });
  site.server().serve("/news/a.html", page_saying("Story."), "text/html");
  site.server().serve("/feed.rss", feed_of({site.url("/news/a.html")}));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-delay", "0"}).exit_code, 0);
  EXPECT_FALSE(site.requested("/news/"));
  const nlohmann::json waiting = show(programs, site.url("/news/a.html"));
  EXPECT_EQ(waiting["text_source"], "feed");
  EXPECT_NE(waiting.value("page_error", "").find("robots.txt answered HTTP 503"), std::string::npos) << waiting.dump();
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 1);

  // The page waits for its retry time: a crawl straight after asks nothing; once the site
  // recovers and the wait is over (--pages-only drains, but respects the wait), it is read.
  robots_status = 200;
  ASSERT_EQ(programs.index({"crawl", "--pages-only", "--page-delay", "0"}).exit_code, 0);
  EXPECT_FALSE(site.requested("/news/"));
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 1);
}

TEST(Pages, ARobotsTxtThatIsNotThereAllowsEverything) {
  LoggedSite site;  // answers 404 for /robots.txt
  site.server().serve("/news/a.html", page_saying("Story."), "text/html");
  site.server().serve("/feed.rss", feed_of({site.url("/news/a.html")}));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "auto"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-delay", "0"}).exit_code, 0);
  EXPECT_TRUE(site.requested("/robots.txt"));
  EXPECT_EQ(show(programs, site.url("/news/a.html"))["text_source"], "page");
}

TEST(Pages, PagesOfOneSiteKeepTheDelayAndTheSitesCrawlDelay) {
  LoggedSite site;
  site.server().serve("/robots.txt", "User-agent: newsdex\nCrawl-delay: 0.6\n", "text/plain");
  const std::vector<std::string> links = serve_stories(site, 4);
  site.server().serve("/feed.rss", feed_of(links));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-delay", "0.2"}).exit_code, 0);
  const std::vector<Clock::time_point> times = site.times("/news/");
  ASSERT_EQ(times.size(), 4u);
  for (size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(times[i] - times[i - 1], std::chrono::milliseconds(590)) << "page " << i << ": Crawl-delay 0.6 s";
  }
}

// 127.0.0.1 plays a public host, 127.0.0.2 the private network the crawler runs in.
TEST(Pages, ALinkInAPublicFeedNeverReachesAnInternalAddress) {
  LoggedSite internal_site("127.0.0.2");
  internal_site.server().serve("/admin.html", page_saying("Internal."), "text/html");
  LoggedSite public_site;
  public_site.server().server().Get("/moved.html", [&](const httplib::Request&, httplib::Response& response) {
    response.set_redirect(internal_site.url("/admin.html"), 302);
  });
  public_site.server().serve("/feed.rss", feed_of({internal_site.url("/admin.html"), public_site.url("/moved.html")}));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", public_site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-delay", "0", "--internal-network", "127.0.0.2/32"}).exit_code, 0);
  EXPECT_TRUE(internal_site.paths().empty()) << "a request reached the internal address";
  for (const std::string& id : {internal_site.url("/admin.html"), public_site.url("/moved.html")}) {
    const nlohmann::json article = show(programs, id);
    EXPECT_EQ(article["text_source"], "feed");
    EXPECT_NE(article.value("page_error", "").find("internal address 127.0.0.2"), std::string::npos) << article.dump();
  }
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 0) << "a refusal is not retried";

  // A feed on the internal network itself may have its pages there.
  Programs intranet;
  internal_site.server().serve("/feed.rss", feed_of({internal_site.url("/admin.html")}));
  ASSERT_EQ(intranet.index({"feeds", "add", internal_site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(intranet.index({"crawl", "--page-delay", "0", "--internal-network", "127.0.0.2/32"}).exit_code, 0);
  EXPECT_EQ(show(intranet, internal_site.url("/admin.html"))["text_source"], "page");
}

TEST(Pages, TheFeedsPagesSettingIsShownKeptInOpmlAndObeyed) {
  LoggedSite site;
  site.server().serve("/news/a.html", page_saying("Story."), "text/html");
  site.server().serve("/feed.rss", feed_of({site.url("/news/a.html")}));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "never"}).exit_code, 0);
  EXPECT_EQ(feed_list_entry(programs)["pages"], "never");
  ASSERT_EQ(programs.index({"crawl"}).exit_code, 0);
  EXPECT_FALSE(site.requested("/news/"));
  EXPECT_EQ(show(programs, site.url("/news/a.html"))["text_source"], "feed");

  const ProcessResult set = programs.index({"feeds", "set", site.url("/feed.rss"), "--pages", "always"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(feed_list_entry(programs)["pages"], "always");
  const ProcessResult exported = programs.index({"feeds", "export"});
  EXPECT_NE(exported.out.find("newsdexPages=\"always\""), std::string::npos) << exported.out;
  Programs other;
  ASSERT_EQ(other.index({"feeds", "import", "-"}, exported.out).exit_code, 0);
  EXPECT_EQ(feed_list_entry(other)["pages"], "always");

  const ProcessResult bad = programs.index({"feeds", "set", site.url("/feed.rss"), "--pages", "sometimes"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--pages"), std::string::npos) << bad.err;
  const ProcessResult unknown = programs.index({"feeds", "set", site.url("/other.rss"), "--pages", "never"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("not subscribed"), std::string::npos) << unknown.err;
}

// Pages that would hurt a crawler each end as the article's page_error or as the right text,
// within the hostile-input bounds, and the crawl goes on to the next.
TEST(Pages, HostilePagesEndAsAnErrorOrTheRightTextAndTheCrawlGoesOn) {
  LoggedSite site;
  const std::string big(50 << 20, 'x');
  site.server().server().Get("/huge.html", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(big, "text/html");
  });
  site.server().server().Get("/endless.html", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("text/html", [](size_t offset, httplib::DataSink& sink) {
      const std::string chunk = offset == 0 ? "<html><body><p>" : std::string(64 << 10, 'a');
      return sink.write(chunk.data(), chunk.size());
    });
  });
  std::string binary(64 << 10, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 7919) % 256);
  site.server().serve("/binary.html", binary, "text/html");
  site.server().server().Get("/to-file.html", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("file:///etc/passwd", 302);
  });
  site.server().serve("/report.pdf", "%PDF-1.7\n" + std::string(4096, 'x'), "application/pdf");
  site.server().serve("/russian.html", read_file(std::string(kFixturesDir) + "/pages/undeclared-windows-1251.html"),
                      "text/html");
  const std::vector<std::string> paths = {"/huge.html",    "/endless.html", "/binary.html",
                                          "/to-file.html", "/report.pdf",   "/russian.html"};
  std::vector<std::string> links;
  for (const std::string& path : paths) links.push_back(site.url(path));
  site.server().serve("/feed.rss", feed_of(links));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  const ProcessResult crawl = run_bounded({kIndexProgram, "--db", programs.database(), "crawl", "--page-delay", "0"});
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;

  const std::vector<std::string> reasons = {"larger than", "larger than", "binary", "not http or https",
                                            "not an HTML page (application/pdf)"};
  for (size_t i = 0; i < reasons.size(); ++i) {
    const nlohmann::json article = show(programs, links[i]);
    EXPECT_EQ(article["text_source"], "feed") << paths[i];
    EXPECT_NE(article.value("page_error", "").find(reasons[i]), std::string::npos)
        << paths[i] << ": " << article.dump();
  }
  const nlohmann::json russian = show(programs, links.back());
  EXPECT_EQ(russian["text_source"], "page");
  EXPECT_TRUE(russian["text"].get<std::string>().starts_with("Паромное сообщение между островами восстановлено"))
      << russian["text"];
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 0) << "refusals are not retried";
}

// 200 pages on 10 sites; a crawl killed among its pages, then at five moments, then run to the
// end: every article once, every page fetched, none left pending.
TEST(Pages, KilledCrawlsLoseNoPageAndDuplicateNoArticle) {
  constexpr int kSites = 10;
  constexpr int kPagesPerSite = 20;
  std::vector<std::unique_ptr<LoggedSite>> sites;
  std::vector<std::string> links;
  for (int site = 0; site < kSites; ++site) {
    sites.push_back(std::make_unique<LoggedSite>("127.0.0." + std::to_string(site + 2)));
    sites.back()->server().server().Get(
        R"(/news/(\d+)\.html)", [](const httplib::Request& request, httplib::Response& response) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
          response.set_content(page_saying("Report " + request.matches[1].str() + "."), "text/html");
        });
    for (int page = 0; page < kPagesPerSite; ++page) {
      links.push_back(sites.back()->url("/news/" + std::to_string(site * 100 + page) + ".html"));
    }
  }
  LoopbackServer feeds;
  feeds.serve("/feed.rss", feed_of(links));
  auto subscribe = [&](const Programs& programs) {
    ASSERT_EQ(programs.index({"feeds", "add", feeds.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  };
  const std::vector<std::string> crawl_args = {"crawl", "--page-delay", "0.05", "--jobs", "8"};

  Programs reference;
  subscribe(reference);
  const auto started = Clock::now();
  ASSERT_EQ(reference.index(crawl_args).exit_code, 0);
  const auto crawl_time = Clock::now() - started;
  ASSERT_EQ(reference.search({"stats", "--json"}).exit_code, 0);

  auto crashed = std::make_unique<Programs>();
  subscribe(*crashed);
  auto argv = [&] {
    std::vector<std::string> args = {kIndexProgram, "--db", crashed->database()};
    args.insert(args.end(), crawl_args.begin(), crawl_args.end());
    return args;
  };
  // Pages fetched so far, as a reader sees them (-1 before the first commit made an index).
  auto pages_fetched = [&] {
    const ProcessResult partial = crashed->search({"stats", "--json"});
    return partial.exit_code != 0 ? -1 : nlohmann::json::parse(partial.out)["text_sources"]["page"].get<int>();
  };
  // First a crawl killed as soon as some, not all, of the pages are in: a loaded machine
  // (sanitizers, tests in parallel) stretches a crawl's phases unevenly, and timed kills alone
  // could all land before the pages or after the last (which leaves none to be killed among).
  // A crawl that got every page in between two looks is begun again in a fresh index.
  bool killed_mid_pages = false;
  for (int attempt = 0; attempt < 3 && !killed_mid_pages; ++attempt) {
    if (pages_fetched() == kSites * kPagesPerSite) {
      crashed = std::make_unique<Programs>();
      subscribe(*crashed);
    }
    BackgroundProcess crawl(argv());
    const auto deadline = Clock::now() + 4 * crawl_time;
    int pages = pages_fetched();
    while (Clock::now() < deadline && !(pages > 0 && pages < kSites * kPagesPerSite)) pages = pages_fetched();
    crawl.kill();
    crawl.wait();
    pages = pages_fetched();
    killed_mid_pages = pages > 0 && pages < kSites * kPagesPerSite;
  }
  EXPECT_TRUE(killed_mid_pages) << "no kill landed while pages were being fetched";
  // Then at five moments of a crawl as long as the uninterrupted one.
  for (int percent : {10, 30, 50, 70, 90}) {
    BackgroundProcess crawl(argv());
    std::this_thread::sleep_for(crawl_time * percent / 100);
    crawl.kill();
    crawl.wait();
  }
  const ProcessResult finish = crashed->index({"crawl", "--pages-only", "--page-delay", "0.05", "--jobs", "8"});
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  const nlohmann::json stats = nlohmann::json::parse(crashed->search({"stats", "--json"}).out);
  EXPECT_EQ(stats["articles"], kSites * kPagesPerSite);
  EXPECT_EQ(stats["text_sources"]["page"], kSites * kPagesPerSite) << stats.dump();
  EXPECT_EQ(stats["pages_pending"], 0);
  EXPECT_EQ(stats["pages_failed"], 0);
  const nlohmann::json found = crashed->search_json({"harbour", "--limit", "1000", "--no-collapse"});
  EXPECT_EQ(found["total"], kSites * kPagesPerSite);
}

TEST(Pages, AddFetchesPagesOnlyWhenAskedAndBackfillFetchesThoseIndexedBefore) {
  LoggedSite site;
  for (int i = 0; i < 3; ++i) {
    site.server().serve("/news/" + std::to_string(i) + ".html", page_saying("Story " + std::to_string(i) + "."),
                        "text/html");
  }
  Programs programs;
  write_file(programs.dir().file("one.rss"), feed_of({site.url("/news/0.html")}));
  ASSERT_EQ(programs.index({"add", programs.dir().file("one.rss")}).exit_code, 0);
  EXPECT_FALSE(site.requested("/news/")) << "add fetches no page unless asked";
  write_file(programs.dir().file("two.rss"), feed_of({site.url("/news/1.html")}));
  const ProcessResult fetched = programs.index({"add", programs.dir().file("two.rss"), "--fetch-pages"});
  ASSERT_EQ(fetched.exit_code, 0) << fetched.err;
  EXPECT_TRUE(site.requested("/news/1.html"));
  EXPECT_FALSE(site.requested("/news/0.html")) << "only the pages of what this add indexed";
  EXPECT_EQ(show(programs, site.url("/news/1.html"))["text_source"], "page");

  // A feed crawled without pages, then switched on: `pages` fetches what was indexed before.
  site.server().serve("/feed.rss", feed_of({site.url("/news/2.html")}));
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "never"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl"}).exit_code, 0);
  EXPECT_FALSE(site.requested("/news/2.html"));
  const ProcessResult none = programs.index({"pages", "--feed", site.url("/feed.rss")});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_FALSE(site.requested("/news/2.html")) << "the feed is set to never";
  ASSERT_EQ(programs.index({"feeds", "set", site.url("/feed.rss"), "--pages", "auto"}).exit_code, 0);
  const ProcessResult backfill = programs.index({"pages", "--feed", site.url("/feed.rss"), "--page-delay", "0"});
  ASSERT_EQ(backfill.exit_code, 0) << backfill.err;
  EXPECT_NE(backfill.out.find("1 pages queued"), std::string::npos) << backfill.out;
  EXPECT_EQ(show(programs, site.url("/news/2.html"))["text_source"], "page");
  EXPECT_FALSE(site.requested("/news/0.html")) << "--feed limits the backfill to that feed";

  const nlohmann::json stats = nlohmann::json::parse(programs.search({"stats", "--json"}).out);
  EXPECT_EQ(stats["text_sources"], nlohmann::json({{"page", 2}, {"feed", 1}})) << stats.dump();
  EXPECT_EQ(stats["pages_pending"], 0);
  // The terminal says which hits hold the whole article.
  const ProcessResult listed = programs.search({"harbour", "--no-collapse"});
  EXPECT_NE(listed.out.find("full article"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("feed text only"), std::string::npos) << listed.out;

  const ProcessResult bad_since = programs.index({"pages", "--since", "someday"});
  EXPECT_EQ(bad_since.exit_code, 2);
}

TEST(Pages, ABudgetLeavesThePagesItDidNotReachForTheNextRun) {
  LoggedSite site;
  const std::vector<std::string> links = serve_stories(site, 3);
  site.server().serve("/feed.rss", feed_of(links));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  const ProcessResult none = programs.index({"crawl", "--page-budget", "0"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("0 pages fetched, 0 kept the feed's text, 0 failed, 3 left for the next run"),
            std::string::npos)
      << none.out;
  EXPECT_FALSE(site.requested("/news/"));
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 3);
  const ProcessResult drained = programs.index({"crawl", "--pages-only", "--page-delay", "0"});
  ASSERT_EQ(drained.exit_code, 0) << drained.err;
  EXPECT_NE(drained.out.find("3 pages fetched"), std::string::npos) << drained.out;
  EXPECT_EQ(drained.out.find("feeds fetched"), std::string::npos) << "--pages-only fetches no feed\n" << drained.out;
  EXPECT_EQ(feed_list_entry(programs)["pages_pending"], 0);
}

// A watch delivers a story once: not again when the page of an article it delivered arrives,
// and, for an article that matches only on its page's words, when the page arrives.
TEST(Pages, WatchesDeliverEachArticleOnceWhetherItMatchesOnItsFeedOrItsPage) {
  LoggedSite site;
  site.server().serve("/news/quake.html",
                      page_saying("An earthquake shook the coast and the volcano observatory raised its alert."),
                      "text/html");
  site.server().serve("/news/ferry.html", page_saying("The ferry to the volcano island sailed again."), "text/html");
  std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Courier</title>";
  xml += "<item><title>Volcano alert raised</title><link>" + site.url("/news/quake.html") +
         "</link><description>The observatory raised its alert.</description></item>";
  xml += "<item><title>Ferry sails again</title><link>" + site.url("/news/ferry.html") +
         "</link><description>Services resumed on Monday.</description></item>";
  site.server().serve("/feed.rss", xml + "</channel></rss>");
  Programs programs;
  const std::string out = programs.dir().file("volcano.jsonl");
  ASSERT_EQ(programs.index({"watch", "add", "volcano", "volcano", "--deliver", "jsonl:" + out}).exit_code, 0);
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-budget", "0"}).exit_code, 0);
  EXPECT_EQ(line_count(read_file(out)), 1u) << "the feed's text names the volcano once\n" << read_file(out);
  ASSERT_EQ(programs.index({"crawl", "--pages-only", "--page-delay", "0"}).exit_code, 0);
  const std::string delivered = read_file(out);
  EXPECT_EQ(line_count(delivered), 2u) << delivered;
  EXPECT_NE(delivered.find("Ferry sails again"), std::string::npos) << delivered;
  EXPECT_EQ(delivered.find("Volcano alert raised"), delivered.rfind("Volcano alert raised")) << "delivered twice\n"
                                                                                             << delivered;
}

// No article drops out of timelines: an item without a date takes its page's, or else the time
// newsdex first saw it, which later crawls keep.
TEST(Pages, AnUndatedItemTakesItsPagesDateOrTheTimeItWasFirstSeen) {
  LoggedSite site;
  site.server().serve("/news/dated.html",
                      "<html><head><meta property=\"article:published_time\" content=\"2024-03-05T07:30:00Z\">"
                      "</head><body><article><p>" +
                          std::string(400, 'a') + " the harbour board met.</p></article></body></html>",
                      "text/html");
  site.server().serve("/news/undated.html", page_saying("Undated."), "text/html");
  std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Courier</title>";
  for (const char* path : {"/news/dated.html", "/news/undated.html"}) {
    xml += std::string("<item><title>Story ") + path + "</title><link>" + site.url(path) +
           "</link><description>The harbour board met.</description></item>";
  }
  site.server().serve("/feed.rss", xml + "</channel></rss>");
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-delay", "0"}).exit_code, 0);
  const nlohmann::json dated = show(programs, site.url("/news/dated.html"));
  EXPECT_EQ(dated["published"], "2024-03-05T07:30:00Z");
  EXPECT_EQ(dated["published_source"], "page");
  const nlohmann::json undated = show(programs, site.url("/news/undated.html"));
  EXPECT_EQ(undated["published_source"], "seen");
  ASSERT_TRUE(undated["published"].is_string());
  ASSERT_EQ(programs.index({"crawl", "--all", "--page-delay", "0"}).exit_code, 0);
  EXPECT_EQ(show(programs, site.url("/news/undated.html"))["published"], undated["published"]);
  EXPECT_EQ(show(programs, site.url("/news/dated.html"))["published_source"], "page");
}

TEST(Pages, NoSiteIsAskedForMoreThanTwoPagesAtOnce) {
  LoggedSite site;
  site.server().server().Get(R"(/news/(\d+)\.html)", [](const httplib::Request& request, httplib::Response& response) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    response.set_content(page_saying("Story " + request.matches[1].str() + "."), "text/html");
  });
  std::vector<std::string> links;
  for (int i = 0; i < 12; ++i) links.push_back(site.url("/news/" + std::to_string(i) + ".html"));
  site.server().serve("/feed.rss", feed_of(links));
  Programs programs;
  ASSERT_EQ(programs.index({"feeds", "add", site.url("/feed.rss"), "--pages", "always"}).exit_code, 0);
  ASSERT_EQ(programs.index({"crawl", "--page-delay", "0", "--jobs", "16"}).exit_code, 0);
  EXPECT_EQ(site.times("/news/").size(), links.size());
  EXPECT_LE(site.most_at_once(), 2);
  EXPECT_EQ(site.most_at_once(), 2) << "with no delay, both connections are used";
  const nlohmann::json feed = feed_list_entry(programs);
  EXPECT_EQ(feed["text_sources"], nlohmann::json({{"page", 12}, {"feed", 0}})) << feed.dump();
}

}  // namespace
}  // namespace newsdex::testing
