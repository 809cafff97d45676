// How words are indexed, by schema: stems only since schema 3 (phrases match inflections,
// wildcards expand over stems, snippets highlight a phrase's words), words as written and stems
// in indexes made before, which keep being written and searched that way.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cctype>
#include <optional>
#include <set>
#include <string>

#include "newsdex/indexer.h"
#include "newsdex/schema.h"
#include "newsdex/search.h"
#include "newsdex/term_positions.h"
#include "process.h"

namespace newsdex::search {
namespace {

Article article(const std::string& id, const std::string& title, const std::string& text) {
  Article made;
  made.id = id;
  made.title = title;
  made.text = text;
  made.source = "Desk";
  made.language = "en";
  made.published = *parse_rfc3339("2024-05-15T10:00:00Z");
  return made;
}

void index_articles(const std::string& path) {
  index::Indexer indexer(path);
  indexer.add(article("minister", "Cabinet news", "The Prime Minister's visit to the volcanic island was short."));
  indexer.add(article("ministers", "Budget talks", "Two prime ministers met the finance ministers in Baku."));
  indexer.add(article("other", "Harbour news", "The minister of ports spoke; a prime site was sold."));
  indexer.commit();
}

SearchResponse search(const std::string& path, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.facets = {};
  request.collapse = false;
  return Searcher(path).search(request);
}

std::set<std::string> ids(const SearchResponse& response) {
  std::set<std::string> found;
  for (const SearchHit& hit : response.hits) found.insert(hit.article.id);
  return found;
}

TEST(WordForms, ANewIndexHoldsStemsOnlyAndAPhraseFindsEveryInflection) {
  testing::TempDir dir;
  const std::string path = dir.file("index");
  index_articles(path);
  {
    const Xapian::Database database(path);
    EXPECT_EQ(database.get_metadata(std::string(schema::kSchemaVersionKey)), schema::kSchemaVersion);
    EXPECT_TRUE(database.term_exists("Zminist"));
    EXPECT_FALSE(database.term_exists("minister")) << "a word as written is indexed beside its stem";
    EXPECT_FALSE(schema::PositionBlockReader(database, "Zminist").positions(1).empty())
        << "stems need positions for phrases";
  }
  // "prime minister" as a phrase: the possessive and the plural, not the words apart.
  const SearchResponse phrase = search(path, "\"prime minister\"");
  EXPECT_EQ(ids(phrase), (std::set<std::string>{"minister", "ministers"}));
  // The phrase's words are highlighted in the snippets.
  for (const SearchHit& hit : phrase.hits) {
    std::string snippet = hit.snippet;
    for (char& c : snippet) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_NE(snippet.find("<b>prime</b> <b>minister"), std::string::npos) << hit.snippet;
  }
  // A wildcard expands over stems: "volcanic" is indexed as "volcan".
  EXPECT_EQ(ids(search(path, "volc*")), (std::set<std::string>{"minister"}));
  EXPECT_EQ(ids(search(path, "title:budg*")), (std::set<std::string>{"ministers"}));
  // A word no article has as written, but whose stem is there, is not "corrected".
  EXPECT_EQ(search(path, "ministers prime").corrected_query, std::nullopt);
}

TEST(WordForms, AnIndexOfSchemaTwoKeepsWordsAsWrittenAndPhrasesMatchThem) {
  testing::TempDir dir;
  const std::string path = dir.file("index");
  {
    Xapian::WritableDatabase older(path, Xapian::DB_CREATE);
    older.set_metadata(std::string(schema::kSchemaVersionKey), "2");
    older.commit();
  }
  index_articles(path);
  {
    const Xapian::Database database(path);
    EXPECT_EQ(database.get_metadata(std::string(schema::kSchemaVersionKey)), "2");
    EXPECT_TRUE(database.term_exists("minister"));
    EXPECT_TRUE(database.term_exists("Zminist"));
  }
  // Phrases match words as written there: the plural is another word.
  EXPECT_EQ(ids(search(path, "\"prime ministers\"")), (std::set<std::string>{"ministers"}));
  EXPECT_EQ(ids(search(path, "volc*")), (std::set<std::string>{"minister"}));
  EXPECT_EQ(ids(search(path, "ministers")), (std::set<std::string>{"minister", "ministers", "other"}));
}

}  // namespace
}  // namespace newsdex::search
