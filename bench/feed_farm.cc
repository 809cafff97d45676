// newsdex-feed-farm ADDRESSES FEEDS_PER_ADDRESS ITEMS OPML_OUT: serves generated RSS feeds from
// many loopback addresses (127.0.0.2, 127.0.0.3, ...), each on its own port, so that a crawl
// meets per-host connection limits as on the web. Every feed carries an ETag and answers a
// matching If-None-Match with 304. Writes an OPML list of all feeds to OPML_OUT, prints
// "ready", and serves until stdin closes. For bench/crawl_throughput.sh; not installed.
#include <httplib.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string feed_body(int address, int feed, int items) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Farm " +
                    std::to_string(address) + "-" + std::to_string(feed) + "</title><language>en</language>";
  for (int item = 0; item < items; ++item) {
    const std::string id = std::to_string(address) + "-" + std::to_string(feed) + "-" + std::to_string(item);
    xml += "<item><title>Parliament debates the budget as markets watch story " + id +
           "</title><link>http://farm.example/" + id +
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
  if (argc != 5) {
    std::cerr << "usage: newsdex-feed-farm ADDRESSES FEEDS_PER_ADDRESS ITEMS OPML_OUT\n";
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
    for (int f = 0; f < feeds; ++f) {
      auto body = std::make_shared<std::string>(feed_body(a, f, items));
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
    }
    const int port = server->bind_to_any_port(host);
    if (port <= 0) {
      std::cerr << "newsdex-feed-farm: error: cannot listen on " << host << '\n';
      return 3;
    }
    for (int f = 0; f < feeds; ++f) {
      opml << "<outline type=\"rss\" text=\"farm\" xmlUrl=\"http://" << host << ':' << port << "/feed" << f
           << ".rss\"/>\n";
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
