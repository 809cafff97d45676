// newsdex-search timeline and trends: coverage over time, and what is surging.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/search.h"
#include "newsdex/trends.h"
#include "output.h"

namespace newsdex::search::cli {
namespace {

// The filters timeline and trends share with search.
struct FilterOptions {
  std::vector<std::string> words;
  std::vector<std::string> countries, topics, sources, languages;
  bool json = false;

  void add_to(CLI::App& command) {
    command.add_option("--country", countries, "Only articles about these countries (repeat for OR)")
        ->allow_extra_args(false);
    command.add_option("--topic", topics, "Only these IPTC topics (repeat for OR)")->allow_extra_args(false);
    command.add_option("--source", sources, "Only these sources (repeat for OR)")->allow_extra_args(false);
    command.add_option("--lang", languages, "Only these languages (repeat for OR)")->allow_extra_args(false);
    command.add_flag("--json", json, "Print one JSON object (docs/json.md)");
  }

  SearchRequest request() const {
    SearchRequest request;
    for (const std::string& word : words) request.query += (request.query.empty() ? "" : " ") + word;
    request.countries = countries;
    request.topics = topics;
    request.sources = sources;
    request.languages = languages;
    return request;
  }
};

// Eight heights of a block: a series at a glance, in any terminal with Unicode. Longer series
// are summed into at most `width` cells, the last cell ending with the series.
std::string sparkline(const std::vector<PeriodCount>& series, size_t width = 40) {
  static const char* const kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const size_t per_cell = std::max<size_t>(1, (series.size() + width - 1) / width);
  std::vector<uint64_t> cells;
  for (size_t end = series.size(); end > 0;) {
    const size_t begin = end > per_cell ? end - per_cell : 0;
    uint64_t sum = 0;
    for (size_t i = begin; i < end; ++i) sum += series[i].count;
    cells.insert(cells.begin(), sum);
    end = begin;
  }
  const uint64_t most = cells.empty() ? 0 : *std::max_element(cells.begin(), cells.end());
  std::string line;
  for (uint64_t cell : cells) line += cell == 0 ? " " : kBlocks[cell * 7 / most];
  return line;
}

std::string bar(uint64_t count, uint64_t most, unsigned width) {
  std::string line;
  const uint64_t length = most == 0 ? 0 : (count * width + most - 1) / most;
  for (uint64_t i = 0; i < length; ++i) line += "█";
  return line;
}

struct TimelineOptions : FilterOptions {
  std::string since, until, by = "day", split;
};

int run_timeline(const GlobalOptions& global, const TimelineOptions& options) {
  TimelineRequest request;
  request.search = options.request();
  request.search.set_time_bounds(options.since, options.until);
  request.by = period_from_name(options.by);
  if (!options.split.empty()) {
    if (options.split != "country" && options.split != "topic") {
      throw InputError("--split: a timeline splits by country or topic, not '" + options.split + "'");
    }
    request.split = facet_from_name(options.split);
  }
  Searcher searcher = open_searcher(global);
  const TimelineResponse response = searcher.timeline(request);
  if (options.json) {
    std::cout << to_json(response).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    uint64_t most = 0;
    for (const PeriodCount& period : response.periods) most = std::max(most, period.count);
    for (const PeriodCount& period : response.periods) {
      std::printf("%-10s %8llu %s\n", period.period.c_str(), static_cast<unsigned long long>(period.count),
                  bar(period.count, most, 50).c_str());
    }
    for (const auto& [value, periods] : response.split_values) {
      uint64_t total = 0;
      for (const PeriodCount& period : periods) total += period.count;
      std::printf("%-28s %8llu %s\n", for_terminal(value).c_str(), static_cast<unsigned long long>(total),
                  sparkline(periods).c_str());
    }
    std::printf("%llu articles\n", static_cast<unsigned long long>(response.total));
  }
  return response.total == 0 ? kExitNoMatch : kExitOk;
}

struct TrendsOptions : FilterOptions {
  std::string by = "country", window = "24h", baseline = "28d", until;
  unsigned limit = 20, min_sources = 3;
  uint64_t min_count = 5;
};

int run_trends(const GlobalOptions& global, const TrendsOptions& options) {
  TrendsRequest request;
  request.search = options.request();
  request.by = trend_dimension_from_name(options.by);
  request.set_spans(options.window, options.baseline);
  if (!options.until.empty()) request.until = parse_time_bound(options.until, now_utc(), RangeEnd::kUpper);
  request.limit = options.limit;
  request.min_count = options.min_count;
  request.min_sources = options.min_sources;
  Searcher searcher = open_searcher(global);
  const TrendsResponse response = searcher.trends(request);
  if (options.json) {
    std::cout << to_json(response).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return kExitOk;
  }
  if (response.trends.empty()) {
    std::cout << "nothing rose in the last " << response.window << " against the " << response.baseline << " before\n";
    return kExitOk;
  }
  std::printf("   %-32s %7s %7s %9s %7s  per day over %s + %s\n", response.by.c_str(), "count", "sources", "expected",
              "score", response.baseline.c_str(), response.window.c_str());
  int rank = 0;
  for (const TrendRow& row : response.trends) {
    std::printf("%2d %-32s %7llu %7u %9.1f %7.2f  %s\n", ++rank, for_terminal(row.value).c_str(),
                static_cast<unsigned long long>(row.count), row.sources, row.baseline_rate, row.score,
                sparkline(row.series).c_str());
  }
  return kExitOk;
}

}  // namespace

void add_timeline_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<TimelineOptions>();
  CLI::App* command =
      app.add_subcommand("timeline", "Articles per day, week or month for a search (coverage over time)");
  command->add_option("QUERY", options->words, "What to count (the query language of search)");
  command->add_option("--by", options->by, "day (default), week or month")
      ->check(CLI::IsMember({"day", "week", "month"}));
  command->add_option("--split", options->split, "Also count per country or topic (the 10 most frequent)");
  command->add_option("--since", options->since, "From: 2022-09-20, an RFC 3339 time, or 12h, 7d, 2w, 3mo, 1y ago");
  command->add_option("--until", options->until, "To (same forms as --since)");
  options->add_to(*command);
  command->callback(
      [&action, &global, options] { action = [&global, options] { return run_timeline(global, *options); }; });
}

void add_trends_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<TrendsOptions>();
  CLI::App* command = app.add_subcommand("trends", "What rose most in the last window against its usual rate");
  command->add_option("QUERY", options->words, "Only articles matching this (default: all)");
  command->add_option("--by", options->by, "country (default), topic, source or term")
      ->check(CLI::IsMember({"country", "topic", "source", "term"}));
  command->add_option("--window", options->window, "The recent span compared (default 24h)");
  command->add_option("--baseline", options->baseline, "The span before it that sets the usual rate (default 28d)");
  command->add_option("--until", options->until, "End of the window (default: now): a date or RFC 3339 time");
  command->add_option("--limit", options->limit, "Rows (default 20)")->check(CLI::Range(1u, 1000u));
  command->add_option("--min-count", options->min_count, "Fewest window articles a row needs (default 5)");
  command->add_option("--min-sources", options->min_sources, "Fewest distinct window sources a row needs (default 3)");
  options->add_to(*command);
  command->callback(
      [&action, &global, options] { action = [&global, options] { return run_trends(global, *options); }; });
}

}  // namespace newsdex::search::cli
