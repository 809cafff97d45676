// Read replicas with Xapian's own replication (docs/sharding.md): xapian-replicate-server on
// the indexing host, xapian-replicate on each search host, all over loopback here. After each
// crawl and one replication cycle, every replica answers as the primary does, and searches on a
// replica while it replicates never fail.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "loopback_server.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

constexpr const char* kReplicateServer = "/usr/bin/xapian-replicate-server";
constexpr const char* kReplicate = "/usr/bin/xapian-replicate";

// A loopback port nothing listens on now (the replication server cannot be asked for port 0).
int unused_port() {
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(probe);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int client = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  const bool connected = ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(client);
  return connected;
}

std::string wire_feed(int items) {
  std::string xml = "<rss version=\"2.0\"><channel><title>Harbour Wire</title><language>en</language>";
  for (int i = 0; i < items; ++i) {
    const std::string n = std::to_string(i);
    xml += desk_item("harbour-" + n, "Harbour report " + n + " from Baku", "Wed, 14 Sep 2022 09:00:00 GMT",
                     "Dockers in Baku, Azerbaijan, loaded ships for the " + n + "th day as trade with Turkiye grew.");
  }
  return xml + "</channel></rss>";
}

class Replication : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* program : {kReplicateServer, kReplicate}) {
      if (!std::filesystem::exists(program)) GTEST_SKIP() << program << " is missing (xapian-tools)";
    }
    // The feed as it stands now: serve_feed() changes it between crawls.
    feeds_.server().Get("/wire.rss", [this](const httplib::Request&, httplib::Response& response) {
      const std::lock_guard lock(feed_mutex_);
      response.set_content(feed_, "application/rss+xml");
    });
    serve_feed(3);
    ASSERT_EQ(programs_.index({"feeds", "add", feeds_.url("/wire.rss")}).exit_code, 0);
    crawl();
    port_ = unused_port();
    // Serves every database under the primary's folder; replicas ask for "index".
    server_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        kReplicateServer, "--interface=127.0.0.1", "--port=" + std::to_string(port_), programs_.dir().path()});
    for (int waited = 0; waited < 100 && !accepts_connections(port_); ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(accepts_connections(port_)) << "xapian-replicate-server did not start";
  }

  void serve_feed(int items) {
    const std::lock_guard lock(feed_mutex_);
    feed_ = wire_feed(items);
  }

  // A crawl that keeps changesets for the replicas (Xapian's XAPIAN_MAX_CHANGESETS).
  void crawl() {
    const ProcessResult crawled = run_process(
        {"/usr/bin/env", "XAPIAN_MAX_CHANGESETS=10", kIndexProgram, "--db", programs_.database(), "crawl", "--all"});
    ASSERT_EQ(crawled.exit_code, 0) << crawled.err;
  }

  // One replication cycle into `replica`.
  ProcessResult replicate(const std::string& replica) const {
    return run_process({kReplicate, "--host=127.0.0.1", "--port=" + std::to_string(port_), "--master=index",
                        "--one-shot", "--reader-time=0", "--quiet", replica});
  }

  nlohmann::json search(const std::string& database, const std::string& query) const {
    const ProcessResult result = run_process({kSearchProgram, "--db", database, query, "--json"});
    EXPECT_EQ(result.exit_code, 0) << database << ": " << result.err;
    return result.exit_code == 0 ? nlohmann::json::parse(result.out) : nlohmann::json();
  }

  std::mutex feed_mutex_;
  std::string feed_;
  LoopbackServer feeds_;
  Programs programs_;
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> server_;
};

TEST_F(Replication, EachReplicaAnswersAsThePrimaryAfterOneCycle) {
  const std::vector<std::string> replicas = {programs_.dir().file("replica-1"), programs_.dir().file("replica-2")};
  for (const std::string& replica : replicas) {
    const ProcessResult first = replicate(replica);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(search(replica, "harbour"), search(programs_.database(), "harbour")) << replica;
    EXPECT_EQ(search(replica, "harbour")["total"], 3);
  }

  // More news on the primary: one cycle brings each replica level with it.
  serve_feed(40);
  crawl();
  const nlohmann::json primary = search(programs_.database(), "harbour");
  ASSERT_EQ(primary["total"], 40);
  for (const std::string& replica : replicas) {
    EXPECT_EQ(search(replica, "harbour")["total"], 3) << "not yet replicated";
    const ProcessResult cycle = replicate(replica);
    ASSERT_EQ(cycle.exit_code, 0) << cycle.err;
    EXPECT_EQ(search(replica, "harbour"), primary) << replica;
    const ProcessResult values = run_process({kSearchProgram, "--db", replica, "values", "country", "--json"});
    EXPECT_EQ(values.out,
              run_process({kSearchProgram, "--db", programs_.database(), "values", "country", "--json"}).out);
  }
}

TEST_F(Replication, SearchesOnAReplicaWhileItReplicatesNeverFail) {
  const std::string replica = programs_.dir().file("replica");
  ASSERT_EQ(replicate(replica).exit_code, 0);
  std::atomic<bool> replicating = true;
  std::atomic<int> searches = 0, failures = 0;
  std::string failure;
  std::thread searcher([&] {
    while (replicating) {
      const ProcessResult result = run_process({kSearchProgram, "--db", replica, "harbour", "--json"});
      ++searches;
      if (result.exit_code != 0 && failures++ == 0) failure = result.err;
    }
  });
  for (int round = 0; round < 4; ++round) {
    serve_feed(10 + 10 * round);
    crawl();
    const ProcessResult cycle = replicate(replica);
    EXPECT_EQ(cycle.exit_code, 0) << cycle.err;
  }
  replicating = false;
  searcher.join();
  EXPECT_GT(searches.load(), 0);
  EXPECT_EQ(failures.load(), 0) << failures << " of " << searches << " searches failed; the first: " << failure;
  EXPECT_EQ(search(replica, "harbour")["total"], 40);
}

}  // namespace
}  // namespace newsdex::testing
