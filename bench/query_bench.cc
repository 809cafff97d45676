// newsdex-query-bench: latency of the benchmark queries (bench/queries.tsv) on one index, for
// newsdex's Searcher or for a raw Xapian baseline on the same index (plain Enquire, English
// stemming, one ValueCountMatchSpy per facet slot, one thread).
//
//   newsdex-query-bench --db PATH --queries bench/queries.tsv --engine newsdex|raw
//                       --kind top10|facets|date|timeline|trends [--repeat N] [--per-query]
//
// timeline and trends (newsdex only) count each query's articles per day over the whole archive,
// and rank countries for each query over the 24 hours ending at the archive's newest article
// (against the 28 days before).
//
// Prints one line: engine, kind, p50/p95/p99 latency in milliseconds over every query run
// (after one warm-up pass), and the number of runs; --per-query adds each query's median first,
// to see which queries make the tail.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench_queries.h"
#include "newsdex/index_stats.h"
#include "newsdex/schema.h"
#include "newsdex/search.h"
#include "newsdex/trends.h"

namespace {

using newsdex::bench::BenchQuery;
using newsdex::bench::percentile;
using newsdex::bench::read_queries;

// The baseline: what a developer writes with Xapian's documented API and nothing else.
class RawXapian {
 public:
  explicit RawXapian(const std::string& path) : database_(path) {
    parser_.set_database(database_);
    parser_.set_stemmer(Xapian::Stem("en"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
  }

  void run(const BenchQuery& query, const std::string& kind) {
    Xapian::Query parsed =
        parser_.parse_query(query.text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD);
    parsed = filtered(parsed, newsdex::schema::kCountryPrefix, query.countries);
    parsed = filtered(parsed, newsdex::schema::kTopicPrefix, query.topics);
    Xapian::Enquire enquire(database_);
    enquire.set_query(parsed);
    if (kind == "date") enquire.set_sort_by_value_then_relevance(newsdex::schema::kPublishedSlot, true);
    if (kind != "facets") {
      enquire.get_mset(0, 10);
      return;
    }
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    std::vector<Xapian::valueno> slots = {newsdex::schema::kSourceSlot, newsdex::schema::kLanguageSlot,
                                          newsdex::schema::kMonthSlot};
    for (unsigned i = 0; i < newsdex::schema::kMaxFacetCountries; ++i)
      slots.push_back(newsdex::schema::kFirstCountrySlot + i);
    for (unsigned i = 0; i < newsdex::schema::kMaxFacetTopics; ++i)
      slots.push_back(newsdex::schema::kFirstTopicSlot + i);
    for (Xapian::valueno slot : slots) {
      spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
      enquire.add_matchspy(spies.back().get());
    }
    enquire.get_mset(0, 10, database_.get_doccount());
  }

 private:
  static Xapian::Query filtered(const Xapian::Query& query, std::string_view prefix,
                                const std::vector<std::string>& values) {
    if (values.empty()) return query;
    std::vector<Xapian::Query> terms;
    for (const std::string& value : values) terms.emplace_back(newsdex::schema::boolean_term(prefix, value));
    return Xapian::Query(Xapian::Query::OP_FILTER, query,
                         Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  }

  Xapian::Database database_;
  Xapian::QueryParser parser_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string db, queries_path, engine = "newsdex", kind = "top10";
  int repeat = 5;
  bool per_query = false;
  for (int i = 1; i < argc; i += 2) {
    if (std::string(argv[i]) == "--per-query") {
      per_query = true;
      --i;
      continue;
    }
    if (i + 1 == argc) break;
    const std::string option = argv[i], value = argv[i + 1];
    if (option == "--db")
      db = value;
    else if (option == "--queries")
      queries_path = value;
    else if (option == "--engine")
      engine = value;
    else if (option == "--kind")
      kind = value;
    else if (option == "--repeat")
      repeat = std::stoi(value);
  }
  const bool coverage = kind == "timeline" || kind == "trends";
  if (db.empty() || queries_path.empty() || (engine != "newsdex" && engine != "raw") ||
      (kind != "top10" && kind != "facets" && kind != "date" && !coverage) || (coverage && engine == "raw")) {
    std::cerr << "usage: newsdex-query-bench --db PATH --queries FILE --engine newsdex|raw "
                 "--kind top10|facets|date|timeline|trends (newsdex only) [--repeat N]\n";
    return 2;
  }
  const std::optional<newsdex::Timestamp> newest = newsdex::read_index_stats(db).last_published;
  const std::vector<BenchQuery> queries = read_queries(queries_path);
  newsdex::search::Searcher searcher(db);
  RawXapian raw(db);
  auto run = [&](const BenchQuery& query) {
    if (engine == "raw") return raw.run(query, kind);
    newsdex::search::SearchRequest request;
    request.query = query.text;
    request.countries = query.countries;
    request.topics = query.topics;
    request.limit = 10;
    if (kind == "timeline") {
      searcher.timeline({request, newsdex::search::Period::kDay, std::nullopt, 10});
      return;
    }
    if (kind == "trends") {
      newsdex::search::TrendsRequest trends;
      trends.search = request;
      trends.until = newest;
      searcher.trends(trends);
      return;
    }
    if (kind == "facets") {
      request.estimate = false;  // exact totals and counts, like the raw facet baseline
    } else {
      request.estimate = true;  // the raw baseline's get_mset(0, 10) estimates its total too
      request.facets.clear();
    }
    if (kind == "date") request.sort = newsdex::search::SortOrder::kDate;
    searcher.search(request);
  };
  for (const BenchQuery& query : queries) run(query);  // warm-up: caches as a running server has them
  std::vector<double> milliseconds;
  for (int r = 0; r < repeat; ++r) {
    for (const BenchQuery& query : queries) {
      const auto start = std::chrono::steady_clock::now();
      run(query);
      milliseconds.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
  }
  if (per_query) {
    for (size_t q = 0; q < queries.size(); ++q) {
      std::vector<double> runs;
      for (int r = 0; r < repeat; ++r) runs.push_back(milliseconds[r * queries.size() + q]);
      std::printf("%8.2f ms  %s\n", percentile(runs, 0.5), queries[q].text.c_str());
    }
  }
  std::printf("%-8s %-7s p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms  (%zu runs of %zu queries)\n", engine.c_str(),
              kind.c_str(), percentile(milliseconds, 0.50), percentile(milliseconds, 0.95),
              percentile(milliseconds, 0.99), milliseconds.size(), queries.size());
  return 0;
}
