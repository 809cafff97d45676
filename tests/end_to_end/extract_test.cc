// `newsdex-index extract`: what newsdex reads from one web page, from a file or over HTTP, and
// how it refuses pages it cannot read (a clear line, exit code 2, bounded time and memory).
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "programs.h"

namespace newsdex::testing {
namespace {

std::string page_fixture(const std::string& name) { return std::string(kFixturesDir) + "/pages/" + name; }

void expect_refused(const ProcessResult& result, const std::string& reason) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(line_count(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(Extract, PrintsTheContractJsonOfAPage) {
  const ProcessResult result = run_process({kIndexProgram, "extract", page_fixture("harbour-strike.html"), "--url",
                                            "https://courier.example/news/2024/harbour-strike-ends", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json page = nlohmann::json::parse(result.out);
  EXPECT_EQ(page["url"], "https://courier.example/news/2024/harbour-strike-ends");
  EXPECT_EQ(page["canonical_url"], "https://courier.example/news/2024/harbour-strike-ends");
  EXPECT_EQ(page["title"], "Harbour workers end three-day strike");
  EXPECT_TRUE(page["text"].get<std::string>().starts_with("Dockers at Port Mervin")) << page["text"];
  EXPECT_EQ(page["published"], "2024-03-05T07:30:00Z");
  EXPECT_EQ(page["authors"], nlohmann::json::array({"Mara Quill", "Tobin Reyes"}));
  EXPECT_EQ(page["image"], "https://courier.example/images/harbour.jpg");
  EXPECT_TRUE(page["warnings"].is_array());
}

TEST(Extract, ShowsTheSeedArticleAsTheIssueAsksFromTheCommandLine) {
  const std::string path = std::string(kSharedDir) + "/fixtures/seed/azernews-space-mou.html";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared is absent: the seed article page is not tested";
  const ProcessResult result =
      run_process({kIndexProgram, "extract", path, "--url", "https://www.azernews.az/business/200986.html", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json page = nlohmann::json::parse(result.out);
  const std::string text = page["text"];
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 16) << text;  // nine paragraphs
  EXPECT_EQ(page["published"], "2022-09-20T13:14:00Z");
  EXPECT_EQ(page["authors"], nlohmann::json::array({"Ayya Lmahamad"}));
  EXPECT_EQ(page["section"], "Business");
  EXPECT_EQ(page["language"], "en");
}

TEST(Extract, FetchesAPageOverHttpAndTakesTheServersCharset) {
  LoopbackServer server;
  const std::string latin1 =
      "<html><head><title>Caf\xE9</title></head><body><article><p>Le caf\xE9 du port rouvre ses portes apr\xE8s "
      "trois mois de travaux, pour le plus grand plaisir des habitu\xE9s du quai.</p></article></body></html>";
  server.serve("/article", latin1, "text/html; charset=ISO-8859-1");
  const ProcessResult result = run_process({kIndexProgram, "extract", server.url("/article"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json page = nlohmann::json::parse(result.out);
  EXPECT_EQ(page["url"], server.url("/article"));
  EXPECT_TRUE(page["text"].get<std::string>().starts_with("Le café du port rouvre")) << page["text"];
  EXPECT_EQ(page["language"], "fr");  // detected: the page does not say
}

TEST(Extract, AFailedDownloadIsARuntimeFailureNamingTheUrl) {
  LoopbackServer server;
  server.serve("/gone", "not here", "text/html", 404);
  const ProcessResult result = run_process({kIndexProgram, "extract", server.url("/gone")});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find(server.url("/gone")), std::string::npos) << result.err;
}

TEST(Extract, AnAddressThatIsNotHttpIsDroppedWithAWarning) {
  const ProcessResult result = run_process(
      {kIndexProgram, "extract", page_fixture("harbour-strike.html"), "--url", "file:///etc/passwd", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json page = nlohmann::json::parse(result.out);
  EXPECT_TRUE(page["url"].is_null());
  EXPECT_TRUE(page["canonical_url"].is_null());  // relative, with nothing to resolve it against
  EXPECT_NE(page["warnings"].dump().find("page address dropped"), std::string::npos) << page["warnings"];
}

TEST(Extract, APageWithoutArticleTextExitsTwoWithOneLine) {
  TempDir dir;
  write_file(dir.file("menu.html"),
             "<html><body><nav><a href='/a'>Politics</a> <a href='/b'>Business</a></nav>"
             "<footer>Copyright 2024</footer></body></html>");
  expect_refused(run_process({kIndexProgram, "extract", dir.file("menu.html")}), "no article text");
}

TEST(Extract, HostilePagesAreRefusedInBoundedTimeAndMemory) {
  TempDir dir;
  write_file(dir.file("empty.html"), "");
  expect_refused(run_bounded({kIndexProgram, "extract", dir.file("empty.html")}), "empty page");

  std::mt19937 random(7);
  std::string binary(1 << 20, '\0');
  for (char& byte : binary) byte = static_cast<char>(random());
  write_file(dir.file("binary.html"), binary);
  expect_refused(run_bounded({kIndexProgram, "extract", dir.file("binary.html")}), "not a web page");

  const std::string large = dir.file("large.html");
  write_file(large, "<html><body><p>");
  std::filesystem::resize_file(large, 6u << 20);  // over the 5 MB default
  expect_refused(run_bounded({kIndexProgram, "extract", large}), "larger than");

  std::string deep = "<html><body>";
  for (int level = 0; level < 100000; ++level) deep += "<div><span>";
  deep += "<p>At the bottom of it all.</p>";
  write_file(dir.file("deep.html"), deep);
  expect_refused(run_bounded({kIndexProgram, "extract", dir.file("deep.html")}), "nests elements");
}

TEST(Extract, TheSizeLimitCanBeRaised) {
  TempDir dir;
  std::string page = "<html><body><article>";
  while (page.size() < (6u << 20))
    page += "<p>A long article about the harbour, the ferries, and the weather at sea.</p>";
  page += "</article></body></html>";
  write_file(dir.file("long.html"), page);
  expect_refused(run_bounded({kIndexProgram, "extract", dir.file("long.html")}), "larger than");
  const ProcessResult raised = run_bounded({kIndexProgram, "extract", dir.file("long.html"), "--max-page-size", "8"});
  EXPECT_EQ(raised.exit_code, 0) << raised.err;
}

}  // namespace
}  // namespace newsdex::testing
