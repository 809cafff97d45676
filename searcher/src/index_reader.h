// An index opened for reading (internal): the handle every search reads, a second handle at
// the same revision for the thread that counts beside it, the index's languages, and the
// reopen-and-retry loop that keeps reads consistent while a writer commits beside them.
#pragma once

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/database_folders.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "query_builder.h"

namespace newsdex::search {

// A reader racing a writer's commit can see a revision vanish (when two commits land during one
// search); reopening and retrying is Xapian's documented remedy. Ten attempts: a crawl committing
// twice a second while exact facets over a million articles took half a second under load
// (bench/http_soak.sh) failed 6-8% of requests with three, none with ten.
constexpr int kModifiedRetries = 10;

// The reader of one index. Not for sharing between threads: each Searcher has its own.
struct IndexReader {
  // Opens the index at `index_path`; throws Xapian's errors when it cannot be opened.
  explicit IndexReader(std::string index_path) : path(std::move(index_path)) { open(); }

  std::string path;
  Xapian::Database database;
  // A second handle on the same index, for the thread that counts facets beside the search.
  std::optional<Xapian::Database> helper_database;
  // The index's languages, with the last document id and count they were read at: adding or
  // deleting articles changes those, and a stale list only costs a language its own stemming.
  IndexLanguages languages;
  std::pair<Xapian::docid, Xapian::doccount> languages_read_at{0, 0};

  const IndexLanguages& index_languages() {
    const std::pair now{database.get_lastdocid(), database.get_doccount()};
    if (now != languages_read_at) {
      languages = IndexLanguages::of(database);
      languages_read_at = now;
    }
    return languages;
  }

