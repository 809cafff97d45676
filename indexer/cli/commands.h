// The subcommands of newsdex-index, one file each. Each registers itself on the program's
// CLI11 app and sets `action` to the work to run when it is chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "cli_support.h"

namespace newsdex::index {
class Indexer;
}
namespace newsdex::watch {
class Watches;
}

namespace newsdex::index::cli {

// Options every subcommand shares.
struct GlobalOptions {
  std::string database;  // --db
};

// The chosen subcommand's work; returns the exit code.
using Action = std::function<int()>;

void add_parse_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_extract_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_add_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_feeds_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_crawl_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_pages_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_tag_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_import_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_compact_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_migrate_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_watch_command(CLI::App& app, GlobalOptions& global, Action& action);

// Runs the index's watches after a command indexed and committed articles, reporting on stderr;
// never throws (a failed delivery is the watch's to retry, not the indexing's failure).
void run_watches_after_indexing(watch::Watches& watches);
void run_watches_after_indexing(Indexer& indexer);

// Validators shared by the subcommands that take --country and --topic.
std::string validate_country(const std::string& value);
std::string validate_topic(const std::string& value);

}  // namespace newsdex::index::cli
