// newsdex-index crawl: one pass over the subscribed feeds that are due (or all of them), then
// over the article pages they queued, within a time budget; for cron and systemd timers: quiet
// unless on a terminal, a summary line each, exit 3 if a feed failed.
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
#include "newsdex/fetch.h"
#include "newsdex/indexer.h"
#include "newsdex/page_crawl.h"
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
  bool pages_only = false;
  double page_budget_seconds = 300;
  double page_delay_seconds = 1;
  unsigned max_page_megabytes = 5;
  std::vector<std::string> internal_networks;  // empty: FetchOptions' default
};

// Set by SIGINT/SIGTERM: the crawl finishes the feed in hand, commits, and stops.
std::atomic<bool> stop_requested{false};

void request_stop(int) { stop_requested = true; }

// "10.0.0.0/8", "fd00::/8", "192.168.1.7": an address with an optional prefix length.
std::string valid_network(const std::string& network) {
  const std::string address = network.substr(0, network.find('/'));
  if (!feeds::in_networks(address, {address})) return "not an IPv4 or IPv6 network in CIDR notation: " + network;
  return {};
}

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

PageCrawlOptions page_options(const CrawlCommandOptions& options) {
  PageCrawlOptions pages;
  pages.jobs = options.jobs;
  pages.delay = std::chrono::milliseconds(static_cast<long>(options.page_delay_seconds * 1000));
  // --pages-only drains the queue: no budget.
  pages.budget = options.pages_only ? std::chrono::seconds(std::chrono::hours(24 * 365))
                                    : std::chrono::seconds(static_cast<long>(options.page_budget_seconds));
  pages.fetch.total_timeout = std::chrono::seconds(options.timeout_seconds);
  pages.fetch.max_body_bytes = static_cast<size_t>(options.max_page_megabytes) << 20;
  if (!options.internal_networks.empty()) pages.fetch.internal_networks = options.internal_networks;
  pages.stop = [] { return stop_requested.load(); };
  return pages;
}

int crawl_once(const GlobalOptions& global, const CrawlCommandOptions& options, const Tagger& tagger) {
  Indexer indexer(global.database, {options.wait});
  CrawlOptions crawl_options;
  crawl_options.all = options.all;
  crawl_options.jobs = options.jobs;
  crawl_options.fetch.total_timeout = std::chrono::seconds(options.timeout_seconds);
  crawl_options.fetch.max_body_bytes = static_cast<size_t>(options.max_megabytes) << 20;
  if (!options.internal_networks.empty()) crawl_options.fetch.internal_networks = options.internal_networks;
  crawl_options.stop = [] { return stop_requested.load(); };
  // Watches search each feed's new articles on the other core while the crawl goes on (no
  // thread when there is no watch).
  watch::Watches watches(indexer);
  watches.follow_indexing();
  int exit_code = kExitOk;
  if (!options.pages_only) {
    const CrawlReport report = crawl(indexer, tagger, crawl_options, [&](const FeedCrawlResult& result) {
      print_result(result, options.verbose);
      watches.committed(indexer.last_sequence());
    });
    std::cout << "crawl: " << report.summary() << std::endl;
    if (report.failed() > 0) exit_code = kExitRuntime;
  }
  if (!stop_requested) {
    PageCrawlOptions pages_options = page_options(options);
    // Watches search what a commit made visible, never what is still being written.
    pages_options.on_commit = [&] { watches.committed(indexer.last_sequence()); };
    const PageCrawlReport pages =
        crawl_pages(indexer, tagger, pages_options, [&](const std::string& url, const std::string& outcome) {
          if (options.verbose) std::cout << url << ": " << outcome << '\n';
        });
    if (pages.fetched + pages.kept_feed + pages.failed + pages.left > 0) {
      std::cout << "pages: " << pages.summary() << std::endl;
    }
  }
  run_watches_after_indexing(watches);
  return exit_code;
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
  command->add_flag("--pages-only", options->pages_only,
                    "Fetch no feed: fetch the pending article pages, all of them (no budget)");
  command
      ->add_option("--page-budget", options->page_budget_seconds,
                   "Seconds the crawl spends on article pages after the feeds; the rest wait (default 300)")
      ->check(CLI::Range(0.0, 7.0 * 24 * 3600));
  command
      ->add_option("--page-delay", options->page_delay_seconds,
                   "Least seconds between two page requests to one site (default 1; a site's Crawl-delay may ask more)")
      ->check(CLI::Range(0.0, 3600.0));
  command
      ->add_option("--max-page-size", options->max_page_megabytes,
                   "Largest article page in MB; a larger one keeps the feed's text (default 5)")
      ->check(CLI::Range(1u, 1024u));
  command
      ->add_option("--internal-network", options->internal_networks,
                   "A network (CIDR) counted as internal, instead of the default loopback, private, link-local "
                   "and unique-local ones; repeat for several")
      ->check(valid_network);
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
