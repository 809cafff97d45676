#include "newsdex/compact.h"

#include <fcntl.h>
#include <stdio.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lock_error.h"
#include "newsdex/error.h"

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

// The local databases behind `path`: the shards a XAPIANDB stub lists ("auto" and "glass"
// lines, relative to the stub), or `path` itself.
std::vector<fs::path> local_databases(const fs::path& path) {
  const fs::path stub = path / "XAPIANDB";
  if (!fs::exists(stub)) return {path};
  std::vector<fs::path> databases;
  std::ifstream lines(stub);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string kind, where;
    words >> kind >> where;
    if ((kind == "auto" || kind == "glass") && !where.empty()) {
      databases.push_back(fs::path(where).is_absolute() ? fs::path(where) : path / where);
    }
  }
  return databases;
}

// Compacts one database; `open_shard_allowed`: a lane's open shard may be locked by its writer, and is
// then left as it is (its closed shards are what compaction is for).
Compaction compact_one(const fs::path& database, bool open_shard_allowed) {
  const auto started = std::chrono::steady_clock::now();
  Compaction done{database.string(), folder_bytes(database), 0, 0, false};
  const fs::path compacted = database.string() + ".compacting";
  std::error_code ignored;
  fs::remove_all(compacted, ignored);  // left by an interrupted run
  try {
    // Opening for writing takes the lock: no commit can land between the copy and the swap.
    Xapian::WritableDatabase locked(database.string(), Xapian::DB_OPEN);
    locked.compact(compacted.string());
    // Swaps the two folders in one step, so that the index is never missing from its path.
    if (renameat2(AT_FDCWD, compacted.c_str(), AT_FDCWD, database.c_str(), RENAME_EXCHANGE) != 0) {
      throw RuntimeFailure(database.string() + ": cannot put the compacted copy in place: " +
                           std::error_code(errno, std::generic_category()).message());
    }
  } catch (const Xapian::DatabaseLockError& error) {
    fs::remove_all(compacted, ignored);
    if (!locked_by_another_writer(error))
      throw RuntimeFailure(database.string() + ": cannot compact: " + error.get_msg());
    if (open_shard_allowed) {
      done.being_written = true;
      done.bytes_after = done.bytes_before;
      return done;
    }
    throw RuntimeFailure(database.string() + ": the index is being written; compact it when the writer finishes");
  } catch (const Xapian::Error& error) {
    fs::remove_all(compacted, ignored);
    throw RuntimeFailure(database.string() + ": cannot compact: " + error.get_description());
  }
  fs::remove_all(compacted, ignored);  // now the old files
  done.bytes_after = folder_bytes(database);
  done.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return done;
}

}  // namespace

std::vector<Compaction> compact_index(const std::string& path) {
  if (!fs::exists(fs::path(path) / "iamglass") && !fs::exists(fs::path(path) / "XAPIANDB")) {
    throw RuntimeFailure(path + ": no index here");
  }
  std::vector<Compaction> compactions;
  const bool sharded = fs::exists(fs::path(path) / "XAPIANDB");
  for (const fs::path& database : local_databases(path)) compactions.push_back(compact_one(database, sharded));
  return compactions;
}

}  // namespace newsdex::index
