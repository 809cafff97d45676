// newsdex-index extract FILE|URL [--url URL] [--json]: shows what newsdex reads from one article
// page; never touches the index.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "newsdex/article_page.h"
#include "newsdex/error.h"
#include "newsdex/fetch.h"
#include "newsdex/tagger.h"

namespace newsdex::index::cli {
namespace {

struct ExtractOptions {
  std::string source;
  std::string url;
  double max_page_megabytes = 5;
  bool json = false;
};

void print_human(const feeds::ArticlePage& page) {
  std::cout << (page.title.empty() ? "(untitled)" : page.title) << '\n';
  auto line = [](const char* label, const std::string& value) {
    if (!value.empty()) std::cout << label << ": " << value << '\n';
  };
  line("URL", page.canonical_url.empty() ? page.url : page.canonical_url);
  if (page.published) line("Published", format_rfc3339(*page.published));
  if (page.modified) line("Modified", format_rfc3339(*page.modified));
  std::string authors;
  for (const std::string& author : page.authors) authors += (authors.empty() ? "" : ", ") + author;
  line("Authors", authors);
  line("Section", page.section);
  line("Language", page.language);
  line("Image", page.image);
  std::cout << '\n' << page.text << '\n';
}

int extract(const ExtractOptions& options) {
  feeds::FetchOptions fetch_options;
  feeds::PageOptions page_options;
  page_options.max_bytes = static_cast<std::size_t>(options.max_page_megabytes * (1 << 20));
  fetch_options.max_body_bytes = fetch_options.max_file_bytes = page_options.max_bytes;
  const feeds::SourceDocument document = feeds::read_source(options.source, fetch_options);
  const std::string url = !options.url.empty() ? options.url : document.url;
  feeds::ArticlePage page;
  try {
    page = feeds::read_article_page(document.bytes, document.content_type, url, page_options);
  } catch (const InputError& error) {
    throw InputError(document.name + ": " + error.what());
  }
  if (page.language.empty()) page.language = text_language(page.text);
  if (page.text.empty()) throw InputError(document.name + ": no article text found in the page");
  if (options.json) {
    std::cout << to_json(page).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    print_human(page);
    for (const std::string& warning : page.warnings) std::cerr << "warning: " << warning << '\n';
  }
  return 0;
}

}  // namespace

void add_extract_command(CLI::App& app, GlobalOptions&, Action& action) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* command =
      app.add_subcommand("extract", "Read an article's web page and print its text and facts; never touches the index");
  command->add_option("SOURCE", options->source, "File path, '-' for standard input, or http(s) URL")->required();
  command->add_option("--url", options->url, "The page's original address, for resolving relative links");
  command->add_option("--max-page-size", options->max_page_megabytes, "Largest page read, in MB (default 5)")
      ->check(CLI::Range(0.001, 1024.0));
  command->add_flag("--json", options->json, "Print one JSON object (docs/json.md)");
  command->callback([&action, options] { action = [options] { return extract(*options); }; });
}

}  // namespace newsdex::index::cli
