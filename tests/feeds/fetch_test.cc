#include "newsdex/fetch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "loopback_server.h"
#include "newsdex/error.h"
#include "process.h"

namespace newsdex::feeds {
namespace {

using testing::LoopbackServer;

TEST(Fetch, ReturnsBodyStatusAndValidators) {
  LoopbackServer server;
  server.server().Get("/feed", [](const httplib::Request& request, httplib::Response& response) {
    response.set_header("ETag", "\"v1\"");
    response.set_header("Last-Modified", "Tue, 20 Sep 2022 13:14:00 GMT");
    response.set_content("<rss/>" + request.get_header_value("User-Agent"), "application/rss+xml");
  });
  const FetchResponse response = fetch(server.url("/feed"));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.starts_with("<rss/>newsdex/")) << response.body;
  EXPECT_EQ(response.etag, "\"v1\"");
  EXPECT_EQ(response.last_modified, "Tue, 20 Sep 2022 13:14:00 GMT");
  EXPECT_EQ(response.content_type, "application/rss+xml");
}

TEST(Fetch, SendsConditionalHeadersAndSeesNotModified) {
  LoopbackServer server;
  server.server().Get("/feed", [](const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("If-None-Match") == "\"v1\"") {
      response.status = 304;
      return;
    }
    response.set_content("<rss/>", "application/rss+xml");
  });
  FetchOptions options;
  options.if_none_match = "\"v1\"";
  EXPECT_EQ(fetch(server.url("/feed"), options).status, 304);
}

TEST(Fetch, FollowsRedirectsAndReportsTheFinalUrl) {
  LoopbackServer server;
  server.server().Get("/old",
                      [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/new", 301); });
  server.serve("/new", "<rss/>");
  const FetchResponse response = fetch(server.url("/old"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.effective_url, server.url("/new"));
}

TEST(Fetch, RefusesRedirectsToOtherSchemes) {
  LoopbackServer server;
  server.server().Get("/sneaky", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("file:///etc/passwd", 302);
  });
  EXPECT_THROW(fetch(server.url("/sneaky")), RuntimeFailure);
}

TEST(Fetch, DecodesGzip) {
  LoopbackServer server;
  const std::string body(5000, 'x');
  server.server().Get("/gz", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(body, "text/plain");  // cpp-httplib compresses when the client accepts gzip
  });
  EXPECT_EQ(fetch(server.url("/gz")).body, body);
}

TEST(Fetch, FailsCleanlyOnBodiesOverTheLimit) {
  LoopbackServer server;
  server.serve("/big", std::string(100000, 'x'), "text/plain");
  FetchOptions options;
  options.max_body_bytes = 1000;
  try {
    fetch(server.url("/big"), options);
    FAIL() << "an oversized body was accepted";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("larger than 1000 bytes"), std::string::npos) << error.what();
  }
}

TEST(Fetch, NamesTheUrlWhenNothingAnswers) {
  try {
    FetchOptions options;
    options.connect_timeout = std::chrono::seconds(2);
    fetch("http://127.0.0.1:1/feed", options);
    FAIL() << "a refused connection was not reported";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("http://127.0.0.1:1/feed"), std::string::npos) << error.what();
  }
}

// What fetch() threw, or "" when it did not.
std::string fetch_error(const std::string& url, const FetchOptions& options = {}) {
  try {
    fetch(url, options);
  } catch (const RuntimeFailure& error) {
    return error.what();
  }
  return "";
}

