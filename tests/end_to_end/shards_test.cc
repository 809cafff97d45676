// An index split into shards behind a Xapian stub file (XAPIANDB), local or served by stock
// xapian-tcpsrv processes, answers exactly as one database of the same articles.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "loopback_server.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

std::string story_record(int n) {
  const char* stories[] = {"Farmers in Germany brought in the harvest as grain prices held",
                           "Kenya's parliament debated the housing levy and the budget",
                           "Brazil named a new football coach before the Copa America",
                           "Japan's central bank kept interest rates unchanged",
                           "Oil prices rose as OPEC and Russia held output steady"};
  return "{\"id\": \"story:" + std::to_string(n) + "\", \"title\": \"Report " + std::to_string(n) + ": " +
         stories[n % 5] + "\", \"text\": \"" + stories[n % 5] + ", report " + std::to_string(n) +
         " said, with figures for week " + std::to_string(n * 7 % 52) + ".\", \"source\": \"Desk " +
         std::to_string(n % 3) + "\", \"published\": \"2023-" + (n % 12 < 9 ? "0" : "") + std::to_string(1 + n % 12) +
         "-1" + std::to_string(n % 10) + "T08:00:00Z\"}\n";
}

// A free TCP port on loopback (the kernel's choice, released for the server to take).
int free_port() {
  const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(socket_fd);
  return ntohs(address.sin_port);
}

// A search answer with hits of equal score in id order: shards number documents differently,
// and Xapian breaks ties by document number.
nlohmann::json comparable(nlohmann::json answer) {
  auto& hits = answer.at("hits");
  std::stable_sort(hits.begin(), hits.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.at("score") != b.at("score") ? a.at("score") > b.at("score") : a.at("id") < b.at("id");
  });
  return answer;
}

