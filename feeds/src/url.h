// URL handling for feeds (internal): resolving relative links, canonical article URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsdex::feeds {

// Resolves `reference` against `base` (RFC 3986). Returns `reference` unchanged when either is
// not a usable URL.
std::string resolve_url(std::string_view base, std::string_view reference);

// The canonical form of an article URL, used as its id: lower-case scheme and host, no
// fragment, no tracking parameters (utm_*, fbclid, gclid, ...). Empty for a non-http(s) URL.
std::string canonical_url(std::string_view url);

// The parts of an http(s) URL that politeness and robots.txt look at.
struct HttpUrlParts {
  std::string scheme;  // "http" or "https"
  std::string host;    // in lower case; an IPv6 address in brackets
  std::string port;    // as written; empty when the URL gives none
  std::string path;    // "/" when the URL has none
  std::string query;   // without the '?'
  // The port the URL connects to: `port`, else the scheme's default.
  std::string effective_port() const { return !port.empty() ? port : scheme == "https" ? "443" : "80"; }
};

// The parts of an absolute http(s) URL with a host; nothing for anything else.
std::optional<HttpUrlParts> http_url_parts(std::string_view url);

}  // namespace newsdex::feeds
