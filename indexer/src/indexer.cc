#include "newsdex/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <tuple>

#include "newsdex/error.h"
#include "newsdex/feed_store.h"
#include "newsdex/schema.h"
#include "newsdex/taxonomy.h"
#include "newsdex/text.h"
#include "newsdex/web_link.h"
#include "newsdex/watch_store.h"
#include "lock_error.h"

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

// More articles than this sharing one band are not copies of one story.
constexpr Xapian::doccount kMaxCopiesPerValue = 500;

// The copies already indexed are found by banding (Indyk and Motwani): the MinHashes are cut into
// kBands bands of kRowsPerBand, each band is one boolean term, and an article sharing a band is a
// candidate, which the 16 MinHashes it keeps in a value slot then accept or not. Copies
// (similarity 0.7) share one of 8 bands of 2 with probability 0.995; at 0.5, 0.90. Eight terms
// instead of one per MinHash: those terms are nearly all unique, and inserting them at random
// places of the postlist table was most of what a growing shard's flushes cost, besides half the
// lookups an article needs.
constexpr int kRowsPerBand = 2;
constexpr int kBands = kMinHashes / kRowsPerBand;
// Candidates confirmed by their MinHashes, at most, per new article.
constexpr size_t kMaxConfirmed = 4;

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

std::string band_term(int band, const MinHashes& minhashes) {
  uint64_t rows = 0;
  for (int row = 0; row < kRowsPerBand; ++row) rows = mix(rows ^ minhashes[band * kRowsPerBand + row]);
  return schema::boolean_term(schema::kStoryBandPrefix, std::to_string(band) + ":" + hex64(rows));
}

// The MinHashes as the value of schema::kMinHashSlot: 8 bytes each, little-endian.
std::string pack_minhashes(const MinHashes& minhashes) {
  std::string packed;
  packed.reserve(kMinHashes * 8);
  for (uint64_t value : minhashes) {
    for (int byte = 0; byte < 8; ++byte) packed.push_back(static_cast<char>((value >> (8 * byte)) & 0xff));
  }
  return packed;
}

// How many MinHashes a packed value shares with `minhashes` (0 for a value that is not one).
int agreements_with(const MinHashes& minhashes, std::string_view packed) {
  if (packed.size() != kMinHashes * 8) return 0;
  int agreements = 0;
  for (int h = 0; h < kMinHashes; ++h) {
    uint64_t value = 0;
    for (int byte = 7; byte >= 0; --byte) value = (value << 8) | static_cast<unsigned char>(packed[h * 8 + byte]);
    agreements += value == minhashes[h];
  }
  return agreements;
}

// The key of the title's words, for texts too short to shingle.
std::string title_key(const Article& article) {
  std::string words;
  for (const Word& word : split_words(article.title)) words += fold_for_matching(word.text) + ' ';
  return words.empty() ? std::string() : fingerprint(words);
}

// A key of its own for an article with no indexed copy: from all its MinHashes. One alone is
// shared by unrelated articles whenever their smallest-hashing shingle is the same common phrase
// ("in the first").
std::string own_story_key(const MinHashes& minhashes) {
  std::string all;
  for (uint64_t value : minhashes) all += hex64(value);
  return fingerprint(all);
}

