// newsdex-feed-farm ADDRESSES FEEDS_PER_ADDRESS ITEMS OPML_OUT [--pages]: serves generated RSS
// feeds from many loopback addresses (127.0.0.2, 127.0.0.3, ...), each on its own port, so that
// a crawl meets per-host connection limits as on the web. Every feed carries an ETag and answers
// a matching If-None-Match with 304. Writes an OPML list of all feeds to OPML_OUT, prints
// "ready", and serves until stdin closes. Items link to made-up pages, and the OPML sets the
// feeds to fetch no page; with --pages, each item links to a page on its feed's address (a news
// page with a menu, related links, a cookie notice and a footer around eight paragraphs), and
// the feeds are set to fetch every page. For bench/crawl_throughput.sh and
// bench/page_crawl.sh; not installed.
#include <httplib.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// A news page of about 20 KB: the article is a fifth of it, as on many news sites.
std::string page_body(const std::string& id) {
  std::string page =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Budget debate " + id +
      " | Farm Courier</title><script>window.dataLayer=[];function track(){}</script>"
      "<style>body{font-family:serif}.nav a{margin:0 4px}</style></head><body>"
      "<div class=\"cookie-banner\">We use cookies to improve your experience. <a href=\"/privacy\">"
      "Privacy policy</a> <button>Accept</button></div><header class=\"site-header\"><nav class=\"nav\">";
  for (int i = 0; i < 30; ++i)
    page += "<a href=\"/section/" + std::to_string(i) + "\">Section " + std::to_string(i) + "</a>";
  page += "</nav></header><main><article><h1>Parliament debates the budget as markets watch story " + id +
          "</h1><p class=\"byline\">By Farm Reporter</p><time datetime=\"2022-09-20T13:14:00Z\">20 September "
          "2022</time>";
  for (int i = 0; i < 8; ++i) {
    page += "<p>Ministers in Berlin and Paris met on Tuesday to discuss energy prices and the economy in story " + id +
            ", paragraph " + std::to_string(i) +
            ". The finance committee heard evidence from economists who warned that household bills would rise "
            "again this winter unless gas storage targets were met, while opposition members pressed for a windfall "
            "tax on energy companies and for faster support to small businesses facing higher costs.</p>";
  }
  page += "</article><aside class=\"related\"><h2>Most read</h2><ul>";
  for (int i = 0; i < 10; ++i) {
    page += "<li><a href=\"/story/" + std::to_string(i) + "\">Another headline about markets number " +
            std::to_string(i) + "</a></li>";
  }
  page +=
      "</ul></aside><div class=\"share\">Share on Facebook Twitter Email</div></main><footer><p>Copyright "
      "2022 Farm Courier. All rights reserved.</p><ul>";
  for (int i = 0; i < 20; ++i)
    page += "<li><a href=\"/about/" + std::to_string(i) + "\">About link " + std::to_string(i) + "</a></li>";
  return page + "</ul></footer><script>track('page');</script></body></html>";
}

std::string feed_body(int address, int feed, int items, const std::string& page_base) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Farm " +
                    std::to_string(address) + "-" + std::to_string(feed) + "</title><language>en</language>";
  for (int item = 0; item < items; ++item) {
    const std::string id = std::to_string(address) + "-" + std::to_string(feed) + "-" + std::to_string(item);
    xml += "<item><title>Parliament debates the budget as markets watch story " + id + "</title><link>" +
           (page_base.empty() ? "http://farm.example/" + id : page_base + "/article/" + id + ".html") +
           "</link><pubDate>Tue, 20 Sep 2022 13:14:00 GMT</pubDate>"
           "<description><![CDATA[<p>Ministers in Berlin and Paris met on Tuesday to discuss energy prices and the "
           "economy, story " +
           id +
           ".</p><p>Analysts expect the central bank to hold interest rates.</p>]]>"
           "</description></item>";
  }
  return xml + "</channel></rss>";
}

}  // namespace

int main(int argc, char** argv) {
  const bool pages = argc == 6 && std::string(argv[5]) == "--pages";
  if (argc != 5 && !pages) {
    std::cerr << "usage: newsdex-feed-farm ADDRESSES FEEDS_PER_ADDRESS ITEMS OPML_OUT [--pages]\n";
    return 2;
  }
  const int addresses = std::stoi(argv[1]), feeds = std::stoi(argv[2]), items = std::stoi(argv[3]);
  std::vector<std::unique_ptr<httplib::Server>> servers;
  std::vector<std::thread> threads;
  std::ofstream opml(argv[4]);
  opml << "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>farm</title></head><body>\n";
  for (int a = 0; a < addresses; ++a) {
    const std::string host = "127.0.0." + std::to_string(a + 2);
    auto server = std::make_unique<httplib::Server>();
    const int port = server->bind_to_any_port(host);
    if (port <= 0) {
      std::cerr << "newsdex-feed-farm: error: cannot listen on " << host << '\n';
      return 3;
    }
    const std::string base = "http://" + host + ':' + std::to_string(port);
    for (int f = 0; f < feeds; ++f) {
      auto body = std::make_shared<std::string>(feed_body(a, f, items, pages ? base : std::string()));
      const std::string etag = "\"farm-" + std::to_string(a) + "-" + std::to_string(f) + "\"";
      server->Get("/feed" + std::to_string(f) + ".rss",
                  [body, etag](const httplib::Request& request, httplib::Response& response) {
                    if (request.get_header_value("If-None-Match") == etag) {
                      response.status = 304;
                      return;
                    }
                    response.set_header("ETag", etag);
                    response.set_content(*body, "application/rss+xml");
                  });
      opml << "<outline type=\"rss\" text=\"farm\" newsdexPages=\"" << (pages ? "always" : "never") << "\" xmlUrl=\""
           << base << "/feed" << f << ".rss\"/>\n";
    }
    if (pages) {
      server->Get(R"(/article/([0-9-]+)\.html)", [](const httplib::Request& request, httplib::Response& response) {
        response.set_content(page_body(request.matches[1].str()), "text/html; charset=utf-8");
      });
    }
    threads.emplace_back([s = server.get()] { s->listen_after_bind(); });
    servers.push_back(std::move(server));
  }
  opml << "</body></opml>\n";
  opml.close();
  std::cout << "ready" << std::endl;
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
  for (auto& server : servers) server->stop();
  for (auto& thread : threads) thread.join();
  return 0;
}
