#include "newsdex/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include "newsdex/error.h"
#include "newsdex/feed_store.h"
#include "newsdex/schema.h"
#include "newsdex/taxonomy.h"
#include "newsdex/text.h"

namespace newsdex::index {
namespace {

// Stemming language for articles whose language is unknown.
constexpr std::string_view kDefaultStemLanguage = "en";

// Copies of a wire story differ in headline, byline, dateline and a sentence or two at either
// end, so they are matched on their texts' 3-word shingles with MinHash (Broder): each of
// kMinHashes seeded hashes keeps its smallest value over the shingles, and two texts agree on
// each one with a probability equal to their shingles' Jaccard similarity. Each value is a
// boolean term, so finding the copies already indexed costs kMinHashes posting-list reads,
// however large the archive. Texts shorter than kMinShingleWords fall back to the title.
constexpr size_t kMinShingleWords = 20;
constexpr int kMinHashes = 16;
// Of kMinHashes: more than half, an estimated Jaccard similarity above 0.5. Copies of one story
// (similarity 0.7 and more) reach it nine times in ten or more; different stories that share
// stock phrases (0.1) about once in 170,000 pairs. Eight hashes needing four merged such stories
// once in 200 pairs: too often for an archive.
constexpr int kSameStoryAgreements = 9;

// More articles than this sharing one MinHash value are not copies of one story.
constexpr Xapian::doccount kMaxCopiesPerValue = 500;

using MinHashes = std::array<uint64_t, kMinHashes>;

uint64_t mix(uint64_t x) {  // splitmix64's finaliser: independent-looking hashes from one seed each
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::optional<MinHashes> text_minhashes(std::string_view text) {
  const std::vector<Word> words = split_words(text);
  if (words.size() < kMinShingleWords) return std::nullopt;
  std::vector<std::string> folded;
  folded.reserve(words.size());
  for (const Word& word : words) folded.push_back(fold_for_matching(word.text));
  MinHashes minimum;
  minimum.fill(~uint64_t{0});
  for (size_t i = 0; i + 3 <= folded.size(); ++i) {
    const uint64_t shingle = std::stoull(fingerprint(folded[i] + ' ' + folded[i + 1] + ' ' + folded[i + 2]), nullptr, 16);
    for (int h = 0; h < kMinHashes; ++h) minimum[h] = std::min(minimum[h], mix(shingle ^ (0x9e3779b97f4a7c15ULL * (h + 1))));
  }
  return minimum;
}

std::string hex64(uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::string minhash_term(int index, uint64_t value) {
  return schema::boolean_term(schema::kMinHashPrefix, std::to_string(index) + ":" + hex64(value));
}

// The key of the title's words, for texts too short to shingle.
std::string title_key(const Article& article) {
  std::string words;
  for (const Word& word : split_words(article.title)) words += fold_for_matching(word.text) + ' ';
  return words.empty() ? std::string() : fingerprint(words);
}

// The story key of an article: that of the indexed copy agreeing with it on most MinHashes (at
// least kSameStoryAgreements), else a key of its own.
std::string story_key(const Xapian::Database& database, const Article& article, const std::optional<MinHashes>& minhashes,
                      Xapian::docid own_document) {
  if (!minhashes) return title_key(article);
  std::unordered_map<Xapian::docid, int> agreements;
  for (int h = 0; h < kMinHashes; ++h) {
    const std::string term = minhash_term(h, (*minhashes)[h]);
    // A value thousands of articles share comes from a stock phrase, not from one story; reading
    // its posting list for every new article would make indexing quadratic in the archive.
    if (database.get_termfreq(term) > kMaxCopiesPerValue) continue;
    for (auto posting = database.postlist_begin(term); posting != database.postlist_end(term); ++posting) {
      if (*posting != own_document) ++agreements[*posting];  // not an update of this very article
    }
  }
  auto best = std::max_element(agreements.begin(), agreements.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  if (best != agreements.end() && best->second >= kSameStoryAgreements) {
    return database.get_document(best->first).get_value(schema::kStoryKeySlot);
  }
  // A key of its own: from all its MinHashes. One alone is shared by unrelated articles whenever
  // their smallest-hashing shingle is the same common phrase ("in the first").
  std::string all;
  for (uint64_t value : *minhashes) all += hex64(value);
  return fingerprint(all);
}

Xapian::Document build_document(Xapian::WritableDatabase& database, const Article& article, std::string data,
                                 const std::string& key, const std::optional<MinHashes>& minhashes) {
  using namespace schema;
  Xapian::Document document;
  Xapian::TermGenerator terms;
  // The words of titles and texts feed Xapian's spelling dictionary, for "did you mean".
  terms.set_database(database);
  terms.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  terms.set_stemmer(folding_stemmer(article.language.empty() ? kDefaultStemLanguage : article.language));
  terms.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  terms.set_document(document);

  // Text is folded before indexing, and queries before parsing, so that case and accents never
  // decide a match; the stored text keeps its original form for display and snippets.
  const std::string title = fold_for_matching(article.title);
  terms.index_text(title, 1, std::string(kTitlePrefix));
  terms.index_text(title, 2);  // title words weigh double in unprefixed search
  terms.increase_termpos();
  terms.index_text(fold_for_matching(article.text));
  terms.set_flags(0);  // names are not spelling suggestions
  if (!article.author.empty()) terms.index_text(fold_for_matching(article.author), 1, std::string(kAuthorPrefix));

  document.add_boolean_term(id_term(article.id));
  for (const ScoredCode& country : article.countries) document.add_boolean_term(boolean_term(kCountryPrefix, country.code));
  for (const std::string& country : article.mentioned) document.add_boolean_term(boolean_term(kMentionPrefix, country));
  for (const ScoredCode& topic : article.topics) document.add_boolean_term(boolean_term(kTopicPrefix, topic.code));
  if (!article.source.empty()) {
    document.add_boolean_term(boolean_term(kSourcePrefix, fold_for_matching(article.source)));
    document.add_value(kSourceSlot, article.source);
  }
  if (!article.language.empty()) {
    document.add_boolean_term(boolean_term(kLanguagePrefix, article.language));
    document.add_value(kLanguageSlot, article.language);
  }
  if (!article.feed_url.empty()) document.add_boolean_term(boolean_term(kFeedPrefix, article.feed_url));
  if (article.published) {
    const std::string month = format_month(*article.published);
    document.add_boolean_term(boolean_term(kMonthPrefix, month));
    document.add_value(kPublishedSlot, encode_time(*article.published));
    document.add_value(kMonthSlot, month);
  }
  if (!key.empty()) {
    document.add_boolean_term(boolean_term(kStoryPrefix, key));
    document.add_value(kStoryKeySlot, key);
  }
  if (minhashes) {
    for (int h = 0; h < kMinHashes; ++h) document.add_boolean_term(minhash_term(h, (*minhashes)[h]));
  }
  for (unsigned i = 0; i < article.countries.size() && i < kMaxFacetCountries; ++i) {
    document.add_value(kFirstCountrySlot + i, article.countries[i].code);
  }
  for (unsigned i = 0; i < article.topics.size() && i < kMaxFacetTopics; ++i) {
    document.add_value(kFirstTopicSlot + i, article.topics[i].code);
  }
  auto add_set = [&](Xapian::valueno slot, const std::vector<ScoredCode>& scored, unsigned most) {
    std::vector<std::string> codes;
    for (unsigned i = 0; i < scored.size() && i < most; ++i) codes.push_back(scored[i].code);
    if (!codes.empty()) document.add_value(slot, join_set(std::move(codes)));
  };
  add_set(kCountrySetSlot, article.countries, kMaxFacetCountries);
  add_set(kTopicSetSlot, article.topics, kMaxFacetTopics);
  document.set_data(std::move(data));
  return document;
}

// Every name of a country as a Xapian synonym of the others, so that a search for "Turkey" also
// finds "Türkiye" and "Turkiye". Rewritten only when newsdex's list of names changes.
void write_country_synonyms(Xapian::WritableDatabase& database) {
  std::vector<std::pair<std::string, std::string>> synonyms;
  std::string listing;
  for (const std::vector<std::string>& names : Gazetteer::builtin().own_names()) {
    for (const std::string& key : names) {
      for (const std::string& value : names) {
        // A synonym is one term; and a two-letter one would be a word ("US" is the pronoun "us").
        if (value == key || value.find(' ') != std::string::npos || value.size() <= 2) continue;
        synonyms.emplace_back(key, value);
        listing += key + '\t' + value + '\n';
      }
    }
  }
  const std::string version = fingerprint(listing);
  if (database.get_metadata(std::string(schema::kSynonymsKey)) == version) return;
  std::vector<std::string> old_keys(database.synonym_keys_begin(), database.synonym_keys_end());
  for (const std::string& key : old_keys) database.clear_synonyms(key);
  for (const auto& [key, value] : synonyms) database.add_synonym(key, value);
  database.set_metadata(std::string(schema::kSynonymsKey), version);
}

}  // namespace

struct Indexer::State {
  std::string path;
  Xapian::WritableDatabase database;
  std::optional<FeedStore> feeds;
};

Indexer::Indexer(const std::string& database_path, const IndexerOptions& options) : state_(std::make_unique<State>()) {
  state_->path = database_path;
  try {
    const std::filesystem::path path(database_path);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    state_->database = Xapian::WritableDatabase(
        database_path, Xapian::DB_CREATE_OR_OPEN | (options.wait_for_lock ? Xapian::DB_RETRY_LOCK : 0));
  } catch (const Xapian::DatabaseLockError&) {
    throw RuntimeFailure(database_path + ": the index is being written by another newsdex-index; "
                         "try again when it finishes, or pass --wait");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot open the index for writing: " + error.get_description());
  } catch (const std::filesystem::filesystem_error& error) {
    throw RuntimeFailure(database_path + ": " + error.code().message());
  }
  state_->feeds.emplace(state_->database);
  const std::string version = state_->database.get_metadata(std::string(schema::kSchemaVersionKey));
  if (version.empty() && state_->database.get_doccount() == 0) {
    state_->database.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
  } else if (version != schema::kSchemaVersion) {
    throw RuntimeFailure(database_path + ": not a newsdex index of schema version " + std::string(schema::kSchemaVersion));
  }
  try {
    write_country_synonyms(state_->database);
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot write the country synonyms: " + error.get_description());
  }
}

Indexer::~Indexer() = default;

AddOutcome Indexer::add(const Article& article) {
  const std::string unique_term = schema::id_term(article.id);
  std::string data = schema::encode_document_data(article);
  try {
    Xapian::WritableDatabase& database = state_->database;
    AddOutcome outcome = AddOutcome::kAdded;
    Xapian::docid own_document = 0;
    if (auto posting = database.postlist_begin(unique_term); posting != database.postlist_end(unique_term)) {
      if (database.get_document(*posting).get_data() == data) return AddOutcome::kUnchanged;
      outcome = AddOutcome::kUpdated;
      own_document = *posting;
    }
    const std::optional<MinHashes> minhashes = text_minhashes(article.text);
    const std::string key = story_key(database, article, minhashes, own_document);
    database.replace_document(unique_term, build_document(database, article, std::move(data), key, minhashes));
    return outcome;
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": cannot add article " + article.id + ": " + error.get_description());
  }
}

void Indexer::commit() {
  try {
    state_->database.commit();
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": commit failed: " + error.get_description());
  }
}

unsigned Indexer::article_count() const { return state_->database.get_doccount(); }

FeedStore& Indexer::feeds() { return *state_->feeds; }

void Indexer::set_last_crawl(Timestamp time) {
  state_->database.set_metadata(std::string(schema::kLastCrawlKey), format_rfc3339(time));
}

std::string Indexer::metadata(const std::string& key) const {
  try {
    return state_->database.get_metadata(key);
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": cannot read " + key + ": " + error.get_description());
  }
}

void Indexer::set_metadata(const std::string& key, const std::string& value) {
  try {
    state_->database.set_metadata(key, value);
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": cannot write " + key + ": " + error.get_description());
  }
}

Article make_article(const feeds::Feed& feed, const feeds::FeedItem& item, const FeedDefaults& defaults,
                     const Tagger& tagger) {
  Article article;
  article.id = item.id;
  article.title = item.title;
  article.url = item.link;
  article.source = !defaults.source.empty() ? defaults.source : feed.title;
  article.feed_url = defaults.feed_url;
  article.published = item.published ? item.published : item.updated;
  article.updated = item.updated;
  article.author = item.author;
  article.summary = item.summary;
  article.text = item.text;
  article.categories = item.categories;
  apply_tags(tagger.tag(item.title, item.text, {feed.language, defaults.countries, defaults.topics, item.categories}),
             article);
  return article;
}

}  // namespace newsdex::index
