// newsdex-index import: JSON Lines and folders of feeds, malformed records, resuming after a kill.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "programs.h"

namespace newsdex::testing {
namespace {

std::string harvest_record(int n) {
  const char* places[] = {"Germany", "Kenya", "Brazil", "Japan"};
  return "{\"id\": \"wire:" + std::to_string(n) + "\", \"title\": \"Harvest report " + std::to_string(n) +
         "\", \"text\": \"Farmers in " + places[n % 4] + " brought in the harvest for report " + std::to_string(n) +
         " as prices held.\", \"source\": \"Wire\", \"published\": \"2023-0" + std::to_string(1 + n % 9) +
         "-15T08:00:00Z\"}\n";
}

std::string records(int count) {
  std::string lines;
  for (int n = 0; n < count; ++n) lines += harvest_record(n);
  return lines;
}

// Ids of every article whose id starts with "wire:", each as often as the index has it.
std::multiset<std::string> wire_ids(const Programs& programs) {
  std::multiset<std::string> ids;
  const ProcessResult found = programs.search({"harvest", "--no-collapse", "--limit", "10000", "--jsonl"});
  EXPECT_EQ(found.exit_code, 0) << found.err;
  std::istringstream lines(found.out);
  for (std::string line; std::getline(lines, line);)
    ids.insert(nlohmann::json::parse(line).at("id").get<std::string>());
  return ids;
}

TEST(Import, MalformedLinesAreReportedWithTheirNumbersAndSkipped) {
  Programs programs;
  const std::string archive = programs.dir().file("archive.jsonl");
  write_file(archive, harvest_record(1) + "{\"title\": \"no text\"}\n" + harvest_record(2) + "not json at all\n" +
                          "{\"title\": \"Bad date\", \"text\": \"x\", \"published\": \"last week\"}\n" +
                          "{\"title\": \"Bad country\", \"text\": \"x\", \"countries\": [\"Atlantis\"]}\n" +
                          "{\"title\": 7, \"text\": \"x\"}\n\n" +
                          // A number past a double's range (found by fuzzing: it ended the import).
                          "{\"title\": \"Huge\", \"text\": \"x\", \"published\": 18.0e5555555555555555503}\n" +
                          "{\"title\": \"Far\", \"text\": \"x\", \"published\": 1.7e39}\n" + harvest_record(3));
  const ProcessResult imported = programs.index({"import", archive});
  EXPECT_EQ(imported.exit_code, 2) << "some records were skipped";
  for (const char* expected :
       {"archive.jsonl:2: skipped: 'text' is missing", "archive.jsonl:4: skipped: not JSON",
        "archive.jsonl:5: skipped: 'published' is not an RFC 3339 time",
        "archive.jsonl:6: skipped: 'countries': unknown country 'Atlantis'",
        "archive.jsonl:7: skipped: 'title' must be a string", "archive.jsonl:9: skipped: not JSON",
        "archive.jsonl:10: skipped: 'published' is out of range"}) {
    EXPECT_NE(imported.err.find(expected), std::string::npos) << expected << "\n" << imported.err;
  }
  EXPECT_EQ(line_count(imported.err), 7u) << imported.err;
  EXPECT_NE(imported.out.find("3 new"), std::string::npos) << imported.out;
  EXPECT_EQ(wire_ids(programs), (std::multiset<std::string>{"wire:1", "wire:2", "wire:3"}));
}

TEST(Import, DetectsWhatARecordLeavesOutAndKeepsWhatItGives) {
  Programs programs;
  const std::string archive = programs.dir().file("archive.jsonl");
  write_file(
      archive,
      "{\"title\": \"Talks in Baku\", \"text\": \"Azerbaijan and Turkiye held energy talks in Baku on Tuesday, "
      "officials of both governments said after the meeting.\", \"url\": \"https://news.example/baku?utm_source=x\"}\n"
      "{\"id\": \"given\", \"title\": \"Filed by hand\", \"text\": \"Nothing here names a place.\", "
      "\"language\": \"en-GB\", \"countries\": [{\"code\": \"KE\", \"score\": 0.7}, \"Japan\"], \"topics\": "
      "[\"sport\"]}\n");
  ASSERT_EQ(programs.index({"import", archive}).exit_code, 0);
  const ProcessResult detected = programs.search({"show", "https://news.example/baku", "--json"});
  ASSERT_EQ(detected.exit_code, 0) << "the id is the canonical URL: " << detected.err;
  const nlohmann::json baku = nlohmann::json::parse(detected.out);
  EXPECT_EQ(baku.at("countries")[0], "AZ");
  EXPECT_NE(baku.at("mentioned").dump().find("TR"), std::string::npos) << baku.at("mentioned");
  EXPECT_EQ(baku.at("language"), "en");
  const nlohmann::json given = nlohmann::json::parse(programs.search({"show", "given", "--json"}).out);
  EXPECT_EQ(given.at("countries"), nlohmann::json::array({"KE", "JP"}));
  EXPECT_EQ(given.at("topics"), nlohmann::json::array({"sport"}));
  EXPECT_EQ(given.at("language"), "en");
}

TEST(Import, AKilledImportResumesAndEndsWithEveryArticleOnce) {
  constexpr int kArticles = 20000;
  Programs programs;
  const std::string archive = programs.dir().file("archive.jsonl");
  write_file(archive, records(kArticles));
  {
    BackgroundProcess importing(
        {kIndexProgram, "--db", programs.database(), "import", archive, "--commit-every", "100"});
    // Kill it once some commits have landed and before the end.
    for (int waited = 0; waited < 600; ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const ProcessResult stats = programs.search({"stats", "--json"});
      if (stats.exit_code == 0 && nlohmann::json::parse(stats.out).at("articles").get<int>() >= 300) break;
    }
    importing.kill(SIGKILL);
    EXPECT_EQ(importing.wait(), 128 + SIGKILL);
  }
  const uint64_t before = programs.article_count();
  ASSERT_GE(before, 300u);
  ASSERT_LT(before, static_cast<uint64_t>(kArticles)) << "the import finished before it could be killed";

  const ProcessResult resumed = programs.index({"import", archive, "--commit-every", "100"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("imported before were not read again"), std::string::npos) << resumed.out;
  // Every article once: as many documents as records, and every record's id found.
  EXPECT_EQ(programs.article_count(), static_cast<uint64_t>(kArticles));
  EXPECT_EQ(programs.search_json({"harvest", "--no-collapse", "--limit", "0"}).at("total"), kArticles);
  for (int n : {0, 299, 300, 7777, kArticles - 1}) {
    EXPECT_EQ(programs.search({"show", "wire:" + std::to_string(n)}).exit_code, 0) << n;
  }

  // A third run has nothing left to do.
  const ProcessResult again = programs.index({"import", archive});
  EXPECT_NE(again.out.find("0 new, 0 updated, 0 unchanged"), std::string::npos) << again.out;
}

TEST(Import, AFolderOfArchivesAndSavedFeeds) {
  Programs programs;
  const std::string folder = programs.dir().file("dump");
  std::filesystem::create_directories(folder + "/2023");
  write_file(folder + "/2023/part-1.jsonl", records(5));
  std::filesystem::copy_file(std::string(kSamplesDir) + "/world-desk.rss", folder + "/world-desk.rss");
  write_file(folder + "/broken.xml", "<html><body>not a feed</body></html>");
  const ProcessResult imported = programs.index({"import", folder});
  EXPECT_EQ(imported.exit_code, 2) << "the page that is not a feed is reported";
  EXPECT_NE(imported.err.find("broken.xml: skipped:"), std::string::npos) << imported.err;
  EXPECT_EQ(wire_ids(programs).size(), 5u);
  const uint64_t articles = programs.article_count();
  EXPECT_GT(articles, 5u) << "the saved feed's items are in too";
  const ProcessResult again = programs.index({"import", folder});
  EXPECT_NE(again.out.find("0 new, 0 updated"), std::string::npos) << again.out;
  EXPECT_EQ(programs.article_count(), articles);
}

TEST(Import, RefusesAPathThatIsNotThere) {
  Programs programs;
  const ProcessResult missing = programs.index({"import", programs.dir().file("nothing.jsonl")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nothing.jsonl"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace newsdex::testing
