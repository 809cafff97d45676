// Schema 4 keeps word positions in a value of each article, schema 5 term by term in position
// blocks (an article replaced in place in the value), not in Xapian's position table, and the
// searcher checks phrases there. Xapian's own phrase matching, on a schema-3 index of the same
// articles, is the reference: every phrase and proximity query must find the same articles with
// the same scores.
#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/indexer.h"
#include "newsdex/schema.h"
#include "newsdex/search.h"
#include "newsdex/term_positions.h"
#include "phrase_check.h"
#include "process.h"

namespace newsdex::search {
namespace {

Article positioned_article(const std::string& id, const std::string& title, const std::string& text,
                           const std::string& language = "en") {
  Article made;
  made.id = id;
  made.title = title;
  made.text = text;
  made.author = id == "budget" ? "Anna Maria Rossi" : "";
  made.source = "Desk";
  made.language = language;
  made.published = *parse_rfc3339("2024-05-15T10:00:00Z");
  return made;
}

const std::vector<Article>& positioned_articles() {
  static const std::vector<Article> all = {
      positioned_article("visit", "Prime Minister visits Baku", "The prime minister's visit to the island was short."),
      positioned_article("budget", "Budget talks in Ankara",
                         "Two prime ministers met; the minister said the budget is prime."),
      positioned_article("ports", "Harbour news", "The minister of ports spoke. Prime site sold at the port of Baku."),
      positioned_article("space", "Space agencies sign memorandum",
                         "Azerbaijan and Turkiye signed a memorandum of understanding on space cooperation."),
      positioned_article("repeat", "New new deal", "A new new deal, said the new minister of the new deal office."),
      positioned_article("quake", "地震のニュース", "東京で大きな地震がありました。津波の心配はありません。", "ja"),
      positioned_article("boundary", "Talks end in Baku", "Prime time television covered the talks."),
      // Languages whose stems of the query differ from English get a branch of the query each.
      positioned_article("paris", "Le prime minister à Paris", "Le prime minister a parlé des ports de Baku.", "fr"),
      positioned_article("berlin", "Minister in Berlin", "Der Minister sprach, die Prime Zeit lief.", "de"),
  };
  return all;
}

// The articles indexed by schema `version` (empty: the current one) into a new index; `updated`:
// then three of them replaced, one before the first commit and two after it.
std::string indexed(testing::TempDir& dir, const std::string& name, const std::string& version, bool sharded,
                    bool updated = false) {
  const std::string path = dir.file(name);
  if (sharded) index::Indexer::create_sharded(path, {2, 3});
  if (!version.empty()) {
    Xapian::WritableDatabase older(path, Xapian::DB_CREATE);
    older.set_metadata(std::string(schema::kSchemaVersionKey), version);
    older.commit();
  }
  index::Indexer indexer(path);
  for (const Article& each : positioned_articles()) indexer.add(each);
  if (updated) indexer.add(positioned_article("ports", "Harbour news", "The prime minister of ports spoke at Baku."));
  indexer.commit();
  if (updated) {
    indexer.add(
        positioned_article("visit", "Visit to Baku", "The minister's visit was prime news, said the new deal office."));
    indexer.add(positioned_article("space", "Space agencies sign memorandum",
                                   "The prime minister signed a memorandum of understanding on space cooperation."));
    indexer.commit();
  }
  return path;
}

// The articles found and their scores, ranked by `sort`, with the total found, exact or estimated.
struct Found {
  std::map<std::string, double> scores;
  uint64_t total = 0;
  std::map<std::string, uint64_t> languages;  // the language facet
};

Found search_for(const std::string& path, const std::string& query, SortOrder sort, bool estimate,
                 bool with_facets = false, unsigned limit = 50) {
  SearchRequest request;
  request.query = query;
  request.facets = with_facets ? std::vector<Facet>{Facet::kLanguage} : std::vector<Facet>{};
  request.collapse = false;
  request.limit = limit;
  request.sort = sort;
  request.estimate = estimate;
  const SearchResponse response = Searcher(path).search(request);
  Found result;
  for (const SearchHit& hit : response.hits) result.scores[hit.article.id] = hit.score;
  result.total = response.total;
  for (const FacetResult& facet : response.facets) {
    for (const FacetCount& count : facet.counts) result.languages[count.value] = count.count;
  }
  return result;
}

std::map<std::string, double> found(const std::string& path, const std::string& query) {
  return search_for(path, query, SortOrder::kRelevance, false).scores;
}

// The positions of `terms` in `document` of `database`, as the searcher reads them: from its value
// if it has one, else from the position blocks.
std::vector<std::vector<Xapian::termpos>> stored_positions(const Xapian::Database& database, Xapian::docid document,
                                                           const std::vector<std::string>& terms) {
  const std::string value = database.get_document(document).get_value(schema::kPositionsSlot);
  if (!value.empty()) {
    return schema::positions_of(value, database.termlist_begin(document), database.termlist_end(document), terms);
  }
  std::vector<std::vector<Xapian::termpos>> positions;
  for (const std::string& term : terms)
    positions.push_back(schema::PositionBlockReader(database, term).positions(document));
  return positions;
}

// Every article of `database` has, for each term, the positions `reference` (Xapian's position
// table) has; returns how many terms had any.
size_t expect_positions_as_in(const Xapian::Database& database, const Xapian::Database& reference) {
  EXPECT_FALSE(database.has_positions());
  EXPECT_EQ(database.get_doccount(), reference.get_doccount());
  size_t positional_terms = 0;
  for (Xapian::docid document = 1; document <= database.get_lastdocid(); ++document) {
    const std::vector<std::string> terms(database.termlist_begin(document), database.termlist_end(document));
    EXPECT_EQ(terms, std::vector<std::string>(reference.termlist_begin(document), reference.termlist_end(document)));
    const auto positions = stored_positions(database, document, terms);
    for (size_t i = 0; i < terms.size(); ++i) {
      const std::vector<Xapian::termpos> expected(reference.positionlist_begin(document, terms[i]),
                                                  reference.positionlist_end(document, terms[i]));
      EXPECT_EQ(positions[i], expected) << terms[i] << " in article " << document;
      positional_terms += !expected.empty();
    }
  }
  return positional_terms;
}

TEST(PhrasePositions, ANewIndexKeepsTermByTermThePositionsXapiansTableWouldHold) {
  testing::TempDir dir;
  const Xapian::Database reference(indexed(dir, "schema-3", "3", false));
  const Xapian::Database database(indexed(dir, "schema-5", "", false));
  EXPECT_EQ(database.get_metadata(std::string(schema::kSchemaVersionKey)), "5");
  EXPECT_GT(expect_positions_as_in(database, reference), 50u);
  for (Xapian::docid document = 1; document <= database.get_lastdocid(); ++document) {
    EXPECT_TRUE(database.get_document(document).get_value(schema::kPositionsSlot).empty())
        << "an added article's positions are in the blocks only";
  }
  // One block entry a term (the articles came in one commit), not one a term and article.
  std::set<std::string> positional;
  for (Xapian::docid document = 1; document <= reference.get_lastdocid(); ++document) {
    for (auto term = reference.termlist_begin(document); term != reference.termlist_end(document); ++term) {
      if (term.positionlist_count() > 0) positional.insert(*term);
    }
  }
  const std::string prefix(schema::kPositionBlockPrefix);
  const std::vector<std::string> keys(database.metadata_keys_begin(prefix), database.metadata_keys_end(prefix));
  EXPECT_EQ(keys.size(), positional.size());
}

TEST(PhrasePositions, AnIndexOfSchemaFourKeepsThemInAValueOfEachArticle) {
  testing::TempDir dir;
  const Xapian::Database reference(indexed(dir, "schema-3", "3", false));
  const Xapian::Database database(indexed(dir, "schema-4", "4", false));
  EXPECT_EQ(database.get_metadata(std::string(schema::kSchemaVersionKey)), "4");
  EXPECT_GT(expect_positions_as_in(database, reference), 50u);
  for (Xapian::docid document = 1; document <= database.get_lastdocid(); ++document) {
    // One term a position (Japanese too: its n-grams beside words have none): hashed, read
    // without the term list.
    const std::string value = database.get_document(document).get_value(schema::kPositionsSlot);
    EXPECT_FALSE(value.empty());
    EXPECT_FALSE(schema::reads_term_list(value));
  }
  const std::string prefix(schema::kPositionBlockPrefix);
  EXPECT_EQ(database.metadata_keys_begin(prefix), database.metadata_keys_end(prefix));
}

// Both layouts of the value, on documents made by hand: one term a position (a stream), two
// terms at one position (each term's list), more terms than a byte numbers, gaps and position 0.
TEST(PhrasePositions, EveryLayoutReadsBackThePositionsWritten) {
  auto round_trip = [](const Xapian::Document& written) {
    const Xapian::Document stored = schema::with_positions_in_value(written, schema::kPositionsSlot);
    const std::vector<std::string> terms(written.termlist_begin(), written.termlist_end());
    EXPECT_EQ(std::vector<std::string>(stored.termlist_begin(), stored.termlist_end()), terms);
    EXPECT_EQ(stored.get_data(), written.get_data());
    EXPECT_EQ(stored.get_value(3), written.get_value(3));
    const std::string encoded = stored.get_value(schema::kPositionsSlot);
    const auto read = schema::positions_of(encoded, stored.termlist_begin(), stored.termlist_end(), terms);
    size_t i = 0;
    auto kept = stored.termlist_begin();
    for (auto term = written.termlist_begin(); term != written.termlist_end(); ++term, ++kept, ++i) {
      EXPECT_EQ(read[i], std::vector<Xapian::termpos>(term.positionlist_begin(), term.positionlist_end())) << *term;
      EXPECT_EQ(kept.get_wdf(), term.get_wdf()) << *term;
      EXPECT_EQ(kept.positionlist_count(), 0u) << *term;
    }
    return encoded;
  };
  Xapian::Document one_a_position;
  one_a_position.set_data("{}");
  one_a_position.add_value(3, "2024-05");
  one_a_position.add_posting("Zbeta", 0);
  one_a_position.add_posting("Zalpha", 1);
  one_a_position.add_posting("Zbeta", 2);
  one_a_position.add_posting("Zgamma", 500);  // a gap wider than a byte
  one_a_position.add_boolean_term("XCAZ");
  const std::string stream = round_trip(one_a_position);
  Xapian::Document two_at_one = one_a_position;
  two_at_one.add_posting("Zdelta", 1);
  const std::string per_term = round_trip(two_at_one);
  EXPECT_NE(stream.front(), per_term.front()) << "the two documents take different layouts";
  Xapian::Document many_terms;
  for (Xapian::termpos position = 1; position <= 400; ++position) {
    many_terms.add_posting("Zword" + std::to_string(position % 300), position);
  }
  round_trip(many_terms);
  Xapian::Document long_article;  // more terms than two-byte hashes tell apart well
  for (Xapian::termpos position = 1; position <= 900; ++position) {
    long_article.add_posting("Zword" + std::to_string(position % 700), position);
  }
  EXPECT_FALSE(schema::reads_term_list(round_trip(long_article)));
  // Damaged values read as no positions, never out of bounds.
  for (const std::string& damaged : {stream.substr(0, stream.size() - 1), std::string("\x07"), per_term.substr(0, 3)}) {
    const auto read = schema::positions_of(damaged, one_a_position.termlist_begin(), one_a_position.termlist_end(),
                                           {"Zalpha", "Zgamma"});
    EXPECT_TRUE(read[1].empty());
  }
}

// Position blocks on lists made by hand: wide gaps between articles and positions, position 0,
// one article and many; a damaged block reads as none, never out of bounds.
TEST(PhrasePositions, ABlockReadsBackThePositionsWritten) {
  std::mt19937 random(7);
  std::vector<Xapian::docid> articles;
  std::vector<Xapian::termcount> counts;
  std::vector<Xapian::termpos> positions;
  Xapian::docid article = 999;
  for (int i = 0; i < 300; ++i) {
    article += 1 + (i % 7 == 0 ? random() % 100'000 : random() % 5);
    articles.push_back(article);
    counts.push_back(1 + (i % 11 == 0 ? random() % 400 : random() % 3));
    Xapian::termpos position = i % 5 == 0 ? 0 : random() % 50;
    for (Xapian::termcount j = 0; j < counts.back(); ++j) {
      positions.push_back(position);
      position += 1 + (j % 13 == 0 ? random() % 70'000 : random() % 20);
    }
  }
  const std::string encoded = schema::encode_position_block(1000, articles, counts, positions);
  EXPECT_LT(encoded.size(), positions.size() * 2) << "Rice codes: fewer than 2 bytes a position";
  schema::PositionBlock block;
  ASSERT_TRUE(schema::decode_position_block(encoded, 1000, block));
  EXPECT_EQ(block.articles, articles);
  EXPECT_EQ(block.positions, positions);
  ASSERT_EQ(block.offsets.size(), articles.size() + 1);
  for (size_t i = 0; i < counts.size(); ++i) EXPECT_EQ(block.offsets[i + 1] - block.offsets[i], counts[i]);

  const std::string one = schema::encode_position_block(5, {5}, {1}, {0});
  ASSERT_TRUE(schema::decode_position_block(one, 5, block));
  EXPECT_EQ(block.articles, std::vector<Xapian::docid>{5});
  EXPECT_EQ(block.positions, std::vector<Xapian::termpos>{0});

  for (size_t cut = 0; cut < encoded.size(); cut += 1 + cut / 3) {
    EXPECT_FALSE(schema::decode_position_block(encoded.substr(0, cut), 1000, block)) << cut;
    EXPECT_TRUE(block.articles.empty());
  }
  EXPECT_FALSE(schema::decode_position_block(encoded + "\x5a", 1000, block));
  for (int trial = 0; trial < 200; ++trial) {
    std::string damaged = encoded;
    damaged[random() % damaged.size()] ^= static_cast<char>(1 + random() % 255);
    if (schema::decode_position_block(damaged, 1000, block)) {
      EXPECT_EQ(block.offsets.size(), block.articles.size() + 1);
      EXPECT_EQ(block.offsets.back(), block.positions.size());
    }
  }
}

// Repacking (as compaction does) merges each term's blocks across commits into blocks of up to
// 256 articles: fewer entries, the same positions for every article and term.
TEST(PhrasePositions, RepackedBlocksHoldThePositionsTheWritersBlocksHeld) {
  testing::TempDir dir;
  const std::string path = dir.file("index");
  {
    index::Indexer indexer(path);
    const std::vector<std::string> words = {"harbour", "pilot", "cargo", "ferry", "customs", "tug", "quay"};
    for (int n = 0; n < 900; ++n) {
      std::string text = "The ferry left";
      for (int word = 0; word < 12; ++word) text += " " + words[(n * 7 + word * word) % words.size()];
      indexer.add(positioned_article("a" + std::to_string(n), "Harbour log " + std::to_string(n % 13), text + "."));
      if (n % 300 == 299) indexer.commit();  // three commits, so three blocks of each common term
    }
  }
  auto all_positions = [](const Xapian::Database& database) {
    std::map<std::pair<std::string, Xapian::docid>, std::vector<Xapian::termpos>> positions;
    for (auto term = database.allterms_begin(); term != database.allterms_end(); ++term) {
      schema::PositionBlockReader blocks(database, *term);
      for (auto posting = database.postlist_begin(*term); posting != database.postlist_end(*term); ++posting) {
        positions[{*term, *posting}] = blocks.positions(*posting);
      }
    }
    return positions;
  };
  auto entries = [](const Xapian::Database& database) {
    const std::string prefix(schema::kPositionBlockPrefix);
    return std::distance(database.metadata_keys_begin(prefix), database.metadata_keys_end(prefix));
  };
  const auto before = all_positions(Xapian::Database(path));
  const auto entries_before = entries(Xapian::Database(path));
  {
    Xapian::WritableDatabase database(path);
    const auto [old_count, new_count] = schema::repack_position_blocks(path, database);
    EXPECT_EQ(old_count, static_cast<size_t>(entries_before));
    EXPECT_LT(new_count, old_count);
    database.commit();
  }
  const Xapian::Database repacked(path);
  EXPECT_LT(entries(repacked), entries_before);
  const auto after = all_positions(repacked);
  EXPECT_EQ(after, before);
  const size_t positioned =
      std::count_if(after.begin(), after.end(), [](const auto& entry) { return !entry.second.empty(); });
  EXPECT_GT(positioned, 900u * 8) << "the articles' words have positions";
  // "ferry" is in every article: its 900 are now in blocks of at most 256.
  const std::string prefix = std::string(schema::kPositionBlockPrefix) + "Zferri" + '\0';
  EXPECT_EQ(std::distance(repacked.metadata_keys_begin(prefix), repacked.metadata_keys_end(prefix)), 4);
}

TEST(PhrasePositions, PhrasesAndProximityMatchAsXapiansPositionTableDoes) {
  testing::TempDir dir;
  const std::string reference = indexed(dir, "schema-3", "3", false);
  ASSERT_TRUE(Xapian::Database(reference).has_positions());
  const std::string reference_updated = indexed(dir, "schema-3-updated", "3", false, true);
  const std::vector<std::string> single = {indexed(dir, "schema-5", "", false), indexed(dir, "schema-4", "4", false)};
  const std::vector<std::string> sharded = {indexed(dir, "schema-5-sharded", "", true)};
  const std::vector<std::string> updated = {indexed(dir, "schema-5-updated", "", false, true),
                                            indexed(dir, "schema-5-sharded-updated", "", true, true)};
  const std::vector<std::string> queries = {
      "\"prime minister\"",     // the possessive and the plural, not "prime site" or "minister ... prime"
      "\"minister of ports\"",  // three words, with a stop word
      "\"memorandum of understanding\" space",
      "title:\"prime minister\"",  // a field's phrase
      "\"new deal\"",              // repeated words
      "\"new new deal\"",
      "\"baku prime\"",     // across the title and the text: the gap keeps them apart
      "prime NEAR budget",  // any order, within ten words
      "budget NEAR/2 prime",
      "minister ADJ/3 budget",      // in order, within a window
      "\"prime minister\" -visit",  // a phrase with an exclusion
      "\"prime minister\" OR space",
      "\"大きな地震\"",  // Japanese, indexed as character n-grams
      "author:\"maria rossi\"",
      "\"minister prime\"",                  // the words of a phrase in the wrong order
      "\"prime minister\" baku",             // a phrase every match holds, beside a word
      "\"prime minister\" -\"prime time\"",  // ... and one no match may hold
      "(\"prime minister\" OR \"prime time\") talks",
      "\"prime minister\" \"minister of ports\"",
  };
  // Ranked by relevance, newest first and recent first; totals and facets counted exactly and
  // estimated (estimated facets count what the ranking passes over).
  auto expect_as_reference = [&](const std::string& reference_path, const std::vector<std::string>& paths,
                                 const std::string& query) {
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kDate, SortOrder::kRecent}) {
      for (const auto& [estimate, with_facets] : {std::pair{false, true}, {true, false}, {true, true}}) {
        // Newest first without facets, an estimate is Xapian's from the posting lists, before
        // any match runs (and Xapian's estimate for a phrase differs from the AND of its words').
        if (estimate && !with_facets && sort == SortOrder::kDate) continue;
        const Found expected = search_for(reference_path, query, sort, estimate, with_facets);
        EXPECT_EQ(expected.total, expected.scores.size()) << query;
        for (const std::string& path : paths) {
          const Found actual = search_for(path, query, sort, estimate, with_facets);
          EXPECT_EQ(actual.total, expected.total) << query << " on " << path;
          EXPECT_EQ(actual.languages, expected.languages) << query << " on " << path;
          ASSERT_EQ(actual.scores.size(), expected.scores.size()) << query << " on " << path;
          for (const auto& [id, score] : expected.scores) {
            ASSERT_TRUE(actual.scores.contains(id)) << query << " misses " << id << " on " << path;
            EXPECT_NEAR(actual.scores.at(id), score, 0.002) << query << ": " << id << " on " << path;
          }
        }
      }
    }
    // A page of one, newest first: estimated facets still count the matches ranked below it.
    const Found expected = search_for(reference_path, query, SortOrder::kDate, true, true, 1);
    for (const std::string& path : paths) {
      EXPECT_EQ(search_for(path, query, SortOrder::kDate, true, true, 1).languages, expected.languages)
          << query << " on " << path;
    }
  };
  for (const std::string& query : queries) {
    const bool none_expected = query == "\"baku prime\"" || query == "\"minister prime\"";
    EXPECT_EQ(found(reference, query).empty(), none_expected) << query;
    expect_as_reference(reference, single, query);
    expect_as_reference(reference, sharded, query);
    // Articles replaced in place are checked by their new positions, not their first ones.
    expect_as_reference(reference_updated, updated, query);
  }
  EXPECT_NE(found(reference_updated, "\"prime minister\""), found(reference, "\"prime minister\""));
  // The reference itself tells phrases apart from words: the test would catch an AND.
  EXPECT_EQ(found(reference, "\"prime minister\"").size(), 3u);
  EXPECT_EQ(found(reference, "prime minister").size(), 5u);
  // The French article holds the phrase, the German one only its words.
  EXPECT_TRUE(found(reference, "\"prime minister\"").contains("paris"));
  EXPECT_TRUE(found(reference, "prime minister").contains("berlin"));
  EXPECT_TRUE(found(reference, "\"minister prime\"").empty());
}

// The check on its own, as the matcher may drive from it: it walks the articles, in order.
TEST(PhrasePositions, ACheckDrivingTheMatchFindsWhatXapiansPhraseFinds) {
  testing::TempDir dir;
  const Xapian::Database reference(indexed(dir, "schema-3", "3", false));
  const Xapian::Database database(indexed(dir, "schema-5", "", false));
  auto docids = [](const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<Xapian::docid> found;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto item = mset.begin(); item != mset.end(); ++item) found.push_back(*item);
    return found;
  };
  const std::vector<std::vector<std::string>> phrases = {{"Zprime", "Zminist"}, {"Znew", "Zdeal"}, {"Zof", "Zthe"}};
  for (const auto& words : phrases) {
    for (const auto op : {Xapian::Query::OP_PHRASE, Xapian::Query::OP_NEAR}) {
      const Xapian::Query phrase(op, words.begin(), words.end(), op == Xapian::Query::OP_PHRASE ? 2 : 4);
      const Xapian::Query checked = with_phrases_checked(phrase);
      ASSERT_EQ(checked.get_type(), Xapian::Query::OP_FILTER);
      const auto expected = docids(reference, phrase);
      EXPECT_EQ(docids(database, checked.get_subquery(1)), expected) << phrase.get_description();
      EXPECT_EQ(docids(database, checked), expected) << phrase.get_description();
    }
  }
  EXPECT_FALSE(
      docids(reference, Xapian::Query(Xapian::Query::OP_PHRASE, phrases[0].begin(), phrases[0].end(), 2)).empty());
}

}  // namespace
}  // namespace newsdex::search
