#include "lanes.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>

#include "article_document.h"
#include "lock_error.h"
#include "newsdex/database_folders.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/term_positions.h"
#include "newsdex/text.h"
#include "story_key.h"

namespace newsdex::index {
namespace {

// Xapian keeps a database's pending changes in in-memory maps until it has
// XAPIAN_FLUSH_THRESHOLD documents (default 10,000) to flush, and every term of every new
// document is looked up in them; smaller maps are faster. Measured importing 200,000 articles
// into 2 lanes: 142.8 s and 749 MB peak at 10,000, 121.2 s and 289 MB at 2,500 (and 210 s at
// 50,000). Each lane holds its own maps (~75 MB at 2,500), so lanes share a budget: 2,500 each
// up to 3 lanes, fewer beyond (8 lanes, 100,000 articles: 709 MB peak at 2,500 each). Xapian 1.4
// reads the threshold from the environment only, when a database is opened; a value the user
// set is kept.
constexpr unsigned kFlushThreshold = 2'500;
constexpr unsigned kFlushBudget = 7'500;  // pending documents of all lanes together
constexpr unsigned kMinFlushThreshold = 500;

// Sets XAPIAN_FLUSH_THRESHOLD for the databases opened from now on, unless the user set it.
// Called on the opening thread before any lane thread runs: setenv is not safe beside getenv.
void use_flush_threshold(unsigned documents) {
  static const bool set_by_user = std::getenv("XAPIAN_FLUSH_THRESHOLD") != nullptr;
  if (!set_by_user) setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(documents).c_str(), /*overwrite=*/1);
}

// Where a lane's shard of a generation lives, relative to the index folder.
std::string shard_name(unsigned lane, unsigned generation) {
  char name[64];
  std::snprintf(name, sizeof name, "%s/lane-%u/%04u", std::string(schema::kShardsFolder).c_str(), lane, generation);
  return name;
}

std::string generation_key(unsigned lane) {
  return std::string(schema::kLaneGenerationKeyPrefix) + std::to_string(lane);
}

// Creates a lane's shard of a generation, ready for articles: the index's schema version, country
// synonyms.
// A folder already there without Xapian's version file is one whose creation a crash cut short
// (a table file written, "iamglass" not yet): Xapian can neither open nor create over it, and it
// holds nothing, since neither the bookkeeping nor the stub names a shard before its first
// commit. It is made again.
Xapian::WritableDatabase create_shard(const std::string& path, const std::string& schema_version) {
  const std::filesystem::path folder(path);
  std::error_code error;
  if (std::filesystem::is_directory(folder, error) && !std::filesystem::exists(folder / "iamglass", error)) {
    std::filesystem::remove_all(folder, error);
  }
  Xapian::WritableDatabase shard = open_writable(path, false);
  shard.set_metadata(std::string(schema::kSchemaVersionKey), schema_version);
  write_country_synonyms(shard, schema_version);  // searches read them from the shards
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

// Where the article with `unique_term` is stored now, if anywhere: the lane's open shard, or
// one of its closed shards (reopened for writing). `outcome` says whether it is there already
// exactly as `data`.
Xapian::WritableDatabase* place_of(Lane& lane, const std::string& unique_term, const std::string& data,
                                   AddOutcome& outcome) {
  outcome = AddOutcome::kAdded;
  if (auto posting = lane.shard.postlist_begin(unique_term); posting != lane.shard.postlist_end(unique_term)) {
    outcome = lane.shard.get_document(*posting).get_data() == data ? AddOutcome::kUnchanged : AddOutcome::kUpdated;
    return &lane.shard;
  }
  for (size_t index = 0; index < lane.closed_shards.size(); ++index) {
    Xapian::Database& closed = lane.closed_shards[index];
    if (closed.get_termfreq(unique_term) == 0) continue;
    if (closed.get_document(*closed.postlist_begin(unique_term)).get_data() == data) {
      outcome = AddOutcome::kUnchanged;
      return nullptr;
    }
    outcome = AddOutcome::kUpdated;
    return &lane.reopen_closed(index);
  }
  return &lane.shard;
}

// Articles a position block holds at most: the writer's memory for positions stays ~10 MB a
// lane, and a block is read whole by a phrase search that touches it. Measured on 30,000
// articles: ~600 bytes an article at 2,500 (keys repeat each term once a block), ~430 for one
// block a shard.
constexpr size_t kPositionBlockArticles = 2'500;

// Adds (or replaces, `outcome` saying which) `document` with its positions in `target`, where an
// index of schema 4 or later keeps them: new articles of the lane's open shard in its position
// blocks (schema 5); others in kPositionsSlot, which a search reads first: an article replaced
// in place keeps its docid, whose block is written already.
void store(Lane& lane, Xapian::WritableDatabase& target, const std::string& unique_term, Xapian::Document document,
           AddOutcome outcome) {
  auto write = [&](const Xapian::Document& stored) {
    if (outcome == AddOutcome::kAdded) {
      target.add_document(stored);  // known to be new: no second lookup of its id
    } else {
      target.replace_document(unique_term, stored);
    }
  };
  if (!schema::keeps_own_positions(lane.schema_version)) return write(document);
  const bool own_shard = &target == &lane.shard;
  if (own_shard && schema::keeps_positions_in_blocks(lane.schema_version) && !lane.in_transaction) {
    lane.shard.begin_transaction(/*flushed=*/false);
    lane.in_transaction = true;
  }
  if (own_shard && outcome == AddOutcome::kAdded && schema::keeps_positions_in_blocks(lane.schema_version)) {
    const Xapian::docid docid = lane.shard.get_lastdocid() + 1;  // as Xapian numbers a new document
    if (lane.positions.take(docid, document)) {
      if (lane.shard.add_document(document) != docid) throw RuntimeFailure(lane.path + ": unexpected document number");
      if (lane.positions.articles() >= kPositionBlockArticles) lane.positions.write_to(lane.shard);
      return;
    }
  }
  write(schema::with_positions_in_value(document, schema::kPositionsSlot));
}

}  // namespace

Xapian::WritableDatabase open_writable(const std::string& path, bool wait_for_lock) {
  static const bool threshold_set = (use_flush_threshold(kFlushThreshold), true);
  (void)threshold_set;
  try {
    const std::filesystem::path folder(path);
    if (folder.has_parent_path()) std::filesystem::create_directories(folder.parent_path());
    return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | (wait_for_lock ? Xapian::DB_RETRY_LOCK : 0));
  } catch (const Xapian::DatabaseLockError& error) {
    if (!locked_by_another_writer(error)) {
      throw RuntimeFailure(path + ": cannot write the index: " + error.get_msg());
    }
    throw RuntimeFailure(path +
                         ": the index is being written by another newsdex-index; "
                         "try again when it finishes, or pass --wait");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(path + ": cannot open the index for writing: " + error.get_description());
  } catch (const std::filesystem::filesystem_error& error) {
    throw RuntimeFailure(path + ": " + error.code().message());
  }
}

