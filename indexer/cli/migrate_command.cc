// newsdex-index migrate --into DIR: copies a single-database index into a new sharded one.
#include <chrono>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/migrate.h"
#include "progress.h"

namespace newsdex::index::cli {

void add_migrate_command(CLI::App& app, GlobalOptions& global, Action& action) {
  struct MigrateCommandOptions {
    std::string into;
    unsigned shards = ShardLayout().lanes;
    uint64_t articles_per_shard = ShardLayout().articles_per_shard;
  };
  auto options = std::make_shared<MigrateCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "migrate", "Copy this single-database index into a new sharded index (this one is left as it is)");
  command->add_option("--into", options->into, "The new sharded index's folder")->required();
  command->add_option("--shards", options->shards, "Shards written in parallel (default 2)")
      ->check(CLI::Range(1u, 64u));
  command
      ->add_option("--shard-size", options->articles_per_shard,
                   "Articles in a shard before its writer starts the next (0: no limit; default 100000)")
      ->check(CLI::Range(uint64_t{0}, uint64_t{1'000'000'000}));
  command->callback([&action, &global, options] {
    action = [&global, options] {
      const bool terminal = newsdex::cli::stderr_is_terminal();
      const auto started = std::chrono::steady_clock::now();
      std::function<void(uint64_t, uint64_t)> on_progress;
      if (terminal) {
        on_progress = [&](uint64_t done, uint64_t total) {
          const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          draw_progress(done, total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1, seconds, 0);
        };
      }
      const MigrationSummary summary = migrate_to_shards(global.database, options->into,
                                                         {options->shards, options->articles_per_shard}, on_progress);
      if (terminal) std::cerr << '\n';
      std::cout << global.database << " -> " << options->into << ": " << summary.articles << " articles copied, "
                << summary.unchanged << " already there, " << summary.bookkeeping << " bookkeeping records; "
                << static_cast<long>(summary.seconds + 0.5) << " s. Point crawls and searches at " << options->into
                << "; " << global.database << " is left as it was.\n";
      return kExitOk;
    };
  });
}

}  // namespace newsdex::index::cli
