// Writes the built-in gazetteer, built from its tables (iso-codes, the aliases, translations,
// cities and dateline regions compiled into this tool), as Gazetteer::compiled() text. The build
// compiles that text into the programs, so that they read their 21,000 names at start-up instead
// of folding and stemming each: a tenth of a second at every start of a tagger or searcher.
//
// Usage: compile_gazetteer OUTPUT
#include <fstream>
#include <iostream>
#include <string_view>

#include "newsdex/error.h"
#include "newsdex/taxonomy.h"

namespace newsdex::embedded {
// This tool is what makes the compiled gazetteer: it has none, so builtin() builds from the tables.
extern const std::string_view kCompiledGazetteer;
const std::string_view kCompiledGazetteer;
}  // namespace newsdex::embedded

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: compile_gazetteer OUTPUT\n";
    return 2;
  }
  try {
    const std::string compiled = newsdex::Gazetteer::builtin().compiled();
    std::ofstream output(argv[1], std::ios::binary);
    output << compiled;
    output.close();
    if (!output) {
      std::cerr << "compile_gazetteer: error: cannot write " << argv[1] << '\n';
      return 1;
    }
  } catch (const newsdex::Error& error) {
    std::cerr << "compile_gazetteer: error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