// The story key of an article: that of the indexed copy agreeing with it on most MinHashes (at
// least kSameStoryAgreements), else a key of its own. `shards` are searched one by one: a term's
// frequency comes through the shard's table cursor, which stays warm from one lookup to the
// next, and a posting list is opened only on a shard that has the term (through a database of
// several shards, every lookup would open one on each). The indexed versions of the article
// itself (those with `unique_term`) do not count: an update is keyed afresh.
std::string story_key(const std::vector<Xapian::Database>& shards, const Article& article,
                      const std::optional<MinHashes>& minhashes, const std::string& unique_term) {
  if (!minhashes) return title_key(article);
  std::vector<std::pair<size_t, Xapian::docid>> candidates;  // (shard, document), once per band shared
  std::vector<std::string> bands;
  for (int band = 0; band < kBands; ++band) bands.push_back(band_term(band, *minhashes));
  for (size_t shard = 0; shard < shards.size(); ++shard) {
    const Xapian::Database& database = shards[shard];
    for (const std::string& term : bands) {
      // A band thousands of articles share comes from stock phrases, not from one story; reading
      // its posting list for every new article would make indexing quadratic in the archive.
      const Xapian::doccount copies = database.get_termfreq(term);
      if (copies == 0 || copies > kMaxCopiesPerValue) continue;
      for (auto posting = database.postlist_begin(term); posting != database.postlist_end(term); ++posting) {
        candidates.emplace_back(shard, *posting);
      }
    }
  }
  if (candidates.empty()) return own_story_key(*minhashes);
  // Candidates by the number of bands they share, most first: a copy shares several (3.9 of 8 on
  // average at similarity 0.7), an article that only has a stock phrase in common one. Reading a
  // candidate's MinHashes is a random read, so only the kMaxConfirmed first are read.
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::tuple<int, size_t, Xapian::docid>> ranked;  // (-bands shared, shard, document)
  for (auto at = candidates.begin(); at != candidates.end();) {
    const auto run_end = std::upper_bound(at, candidates.end(), *at);
    ranked.emplace_back(-static_cast<int>(run_end - at), at->first, at->second);
    at = run_end;
  }
  std::sort(ranked.begin(), ranked.end());
  auto is_itself = [&](size_t shard, Xapian::docid document) {
    const Xapian::Database& database = shards[shard];
    if (database.get_termfreq(unique_term) == 0) return false;
    for (auto own = database.postlist_begin(unique_term); own != database.postlist_end(unique_term); ++own) {
      if (*own == document) return true;
    }
    return false;
  };
  std::pair<size_t, Xapian::docid> best{0, 0};
  int best_agreements = kSameStoryAgreements - 1;
  size_t confirmed = 0;
  for (const auto& [shared, shard, candidate] : ranked) {
    if (is_itself(shard, candidate)) continue;  // an earlier version of itself
    if (confirmed++ == kMaxConfirmed) break;
    const int agreements = agreements_with(*minhashes, shards[shard].get_document(candidate).get_value(schema::kMinHashSlot));
    if (agreements > best_agreements) {
      best = {shard, candidate};
      best_agreements = agreements;
    }
  }
  if (best.second != 0) return shards[best.first].get_document(best.second).get_value(schema::kStoryKeySlot);
  return own_story_key(*minhashes);
}


// The folding stemmer of a language, made once per thread: making a Snowball stemmer for every
// document costs allocations, and Xapian's objects must not be shared between threads.
const Xapian::Stem& stemmer_for(const std::string& language) {
  thread_local std::map<std::string, Xapian::Stem> stemmers;
  auto found = stemmers.find(language);
  if (found == stemmers.end()) found = stemmers.emplace(language, folding_stemmer(language)).first;
  return found->second;
}

Xapian::Document build_document(Xapian::WritableDatabase& database, const Article& article, std::string data,
                                 const std::string& key, const std::optional<MinHashes>& minhashes,
                                 uint64_t sequence) {
  using namespace schema;
  Xapian::Document document;
  Xapian::TermGenerator terms;
  // The words of titles feed Xapian's spelling dictionary, for "did you mean". Not those of the
  // texts: that cost a quarter of all indexing time, and headlines already hold the names and
  // terms people search for.
  terms.set_database(database);
  terms.set_stemmer(stemmer_for(article.language.empty() ? std::string(kDefaultStemLanguage) : article.language));
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
    document.add_value(kDaySlot, format_day(*article.published));
  }
  if (!key.empty()) {
    document.add_boolean_term(boolean_term(kStoryPrefix, key));
    document.add_value(kStoryKeySlot, key);
  }
  if (minhashes) {
    for (int band = 0; band < kBands; ++band) document.add_boolean_term(band_term(band, *minhashes));
    document.add_value(kMinHashSlot, pack_minhashes(*minhashes));
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
  document.add_value(kSequenceSlot, encode_sequence(sequence));
  document.add_boolean_term(sequence_block_term(sequence));
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

// Xapian keeps a database's pending changes in in-memory maps until it has
// XAPIAN_FLUSH_THRESHOLD documents (default 10,000) to flush, and every term of every new
// document is looked up in them; smaller maps are faster. Measured importing 200,000 articles
// into 2 lanes: 142.8 s and 749 MB peak at 10,000, 121.2 s and 289 MB at 2,500 (and 210 s at
// 50,000). Xapian 1.4 reads the threshold from the environment only, when a database is opened;
// a value the user set is kept.
constexpr const char* kFlushThreshold = "2500";

// Opens (or creates) one database for writing, with newsdex's messages for the usual failures.
Xapian::WritableDatabase open_writable(const std::string& path, bool wait_for_lock) {
  static const bool threshold_set = setenv("XAPIAN_FLUSH_THRESHOLD", kFlushThreshold, /*overwrite=*/0) == 0;
  (void)threshold_set;
  try {
    const std::filesystem::path folder(path);
    if (folder.has_parent_path()) std::filesystem::create_directories(folder.parent_path());
    return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | (wait_for_lock ? Xapian::DB_RETRY_LOCK : 0));
  } catch (const Xapian::DatabaseLockError& error) {
    if (!locked_by_another_writer(error)) {
      throw RuntimeFailure(path + ": cannot write the index: " + error.get_msg());
    }
    throw RuntimeFailure(path + ": the index is being written by another newsdex-index; "
                         "try again when it finishes, or pass --wait");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(path + ": cannot open the index for writing: " + error.get_description());
  } catch (const std::filesystem::filesystem_error& error) {
    throw RuntimeFailure(path + ": " + error.code().message());
  }
}

