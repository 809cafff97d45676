#include "newsdex/compact.h"

#include <fcntl.h>
#include <stdio.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "lock_error.h"
#include "newsdex/database_folders.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/term_positions.h"

namespace newsdex::index {
namespace {

namespace fs = std::filesystem;

uint64_t folder_bytes(const fs::path& folder) {
  uint64_t bytes = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  return bytes;
}

// Written into a database's folder when newsdex has compacted it: the revision the compacted
// database had. A commit since makes the revision differ.
constexpr const char* kCompactedMarker = "newsdex-compacted";

std::optional<Xapian::rev> compacted_revision(const fs::path& database) {
  std::ifstream marker(database / kCompactedMarker);
  Xapian::rev revision;
  if (marker >> revision) return revision;
  return std::nullopt;
}

}  // namespace

bool was_compacted(const std::string& path) {
  const std::optional<Xapian::rev> compacted = compacted_revision(path);
  if (!compacted) return false;
  try {
    return Xapian::Database(path).get_revision() == *compacted;
  } catch (const Xapian::Error&) {
    return false;  // compacting it again says what is wrong
  }
}

Compaction compact_database(const std::string& path, bool open_shard_allowed) {
  const fs::path database(path);
  const auto started = std::chrono::steady_clock::now();
  Compaction done{database.string(), folder_bytes(database), 0, 0, false};
  // Everything below happens under the database's write lock, the copy folder's clean-up
  // included: two compactions of one shard (a writer's in the background, a `compact` run)
  // must not clear each other's copy.
  const fs::path compacted = database.string() + ".compacting";
  std::error_code ignored;
  bool locked_here = false;
  try {
    // Opening for writing takes the lock: no commit can land between the copy and the swap.
    Xapian::WritableDatabase locked(database.string(), Xapian::DB_OPEN);
    locked_here = true;
    fs::remove_all(compacted, ignored);  // left by an interrupted run
    // Position blocks repacked term by term first, in one commit: a kill before it leaves the
    // writers' blocks, which read the same.
    if (schema::keeps_positions_in_blocks(locked.get_metadata(std::string(schema::kSchemaVersionKey)))) {
      schema::repack_position_blocks(database.string(), locked);
      locked.commit();
    }
    // Articles keep their numbers: position blocks are keyed by them (schema 5), and a shard whose
    // first article was replaced elsewhere would otherwise be renumbered from 1.
    locked.compact(compacted.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    // Swaps the two folders in one step, so that the index is never missing from its path.
    if (renameat2(AT_FDCWD, compacted.c_str(), AT_FDCWD, database.c_str(), RENAME_EXCHANGE) != 0) {
      throw RuntimeFailure(database.string() + ": cannot put the compacted copy in place: " +
                           std::error_code(errno, std::generic_category()).message());
    }
    // The old files, now under the copy's name; the lock held is theirs, so they go first.
    fs::remove_all(compacted, ignored);
    try {
      std::ofstream(database / kCompactedMarker) << Xapian::Database(path).get_revision() << '\n';
    } catch (const Xapian::Error&) {
      // Unmarked, it is compacted again the next time: slower, never wrong.
    }
  } catch (const Xapian::DatabaseLockError& error) {
    if (!locked_by_another_writer(error))
      throw RuntimeFailure(database.string() + ": cannot compact: " + error.get_msg());
    if (open_shard_allowed) {
      done.being_written = true;
      done.bytes_after = done.bytes_before;
      return done;
    }
    throw RuntimeFailure(database.string() + ": the index is being written; compact it when the writer finishes");
  } catch (const Xapian::Error& error) {
    if (locked_here) fs::remove_all(compacted, ignored);
    throw RuntimeFailure(database.string() + ": cannot compact: " + error.get_description());
  }
  done.bytes_after = folder_bytes(database);
  done.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return done;
}

std::vector<Compaction> compact_index(const std::string& path) {
  if (!fs::exists(fs::path(path) / "iamglass") && !fs::exists(fs::path(path) / "XAPIANDB")) {
    throw RuntimeFailure(path + ": no index here");
  }
  std::vector<Compaction> compactions;
  const bool sharded = fs::exists(fs::path(path) / "XAPIANDB");
  for (const fs::path database : local_databases(path)) {
    if (sharded && was_compacted(database.string())) {
      compactions.push_back({database.string(), folder_bytes(database), folder_bytes(database), 0, false, true});
      continue;
    }
    compactions.push_back(compact_database(database.string(), sharded));
  }
  return compactions;
}

}  // namespace newsdex::index