TEST(Fetch, StopsRedirectLoops) {
  LoopbackServer server;
  server.server().Get("/a",
                      [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/b", 302); });
  server.server().Get("/b",
                      [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/a", 302); });
  const std::string error = fetch_error(server.url("/a"));
  EXPECT_NE(error.find(server.url("/a")), std::string::npos) << error;
  EXPECT_NE(error.find("redirects"), std::string::npos) << error;
}

TEST(Fetch, GzipBombStopsAtTheBodyLimit) {
  // 512 MB of zeros, gzipped to half a megabyte: decompressed, the body would pass any limit.
  const std::string bomb = testing::gzipped_zeros(512);
  ASSERT_LT(bomb.size(), 1u << 20);
  LoopbackServer server;
  server.server().Get("/bomb", [&](const httplib::Request&, httplib::Response& response) {
    response.set_header("Content-Encoding", "gzip");
    response.set_content(bomb, "application/rss+xml");
  });
  FetchOptions options;
  options.max_body_bytes = 8 << 20;
  const std::string error = fetch_error(server.url("/bomb"), options);
  EXPECT_NE(error.find("larger than 8388608 bytes"), std::string::npos) << error;
}

TEST(Fetch, StopsABodyThatNeverEnds) {
  LoopbackServer server;
  server.server().Get("/endless", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("application/rss+xml", [](size_t, httplib::DataSink& sink) {
      const std::string chunk(64 << 10, 'x');
      return sink.write(chunk.data(), chunk.size());  // false once the client has gone
    });
  });
  FetchOptions options;
  options.max_body_bytes = 4 << 20;
  const std::string error = fetch_error(server.url("/endless"), options);
  EXPECT_NE(error.find("larger than 4194304 bytes"), std::string::npos) << error;
}

TEST(Fetch, AbandonsAServerThatTrickles) {
  LoopbackServer server;
  server.server().Get("/slow", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("application/rss+xml", [](size_t, httplib::DataSink& sink) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      return sink.write("<", 1);  // four bytes a second, for ever
    });
  });
  FetchOptions options;
  options.low_speed_bytes = 100;
  options.low_speed_window = std::chrono::seconds(2);
  const auto started = std::chrono::steady_clock::now();
  const std::string error = fetch_error(server.url("/slow"), options);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_NE(error.find("too slow"), std::string::npos) << error;
}

TEST(Fetch, KnowsInternalAddresses) {
  const std::vector<std::string> internal = default_internal_networks();
  for (const char* address : {"127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1",
                              "0.0.0.0", "::1", "fd00::2", "fe80::1", "::ffff:192.168.1.1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(in_networks(address, internal)) << address;
  }
  for (const char* address :
       {"8.8.8.8", "172.32.0.1", "192.0.2.2", "2001:db8::1", "::ffff:8.8.8.8", "not an address", ""}) {
    EXPECT_FALSE(in_networks(address, internal)) << address;
  }
}

// A feed on a public address must not lead the crawler into the private network it runs in
// (server-side request forgery): here 127.0.0.1 plays the public host and 127.0.0.2 the internal one.
TEST(Fetch, RefusesRedirectsFromAPublicFeedIntoAnInternalNetwork) {
  LoopbackServer internal_host("127.0.0.2");
  internal_host.serve("/admin", "<rss/>");
  LoopbackServer public_host;
  public_host.server().Get("/feed", [&](const httplib::Request&, httplib::Response& response) {
    response.set_redirect(internal_host.url("/admin"), 302);
  });
  FetchOptions options;
  options.internal_networks = {"127.0.0.2/32"};
  const std::string error = fetch_error(public_host.url("/feed"), options);
  EXPECT_NE(error.find("refused a redirect to the internal address 127.0.0.2"), std::string::npos) << error;
  EXPECT_NE(error.find(public_host.url("/feed")), std::string::npos) << error;
  // A feed that is itself on the internal network may redirect within it.
  internal_host.server().Get("/moved", [&](const httplib::Request&, httplib::Response& response) {
    response.set_redirect(internal_host.url("/admin"), 301);
  });
  EXPECT_EQ(fetch(internal_host.url("/moved"), options).status, 200);
  // And with the default networks, loopback feeds (like these) redirect between each other.
  EXPECT_EQ(fetch(public_host.url("/feed")).status, 200);
}

// An article link in a feed on a public address is a stranger's text: with refuse_internal no
// connection into an internal network is made, neither the first nor after a redirect.
TEST(Fetch, RefusesEveryInternalAddressForLinksThatStrangersWrote) {
  LoopbackServer internal_host("127.0.0.2");
  std::atomic<int> internal_requests = 0;
  internal_host.server().Get("/admin", [&](const httplib::Request&, httplib::Response& response) {
    ++internal_requests;
    response.set_content("<html>secret</html>", "text/html");
  });
  LoopbackServer public_host;
  public_host.server().Get("/story", [&](const httplib::Request&, httplib::Response& response) {
    response.set_redirect(internal_host.url("/admin"), 302);
  });
  FetchOptions options;
  options.internal_networks = {"127.0.0.2/32"};
  options.refuse_internal = true;
  const std::string direct = fetch_error(internal_host.url("/admin"), options);
  EXPECT_NE(direct.find("refused the internal address 127.0.0.2"), std::string::npos) << direct;
  const std::string redirected = fetch_error(public_host.url("/story"), options);
  EXPECT_NE(redirected.find("refused the internal address 127.0.0.2"), std::string::npos) << redirected;
  EXPECT_EQ(internal_requests, 0);
  // The public host itself is fetched, and its address class reported.
  public_host.serve("/page", "<html></html>", "text/html");
  const FetchResponse page = fetch(public_host.url("/page"), options);
  EXPECT_EQ(page.status, 200);
  EXPECT_FALSE(page.internal_address);
  EXPECT_TRUE(fetch(internal_host.url("/admin")).internal_address);
}

// Pages of one site are asked for no closer together than the site's delay, at most 2 at once,
// while another site's pages go on meanwhile.
TEST(FetchAll, PacesRequestsToOneSiteAndLetsOtherSitesGoOn) {
  struct Log {
    std::mutex mutex;
    std::vector<std::chrono::steady_clock::time_point> starts;
    int running = 0;
    int most_at_once = 0;
  };
  auto serve_slowly = [](LoopbackServer& server, Log& log) {
    server.server().Get(R"(/page/\d+)", [&log](const httplib::Request&, httplib::Response& response) {
      {
        std::lock_guard lock(log.mutex);
        log.starts.push_back(std::chrono::steady_clock::now());
        log.most_at_once = std::max(log.most_at_once, ++log.running);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      {
        std::lock_guard lock(log.mutex);
        --log.running;
      }
      response.set_content("<html></html>", "text/html");
    });
  };
  LoopbackServer paced_site;
  LoopbackServer other_site("127.0.0.3");
  Log paced_log;
  Log other_log;
  serve_slowly(paced_site, paced_log);
  serve_slowly(other_site, other_log);
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 5; ++i) {
    requests.push_back({paced_site.url("/page/" + std::to_string(i)), {}, {}, std::chrono::milliseconds(250)});
    requests.push_back({other_site.url("/page/" + std::to_string(i)), {}, {}, std::chrono::milliseconds(0)});
  }
  size_t answered = 0;
  fetch_all(requests, {}, 16, [&](FetchResult result) {
    EXPECT_TRUE(result.response) << result.error;
    ++answered;
  });
  EXPECT_EQ(answered, requests.size());
  ASSERT_EQ(paced_log.starts.size(), 5u);
  for (size_t i = 1; i < paced_log.starts.size(); ++i) {
    EXPECT_GE(paced_log.starts[i] - paced_log.starts[i - 1], std::chrono::milliseconds(240)) << "request " << i;
  }
  EXPECT_LE(paced_log.most_at_once, 2);
  EXPECT_LE(other_log.most_at_once, 2);
  // Without a delay, the other site used its two connections.
  EXPECT_EQ(other_log.most_at_once, 2);
}

TEST(ReadSource, ReadsFilesAndRejectsWhatIsNotThere) {
  testing::TempDir dir;
  testing::write_file(dir.file("a.rss"), "<rss/>");
  EXPECT_EQ(read_source(dir.file("a.rss")).bytes, "<rss/>");
  EXPECT_THROW(read_source(dir.file("missing.rss")), InputError);
  EXPECT_THROW(read_source(dir.path()), InputError);
  EXPECT_THROW(read_source("ftp://example.test/feed"), InputError);
}

TEST(ReadSource, TreatsHttpErrorsAsFailuresNamingTheUrl) {
  LoopbackServer server;
  try {
    read_source(server.url("/missing"));
    FAIL();
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("/missing: HTTP 404"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace newsdex::feeds
