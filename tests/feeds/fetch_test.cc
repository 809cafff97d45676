#include "newsdex/fetch.h"

#include <gtest/gtest.h>

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
  server.server().Get("/old", [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/new", 301); });
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
