// End to end: watches (saved searches) delivering new matches after crawls, over real HTTP on
// loopback, with kills, failing receivers and copies of one story.
#include <gtest/gtest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "loopback_server.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

// One article of the test feeds. The text is long enough (over 20 words) for story keys.
struct Item {
  std::string id;
  std::string title;
  std::string text;
};

Item volcano(int n) {
  const std::string tag = std::to_string(n);
  return {"http://news.example/volcano-" + tag, "Volcano report " + tag,
          "Report " + tag + " of the volcano watch: lava flows " + tag + " reached the valley road near village " +
              tag + " overnight while geologists number " + tag + " measured ash columns and residents in district " +
              tag + " left their homes for shelters run by volunteers from town " + tag + "."};
}

Item markets(int n) {
  const std::string tag = std::to_string(n);
  return {"http://news.example/markets-" + tag, "Markets report " + tag,
          "Markets report " + tag + ": shares closed higher in session " + tag + " as traders in hall " + tag +
              " weighed interest rates, bond yields and the earnings of companies listed on exchange " + tag +
              " during a quiet week for commodity prices."};
}

// An RSS feed served from memory; its items can change between crawls.
class ChangingFeed {
 public:
  explicit ChangingFeed(LoopbackServer& server, std::string path = "/feed.rss") : url_(server.url(path)) {
    server.server().Get(path, [this](const httplib::Request&, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      std::string xml = "<rss version=\"2.0\"><channel><title>Test wire</title>";
      for (const Item& item : items_) {
        xml += "<item><title>" + item.title + "</title><link>" + item.id + "</link><description>" + item.text +
               "</description></item>";
      }
      response.set_content(xml + "</channel></rss>", "application/rss+xml");
    });
  }
  void set(std::vector<Item> items) {
    std::lock_guard lock(mutex_);
    items_ = std::move(items);
  }
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::mutex mutex_;
  std::vector<Item> items_;
};

// The JSON objects of a JSON Lines file (none when it does not exist).
std::vector<nlohmann::json> read_lines(const std::string& path) {
  std::vector<nlohmann::json> objects;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) objects.push_back(nlohmann::json::parse(line));
  return objects;
}

std::multiset<std::string> ids_of(const std::vector<nlohmann::json>& hits) {
  std::multiset<std::string> ids;
  for (const auto& hit : hits) ids.insert(hit.at("id").get<std::string>());
  return ids;
}

nlohmann::json watch_named(const Programs& programs, const std::string& name) {
  const ProcessResult listed = programs.index({"watch", "list", "--json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  for (const auto& watch : nlohmann::json::parse(listed.out)) {
    if (watch["name"] == name) return watch;
  }
  ADD_FAILURE() << "no watch " << name << " in " << listed.out;
  return {};
}

void crawl(const Programs& programs) {
  const ProcessResult crawled = programs.index({"crawl", "--all"});
  ASSERT_EQ(crawled.exit_code, 0) << crawled.out << crawled.err;
}

// A feed served from memory on loopback, a fresh index subscribed to it, and a file for the
// watches' deliveries.
class Watch : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(programs.index({"feeds", "add", feed.url()}).exit_code, 0); }

  LoopbackServer server;
  ChangingFeed feed{server};
  Programs programs;
  const std::string out = programs.dir().file("hits.jsonl");
};

