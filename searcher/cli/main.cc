// newsdex-search: reads a newsdex index (docs/json.md). `newsdex-search WORDS...` is short for
// `newsdex-search search WORDS...`. Each subcommand lives in its own file.
#include <array>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/version.h"

namespace {

constexpr std::array<std::string_view, 8> kSubcommands = {"search", "show",     "similar", "serve",
                                                          "stats",  "timeline", "trends",  "values"};

bool is_subcommand(std::string_view word) {
  for (auto name : kSubcommands) {
    if (word == name) return true;
  }
  return false;
}

// Inserts "search" after the program name unless the first word that is neither an option nor
// an option's value names a subcommand. Bare --help and --version stay with the program.
std::vector<char*> with_implicit_search(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  bool only_program_options = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--") {
      only_program_options = false;
      break;
    }
    if (word.starts_with("-")) {
      if (word != "--help" && word != "-h" && word != "--help-all" && word != "--version") {
        only_program_options = false;
      }
      const bool inline_value = word.find('=') != std::string_view::npos;
      if (!inline_value && newsdex::search::cli::search_option_takes_value(word)) ++i;
      continue;
    }
    if (is_subcommand(word)) return args;
    only_program_options = false;
    break;
  }
  if (argc > 1 && !only_program_options) {
    static char search[] = "search";
    args.insert(args.begin() + 1, search);
  }
  return args;
}

}  // namespace

// What a bare `newsdex-search` prints: searching is the default, so an example says more than
// the list of subcommands.
constexpr std::string_view kShortUsage =
    R"(Usage: newsdex-search QUERY... [options]        search the index (the default)
       newsdex-search COMMAND [options]         show, similar, values, timeline, trends, stats, serve

Examples:
  newsdex-search 'space cooperation'
  newsdex-search gas --country AZ --since 30d --sort date
  newsdex-search values country

Options and commands: newsdex-search --help; JSON and exit codes: docs/json.md
)";

int main(int argc, char** argv) {
  using namespace newsdex::search::cli;
  if (argc == 1) {
    std::cerr << kShortUsage;
    return newsdex::kExitBadInput;
  }
  CLI::App app{"Searches a newsdex index of news articles.", "newsdex-search"};
  // What the man page is made of (help2man at build time): every subcommand's options.
  app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
  app.set_version_flag("--version", std::string("newsdex-search ") + newsdex::kNewsdexVersion);
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Usage: newsdex-search [search] QUERY... [options]   (see newsdex-search search --help)\n"
      "The JSON of every command and the exit codes: docs/json.md (installed in share/doc/newsdex).");
  GlobalOptions global;
  newsdex::cli::add_database_option(app, global.database);

  Action action;
  add_search_command(app, global, action);
  add_show_command(app, global, action);
  add_similar_command(app, global, action);
  add_serve_command(app, global, action);
  add_timeline_command(app, global, action);
  add_trends_command(app, global, action);
  add_values_command(app, global, action);
  newsdex::cli::add_stats_command(app, global.database, action);
  std::vector<char*> args = with_implicit_search(argc, argv);
  return newsdex::cli::run(app, static_cast<int>(args.size()), args.data(), [&] { return action(); });
}
