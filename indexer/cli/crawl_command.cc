// newsdex-index crawl: one pass over the subscribed feeds that are due (or all of them), for
// cron and systemd timers: quiet unless on a terminal, one summary line, exit 3 if a feed failed.
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/crawl.h"
#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "newsdex/watch.h"

namespace newsdex::index::cli {
namespace {

struct CrawlCommandOptions {
  bool all = false;
  bool wait = false;
  bool verbose = false;
  unsigned jobs = 16;
  unsigned loop_seconds = 0;
  unsigned timeout_seconds = 60;
  unsigned max_megabytes = 20;
};

// Set by SIGINT/SIGTERM: the crawl finishes the feed in hand, commits, and stops.
std::atomic<bool> stop_requested{false};

void request_stop(int) { stop_requested = true; }

void print_result(const FeedCrawlResult& result, bool verbose) {
  if (!result.error.empty()) {
    std::cerr << "newsdex-index: error: " << result.error << '\n';
    return;
  }
  if (!result.moved_to.empty())
    std::cerr << "newsdex-index: " << result.url << " moved permanently to " << result.moved_to << '\n';
  if (!verbose) return;
  if (result.not_modified) {
    std::cout << result.url << ": not modified\n";
  } else {
    std::cout << result.url << ": " << result.items << " items, " << result.added << " new, " << result.updated
              << " updated\n";
  }
}

int crawl_once(const GlobalOptions& global, const CrawlCommandOptions& options, const Tagger& tagger) {
  Indexer indexer(global.database, {options.wait});
  CrawlOptions crawl_options;
  crawl_options.all = options.all;
  crawl_options.jobs = options.jobs;
  crawl_options.fetch.total_timeout = std::chrono::seconds(options.timeout_seconds);
  crawl_options.fetch.max_body_bytes = static_cast<size_t>(options.max_megabytes) << 20;
  crawl_options.stop = [] { return stop_requested.load(); };
  // Watches search each feed's new articles on the other core while the crawl goes on (no
  // thread when there is no watch).
  watch::Watches watches(indexer);
  watches.follow_indexing();
  const CrawlReport report = crawl(indexer, tagger, crawl_options, [&](const FeedCrawlResult& result) {
    print_result(result, options.verbose);
    watches.committed(indexer.last_sequence());
  });
  std::cout << "crawl: " << report.summary() << std::endl;
  run_watches_after_indexing(watches);
  return report.failed() > 0 ? kExitRuntime : kExitOk;
}

}  // namespace

void add_crawl_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<CrawlCommandOptions>();
  CLI::App* command = app.add_subcommand("crawl", "Fetch the subscribed feeds that are due and index new articles");
  command->add_flag("--all", options->all, "Fetch every enabled feed, due or not");
  command->add_option("--jobs", options->jobs, "Transfers at once, at most 2 per host (default 16)")
      ->check(CLI::Range(1u, 1024u));
  command->add_option("--loop", options->loop_seconds, "Crawl again every SECONDS until interrupted")
      ->check(CLI::Range(1u, 7u * 24 * 3600));
  command->add_option("--timeout", options->timeout_seconds, "Seconds a feed may take to download (default 60)")
      ->check(CLI::Range(1u, 3600u));
  command
      ->add_option("--max-size", options->max_megabytes, "Largest feed in MB; larger is an error for it (default 20)")
      ->check(CLI::Range(1u, 1024u));
  command->add_flag("--wait", options->wait, "If another newsdex-index is writing, wait for it instead of exiting");
  command->add_flag("--verbose,-v", options->verbose, "One line per feed (the default on a terminal)");
  command->callback([&action, &global, options] {
    action = [&global, options] {
      options->verbose = options->verbose || newsdex::cli::stdout_wants_colour() || isatty(STDOUT_FILENO);
      std::signal(SIGINT, request_stop);
      std::signal(SIGTERM, request_stop);
      const Tagger tagger;
      int exit_code = crawl_once(global, *options, tagger);
      while (options->loop_seconds > 0 && !stop_requested) {
        for (unsigned waited = 0; waited < options->loop_seconds && !stop_requested; ++waited) {
          std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        if (!stop_requested) exit_code = crawl_once(global, *options, tagger);
      }
      return exit_code;
    };
  });
}

}  // namespace newsdex::index::cli
