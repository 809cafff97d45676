// newsdex-index add SOURCE... [--fetch-pages]: parses feeds and indexes their articles now,
// without subscribing; with --fetch-pages, then fetches their articles' pages.
#include <iostream>

#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/feed_parser.h"
#include "newsdex/fetch.h"
#include "newsdex/indexer.h"
#include "newsdex/page_crawl.h"
#include "newsdex/page_queue.h"

namespace newsdex::index::cli {
namespace {

struct AddOptions {
  std::vector<std::string> sources;
  std::vector<std::string> countries;
  std::vector<std::string> topics;
  std::string name;
  bool fetch_pages = false;
};

int add_sources(const GlobalOptions& global, const AddOptions& options) {
  Indexer indexer(global.database);
  const Tagger tagger;
  PageQueue queue = PageQueue::writing(indexer);
  int exit_code = kExitOk;
  AddedThisRun added_this_run;
  for (const std::string& source : options.sources) {
    try {
      const feeds::SourceDocument document = feeds::read_source(source);
      feeds::Feed feed;
      try {
        feed = feeds::parse_feed(document.bytes, {document.url, document.content_type});
      } catch (const InputError& error) {
        throw InputError(source + ": " + error.what());
      }
      feed.language = feed_language(feed);
      const FeedDefaults defaults{options.name, document.url, options.countries, options.topics};
      const PageRequest pages{options.fetch_pages ? PagesPolicy::kAuto : PagesPolicy::kNever, document.url,
                              document.internal_address, now_utc()};
      size_t added = 0, updated = 0;
      for (const feeds::FeedItem& item : feed.items) {
        switch (
            add_feed_item(indexer, queue, make_article(feed, item, defaults, tagger), item, pages, added_this_run)) {
          case AddOutcome::kAdded: ++added; break;
          case AddOutcome::kUpdated: ++updated; break;
          case AddOutcome::kUnchanged: break;
        }
      }
      indexer.commit();
      std::cout << source << ": " << feed.items.size() << " items, " << added << " new, " << updated << " updated\n";
      for (const std::string& warning : feed.warnings) std::cerr << source << ": warning: " << warning << '\n';
    } catch (const Error& error) {
      // One bad source does not cost the others; the exit code tells the worst that happened.
      std::cerr << "newsdex-index: error: " << error.what() << '\n';
      exit_code = std::max<int>(exit_code, exit_code_for(error));
    }
  }
  if (options.fetch_pages) {
    const PageCrawlReport report = crawl_pages(indexer, tagger, {});
    std::cout << "pages: " << report.summary() << '\n';
  }
  run_watches_after_indexing(indexer);
  return exit_code;
}

}  // namespace

void add_add_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<AddOptions>();
  CLI::App* command = app.add_subcommand("add", "Parse feeds and index their articles now, without subscribing");
  command->add_option("SOURCE", options->sources, "Feed files, '-' for standard input, or http(s) URLs")->required();
  command->add_option("--country", options->countries, "Country the feed is about (ISO 3166-1), a weak prior")
      ->allow_extra_args(false)
      ->check(validate_country);
  command->add_option("--topic", options->topics, "Topic the feed is about (IPTC slug), a weak prior")
      ->allow_extra_args(false)
      ->check(validate_topic);
  command->add_option("--name", options->name, "Source name to file the articles under (default: the feed's title)");
  command->add_flag("--fetch-pages", options->fetch_pages,
                    "Then fetch each new article's own web page and index its text (as crawl does)");
  command->callback(
      [&action, &global, options] { action = [&global, options] { return add_sources(global, *options); }; });
}

}  // namespace newsdex::index::cli
