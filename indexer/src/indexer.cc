// Indexer: opening an index for writing, adding articles through its lanes, committing in the
// order crash safety needs. Articles become documents in article_document.cc, copies of a story
// are found in story_key.cc, and lanes and shards live in lanes.cc.
#include "newsdex/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <future>
#include <optional>

#include "lanes.h"
#include "language.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/time.h"
#include "shard_compactor.h"

namespace newsdex::index {
namespace {

// Schema versions this indexer can add to: version 1 lacks the set slots, which the searcher
// notices and counts around; 1 and 2 index words as written and stems (schema::word_forms);
// 1 to 3 keep positions in Xapian's position table (schema::keeps_own_positions), 4 in a value
// of each article (schema::keeps_positions_in_blocks).
bool writable_schema(const std::string& version) {
  return version == schema::kSchemaVersion || version == "4" || version == "3" || version == "2" || version == "1";
}

}  // namespace

struct Indexer::State {
  // First, so that it is destroyed last: its destructor waits for the compactions queued, after
  // the databases below (and with them the index's write lock) are closed.
  std::optional<ShardCompactor> compactor;
  std::string path;
  // The index itself; for a sharded index, its bookkeeping database (schema::kStateFolder).
  Xapian::WritableDatabase database;
  // The writer lanes: a sharded index's, one open shard each; or the single database's one.
  std::optional<Lanes> lanes;
  // The indexing sequence number the next article written gets (schema::kSequenceSlot).
  uint64_t next_sequence = 1;
  // An article was added or changed since the last commit.
  bool changed = false;

  // Numbers continue after every number a shard holds, not only after the last one a finished
  // commit recorded: a crash between the shards' commits and the bookkeeping's leaves articles
  // numbered past it, and a number given twice could let a watch's cursor pass one of them.
  void find_next_sequence() {
    const std::string recorded = database.get_metadata(std::string(schema::kSequenceKey));
    const uint64_t highest = recorded.empty() ? 0 : std::stoull(recorded);
    next_sequence = std::max(highest, lanes->highest_sequence()) + 1;
  }

  // Gives the compactor every closed shard not compacted yet: those just closed, and any an
  // earlier writer did not get to (killed, or made before compaction was automatic).
  void compact_closed_shards() {
    if (!compactor) return;
    for (size_t lane = 0; lane < lanes->size(); ++lane) {
      for (const std::string& closed : (*lanes)[lane].closed_paths) compactor->compact(closed);
    }
  }

  // add_to with the index's message for a failure.
  AddOutcome add(Lane& lane, const Article& article, uint64_t sequence) {
    try {
      return add_to(lane, article, sequence);
    } catch (const Xapian::Error& error) {
      throw RuntimeFailure(path + ": cannot add article " + article.id + ": " + error.get_description());
    }
  }
};

void Indexer::create_sharded(const std::string& index_path, const ShardLayout& layout) {
  create_sharded_index(index_path, layout);
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
    if (state_path == database_path) {
      state_->lanes.emplace(database_path, state_->database);
    } else {
      state_->lanes.emplace(database_path, state_->database, options.wait_for_lock);
    }
    state_->find_next_sequence();
    if (options.compact_closed_shards && state_->lanes->sharded()) {
      state_->compactor.emplace(options.on_warning ? options.on_warning : [](const std::string& message) {
        std::fprintf(stderr, "newsdex-index: warning: %s\n", message.c_str());
      });
      state_->compact_closed_shards();
    }
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(database_path + ": cannot open the index's shards: " + error.get_description());
  }
}

Indexer::~Indexer() = default;

AddOutcome Indexer::add(const Article& article) {
  const AddOutcome outcome = state_->add(state_->lanes->lane_of(article.id), article, state_->next_sequence++);
  state_->changed = state_->changed || outcome != AddOutcome::kUnchanged;
  return outcome;
}

