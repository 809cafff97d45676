// newsdex-index crawl: one pass over the subscribed feeds that are due (or all of them).
#include <chrono>
#include <iostream>
#include <thread>

#include "commands.h"
#include "newsdex/crawl.h"
#include "newsdex/error.h"
#include "newsdex/indexer.h"

namespace newsdex::index::cli {
namespace {

struct CrawlCommandOptions {
  bool all = false;
  unsigned jobs = 1;
  unsigned loop_seconds = 0;
};

void print_result(const FeedCrawlResult& result) {
  if (!result.error.empty()) {
    std::cerr << "newsdex-index: error: " << result.error << '\n';
  } else if (result.status == 304) {
    std::cout << result.url << ": not modified\n";
  } else {
    std::cout << result.url << ": " << result.items << " items, " << result.added << " new, " << result.updated
              << " updated\n";
  }
}

int crawl_once(const GlobalOptions& global, const CrawlCommandOptions& options, const Tagger& tagger) {
  Indexer indexer(global.database);
  CrawlOptions crawl_options;
  crawl_options.all = options.all;
  const CrawlReport report = crawl(indexer, tagger, crawl_options, print_result);
  if (report.feeds.empty()) std::cout << "no feed is due\n";
  // A failing feed is the publisher's problem and is reported above; the run fails only when
  // nothing could be fetched at all, which points at our side (network, configuration).
  return !report.feeds.empty() && report.failed() == report.feeds.size() ? kExitRuntime : kExitOk;
}

}  // namespace

void add_crawl_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<CrawlCommandOptions>();
  CLI::App* command = app.add_subcommand("crawl", "Fetch the subscribed feeds that are due and index new articles");
  command->add_flag("--all", options->all, "Fetch every enabled feed, due or not");
  command->add_option("--jobs", options->jobs, "Transfers at once (this release fetches one feed at a time)")
      ->check(CLI::Range(1u, 256u));
  command->add_option("--loop", options->loop_seconds, "Crawl again every SECONDS until interrupted")
      ->check(CLI::Range(1u, 7u * 24 * 3600));
  command->callback([&action, &global, options] {
    action = [&global, options] {
      const Tagger tagger;
      int exit_code = crawl_once(global, *options, tagger);
      while (options->loop_seconds > 0) {
        std::this_thread::sleep_for(std::chrono::seconds(options->loop_seconds));
        exit_code = crawl_once(global, *options, tagger);
      }
      return exit_code;
    };
  });
}

}  // namespace newsdex::index::cli
