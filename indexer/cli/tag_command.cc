// newsdex-index tag [--json | --jsonl]: tags text from standard input without touching the index.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <simdjson.h>
#include <sstream>
#include <string>
#include <vector>

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

// One line of tag --jsonl's input.
struct TagInput {
  std::string id;
  std::string title;
  std::string text;
  std::string language;                 // as the article declares it, if it does
  std::vector<std::string> categories;  // the item's sections
};

// Reads one {"id", "title", "text", "language", "categories"} object. Throws InputError, or simdjson's error,
// when the line is not one. simdjson's on-demand parser reads these fields only: nlohmann's
// built a tree of every article, a tenth of the time tagging it took.
TagInput read_tag_input(simdjson::ondemand::parser& parser, const std::string& line) {
  const simdjson::padded_string padded(line);
  simdjson::ondemand::document document = parser.iterate(padded);
  simdjson::ondemand::object object;
  if (const auto error = document.get_object().get(object); error == simdjson::INCORRECT_TYPE) {
    throw InputError("not a JSON object");
  } else if (error != simdjson::SUCCESS) {
    throw InputError(std::string("not JSON: ") + simdjson::error_message(error));
  }
  auto string_of = [](simdjson::ondemand::value value, std::string_view key) {
    if (value.is_null()) return std::string();
    std::string_view string;
    if (value.get_string().get(string) != simdjson::SUCCESS) {
      throw InputError("\"" + std::string(key) + "\" is not a string");
    }
    return sanitize_utf8(std::string(string));
  };
  TagInput input;
  for (auto field : object) {
    const std::string_view key = field.unescaped_key();
    simdjson::ondemand::value value = field.value();
    if (key == "id") {
      input.id = string_of(value, key);
    } else if (key == "title") {
      input.title = string_of(value, key);
    } else if (key == "text") {
      input.text = string_of(value, key);
    } else if (key == "language") {
      input.language = string_of(value, key);
    } else if (key == "categories" && !value.is_null()) {
      simdjson::ondemand::array categories;
      if (value.get_array().get(categories) != simdjson::SUCCESS) {
        throw InputError("\"categories\" is not an array of strings");
      }
      input.categories.clear();
      for (auto category : categories) {
        std::string_view name;
        if (category.get_string().get(name) != simdjson::SUCCESS) {
          throw InputError("\"categories\" is not an array of strings");
        }
        input.categories.push_back(sanitize_utf8(std::string(name)));
      }
    }
  }
  if (const char* more = nullptr; document.current_location().get(more) == simdjson::SUCCESS) {
    throw InputError("more after the JSON object");
  }
  return input;
}

// JSON Lines: one {"id", "title", "text"} a line in (and optionally "language", the article's
// declared language, which wins over --lang, and "categories", the item's sections), one tag
// object a line out, in order.
int tag_lines(const Tagger& tagger, const TagOptions& options) {
  // Batches of thousands of lines: C++ streams without the per-character locking of stdio.
  std::ios::sync_with_stdio(false);
  simdjson::ondemand::parser parser;
  std::string line;
  size_t line_number = 0;
  int exit_code = kExitOk;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a byte order mark
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const TagInput input = read_tag_input(parser, line);
      TagHints hints;
      hints.language = input.language.empty() ? options.language : input.language;
      hints.categories = input.categories;
      const Tags tags = tagger.tag(input.title, input.text, hints, options.explain);
      std::cout << to_json(tags, input.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
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
