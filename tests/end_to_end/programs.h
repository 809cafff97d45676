// Running newsdex-index and newsdex-search against one temporary index.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "loopback_server.h"
#include "process.h"
#include "test_paths.h"

namespace newsdex::testing {

// A temporary index and the two programs pointed at it with --db.
class Programs {
 public:
  // Tests never reach the internet, and test feeds link to made-up (.example) and real sites: a
  // feed subscribed here without --pages is subscribed with --pages never. Tests of article pages
  // say --pages, and serve the pages themselves.
  ProcessResult index(std::vector<std::string> args, const std::string& input = "") const {
    const bool subscribing = args.size() >= 2 && args[0] == "feeds" && args[1] == "add";
    if (subscribing && std::find(args.begin(), args.end(), "--pages") == args.end()) {
      args.insert(args.end(), {"--pages", "never"});
    }
    return run(kIndexProgram, std::move(args), input);
  }
  ProcessResult search(std::vector<std::string> args, const std::string& input = "") const {
    return run(kSearchProgram, std::move(args), input);
  }
  // Runs a search with --json and parses the output.
  nlohmann::json search_json(std::vector<std::string> args) const {
    args.push_back("--json");
    const ProcessResult result = search(std::move(args));
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err;
    return nlohmann::json::parse(result.out);
  }
  uint64_t article_count() const {
    const ProcessResult result = search({"stats", "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out).at("articles").get<uint64_t>();
  }
  const std::string& database() const { return database_; }
  const TempDir& dir() const { return dir_; }

 private:
  ProcessResult run(const char* program, std::vector<std::string> args, const std::string& input) const {
    args.insert(args.begin(), {program, "--db", database_});
    return run_process(args, input);
  }

  TempDir dir_;
  std::string database_ = dir_.file("index");
};

// `newsdex-search serve` on a free loopback port over an index, stopped (SIGTERM, then SIGKILL
// if need be) when it goes out of scope.
class ServedIndex {
 public:
  ServedIndex(const Programs& programs, std::vector<std::string> extra_args = {})
      : log_(programs.dir().file("serve-" + std::to_string(++instances_) + ".out")) {
    std::vector<std::string> argv = {kSearchProgram, "--db", programs.database(), "serve", "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<BackgroundProcess>(argv, log_);
    // The program prints "newsdex-search: serving http://127.0.0.1:PORT/ ..." once it listens.
    for (int waited = 0; waited < 200 && port_ == 0; ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string out = read_file(log_);
      const size_t at = out.find("127.0.0.1:");
      if (at != std::string::npos && out.find('/', at) != std::string::npos) port_ = std::stoi(out.substr(at + 10));
    }
    if (port_ == 0) throw std::runtime_error("newsdex-search serve did not start: " + read_file(log_));
  }

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  BackgroundProcess& process() { return *process_; }

 private:
  static inline int instances_ = 0;
  std::string log_;
  std::unique_ptr<BackgroundProcess> process_;
  int port_ = 0;
};

// Serves `feeds` wire feeds of `items` "Markets report" items each on `server`, each answer held
// back by `delay` so that a crawl's commits spread out in time; subscribes `programs` to all.
inline void serve_and_subscribe_wire_feeds(LoopbackServer& server, const Programs& programs, int feeds, int items,
                                           std::chrono::milliseconds delay) {
  for (int feed = 0; feed < feeds; ++feed) {
    std::string xml = "<rss version=\"2.0\"><channel><title>Wire " + std::to_string(feed) + "</title>";
    for (int item = 0; item < items; ++item) {
      const std::string id = std::to_string(feed) + "-" + std::to_string(item);
      xml += "<item><title>Markets report " + id + "</title><link>http://wire.example/" + id +
             "</link><description>Markets moved today in report " + id +
             " as traders weighed rates.</description></item>";
    }
    const std::string path = "/wire" + std::to_string(feed) + ".rss";
    server.server().Get(path, [xml, delay](const httplib::Request&, httplib::Response& response) {
      std::this_thread::sleep_for(delay);
      response.set_content(xml + "</channel></rss>", "application/rss+xml");
    });
    ASSERT_EQ(programs.index({"feeds", "add", server.url(path)}).exit_code, 0);
  }
}

// An RSS item of the made-up news desk (http://desk.example/SLUG).
inline std::string desk_item(const std::string& slug, const std::string& title, const std::string& date,
                             const std::string& text) {
  return "<item><title>" + title + "</title><link>http://desk.example/" + slug + "</link><pubDate>" + date +
         "</pubDate><description>" + text + "</description></item>";
}

// The seed article's feed in ../shared; empty when the shared folder is absent.
inline std::string seed_feed() {
  const std::string path = std::string(kSharedDir) + "/fixtures/seed/azernews-space-mou.rss";
  return std::filesystem::exists(path) ? path : std::string();
}

// Runs a program within the acceptance bounds for hostile input: 2 GiB of address space
// (ulimit -v) and, in a release build, 20 s. Not under AddressSanitizer, which reserves
// terabytes of address space and runs several times slower.
inline ProcessResult run_bounded(std::vector<std::string> argv, const std::string& input = "") {
#ifndef NEWSDEX_TESTS_SANITIZED
  argv.insert(argv.begin(), {"/bin/sh", "-c", "ulimit -v 2097152 && exec \"$0\" \"$@\""});
#endif
  const auto started = std::chrono::steady_clock::now();
  ProcessResult result = run_process(argv, input);
#ifndef NEWSDEX_TESTS_SANITIZED
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20)) << argv.back();
#endif
  (void)started;
  return result;
}

// Number of lines of a text.
inline size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace newsdex::testing
