// The subcommands of newsdex-search, one file each. Each registers itself on the program's
// CLI11 app and sets `action` to the work to run when it is chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "newsdex/search.h"

namespace newsdex::search::cli {

// Options every subcommand shares.
struct GlobalOptions {
  std::string database;  // --db
};

// The index the options name, for reading. Throws RuntimeFailure saying how to make one, or to
// choose another with --db, when there is none there.
Searcher open_searcher(const GlobalOptions& global);

// The chosen subcommand's work; returns the exit code.
using Action = std::function<int()>;

void add_search_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_show_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_similar_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_serve_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_timeline_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_trends_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_values_command(CLI::App& app, GlobalOptions& global, Action& action);

// Options of the search subcommand that take a value; the implicit-search rewrite of the
// command line needs to know them to find the first query word.
bool search_option_takes_value(std::string_view option);

}  // namespace newsdex::search::cli
