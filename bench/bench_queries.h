// The benchmark queries (bench/queries.tsv) and latency percentiles, shared by the bench
// programs (newsdex-query-bench, newsdex-load).
#pragma once

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

namespace newsdex::bench {

// One line of queries.tsv: the query, then optional --country and --topic values.
struct BenchQuery {
  std::string text;
  std::vector<std::string> countries;
  std::vector<std::string> topics;
};

// `text` cut at each `separator`, empty parts left out.
inline std::vector<std::string> split_list(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(separator, start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The queries of a queries.tsv file (lines starting with '#' are comments).
inline std::vector<BenchQuery> read_queries(const std::string& path) {
  std::vector<BenchQuery> queries;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      fields.push_back(line.substr(start, tab - start));
    }
    fields.push_back(line.substr(start));
    fields.resize(3);
    queries.push_back({fields[0], split_list(fields[1], ','), split_list(fields[2], ',')});
  }
  return queries;
}

// The value below which a share `p` of `values` lies (nearest rank).
inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace newsdex::bench