TEST_F(Watch, DeliversEachNewMatchOnceAcrossCrawlsWithAKillInBetween) {
  const std::string block = programs.dir().file("block");
  const std::string pid_file = programs.dir().file("delivery.pid");
  // The delivery command stalls while `block` exists, before it reads anything: a kill then
  // lands after the crawl's commit and before the delivery.
  const std::string command = "if [ -e " + block + " ]; then echo $$ > " + pid_file + "; sleep 60; fi; cat >> " + out;
  const ProcessResult added = programs.index({"watch", "add", "volcano", "volcano", "--deliver", "exec:" + command});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  // Crawl 1: two matching articles, one other.
  feed.set({volcano(1), volcano(2), markets(1)});
  crawl(programs);
  EXPECT_EQ(ids_of(read_lines(out)), (std::multiset<std::string>{volcano(1).id, volcano(2).id}));

  // Crawl 2 is killed once its articles are committed, during the watch's delivery.
  feed.set({volcano(1), volcano(2), volcano(3), markets(1), markets(2)});
  std::ofstream(block).put('1');
  {
    BackgroundProcess killed({kIndexProgram, "--db", programs.database(), "crawl", "--all"});
    for (int waited = 0; waited < 600 && !std::filesystem::exists(pid_file); ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(std::filesystem::exists(pid_file)) << "the delivery never started";
    killed.kill();
    EXPECT_EQ(killed.wait(), 128 + 9);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the pid is written before the shell sleeps
    const int delivery_pid = std::stoi(read_file(pid_file));
    ::kill(-delivery_pid, SIGKILL);  // the command's own process group
  }
  std::filesystem::remove(block);
  EXPECT_EQ(programs.article_count(), 5u) << "crawl 2 committed before it was killed";
  EXPECT_EQ(read_lines(out).size(), 2u) << "nothing of crawl 2 was delivered";

  // Crawl 3 adds one more: the watch delivers what crawl 2 and crawl 3 added, once each.
  feed.set({volcano(1), volcano(2), volcano(3), volcano(4), markets(1), markets(2), markets(3)});
  crawl(programs);
  EXPECT_EQ(ids_of(read_lines(out)),
            (std::multiset<std::string>{volcano(1).id, volcano(2).id, volcano(3).id, volcano(4).id}));
  for (const auto& hit : read_lines(out)) {
    EXPECT_EQ(hit["watch"], "volcano");
    EXPECT_NE(hit["snippet"].get<std::string>().find("<b>volcano</b>"), std::string::npos) << hit.dump();
  }

  // A crawl that adds nothing delivers nothing.
  crawl(programs);
  EXPECT_EQ(read_lines(out).size(), 4u);
  const nlohmann::json watch = watch_named(programs, "volcano");
  EXPECT_EQ(watch["delivered"], 4);
  EXPECT_EQ(watch["pending"], 0);
  EXPECT_TRUE(watch["last_error"].is_null()) << watch.dump();
}

TEST_F(Watch, TwoWireCopiesOfOneStoryAreDeliveredOnce) {
  ASSERT_EQ(programs.index({"watch", "add", "volcano", "volcano", "--deliver", "jsonl:" + out}).exit_code, 0);

  // Two outlets run the same wire story under their own links and headlines.
  Item copy = volcano(7);
  copy.id = "http://other.example/wire-volcano-7";
  copy.title = "Lava reaches valley road";
  feed.set({volcano(7), copy});
  crawl(programs);
  EXPECT_EQ(programs.article_count(), 2u);
  const auto first = read_lines(out);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["duplicates"], 1) << "the one hit stands for both copies";

  // A third copy in a later crawl is not news either.
  Item late = volcano(7);
  late.id = "http://third.example/volcano-7";
  feed.set({volcano(7), copy, late});
  crawl(programs);
  EXPECT_EQ(programs.article_count(), 3u);
  EXPECT_EQ(read_lines(out).size(), 1u);
}

TEST_F(Watch, NeverRelaxesItsQueryToAnyWord) {
  ASSERT_EQ(programs.index({"watch", "add", "both", "volcano shares", "--deliver", "jsonl:" + out}).exit_code, 0);
  // Articles with one of the words each: a search relaxes to them, a watch must not.
  feed.set({volcano(1), markets(1)});
  crawl(programs);
  EXPECT_TRUE(programs.search_json({"volcano", "shares"})["relaxed"].get<bool>());
  EXPECT_FALSE(std::filesystem::exists(out)) << read_file(out);
  // An article with both is news.
  Item both = volcano(2);
  both.text += " Insurers' shares fell.";
  feed.set({volcano(1), markets(1), both});
  crawl(programs);
  EXPECT_EQ(ids_of(read_lines(out)), (std::multiset<std::string>{both.id}));
}

