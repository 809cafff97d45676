// newsdex-search show ID [--json]: one whole article with its metadata.
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/search.h"
#include "output.h"

namespace newsdex::search::cli {

void add_show_command(CLI::App& app, GlobalOptions& global, Action& action) {
  struct ShowOptions {
    std::string id;
    bool json = false;
  };
  auto options = std::make_shared<ShowOptions>();
  CLI::App* command = app.add_subcommand("show", "Show one whole article");
  command->add_option("ID", options->id, "Article id, as search prints it")->required();
  command->add_flag("--json", options->json, "Print one JSON object (docs/json.md)");
  command->callback([&action, &global, options] {
    action = [&global, options] {
      Searcher searcher = open_searcher(global);
      const std::optional<Article> article = searcher.article(options->id);
      if (!article) throw InputError("no article with id '" + options->id + "'");
      if (options->json) {
        std::cout << article_to_json(*article, searcher.copies(options->id))
                         .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
      } else {
        std::ostringstream text;
        print_article(text, *article, newsdex::cli::stdout_wants_colour());
        newsdex::cli::print_paged(text.str());
      }
      return 0;
    };
  });
}

}  // namespace newsdex::search::cli