std::vector<AddOutcome> Indexer::add_all(const std::vector<Article>& articles) {
  Lanes& lanes = *state_->lanes;
  std::vector<AddOutcome> outcomes(articles.size(), AddOutcome::kUnchanged);
  if (lanes.size() < 2) {
    for (size_t i = 0; i < articles.size(); ++i) outcomes[i] = add(articles[i]);
    return outcomes;
  }
  // Each lane writes its own articles on its own thread: shards are separate databases. They are
  // numbered in the order given, before the lanes start.
  const uint64_t first_sequence = state_->next_sequence;
  state_->next_sequence += articles.size();
  std::vector<std::vector<size_t>> by_lane(lanes.size());
  for (size_t i = 0; i < articles.size(); ++i) by_lane[lanes.lane_of(articles[i].id).number].push_back(i);
  std::vector<std::future<void>> writers;
  for (size_t lane = 0; lane < by_lane.size(); ++lane) {
    if (by_lane[lane].empty()) continue;
    writers.push_back(std::async(std::launch::async, [&, lane] {
      for (size_t i : by_lane[lane]) outcomes[i] = state_->add(lanes[lane], articles[i], first_sequence + i);
    }));
  }
  for (auto& writer : writers) writer.get();
  state_->changed = state_->changed || std::any_of(outcomes.begin(), outcomes.end(), [](AddOutcome outcome) {
                      return outcome != AddOutcome::kUnchanged;
                    });
  return outcomes;
}

std::optional<Article> Indexer::find(const std::string& id) {
  const std::string unique_term = schema::id_term(id);
  Lane& lane = state_->lanes->lane_of(id);
  try {
    if (auto posting = lane.shard.postlist_begin(unique_term); posting != lane.shard.postlist_end(unique_term)) {
      return schema::decode_document_data(lane.shard.get_document(*posting).get_data());
    }
    for (size_t index = 0; index < lane.closed_shards.size(); ++index) {
      // A closed shard reopened to update an article holds its newest, uncommitted version.
      auto reopened = lane.reopened.find(lane.closed_paths[index]);
      Xapian::Database& closed = reopened != lane.reopened.end() ? reopened->second : lane.closed_shards[index];
      if (auto posting = closed.postlist_begin(unique_term); posting != closed.postlist_end(unique_term)) {
        return schema::decode_document_data(closed.get_document(*posting).get_data());
      }
    }
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": cannot read article " + id + ": " + error.get_description());
  }
  return std::nullopt;
}

void Indexer::commit() {
  try {
    // Shards first, bookkeeping last: a crash between them leaves feed states and import
    // positions behind the articles, so the next run writes those articles again, by id, in
    // the same shards: nothing is lost and nothing doubled. The sequence recorded with the
    // bookkeeping is durable only once every shard holding those numbers is.
    state_->database.set_metadata(std::string(schema::kSequenceKey), std::to_string(state_->next_sequence - 1));
    if (state_->changed) state_->database.set_metadata(std::string(schema::kLastIndexedKey), format_rfc3339(now_utc()));
    state_->lanes->commit_shards();
    const bool rolled = state_->lanes->roll_over_full(state_->database);
    state_->database.commit();
    state_->changed = false;
    state_->lanes->refresh(rolled);
    if (rolled) state_->compact_closed_shards();
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": commit failed: " + error.get_description());
  }
}

void Indexer::commit_bookkeeping() {
  try {
    // A single database is its one lane's shard, maybe in the lane's transaction: the lane's
    // commit ends it (and writes the position blocks its articles need).
    if (!state_->lanes->sharded()) {
      state_->lanes->commit_shards();
      return;
    }
    state_->database.commit();
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": commit failed: " + error.get_description());
  }
}

unsigned Indexer::article_count() const { return state_->lanes->article_count(); }

const std::string& Indexer::path() const { return state_->path; }

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

std::vector<std::string> Indexer::metadata_keys(const std::string& prefix) const {
  try {
    return {state_->database.metadata_keys_begin(prefix), state_->database.metadata_keys_end(prefix)};
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(state_->path + ": cannot read " + prefix + "*: " + error.get_description());
  }
}

std::string feed_language(const feeds::Feed& feed) {
  if (!feed.language.empty()) return feed.language;
  constexpr size_t kSampleBytes = 8192;    // enough for CLD2 to be sure, in a few microseconds
  constexpr size_t kBytesOfAnItem = 320;  // of its summary or text: every item has a say
  std::string sample;
  for (const feeds::FeedItem& item : feed.items) {
    if (sample.size() >= kSampleBytes) break;
    const std::string& body = item.summary.empty() ? item.text : item.summary;
    size_t cut = std::min(body.size(), kBytesOfAnItem);
    while (cut > 0 && cut < body.size() && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
    sample.append(item.title).append(".\n").append(body, 0, cut).append("\n");
  }
  return dominant_language(sample);
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