// One writer lane: the shard it writes now, and what it reads to place an article. A database of
// one shard is one lane.
struct Lane {
  Lane(unsigned number, unsigned generation, std::string path, Xapian::WritableDatabase shard)
      : number(number), generation(generation), path(std::move(path)), shard(std::move(shard)) {}

  unsigned number;
  unsigned generation;
  std::string path;
  Xapian::WritableDatabase shard;
  // Where copies of a story are looked for, as of the last commit: this lane's open shard first,
  // then every other lane's open shard and each lane's last closed one. Copies of a story come
  // within days of each other, so that is enough; looking in every closed shard would cost
  // lookups per shard, and import would slow down as the archive grows.
  std::vector<Xapian::Database> story_shards;
  // This lane's closed shards, as of the last commit, and their paths: earlier versions of its
  // articles are there.
  std::vector<Xapian::Database> closed_shards;
  std::vector<std::string> closed_paths;
  // Closed shards opened again to update an article they hold, until the next commit.
  std::map<std::string, Xapian::WritableDatabase> reopened;

  // The writable database of closed shard `index`.
  Xapian::WritableDatabase& reopen_closed(size_t index) {
    const std::string& closed_path = closed_paths[index];
    auto found = reopened.find(closed_path);
    // Waits for the lock: only a compaction takes it, and not for long.
    if (found == reopened.end()) found = reopened.emplace(closed_path, open_writable(closed_path, true)).first;
    return found->second;
  }

  // To the last commit.
  void reopen() {
    for (size_t i = 1; i < story_shards.size(); ++i) story_shards[i].reopen();
    for (Xapian::Database& closed : closed_shards) closed.reopen();
  }
};

// Adds or replaces an article in its lane: in place where an earlier version is, else in the
// lane's open shard. `sequence` is its place in the order of indexing (schema::kSequenceSlot).
// Every article is written through add_to, whatever brought it, so this is where stored text is
// made safe: text fields lose control characters (a stranger's feed may hold terminal escapes)
// and a link that is not http(s) is dropped. The input paths do the same with warnings; this is
// the backstop. Ids are cleaned where they are made, since they choose the lane. Nullopt when
// the article is clean already (nearly always: no copy then).
std::optional<Article> cleaned_for_storage(const Article& article) {
  auto dirty = [](const std::string& field) { return has_control_characters(field); };
  const bool needs_cleaning =
      dirty(article.title) || dirty(article.source) || dirty(article.author) || dirty(article.summary) ||
      dirty(article.text) || dirty(article.language) || std::any_of(article.categories.begin(), article.categories.end(), dirty) ||
      (!article.url.empty() && !is_safe_link(article.url));
  if (!needs_cleaning) return std::nullopt;
  Article cleaned = article;
  for (std::string* field : {&cleaned.title, &cleaned.source, &cleaned.author, &cleaned.summary, &cleaned.text, &cleaned.language}) {
    drop_control_characters(*field);
  }
  for (std::string& category : cleaned.categories) drop_control_characters(category);
  if (!is_safe_link(cleaned.url)) cleaned.url.clear();
  return cleaned;
}

