// How newsdex-search prints results: JSON, JSON Lines, CSV, or a layout for people.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "newsdex/search.h"

namespace newsdex::search::cli {

// Output formats of search results.
enum class OutputFormat { kTerminal, kJson, kJsonLines, kCsv };

// `text` safe to show in a terminal: control characters a stranger's feed may hold (ESC, CSI,
// DEL; everything below U+0020 but tab and newline, and U+0080..U+009F) written out visibly as
// \x1B or \u009B instead of being obeyed. Indexing drops them already; this is the last guard.
std::string for_terminal(std::string_view text);

// Prints a search response in `format`. `colour` applies to the terminal layout only.
void print_response(std::ostream& out, const SearchResponse& response, OutputFormat format, bool colour);

// Prints a response to stdout; the terminal layout goes through a pager when it is taller
// than the terminal.
void print_response_paged(const SearchResponse& response, OutputFormat format);

// Prints one whole article for people.

void print_article(std::ostream& out, const Article& article, bool colour);

}  // namespace newsdex::search::cli