TEST_F(Watch, DeliversBatchesLargerThanOneSearchPageWhole) {
  // 1,200 different stories in one feed: more than a watch search returns at once (1,000).
  std::mt19937 random(1200);
  const std::vector<std::string> words = {
      "river",    "bridge",   "council", "harvest", "airport", "school",   "market",  "storm",  "museum", "railway",
      "festival", "hospital", "harbour", "library", "factory", "election", "stadium", "forest", "tunnel", "court"};
  std::vector<Item> items;
  for (int n = 0; n < 1200; ++n) {
    std::string text = "Volcano bulletin " + std::to_string(n) + ":";
    for (int w = 0; w < 30; ++w) text += " " + words[random() % words.size()] + std::to_string(random() % 50);
    items.push_back({"http://news.example/bulletin-" + std::to_string(n), "Bulletin " + std::to_string(n), text + "."});
  }
  ASSERT_EQ(programs.index({"watch", "add", "volcano", "volcano", "--deliver", "jsonl:" + out}).exit_code, 0);
  feed.set(items);
  crawl(programs);
  const std::multiset<std::string> delivered = ids_of(read_lines(out));
  EXPECT_EQ(delivered.size(), 1200u);
  EXPECT_EQ(std::set<std::string>(delivered.begin(), delivered.end()).size(), 1200u) << "each once";
}

