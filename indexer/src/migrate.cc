#include "newsdex/migrate.h"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <vector>

#include "lock_error.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/term_positions.h"

namespace newsdex::index {
namespace {

namespace fs = std::filesystem;

// Articles handed to Indexer::add_all at once, and between commits (as import does).
constexpr size_t kBatchArticles = 1024;
constexpr uint64_t kCommitEvery = 20000;

// Opens the index to migrate for writing, only to hold its lock: a crawl writing to it now would
// add articles the copy misses.
Xapian::WritableDatabase lock_source(const std::string& from) {
  if (fs::exists(fs::path(from) / schema::kStubFile)) throw InputError(from + ": already a sharded index");
  if (!fs::exists(fs::path(from) / "iamglass")) throw InputError(from + ": no index here");
  try {
    return Xapian::WritableDatabase(from, Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError& error) {
    if (!locked_by_another_writer(error)) throw RuntimeFailure(from + ": cannot lock the index: " + error.get_msg());
    throw RuntimeFailure(from + ": the index is being written by another newsdex-index; migrate it when that finishes");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(from + ": cannot open the index: " + error.get_description());
  }
}

// Metadata that belongs to a database rather than to the archive: the new index writes its own
// (position blocks too: they name the old database's article numbers).
bool carried_over(const std::string& key) {
  return key != schema::kSchemaVersionKey && key != schema::kSynonymsKey &&
         !key.starts_with(schema::kPositionBlockPrefix);
}

}  // namespace

MigrationSummary migrate_to_shards(const std::string& from, const std::string& into, const ShardLayout& layout,
                                   const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  const auto started = std::chrono::steady_clock::now();
  Xapian::WritableDatabase source = lock_source(from);
  const std::string marker = std::string(schema::kMigrationKeyPrefix) + fs::absolute(from).lexically_normal().string();
  const bool resuming = fs::exists(into);
  if (resuming && !fs::exists(fs::path(into) / schema::kStubFile)) {
    throw InputError(into + ": exists and is not a sharded index; migrate into a new folder");
  }
  if (!resuming) Indexer::create_sharded(into, layout);
  Indexer target(into);
  if (resuming && target.metadata(marker).empty()) {
    throw InputError(into + ": a sharded index that was not made from " + from + "; migrate into a new folder");
  }
  target.set_metadata(marker, "copying");
  target.commit();

  MigrationSummary summary;
  try {
    const uint64_t total = source.get_doccount();
    uint64_t done = 0;
    uint64_t since_commit = 0;
    auto last_report = std::chrono::steady_clock::now();
    std::vector<Article> batch;
    auto write_batch = [&] {
      for (AddOutcome outcome : target.add_all(batch)) {
        ++(outcome == AddOutcome::kUnchanged ? summary.unchanged : summary.articles);
      }
      done += batch.size();
      since_commit += batch.size();
      batch.clear();
      if (since_commit >= kCommitEvery) {
        target.commit();
        since_commit = 0;
      }
      if (on_progress && std::chrono::steady_clock::now() - last_report > std::chrono::milliseconds(500)) {
        on_progress(done, total);
        last_report = std::chrono::steady_clock::now();
      }
    };
    // Document number order is the order of indexing: the new shards fill in time order.
    for (auto document = source.postlist_begin(""); document != source.postlist_end(""); ++document) {
      batch.push_back(schema::decode_document_data(source.get_document(*document).get_data()));
      if (batch.size() == kBatchArticles) write_batch();
    }
    if (!batch.empty()) write_batch();
    for (auto key = source.metadata_keys_begin(); key != source.metadata_keys_end(); ++key) {
      if (!carried_over(*key)) continue;
      target.set_metadata(*key, source.get_metadata(*key));
      ++summary.bookkeeping;
    }
    target.set_metadata(marker, "done");
    target.commit();
    if (on_progress) on_progress(done, total);
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(from + ": cannot read the index: " + error.get_description());
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace newsdex::index
