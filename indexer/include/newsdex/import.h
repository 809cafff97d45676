// Bulk import of archives: JSON Lines files of articles (docs/json.md) and folders of saved feeds.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/article.h"
#include "newsdex/indexer.h"
#include "newsdex/tagger.h"

namespace newsdex::index {

// One JSON Lines record as an article: {"id"?, "title", "text", "url"?, "source"?, "published"?,
// "language"?, "countries"?, "mentioned"?, "topics"?} (also "author", "summary", "categories";
// other fields are ignored). Language, countries and topics the record lacks are detected with
// `tagger`. Throws InputError saying which field is wrong and why.
// Problems that did not cost the record (a link that is not http(s), dropped) are added to
// `warnings` when given.
Article article_from_json_line(std::string_view line, const Tagger& tagger,
                               std::vector<std::string>* warnings = nullptr);

// How far an import has got, for a progress display.
struct ImportProgress {
  uint64_t articles = 0;     // written so far in this run
  uint64_t malformed = 0;    // records skipped
  uint64_t bytes_done = 0;   // of the input, this run's share included
  uint64_t bytes_total = 0;  // of the input
  double seconds = 0;        // since this run started
};

// What an import did.
struct ImportSummary {
  uint64_t added = 0;
  uint64_t updated = 0;
  uint64_t unchanged = 0;
  uint64_t malformed = 0;      // records (or feed files) reported and skipped
  uint64_t files_skipped = 0;  // files a previous run had finished
  uint64_t bytes_resumed = 0;  // input a previous run had imported, not read again
  double seconds = 0;
};

// Choices and callbacks of an import.
struct ImportOptions {
  unsigned threads = 0;           // parsing and tagging workers; 0: one per core
  uint64_t commit_every = 20000;  // articles between commits (each also saves the position)
  // Called about twice a second, and once at the end.
  std::function<void(const ImportProgress&)> on_progress;
  // Called for each skipped record: where ("FILE:LINE") and what is wrong.
  std::function<void(const std::string& where, const std::string& message)> on_malformed;
  // Called for each record imported without a part of it (a link that is not http(s)).
  std::function<void(const std::string& where, const std::string& message)> on_warning;
};

// Imports a JSON Lines file, or every *.jsonl file and saved feed under a folder (in name
// order), into `indexer`. Articles are written by id, so a rerun never duplicates one; and the
// position in each file is committed with its articles, so a rerun after an interruption goes
// on from the last commit instead of reading everything again. Malformed records are reported
// through on_malformed and skipped. Throws InputError when `path` cannot be read at all,
// RuntimeFailure when the index cannot be written.
ImportSummary import_archive(Indexer& indexer, const Tagger& tagger, const std::string& path,
                             const ImportOptions& options = {});

}  // namespace newsdex::index
