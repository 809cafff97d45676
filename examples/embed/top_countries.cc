// top-countries INDEX QUERY...: the best hits for a query and the countries its matches are
// about, through newsdex's C++ library.
#include <newsdex/search.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: top-countries INDEX QUERY...\n";
    return 2;
  }
  newsdex::search::SearchRequest request;
  for (int i = 2; i < argc; ++i) request.query += std::string(i > 2 ? " " : "") + argv[i];
  request.limit = 3;
  request.facets = {newsdex::search::Facet::kCountry};
  try {
    newsdex::search::Searcher searcher(argv[1]);
    const newsdex::search::SearchResponse response = searcher.search(request);
    std::cout << response.total << " articles\n";
    for (const auto& hit : response.hits) std::cout << "  " << hit.article.title << '\n';
    for (const auto& count : response.facets.at(0).counts) std::cout << count.value << ' ' << count.count << '\n';
    return response.total == 0 ? 1 : 0;
  } catch (const newsdex::InputError& error) {  // a bad query
    std::cerr << "top-countries: " << error.what() << '\n';
    return 2;
  } catch (const newsdex::Error& error) {  // a RuntimeFailure: no index, an unreadable one
    std::cerr << "top-countries: " << error.what() << '\n';
    return 3;
  }
}
