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
  const ProcessResult added = programs.index(add);
  ASSERT_EQ(added.exit_code, 0) << added.err;

  ServedIndex server(programs);
  const std::string screenshots = std::string(kBuildDir) + "/tests/screenshots";
  std::filesystem::create_directories(screenshots);
  const ProcessResult browser = run_process({"/usr/bin/node", script, server.base_url(), screenshots});
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err;
  EXPECT_TRUE(std::filesystem::exists(screenshots + "/search-page-phone-AZ.png"));
}

}  // namespace
}  // namespace newsdex::testing