AddOutcome add_to(Lane& lane, const Article& given, uint64_t sequence) {
  const std::optional<Article> cleaned = cleaned_for_storage(given);
  const Article& article = cleaned ? *cleaned : given;
  const std::string unique_term = schema::id_term(article.id);
  std::string data = schema::encode_document_data(article);
  AddOutcome outcome = AddOutcome::kAdded;
  Xapian::WritableDatabase* target = &lane.shard;
  if (auto posting = lane.shard.postlist_begin(unique_term); posting != lane.shard.postlist_end(unique_term)) {
    if (lane.shard.get_document(*posting).get_data() == data) return AddOutcome::kUnchanged;
    outcome = AddOutcome::kUpdated;
  } else {
    for (size_t index = 0; index < lane.closed_shards.size(); ++index) {
      Xapian::Database& closed = lane.closed_shards[index];
      if (closed.get_termfreq(unique_term) == 0) continue;
      if (closed.get_document(*closed.postlist_begin(unique_term)).get_data() == data) return AddOutcome::kUnchanged;
      outcome = AddOutcome::kUpdated;
      target = &lane.reopen_closed(index);
      break;
    }
  }
  const std::optional<MinHashes> minhashes = text_minhashes(article.text);
  std::string key;
  // The other lanes commit (and flush) on their own threads, so a revision read here can be
  // discarded under us: reopening and looking again is Xapian's remedy.
  for (int attempt = 1;; ++attempt) {
    try {
      key = story_key(lane.story_shards, article, minhashes, unique_term);
      break;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 5) throw;
      lane.reopen();
    }
  }
  Xapian::Document document = build_document(*target, article, std::move(data), key, minhashes, sequence);
  if (outcome == AddOutcome::kAdded) {
    target->add_document(document);  // known to be new: no second lookup of its id
  } else {
    target->replace_document(unique_term, document);
  }
  return outcome;
}

// Where a lane's shard of a generation lives, relative to the index folder.
std::string shard_name(unsigned lane, unsigned generation) {
  char name[64];
  std::snprintf(name, sizeof name, "%s/lane-%u/%04u", std::string(schema::kShardsFolder).c_str(), lane, generation);
  return name;
}

std::string generation_key(unsigned lane) { return std::string(schema::kLaneGenerationKeyPrefix) + std::to_string(lane); }

// Creates a lane's shard of a generation, ready for articles (schema version, country synonyms).
Xapian::WritableDatabase create_shard(const std::string& path) {
  Xapian::WritableDatabase shard = open_writable(path, false);
  shard.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
  write_country_synonyms(shard);  // searches read them from the shards
  shard.commit();
  return shard;
}

// Writes the XAPIANDB stub listing every shard, in place in one rename: a searcher opens either
// the old list or the new one.
void write_stub(const std::filesystem::path& folder, const std::vector<unsigned>& generations) {
  std::string stub;
  for (unsigned lane = 0; lane < generations.size(); ++lane) {
    for (unsigned generation = 0; generation <= generations[lane]; ++generation) {
      stub += "auto " + shard_name(lane, generation) + "\n";
    }
  }
  const std::filesystem::path stub_path = folder / schema::kStubFile;
  const std::filesystem::path next = stub_path.string() + ".new";
  {
    std::ofstream out(next, std::ios::trunc);
    out << stub;
    out.flush();
    if (!out) throw RuntimeFailure(next.string() + ": cannot write the list of shards");
  }
  std::filesystem::rename(next, stub_path);
}

// Schema versions this indexer can add to: version 1 lacks the set slots, which the searcher
// notices and counts around.
bool writable_schema(const std::string& version) { return version == schema::kSchemaVersion || version == "1"; }

}  // namespace

