// URL handling for feeds (internal): resolving relative links, canonical article URLs.
#pragma once

#include <string>
#include <string_view>

namespace newsdex::feeds {

// Resolves `reference` against `base` (RFC 3986). Returns `reference` unchanged when either is
// not a usable URL.
std::string resolve_url(std::string_view base, std::string_view reference);

// The canonical form of an article URL, used as its id: lower-case scheme and host, no
// fragment, no tracking parameters (utm_*, fbclid, gclid, ...). Empty for a non-http(s) URL.
std::string canonical_url(std::string_view url);

}  // namespace newsdex::feeds