class Shards : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string first, second;
    for (int n = 0; n < 60; ++n) (n < 35 ? first : second) += story_record(n);
    write_file(dir_.file("first.jsonl"), first);
    write_file(dir_.file("second.jsonl"), second);
    write_file(dir_.file("all.jsonl"), first + second);
    import(dir_.file("shards/a"), "first.jsonl");
    import(dir_.file("shards/b"), "second.jsonl");
    import(dir_.file("single"), "all.jsonl");
    std::filesystem::create_directories(dir_.file("sharded"));
    write_file(dir_.file("sharded/XAPIANDB"), "auto ../shards/a\nauto ../shards/b\n");
  }

  void import(const std::string& database, const std::string& file) {
    const ProcessResult imported = run_process({kIndexProgram, "--db", database, "import", dir_.file(file)});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  nlohmann::json search(const std::string& database, std::vector<std::string> args) {
    args.insert(args.begin(), {kSearchProgram, "--db", database});
    args.push_back("--json");
    const ProcessResult result = run_process(args);
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err;
    return result.exit_code <= 1 ? comparable(nlohmann::json::parse(result.out)) : nlohmann::json();
  }

  // The same answers from `database` as from the single database, for a spread of searches.
  // Pages hold every match (or are in date order), so that hits tied in score cannot fall on
  // either side of a page's end depending on document numbers.
  void expect_same_answers_as_single(const std::string& database) {
    const std::vector<std::vector<std::string>> searches = {
        {"harvest OR prices OR coach OR bank OR levy", "--limit", "100"},
        {"prices", "--no-collapse", "--limit", "100"},
        {"oil", "--country", "RU", "--facet-limit", "3", "--limit", "100"},
        {"report", "--sort", "date", "--limit", "20", "--offset", "5"},  // every article has its own time
        {"germany OR kenya OR oil", "--sort", "recent", "--limit", "100"},
        {"--topic", "sport", "--since", "2023-03-01", "--until", "2023-09-30", "--limit", "100"},
        {"bank rates", "--facets", "country,month", "--limit", "100"},
    };
    for (const auto& args : searches) {
      const nlohmann::json expected = search(dir_.file("single"), args);
      ASSERT_GT(expected.at("total").get<int>(), 0) << args[0];
      EXPECT_EQ(search(database, args), expected) << args[0];
    }
    const ProcessResult shown = run_process({kSearchProgram, "--db", database, "show", "story:43", "--json"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(nlohmann::json::parse(shown.out).at("title"),
              "Report 43: Japan's central bank kept interest rates unchanged");
    const ProcessResult stats = run_process({kSearchProgram, "--db", database, "stats", "--json"});
    ASSERT_EQ(stats.exit_code, 0) << stats.err;
    EXPECT_EQ(nlohmann::json::parse(stats.out).at("articles"), 60);
  }

  // The command importing kArticles records into a new index of 2 lanes that commits every batch
  // and starts a new shard every 1,500 articles a lane: seconds of work, with steps to land in.
  static constexpr int kArticles = 20000;
  std::vector<std::string> long_rolling_import(const std::string& index) {
    std::string lines;
    for (int n = 0; n < kArticles; ++n) lines += story_record(n);
    write_file(dir_.file("many.jsonl"), lines);
    return {kIndexProgram, "--db", index,          "import", dir_.file("many.jsonl"), "--commit-every", "100",
            "--shards",    "2",    "--shard-size", "1500"};
  }

  TempDir dir_;
};

TEST_F(Shards, LocalShardsAnswerAsOneDatabase) {
  expect_same_answers_as_single(dir_.file("sharded"));
  const ProcessResult stats = run_process({kSearchProgram, "--db", dir_.file("sharded"), "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out).at("shards"), 2);
}

TEST_F(Shards, RemoteShardsOnXapianTcpsrvAnswerAsOneDatabase) {
  if (!std::filesystem::exists("/usr/bin/xapian-tcpsrv"))
    GTEST_FAIL() << "xapian-tcpsrv is missing: run scripts/install-deps";
  std::vector<std::unique_ptr<BackgroundProcess>> servers;
  std::string stub;
  for (const char* shard : {"shards/a", "shards/b"}) {
    const int port = free_port();
    const std::string log = dir_.file(std::string("tcpsrv-") + std::to_string(port) + ".out");
    servers.push_back(std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/xapian-tcpsrv", "--port", std::to_string(port), "--interface", "127.0.0.1",
                                 dir_.file(shard)},
        log));
    for (int waited = 0; waited < 100 && read_file(log).find("Listening") == std::string::npos; ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(read_file(log).find("Listening"), std::string::npos) << read_file(log);
    stub += "remote 127.0.0.1:" + std::to_string(port) + "\n";
  }
  // The search host holds nothing but the stub.
  std::filesystem::create_directories(dir_.file("search-host"));
  write_file(dir_.file("search-host/XAPIANDB"), stub);
  expect_same_answers_as_single(dir_.file("search-host"));
  // Word positions are kept where only newsdex reads them (schema 4): the stock server cannot check
  // a phrase, and the search says so rather than answer it as the words apart.
  const ProcessResult phrase = run_process({kSearchProgram, "--db", dir_.file("search-host"), "\"interest rates\""});
  EXPECT_EQ(phrase.exit_code, 3) << phrase.out;
  EXPECT_NE(phrase.err.find("phrase and proximity searches"), std::string::npos) << phrase.err;
  EXPECT_EQ(search(dir_.file("single"), {"\"interest rates\""}).at("total").get<int>() > 0, true);
}

TEST_F(Shards, AnIndexImportedIntoShardsAnswersAsOneDatabase) {
  const ProcessResult imported =
      run_process({kIndexProgram, "--db", dir_.file("parallel"), "import", dir_.file("all.jsonl"), "--shards", "2"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_TRUE(std::filesystem::exists(dir_.file("parallel/XAPIANDB")));
  expect_same_answers_as_single(dir_.file("parallel"));
  // Importing again adds nothing: every article is found in its shard.
  const ProcessResult again =
      run_process({kIndexProgram, "--db", dir_.file("parallel"), "import", dir_.file("all.jsonl")});
  EXPECT_NE(again.out.find("0 new, 0 updated"), std::string::npos) << again.out;
  const ProcessResult stats = run_process({kSearchProgram, "--db", dir_.file("parallel"), "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out).at("articles"), 60);
  // Shards are made in a new folder only.
  const ProcessResult over =
      run_process({kIndexProgram, "--db", dir_.file("single"), "import", dir_.file("all.jsonl"), "--shards", "2"});
  EXPECT_EQ(over.exit_code, 2);
  EXPECT_NE(over.err.find("already an index"), std::string::npos) << over.err;
}

TEST_F(Shards, LanesStartNewShardsAsTheyFillAndUpdatesFindTheOldOnes) {
  const std::string index = dir_.file("parallel");
  // Each import commits once at its end, where each lane finds more than 8 articles in its shard.
  const ProcessResult first = run_process(
      {kIndexProgram, "--db", index, "import", dir_.file("first.jsonl"), "--shards", "2", "--shard-size", "8"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const ProcessResult second = run_process({kIndexProgram, "--db", index, "import", dir_.file("second.jsonl")});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string stub = read_file(index + "/XAPIANDB");
  EXPECT_EQ(stub,
            "auto shards/lane-0/0000\nauto shards/lane-0/0001\nauto shards/lane-0/0002\n"
            "auto shards/lane-1/0000\nauto shards/lane-1/0001\nauto shards/lane-1/0002\n");
  expect_same_answers_as_single(index);

  // story:0 went into the first shard of its lane, closed since: its update lands there, once.
  write_file(
      dir_.file("update.jsonl"),
      "{\"id\": \"story:0\", \"title\": \"Report 0: Farmers in Germany counted a record harvest\", "
      "\"text\": \"Farmers in Germany counted a record harvest of rapeseed this week.\", \"source\": \"Desk 0\"}\n");
  const ProcessResult updated = run_process({kIndexProgram, "--db", index, "import", dir_.file("update.jsonl")});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_NE(updated.out.find("0 new, 1 updated"), std::string::npos) << updated.out;
  EXPECT_EQ(read_file(index + "/XAPIANDB"), stub) << "an update starts no shard";
  EXPECT_EQ(search(index, {"rapeseed"}).at("total"), 1);
  const ProcessResult stats = run_process({kSearchProgram, "--db", index, "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out).at("articles"), 60);
  int holding = 0;
  for (int generation = 0; generation < 10; ++generation) {
    for (int lane = 0; lane < 2; ++lane) {
      const std::string shard = index + "/shards/lane-" + std::to_string(lane) + "/000" + std::to_string(generation);
      if (!std::filesystem::exists(shard)) continue;
      const ProcessResult shown = run_process({kSearchProgram, "--db", shard, "show", "story:0", "--json"});
      if (shown.exit_code == 0) {
        ++holding;
        EXPECT_EQ(generation, 0) << "the update stays in the closed shard that held the article";
      }
    }
  }
  EXPECT_EQ(holding, 1);

  // Compaction takes every shard when no writer is running, and changes no answer.
  const ProcessResult compacted = run_process({kIndexProgram, "--db", index, "compact"});
  ASSERT_EQ(compacted.exit_code, 0) << compacted.err;
  EXPECT_EQ(compacted.out.find("being written"), std::string::npos) << compacted.out;
  EXPECT_EQ(search(index, {"rapeseed"}).at("total"), 1);
}

// A crawl killed while a lane started its next shard left that shard's folder with a table file
// and no "iamglass"; every later run failed to create the shard over it.
TEST_F(Shards, AShardWhoseCreationWasCutShortIsMadeAgain) {
  const std::string index = dir_.file("parallel");
  write_file(dir_.file("empty.jsonl"), "");
  ASSERT_EQ(run_process({kIndexProgram, "--db", index, "import", dir_.file("empty.jsonl"), "--shards", "2",
                         "--shard-size", "8"})
                .exit_code,
            0);
  for (const char* lane : {"lane-0", "lane-1"}) {
    const std::string cut_short = index + "/shards/" + lane + "/0001";
    std::filesystem::create_directories(cut_short);
    write_file(cut_short + "/postlist.glass", "");
  }
  const ProcessResult imported = run_process({kIndexProgram, "--db", index, "import", dir_.file("all.jsonl")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(search(index, {"harvest"}).at("total"), search(dir_.file("single"), {"harvest"}).at("total"));
  const ProcessResult stats = run_process({kSearchProgram, "--db", index, "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out).at("articles"), 60);
  EXPECT_TRUE(std::filesystem::exists(index + "/shards/lane-0/0001/iamglass"));
}

TEST_F(Shards, MigrateCopiesASingleDatabaseIntoShardsAndLeavesItAsItWas) {
  const std::string single = dir_.file("single");
  ASSERT_EQ(
      run_process({kIndexProgram, "--db", single, "feeds", "add", "http://desk.example/news.rss", "--country", "KE"})
          .exit_code,
      0);
  const std::string into = dir_.file("migrated");
  const ProcessResult migrated =
      run_process({kIndexProgram, "--db", single, "migrate", "--into", into, "--shards", "2", "--shard-size", "20"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("60 articles copied"), std::string::npos) << migrated.out;
  expect_same_answers_as_single(into);  // and the single database still answers: it is the reference
  const nlohmann::json feeds =
      nlohmann::json::parse(run_process({kIndexProgram, "--db", into, "feeds", "list", "--json"}).out);
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds.at(0).at("url"), "http://desk.example/news.rss");
  // The import position came along: importing the same file into the new index reads nothing again.
  const ProcessResult again = run_process({kIndexProgram, "--db", into, "import", dir_.file("all.jsonl")});
  EXPECT_NE(again.out.find("0 new, 0 updated, 0 unchanged"), std::string::npos) << again.out;

  // A rerun (after an interruption, say) finds every article already there.
  const ProcessResult rerun = run_process({kIndexProgram, "--db", single, "migrate", "--into", into});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.out.find("0 articles copied, 60 already there"), std::string::npos) << rerun.out;
  // Nothing else is overwritten, and a sharded index is not migrated again.
  const ProcessResult occupied = run_process({kIndexProgram, "--db", single, "migrate", "--into", dir_.file("shards")});
  EXPECT_EQ(occupied.exit_code, 2);
  EXPECT_NE(occupied.err.find("not a sharded index"), std::string::npos) << occupied.err;
  const ProcessResult sharded = run_process({kIndexProgram, "--db", into, "migrate", "--into", dir_.file("again")});
  EXPECT_EQ(sharded.exit_code, 2);
  EXPECT_NE(sharded.err.find("already a sharded index"), std::string::npos) << sharded.err;
}

TEST_F(Shards, CopiesOfAStoryInDifferentShardsCollapse) {
  const std::string story =
      "Azerbaijan and Turkiye signed a memorandum on cooperation in the space sector in Baku on Tuesday, covering "
      "satellites, launch services, training of engineers and the exchange of research data between the two agencies.";
  // Ids chosen to land in both shards; imported in two runs, so each copy sees the other committed.
  for (int copy = 0; copy < 4; ++copy) {
    const std::string file = dir_.file("copy" + std::to_string(copy) + ".jsonl");
    write_file(file, "{\"id\": \"wire-copy-" + std::to_string(copy) + "\", \"title\": \"Space deal " +
                         std::to_string(copy) + "\", \"text\": \"" + story + "\", \"source\": \"Outlet " +
                         std::to_string(copy) + "\"}\n");
    std::vector<std::string> args = {kIndexProgram, "--db", dir_.file("parallel"), "import", file};
    // A shard a copy: each lane closes its shard at every commit, so the copies before are in
    // closed shards.
    if (copy == 0) args.insert(args.end(), {"--shards", "2", "--shard-size", "1"});
    ASSERT_EQ(run_process(args).exit_code, 0);
  }
  const nlohmann::json found = search(dir_.file("parallel"), {"space memorandum"});
  EXPECT_EQ(found.at("total"), 4);
  ASSERT_EQ(found.at("hits").size(), 1u) << found.at("hits");
  EXPECT_EQ(found.at("hits")[0].at("duplicates"), 3);
}

TEST_F(Shards, AKilledShardedImportResumesToEveryArticleOnce) {
  const std::string index = dir_.file("parallel");
  const std::vector<std::string> import = long_rolling_import(index);
  auto articles = [&] {
    const ProcessResult stats = run_process({kSearchProgram, "--db", index, "stats", "--json"});
    return stats.exit_code == 0 ? nlohmann::json::parse(stats.out).at("articles").get<int>() : 0;
  };
  {
    BackgroundProcess importing(import);
    for (int waited = 0; waited < 600 && articles() < 300; ++waited)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    importing.kill(SIGKILL);
    importing.wait();
  }
  const int before = articles();
  ASSERT_GE(before, 300);
  ASSERT_LT(before, kArticles) << "the import finished before it could be killed";
  const ProcessResult resumed = run_process(import);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(articles(), kArticles) << "every article once, across the shards";
  for (int n : {0, 7777, kArticles - 1}) {
    EXPECT_EQ(run_process({kSearchProgram, "--db", index, "show", "story:" + std::to_string(n)}).exit_code, 0) << n;
  }
}

TEST_F(Shards, CompactionDuringAnImportTakesTheClosedShardsAndLeavesTheOpenOnes) {
  const std::string index = dir_.file("parallel");
  BackgroundProcess importing(long_rolling_import(index));
  auto closed_shards_listed = [&] {
    if (!std::filesystem::exists(index + "/XAPIANDB")) return false;
    const std::string stub = read_file(index + "/XAPIANDB");
    return stub.find("lane-0/0001") != std::string::npos && stub.find("lane-1/0001") != std::string::npos;
  };
  // Up to a minute: under the sanitizers on two busy cores, both lanes took more than ten
  // seconds to close a shard.
  for (int waited = 0; waited < 6000 && !closed_shards_listed(); ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(closed_shards_listed());
  const ProcessResult compacted = run_process({kIndexProgram, "--db", index, "compact"});
  EXPECT_EQ(compacted.exit_code, 0) << compacted.err;
  EXPECT_NE(compacted.out.find("lane-0/0000: "), std::string::npos) << compacted.out;
  EXPECT_NE(compacted.out.find("lane-1/0000: "), std::string::npos) << compacted.out;
  // 20,000 articles take the import seconds more than one closed shard takes to compact.
  EXPECT_NE(compacted.out.find("being written, left as it is"), std::string::npos) << compacted.out;
  ASSERT_EQ(importing.wait(), 0) << "the import goes on beside the compaction";
  const ProcessResult stats = run_process({kSearchProgram, "--db", index, "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out).at("articles"), kArticles);
  EXPECT_EQ(run_process({kSearchProgram, "--db", index, "show", "story:0"}).exit_code, 0);
}

// The bytes of the files in a folder.
uint64_t folder_bytes(const std::string& folder) {
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

TEST_F(Shards, AnImportCompactsTheShardsItClosesAndCompactLeavesThemAlone) {
  const std::string index = dir_.file("parallel");
  std::string lines;
  for (int n = 0; n < 3000; ++n) lines += story_record(n);  // three batches of import: three commits
  write_file(dir_.file("some.jsonl"), lines);
  const ProcessResult imported = run_process({kIndexProgram, "--db", index, "import", dir_.file("some.jsonl"),
                                              "--commit-every", "100", "--shards", "2", "--shard-size", "100"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.err.find("warning"), std::string::npos) << imported.err;
  // Each lane closed two shards or more, of 100 articles or more: compact as Xapian's own compactor
  // would make them.
  const std::string stub = read_file(index + "/XAPIANDB");
  ASSERT_NE(stub.find("lane-0/0002"), std::string::npos) << stub;
  ASSERT_NE(stub.find("lane-1/0002"), std::string::npos) << stub;
  for (const char* closed : {"lane-0/0000", "lane-0/0001", "lane-1/0000", "lane-1/0001"}) {
    const std::string shard = index + "/shards/" + closed;
    const std::string copy = dir_.file(std::string("recompacted-") + closed[5]);
    std::filesystem::remove_all(copy);
    const ProcessResult recompacted = run_process({"/usr/bin/xapian-compact", shard, copy});
    ASSERT_EQ(recompacted.exit_code, 0) << recompacted.err;
    EXPECT_LE(folder_bytes(shard), folder_bytes(copy) * 11 / 10) << closed << " was not compacted";
  }
  // `compact` leaves them so and compacts the open shards.
  const ProcessResult compacted = run_process({kIndexProgram, "--db", index, "compact"});
  ASSERT_EQ(compacted.exit_code, 0) << compacted.err;
  EXPECT_NE(compacted.out.find("lane-0/0000: "), std::string::npos) << compacted.out;
  EXPECT_NE(compacted.out.find("compacted already"), std::string::npos) << compacted.out;
  EXPECT_NE(compacted.out.find(" MB -> "), std::string::npos) << compacted.out;
  const ProcessResult stats = run_process({kSearchProgram, "--db", index, "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out).at("articles"), 3000);
  EXPECT_EQ(run_process({kSearchProgram, "--db", index, "show", "story:0"}).exit_code, 0);
}

TEST_F(Shards, ACrawlWritesArticlesToTheShardsAndItsBookkeepingBesideThem) {
  LoopbackServer feeds;
  std::string xml = "<rss version=\"2.0\"><channel><title>Harbour Desk</title>";
  for (int n = 0; n < 30; ++n) {
    xml += "<item><title>Harbour notice " + std::to_string(n) + "</title><link>http://harbour.example/" +
           std::to_string(n) + "</link><description>Ships waited at the harbour in Rotterdam, notice " +
           std::to_string(n) + ".</description></item>";
  }
  xml += "</channel></rss>";
  feeds.server().Get("/harbour.rss", [xml](const httplib::Request&, httplib::Response& response) {
    response.set_content(xml, "application/rss+xml");
  });
  const std::string index = dir_.file("parallel");
  write_file(dir_.file("empty.jsonl"), "");
  ASSERT_EQ(run_process({kIndexProgram, "--db", index, "import", dir_.file("empty.jsonl"), "--shards", "2"}).exit_code,
            0);
  ASSERT_EQ(run_process({kIndexProgram, "--db", index, "feeds", "add", feeds.url("/harbour.rss"), "--pages", "never"})
                .exit_code,
            0);
  const ProcessResult crawled = run_process({kIndexProgram, "--db", index, "crawl"});
  ASSERT_EQ(crawled.exit_code, 0) << crawled.err;
  const nlohmann::json listed =
      nlohmann::json::parse(run_process({kIndexProgram, "--db", index, "feeds", "list", "--json"}).out);
  EXPECT_EQ(listed.at(0).at("articles"), 30);
  const nlohmann::json stats =
      nlohmann::json::parse(run_process({kSearchProgram, "--db", index, "stats", "--json"}).out);
  EXPECT_EQ(stats.at("articles"), 30) << "the bookkeeping is not counted as articles";
  EXPECT_EQ(stats.at("feeds"), 1);
  EXPECT_FALSE(stats.at("last_crawl").is_null());
  EXPECT_EQ(search(index, {"rotterdam harbour", "--no-collapse"}).at("total"), 30);
  // Both shards took a share.
  for (const char* shard : {"shards/lane-0/0000", "shards/lane-1/0000"}) {
    const ProcessResult one = run_process({kSearchProgram, "--db", index + "/" + shard, "stats", "--json"});
    EXPECT_GT(nlohmann::json::parse(one.out).at("articles").get<int>(), 0) << shard;
  }
}

}  // namespace
}  // namespace newsdex::testing
