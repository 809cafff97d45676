// newsdex-search similar ID: articles like one article, found by relevance feedback.
#include <iostream>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/search.h"
#include "output.h"

namespace newsdex::search::cli {

void add_similar_command(CLI::App& app, GlobalOptions& global, Action& action) {
  struct SimilarOptions {
    std::string id;
    SearchRequest request;
    bool json = false;
    bool jsonl = false;
    bool csv = false;
  };
  auto options = std::make_shared<SimilarOptions>();
  CLI::App* command = app.add_subcommand("similar", "Find articles like one article");
  command->add_option("ID", options->id, "Article id, as search prints it")->required();
  command->add_option("--limit", options->request.limit, "Hits per page (default 10)")->check(CLI::Range(0u, 10000u));
  command->add_option("--offset", options->request.offset, "Hits to skip (default 0)")
      ->check(CLI::Range(0u, 100000000u));
  auto* json = command->add_flag("--json", options->json, "Print one JSON object, as search --json (docs/json.md)");
  auto* jsonl = command->add_flag("--jsonl", options->jsonl, "Print one JSON hit object a line");
  auto* csv = command->add_flag("--csv", options->csv, "Print a CSV header and one row a hit");
  json->excludes(jsonl)->excludes(csv);
  jsonl->excludes(csv);
  command->callback([&action, &global, options] {
    action = [&global, options] {
      Searcher searcher = open_searcher(global);
      options->request.query = options->id;
      const std::optional<SearchResponse> response = searcher.similar(options->id, options->request);
      if (!response) throw InputError("no article with id '" + options->id + "'");
      const OutputFormat format = options->json    ? OutputFormat::kJson
                                  : options->jsonl ? OutputFormat::kJsonLines
                                  : options->csv   ? OutputFormat::kCsv
                                                   : OutputFormat::kTerminal;
      print_response_paged(*response, format);
      return response->total == 0 ? kExitNoMatch : kExitOk;
    };
  });
}

}  // namespace newsdex::search::cli
