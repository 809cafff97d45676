// newsdex-search values FACET: every country, topic, source, language or month of the index,
// with its name and article count (what the filters accept, and how much each holds).
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/search.h"
#include "output.h"

namespace newsdex::search::cli {
namespace {

// Columns a UTF-8 string takes in a terminal, one a character (names here are Latin letters).
size_t columns(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

void add_values_command(CLI::App& app, GlobalOptions& global, Action& action) {
  struct ValuesOptions {
    std::string facet;
    bool json = false;
  };
  auto options = std::make_shared<ValuesOptions>();
  CLI::App* command = app.add_subcommand("values", "List every value of a facet with its name and article count");
  command->add_option("FACET", options->facet, "country, topic, source, language or month")
      ->required()
      ->check(CLI::IsMember({"country", "topic", "source", "language", "month"}));
  command->add_flag("--json", options->json, "Print one JSON object (docs/json.md)");
  command->callback([&action, &global, options] {
    action = [&global, options] {
      Searcher searcher = open_searcher(global);
      const FacetResult values = searcher.values(*facet_from_name(options->facet));
      if (options->json) {
        std::cout << to_json(values).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return kExitOk;
      }
      size_t value_width = 0, label_width = 0;
      for (const FacetCount& count : values.counts) {
        value_width = std::max(value_width, columns(count.value));
        label_width = std::max(label_width, columns(count.label));
      }
      for (const FacetCount& count : values.counts) {
        std::cout << for_terminal(count.value) << std::string(value_width - columns(count.value) + 2, ' ');
        if (label_width > 0) {
          std::cout << for_terminal(count.label) << std::string(label_width - columns(count.label) + 2, ' ');
        }
        std::cout << count.count << '\n';
      }
      return kExitOk;
    };
  });
}

}  // namespace newsdex::search::cli
