// Reading the API's requests: the query parameters of a request target, checked against what
// each endpoint accepts, and the search they describe. Internal to the server, apart from it so
// that it can be tested and fuzzed without sockets.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "http_server.h"
#include "newsdex/search.h"
#include "newsdex/trends.h"

namespace newsdex::search::server {

// A request the API refuses, with its HTTP status.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// The search GET /search asks for with this request target ("/search?q=...&country=AZ").
// Throws HttpError (400: unknown or repeated parameter, bad number; 413: query over
// options.max_query_bytes) or InputError (a bad sort, date or facet name).
SearchRequest search_request_from(std::string_view target, const ServerOptions& options);

// The feed GET /search.atom asks for: /search's parameters, made a feed's (make_feed_request).
SearchRequest feed_request_from(std::string_view target, const ServerOptions& options);

// The timeline GET /timeline asks for: q, the filters, since, until, by, split.
TimelineRequest timeline_request_from(std::string_view target, const ServerOptions& options);

// The trends GET /trends asks for: q, the filters, by, window, baseline, until, limit,
// min_count, min_sources.
TrendsRequest trends_request_from(std::string_view target, const ServerOptions& options);

// The filters, facets and page GET /similar/ID asks for; the caller sets the query to the id.
SearchRequest similar_request_from(std::string_view target, const ServerOptions& options);

// The path of a request target, percent-decoded ("/articles/http%3A%2F%2F…" → "/articles/http://…").
// Throws HttpError (400) on a malformed escape.
std::string decoded_path(std::string_view target);

// Throws HttpError (400) when the target has query parameters: endpoints that take none.
void expect_no_parameters(std::string_view target);

}  // namespace newsdex::search::server
