// An index opened for reading (internal): the handle every search reads, a second handle at
// the same revision for the thread that counts beside it, the index's languages, and the
// reopen-and-retry loop that keeps reads consistent while a writer commits beside them.
#pragma once

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
    if (!helper_database) helper_database.emplace(path);
    helper_database->reopen();
    // Opened from a newer stub than the main handle: documents are numbered differently.
    if (helper_database->size() != database.size()) throw Xapian::DatabaseModifiedError("the index's shards changed");
    for (int attempt = 0; revision_of(*helper_database) != revision_of(database); ++attempt) {
      if (attempt == kModifiedRetries) throw Xapian::DatabaseModifiedError("the index changed while opening it twice");
      database.reopen();
      helper_database->reopen();
    }
    return *helper_database;
  }

  // The revision of a single database; 0 for a sharded one.
  static Xapian::rev revision_of(const Xapian::Database& handle) {
    return handle.size() == 1 ? handle.get_revision() : 0;
  }

  // The stub's identity when the database was opened (inode and change time; zero: no stub).
  std::pair<ino_t, int64_t> stub_seen{0, 0};

  static std::pair<ino_t, int64_t> stub_identity(const std::string& index_path) {
    struct stat status {};
    if (::stat((index_path + "/" + std::string(schema::kStubFile)).c_str(), &status) != 0) return {0, 0};
    return {status.st_ino, int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec};
  }

  // Opens the index: its stub, if it has one, is read now.
  void open() {
    stub_seen = stub_identity(path);
    database = Xapian::Database(path);
    helper_database.reset();
  }

  // To the last commit. Xapian's reopen() does not read a stub again, so a sharded index whose
  // stub a writer has replaced (a lane started a new shard) is opened afresh, to see the new
  // shard; a stat a search is all that costs.
  void reopen() {
    if (stub_seen.first != 0 && stub_identity(path) != stub_seen) {
      open();
    } else {
      database.reopen();
    }
  }

  // Retries `work` after reopening when a concurrent commit invalidated what it was reading.
  template <typename Work>
  auto with_retries(Work work) {
    for (int attempt = 1;; ++attempt) {
      try {
        if (attempt == 1) reopen();  // to the last commit
        return work();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kModifiedRetries)
          throw RuntimeFailure(path + ": the index changed too often while reading; try again");
        open();  // afresh, stub and all
      } catch (const Xapian::Error& error) {
        throw RuntimeFailure(path + ": " + error.get_description());
      }
    }
  }
};

}  // namespace newsdex::search
