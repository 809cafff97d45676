// The search page in headless Chromium (tests/browser/search_page_test.mjs) against the real
// server over an index of the sample feeds and the seed article. Screenshots land in the build
// folder (tests/screenshots/).
#include <gtest/gtest.h>

#include <filesystem>

#include "programs.h"

namespace newsdex::testing {
namespace {

TEST(SearchPage, SeedQueryAndCountryFacetInChromium) {
  const std::string seed = seed_feed();
  if (seed.empty()) GTEST_SKIP() << "../shared/fixtures/seed is absent: the browser test needs the seed article";
  const std::string script = std::string(kProjectDir) + "/tests/browser/search_page_test.mjs";
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium")) << "Chromium is missing: run scripts/install-deps";
  ASSERT_TRUE(std::filesystem::exists(std::string(kProjectDir) + "/tests/browser/node_modules/playwright-core"))
      << "playwright-core is missing: run scripts/install-deps";

  Programs programs;
  std::vector<std::string> add = {"add", seed};
  for (const auto& feed : std::filesystem::directory_iterator(kSamplesDir)) add.push_back(feed.path().string());
  // A reprint of a sample story under another address: one story with two copies, for the
  // page's "other copies" list.
  write_file(programs.dir().file("reprints.rss"),
             "<rss version=\"2.0\"><channel><title>Reprint Daily</title><item>"
             "<title>Azerbaijan and Turkiye discuss new gas export deal</title>"
             "<link>http://reprints.example/az-tr-gas</link><pubDate>Wed, 15 May 2024 12:00:00 GMT</pubDate>"
             "<description>Energy ministers from Baku and Ankara met to discuss a long-term gas export agreement. "
             "Azerbaijani gas would reach Turkish industry through the TANAP pipeline, officials in Azerbaijan "
             "said.</description></item></channel></rss>");
  add.push_back(programs.dir().file("reprints.rss"));
  const ProcessResult added = programs.index(add);
  ASSERT_EQ(added.exit_code, 0) << added.err;

  ServedIndex server(programs);
  const std::string screenshots = std::string(kBuildDir) + "/tests/screenshots";
  std::filesystem::create_directories(screenshots);
  const ProcessResult browser = run_process({"/usr/bin/node", script, server.base_url(), screenshots});
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err;
  EXPECT_TRUE(std::filesystem::exists(screenshots + "/search-page-phone-AZ.png"));
}

TEST(SearchPage, AScriptLinkInAnOldIndexNeverRuns) {
  const std::string script = std::string(kProjectDir) + "/tests/browser/script_link_test.mjs";
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium")) << "Chromium is missing: run scripts/install-deps";
  Programs programs;
  write_file(programs.dir().file("desk.rss"),
             "<rss version=\"2.0\"><channel><title>Desk</title>"
             "<item><title>Harbour lure one</title><link>https://desk.example/planted</link>"
             "<description>The harbour story whose link is planted.</description></item>"
             "<item><title>Harbour lure two</title><link>https://desk.example/plain</link>"
             "<description>Another harbour story.</description></item></channel></rss>");
  ASSERT_EQ(programs.index({"add", programs.dir().file("desk.rss")}).exit_code, 0);
  // Written past every filter, as an index from before the filters holds it.
  const ProcessResult planted = run_process(
      {kPlantLinkProgram, programs.database(), "https://desk.example/planted", "javascript:alert(document.domain)"});
  ASSERT_EQ(planted.exit_code, 0) << planted.err;

  ServedIndex server(programs);
  const ProcessResult browser = run_process({"/usr/bin/node", script, server.base_url(), "harbour"});
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err;
}

}  // namespace
}  // namespace newsdex::testing
