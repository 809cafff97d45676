// newsdex-load: one client program that loads newsdex's HTTP API and Sphinx's searchd alike, so
// that the requests/s of the two engines (issue 25) are measured the same way: CLIENTS threads,
// each with one persistent connection, send the queries of bench/queries.tsv in turn (each
// thread from its own place in the list) for SECONDS, after one warm-up pass.
//
//   newsdex-load --engine newsdex --target http://127.0.0.1:PORT  --queries bench/queries.tsv
//                --kind page|facets|top10 [--clients N] [--seconds S] [--server-pid PID]
//   newsdex-load --engine sphinx  --target 127.0.0.1:PORT --ids WORK/sphinx/ids.json ...
//
// Kinds: page = ten hits with exact totals and all five facets (multi-select: a filtered facet
// is counted without its own filter), facets = ten hits with exact country and topic counts,
// top10 = ten hits alone. newsdex answers with its JSON (hits with snippets); Sphinx with ids
// and counts (SphinxQL FACET), as bench/sphinx_bench.py asks it.
//
// Prints one line: engine, kind, clients, requests/s, p50/p90/p99 latency, errors, and with
// --server-pid the server's CPU time (user + system, from /proc) per request.
#include <httplib.h>
#include <mysql.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_queries.h"

namespace {

using newsdex::bench::BenchQuery;
using newsdex::bench::percentile;
using newsdex::bench::read_queries;

using Clock = std::chrono::steady_clock;

// One engine's connection: asks a query and says whether the answer was a good one.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual bool ask(const BenchQuery& query) = 0;
};

class NewsdexConnection : public Connection {
 public:
  NewsdexConnection(const std::string& base_url, const std::string& kind) : client_(base_url) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(30, 0);
    if (kind == "facets") extra_ = "&facets=country,topic";
    if (kind == "top10") extra_ = "&estimate=1&facets=";
  }

  bool ask(const BenchQuery& query) override {
    httplib::Params params{{"q", query.text}};
    for (const std::string& country : query.countries) params.emplace("country", country);
    for (const std::string& topic : query.topics) params.emplace("topic", topic);
    const auto answer = client_.Get("/search?" + httplib::detail::params_to_query_str(params) + extra_);
    return answer && answer->status == 200 && !answer->body.empty();
  }

 private:
  httplib::Client client_;
  std::string extra_;
};

// SphinxQL over the MySQL protocol, with the statements of bench/sphinx_bench.py.
class SphinxConnection : public Connection {
 public:
  SphinxConnection(const std::string& host, unsigned port, const nlohmann::json& ids, const std::string& kind)
      : ids_(ids), kind_(kind), mysql_(mysql_init(nullptr)) {
    if (mysql_real_connect(mysql_, host.c_str(), "", "", nullptr, port, nullptr, CLIENT_MULTI_RESULTS) == nullptr) {
      throw std::runtime_error(std::string("cannot connect to searchd: ") + mysql_error(mysql_));
    }
  }
  ~SphinxConnection() override { mysql_close(mysql_); }

  bool ask(const BenchQuery& query) override {
    for (const std::string& statement : statements(query)) {
      if (mysql_real_query(mysql_, statement.data(), statement.size()) != 0) return report_error(statement);
      do {  // every result set of a FACET statement
        MYSQL_RES* result = mysql_store_result(mysql_);
        if (result != nullptr) mysql_free_result(result);
      } while (mysql_next_result(mysql_) == 0);
      if (mysql_errno(mysql_) != 0) return report_error(statement);
    }
    return true;
  }

 private:
  static constexpr const char* kFacets[] = {"country", "topic", "source", "lang", "month"};
  // Values a facet may list: above any facet's number of values here; Sphinx's counts are exact.
  static constexpr int kFacetValues = 1000;

  bool report_error(const std::string& statement) {
    if (errors_shown_++ < 3) std::cerr << "searchd: " << mysql_error(mysql_) << " in " << statement << "\n";
    return false;
  }

  std::string match(const std::string& text) const {
    // Sphinx's extended syntax: phrases and bare words as newsdex's; its operators are others.
    std::string escaped;
    for (char c : text) {
      if (c == '\'' || c == '\\') escaped += '\\';
      escaped += c;
    }
    for (const auto& [from, to] : {std::pair<std::string, std::string>{" AND ", " "}, {" OR ", " | "}}) {
      for (size_t at; (at = escaped.find(from)) != std::string::npos;) escaped.replace(at, from.size(), to);
    }
    return "MATCH('" + escaped + "')";
  }

  std::string filter(const char* facet, const std::vector<std::string>& codes) const {
    if (codes.empty()) return {};
    std::string list;
    for (const std::string& code : codes) {
      const auto& known = ids_.at(facet);
      list += (list.empty() ? "" : ",") + std::to_string(known.contains(code) ? known.at(code).get<int>() : 0);
    }
    return std::string(facet) + " IN (" + list + ")";
  }

