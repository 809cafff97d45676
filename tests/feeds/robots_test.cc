#include "newsdex/robots.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"
#include "test_paths.h"

namespace newsdex::feeds {
namespace {

using nlohmann::json;

// The table of robots.txt cases written for newsdex: tests/fixtures/robots/cases.json. Each case
// gives a file, a path, the decision RFC 9309 asks for, why, and, where python3-protego decides
// otherwise, how protego departs from the RFC.
json robots_cases() {
  return json::parse(testing::read_file(std::string(testing::kFixturesDir) + "/robots/cases.json"));
}

std::string describe(const json& robots_case) {
  return "robots.txt:\n" + robots_case["robots"].get<std::string>() +
         "\npath: " + robots_case["path"].get<std::string>() + "\nwhy: " + robots_case["why"].get<std::string>();
}

TEST(Robots, DecidesEveryCaseOfTheTableAsRfc9309Does) {
  const json cases = robots_cases();
  ASSERT_GE(cases.size(), 50u);
  for (const json& robots_case : cases) {
    const RobotsRules rules = RobotsRules::parse(robots_case["robots"].get<std::string>());
    EXPECT_EQ(rules.allows(robots_case["path"].get<std::string>()), robots_case["allowed"].get<bool>())
        << describe(robots_case);
  }
}

// The same table through python3-protego, Debian's robots.txt parser: its decisions must equal
// newsdex's, except on the cases the table lists as protego's departures from the RFC.
TEST(Robots, AgreesWithProtegoExceptWhereProtegoDepartsFromTheRfc) {
  const auto protego =
      testing::run_process({testing::kPython, std::string(testing::kProjectDir) + "/tests/feeds/protego_decisions.py",
                            std::string(testing::kFixturesDir) + "/robots/cases.json"});
  if (protego.exit_code == 77) GTEST_SKIP() << "python3-protego is not installed (scripts/install-deps installs it)";
  ASSERT_EQ(protego.exit_code, 0) << protego.err;
  std::istringstream decisions(protego.out);
  size_t departures = 0;
  for (const json& robots_case : robots_cases()) {
    std::string decision;
    ASSERT_TRUE(decisions >> decision) << "protego gave fewer decisions than there are cases";
    const bool protego_allows = decision == "allow";
    const bool newsdex_allows =
        RobotsRules::parse(robots_case["robots"].get<std::string>()).allows(robots_case["path"].get<std::string>());
    if (robots_case.contains("protego_differs")) {
      ++departures;
      EXPECT_NE(protego_allows, newsdex_allows)
          << "protego now follows the RFC here; drop protego_differs from the case\n"
          << describe(robots_case);
    } else {
      EXPECT_EQ(protego_allows, newsdex_allows) << describe(robots_case);
    }
  }
  EXPECT_LE(departures, 5u) << "the table should mostly be cases protego and the RFC agree on";
}

TEST(Robots, NamesTheRuleThatRefusesAPage) {
  const RobotsRules rules = RobotsRules::parse("User-agent: *\nDisallow: /private/\nAllow: /private/press/\n");
  EXPECT_EQ(rules.refusal("/private/x").value_or(""), "Disallow: /private/");
  EXPECT_FALSE(rules.refusal("/private/press/1"));
}

TEST(Robots, AnAnswerOfFourHundredsAllowsAllAndOneOfFiveHundredsAllowsNothing) {
  EXPECT_TRUE(RobotsRules::allow_all().allows("/anything"));
  const RobotsRules unavailable = RobotsRules::disallow_all("robots.txt answered HTTP 503");
  EXPECT_EQ(unavailable.refusal("/news/1").value_or(""), "robots.txt answered HTTP 503");
  EXPECT_TRUE(unavailable.allows("/robots.txt"));
}

TEST(Robots, ReadsTheCrawlDelayOfTheGroupThatApplies) {
  const RobotsRules rules =
      RobotsRules::parse("User-agent: *\nCrawl-delay: 10\n\nUser-agent: newsdex\nCrawl-delay: 2.5\nDisallow: /x\n");
  ASSERT_TRUE(rules.crawl_delay());
  EXPECT_EQ(rules.crawl_delay()->count(), 2500);
  EXPECT_EQ(RobotsRules::parse("User-agent: *\nCrawl-delay: 7\n").crawl_delay()->count(), 7000);
  EXPECT_FALSE(RobotsRules::parse("User-agent: *\nCrawl-delay: soon\n").crawl_delay());
  EXPECT_FALSE(RobotsRules::parse("User-agent: *\nDisallow: /x\n").crawl_delay());
  // A delay of a day would stop a crawl of the site: it is capped at an hour.
  EXPECT_EQ(RobotsRules::parse("User-agent: *\nCrawl-delay: 86400\n").crawl_delay()->count(), 3600'000);
}

TEST(Robots, FindsTheRobotsFileAndThePathOfAPage) {
  EXPECT_EQ(robots_url("https://News.Example.org:8443/a/b?c=1#top"), "https://news.example.org:8443/robots.txt");
  EXPECT_EQ(robots_url("http://user:secret@example.org/x"), "http://example.org/robots.txt");
  EXPECT_EQ(robots_url("ftp://example.org/x"), "");
  EXPECT_EQ(robots_url("not a url"), "");
  EXPECT_EQ(robots_path("https://example.org/a/b?c=1#top"), "/a/b?c=1");
  EXPECT_EQ(robots_path("https://example.org"), "/");
}

}  // namespace
}  // namespace newsdex::feeds
