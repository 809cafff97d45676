// End to end through the real programs: the acceptance lines of the first release.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "programs.h"

namespace newsdex::testing {
namespace {

std::set<std::string> as_set(const nlohmann::json& array) { return {array.begin(), array.end()}; }

class SeedArticle : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_ = seed_feed();
    if (seed_.empty()) GTEST_SKIP() << "../shared/fixtures/seed is absent: seed-article tests skipped";
    const ProcessResult added = programs_.index({"add", seed_});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  Programs programs_;
  std::string seed_;
};

TEST_F(SeedArticle, IsTheFirstHitWithItsCountriesTopicsDateAndFacets) {
  const nlohmann::json response = programs_.search_json({"space cooperation"});
  ASSERT_GE(response["hits"].size(), 1u);
  const nlohmann::json& hit = response["hits"][0];
  EXPECT_EQ(hit["url"], "https://www.azernews.az/business/sample-space-mou.html");
  EXPECT_EQ(hit["published"], "2022-09-20T13:14:00Z");
  const auto countries = as_set(hit["countries"]);
  EXPECT_TRUE(countries.count("AZ") && countries.count("TR")) << hit["countries"];
  const auto mentioned = as_set(hit["mentioned"]);
  for (const char* code : {"AZ", "TR", "FR", "GB"}) EXPECT_TRUE(mentioned.count(code)) << code << hit["mentioned"];
  EXPECT_TRUE(as_set(hit["topics"]).count("science-technology")) << hit["topics"];
  EXPECT_NE(hit["snippet"].get<std::string>().find("<b>"), std::string::npos);

  // Facet counts agree with the hits: every value counts the hits that carry it.
  EXPECT_EQ(response["total"], response["hits"].size());
  for (const auto& [facet, field] : {std::pair{"country", "countries"}, std::pair{"topic", "topics"}}) {
    std::map<std::string, int> expected;
    for (const auto& each : response["hits"]) {
      for (const auto& value : each[field]) ++expected[value.get<std::string>()];
    }
    std::map<std::string, int> actual;
    for (const auto& count : response["facets"][facet]) actual[count["value"]] = count["count"];
    EXPECT_EQ(actual, expected) << facet;
  }
  EXPECT_EQ(response["facets"]["month"][0]["value"], "2022-09");
}

TEST_F(SeedArticle, IsFoundWhateverTheSpellingOfTurkiye) {
  for (const char* query : {"Türkiye", "TURKIYE", "turkiye", "TÜRKİYE"}) {
    const ProcessResult result = programs_.search({query});
    EXPECT_EQ(result.exit_code, 0) << query << ": " << result.err;
    EXPECT_NE(result.out.find("Azerbaijan, Turkiye sign MoU"), std::string::npos) << query;
  }
}

TEST_F(SeedArticle, CountryFilterKeepsOrDropsIt) {
  EXPECT_EQ(programs_.search_json({"space", "--country", "AZ"})["total"], 1);
  const ProcessResult dropped = programs_.search({"space", "--country", "JP"});
  EXPECT_EQ(dropped.exit_code, 1);
  const ProcessResult by_name = programs_.search({"--country", "Türkiye", "space", "--json"});
  EXPECT_EQ(by_name.exit_code, 0) << by_name.err;
}

TEST_F(SeedArticle, AddingTheSameFeedTwiceAddsNothing) {
  EXPECT_EQ(programs_.article_count(), 1u);
  const ProcessResult again = programs_.index({"add", seed_});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(programs_.article_count(), 1u);
}

TEST_F(SeedArticle, ShowPrintsTheWholeArticle) {
  const ProcessResult shown =
      programs_.search({"show", "https://www.azernews.az/business/sample-space-mou.html", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto article = nlohmann::json::parse(shown.out);
  EXPECT_EQ(article["author"], "Ayya Lmahamad");
  EXPECT_NE(article["text"].get<std::string>().find("Shusha Declaration"), std::string::npos);
  EXPECT_EQ(programs_.search({"show", "no-such-id"}).exit_code, 2);
}

TEST(Programs, OptionsGoBeforeOrAfterTheSubcommand) {
  const std::string seed = seed_feed();
  if (seed.empty()) GTEST_SKIP() << "../shared/fixtures/seed is absent";
  Programs programs;
  ASSERT_EQ(programs.index({"add", seed}).exit_code, 0);
  const ProcessResult before = run_process({kSearchProgram, "--db", programs.database(), "--json", "space"});
  const ProcessResult after = run_process({kSearchProgram, "search", "space", "--db", programs.database(), "--json"});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(before.out, after.out);
}

TEST(Programs, BadInputGivesOneErrorLineAndExitCode2) {
  Programs programs;
  const std::string not_a_feed = std::string(kFixturesDir) + "/not_a_feed.html";
  const std::vector<std::pair<std::string, ProcessResult>> cases = {
      {"unknown option to index", programs.index({"add", "--frobnicate", not_a_feed})},
      {"unknown option to search", programs.search({"space", "--frobnicate"})},
      {"missing file", programs.index({"add", programs.dir().file("missing.rss")})},
      {"not a feed", programs.index({"add", not_a_feed})},
      {"parse of a non-feed", programs.index({"parse", not_a_feed})},
      {"empty query", programs.search({""})},
      {"no query at all", programs.search({})},
      {"unknown country", programs.index({"add", "--country", "XX", not_a_feed})},
      {"bad date", programs.search({"space", "--since", "last tuesday"})},
  };
  for (const auto& [name, result] : cases) {
    EXPECT_EQ(result.exit_code, 2) << name << ": " << result.err;
    EXPECT_EQ(line_count(result.err), 1u) << name << ": " << result.err;
    EXPECT_NE(result.err.find("error"), std::string::npos) << name;
  }
  EXPECT_NE(cases[2].second.err.find("missing.rss"), std::string::npos);
  EXPECT_NE(cases[3].second.err.find("not_a_feed.html"), std::string::npos);
}

TEST(Programs, ParsePrintsTheContractJson) {
  const ProcessResult result =
      run_process({kIndexProgram, "parse", std::string(kSamplesDir) + "/science-notes.atom", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto feed = nlohmann::json::parse(result.out);
  EXPECT_EQ(feed["format"], "atom1.0");
  EXPECT_EQ(feed["items"].size(), 3u);
  EXPECT_EQ(feed["items"][0]["link"], "http://science-notes.example/2024/04/norway-glaciers");
}

TEST(Programs, ParseReadsStandardInput) {
  const ProcessResult result = run_process({kIndexProgram, "parse", "-", "--json"},
                                           "<rss version=\"2.0\"><channel><title>Piped</title></channel></rss>");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["title"], "Piped");
}

TEST(Programs, TagPrintsOneLinePerInputInOrder) {
  const ProcessResult result = run_process(
      {kIndexProgram, "tag", "--jsonl"},
      "{\"id\": \"1\", \"title\": \"Kenya votes\", \"text\": \"Voters in Nairobi went to the polls in an election.\"}\n"
      "{\"id\": \"2\", \"title\": \"Cup final\", \"text\": \"Brazil won the football final.\"}\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(nlohmann::json::parse(first)["countries"][0]["code"], "KE");
  EXPECT_EQ(nlohmann::json::parse(second)["id"], "2");
  EXPECT_EQ(nlohmann::json::parse(second)["topics"][0]["slug"], "sport");
  EXPECT_FALSE(nlohmann::json::parse(second).contains("why")) << "only with --explain";
}

TEST(Programs, TagReadsEachLinesDeclaredLanguage) {
  // A headline too short to tell its language: the line's declaration decides, over --lang.
  const ProcessResult result = run_process(
      {kIndexProgram, "tag", "--jsonl", "--lang", "en"},
      "{\"id\": \"1\", \"title\": \"Bakan Almanya'ya gitti\", \"text\": \"\", \"language\": \"tr\"}\n"
      "{\"id\": \"2\", \"title\": \"Bakan Almanya'ya gitti\", \"text\": \"\"}\n"
      "{\"id\": \"3\", \"title\": \"x\", \"language\": 7}\n"
      "{\"id\": \"4\", \"title\": \"Bakan Almanya'ya gitti\", \"text\": \"\", \"language\": \"TR_tr\"}\n"
      "{\"id\": \"5\", \"title\": \"Bakan Almanya'ya gitti\", \"text\": \"\", \"language\": \"../\\u0000x\"}\n");
  EXPECT_EQ(result.exit_code, 2) << "a language must be a string";
  std::istringstream lines(result.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(nlohmann::json::parse(first)["language"], "tr");
  EXPECT_EQ(nlohmann::json::parse(first)["countries"][0]["code"], "DE");
  EXPECT_EQ(nlohmann::json::parse(second)["language"], "en") << "--lang for lines that declare none";
  EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
  std::string fourth, fifth;
  std::getline(lines, fourth);
  std::getline(lines, fifth);
  EXPECT_EQ(nlohmann::json::parse(fourth)["language"], "tr") << "a tag's case and separator do not matter";
  EXPECT_NE(nlohmann::json::parse(fifth)["language"], "..") << "no language code in it: the text decides";
}

TEST(Programs, TagExplainsTopicsWithWordsAndSections) {
  const ProcessResult result =
      run_process({kIndexProgram, "tag", "--jsonl", "--explain"},
                  "{\"id\": \"1\", \"title\": \"Quarterback throws four touchdowns\", \"text\": \"The offense scored "
                  "on every drive.\"}\n"
                  "{\"id\": \"2\", \"title\": \"Parliament votes\", \"text\": \"\", \"categories\": [\"Wirtschaft\"]}\n"
                  "{\"id\": \"3\", \"title\": \"x\", \"categories\": \"Sport\"}\n");
  EXPECT_EQ(result.exit_code, 2) << "categories must be an array";
  std::istringstream lines(result.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  const auto words = nlohmann::json::parse(first)["why"][0];
  EXPECT_EQ(words["slug"], "sport");
  EXPECT_EQ(words["source"], "words");
  ASSERT_FALSE(words["words"].empty());
  EXPECT_TRUE(words["words"][0]["weight"].is_number());
  const auto section = nlohmann::json::parse(second)["why"][0];
  EXPECT_EQ(section["slug"], "economy-business-finance");
  EXPECT_EQ(section["source"], "section");
  EXPECT_EQ(section["words"][0]["word"], "Wirtschaft");
  EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace newsdex::testing
