// How newsdex-search prints results: JSON, JSON Lines, CSV, or a layout for people.
#pragma once

#include <ostream>

#include "newsdex/search.h"

namespace newsdex::search::cli {

// Output formats of search results.
enum class OutputFormat { kTerminal, kJson, kJsonLines, kCsv };

// Prints a search response in `format`. `colour` applies to the terminal layout only.
void print_response(std::ostream& out, const SearchResponse& response, OutputFormat format, bool colour);

// Prints a response to stdout; the terminal layout goes through a pager when it is taller
// than the terminal.
void print_response_paged(const SearchResponse& response, OutputFormat format);

// Prints one whole article for people.

void print_article(std::ostream& out, const Article& article, bool colour);

}  // namespace newsdex::search::cli
