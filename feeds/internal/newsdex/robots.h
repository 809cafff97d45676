// robots.txt (RFC 9309): which pages of a site a crawler may fetch, and how slowly.
// Internal to newsdex (not installed).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::feeds {

// The product token newsdex answers to in robots.txt user-agent lines.
inline constexpr std::string_view kRobotsProductToken = "newsdex";

// What one site's robots.txt says to one crawler. A value type; cheap to copy.
class RobotsRules {
 public:
  // Everything allowed: no robots.txt, or an answer of 400-499 (RFC 9309 §2.3.1.3).
  static RobotsRules allow_all();

  // Nothing allowed: an answer of 500-599 or 429, or an unreachable host (RFC 9309 §2.3.1.4).
  // `reason` says why, for the pages it stops ("robots.txt answered HTTP 503").
  static RobotsRules disallow_all(std::string reason);

  // The rules of robots.txt `body` for the crawler named `product_token`: the groups whose
  // user-agent is that token (case-insensitive), merged, else the groups of "*", else none.
  // Accepts what the web writes: a byte-order mark, CR, LF or CRLF line ends, a missing colon.
  // Reads at most the first 500 KiB, as RFC 9309 §2.5 allows.
  static RobotsRules parse(std::string_view body, std::string_view product_token = kRobotsProductToken);

  // Why `path_and_query` ("/news/1?page=2"; empty means "/") may not be fetched: the rule that
  // forbids it ("Disallow: /news/"), or the reason given to disallow_all(). Nothing when allowed.
  // The most specific (longest) matching rule wins; at equal length, Allow wins. /robots.txt
  // itself is always allowed.
  std::optional<std::string> refusal(std::string_view path_and_query) const;

  // True when `path_and_query` may be fetched.
  bool allows(std::string_view path_and_query) const { return !refusal(path_and_query); }

  // The Crawl-delay of the group that applies, when it gives one (a non-standard extension that
  // many sites use).
  std::optional<std::chrono::milliseconds> crawl_delay() const { return crawl_delay_; }

 private:
  struct Rule {
    std::string pattern;  // normalised path pattern, '*' wildcards, without a final '$'
    bool anchored;        // ended in '$': must match to the end of the path
    bool allow;
    std::string written;  // as the file wrote it, for refusal()
  };

  std::vector<Rule> rules_;
  std::string refuse_all_;  // non-empty: nothing is allowed, for this reason
  std::optional<std::chrono::milliseconds> crawl_delay_;
};

// The robots.txt URL of the site of http(s) `url` ("https://example.org:8443/robots.txt"), or
// empty when `url` is not an http(s) URL with a host.
std::string robots_url(std::string_view url);

// The path and query of `url` as robots.txt rules match them ("/a/b?c"), "/" for none.
std::string robots_path(std::string_view url);

}  // namespace newsdex::feeds
