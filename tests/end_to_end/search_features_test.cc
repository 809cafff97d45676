// The query language and result features of newsdex-search, through the real programs, on a
// small feed written here.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "programs.h"

namespace newsdex::testing {
namespace {

class SearchFeatures : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string feed =
        "<rss version=\"2.0\"><channel><title>Desk</title><language>en</language>" +
        desk_item("old-harbour", "Harbour cranes idle as dockers strike", "Mon, 05 Sep 2022 09:00:00 GMT",
                  "Dockers at the harbour stopped work over pay; cranes stood idle and ships waited offshore.") +
        desk_item("new-harbour", "Harbour cranes idle again as dockers strike", "Thu, 29 Sep 2022 09:00:00 GMT",
                  "Dockers at the harbour stopped work over pay for a second time; cranes stood idle.") +
        desk_item("ankara-talks", "Trade talks in Ankara", "Wed, 14 Sep 2022 09:00:00 GMT",
                  "Ministers met in Ankara to discuss trade between Turkiye and its neighbours.") +
        desk_item("volcano", "Volcano erupts on remote island", "Tue, 20 Sep 2022 09:00:00 GMT",
                  "A volcano erupted overnight, sending ash over fishing villages; geologists watched the lava.") +
        "</channel></rss>";
    feed_ = programs_.dir().file("desk.rss");
    write_file(feed_, feed);
    const ProcessResult added = programs_.index({"add", feed_});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  std::vector<std::string> urls(std::vector<std::string> args) const {
    std::vector<std::string> found;
    const nlohmann::json response = programs_.search_json(std::move(args));
    for (const auto& hit : response.at("hits")) found.push_back(hit.at("url").get<std::string>());
    return found;
  }

