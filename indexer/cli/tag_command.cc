// newsdex-index tag [--json | --jsonl]: tags text from standard input without touching the index.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/tagger.h"
#include "newsdex/text.h"

namespace newsdex::index::cli {
namespace {

struct TagOptions {
  bool json = false;
  bool jsonl = false;
  bool explain = false;
  std::string language;
  std::string topic_model;
};

void print_human(const Tags& tags) {
  std::cout << "language:  " << (tags.language.empty() ? "-" : tags.language) << "\ncountries:";
  for (const auto& country : tags.countries) std::cout << ' ' << country.code << " (" << country.score << ')';
  std::cout << "\nmentioned:";
  for (const auto& code : tags.mentioned) std::cout << ' ' << code;
  std::cout << "\ntopics:   ";
  for (const auto& topic : tags.topics) std::cout << ' ' << topic.code << " (" << topic.score << ')';
  std::cout << '\n';
  for (const TopicReason& reason : tags.reasons) {
    std::cout << "  " << reason.slug << ": ";
    if (reason.source == "section") std::cout << "the publisher's section";
    if (reason.source == "feed") std::cout << "the feed's configuration";
    if (reason.source == "words") std::cout << "the words";
    const char* separator = " ";
    for (const auto& [word, weight] : reason.words) {
      std::cout << separator << '"' << word << '"';
      if (reason.source == "words") std::cout << " (" << weight << ')';
      separator = ", ";
    }
    std::cout << '\n';
  }
}

// JSON Lines: one {"id", "title", "text"} a line in (and optionally "categories", the item's
// sections), one tag object a line out, in order.
int tag_lines(const Tagger& tagger, const TagOptions& options) {
  // Batches of thousands of lines: C++ streams without the per-character locking of stdio.
  std::ios::sync_with_stdio(false);
  std::string line;
  size_t line_number = 0;
  int exit_code = kExitOk;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const auto input = nlohmann::json::parse(line);
      auto field = [&](const char* key) {
        auto it = input.find(key);
        if (it == input.end() || it->is_null()) return std::string();
        if (!it->is_string()) throw InputError(std::string("\"") + key + "\" is not a string");
        return it->get<std::string>();
      };
      if (!input.is_object()) throw InputError("not a JSON object");
      TagHints hints;
      hints.language = options.language;
      if (auto categories = input.find("categories"); categories != input.end() && !categories->is_null()) {
        if (!categories->is_array()) throw InputError("\"categories\" is not an array of strings");
        for (const auto& category : *categories) {
          if (!category.is_string()) throw InputError("\"categories\" is not an array of strings");
          hints.categories.push_back(sanitize_utf8(category.get<std::string>()));
        }
      }
      const Tags tags = tagger.tag(sanitize_utf8(field("title")), sanitize_utf8(field("text")), hints, options.explain);
      std::cout << to_json(tags, field("id")).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } catch (const std::exception& error) {
      std::cerr << "newsdex-index: error: standard input, line " << line_number << ": " << error.what() << '\n';
      exit_code = kExitBadInput;
    }
  }
  return exit_code;
}

}  // namespace

void add_tag_command(CLI::App& app, GlobalOptions&, Action& action) {
  auto options = std::make_shared<TagOptions>();
  CLI::App* command = app.add_subcommand("tag", "Tag text from standard input with its countries and topics");
  auto* json = command->add_flag("--json", options->json, "Read one text, print one JSON object");
  command->add_flag("--jsonl", options->jsonl, "Read JSON Lines {\"id\", \"title\", \"text\"}, print one object a line")
      ->excludes(json);
  command->add_option("--lang", options->language, "Language of the text, if known (ISO 639-1)");
  command->add_flag("--explain", options->explain,
                    "Say why each topic was chosen: the words that weighed most for it (\"why\" in JSON)");
  command
      ->add_option("--topic-model", options->topic_model,
                   "Use this topic model instead of the built-in one (for cross-validation)")
      ->check(CLI::ExistingFile);
  command->callback([&action, options] {
    action = [options] {
      std::unique_ptr<const Tagger> chosen;
      if (options->topic_model.empty()) {
        chosen = std::make_unique<const Tagger>();
      } else {
        std::ifstream file(options->topic_model);
        std::ostringstream model;
        model << file.rdbuf();
        chosen = std::make_unique<const Tagger>(model.str());
      }
      const Tagger& tagger = *chosen;
      if (options->jsonl) return tag_lines(tagger, *options);
      const std::string text =
          sanitize_utf8(std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()));
      TagHints hints;
      hints.language = options->language;
      const Tags tags = tagger.tag("", text, hints, options->explain);
      if (options->json) {
        std::cout << to_json(tags, "-").dump(2) << '\n';
      } else {
        print_human(tags);
      }
      return 0;
    };
  });
}

}  // namespace newsdex::index::cli
