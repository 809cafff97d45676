// Reading article pages: the article's text without the page around it, the facts the page
// states, the encodings pages come in, and the pages that are refused.
#include "newsdex/article_page.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "newsdex/error.h"
#include "process.h"
#include "test_paths.h"

namespace newsdex::feeds {
namespace {

using testing::read_file;

std::string fixture(const std::string& name) {
  return read_file(std::string(testing::kFixturesDir) + "/pages/" + name);
}

bool holds(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t end = std::min(text.find("\n\n", at), text.size());
    out.push_back(text.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

TEST(ArticlePage, KeepsTheArticlesParagraphsListsQuotesSubheadingsAndTables) {
  const ArticlePage page =
      read_article_page(fixture("harbour-strike.html"), "text/html", "https://courier.example/news/2024/x");
  const std::vector<std::string> parts = paragraphs(page.text);
  ASSERT_GE(parts.size(), 4u) << page.text;
  EXPECT_TRUE(parts.front().starts_with("Dockers at Port Mervin went back to work")) << page.text;
  EXPECT_TRUE(parts.back().starts_with("Port managers said the backlog")) << page.text;
  for (const char* kept : {"What the deal says", "Basic pay rises by six per cent from April.",
                           "Night shifts are capped", "Nobody wanted this to drag on", "North quay 23"}) {
    EXPECT_TRUE(holds(page.text, kept)) << kept << " missing from:\n" << page.text;
  }
}

TEST(ArticlePage, LeavesOutThePageAroundTheArticle) {
  const ArticlePage page = read_article_page(fixture("harbour-strike.html"), "text/html", "");
  for (const char* left_out : {"uses cookies", "Sport", "Home", "Harbour workers end three-day strike", "By Mara Quill",
                               "Cranes idle", "Share this story", "morning briefing", "Related stories", "Ferry fares",
                               "Most read", "Storm warning", "About time too", "All rights reserved", "About us"}) {
    EXPECT_FALSE(holds(page.text, left_out)) << left_out << " kept in:\n" << page.text;
  }
}

TEST(ArticlePage, ReadsTheFactsFromJsonLdOpenGraphAndTheMarkup) {
  const ArticlePage page = read_article_page(fixture("harbour-strike.html"), "text/html; charset=utf-8",
                                             "https://courier.example/news/2024/harbour-strike-ends?utm_source=x");
  EXPECT_EQ(page.title, "Harbour workers end three-day strike");
  EXPECT_EQ(page.canonical_url, "https://courier.example/news/2024/harbour-strike-ends");
  ASSERT_TRUE(page.published && page.modified);
  EXPECT_EQ(format_rfc3339(*page.published), "2024-03-05T07:30:00Z");
  EXPECT_EQ(format_rfc3339(*page.modified), "2024-03-05T10:00:00Z");
  EXPECT_EQ(page.authors, (std::vector<std::string>{"Mara Quill", "Tobin Reyes"}));
  EXPECT_EQ(page.section, "Economy");
  EXPECT_EQ(page.language, "en-gb");
  EXPECT_EQ(page.description, "Dockers at Port Mervin return to work after a pay deal.");
  EXPECT_EQ(page.image, "https://courier.example/images/harbour.jpg");
}

TEST(ArticlePage, FallsBackFromMetaTagsToTimeElementsToDatesWrittenInThePage) {
  const std::string body = "<article><p>" + std::string(300, 'a') + ".</p></article>";
  auto published = [&](const std::string& head, const std::string& before_body = "") {
    const ArticlePage page =
        read_article_page("<html><head>" + head + "</head><body>" + before_body + body + "</body></html>", "", "");
    return page.published ? format_rfc3339(*page.published) : std::string("none");
  };
  EXPECT_EQ(published(R"(<meta property="article:published_time" content="2023-01-02T03:04:05Z">)"),
            "2023-01-02T03:04:05Z");
  EXPECT_EQ(published("", R"(<time datetime="2023-02-03T10:00:00+02:00">3 Feb</time>)"), "2023-02-03T08:00:00Z");
  EXPECT_EQ(published("", R"(<span class="post-date">Posted on March 4, 2023</span>)"), "2023-03-04T00:00:00Z");
  EXPECT_EQ(published("", R"(<div class="date">20 September 2022 17:14</div>)"), "2022-09-20T17:14:00Z");
  EXPECT_EQ(published(""), "none");
}

TEST(ArticlePage, DropsEveryUrlThatIsNotHttpWithAWarning) {
  const ArticlePage page = read_article_page(
      R"html(<html><head><meta property="og:image" content="javascript:alert(1)">
         <link rel="canonical" href="data:text/html,x"></head><body><p>Text.</p></body></html>)html",
      "", "https://news.example/a");
  EXPECT_EQ(page.image, "");
  EXPECT_EQ(page.canonical_url, "");
  EXPECT_EQ(page.warnings.size(), 2u);
}

TEST(ArticlePage, ControlCharactersFromJsonLdAndReferencesNeverReachAField) {
  const ArticlePage page = read_article_page(
      R"html(<html><head><script type="application/ld+json">
         {"@type": "NewsArticle", "headline": "Red\u001b[31m alert\u009b", "author": {"name": "Ann\u0007 Lee"},
          "articleSection": "W\u0000orld"}</script></head>
         <body><article><p>Bells &#7;rang&#27;[2J over the harbour, and the ferries stayed in port all day long.</p>
         </article></body></html>)html",
      "", "javascript:alert(1)");
  for (const std::string* field : {&page.title, &page.text, &page.section}) {
    EXPECT_EQ(field->find_first_of(std::string("\x00\x07\x1b", 3)), std::string::npos) << *field;
    EXPECT_EQ(field->find("\xC2\x9B"), std::string::npos) << *field;
  }
  EXPECT_EQ(page.title, "Red[31m alert");
  EXPECT_EQ(page.authors, std::vector<std::string>{"Ann Lee"});
  EXPECT_EQ(page.url, "");
  ASSERT_FALSE(page.warnings.empty());
  EXPECT_TRUE(holds(page.warnings.front(), "page address dropped")) << page.warnings.front();
}

TEST(ArticlePage, ReadsAPageInAnUndeclaredLegacyEncoding) {
  const ArticlePage russian = read_article_page(fixture("undeclared-windows-1251.html"), "text/html", "");
  EXPECT_EQ(russian.encoding, "windows-1251");
  EXPECT_TRUE(russian.text.starts_with("Паромное сообщение между островами восстановлено")) << russian.text;
  EXPECT_FALSE(holds(russian.text, "Главная"));
  const ArticlePage japanese = read_article_page(fixture("undeclared-shift_jis.html"), "text/html", "");
  EXPECT_EQ(japanese.encoding, "shift_jis");
  EXPECT_TRUE(japanese.text.starts_with("三日間続いた嵐のため")) << japanese.text;
  EXPECT_TRUE(holds(japanese.text, "気象台は週末まで")) << japanese.text;
}

TEST(ArticlePage, TakesTheHttpCharsetThenTheByteOrderMarkThenMetaCharset) {
  const std::string latin1 = "<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xE9 cr\xE8me.</p></body></html>";
  EXPECT_EQ(read_article_page(latin1, "text/html; charset=windows-1252", "").text, "Café crème.");
  const std::string declared_in_meta =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>"
      "<body><p>\x93"
      "Caf\xE9\x94</p></body></html>";
  // ISO-8859-1 on the web is windows-1252: 0x93 and 0x94 are quotation marks.
  EXPECT_EQ(read_article_page(declared_in_meta, "text/html", "").text, "\u201CCafé\u201D");
  const std::string with_bom = "\xEF\xBB\xBF<html><body><p>Caf\xC3\xA9.</p></body></html>";
  EXPECT_EQ(read_article_page(with_bom, "", "").text, "Café.");
}

TEST(ArticlePage, ReadsTheSeedArticle) {
  const std::string path = std::string(testing::kSharedDir) + "/fixtures/seed/azernews-space-mou.html";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared is absent: the seed article page is not tested";
  const ArticlePage page = read_article_page(read_file(path), "", "https://www.azernews.az/business/200986.html");
  const std::vector<std::string> parts = paragraphs(page.text);
  ASSERT_EQ(parts.size(), 9u) << page.text;
  EXPECT_TRUE(parts[0].starts_with("Azerbaijan and Turkiye have signed a memorandum")) << parts[0];
  EXPECT_TRUE(parts[8].starts_with("Additionally, Turkiye was one of the first countries")) << parts[8];
  for (const char* left_out : {"cookies", "Latest:", "Most read", "Share:", "Tags:", "Follow us",
                               "Here we are to serve", "Photo: Azercosmos", "All rights reserved", "Oil & Gas"}) {
    EXPECT_FALSE(holds(page.text, left_out)) << left_out;
  }
  ASSERT_TRUE(page.published);
  EXPECT_EQ(format_rfc3339(*page.published), "2022-09-20T13:14:00Z");
  EXPECT_EQ(page.authors, std::vector<std::string>{"Ayya Lmahamad"});
  EXPECT_EQ(page.canonical_url, "https://www.azernews.az/business/200986.html");
  EXPECT_EQ(page.section, "Business");
  EXPECT_EQ(page.language, "en");
}

void expect_refused(const std::string& bytes, const std::string& reason, const PageOptions& options = {}) {
  try {
    read_article_page(bytes, "text/html", "", options);
    ADD_FAILURE() << "accepted a page that should be refused: " << reason;
  } catch (const InputError& error) {
    EXPECT_TRUE(holds(error.what(), reason)) << error.what();
  }
}

TEST(ArticlePage, RefusesEmptyBinaryTooLargeAndTooDeepPages) {
  expect_refused("", "empty page");
  expect_refused(" \n\t ", "empty page");
  expect_refused(std::string("%PDF-1.7\n") + std::string(100, '\0'), "PDF");
  expect_refused(std::string("<html>\0\0\0\x01\x02", 11) + std::string(2000, '\x03'), "binary");
  expect_refused("<html><body><p>" + std::string((5 << 20) + 1, 'a'), "over the 5.0 MB limit");
  std::string deep = "<html><body>";
  for (int level = 0; level < 100000; ++level) deep += "<div>";
  deep += "<p>At the bottom.</p>";
  expect_refused(deep, "nests elements");
  PageOptions small;
  small.max_bytes = 1000;
  expect_refused("<p>" + std::string(2000, 'a'), "over the 0.0 MB limit", small);
}

TEST(ArticlePage, APageWithoutArticleTextHasEmptyText) {
  const ArticlePage page = read_article_page(
      "<html><head><title>Index</title></head><body><nav><a href='/a'>A</a><a href='/b'>B</a></nav></body></html>", "",
      "");
  EXPECT_EQ(page.text, "");
  EXPECT_EQ(page.title, "Index");
}

TEST(ArticlePage, JsonHasTheContractFieldsWithNullsForWhatIsUnknown) {
  const nlohmann::ordered_json json = to_json(read_article_page("<p>Only a sentence here.</p>", "", ""));
  for (const char* field :
       {"url", "canonical_url", "title", "published", "modified", "language", "section", "description", "image"}) {
    ASSERT_TRUE(json.contains(field)) << field;
    EXPECT_TRUE(json[field].is_null()) << field;
  }
  EXPECT_EQ(json["text"], "Only a sentence here.");
  EXPECT_TRUE(json["authors"].is_array());
  EXPECT_TRUE(json["warnings"].is_array());
}

}  // namespace
}  // namespace newsdex::feeds