struct Indexer::State {
  std::string path;
  // The index itself; for a sharded index, its bookkeeping database (schema::kStateFolder).
  Xapian::WritableDatabase database;
  bool sharded = false;
  uint64_t articles_per_shard = 0;  // a sharded index's; 0: no limit
  // The writer lanes: a sharded index's, one open shard each; or the single database's one.
  std::vector<Lane> lanes;
  std::optional<FeedStore> feeds;
  std::optional<WatchStore> watches;
  // The indexing sequence number the next article written gets (schema::kSequenceSlot).
  uint64_t next_sequence = 1;

  // Numbers continue after every number a shard holds, not only after the last one a finished
  // commit recorded: a crash between the shards' commits and the bookkeeping's leaves articles
  // numbered past it, and a number given twice could let a watch's cursor pass one of them.
  void find_next_sequence() {
    const std::string recorded = database.get_metadata(std::string(schema::kSequenceKey));
    uint64_t highest = recorded.empty() ? 0 : std::stoull(recorded);
    auto consider = [&](const Xapian::Database& shard) {
      highest = std::max(highest, schema::decode_sequence(shard.get_value_upper_bound(schema::kSequenceSlot)));
    };
    for (const Lane& lane : lanes) {
      consider(lane.shard);
      for (const Xapian::Database& closed : lane.closed_shards) consider(closed);
    }
    next_sequence = highest + 1;
  }

  Lane& lane_of(const std::string& id) { return lanes[std::stoull(fingerprint(id), nullptr, 16) % lanes.size()]; }

  // Opens, for every lane, the shards it reads (Lane::story_shards, Lane::closed_shards) as last
  // committed.
  void connect_lanes() {
    for (Lane& lane : lanes) {
      lane.story_shards = {Xapian::Database(lane.shard)};
      lane.closed_shards.clear();
      lane.closed_paths.clear();
      if (!sharded) continue;
      for (const Lane& other : lanes) {
        for (unsigned generation = 0; generation <= other.generation; ++generation) {
          const std::string shard_path = (std::filesystem::path(path) / shard_name(other.number, generation)).string();
          const bool own = &other == &lane;
          if (own && generation == lane.generation) continue;
          Xapian::Database shard(shard_path);
          if (generation + 1 >= other.generation) lane.story_shards.push_back(shard);
          if (own) {
            lane.closed_shards.push_back(shard);
            lane.closed_paths.push_back(shard_path);
          }
        }
      }
    }
  }

  // Closes the shard of each lane that has reached articles_per_shard and opens the lane's next.
  // Runs after the shards' commit and before the bookkeeping's: the new shard and the stub that
  // lists it exist before the bookkeeping names it as the lane's, so a crash in between leaves
  // an empty shard in the list and the full one still open, to be closed by the next run.
  bool roll_over_full_lanes() {
    if (!sharded || articles_per_shard == 0) return false;
    bool rolled = false;
    for (Lane& lane : lanes) {
      if (lane.shard.get_doccount() < articles_per_shard) continue;
      lane.generation += 1;
      lane.path = (std::filesystem::path(path) / shard_name(lane.number, lane.generation)).string();
      lane.shard = create_shard(lane.path);  // the full one stays locked until connect_lanes() lets go of it
      database.set_metadata(generation_key(lane.number), std::to_string(lane.generation));
      rolled = true;
    }
    if (rolled) {
      std::vector<unsigned> generations;
      for (const Lane& lane : lanes) generations.push_back(lane.generation);
      write_stub(path, generations);
    }
    return rolled;
  }
};

void Indexer::create_sharded(const std::string& index_path, const ShardLayout& layout) {
  namespace fs = std::filesystem;
  const fs::path folder(index_path);
  if (fs::exists(folder) && !fs::is_empty(folder)) {
    throw InputError(index_path + ": already exists; a sharded index is created in a new folder");
  }
  if (layout.lanes < 1 || layout.lanes > 64) {
    throw InputError("a sharded index has 1 to 64 lanes, not " + std::to_string(layout.lanes));
  }
  try {
    for (unsigned lane = 0; lane < layout.lanes; ++lane) create_shard((folder / shard_name(lane, 0)).string());
    Xapian::WritableDatabase state = open_writable((folder / schema::kStateFolder).string(), false);
    state.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
    state.set_metadata(std::string(schema::kLanesKey), std::to_string(layout.lanes));
    state.set_metadata(std::string(schema::kShardSizeKey), std::to_string(layout.articles_per_shard));
    state.commit();
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(index_path + ": cannot create the shards: " + error.get_description());
  }
  // The stub last: until it exists the folder is not an index.
  write_stub(folder, std::vector<unsigned>(layout.lanes, 0));
}

