// newsdex-index-tags: the countries, topics and language of every article of an index, as
// `newsdex-index tag --jsonl` writes them, with the article's id: what the benchmark's peers
// (bench/sphinx_bench.py, bench/fts5_bench.py) are given, so that their facets count exactly the
// tags newsdex's index holds (tagging the text again would differ where the indexer knew more,
// such as a feed's categories).
//
//   newsdex-index-tags --db PATH > tags.jsonl
#include <xapian.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "newsdex/schema.h"

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "--db") {
    std::cerr << "usage: newsdex-index-tags --db PATH > tags.jsonl\n";
    return 2;
  }
  try {
    const Xapian::Database database(argv[2]);
    for (auto docid = database.postlist_begin(""); docid != database.postlist_end(""); ++docid) {
      const newsdex::Article article = newsdex::schema::decode_document_data(database.get_document(*docid).get_data());
      nlohmann::ordered_json line = {{"id", article.id}, {"language", article.language}};
      line["countries"] = nlohmann::json::array();
      for (const auto& country : article.countries) line["countries"].push_back({{"code", country.code}});
      line["topics"] = nlohmann::json::array();
      for (const auto& topic : article.topics) line["topics"].push_back({{"slug", topic.code}});
      std::cout << line.dump() << '\n';
    }
  } catch (const Xapian::Error& error) {
    std::cerr << "newsdex-index-tags: " << argv[2] << ": " << error.get_description() << "\n";
    return 1;
  }
  return 0;
}
