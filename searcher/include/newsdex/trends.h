// Coverage over time: exact article counts per period for any search (timelines), and what rose
// most in a recent window against its own usual rate (trends). Both count articles, every copy,
// by their published time in UTC; undated articles are left out. Searcher::timeline and
// Searcher::trends (newsdex/search.h) answer these requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/search.h"

namespace newsdex::search {

// The periods of a timeline.
enum class Period {
  kDay,    // "2022-09-20"
  kWeek,   // named by its Monday: "2022-09-19"
  kMonth,  // "2022-09"
};

// "day", "week" or "month". Throws InputError naming the value for anything else.
Period period_from_name(std::string_view name);
std::string_view period_name(Period period);

// A timeline: the articles a search matches, counted per period.
struct TimelineRequest {
  SearchRequest search;  // query and filters; since/until also bound the periods listed
  Period by = Period::kDay;
  std::optional<Facet> split;  // kCountry or kTopic: one timeline per value as well
  unsigned split_limit = 10;   // the values split out: the most frequent among the matches
};

// The count of one period.
struct PeriodCount {
  std::string period;
  uint64_t count = 0;
};

// The answer to a TimelineRequest. Periods run in date order from the first with an article (or
// the request's `since`) to the last (or its `until`), empty ones included.
struct TimelineResponse {
  std::string query;
  Period by = Period::kDay;
  uint64_t total = 0;  // dated matching articles
  std::vector<PeriodCount> periods;
  bool split = false;  // whether split_values holds anything asked for
  std::vector<std::pair<std::string, std::vector<PeriodCount>>> split_values;  // most frequent first
};

// What trends rank.
enum class TrendDimension { kCountry, kTopic, kSource, kTerm };

// "country", "topic", "source" or "term". Throws InputError naming the value otherwise.
TrendDimension trend_dimension_from_name(std::string_view name);
std::string_view trend_dimension_name(TrendDimension dimension);

// Trends: values (countries, topics, sources, or words) whose coverage in the window rose most
// against their own rate over the baseline before it.
//
// The statistic, per value: `count` is its articles in the window and `baseline_rate` its
// baseline articles scaled to the window's length. Each source's window articles count at most
// `source_excess` more than that source's own scaled baseline for the value, so one feed
// flooding a value cannot make a trend (`capped` below). score = ln((capped + 1) / (baseline_rate
// + 1)) * sqrt(capped): the smoothed log lift, weighted by support. Values with fewer than
// `min_count` window articles or `min_sources` distinct window sources are left out, as are
// scores not above 0.
struct TrendsRequest {
  SearchRequest search;  // optional query and filters; its since/until are not used
  TrendDimension by = TrendDimension::kCountry;
  std::string window_name = "24h";  // as the user wrote them, for the answer
  std::string baseline_name = "28d";
  std::chrono::seconds window = std::chrono::hours(24);
  std::chrono::seconds baseline = std::chrono::days(28);  // just before the window
  // End of the window; default: when articles were last indexed (Searcher::last_indexed), else
  // now, so that an archive that stopped growing still has a recent window.
  std::optional<Timestamp> until;
  uint64_t min_count = 5;
  unsigned min_sources = 3;
  double source_excess = 2;
  unsigned limit = 20;  // rows, highest score first

  // Sets the window and baseline from their text forms ("24h", "28d", "2w"). Throws InputError
  // for an unreadable or empty span.
  void set_spans(const std::string& window_text, const std::string& baseline_text);
};

// One trending value.
struct TrendRow {
  std::string value;
  uint64_t count = 0;        // articles in the window
  unsigned sources = 0;      // distinct sources of those
  double baseline_rate = 0;  // articles expected in a window, from the baseline
  double score = 0;
  std::vector<PeriodCount> series;  // articles per day (UTC) over baseline and window
};

// The answer to a TrendsRequest.
struct TrendsResponse {
  std::string by;
  std::string window;
  std::string baseline;
  std::vector<TrendRow> trends;
};

// The `timeline --json` and `trends --json` objects of docs/json.md.
nlohmann::ordered_json to_json(const TimelineResponse& response);
nlohmann::ordered_json to_json(const TrendsResponse& response);

}  // namespace newsdex::search
