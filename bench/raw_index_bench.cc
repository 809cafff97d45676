// newsdex-raw-index-bench: the raw single-process Xapian baseline of the import benchmark
// (bench/import_throughput.sh). It reads the same JSON Lines archive and does only what a plain
// Xapian indexer does: TermGenerator with positions and English stemming over title and text,
// the text as document data, an id term, add_document, a commit every 20,000 documents. No
// tagging, no story keys, no facets. Words as written and stems (STEM_SOME), or with
// --stems-only stems alone with positions (STEM_ALL_Z), as newsdex's schema 3 indexes them.
//
//   newsdex-raw-index-bench ARCHIVE.jsonl DATABASE [--stems-only]
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  const bool stems_only = argc == 4 && std::string(argv[3]) == "--stems-only";
  if (argc != 3 && !stems_only) {
    std::cerr << "usage: newsdex-raw-index-bench ARCHIVE.jsonl DATABASE [--stems-only]\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  Xapian::WritableDatabase database(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator terms;
  terms.set_stemmer(Xapian::Stem("en"));
  terms.set_stemming_strategy(stems_only ? Xapian::TermGenerator::STEM_ALL_Z : Xapian::TermGenerator::STEM_SOME);
  const auto started = std::chrono::steady_clock::now();
  unsigned long count = 0;
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json record = nlohmann::json::parse(line);
    Xapian::Document document;
    terms.set_document(document);
    const std::string title = record.value("title", ""), text = record.value("text", "");
    terms.index_text(title, 1, "S");
    terms.index_text(title);
    terms.increase_termpos();
    terms.index_text(text);
    document.set_data(text);
    const std::string id = "Q" + record.value("id", std::to_string(count));
    document.add_boolean_term(id);
    database.replace_document(id, document);
    if (++count % 20000 == 0) database.commit();
  }
  database.commit();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("raw xapian: %lu articles in %.1f s, %.0f articles/s\n", count, seconds, count / seconds);
  return 0;
}
