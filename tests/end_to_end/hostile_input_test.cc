// Bad and hostile input given to the programs: documents to `newsdex-index parse` and `add`,
// queries to `newsdex-search`. Each is a clear error with exit code 2 (or, where the input can
// be read, a result), in bounded time and memory, never a crash, and never at the cost of the
// rest of the batch. (Hostile servers are in tests/feeds/fetch_test.cc.)
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <sstream>

#include "programs.h"

namespace newsdex::testing {
namespace {

ProcessResult parse(const std::string& path) { return run_bounded({kIndexProgram, "parse", path, "--json"}); }

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
                                      dir.file("secret.txt") +
                                      "\">]><rss version=\"2.0\"><channel><title>&x;</title>"
                                      "<item><title>a &amp; b &x;</title></item></channel></rss>");
  const ProcessResult result = parse(dir.file("xxe.xml"));
  EXPECT_EQ(result.out.find("TOP-SECRET"), std::string::npos) << result.out;
}

TEST(HostileInput, AHundredThousandItemFeedIsReadWhole) {
  TempDir dir;
  std::string feed = "<rss version=\"2.0\"><channel><title>Flood</title>";
  for (int i = 0; i < 100000; ++i) {
    feed += "<item><title>Item " + std::to_string(i) + "</title><link>http://flood.example/" + std::to_string(i) +
            "</link><description>Number " + std::to_string(i) + " of many.</description></item>";
  }
  feed += "</channel></rss>";
  write_file(dir.file("flood.rss"), feed);
  const ProcessResult result = parse(dir.file("flood.rss"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json parsed = nlohmann::json::parse(result.out);
  ASSERT_EQ(parsed.at("items").size(), 100000u);
  EXPECT_EQ(parsed["items"][99999]["link"], "http://flood.example/99999");
}

TEST(HostileInput, ATenMegabyteTitleIsIndexedAndTheRestOfTheFeedToo) {
  Programs programs;
  std::string title;
  for (int i = 0; title.size() < (10u << 20); ++i) title += "endless" + std::to_string(i % 1000) + " headline ";
  write_file(programs.dir().file("long.rss"),
             "<rss version=\"2.0\"><channel><title>Long</title>"
             "<item><title>Before the long one</title><link>http://long.example/1</link></item>"
             "<item><title>" +
                 title +
                 "</title><link>http://long.example/2</link></item>"
                 "<item><title>After the long one</title><link>http://long.example/3</link></item></channel></rss>");
  const ProcessResult added =
      run_bounded({kIndexProgram, "--db", programs.database(), "add", programs.dir().file("long.rss")});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(programs.article_count(), 3u);
  EXPECT_EQ(programs.search_json({"search", "after long"})["total"], 1);
  EXPECT_EQ(programs.search_json({"search", "endless999"})["total"], 1);
}

// Invalid UTF-8 and NUL bytes in every field of an RSS and a JSON feed: what is indexed and
// shown is valid UTF-8 without NULs, and every item is there.
TEST(HostileInput, InvalidUtf8AndNulBytesInEveryField) {
  Programs programs;
  const std::string bad = std::string("caf\xc3 \xff\xfe bad\x80 bytes ") + std::string(1, '\0') + " nul";
  write_file(programs.dir().file("bad.rss"),
             "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>" + bad +
                 "</title><item><title>Rss " + bad + "</title><link>http://bad.example/1?" + bad + "</link><guid>g" +
                 bad + "</guid><author>" + bad + "</author><category>" + bad + "</category><description>" + bad +
                 "</description><pubDate>" + bad + "</pubDate></item></channel></rss>");
  const std::string json_bad = "caf\xc3 \xff bad \\u0000 nul \\ud800 lone surrogate";
  write_file(programs.dir().file("bad.json"), "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"" +
                                                  json_bad + "\", \"items\": [{\"id\": \"j" + json_bad +
                                                  "\", \"url\": \"http://bad.example/2\", \"title\": \"Json " +
                                                  json_bad + "\", \"content_text\": \"" + json_bad +
                                                  "\", \"authors\": [{\"name\": \"" + json_bad + "\"}], \"tags\": [\"" +
                                                  json_bad + "\"], \"date_published\": \"" + json_bad + "\"}]}");
  for (const char* name : {"bad.rss", "bad.json"}) {
    const ProcessResult added =
        run_bounded({kIndexProgram, "--db", programs.database(), "add", programs.dir().file(name)});
    EXPECT_TRUE(added.exit_code == 0 || added.exit_code == 2) << name << ": " << added.err;
  }
  EXPECT_EQ(programs.article_count(), 2u);
  const ProcessResult found = programs.search({"search", "bad", "--json"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(found.out.find('\0'), std::string::npos);
  const nlohmann::json hits = nlohmann::json::parse(found.out);  // throws on invalid UTF-8
  ASSERT_EQ(hits["hits"].size(), 2u) << found.out;
  for (const nlohmann::json& hit : hits["hits"]) {
    const ProcessResult shown = programs.search({"show", hit["id"].get<std::string>(), "--json"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(shown.out.find('\0'), std::string::npos);
    EXPECT_TRUE(nlohmann::json::accept(shown.out)) << shown.out;
  }
}

class HostileQuery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    programs_ = new Programs;
    write_file(programs_->dir().file("seed.rss"),
               "<rss version=\"2.0\"><channel><title>Desk</title><item><title>Space deal signed in Baku</title>"
               "<link>http://desk.example/1</link><description>Azerbaijan and Turkey agree on satellites.</description>"
               "</item></channel></rss>");
    const ProcessResult added = programs_->index({"add", programs_->dir().file("seed.rss")});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  static void TearDownTestSuite() { delete programs_; }

  static ProcessResult search(const std::string& query) {
    return run_bounded({kSearchProgram, "--db", programs_->database(), "search", query, "--json"});
  }
  // Either an answer (0: hits, 1: none) or one clear line of error (2).
  static void expect_answer_or_clear_refusal(const ProcessResult& result, const std::string& what) {
    if (result.exit_code == 2) {
      EXPECT_EQ(line_count(result.err), 1u) << what << ": " << result.err;
    } else {
      EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1)
          << what << ": " << result.exit_code << " " << result.err;
      EXPECT_TRUE(nlohmann::json::accept(result.out)) << what;
    }
  }

  static inline Programs* programs_ = nullptr;
};

TEST_F(HostileQuery, AQueryOfAHundredKilobytes) {
  std::string query;
  for (int i = 0; query.size() < 100'000; ++i) query += "word" + std::to_string(i) + " ";
  expect_answer_or_clear_refusal(search(query), "100 KB of words");
  expect_answer_or_clear_refusal(search(std::string(100'000, 'a')), "one 100 KB word");
  expect_answer_or_clear_refusal(search("satellites " + query), "100 KB with a match");
}

TEST_F(HostileQuery, DeeplyNestedBooleanQueries) {
  // 10,000 deep: the AND/OR chain is then 105 KB, near the 128 KB a single argument may have.
  for (const int depth : {1'000, 10'000}) {
    const std::string parentheses = std::string(depth, '(') + "space" + std::string(depth, ')');
    expect_answer_or_clear_refusal(search(parentheses), std::to_string(depth) + " parentheses");
    // Once around a word, once around a phrase, whose positions are checked under all of it.
    for (const std::string innermost : {"space", "\"space agency\""}) {
      std::string chain = innermost;
      for (int i = 0; i < depth; ++i) chain = (i % 2 ? "deal AND (" : "baku OR (") + chain + ")";
      expect_answer_or_clear_refusal(search(chain), std::to_string(depth) + " nested AND/OR around " + innermost);
    }
    std::string nots;
    for (int i = 0; i < depth; ++i) nots += "NOT ";
    expect_answer_or_clear_refusal(search("space " + nots + "deal"), std::to_string(depth) + " NOTs");
  }
  // A search after them still answers.
  EXPECT_EQ(search("space deal").exit_code, 0);
}

}  // namespace
}  // namespace newsdex::testing
