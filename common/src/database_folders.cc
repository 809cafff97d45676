#include "newsdex/database_folders.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "newsdex/schema.h"

namespace newsdex {
namespace {

// A folder changes once per commit or compaction of it, each far apart next to an opening: a
// second straddle in a row is already unlikely, and past this many the folder keeps changing
// for another reason.
constexpr int kSwapRetries = 10;

std::vector<FolderIdentity> identities(const std::vector<std::string>& folders) {
  std::vector<FolderIdentity> all;
  for (const std::string& folder : folders) all.push_back(folder_identity(folder));
  return all;
}

}  // namespace

FolderIdentity folder_identity(const std::string& folder) {
  struct stat status {};
  if (::stat(folder.c_str(), &status) != 0) return {};
  return {status.st_dev, status.st_ino, int64_t{status.st_ctim.tv_sec} * 1'000'000'000 + status.st_ctim.tv_nsec};
}

std::vector<std::string> local_databases(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path stub = fs::path(path) / schema::kStubFile;
  if (!fs::exists(stub)) return {path};
  std::vector<std::string> databases;
  std::ifstream lines(stub);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string kind, where;
    words >> kind >> where;
    if ((kind == "auto" || kind == "glass") && !where.empty()) {
      databases.push_back((fs::path(where).is_absolute() ? fs::path(where) : fs::path(path) / where).string());
    }
  }
  return databases;
}

Xapian::Database open_unswapped(const std::string& path) {
  for (int attempt = 1;; ++attempt) {
    const std::vector<std::string> folders = local_databases(path);
    const auto before = identities(folders);
    try {
      Xapian::Database opened(path);
      if (identities(folders) == before) return opened;
    } catch (const Xapian::DatabaseError&) {
      if (identities(folders) == before) throw;
    }
    if (attempt == kSwapRetries) throw Xapian::DatabaseModifiedError(path + ": compactions kept replacing it");
  }
}

bool reopen_unswapped(Xapian::Database& handle, const std::string& folder) {
  // Every compacted copy has a uuid of its own: the uuid the reopened handle reads tells a
  // commit (same database, later revision) from a copy swapped in since the handle was opened,
  // which the folder's identity alone cannot when the copy was given the old folder's inode back.
  const std::string database = handle.get_uuid();
  const FolderIdentity before = folder_identity(folder);
  const auto same_database = [&] { return folder_identity(folder) == before && handle.get_uuid() == database; };
  try {
    handle.reopen();
    if (same_database()) return false;
  } catch (const Xapian::DatabaseError&) {
    if (same_database()) throw;
  }
  handle = open_unswapped(folder);
  return true;
}

}  // namespace newsdex
