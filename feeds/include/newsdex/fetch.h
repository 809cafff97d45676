// Reading feed documents from the web (libcurl), from files and from standard input.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex::feeds {

// How to fetch. Defaults suit a polite crawler.
struct FetchOptions {
  std::chrono::seconds connect_timeout{10};  // to establish the connection
  std::chrono::seconds total_timeout{60};    // for the whole transfer
  std::size_t max_body_bytes = 20 << 20;     // larger bodies fail the fetch
  std::size_t max_file_bytes = 128 << 20;    // larger files and standard input are refused
  long max_redirects = 5;                    // http and https redirects only
  std::string if_none_match;                 // ETag of the copy we hold (conditional GET)
  std::string if_modified_since;             // Last-Modified of the copy we hold
};

// What a server answered. A non-2xx status is an answer, not an exception.
struct FetchResponse {
  long status = 0;             // HTTP status of the last response (304 on a conditional hit)
  std::string body;            // decompressed body
  std::string content_type;
  std::string effective_url;   // the URL after redirects
  std::string etag;
  std::string last_modified;
};

// The User-Agent newsdex sends: "newsdex/VERSION (+https://...)".
std::string user_agent();

// Fetches an http(s) URL. Throws InputError for other schemes and RuntimeFailure, naming the
// URL, when the transfer fails (DNS, connection, timeout, body too large).
FetchResponse fetch(std::string_view url, const FetchOptions& options = {});

// A document to parse, and where it came from.
struct SourceDocument {
  std::string name;          // as the user gave it: a path, "-" or a URL
  std::string bytes;
  std::string url;           // for URLs, the final URL after redirects
  std::string content_type;  // for URLs, the server's Content-Type
};

// Reads SOURCE as CONTRACT.md defines it: an http(s) URL, "-" for standard input, or a file path.
// Throws InputError for a missing, unreadable or too large file (max_file_bytes), RuntimeFailure
// for a failed download or an HTTP status other than 2xx; both name the source.
SourceDocument read_source(std::string_view source, const FetchOptions& options = {});

// True when `text` is an http:// or https:// URL.
bool is_http_url(std::string_view text);

}  // namespace newsdex::feeds
