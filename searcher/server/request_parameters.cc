#include "request_parameters.h"

#include <boost/url/pct_string_view.hpp>

#include <algorithm>
#include <charconv>
#include <map>

#include "newsdex/atom.h"
#include "newsdex/time.h"

namespace newsdex::search::server {
namespace {

// A percent-encoded part of a request target, decoded; '+' is a space in query parameters, as
// browsers' forms and URLSearchParams send it. Other characters pass as they are: browsers send
// some that RFC 3986 reserves ('|', '{', '^') unencoded in queries.
std::string percent_decoded(std::string_view part, bool plus_is_space) {
  const auto checked = boost::urls::make_pct_string_view(part);
  if (!checked) throw HttpError(400, "malformed percent-encoding in '" + std::string(part) + "'");
  return checked->decode(boost::urls::encoding_opts(plus_is_space));
}

// The query parameters of a request, checked against what an endpoint accepts.
class Parameters {
 public:
  using Names = std::vector<std::string_view>;

  Parameters(std::string_view target, const Names& repeatable, const Names& single) {
    const size_t question = target.find('?');
    std::string_view query = question == std::string::npos ? std::string_view() : target.substr(question + 1);
    while (!query.empty()) {
      const size_t end = std::min(query.find('&'), query.size());
      const std::string_view pair = query.substr(0, end);
      query.remove_prefix(std::min(end + 1, query.size()));
      if (pair.empty()) continue;
      const size_t equals = std::min(pair.find('='), pair.size());
      const std::string name = percent_decoded(pair.substr(0, equals), true);
      const std::string value = equals < pair.size() ? percent_decoded(pair.substr(equals + 1), true) : std::string();
      values_.emplace(name, value);
    }
    for (const auto& [name, value] : values_) {
      const bool is_repeatable = std::find(repeatable.begin(), repeatable.end(), name) != repeatable.end();
      const bool is_single = std::find(single.begin(), single.end(), name) != single.end();
      if (!is_repeatable && !is_single) {
        std::string known;
        for (const Names* list : {&repeatable, &single}) {
          for (std::string_view name_known : *list) known += (known.empty() ? "" : ", ") + std::string(name_known);
        }
        throw HttpError(400, "unknown parameter '" + name + "'" + (known.empty() ? "" : " (expected " + known + ")"));
      }
      if (is_single && values_.count(name) > 1) throw HttpError(400, "parameter '" + name + "' given more than once");
    }
  }

  bool has(const std::string& name) const { return values_.count(name) > 0; }

  // The value of a parameter; empty when absent.
  std::string text(const std::string& name) const {
    const auto found = values_.find(name);
    return found == values_.end() ? std::string() : found->second;
  }

  // Every value of a repeatable parameter, in order.
  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> values;
    for (auto [at, end] = values_.equal_range(name); at != end; ++at) values.push_back(at->second);
    return values;
  }

  // A whole number in [0, most], or `fallback` when absent.
  unsigned number(const std::string& name, unsigned fallback, unsigned most) const {
    if (!has(name)) return fallback;
    const std::string value = text(name);
    unsigned number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size() || number > most) {
      throw HttpError(400, "parameter '" + name + "' must be a whole number from 0 to " + std::to_string(most) +
                               ", not '" + value + "'");
    }
    return number;
  }

  // 1/true or 0/false, or `fallback` when absent.
  bool flag(const std::string& name, bool fallback) const {
    if (!has(name)) return fallback;
    const std::string value = text(name);
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false") return false;
    throw HttpError(400, "parameter '" + name + "' must be 0 or 1, not '" + value + "'");
  }

 private:
  std::multimap<std::string, std::string> values_;  // equal names keep their order
};

// What each endpoint accepts: filters may repeat (OR), the rest may not.
const Parameters::Names kFilterParameters = {"country", "topic", "source", "lang"};
const Parameters::Names kSimilarParameters = {"since",  "until",       "limit",    "offset",
                                              "facets", "facet_limit", "collapse", "estimate"};
const Parameters::Names kSearchParameters = {"q",      "sort",        "since",    "until",    "limit",   "offset",
                                             "facets", "facet_limit", "collapse", "estimate", "as_typed"};
const Parameters::Names kTimelineParameters = {"q", "since", "until", "by", "split"};
const Parameters::Names kTrendsParameters = {"q",     "by",    "window",    "baseline",
                                             "until", "limit", "min_count", "min_sources"};
const Parameters::Names kNoParameters = {};

