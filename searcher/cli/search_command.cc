// newsdex-search [search] QUERY...: ranked hits with snippets and facets.
#include <filesystem>
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/atom.h"
#include "newsdex/error.h"
#include "newsdex/search.h"
#include "output.h"

namespace newsdex::search::cli {
namespace {

struct SearchCommandOptions {
  std::vector<std::string> words;
  SearchRequest request;
  std::string since;
  std::string until;
  std::string sort = "relevance";
  std::string facets;
  bool no_collapse = false;
  bool json = false;
  bool jsonl = false;
  bool csv = false;
  bool atom = false;
  bool limit_given = false;
  bool as_typed = false;
};

constexpr std::string_view kValueOptions[] = {"--db",    "--country", "--topic",  "--source",
                                              "--lang",  "--since",   "--until",  "--sort",
                                              "--limit", "--offset",  "--facets", "--facet-limit"};

std::string join_words(const std::vector<std::string>& words) {
  std::string query;
  for (const std::string& word : words) query += (query.empty() ? "" : " ") + word;
  return query;
}

int run_search(const GlobalOptions& global, SearchCommandOptions& options) {
  SearchRequest& request = options.request;
  request.query = join_words(options.words);
  request.set_time_bounds(options.since, options.until);
  request.sort = sort_from_name(options.sort);
  if (!options.facets.empty()) request.facets = facets_from_list(options.facets);
  request.collapse = !options.no_collapse;
  request.show_corrected = !options.as_typed;

  OutputFormat format = OutputFormat::kTerminal;
  if (options.json) format = OutputFormat::kJson;
  if (options.jsonl) format = OutputFormat::kJsonLines;
  if (options.csv) format = OutputFormat::kCsv;

  Searcher searcher = open_searcher(global);
  if (options.atom) {
    make_feed_request(request, options.limit_given);
    const SearchResponse response = searcher.search(request);
    std::cout << to_atom(request, response, searcher.last_indexed());
    return kExitOk;  // an empty feed is a valid answer: nothing new yet
  }
  const SearchResponse response = searcher.search(request);
  print_response_paged(response, format);
  return response.total == 0 ? kExitNoMatch : kExitOk;
}

}  // namespace

Searcher open_searcher(const GlobalOptions& global) {
  std::error_code error;
  if (!std::filesystem::exists(global.database, error)) {
    throw RuntimeFailure(global.database +
                         ": no index here (make one with newsdex-index add, crawl or import; or choose another with "
                         "--db PATH or NEWSDEX_DB)");
  }
  return Searcher(global.database);
}

bool search_option_takes_value(std::string_view option) {
  for (auto name : kValueOptions) {
    if (option == name) return true;
  }
  return false;
}

void add_search_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<SearchCommandOptions>();
  SearchRequest& request = options->request;
  CLI::App* command = app.add_subcommand("search", "Search the index (the default command)");
  command->add_option("QUERY", options->words,
                      "Words, \"phrases\", AND/OR/NOT, field:value (title, author, country, mentions, topic, "
                      "source, lang, month), date:2022-09-01..2022-09-30");
  command
      ->add_option("--country", request.countries,
                   "Only articles about these countries (ISO code or name; repeat for OR)")
      ->allow_extra_args(false);
  command->add_option("--topic", request.topics, "Only these IPTC topics (repeat for OR)")->allow_extra_args(false);
  command->add_option("--source", request.sources, "Only these sources (repeat for OR)")->allow_extra_args(false);
  command->add_option("--lang", request.languages, "Only these languages (ISO 639-1; repeat for OR)")
      ->allow_extra_args(false);
  command->add_option("--since", options->since,
                      "Published at or after: 2022-09-20, an RFC 3339 time, or 12h, 7d, 2w, 3mo, 1y ago");
  command->add_option("--until", options->until, "Published at or before (same forms as --since)");
  command
      ->add_option("--sort", options->sort,
                   "relevance (default), date (newest first) or recent (relevance with a boost for recent news)")
      ->check(CLI::IsMember({"relevance", "date", "recent"}));
  auto* limit = command->add_option("--limit", request.limit, "Hits per page (default 10; 50 in an --atom feed)")
                    ->check(CLI::Range(0u, 10000u));
  command->add_option("--offset", request.offset, "Hits to skip (default 0)")->check(CLI::Range(0u, 100000000u));
  command->add_option("--facets", options->facets,
                      "Facets to count, comma-separated (default: country,topic,source,language,month)");
  command->add_option("--facet-limit", request.facet_limit,
                      "Values per facet (default: all; 10 in the terminal layout)");
  command->add_flag("--no-collapse", options->no_collapse, "List every copy of a story instead of one hit per story");
  command->add_flag("--as-typed", options->as_typed,
                    "Search for the query as typed, even when it finds nothing and its spelling correction would");
  command->add_flag("--estimate", request.estimate,
                    "Estimate the total instead of counting exactly (faster on large indexes)");
  auto* json = command->add_flag("--json", options->json, "Print one JSON object (docs/json.md)");
  auto* jsonl = command->add_flag("--jsonl", options->jsonl, "Print one JSON hit object a line");
  auto* csv = command->add_flag("--csv", options->csv, "Print a CSV header and one row a hit");
  auto* atom = command->add_flag("--atom", options->atom,
                                 "Print an Atom feed of the newest matching stories (for feed readers)");
  json->excludes(jsonl)->excludes(csv)->excludes(atom);
  jsonl->excludes(csv)->excludes(atom);
  csv->excludes(atom);
  command->callback([&action, &global, options, limit] {
    options->limit_given = limit->count() > 0;
    action = [&global, options] { return run_search(global, *options); };
  });
}

}  // namespace newsdex::search::cli