Xapian::WritableDatabase& Lane::reopen_closed(size_t index) {
  const std::string& closed_path = closed_paths[index];
  auto found = reopened.find(closed_path);
  // Waits for the lock: only a compaction takes it, and not for long.
  if (found == reopened.end()) found = reopened.emplace(closed_path, open_writable(closed_path, true)).first;
  return found->second;
}

void Lane::reopen() {
  // A compaction (the writer's own, in the background, or a `compact` run) may swap the folder
  // of any shard but the open ones meanwhile. The lane's own closed shards that it reads for
  // stories are the same handles: each is reopened once, and one opened anew replaces its
  // copies, since the old handle must not be read again (reopen_unswapped).
  std::map<std::string, Xapian::Database> reopened;
  for (size_t i = 0; i < closed_shards.size(); ++i) {
    reopen_unswapped(closed_shards[i], closed_paths[i]);
    reopened.emplace(closed_paths[i], closed_shards[i]);
  }
  for (size_t i = 1; i < story_shards.size(); ++i) {
    if (const auto closed = reopened.find(story_paths[i]); closed != reopened.end()) {
      story_shards[i] = closed->second;
    } else {
      reopen_unswapped(story_shards[i], story_paths[i]);
    }
  }
}

AddOutcome add_to(Lane& lane, const Article& given, uint64_t sequence) {
  const std::optional<Article> cleaned = cleaned_for_storage(given);
  const Article& article = cleaned ? *cleaned : given;
  const std::string unique_term = schema::id_term(article.id);
  std::string data = schema::encode_document_data(article);
  AddOutcome outcome;
  Xapian::WritableDatabase* target = place_of(lane, unique_term, data, outcome);
  if (outcome == AddOutcome::kUnchanged) return outcome;
  StoryIdentity story{"", text_minhashes(article.text)};
  if (outcome == AddOutcome::kUpdated) {
    // An article keeps its story when it changes (a correction, its page's text arriving):
    // watches delivered it under that key, and searches collapse its copies under it.
    story.key = target->get_document(*target->postlist_begin(unique_term)).get_value(schema::kStoryKeySlot);
  }
  // The other lanes commit (and flush) on their own threads, so a revision read here can be
  // discarded under us: reopening and looking again is Xapian's remedy.
  for (int attempt = 1; story.key.empty(); ++attempt) {
    try {
      story.key = story_key(lane.story_shards, article, story.minhashes, unique_term);
      break;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 5) throw;
      lane.reopen();
    }
  }
  store(lane, *target, unique_term,
        article_document(*target, article, std::move(data), story, sequence, lane.schema_version), outcome);
  return outcome;
}