  Programs programs_;
  std::string feed_;
};

TEST_F(SearchFeatures, DateRangesInTheQueryIncludeBothEnds) {
  EXPECT_EQ(urls({"harbour date:2022-09-01..2022-09-05"}), std::vector<std::string>{"http://desk.example/old-harbour"})
      << "an end date means the whole day";
  EXPECT_EQ(urls({"harbour date:2022-09-06.."}), std::vector<std::string>{"http://desk.example/new-harbour"});
  const ProcessResult bad = programs_.search({"harbour date:2022-13-45..2022-09-30"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("invalid date"), std::string::npos) << bad.err;
}

TEST_F(SearchFeatures, RecentSortPutsTheNewerOfEquallyGoodMatchesFirst) {
  const std::vector<std::string> by_relevance = urls({"dockers strike", "--sort", "relevance"});
  const std::vector<std::string> by_recency = urls({"dockers strike", "--sort", "recent"});
  ASSERT_EQ(by_recency.size(), 2u);
  EXPECT_EQ(by_recency.front(), "http://desk.example/new-harbour");
  EXPECT_EQ(std::set(by_relevance.begin(), by_relevance.end()), std::set(by_recency.begin(), by_recency.end()));
  EXPECT_EQ(programs_.search({"dockers", "--sort", "newest"}).exit_code, 2);
}

TEST_F(SearchFeatures, SimilarFindsTheRelatedStoryAndNotTheArticleItself) {
  const nlohmann::json response = programs_.search_json({"similar", "http://desk.example/old-harbour"});
  ASSERT_FALSE(response["hits"].empty());
  EXPECT_EQ(response["hits"][0]["url"], "http://desk.example/new-harbour");
  for (const auto& hit : response["hits"]) EXPECT_NE(hit["url"], "http://desk.example/old-harbour");
  const ProcessResult missing = programs_.search({"similar", "http://desk.example/nothing"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no article"), std::string::npos) << missing.err;
}

TEST_F(SearchFeatures, AnyNameOfACountryFindsTheOthers) {
  for (const char* query : {"Turkey", "Türkiye", "turkiye", "Republic of Türkiye"}) {
    EXPECT_EQ(urls({query}), std::vector<std::string>{"http://desk.example/ankara-talks"}) << query;
  }
}

TEST_F(SearchFeatures, MisspeltQueriesGetASuggestion) {
  const nlohmann::json misspelt = programs_.search_json({"volcanno"});
  EXPECT_EQ(misspelt["corrected_query"], "volcano");
  EXPECT_TRUE(programs_.search_json({"volcano"})["corrected_query"].is_null());
  const ProcessResult terminal = programs_.search({"volcanno", "--as-typed"});
  EXPECT_NE(terminal.out.find("Did you mean: volcano?"), std::string::npos) << terminal.out;
}

TEST_F(SearchFeatures, LongOutputOnATerminalGoesThroughThePager) {
  if (!std::filesystem::exists("/usr/bin/script")) GTEST_SKIP() << "script(1) is not installed (util-linux)";
  // script(1) gives the search a terminal of the size stty sets; the pager marks each line.
  auto on_terminal = [&](int rows) {
    const std::string command = "stty rows " + std::to_string(rows) + " cols 100; NEWSDEX_PAGER='sed s/^/PAGED:/' " +
                                kSearchProgram + " --db " + programs_.database() + " harbour OR volcano";
    return run_process({"/usr/bin/script", "-qec", command, "/dev/null"});
  };
  EXPECT_NE(on_terminal(5).out.find("PAGED:"), std::string::npos) << "taller than the terminal";
  const ProcessResult fits = on_terminal(200);
  EXPECT_EQ(fits.out.find("PAGED:"), std::string::npos) << "fits on the screen";
  EXPECT_NE(fits.out.find("Harbour cranes"), std::string::npos) << fits.out;
  EXPECT_EQ(programs_.search({"harbour OR volcano"}).out.find("PAGED:"), std::string::npos) << "not a terminal";
}

}  // namespace
}  // namespace newsdex::testing

namespace newsdex::testing {
namespace {

// Facet counts checked against a count done by hand over every matching article.
class FacetCounts : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* places[] = {"Azerbaijan", "Japan", "Brazil", "Kenya", "Norway"};
    const char* sections[] = {"Sport", "Business", "Politics"};
    for (int source = 0; source < 3; ++source) {
      std::string xml =
          "<rss version=\"2.0\"><channel><title>Outlet " + std::to_string(source) + "</title><language>en</language>";
      for (int i = 0; i < 20; ++i) {
        const int n = source * 20 + i;
        const std::string place = places[n % 5], other = places[(n / 5) % 5];
        xml += "<item><title>" + place + " and " + other + " trade report " + std::to_string(n) +
               "</title><link>http://outlet.example/" + std::to_string(n) + "</link><category>" + sections[n % 3] +
               "</category><pubDate>" + std::to_string(1 + n % 28) + (n % 2 ? " Aug" : " Sep") +
               " 2022 10:00:00 GMT</pubDate><description>Officials from " + place + " met counterparts from " + other +
               " to discuss trade number " + std::to_string(n) + ".</description></item>";
      }
      const std::string path = programs_.dir().file("outlet" + std::to_string(source) + ".rss");
      write_file(path, xml + "</channel></rss>");
      ASSERT_EQ(programs_.index({"add", path}).exit_code, 0);
    }
  }
  Programs programs_;
};

using Counts = std::map<std::string, uint64_t>;

Counts facet_of(const nlohmann::json& response, const std::string& facet) {
  Counts counts;
  for (const auto& count : response["facets"][facet]) counts[count["value"]] = count["count"];
  return counts;
}

TEST_F(FacetCounts, EqualABruteForceCountWithMultiSelectSemantics) {
  const nlohmann::json everything = programs_.search_json({"trade", "--no-collapse", "--limit", "1000"});
  ASSERT_EQ(everything["total"], 60);
  const std::set<std::string> chosen_countries = {"AZ", "JP"};
  const std::string chosen_topic = "sport";
  auto has = [](const nlohmann::json& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  auto country_ok = [&](const nlohmann::json& hit) {
    return std::any_of(chosen_countries.begin(), chosen_countries.end(),
                       [&](const auto& c) { return has(hit["countries"], c); });
  };
  auto topic_ok = [&](const nlohmann::json& hit) { return has(hit["topics"], chosen_topic); };
  Counts countries, topics, sources, months;
  uint64_t total = 0;
  for (const auto& hit : everything["hits"]) {
    if (topic_ok(hit)) {  // the country facet ignores the country filter
      for (const auto& code : hit["countries"]) ++countries[code];
    }
    if (country_ok(hit)) {  // the topic facet ignores the topic filter
      for (const auto& slug : hit["topics"]) ++topics[slug];
    }
    if (country_ok(hit) && topic_ok(hit)) {
      ++total;
      ++sources[hit["source"]];
      ++months[hit["published"].get<std::string>().substr(0, 7)];
    }
  }
  ASSERT_GT(total, 0u);
  const nlohmann::json filtered =
      programs_.search_json({"trade", "--no-collapse", "--country", "AZ", "--country", "JP", "--topic", chosen_topic});
  EXPECT_EQ(filtered["total"], total);
  EXPECT_EQ(facet_of(filtered, "country"), countries);
  EXPECT_EQ(facet_of(filtered, "topic"), topics);
  EXPECT_EQ(facet_of(filtered, "source"), sources);
  EXPECT_EQ(facet_of(filtered, "month"), months);
  EXPECT_GT(countries.size(), chosen_countries.size()) << "the alternatives to the chosen countries are shown";
}

}  // namespace
}  // namespace newsdex::testing
