#include "cli_support.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "newsdex/error.h"
#include "newsdex/index_stats.h"

namespace newsdex {

ExitCode exit_code_for(const Error& error) {
  return dynamic_cast<const InputError*>(&error) != nullptr ? kExitBadInput : kExitRuntime;
}

}  // namespace newsdex

namespace newsdex::cli {
namespace {

std::string first_line(std::string_view message) { return std::string(message.substr(0, message.find('\n'))); }

int report(const CLI::App& app, std::string_view message, int code) {
  std::cerr << app.get_name() << ": error: " << first_line(message) << '\n';
  return code;
}

}  // namespace

std::string default_database_path() {
  if (const char* db = std::getenv("NEWSDEX_DB"); db && *db) return db;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return std::string(data) + "/newsdex";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/newsdex";
}

void add_database_option(CLI::App& app, std::string& path) {
  path = default_database_path();
  app.add_option("--db", path,
                 "Index location (default: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex, "
                 "else ~/.local/share/newsdex)");
}

int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    return report(app, std::string(error.what()) + " (see --help)", kExitBadInput);
  }
  try {
    return body();
  } catch (const Error& error) {
    return report(app, error.what(), exit_code_for(error));
  } catch (const CLI::Error& error) {
    return report(app, error.what(), kExitBadInput);
  } catch (const std::bad_alloc&) {
    return report(app, "out of memory", kExitRuntime);
  } catch (const std::exception& error) {
    return report(app, error.what(), kExitRuntime);
  }
}

void add_stats_command(CLI::App& app, const std::string& database, std::function<int()>& action) {
  auto json = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand("stats", "Show figures about the index");
  command->add_flag("--json", *json, "Print one JSON object (docs/json.md)");
  command->callback([&action, &database, json] {
    action = [&database, json] {
      const IndexStats stats = read_index_stats(database);
      std::cout << (*json ? to_json(stats).dump(2) + '\n' : to_text(stats));
      return 0;
    };
  });
}

bool stdout_wants_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO); }

}  // namespace newsdex::cli

namespace newsdex::cli {

void print_paged(const std::string& text) {
  winsize window{};
  const bool tall = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &window) == 0 && window.ws_row > 0 &&
                    static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) >= window.ws_row;
  std::string pager = "less -FRX";
  for (const char* variable : {"PAGER", "NEWSDEX_PAGER"}) {
    if (const char* value = std::getenv(variable)) pager = value;
  }
  if (tall && !pager.empty() && pager != "cat") {
    std::cout.flush();
    // less: -F quits when the text fits after all, -R shows colour, -X leaves it on the screen.
    if (FILE* pipe = popen(pager.c_str(), "w")) {
      std::fwrite(text.data(), 1, text.size(), pipe);
      pclose(pipe);
      return;
    }
  }
  std::cout << text;
}

}  // namespace newsdex::cli
