// newsdex-index: writes the newsdex index (docs/json.md). Each subcommand lives in its own file.
#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/taxonomy.h"
#include "newsdex/version.h"

namespace newsdex::index::cli {

std::string validate_country(const std::string& value) {
  if (Gazetteer::builtin().is_country_code(value)) return {};
  return "unknown country code '" + value + "' (expected ISO 3166-1 alpha-2, upper case, e.g. AZ)";
}

std::string validate_topic(const std::string& value) {
  if (is_topic_slug(value)) return {};
  return "unknown topic '" + value + "' (one of: " + topic_slug_list() + ")";
}

namespace {

// Xapian 1.4 can end the process from inside a commit when a write fails at some moments (an
// exception through one of its destructors, found with a full disk): std::terminate, and
// "terminate called ..." is all a user would see. A commit is atomic, so what earlier commits
// wrote is intact; this says so, and exits as any failed write does.
[[noreturn]] void report_a_write_that_ended_the_process() {
  const int write_error = errno;  // of the write that failed, on this thread, when Xapian left it
  std::string cause = "the index library stopped while writing (a full disk, or a failing device?)";
  if (write_error == ENOSPC || write_error == EFBIG || write_error == EDQUOT || write_error == EIO) {
    cause = std::string("cannot write the index: ") + std::strerror(write_error);
  }
  if (const std::exception_ptr current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const Xapian::Error& error) {
      cause = "cannot write the index: " + error.get_description();
    } catch (const std::exception& error) {
      cause = error.what();
    } catch (...) {
    }
  }
  std::fprintf(stderr, "newsdex-index: error: %s; what earlier commits wrote is intact\n", cause.c_str());
  std::_Exit(newsdex::kExitRuntime);
}

}  // namespace

}  // namespace newsdex::index::cli

int main(int argc, char** argv) {
  using namespace newsdex::index::cli;
  std::set_terminate(report_a_write_that_ended_the_process);
  CLI::App app{"Builds and updates a newsdex index of news feeds.", "newsdex-index"};
  // What the man page is made of (help2man at build time): every subcommand's options.
  app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
  app.footer("The JSON of every command and the exit codes: docs/json.md (installed in share/doc/newsdex).");
  app.set_version_flag("--version", std::string("newsdex-index ") + newsdex::kNewsdexVersion);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  newsdex::cli::add_database_option(app, global.database);

  Action action;
  add_parse_command(app, global, action);
  add_extract_command(app, global, action);
  add_add_command(app, global, action);
  add_feeds_command(app, global, action);
  add_crawl_command(app, global, action);
  add_pages_command(app, global, action);
  add_tag_command(app, global, action);
  add_import_command(app, global, action);
  add_compact_command(app, global, action);
  add_migrate_command(app, global, action);
  add_watch_command(app, global, action);
  newsdex::cli::add_stats_command(app, global.database, action);
  return newsdex::cli::run(app, argc, argv, [&] { return action(); });
}