  // The index's month terms ("XY2022-09"), newest first, read again when articles are added
  // or deleted (as the languages are).
  const std::vector<std::string>& month_terms_newest_first() {
    const std::pair now{database.get_lastdocid(), database.get_doccount()};
    if (now != months_read_at) {
      months.clear();
      const std::string prefix(schema::kMonthPrefix);
      for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix); ++term) {
        months.push_back(*term);
      }
      std::reverse(months.begin(), months.end());
      months_read_at = now;
    }
    return months;
  }
  std::vector<std::string> months;
  std::pair<Xapian::docid, Xapian::doccount> months_read_at{0, 0};

  // The helper handle, at the revision the main handle reads. A sharded index (a stub of several
  // databases) has no single revision to compare: both handles are reopened to the last commit
  // instead, and a commit landing between the two reopens can only add its own articles to
  // the helper's counts.
  Xapian::Database& helper() {
    if (!helper_database) {
      helper_database = fresh_handle(helper_shards);
    } else {
      reopen_handles(*helper_database, helper_shards);
    }
    // Opened from a newer stub than the main handle: documents are numbered differently.
    if (helper_database->size() != database.size()) throw Xapian::DatabaseModifiedError("the index's shards changed");
    for (int attempt = 0; revision_key(*helper_database) != revision_key(database); ++attempt) {
      if (attempt == kModifiedRetries) throw Xapian::DatabaseModifiedError("the index changed while opening it twice");
      // This search's Enquire shares the main handle: opened anew, the old one it holds must
      // not be read again (reopen_unswapped), so the search starts over.
      if (reopen_handles(database, shards)) throw Xapian::DatabaseModifiedError("the index was compacted meanwhile");
      reopen_handles(*helper_database, helper_shards);
    }
    return *helper_database;
  }

  // The stub's identity when the database was opened (inode and change time; zero: no stub).
  std::pair<ino_t, int64_t> stub_seen{0, 0};

  static std::pair<ino_t, int64_t> stub_identity(const std::string& index_path) {
    struct stat status {};
    if (::stat((index_path + "/" + std::string(schema::kStubFile)).c_str(), &status) != 0) return {0, 0};
    return {status.st_ino, int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec};
  }

  // The databases `database` reads, each opened on its own, when all are on this machine (a
  // match decider of newsdex's own runs only on those): the shards, or the database alone. Empty
  // when a stub names other kinds of database (remote shards).
  std::vector<Xapian::Database> local_databases() const {
    // A shard listed as "auto" could itself be a stub of several databases or of remote ones.
    const bool one_each =
        std::all_of(shards.begin(), shards.end(), [](const auto& shard) { return shard.size() == 1; });
    if (!shards.empty()) return one_each && shards.size() == database.size() ? shards : std::vector<Xapian::Database>();
    std::error_code error;
    if (stub_seen.first == 0 && std::filesystem::is_directory(path, error) && database.size() == 1) return {database};
    return {};
  }

  // Opens the index: its stub, if it has one, is read now.
  void open() {
    stub_seen = stub_identity(path);
    shard_paths = stub_seen.first != 0 ? local_shard_paths(path) : std::vector<std::string>();
    database = fresh_handle(shards);
    helper_database.reset();
  }

  // A new handle on the index as open() found it: on `path`, or on each shard, into `handles`.
  // A compaction may swap the folder of the database or of a closed shard meanwhile.
  Xapian::Database fresh_handle(std::vector<Xapian::Database>& handles) const {
    return shard_paths.empty() ? open_unswapped(path) : open_shards(handles);
  }

  // Brings `all` (with `handles`, its shards, when open_shards() opened it) to the last commit,
  // opening anew the databases whose folders a compaction swapped meanwhile; returns whether it
  // did (then `all` is a new handle).
  bool reopen_handles(Xapian::Database& all, std::vector<Xapian::Database>& handles) const {
    if (shard_paths.empty()) {
      if (stub_seen.first != 0) {
        all.reopen();  // remote shards: their own hosts compact them
        return false;
      }
      return reopen_unswapped(all, path);
    }
    bool replaced = false;
    for (size_t i = 0; i < handles.size(); ++i) replaced = reopen_unswapped(handles[i], shard_paths[i]) || replaced;
    if (!replaced) return false;
    all = Xapian::Database();
    for (const Xapian::Database& handle : handles) all.add_database(handle);
    return true;
  }

  // What identifies a database's content as `handle` reads it: its uuid and revision, which
  // every commit changes. Empty when it cannot be told (several databases in one handle).
  static std::string revision_key(const Xapian::Database& handle) {
    if (handle.size() != 1) return {};
    return handle.get_uuid() + "@" + std::to_string(handle.get_revision());
  }

  // The shards of a sharded index that lists local ones only, each opened on its own (with
  // `database` holding the same handles, so that reopening it reopens them): exact counting
  // runs shard by shard, since Xapian hands a match spy each document by its number within
  // its shard. Empty for a single database, and for a stub that lists other kinds of database
  // (remote shards), which Xapian opens from the stub.
  std::vector<std::string> shard_paths;
  std::vector<Xapian::Database> shards;         // of `database`
  std::vector<Xapian::Database> helper_shards;  // of `helper_database`

  // Opens every shard of `shard_paths` into `handles`; returns one handle over them all.
  Xapian::Database open_shards(std::vector<Xapian::Database>& handles) const {
    handles.clear();
    Xapian::Database all;
    for (const std::string& shard_path : shard_paths) {
      handles.push_back(open_unswapped(shard_path));
      all.add_database(handles.back());
    }
    return all;
  }

  // The shards listed by the stub that newsdex's lanes write ("auto PATH" lines, relative to
  // the index folder); nothing when it lists anything else. Read here because Xapian has no
  // call that opens a stub's databases one by one.
  static std::vector<std::string> local_shard_paths(const std::string& index_path) {
    std::ifstream stub(index_path + "/" + std::string(schema::kStubFile));
    std::vector<std::string> paths;
    for (std::string line; std::getline(stub, line);) {
      if (line.empty() || line.front() == '#') continue;
      const std::string shard = line.rfind("auto ", 0) == 0 ? line.substr(5) : std::string();
      if (shard.empty()) return {};  // another kind of line: Xapian reads the stub (and reports its errors)
      paths.push_back(shard.front() == '/' ? shard : index_path + "/" + shard);
    }
    return paths;
  }

  // To the last commit. Xapian's reopen() does not read a stub again, so a sharded index whose
  // stub a writer has replaced (a lane started a new shard) is opened afresh, to see the new
  // shard; a stat a search is all that costs.
  void reopen() {
    if (stub_seen.first != 0 && stub_identity(path) != stub_seen) {
      open();
    } else {
      reopen_handles(database, shards);
    }
  }

  // Retries `work` after reopening when a concurrent commit invalidated what it was reading, or
  // a compaction swapped a folder out from under it (Xapian then reads blocks past a file's end,
  // or blocks of the other database): both pass on opening afresh.
  template <typename Work>
  auto with_retries(Work work) {
    for (int attempt = 1;; ++attempt) {
      try {
        if (attempt == 1) {
          reopen();  // to the last commit
        } else {
          open();  // afresh, stub and all
        }
        return work();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kModifiedRetries)
          throw RuntimeFailure(path + ": the index changed too often while reading; try again");
      } catch (const Xapian::DatabaseOpeningError& error) {
        throw RuntimeFailure(path + ": " + error.get_description());
      } catch (const Xapian::DatabaseError& error) {
        if (attempt == kModifiedRetries) throw RuntimeFailure(path + ": " + error.get_description());
      } catch (const Xapian::Error& error) {
        throw RuntimeFailure(path + ": " + error.get_description());
      }
    }
  }
};

}  // namespace newsdex::search
