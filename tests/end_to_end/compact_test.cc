// newsdex-index compact: smaller or equal files, the same answers, and searchers that keep going.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>

#include "programs.h"

namespace newsdex::testing {
namespace {

std::string records(int first, int count) {
  std::string lines;
  for (int n = first; n < first + count; ++n) {
    lines += "{\"id\": \"c" + std::to_string(n) + "\", \"title\": \"Shipping report " + std::to_string(n) +
             "\", \"text\": \"Ships waited outside " + (n % 2 ? "Rotterdam" : "Singapore") + " in report " +
             std::to_string(n) + " as freight rates rose.\", \"published\": \"2023-05-0" + std::to_string(1 + n % 9) +
             "T10:00:00Z\"}\n";
  }
  return lines;
}

uint64_t bytes_in(const std::string& folder) {
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

TEST(Compact, LeavesEveryAnswerAsItWas) {
  Programs programs;
  // Updates and several commits leave the free space compaction takes back.
  write_file(programs.dir().file("a.jsonl"), records(0, 300));
  ASSERT_EQ(programs.index({"import", programs.dir().file("a.jsonl"), "--commit-every", "20"}).exit_code, 0);
  write_file(programs.dir().file("b.jsonl"), records(100, 300));
  ASSERT_EQ(programs.index({"import", programs.dir().file("b.jsonl"), "--commit-every", "20"}).exit_code, 0);
  const std::vector<std::vector<std::string>> searches = {{"rotterdam", "--limit", "1000"},
                                                          {"freight rates", "--sort", "date", "--limit", "50"},
                                                          {"\"outside rotterdam\"", "--limit", "1000"},
                                                          {"\"freight rates rose\"", "--limit", "1000"},
                                                          {"--country", "SG", "--limit", "1000"}};
  std::vector<nlohmann::json> before;
  for (const auto& search : searches) before.push_back(programs.search_json(search));
  const uint64_t bytes_before = bytes_in(programs.database());

  const ProcessResult compacted = programs.index({"compact"});
  ASSERT_EQ(compacted.exit_code, 0) << compacted.err;
  EXPECT_NE(compacted.out.find(" MB -> "), std::string::npos) << compacted.out;
  EXPECT_LT(bytes_in(programs.database()), bytes_before);
  for (size_t i = 0; i < searches.size(); ++i)
    EXPECT_EQ(programs.search_json(searches[i]), before[i]) << searches[i][0];
  EXPECT_EQ(programs.article_count(), 400u);
}

TEST(Compact, ARunningServerKeepsAnsweringAndSeesLaterArticles) {
  Programs programs;
  write_file(programs.dir().file("a.jsonl"), records(0, 50));
  ASSERT_EQ(programs.index({"import", programs.dir().file("a.jsonl")}).exit_code, 0);
  ServedIndex server(programs);
  httplib::Client client("127.0.0.1", server.port());
  auto total = [&](const std::string& query) {
    const auto response = client.Get("/search?q=" + query);
    EXPECT_TRUE(response && response->status == 200) << (response ? response->body : "no response");
    return response && response->status == 200 ? nlohmann::json::parse(response->body).at("total").get<int>() : -1;
  };
  EXPECT_EQ(total("rotterdam"), 25);
  ASSERT_EQ(programs.index({"compact"}).exit_code, 0);
  EXPECT_EQ(total("rotterdam"), 25);
  write_file(programs.dir().file("b.jsonl"), records(50, 10));
  ASSERT_EQ(programs.index({"import", programs.dir().file("b.jsonl")}).exit_code, 0);
  EXPECT_EQ(total("rotterdam"), 30) << "the server follows the compacted index";
}

TEST(Compact, CompactsEachLocalShardOfAStub) {
  TempDir dir;
  write_file(dir.file("a.jsonl"), records(0, 40));
  write_file(dir.file("b.jsonl"), records(40, 40));
  for (const char* shard : {"a", "b"}) {
    ASSERT_EQ(run_process({kIndexProgram, "--db", dir.file(std::string("shards/") + shard), "import",
                           dir.file(std::string(shard) + ".jsonl")})
                  .exit_code,
              0);
  }
  std::filesystem::create_directories(dir.file("archive"));
  write_file(dir.file("archive/XAPIANDB"), "auto ../shards/a\nauto ../shards/b\n");
  const ProcessResult compacted = run_process({kIndexProgram, "--db", dir.file("archive"), "compact"});
  ASSERT_EQ(compacted.exit_code, 0) << compacted.err;
  EXPECT_EQ(line_count(compacted.out), 2u) << compacted.out;
  const ProcessResult found = run_process({kSearchProgram, "--db", dir.file("archive"), "singapore", "--json"});
  EXPECT_EQ(nlohmann::json::parse(found.out).at("total"), 40);
}

TEST(Compact, RefusesWhereThereIsNoIndex) {
  TempDir dir;
  const ProcessResult missing = run_process({kIndexProgram, "--db", dir.file("nothing"), "compact"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("no index here"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace newsdex::testing
