// End to end: searches as Atom feeds, read back by newsdex's own parser and by Python's
// feedparser, from the CLI and the HTTP API.
#include <gtest/gtest.h>

#include <httplib.h>

#include <fstream>

#include "programs.h"

namespace newsdex::testing {
namespace {

// Title, link and published time of each entry, as read by `newsdex-index parse --json`.
std::vector<std::array<std::string, 3>> read_with_newsdex(const std::string& path) {
  const ProcessResult parsed = run_process({kIndexProgram, "parse", path, "--json"});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
  const auto feed = nlohmann::json::parse(parsed.out);
  EXPECT_EQ(feed["format"], "atom1.0");
  EXPECT_TRUE(feed["warnings"].empty()) << feed["warnings"].dump();
  std::vector<std::array<std::string, 3>> entries;
  for (const auto& item : feed["items"]) {
    entries.push_back(
        {item["title"].get<std::string>(), item["link"].get<std::string>(), item["published"].get<std::string>()});
  }
  return entries;
}

// The same, as read by feedparser, which must find the document well-formed.
std::vector<std::array<std::string, 3>> read_with_feedparser(const std::string& path) {
  const std::string script =
      "import feedparser, json, sys, time\n"
      "feed = feedparser.parse(sys.argv[1])\n"
      "assert not feed.bozo, feed.get('bozo_exception')\n"
      "assert feed.version == 'atom10', feed.version\n"
      "print(json.dumps([[e.title, e.link, time.strftime('%Y-%m-%dT%H:%M:%SZ', e.published_parsed)]"
      " for e in feed.entries]))\n";
  const ProcessResult parsed = run_process({kPython, "-c", script, path});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
  std::vector<std::array<std::string, 3>> entries;
  for (const auto& entry : nlohmann::json::parse(parsed.out)) {
    entries.push_back({entry[0].get<std::string>(), entry[1].get<std::string>(), entry[2].get<std::string>()});
  }
  return entries;
}

// Title, url and published time of each hit of `search --sort date --json`.
std::vector<std::array<std::string, 3>> hits_by_date(const Programs& programs, std::vector<std::string> args) {
  args.insert(args.end(), {"--sort", "date", "--limit", "50"});
  std::vector<std::array<std::string, 3>> hits;
  const nlohmann::json response = programs.search_json(args);
  for (const auto& hit : response["hits"]) {
    hits.push_back(
        {hit["title"].get<std::string>(), hit["url"].get<std::string>(), hit["published"].get<std::string>()});
  }
  return hits;
}

TEST(Atom, SeedSearchFeedReadsBackThroughBothParsers) {
  const std::string seed = seed_feed();
  if (seed.empty()) GTEST_SKIP() << "../shared is absent: no seed feed";
  Programs programs;
  ASSERT_EQ(programs.index({"add", seed}).exit_code, 0);
  for (const char* name : {"world-desk.rss", "science-notes.atom", "market-wire.rss"}) {
    ASSERT_EQ(programs.index({"add", std::string(kSamplesDir) + "/" + name}).exit_code, 0);
  }
  // A headline with characters XML escapes, and a link with a query string.
  const std::string tricky =
      "<rss version=\"2.0\"><channel><title>Tricky</title><item>"
      "<title>Space &amp; defence: Azercosmos says \"yes\" to 'launch'</title>"
      "<link>https://tricky.example/a?x=1&amp;y=2</link><pubDate>Wed, 21 Sep 2022 08:00:00 GMT</pubDate>"
      "<description>Azerbaijan space agency news.</description></item></channel></rss>";
  ASSERT_EQ(programs.index({"add", "-"}, tricky).exit_code, 0);

  const ProcessResult atom = programs.search({"space", "--atom"});
  ASSERT_EQ(atom.exit_code, 0) << atom.err;
  const std::string path = programs.dir().file("space.atom");
  std::ofstream(path) << atom.out;

  const auto expected = hits_by_date(programs, {"space"});
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_NE(
      std::find_if(expected.begin(), expected.end(),
                   [](const auto& hit) { return hit[0] == "Space & defence: Azercosmos says \"yes\" to 'launch'"; }),
      expected.end());
  EXPECT_EQ(read_with_newsdex(path), expected);
  EXPECT_EQ(read_with_feedparser(path), expected);
  EXPECT_NE(atom.out.find("<category scheme=\"urn:newsdex:country\" term=\"AZ\"/>"), std::string::npos);

  // A feed is never relaxed to articles with only some of the words.
  const ProcessResult none = programs.search({"space", "zebra", "--atom"});
  EXPECT_EQ(none.exit_code, 0) << "an empty feed is a valid answer";
  EXPECT_EQ(none.out.find("<entry>"), std::string::npos) << none.out;
  EXPECT_NE(none.out.find("</feed>"), std::string::npos) << "still a valid, empty feed";
  // Nor corrected: a subscription to a misspelt word is empty until the word itself turns up.
  ASSERT_EQ(programs.search_json({"azercosmoss"})["showing_corrected"], true) << "the search shows the correction's";
  const ProcessResult misspelt = programs.search({"azercosmoss", "--atom"});
  EXPECT_EQ(misspelt.exit_code, 0);
  EXPECT_EQ(misspelt.out.find("<entry>"), std::string::npos) << misspelt.out;

  // GET /search.atom answers the same feed for the same parameters.
  ServedIndex served(programs);
  httplib::Client client("127.0.0.1", served.port());
  const auto answer = client.Get("/search.atom?q=space");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  const std::string served_path = programs.dir().file("served.atom");
  std::ofstream(served_path) << answer->body;
  EXPECT_EQ(read_with_feedparser(served_path), expected);
  EXPECT_NE(answer->body.find("rel=\"self\""), std::string::npos);
  const auto refused = client.Get("/search.atom?q=space&colour=red");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
}

TEST(Atom, ACopyOfAStoryIsTheSameEntry) {
  Programs programs;
  const std::string text =
      "Lava flows reached the valley road near the village overnight while geologists measured ash columns and "
      "residents left their homes for shelters run by volunteers from the town.";
  auto feed = [&](const std::string& link, const std::string& title, const std::string& date) {
    return "<rss version=\"2.0\"><channel><title>Wire</title><item><title>" + title + "</title><link>" + link +
           "</link><pubDate>" + date + "</pubDate><description>" + text + "</description></item></channel></rss>";
  };
  ASSERT_EQ(programs.index({"add", "-"}, feed("https://a.example/1", "Volcano erupts", "Mon, 05 Jun 2023 08:00:00 GMT"))
                .exit_code,
            0);
  const ProcessResult before = programs.search({"volcano", "--atom"});
  ASSERT_EQ(
      programs.index({"add", "-"}, feed("https://b.example/2", "Lava reaches road", "Mon, 05 Jun 2023 09:00:00 GMT"))
          .exit_code,
      0);
  const ProcessResult after = programs.search({"volcano", "--atom"});
  auto ids = [](const std::string& xml) {
    std::vector<std::string> found;
    for (size_t at = xml.find("<entry>"); at != std::string::npos; at = xml.find("<entry>", at + 1)) {
      const size_t start = xml.find("<id>", at) + 4;
      found.push_back(xml.substr(start, xml.find("</id>", start) - start));
    }
    return found;
  };
  ASSERT_EQ(ids(before.out).size(), 1u) << before.out;
  EXPECT_EQ(ids(after.out), ids(before.out)) << "the later copy is the same story: a reader sees it once\n"
                                             << after.out;
}

}  // namespace
}  // namespace newsdex::testing