  std::vector<std::string> statements(const BenchQuery& query) const {
    const std::string country = filter("country", query.countries), topic = filter("topic", query.topics);
    auto where = [&](bool with_country, bool with_topic) {
      std::string clause = match(query.text);
      if (with_country && !country.empty()) clause += " AND " + country;
      if (with_topic && !topic.empty()) clause += " AND " + topic;
      return clause;
    };
    const std::string page = "SELECT id FROM news WHERE " + where(true, true) + " LIMIT 10";
    if (kind_ == "top10") return {page};
    // The page and every facet without a filter of its own in one statement; each filtered
    // facet in one of its own, without its filter (multi-select).
    std::string shared = page;
    std::vector<std::string> sql;
    const size_t facets = kind_ == "facets" ? 2 : 5;
    for (size_t i = 0; i < facets; ++i) {
      const std::string facet = kFacets[i];
      const std::string facet_clause =
          " FACET " + facet + " ORDER BY COUNT(*) DESC LIMIT " + std::to_string(kFacetValues);
      const bool filtered = (facet == "country" && !country.empty()) || (facet == "topic" && !topic.empty());
      if (!filtered) {
        shared += facet_clause;
      } else {
        sql.push_back("SELECT id FROM news WHERE " + where(facet != "country", facet != "topic") + " LIMIT 1" +
                      facet_clause);
      }
    }
    sql.insert(sql.begin(), shared);
    return sql;
  }

  const nlohmann::json& ids_;
  std::string kind_;
  MYSQL* mysql_;
  int errors_shown_ = 0;
};

// The server's CPU time so far (user + system) in seconds, from /proc/PID/stat.
double cpu_seconds(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  std::istringstream fields(content.substr(content.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int number = 3; number <= 15 && fields >> field; ++number) {
    if (number >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

int main(int argc, char** argv) {
  std::string engine, target, queries_path, kind = "page", ids_path;
  int clients = 4, seconds = 20, server_pid = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i], value = argv[i + 1];
    if (option == "--engine")
      engine = value;
    else if (option == "--target")
      target = value;
    else if (option == "--queries")
      queries_path = value;
    else if (option == "--kind")
      kind = value;
    else if (option == "--ids")
      ids_path = value;
    else if (option == "--clients")
      clients = std::stoi(value);
    else if (option == "--seconds")
      seconds = std::stoi(value);
    else if (option == "--server-pid")
      server_pid = std::stoi(value);
  }
  if ((engine != "newsdex" && engine != "sphinx") || target.empty() || queries_path.empty() ||
      (kind != "page" && kind != "facets" && kind != "top10") || (engine == "sphinx" && ids_path.empty()) ||
      clients < 1 || seconds < 1) {
    std::cerr << "usage: newsdex-load --engine newsdex|sphinx --target URL|HOST:PORT --queries FILE "
                 "[--kind page|facets|top10] [--ids ids.json (sphinx)] [--clients N] [--seconds S] "
                 "[--server-pid PID]\n";
    return 2;
  }
  const std::vector<BenchQuery> queries = read_queries(queries_path);
  if (queries.empty()) {
    std::cerr << queries_path << ": no queries\n";
    return 1;
  }
  nlohmann::json ids;
  auto connect = [&]() -> std::unique_ptr<Connection> {
    if (engine == "newsdex") return std::make_unique<NewsdexConnection>(target, kind);
    const size_t colon = target.rfind(':');
    return std::make_unique<SphinxConnection>(target.substr(0, colon),
                                              static_cast<unsigned>(std::stoi(target.substr(colon + 1))), ids, kind);
  };
  mysql_library_init(0, nullptr, nullptr);
  try {
    if (!ids_path.empty()) {
      std::ifstream ids_file(ids_path);
      if (!ids_file) throw std::runtime_error(ids_path + ": cannot read");
      ids = nlohmann::json::parse(ids_file);
    }
    std::vector<std::unique_ptr<Connection>> connections;
    for (int c = 0; c < clients; ++c) connections.push_back(connect());
    for (const BenchQuery& query : queries) connections.front()->ask(query);  // warm-up: caches as in service
    std::atomic<uint64_t> errors = 0;
    std::vector<std::vector<double>> latencies(clients);
    const double cpu_before = server_pid != 0 ? cpu_seconds(server_pid) : 0;
    const Clock::time_point start = Clock::now(), end = start + std::chrono::seconds(seconds);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        for (size_t next = c * queries.size() / clients; Clock::now() < end; ++next) {
          const Clock::time_point asked = Clock::now();
          if (!connections[c]->ask(queries[next % queries.size()])) ++errors;
          latencies[c].push_back(std::chrono::duration<double, std::milli>(Clock::now() - asked).count());
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = server_pid != 0 ? cpu_seconds(server_pid) - cpu_before : 0;
    std::vector<double> all;
    for (const auto& each : latencies) all.insert(all.end(), each.begin(), each.end());
    std::printf("%-8s %-6s %2d clients  requests/s %7.1f  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  errors %llu",
                engine.c_str(), kind.c_str(), clients, static_cast<double>(all.size()) / elapsed, percentile(all, 0.5),
                percentile(all, 0.9), percentile(all, 0.99), static_cast<unsigned long long>(errors.load()));
    if (server_pid != 0) std::printf("  server CPU/request %.2f ms", cpu * 1000 / static_cast<double>(all.size()));
    std::printf("\n");
  } catch (const std::exception& error) {
    std::cerr << "newsdex-load: " << error.what() << "\n";
    return 1;
  }
  mysql_library_end();
  return 0;
}
