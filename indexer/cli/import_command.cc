// newsdex-index import FILE.jsonl|DIR: bulk import of an archive, resumable.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/import.h"
#include "progress.h"

namespace newsdex::index::cli {
namespace {

int run_import(const GlobalOptions& global, const std::string& path, unsigned threads, uint64_t commit_every,
               unsigned shards, uint64_t articles_per_shard) {
  if (shards > 0) {
    if (std::filesystem::exists(std::filesystem::path(global.database) / "XAPIANDB")) {
      // Already sharded: the shards it has are kept.
    } else if (std::filesystem::exists(global.database)) {
      throw InputError("--shards: " + global.database +
                       " is already an index of one database; import into a new folder");
    } else {
      Indexer::create_sharded(global.database, {shards, articles_per_shard});
    }
  }
  Indexer indexer(global.database);
  const Tagger tagger;
  ImportOptions options;
  options.threads = threads;
  options.commit_every = commit_every;
  const bool terminal = newsdex::cli::stderr_is_terminal();
  bool drawn = false;
  if (terminal) {
    options.on_progress = [&](const ImportProgress& progress) {
      const double share = progress.bytes_total > 0
                               ? static_cast<double>(progress.bytes_done) / static_cast<double>(progress.bytes_total)
                               : 1;
      draw_progress(progress.articles, share, progress.seconds, progress.malformed);
      drawn = true;
    };
  }
  options.on_malformed = [&](const std::string& where, const std::string& message) {
    if (drawn) std::cerr << "\r\033[K";
    std::cerr << where << ": skipped: " << message << '\n';
  };
  options.on_warning = [&](const std::string& where, const std::string& message) {
    if (drawn) std::cerr << "\r\033[K";
    std::cerr << where << ": warning: " << message << '\n';
  };
  const ImportSummary summary = import_archive(indexer, tagger, path, options);
  if (drawn) std::cerr << '\n';
  std::cout << path << ": " << summary.added << " new, " << summary.updated << " updated, " << summary.unchanged
            << " unchanged, " << summary.malformed << " skipped as malformed";
  if (summary.bytes_resumed > 0)
    std::cout << "; " << summary.bytes_resumed << " bytes imported before were not read again";
  std::printf("; %.1f s\n", summary.seconds);
  std::fflush(stdout);
  run_watches_after_indexing(indexer);
  return summary.malformed > 0 ? kExitBadInput : kExitOk;
}

}  // namespace

void add_import_command(CLI::App& app, GlobalOptions& global, Action& action) {
  struct ImportCommandOptions {
    std::string path;
    unsigned threads = 0;
    uint64_t commit_every = ImportOptions().commit_every;
    unsigned shards = 0;
    uint64_t articles_per_shard = ShardLayout().articles_per_shard;
  };
  auto options = std::make_shared<ImportCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "import", "Import an archive: a JSON Lines file of articles, or a folder of them and of saved feeds");
  command->add_option("PATH", options->path, "FILE.jsonl, or a folder (*.jsonl and saved feed files, in name order)")
      ->required();
  command->add_option("--threads", options->threads, "Parsing and tagging threads (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  command
      ->add_option("--commit-every", options->commit_every,
                   "Articles between commits; an interrupted import resumes from the last (default 20000)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{100'000'000}));
  CLI::Option* shards =
      command
          ->add_option(
              "--shards", options->shards,
              "Create the index as N shards written in parallel (a new --db folder; one per core is a good start)")
          ->check(CLI::Range(1u, 64u));
  command
      ->add_option("--shard-size", options->articles_per_shard,
                   "With --shards: articles in a shard before its writer starts the next (0: no limit; default 100000)")
      ->check(CLI::Range(uint64_t{0}, uint64_t{1'000'000'000}))
      ->needs(shards);
  command->callback([&action, &global, options] {
    action = [&global, options] {
      return run_import(global, options->path, options->threads, options->commit_every, options->shards,
                        options->articles_per_shard);
    };
  });
}

}  // namespace newsdex::index::cli