Indexer::Indexer(const std::string& database_path, const IndexerOptions& options) : state_(std::make_unique<State>()) {
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
  try {
    state_->sharded = state_path != database_path;
    if (!state_->sharded) {
      write_country_synonyms(state_->database);
      state_->lanes.emplace_back(0, 0, database_path, state_->database);
    } else {
      auto number = [&](std::string_view key) {
        const std::string value = state_->database.get_metadata(std::string(key));
        return value.empty() ? uint64_t{0} : std::stoull(value);
      };
      state_->articles_per_shard = number(schema::kShardSizeKey);
      const auto lanes = static_cast<unsigned>(number(schema::kLanesKey));
      for (unsigned lane = 0; lane < lanes; ++lane) {
        const auto generation = static_cast<unsigned>(number(generation_key(lane)));
        const std::string path = (std::filesystem::path(database_path) / shard_name(lane, generation)).string();
        state_->lanes.emplace_back(lane, generation, path, open_writable(path, options.wait_for_lock));
      }
    }
    state_->connect_lanes();
    state_->find_next_sequence();
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot open the index's shards: " + error.get_description());
  }
  state_->feeds.emplace(state_->database);
  state_->watches.emplace(state_->database);
}

Indexer::~Indexer() = default;

AddOutcome Indexer::add(const Article& article) {
  try {
    return add_to(state_->lane_of(article.id), article, state_->next_sequence++);
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
  // Each lane writes its own articles on its own thread: shards are separate databases. They are
  // numbered in the order given, before the lanes start.
  const uint64_t first_sequence = state_->next_sequence;
  state_->next_sequence += articles.size();
  std::vector<std::vector<size_t>> by_lane(state_->lanes.size());
  for (size_t i = 0; i < articles.size(); ++i) by_lane[state_->lane_of(articles[i].id).number].push_back(i);
  std::vector<std::future<void>> writers;
  for (size_t lane = 0; lane < by_lane.size(); ++lane) {
    if (by_lane[lane].empty()) continue;
    writers.push_back(std::async(std::launch::async, [&, lane] {
      for (size_t i : by_lane[lane]) {
        try {
          outcomes[i] = add_to(state_->lanes[lane], articles[i], first_sequence + i);
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
    // the same shards: nothing is lost and nothing doubled. The sequence recorded with the
    // bookkeeping is durable only once every shard holding those numbers is.
    state_->database.set_metadata(std::string(schema::kSequenceKey), std::to_string(state_->next_sequence - 1));
    std::vector<std::future<void>> commits;
    for (Lane& lane : state_->lanes) {
      commits.push_back(std::async(std::launch::async, [&lane] {
        lane.shard.commit();
        for (auto& [path, shard] : lane.reopened) shard.commit();
        lane.reopened.clear();  // closed again: a compaction may take them
      }));
    }
    for (auto& commit : commits) commit.get();
    const bool rolled = state_->roll_over_full_lanes();
    state_->database.commit();
    if (rolled) {
      state_->connect_lanes();
    } else {
      for (Lane& lane : state_->lanes) lane.reopen();
    }
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": commit failed: " + error.get_description());
  }
}

void Indexer::commit_bookkeeping() {
  try {
    state_->database.commit();
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": commit failed: " + error.get_description());
  }
}

unsigned Indexer::article_count() const {
  if (!state_->sharded) return state_->database.get_doccount();
  Xapian::Database everything;
  for (const Lane& lane : state_->lanes) {
    everything.add_database(lane.shard);
    for (const Xapian::Database& closed : lane.closed_shards) everything.add_database(closed);
  }
  return everything.get_doccount();
}

FeedStore& Indexer::feeds() { return *state_->feeds; }

WatchStore& Indexer::watches() { return *state_->watches; }

uint64_t Indexer::last_sequence() const { return state_->next_sequence - 1; }

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
