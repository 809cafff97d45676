// newsdex-index watch add|list|remove|run: saved searches delivered after every indexing run.
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "newsdex/watch.h"

namespace newsdex::index::cli {
namespace {

struct WatchOptions {
  std::string name;
  std::vector<std::string> query_words;
  std::vector<std::string> countries;
  std::vector<std::string> topics;
  std::string deliver = "jsonl:-";
  bool from_start = false;
  bool json = false;
  bool wait = false;
};

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// One line on stderr per watch that found or failed something (standard output may be where
// jsonl:- delivers).
void report(const std::vector<watch::RunResult>& results) {
  for (const watch::RunResult& result : results) {
    if (!result.delivered) {
      std::cerr << "newsdex-index: watch " << result.name << ": " << result.hits
                << " new stories not delivered, retried next run: " << result.error << '\n';
    } else if (result.hits > 0) {
      std::cerr << "watch " << result.name << ": " << result.hits << " new stories delivered\n";
    }
  }
}

int add(const GlobalOptions& global, const WatchOptions& options) {
  Indexer indexer(global.database, {options.wait});
  watch::Watch watch;
  watch.name = options.name;
  watch.query = joined(options.query_words);
  watch.countries = options.countries;
  watch.topics = options.topics;
  watch.deliver = options.deliver;
  watch.from_start = options.from_start;
  watch::Watches(indexer).add(watch);
  std::cout << "watching " << watch.name
            << (options.from_start ? " (the existing matches are delivered on its first run)" : "") << '\n';
  return kExitOk;
}

int list(const GlobalOptions& global, const WatchOptions& options) {
  const std::vector<watch::Watch> watches = watch::list_watches(global.database);
  if (options.json) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const watch::Watch& watch : watches) array.push_back(watch::to_json(watch));
    std::cout << array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return kExitOk;
  }
  for (const watch::Watch& watch : watches) {
    std::cout << watch.name << "  " << watch.query;
    for (const std::string& country : watch.countries) std::cout << " --country " << country;
    for (const std::string& topic : watch.topics) std::cout << " --topic " << topic;
    std::cout << "\n  → " << watch.deliver << ", " << watch.delivered << " delivered";
    if (watch.last_run) std::cout << ", last run " << format_rfc3339(*watch.last_run);
    if (!watch.last_error.empty()) std::cout << ", " << watch.pending << " pending: " << watch.last_error;
    std::cout << '\n';
  }
  return kExitOk;
}

int remove(const GlobalOptions& global, const WatchOptions& options) {
  Indexer indexer(global.database, {options.wait});
  if (!watch::Watches(indexer).remove(options.name)) throw InputError("no watch called " + options.name);
  indexer.commit();
  std::cout << "removed watch " << options.name << '\n';
  return kExitOk;
}

int run(const GlobalOptions& global, const WatchOptions& options) {
  Indexer indexer(global.database, {options.wait});
  const auto results = watch::Watches(indexer).run(options.name.empty() ? std::nullopt : std::optional(options.name));
  report(results);
  for (const watch::RunResult& result : results) {
    if (!result.delivered) return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace

void run_watches_after_indexing(watch::Watches& watches) {
  try {
    report(watches.run());
  } catch (const Error& error) {
    // Watches never fail the indexing that ran them: its articles are committed already.
    std::cerr << "newsdex-index: watches not run: " << error.what() << '\n';
  }
}

void run_watches_after_indexing(Indexer& indexer) {
  watch::Watches watches(indexer);
  run_watches_after_indexing(watches);
}

void add_watch_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<WatchOptions>();
  CLI::App* command = app.add_subcommand("watch", "Saved searches whose new matches are delivered after every crawl");
  command->require_subcommand(1);
  command->fallthrough();

  CLI::App* add_command = command->add_subcommand("add",
                                                  "Watch a search: its new matches are delivered after each "
                                                  "crawl, add or import");
  add_command->add_option("NAME", options->name, "Name of the watch")->required();
  add_command->add_option("QUERY", options->query_words, "The search (newsdex-search's query language)");
  add_command->add_option("--country", options->countries, "Only articles about this country (repeatable: any of them)")
      ->allow_extra_args(false)
      ->check(validate_country);
  add_command->add_option("--topic", options->topics, "Only articles on this topic (repeatable: any of them)")
      ->allow_extra_args(false)
      ->check(validate_topic);
  add_command->add_option("--deliver", options->deliver,
                          "jsonl:FILE (appends; jsonl:- is standard output, the default), exec:COMMAND (hits as JSON "
                          "Lines on its standard input) or webhook:URL (POSTs {\"watch\", \"hits\"})");
  add_command->add_flag("--from-start", options->from_start, "Deliver the existing matches too, on the first run");
  add_command->add_flag("--wait", options->wait, "If another newsdex-index is writing, wait for it");
  add_command->callback([&action, &global, options] { action = [&global, options] { return add(global, *options); }; });

  CLI::App* list_command = command->add_subcommand("list", "List the watches and how their deliveries go");
  list_command->add_flag("--json", options->json, "Print one JSON array (docs/json.md)");
  list_command->callback(
      [&action, &global, options] { action = [&global, options] { return list(global, *options); }; });

  CLI::App* remove_command = command->add_subcommand("remove", "Stop a watch");
  remove_command->add_option("NAME", options->name, "Name of the watch")->required();
  remove_command->add_flag("--wait", options->wait, "If another newsdex-index is writing, wait for it");
  remove_command->callback(
      [&action, &global, options] { action = [&global, options] { return remove(global, *options); }; });

  CLI::App* run_command = command->add_subcommand("run",
                                                  "Run the watches (or one) over what was indexed since their "
                                                  "last run; exit 3 if a delivery failed");
  run_command->add_option("NAME", options->name, "Only this watch");
  run_command->add_flag("--wait", options->wait, "If another newsdex-index is writing, wait for it");
  run_command->callback([&action, &global, options] { action = [&global, options] { return run(global, *options); }; });
}

}  // namespace newsdex::index::cli