TEST_F(Watch, WebhookThatFailsOnceIsRetriedWithoutDuplicateOrLoss) {
  LoopbackServer receiver;
  std::mutex mutex;
  int requests = 0;
  bool failing_for_good = false;
  std::vector<nlohmann::json> received;
  receiver.server().Post("/hook", [&](const httplib::Request& request, httplib::Response& response) {
    std::lock_guard lock(mutex);
    ++requests;
    if (requests == 1 || failing_for_good) {
      response.status = 503;
      return;
    }
    received.push_back(nlohmann::json::parse(request.body));
    response.status = 204;
  });
  ASSERT_EQ(
      programs.index({"watch", "add", "hook", "volcano", "--deliver", "webhook:" + receiver.url("/hook")}).exit_code,
      0);

  // The first POST fails; the retry within the same run delivers.
  feed.set({volcano(1), volcano(2), markets(1)});
  crawl(programs);
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(requests, 2);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0]["watch"], "hook");
    EXPECT_EQ(ids_of(received[0]["hits"]), (std::multiset<std::string>{volcano(1).id, volcano(2).id}));
    failing_for_good = true;
  }

  // A receiver down for the whole run: the crawl still succeeds, the hits wait.
  feed.set({volcano(1), volcano(2), volcano(3), markets(1)});
  crawl(programs);
  nlohmann::json watch = watch_named(programs, "hook");
  EXPECT_EQ(watch["pending"], 1);
  EXPECT_NE(watch["last_error"].get<std::string>().find("503"), std::string::npos) << watch.dump();
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(requests, 5) << "three tries";
    failing_for_good = false;
  }

  // Up again: the next run delivers what waited, and nothing twice.
  const ProcessResult ran = programs.index({"watch", "run"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  std::lock_guard lock(mutex);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(ids_of(received[1]["hits"]), (std::multiset<std::string>{volcano(3).id}));
  watch = watch_named(programs, "hook");
  EXPECT_EQ(watch["delivered"], 3);
  EXPECT_EQ(watch["pending"], 0);
}

TEST_F(Watch, CommandThatFailsIsRetriedOnTheNextRun) {
  const std::string fail = programs.dir().file("fail");
  const std::string command = "if [ -e " + fail + " ]; then exit 3; fi; cat >> " + out;
  ASSERT_EQ(programs.index({"watch", "add", "volcano", "volcano", "--deliver", "exec:" + command}).exit_code, 0);

  std::ofstream(fail).put('1');
  feed.set({volcano(1), markets(1)});
  const ProcessResult crawled = programs.index({"crawl", "--all"});
  EXPECT_EQ(crawled.exit_code, 0) << "a failed delivery does not fail the crawl\n" << crawled.err;
  EXPECT_NE(crawled.err.find("exited with status 3"), std::string::npos) << crawled.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  nlohmann::json watch = watch_named(programs, "volcano");
  EXPECT_EQ(watch["pending"], 1);
  EXPECT_NE(watch["last_error"].get<std::string>().find("exited with status 3"), std::string::npos) << watch.dump();
  // `watch run` says so too, with the runtime-failure exit code.
  EXPECT_EQ(programs.index({"watch", "run", "volcano"}).exit_code, 3);

  std::filesystem::remove(fail);
  feed.set({volcano(1), volcano(2), markets(1)});
  crawl(programs);
  EXPECT_EQ(ids_of(read_lines(out)), (std::multiset<std::string>{volcano(1).id, volcano(2).id}));
  watch = watch_named(programs, "volcano");
  EXPECT_EQ(watch["delivered"], 2);
  EXPECT_TRUE(watch["last_error"].is_null());
}

TEST_F(Watch, StartsAtTheEndOfTheArchiveUnlessAskedToStartFromTheStart) {
  const std::string seed = seed_feed();
  if (seed.empty()) GTEST_SKIP() << "../shared is absent: no seed feed";
  ASSERT_EQ(programs.index({"add", seed}).exit_code, 0);
  const std::string later = programs.dir().file("later.jsonl");
  const std::string existing = programs.dir().file("existing.jsonl");
  ASSERT_EQ(
      programs.index({"watch", "add", "later", "space", "--country", "AZ", "--deliver", "jsonl:" + later}).exit_code,
      0);
  ASSERT_EQ(programs
                .index({"watch", "add", "existing", "space", "--country", "AZ", "--deliver", "jsonl:" + existing,
                        "--from-start"})
                .exit_code,
            0);
  const ProcessResult ran = programs.index({"watch", "run"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_FALSE(std::filesystem::exists(later)) << "the seed article was there before the watch";
  const auto hits = read_lines(existing);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["title"], "Azerbaijan, Turkiye sign MoU on cooperation in space sector");
  EXPECT_EQ(programs.index({"watch", "run"}).exit_code, 0);
  EXPECT_EQ(read_lines(existing).size(), 1u) << "delivered once";

  // jsonl:- (the default) writes to standard output; removing a watch stops it.
  ASSERT_EQ(programs.index({"watch", "add", "stdout", "space", "--from-start"}).exit_code, 0);
  const ProcessResult printed = programs.index({"watch", "run", "stdout"});
  EXPECT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_EQ(line_count(printed.out), 1u) << printed.out;
  EXPECT_EQ(nlohmann::json::parse(printed.out)["watch"], "stdout");
  EXPECT_EQ(programs.index({"watch", "remove", "stdout"}).exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(programs.index({"watch", "list", "--json"}).out).size(), 2u);
}

TEST_F(Watch, RefusesBadWatchesWithAClearMessage) {
  auto refused = [&](std::vector<std::string> args, const std::string& message) {
    const ProcessResult result = programs.index(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_EQ(line_count(result.err), 1u) << result.err;
  };
  refused({"watch", "add", "w", "space", "--deliver", "email:someone"}, "jsonl:FILE, exec:COMMAND or webhook:URL");
  refused({"watch", "add", "w", "space", "--deliver", "webhook:ftp://example.org/x"}, "http or https");
  refused({"watch", "add", "w", "space AND (", "--deliver", "jsonl:x"}, "space AND (");
  refused({"watch", "add", "w", "space", "--country", "XX"}, "XX");
  ASSERT_EQ(programs.index({"watch", "add", "w", "space"}).exit_code, 0);
  refused({"watch", "add", "w", "other"}, "exists");
  refused({"watch", "remove", "nope"}, "no watch called nope");
  refused({"watch", "run", "nope"}, "no watch called nope");
}

}  // namespace
}  // namespace newsdex::testing
