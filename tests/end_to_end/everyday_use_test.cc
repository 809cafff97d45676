// The rough edges a first week of use finds, through the real programs: spelling suggestions
// that keep the query's syntax, names beside codes, the values command, an empty search feed,
// the counts of a first crawl, and dates in the future.
#include <gtest/gtest.h>

#include <regex>

#include "newsdex/text.h"
#include "newsdex/time.h"
#include "programs.h"

namespace newsdex::testing {
namespace {

class EverydayUse : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string feed =
        "<rss version=\"2.0\"><channel><title>Desk</title><language>en</language>" +
        desk_item("ankara-talks", "Trade talks in Ankara", "Wed, 14 Sep 2022 09:00:00 GMT",
                  "Ministers met in Ankara to discuss trade between Turkiye and its neighbours.") +
        desk_item("volcano", "Volcano erupts on remote island", "Tue, 20 Sep 2022 09:00:00 GMT",
                  "A volcano erupted overnight, sending ash over fishing villages; geologists watched the lava.") +
        desk_item("cafe", "Harbour café reopens", "Fri, 23 Sep 2022 09:00:00 GMT",
                  "The harbour café reopened after repairs, and fishermen came back for breakfast.") +
        "</channel></rss>";
    const std::string path = programs_.dir().file("desk.rss");
    write_file(path, feed);
    const ProcessResult added = programs_.index({"add", path});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  nlohmann::json json_of(std::vector<std::string> args, int expected_exit = 0) const {
    args.push_back("--json");
    const ProcessResult result = programs_.search(std::move(args));
    EXPECT_EQ(result.exit_code, expected_exit) << result.err;
    return nlohmann::json::parse(result.out);
  }