// The query and filters of a request, refused over the size limit like /search's.
SearchRequest filtered_query(const Parameters& parameters, const ServerOptions& options) {
  SearchRequest request;
  request.query = parameters.text("q");
  if (request.query.size() > options.max_query_bytes) {
    throw HttpError(413, "the query is " + std::to_string(request.query.size()) + " bytes; the limit is " +
                             std::to_string(options.max_query_bytes));
  }
  request.countries = parameters.all("country");
  request.topics = parameters.all("topic");
  request.sources = parameters.all("source");
  request.languages = parameters.all("lang");
  request.time_limit_seconds = options.time_limit_seconds;
  return request;
}

// The filters, facets and page of a request, shared by /search and /similar.
void read_common(const Parameters& parameters, const ServerOptions& options, SearchRequest& request) {
  request.countries = parameters.all("country");
  request.topics = parameters.all("topic");
  request.sources = parameters.all("source");
  request.languages = parameters.all("lang");
  request.set_time_bounds(parameters.text("since"), parameters.text("until"));
  request.limit = parameters.number("limit", request.limit, options.max_limit);
  request.offset = parameters.number("offset", 0, 100'000'000);
  if (parameters.has("facets")) request.facets = facets_from_list(parameters.text("facets"));  // empty: none
  request.facet_limit = parameters.number("facet_limit", 0, 100'000);
  request.collapse = parameters.flag("collapse", true);
  request.estimate = parameters.flag("estimate", false);
  request.time_limit_seconds = options.time_limit_seconds;
}

}  // namespace

SearchRequest search_request_from(std::string_view target, const ServerOptions& options) {
  const Parameters parameters(target, kFilterParameters, kSearchParameters);
  SearchRequest request;
  request.query = parameters.text("q");
  if (request.query.size() > options.max_query_bytes) {
    throw HttpError(413, "the query is " + std::to_string(request.query.size()) + " bytes; the limit is " +
                             std::to_string(options.max_query_bytes));
  }
  if (parameters.has("sort")) request.sort = sort_from_name(parameters.text("sort"));
  request.show_corrected = !parameters.flag("as_typed", false);
  read_common(parameters, options, request);
  return request;
}

SearchRequest feed_request_from(std::string_view target, const ServerOptions& options) {
  SearchRequest request = search_request_from(target, options);
  make_feed_request(request, Parameters(target, kFilterParameters, kSearchParameters).has("limit"));
  return request;
}

TimelineRequest timeline_request_from(std::string_view target, const ServerOptions& options) {
  const Parameters parameters(target, kFilterParameters, kTimelineParameters);
  TimelineRequest request;
  request.search = filtered_query(parameters, options);
  request.search.set_time_bounds(parameters.text("since"), parameters.text("until"));
  if (parameters.has("by")) request.by = period_from_name(parameters.text("by"));
  if (parameters.has("split")) {
    const std::string split = parameters.text("split");
    if (split != "country" && split != "topic") {
      throw HttpError(400, "parameter 'split' must be country or topic, not '" + split + "'");
    }
    request.split = facet_from_name(split);
  }
  return request;
}

TrendsRequest trends_request_from(std::string_view target, const ServerOptions& options) {
  const Parameters parameters(target, kFilterParameters, kTrendsParameters);
  TrendsRequest request;
  request.search = filtered_query(parameters, options);
  if (parameters.has("by")) request.by = trend_dimension_from_name(parameters.text("by"));
  request.set_spans(parameters.has("window") ? parameters.text("window") : request.window_name,
                    parameters.has("baseline") ? parameters.text("baseline") : request.baseline_name);
  if (parameters.has("until")) request.until = parse_time_bound(parameters.text("until"), now_utc(), RangeEnd::kUpper);
  request.limit = parameters.number("limit", request.limit, 1000);
  request.min_count = parameters.number("min_count", static_cast<unsigned>(request.min_count), 1'000'000);
  request.min_sources = parameters.number("min_sources", request.min_sources, 10'000);
  return request;
}

SearchRequest similar_request_from(std::string_view target, const ServerOptions& options) {
  const Parameters parameters(target, kFilterParameters, kSimilarParameters);
  SearchRequest request;
  read_common(parameters, options, request);
  return request;
}

std::string decoded_path(std::string_view target) { return percent_decoded(target.substr(0, target.find('?')), false); }

void expect_no_parameters(std::string_view target) { Parameters none(target, kNoParameters, kNoParameters); }

}  // namespace newsdex::search::server
