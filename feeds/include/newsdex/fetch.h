// Reading feed documents from the web (libcurl), from files and from standard input.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::feeds {

// The networks FetchOptions::internal_networks holds by default.
std::vector<std::string> default_internal_networks();

// True when the IPv4 or IPv6 address `ip` lies in one of `networks` (CIDR notation; an
// IPv4-mapped IPv6 address counts as its IPv4 address). Text that is not an address is in none.
bool in_networks(std::string_view ip, const std::vector<std::string>& networks);

// How to fetch. Defaults suit a polite crawler.
struct FetchOptions {
  std::chrono::seconds connect_timeout{10};  // to establish the connection
  std::chrono::seconds total_timeout{60};    // for the whole transfer
  std::size_t max_body_bytes = 20 << 20;     // larger bodies fail the fetch
  std::size_t max_file_bytes = 128 << 20;    // larger files and standard input are refused
  long max_redirects = 5;                    // http and https redirects only
  // A transfer receiving fewer than low_speed_bytes a second for low_speed_window is abandoned:
  // a server that trickles its answer (slowloris) cannot hold a crawl for total_timeout.
  long low_speed_bytes = 64;
  std::chrono::seconds low_speed_window{10};
  // Networks that count as internal, in CIDR notation (default: loopback, private, shared,
  // link-local and unique-local ranges, IPv4 and IPv6). A feed on a public address may not
  // redirect into them (server-side request forgery); a feed that is itself on one may.
  std::vector<std::string> internal_networks = default_internal_networks();
  // Refuse every connection into internal_networks, the first one included: for URLs that a
  // stranger wrote (an article link in a feed on a public address), not ones the user chose.
  bool refuse_internal = false;
  std::string if_none_match;      // ETag of the copy we hold (conditional GET)
  std::string if_modified_since;  // Last-Modified of the copy we hold
};

// What a server answered. A non-2xx status is an answer, not an exception.
struct FetchResponse {
  long status = 0;   // HTTP status of the last response (304 on a conditional hit)
  std::string body;  // decompressed body
  std::string content_type;
  std::string effective_url;  // the URL after redirects
  std::string etag;
  std::string last_modified;
  std::optional<std::chrono::seconds> retry_after;  // Retry-After of a 429 or 503, as a delay
  std::optional<std::chrono::seconds> max_age;      // Cache-Control: max-age
  bool moved_permanently = false;  // every redirect followed was 301 or 308: effective_url is the new home
  bool internal_address = false;   // the first connection was into FetchOptions::internal_networks
};

// One URL to fetch in fetch_all, with the validators of the copy already held.
struct FetchRequest {
  std::string url;
  std::string if_none_match;      // ETag
  std::string if_modified_since;  // Last-Modified
  // The least time between the starts of two requests to this request's site (scheme, host and
  // port): a crawler's delay between pages of one site. 0: none beyond 2 connections at once.
  std::chrono::milliseconds site_delay{0};
};

// The end of one transfer in fetch_all: a response, or an error naming the URL.
struct FetchResult {
  FetchRequest request;
  std::optional<FetchResponse> response;
  std::string error;     // empty when there is a response: "URL: what went wrong", in a line
  long last_status = 0;  // the last HTTP status the server sent (a redirect's 301 when the redirect failed); 0: none
  // The failure may pass on a later try (no connection, a timeout), unlike a refusal (a body
  // too large, a redirect to another scheme or an internal address, a redirect loop).
  bool worth_retrying = false;
};

// The User-Agent newsdex sends: "newsdex/VERSION (+https://...)".
std::string user_agent();

// Fetches an http(s) URL. Throws InputError for other schemes and RuntimeFailure, naming the
// URL, when the transfer fails (DNS, connection, timeout, body too large).
FetchResponse fetch(std::string_view url, const FetchOptions& options = {});

// POSTs `body` with this Content-Type to an http(s) URL under fetch()'s rules (schemes,
// redirects, internal networks, timeouts, answer size). A non-2xx status is an answer; throws
// like fetch() when the transfer fails.
FetchResponse post(std::string_view url, const std::string& body, std::string_view content_type,
                   const FetchOptions& options = {});

// Fetches many URLs at once with libcurl's multi interface: at most `jobs` transfers at a
// time, at most 2 at once to one site (scheme, host and port) and each request at least its
// site_delay after the previous start on its site; requests to one site start in the order
// given. Connections are reused, and multiplexed over HTTP/2 where servers offer it.
// `on_result` is called on this thread as each transfer ends, in completion order; the others
// go on meanwhile. `stop` (optional) is asked between transfers: once it says true, no new
// transfer starts and those running are abandoned.
void fetch_all(const std::vector<FetchRequest>& requests, const FetchOptions& options, unsigned jobs,
               const std::function<void(FetchResult)>& on_result, const std::function<bool()>& stop = {});

// A document to parse, and where it came from.
struct SourceDocument {
  std::string name;  // as the user gave it: a path, "-" or a URL
  std::string bytes;
  std::string url;           // for URLs, the final URL after redirects
  std::string content_type;  // for URLs, the server's Content-Type
  // For URLs, the server was on an internal address (FetchResponse::internal_address); files and
  // standard input are the user's own and count as internal.
  bool internal_address = true;
};

// Reads SOURCE as docs/json.md defines it: an http(s) URL, "-" for standard input, or a file path.
// Throws InputError for a missing, unreadable or too large file (max_file_bytes), RuntimeFailure
// for a failed download or an HTTP status other than 2xx; both name the source.
SourceDocument read_source(std::string_view source, const FetchOptions& options = {});

// True when `text` is an http:// or https:// URL.
bool is_http_url(std::string_view text);

// The site of an http(s) URL, as politeness counts it: "https://example.org:443", the scheme
// and host in lower case and the port always given. Empty for anything else.
std::string site_of(std::string_view url);

}  // namespace newsdex::feeds