  Programs programs_;
};

TEST_F(EverydayUse, AQueryThatFindsNothingShowsWhatItsCorrectionFinds) {
  const nlohmann::json shown = json_of({"volcanno"});
  EXPECT_EQ(shown["query"], "volcanno") << "the query stays the user's";
  EXPECT_EQ(shown["corrected_query"], "volcano");
  EXPECT_EQ(shown["showing_corrected"], true);
  ASSERT_EQ(shown["hits"].size(), 1u);
  EXPECT_EQ(shown["hits"][0]["url"], "http://desk.example/volcano");
  const ProcessResult terminal = programs_.search({"volcanno"});
  EXPECT_EQ(terminal.exit_code, 0);
  EXPECT_NE(terminal.out.find("Showing results for volcano"), std::string::npos) << terminal.out;

  // As typed: nothing, with the suggestion offered.
  const nlohmann::json as_typed = json_of({"volcanno", "--as-typed"}, 1);
  EXPECT_EQ(as_typed["total"], 0);
  EXPECT_EQ(as_typed["corrected_query"], "volcano");
  EXPECT_EQ(as_typed["showing_corrected"], false);
  EXPECT_NE(programs_.search({"volcanno", "--as-typed"}).out.find("Did you mean: volcano?"), std::string::npos);
  EXPECT_EQ(json_of({"volcano"})["showing_corrected"], false);
}

TEST_F(EverydayUse, ASuggestionKeepsQuotesOperatorsAndFilters) {
  EXPECT_EQ(json_of({"\"volcanno erupts"})["corrected_query"], "\"volcano erupts") << "an unclosed phrase stays one";
  EXPECT_TRUE(json_of({"volcano OR eruptz"})["corrected_query"].is_null())
      << "the correction finds no more than the query: no suggestion";
  const nlohmann::json filtered = json_of({"title:volcanno", "--country", "TR"}, 1);
  EXPECT_TRUE(filtered["corrected_query"].is_null()) << "no article about Türkiye has a volcano: nothing more found";
  EXPECT_EQ(json_of({"title:Volcanno NOT ankara"})["corrected_query"], "title:Volcano NOT ankara")
      << "field, operator and capital kept; only the misspelt word changes";
  EXPECT_EQ(json_of({"ankra", "--country", "TR"})["corrected_query"], "ankara") << "filters given as options apply";
}

TEST_F(EverydayUse, BytesThatAreNotUtf8AreReadAsWindows1252) {
  const ProcessResult result = programs_.search({"caf\xe9", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(is_valid_utf8(result.out));
  const nlohmann::json response = nlohmann::json::parse(result.out);
  EXPECT_EQ(response["query"], "café");
  ASSERT_EQ(response["hits"].size(), 1u);
  EXPECT_EQ(response["hits"][0]["url"], "http://desk.example/cafe");
}

TEST_F(EverydayUse, FacetsCarryNamesBesideTheirCodes) {
  const nlohmann::json response = json_of({"trade"});
  const nlohmann::json& country = response["facets"]["country"].at(0);
  EXPECT_EQ(country["value"], "TR");
  EXPECT_EQ(country["label"], "Türkiye");
  for (const auto& topic : response["facets"]["topic"]) {
    EXPECT_FALSE(topic["label"].get<std::string>().empty()) << topic.dump();
    EXPECT_NE(topic["label"], topic["value"]) << "a name, not the slug again";
  }
  EXPECT_EQ(response["facets"]["language"].at(0)["label"], "English");
  EXPECT_EQ(response["facets"]["month"].at(0)["label"], "September 2022");
  EXPECT_EQ(response["hits"][0]["countries"], nlohmann::json::array({"TR"})) << "hits keep plain codes for tools";
  const ProcessResult terminal = programs_.search({"trade"});
  EXPECT_NE(terminal.out.find("TR Türkiye (1)"), std::string::npos) << terminal.out;
}

TEST_F(EverydayUse, ValuesListsEveryValueWithItsNameAndCount) {
  const nlohmann::json countries = json_of({"values", "country"});
  EXPECT_EQ(countries["facet"], "country");
  ASSERT_FALSE(countries["values"].empty());
  EXPECT_EQ(countries["values"][0]["value"], "TR");
  EXPECT_EQ(countries["values"][0]["label"], "Türkiye");
  EXPECT_EQ(countries["values"][0]["count"], 1);
  const nlohmann::json languages = json_of({"values", "language"});
  EXPECT_EQ(languages["values"][0]["count"], 3);
  const ProcessResult sources = programs_.search({"values", "source"});
  EXPECT_EQ(sources.exit_code, 0);
  EXPECT_NE(sources.out.find("Desk"), std::string::npos) << sources.out;
  EXPECT_EQ(programs_.search({"values", "colour"}).exit_code, 2);
}

TEST_F(EverydayUse, AnUnknownTopicErrorListsTheValidSlugs) {
  const ProcessResult bad = programs_.search({"trade", "--topic", "sports"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("economy-business-finance"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("sport,"), std::string::npos) << bad.err;
}

TEST_F(EverydayUse, ABareSearchProgramPrintsAnExample) {
  const ProcessResult bare = run_process({kSearchProgram});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("Usage: newsdex-search QUERY..."), std::string::npos) << bare.err;
  EXPECT_NE(bare.err.find("Examples:"), std::string::npos) << bare.err;
}

TEST_F(EverydayUse, StatsPrintSizesForPeopleAndBytesForTools) {
  const ProcessResult terminal = programs_.search({"stats"});
  EXPECT_TRUE(std::regex_search(terminal.out, std::regex(R"(size: +[0-9.]+ (kB|MB)\n)"))) << terminal.out;
  const nlohmann::json json = json_of({"stats"});
  EXPECT_GT(json["size_bytes"].get<uint64_t>(), 1000u);
  ASSERT_TRUE(json["last_indexed"].is_string()) << json.dump();
  const auto indexed = parse_rfc3339(json["last_indexed"].get<std::string>());
  ASSERT_TRUE(indexed);
  EXPECT_LT(std::chrono::abs(now_utc() - *indexed), std::chrono::minutes(10)) << "written by the add just now";
}

TEST_F(EverydayUse, AnEmptySearchFeedIsAValidAnswerDatedByTheIndex) {
  const ProcessResult empty = programs_.search({"earthquake", "--atom"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(empty.out.find("<entry>"), std::string::npos) << empty.out;
  EXPECT_EQ(empty.out.find("1970"), std::string::npos) << empty.out;
  const std::string last_indexed = json_of({"stats"})["last_indexed"];
  EXPECT_NE(empty.out.find("<updated>" + last_indexed + "</updated>"), std::string::npos) << empty.out;
}

TEST(FirstCrawl, AnItemSeenTwiceInOneRunIsNewOnce) {
  Programs programs;
  const std::string item = desk_item("shared", "Port reopens", "Wed, 14 Sep 2022 09:00:00 GMT", "The port reopened.");
  const std::string twice = "<rss version=\"2.0\"><channel><title>One</title>" + item +
                            desk_item("other", "Other", "Wed, 14 Sep 2022 10:00:00 GMT", "Other news.") + item +
                            "</channel></rss>";
  const std::string again = "<rss version=\"2.0\"><channel><title>Two</title>" + item + "</channel></rss>";
  write_file(programs.dir().file("one.rss"), twice);
  write_file(programs.dir().file("two.rss"), again);
  const ProcessResult added = programs.index({"add", programs.dir().file("one.rss"), programs.dir().file("two.rss")});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("one.rss: 3 items, 2 new, 0 updated"), std::string::npos) << added.out;
  EXPECT_NE(added.out.find("two.rss: 1 items, 0 new, 0 updated"), std::string::npos) << added.out;
  EXPECT_EQ(programs.article_count(), 2u);
}

TEST(FutureDates, AnItemDatedInTheFutureIsDatedWhenItWasFirstSeen) {
  Programs programs;
  const std::string feed = "<rss version=\"2.0\"><channel><title>Clock</title>" +
                           desk_item("stray", "Stray post", "Sat, 01 Jan 2099 00:00:00 GMT", "A wrongly dated post.") +
                           desk_item("soon", "Slightly ahead", format_rfc3339(now_utc() + std::chrono::hours(2)),
                                     "A post from a clock two hours fast.") +
                           "</channel></rss>";
  write_file(programs.dir().file("clock.rss"), feed);
  const Timestamp before = now_utc();
  ASSERT_EQ(programs.index({"add", programs.dir().file("clock.rss")}).exit_code, 0);
  const nlohmann::json stray = programs.search_json({"show", "http://desk.example/stray"});
  EXPECT_EQ(stray["published_source"], "seen");
  const auto published = parse_rfc3339(stray["published"].get<std::string>());
  ASSERT_TRUE(published);
  EXPECT_LE(std::chrono::abs(*published - before), std::chrono::minutes(10)) << stray["published"];
  EXPECT_EQ(programs.search_json({"show", "http://desk.example/soon"})["published_source"], "feed")
      << "within the tolerance, a feed's date stands";
  // Crawled again later, the stray keeps the date it was first seen.
  ASSERT_EQ(programs.index({"add", programs.dir().file("clock.rss")}).exit_code, 0);
  EXPECT_EQ(programs.search_json({"show", "http://desk.example/stray"})["published"], stray["published"]);
}

}  // namespace
}  // namespace newsdex::testing
