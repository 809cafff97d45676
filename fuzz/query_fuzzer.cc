// libFuzzer target: any bytes as a search: the first line the query (with its field:value
// filters and date: ranges), the next lines the sort order, country, topic, since and until, as
// the command line and the HTTP API pass them. Run on a small real index: each search answers or
// throws InputError (or TimeLimitExceeded), and the hits of an answer are never more than its total.
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "newsdex/error.h"
#include "newsdex/indexer.h"
#include "newsdex/search.h"

namespace {

std::string index_path;

newsdex::Article article(const std::string& id, const std::string& title, const std::string& text, const char* country,
                         const char* topic, int day) {
  newsdex::Article made;
  made.id = id;
  made.title = title;
  made.text = text;
  made.source = "Fuzz Desk";
  made.language = "en";
  made.published = newsdex::Timestamp(std::chrono::seconds(1'700'000'000 + day * 86'400));
  made.countries = {{country, 1.0}};
  made.topics = {{topic, 1.0}};
  return made;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  index_path = (std::filesystem::temp_directory_path() / ("newsdex-query-fuzz-" + std::to_string(getpid()))).string();
  std::filesystem::remove_all(index_path);
  newsdex::index::Indexer indexer(index_path);
  indexer.add(article("a", "Azerbaijan and Türkiye sign space deal", "Baku and Ankara agreed on satellites.", "AZ",
                      "science-technology", 0));
  indexer.add(article("b", "Gas prices fall in Germany", "Gas and power prices fell in Berlin.", "DE",
                      "economy-business-finance", 3));
  indexer.add(article("c", "Election in Kenya", "Voters in Nairobi elect a president.", "KE", "politics", 9));
  indexer.commit();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  std::string query, sort, country, topic, since, until;
  std::getline(lines, query);
  std::getline(lines, sort);
  std::getline(lines, country);
  std::getline(lines, topic);
  std::getline(lines, since);
  std::getline(lines, until);
  static newsdex::search::Searcher searcher(index_path);
  try {
    newsdex::search::SearchRequest request;
    request.query = query;
    if (!sort.empty()) request.sort = newsdex::search::sort_from_name(sort);
    if (!country.empty()) request.countries = {country};
    if (!topic.empty()) request.topics = {topic};
    request.set_time_bounds(since, until);
    request.time_limit_seconds = 5;
    const newsdex::search::SearchResponse response = searcher.search(request);
    if (response.hits.size() > response.total) std::abort();
  } catch (const newsdex::InputError&) {
  } catch (const newsdex::search::TimeLimitExceeded&) {
  }
  return 0;
}
