#include "newsdex/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
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
    // FNV-1a of "w1 w2 w3": the number fingerprint() would spell in hex, without the strings.
    uint64_t shingle = 1469598103934665603ULL;
    for (size_t w = i; w < i + 3; ++w) {
      if (w > i) shingle = (shingle ^ static_cast<unsigned char>(' ')) * 1099511628211ULL;
      for (unsigned char c : folded[w]) shingle = (shingle ^ c) * 1099511628211ULL;
    }
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
  // The words of titles feed Xapian's spelling dictionary, for "did you mean". Not those of the
  // texts: that cost a quarter of all indexing time, and headlines already hold the names and
  // terms people search for.
  terms.set_database(database);
  terms.set_stemmer(folding_stemmer(article.language.empty() ? kDefaultStemLanguage : article.language));
  terms.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  terms.set_document(document);

  // Text is folded before indexing, and queries before parsing, so that case and accents never
  // decide a match; the stored text keeps its original form for display and snippets.
  const std::string title = fold_for_matching(article.title);
  terms.index_text(title, 1, std::string(kTitlePrefix));
  terms.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  terms.index_text(title, 2);  // title words weigh double in unprefixed search
  terms.set_flags(0);
  terms.increase_termpos();
  terms.index_text(fold_for_matching(article.text));
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

// Opens (or creates) one database for writing, with newsdex's messages for the usual failures.
Xapian::WritableDatabase open_writable(const std::string& path, bool wait_for_lock) {
  try {
    const std::filesystem::path folder(path);
    if (folder.has_parent_path()) std::filesystem::create_directories(folder.parent_path());
    return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | (wait_for_lock ? Xapian::DB_RETRY_LOCK : 0));
  } catch (const Xapian::DatabaseLockError&) {
    throw RuntimeFailure(path + ": the index is being written by another newsdex-index; "
                         "try again when it finishes, or pass --wait");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(path + ": cannot open the index for writing: " + error.get_description());
  } catch (const std::filesystem::filesystem_error& error) {
    throw RuntimeFailure(path + ": " + error.code().message());
  }
}

// One writer lane of a sharded index: its shard, open for writing, and every other shard as it
// was at the last commit, where copies of a story in other lanes are found.
struct Lane {
  std::string path;
  Xapian::WritableDatabase shard;
  Xapian::Database others;
};

// Adds or replaces an article in `shard`; `others` (possibly empty) are searched for copies of its
// story too.
AddOutcome add_to(Xapian::WritableDatabase& shard, Xapian::Database& others, const Article& article) {
  const std::string unique_term = schema::id_term(article.id);
  std::string data = schema::encode_document_data(article);
  AddOutcome outcome = AddOutcome::kAdded;
  Xapian::docid own_document = 0;
  if (auto posting = shard.postlist_begin(unique_term); posting != shard.postlist_end(unique_term)) {
    if (shard.get_document(*posting).get_data() == data) return AddOutcome::kUnchanged;
    outcome = AddOutcome::kUpdated;
    own_document = *posting;
  }
  const std::optional<MinHashes> minhashes = text_minhashes(article.text);
  std::string key;
  if (others.size() == 0) {
    key = story_key(shard, article, minhashes, own_document);
  } else {
    // The other lanes commit (and flush) on their own threads, so a revision read here can be
    // discarded under us: reopening and looking again is Xapian's remedy.
    for (int attempt = 1;; ++attempt) {
      try {
        Xapian::Database everything(shard);  // this shard first: its documents keep numbers (n-1)*shards+1
        everything.add_database(others);
        const Xapian::docid own = own_document == 0 ? 0 : (own_document - 1) * everything.size() + 1;
        key = story_key(everything, article, minhashes, own);
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == 5) throw;
        others.reopen();
      }
    }
  }
  shard.replace_document(unique_term, build_document(shard, article, std::move(data), key, minhashes));
  return outcome;
}

// Schema versions this indexer can add to: version 1 lacks the set slots, which the searcher
// notices and counts around.
bool writable_schema(const std::string& version) { return version == schema::kSchemaVersion || version == "1"; }

}  // namespace

struct Indexer::State {
  std::string path;
  // The index itself; for a sharded index, its bookkeeping database (schema::kStateFolder).
  Xapian::WritableDatabase database;
  std::vector<Lane> lanes;  // a sharded index's writer lanes, one shard each
  std::optional<FeedStore> feeds;

  bool sharded() const { return !lanes.empty(); }

  Lane& lane_of(const std::string& id) { return lanes[std::stoull(fingerprint(id), nullptr, 16) % lanes.size()]; }

  void reopen_others() {
    for (Lane& lane : lanes) lane.others.reopen();
  }
};

