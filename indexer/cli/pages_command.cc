// newsdex-index pages [--feed URL] [--since DATE] [--retry-failed]: fetches the pages of
// articles indexed before (from feeds set to pages, or before pages were fetched), under the
// crawl's politeness rules. Resumable: what it queued stays queued until fetched.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "newsdex/page_crawl.h"
#include "newsdex/page_queue.h"
#include "newsdex/time.h"

namespace newsdex::index::cli {
namespace {

struct PagesOptions {
  std::string feed;
  std::string since;
  bool retry_failed = false;
  bool wait = false;
  double delay_seconds = 1;
  unsigned jobs = 16;
};

std::atomic<bool> stop_requested{false};

void request_stop(int) { stop_requested = true; }

int backfill_pages(const GlobalOptions& global, const PagesOptions& options) {
  Backfill backfill;
  backfill.feed = options.feed;
  backfill.retry_failed = options.retry_failed;
  if (!options.since.empty()) backfill.since = parse_time_bound(options.since, now_utc());
  Indexer indexer(global.database, {options.wait});
  PageQueue queue = PageQueue::writing(indexer);
  const size_t queued = queue_backfill(indexer, queue, backfill);
  indexer.commit();  // queued for good: a run cut short goes on from here next time

  PageCrawlOptions crawl_options;
  crawl_options.delay = std::chrono::milliseconds(static_cast<long>(options.delay_seconds * 1000));
  crawl_options.budget = std::chrono::hours(24 * 365);
  crawl_options.jobs = options.jobs;
  crawl_options.feed = options.feed;
  crawl_options.retry_failed = options.retry_failed;
  crawl_options.stop = [] { return stop_requested.load(); };
  const bool terminal = isatty(STDERR_FILENO);
  const size_t total = static_cast<size_t>(tally_pages(queue).all.pending);
  size_t done = 0;
  const Tagger tagger;
  const PageCrawlReport report =
      crawl_pages(indexer, tagger, crawl_options, [&](const std::string&, const std::string&) {
        if (terminal) std::cerr << "\r" << ++done << " of " << total << " pages" << std::flush;
      });
  if (terminal) std::cerr << '\n';
  std::cout << queued << " pages queued; " << report.summary() << '\n';
  run_watches_after_indexing(indexer);
  return kExitOk;
}

}  // namespace

void add_pages_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<PagesOptions>();
  CLI::App* command =
      app.add_subcommand("pages", "Fetch the web pages of articles indexed before, and index their text");
  command->add_option("--feed", options->feed, "Only the articles of this feed (its URL)");
  command->add_option("--since", options->since, "Only articles published since DATE (2022-09-20, 7d, 3mo...)")
      ->check([](const std::string& text) -> std::string {
        try {
          parse_time_bound(text, now_utc());
          return {};
        } catch (const InputError& error) {
          return error.what();
        }
      });
  command->add_flag("--retry-failed", options->retry_failed, "Also try again the pages that failed or were not used");
  command
      ->add_option("--page-delay", options->delay_seconds, "Least seconds between two requests to one site (default 1)")
      ->check(CLI::Range(0.0, 3600.0));
  command->add_option("--jobs", options->jobs, "Transfers at once, at most 2 per site (default 16)")
      ->check(CLI::Range(1u, 1024u));
  command->add_flag("--wait", options->wait, "If another newsdex-index is writing, wait for it instead of exiting");
  command->callback([&action, &global, options] {
    action = [&global, options] {
      std::signal(SIGINT, request_stop);
      std::signal(SIGTERM, request_stop);
      return backfill_pages(global, *options);
    };
  });
}

}  // namespace newsdex::index::cli