void create_sharded_index(const std::string& index_path, const ShardLayout& layout) {
  namespace fs = std::filesystem;
  const fs::path folder(index_path);
  if (fs::exists(folder) && !fs::is_empty(folder)) {
    throw InputError(index_path + ": already exists; a sharded index is created in a new folder");
  }
  if (layout.lanes < 1 || layout.lanes > 64) {
    throw InputError("a sharded index has 1 to 64 lanes, not " + std::to_string(layout.lanes));
  }
  try {
    const std::string version(schema::kSchemaVersion);
    for (unsigned lane = 0; lane < layout.lanes; ++lane) create_shard((folder / shard_name(lane, 0)).string(), version);
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

Lanes::Lanes(const std::string& path, Xapian::WritableDatabase database) : path_(path) {
  std::string version = database.get_metadata(std::string(schema::kSchemaVersionKey));
  write_country_synonyms(database, version);
  lanes_.emplace_back(0, 0, path, std::move(database), std::move(version));
  connect();
}

Lanes::Lanes(const std::string& index_path, const Xapian::WritableDatabase& bookkeeping, bool wait_for_lock)
    : path_(index_path), sharded_(true) {
  auto number = [&](std::string_view key) {
    const std::string value = bookkeeping.get_metadata(std::string(key));
    return value.empty() ? uint64_t{0} : std::stoull(value);
  };
  articles_per_shard_ = number(schema::kShardSizeKey);
  const auto lanes = static_cast<unsigned>(number(schema::kLanesKey));
  const std::string schema_version = bookkeeping.get_metadata(std::string(schema::kSchemaVersionKey));
  use_flush_threshold(std::clamp(kFlushBudget / std::max(lanes, 1u), kMinFlushThreshold, kFlushThreshold));
  for (unsigned lane = 0; lane < lanes; ++lane) {
    const auto generation = static_cast<unsigned>(number(generation_key(lane)));
    const std::string path = (std::filesystem::path(index_path) / shard_name(lane, generation)).string();
    lanes_.emplace_back(lane, generation, path, open_writable(path, wait_for_lock), schema_version);
  }
  connect();
}

Lane& Lanes::lane_of(const std::string& id) {
  return lanes_[std::stoull(fingerprint(id), nullptr, 16) % lanes_.size()];
}

void Lanes::connect() {
  for (Lane& lane : lanes_) {
    lane.story_shards = {Xapian::Database(lane.shard)};
    lane.story_paths = {lane.path};
    lane.closed_shards.clear();
    lane.closed_paths.clear();
    if (!sharded_) continue;
    for (const Lane& other : lanes_) {
      for (unsigned generation = 0; generation <= other.generation; ++generation) {
        const bool own = &other == &lane;
        if (own && generation == lane.generation) continue;
        const std::string path = (std::filesystem::path(path_) / shard_name(other.number, generation)).string();
        // A closed shard's folder may be swapped by a compaction meanwhile.
        Xapian::Database shard = open_unswapped(path);
        if (generation + 1 >= other.generation) {
          lane.story_shards.push_back(shard);
          lane.story_paths.push_back(path);
        }
        if (own) {
          lane.closed_shards.push_back(shard);
          lane.closed_paths.push_back(path);
        }
      }
    }
  }
}

uint64_t Lanes::highest_sequence() const {
  uint64_t highest = 0;
  auto consider = [&](const Xapian::Database& shard) {
    highest = std::max(highest, schema::decode_sequence(shard.get_value_upper_bound(schema::kSequenceSlot)));
  };
  for (const Lane& lane : lanes_) {
    consider(lane.shard);
    for (const Xapian::Database& closed : lane.closed_shards) consider(closed);
  }
  return highest;
}

void Lanes::commit_shards() {
  std::vector<std::future<void>> commits;
  for (Lane& lane : lanes_) {
    commits.push_back(std::async(std::launch::async, [&lane] {
      if (lane.positions.articles() > 0) lane.positions.write_to(lane.shard);
      if (lane.in_transaction) {
        lane.shard.commit_transaction();  // unflushed: the commit below makes it durable
        lane.in_transaction = false;
      }
      lane.shard.commit();
      for (auto& [path, shard] : lane.reopened) shard.commit();
      lane.reopened.clear();  // closed again: a compaction may take them
    }));
  }
  for (auto& commit : commits) commit.get();
}

// Runs after the shards' commit and before the bookkeeping's: the new shard and the stub that
// lists it exist before the bookkeeping names it as the lane's, so a crash in between leaves an
// empty shard in the list and the full one still open, to be closed by the next run.
bool Lanes::roll_over_full(Xapian::WritableDatabase& bookkeeping) {
  if (!sharded_ || articles_per_shard_ == 0) return false;
  bool rolled = false;
  for (Lane& lane : lanes_) {
    if (lane.shard.get_doccount() < articles_per_shard_) continue;
    lane.generation += 1;
    lane.path = (std::filesystem::path(path_) / shard_name(lane.number, lane.generation)).string();
    lane.shard =
        create_shard(lane.path, lane.schema_version);  // the full one stays locked until connect() lets go of it
    bookkeeping.set_metadata(generation_key(lane.number), std::to_string(lane.generation));
    rolled = true;
  }
  if (rolled) {
    std::vector<unsigned> generations;
    for (const Lane& lane : lanes_) generations.push_back(lane.generation);
    write_stub(path_, generations);
  }
  return rolled;
}

void Lanes::refresh(bool rolled_over) {
  if (rolled_over) {
    connect();
  } else {
    for (Lane& lane : lanes_) lane.reopen();
  }
}

Xapian::doccount Lanes::article_count() const {
  if (!sharded_) return lanes_.front().shard.get_doccount();
  Xapian::Database everything;
  for (const Lane& lane : lanes_) {
    everything.add_database(lane.shard);
    for (const Xapian::Database& closed : lane.closed_shards) everything.add_database(closed);
  }
  return everything.get_doccount();
}

}  // namespace newsdex::index