void Indexer::create_sharded(const std::string& index_path, unsigned lanes) {
  namespace fs = std::filesystem;
  const fs::path folder(index_path);
  if (fs::exists(folder) && !fs::is_empty(folder)) {
    throw InputError(index_path + ": already exists; a sharded index is created in a new folder");
  }
  if (lanes < 1 || lanes > 64) throw InputError("a sharded index has 1 to 64 shards, not " + std::to_string(lanes));
  std::string stub;
  for (unsigned lane = 0; lane < lanes; ++lane) {
    const std::string name = std::string(schema::kShardsFolder) + "/lane-" + std::to_string(lane);
    Xapian::WritableDatabase shard = open_writable((folder / name).string(), false);
    shard.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
    shard.commit();
    stub += "auto " + name + "\n";
  }
  Xapian::WritableDatabase state = open_writable((folder / schema::kStateFolder).string(), false);
  state.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
  state.set_metadata(std::string(schema::kLanesKey), std::to_string(lanes));
  state.commit();
  // The stub last: until it exists the folder is not an index.
  std::ofstream(folder / (std::string(schema::kStubFile) + ".new")) << stub;
  fs::rename(folder / (std::string(schema::kStubFile) + ".new"), folder / schema::kStubFile);
}

Indexer::Indexer(const std::string& database_path, const IndexerOptions& options) : state_(std::make_unique<State>()) {
  namespace fs = std::filesystem;
  state_->path = database_path;
  const std::string state_path = schema::state_database_path(database_path);
  // The bookkeeping database is opened first: its lock is the whole index's write lock.
  state_->database = open_writable(state_path, options.wait_for_lock);
  const std::string version = state_->database.get_metadata(std::string(schema::kSchemaVersionKey));
  if (version.empty() && state_->database.get_doccount() == 0) {
    state_->database.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
  } else if (!writable_schema(version)) {
    throw RuntimeFailure(database_path + ": not a newsdex index this version can write (schema '" + version + "')");
  }
  if (state_path != database_path) {
    const std::string lanes = state_->database.get_metadata(std::string(schema::kLanesKey));
    const unsigned count = lanes.empty() ? 0 : static_cast<unsigned>(std::stoul(lanes));
    for (unsigned lane = 0; lane < count; ++lane) {
      const std::string path =
          (fs::path(database_path) / schema::kShardsFolder / ("lane-" + std::to_string(lane))).string();
      state_->lanes.push_back({path, open_writable(path, options.wait_for_lock), Xapian::Database()});
    }
    for (unsigned lane = 0; lane < count; ++lane) {
      for (unsigned other = 0; other < count; ++other) {
        if (other != lane) state_->lanes[lane].others.add_database(Xapian::Database(state_->lanes[other].path));
      }
    }
  }
  state_->feeds.emplace(state_->database);
  try {
    if (!state_->sharded()) write_country_synonyms(state_->database);
    for (Lane& lane : state_->lanes) write_country_synonyms(lane.shard);  // searches read them from the shards
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot write the country synonyms: " + error.get_description());
  }
}

Indexer::~Indexer() = default;

AddOutcome Indexer::add(const Article& article) {
  try {
    if (!state_->sharded()) {
      Xapian::Database none;
      return add_to(state_->database, none, article);
    }
    Lane& lane = state_->lane_of(article.id);
    return add_to(lane.shard, lane.others, article);
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": cannot add article " + article.id + ": " + error.get_description());
  }
}

std::vector<AddOutcome> Indexer::add_all(const std::vector<Article>& articles) {
  std::vector<AddOutcome> outcomes(articles.size(), AddOutcome::kUnchanged);
  if (state_->lanes.size() < 2) {
    for (size_t i = 0; i < articles.size(); ++i) outcomes[i] = add(articles[i]);
    return outcomes;
  }
  // Each lane writes its own articles on its own thread: shards are separate databases.
  std::vector<std::vector<size_t>> by_lane(state_->lanes.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    by_lane[&state_->lane_of(articles[i].id) - state_->lanes.data()].push_back(i);
  }
  std::vector<std::future<void>> writers;
  for (size_t lane = 0; lane < by_lane.size(); ++lane) {
    if (by_lane[lane].empty()) continue;
    writers.push_back(std::async(std::launch::async, [&, lane] {
      for (size_t i : by_lane[lane]) {
        try {
          outcomes[i] = add_to(state_->lanes[lane].shard, state_->lanes[lane].others, articles[i]);
        } catch (const Xapian::Error& error) {
          throw RuntimeFailure(state_->path + ": cannot add article " + articles[i].id + ": " + error.get_description());
        }
      }
    }));
  }
  for (auto& writer : writers) writer.get();
  return outcomes;
}

void Indexer::commit() {
  try {
    // Shards first, bookkeeping last: a crash between them leaves feed states and import
    // positions behind the articles, so the next run writes those articles again, by id, in
    // the same shards: nothing is lost and nothing doubled.
    std::vector<std::future<void>> commits;
    for (Lane& lane : state_->lanes) commits.push_back(std::async(std::launch::async, [&lane] { lane.shard.commit(); }));
    for (auto& commit : commits) commit.get();
    state_->database.commit();
    state_->reopen_others();
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": commit failed: " + error.get_description());
  }
}

unsigned Indexer::article_count() const {
  if (!state_->sharded()) return state_->database.get_doccount();
  unsigned count = 0;
  for (const Lane& lane : state_->lanes) count += lane.shard.get_doccount();
  return count;
}

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
