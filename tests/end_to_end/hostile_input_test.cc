// Bad and hostile documents given to `newsdex-index parse`: each is a clear error with exit
// code 2 (or, where the document can be read, a result), in bounded time, never a crash.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>

#include "programs.h"

namespace newsdex::testing {
namespace {

ProcessResult parse(const std::string& path) { return run_process({kIndexProgram, "parse", path, "--json"}); }

void expect_bad_input(const ProcessResult& result, const std::string& what) {
  EXPECT_EQ(result.exit_code, 2) << what << ": " << result.err;
  EXPECT_EQ(line_count(result.err), 1u) << what << ": " << result.err;
}

TEST(HostileInput, BinaryGarbageIsNotAFeed) {
  TempDir dir;
  std::mt19937 random(42);
  std::string garbage(1 << 20, '\0');
  for (char& byte : garbage) byte = static_cast<char>(random());
  garbage[0] = '\x89';  // not '<' or '{'
  write_file(dir.file("garbage.bin"), garbage);
  expect_bad_input(parse(dir.file("garbage.bin")), "binary garbage");
}

TEST(HostileInput, EmptyFileIsNotAFeed) {
  TempDir dir;
  write_file(dir.file("empty.xml"), "");
  const ProcessResult result = parse(dir.file("empty.xml"));
  expect_bad_input(result, "empty file");
  EXPECT_NE(result.err.find("empty"), std::string::npos) << result.err;
}

TEST(HostileInput, HugeDocumentIsRefusedWithoutReadingIt) {
  TempDir dir;
  const std::string path = dir.file("huge.xml");
  write_file(path, "<rss version=\"2.0\"><channel><title>");
  std::filesystem::resize_file(path, 200ull << 20);  // sparse: costs no disk
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult result = parse(path);
  expect_bad_input(result, "200 MB document");
  EXPECT_NE(result.err.find("larger than"), std::string::npos) << result.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(HostileInput, HugeStandardInputIsRefused) {
  const ProcessResult result =
      run_process({kIndexProgram, "parse", "-"}, "<rss><channel><title>" + std::string(130u << 20, 'x'));
  expect_bad_input(result, "huge stdin");
}

TEST(HostileInput, DeepNestingIsRefused) {
  TempDir dir;
  std::string deep = "<rss version=\"2.0\"><channel><title>Deep</title>";
  for (int i = 0; i < 10000; ++i) deep += "<div>";
  for (int i = 0; i < 10000; ++i) deep += "</div>";
  deep += "<item><title>after the depths</title></item></channel></rss>";
  write_file(dir.file("deep.xml"), deep);
  const ProcessResult result = parse(dir.file("deep.xml"));
  expect_bad_input(result, "10,000-deep nesting");
  EXPECT_NE(result.err.find("nested"), std::string::npos) << result.err;
}

TEST(HostileInput, BillionLaughsIsNeverExpanded) {
  TempDir dir;
  std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">";
  std::string previous = "lol";
  for (int level = 1; level <= 9; ++level) {
    const std::string name = "lol" + std::to_string(level);
    laughs += "<!ENTITY " + name + " \"";
    for (int i = 0; i < 10; ++i) laughs += "&" + previous + ";";
    laughs += "\">";
    previous = name;
  }
  laughs += "]><rss version=\"2.0\"><channel><title>&" + previous + ";</title><item><title>&" + previous +
            ";</title><link>http://a.example/x</link></item></channel></rss>";
  write_file(dir.file("laughs.xml"), laughs);
  const ProcessResult result = parse(dir.file("laughs.xml"));
  EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 2) << result.err;
  EXPECT_LT(result.out.size(), 10000u);  // a billion "lol"s would be 3 GB
}

TEST(HostileInput, ExternalEntitiesAreNeverLoaded) {
  TempDir dir;
  write_file(dir.file("secret.txt"), "TOP-SECRET");
  write_file(dir.file("xxe.xml"), "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file://" +
                                      dir.file("secret.txt") + "\">]><rss version=\"2.0\"><channel><title>&x;</title>"
                                      "<item><title>a &amp; b &x;</title></item></channel></rss>");
  const ProcessResult result = parse(dir.file("xxe.xml"));
  EXPECT_EQ(result.out.find("TOP-SECRET"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace newsdex::testing
