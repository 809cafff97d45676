// newsdex-index parse SOURCE [--json]: shows what newsdex reads in a feed; never touches the index.
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/feed_parser.h"
#include "newsdex/fetch.h"

namespace newsdex::index::cli {
namespace {

struct ParseOptions {
  std::string source;
  bool json = false;
};

void print_human(const feeds::Feed& feed) {
  std::cout << feed.title << " (" << feeds::format_name(feed.format) << ", " << feed.encoding;
  if (!feed.language.empty()) std::cout << ", " << feed.language;
  std::cout << ")\n";
  for (const feeds::FeedItem& item : feed.items) {
    std::cout << "- " << (item.title.empty() ? "(untitled)" : item.title);
    if (item.published) std::cout << "  [" << format_rfc3339(*item.published) << "]";
    std::cout << "\n  " << item.id << '\n';
  }
  std::cout << feed.items.size() << " items\n";
  for (const std::string& warning : feed.warnings) std::cerr << "warning: " << warning << '\n';
}

}  // namespace

void add_parse_command(CLI::App& app, GlobalOptions&, Action& action) {
  auto options = std::make_shared<ParseOptions>();
  CLI::App* command = app.add_subcommand("parse", "Parse a feed and print what newsdex reads in it");
  command->add_option("SOURCE", options->source, "File path, '-' for standard input, or http(s) URL")->required();
  command->add_flag("--json", options->json, "Print one JSON object (docs/json.md)");
  command->callback([&action, options] {
    action = [options] {
      const feeds::SourceDocument document = feeds::read_source(options->source);
      feeds::Feed feed;
      try {
        feed = feeds::parse_feed(
            document.bytes, {document.url, document.content_type, std::max(1u, std::thread::hardware_concurrency())});
      } catch (const InputError& error) {
        throw InputError(document.name + ": " + error.what());
      }
      if (options->json) {
        std::cout << to_json(feed).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      } else {
        print_human(feed);
      }
      return 0;
    };
  });
}

}  // namespace newsdex::index::cli
