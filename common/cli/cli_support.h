// What newsdex-index and newsdex-search share on the command line (docs/json.md): where the index
// lives, how errors are reported and which exit code they give, when to use colour.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "newsdex/error.h"

namespace newsdex {

// Exit codes shared by newsdex-index and newsdex-search (docs/json.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitNoMatch = 1,   // a search matched nothing
  kExitBadInput = 2,  // bad usage, unreadable input, a document that is not a feed: InputError
  kExitRuntime = 3,   // network, database or disk failure: RuntimeFailure
};

// The exit code of an error: kExitBadInput for an InputError, else kExitRuntime.
ExitCode exit_code_for(const Error& error);

}  // namespace newsdex

namespace newsdex::cli {

// $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex, else ~/.local/share/newsdex.
std::string default_database_path();

// Adds `--db PATH` to `app`, defaulting to default_database_path().
void add_database_option(CLI::App& app, std::string& path);

// Parses the command line and runs `body`. Help and version print and return 0; a usage error
// or a newsdex::InputError prints one line "PROGRAM: error: ..." and returns 2; RuntimeFailure 3.
int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

// Adds the `stats [--json]` subcommand both programs share; it reads the index at `database`.
void add_stats_command(CLI::App& app, const std::string& database, std::function<int()>& action);

// True when stdout is a terminal and NO_COLOR is unset.
bool stdout_wants_colour();

// Writes text meant for a person to stdout, through a pager when stdout is a terminal and the
// text is taller than it, as git does: $NEWSDEX_PAGER, else $PAGER, else "less -FRX" (an empty
// value or "cat" turns paging off). Anything else (a pipe, a file) gets the text as it is.
void print_paged(const std::string& text);

// True when stderr is a terminal (progress is shown only then).
bool stderr_is_terminal();

}  // namespace newsdex::cli
