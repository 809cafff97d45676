// Written here because no maintained C++ robots.txt parser is packaged for Debian (Google's
// robotstxt library is not); RFC 9309 is short, and its matching rules are what this follows.
#include "newsdex/robots.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "newsdex/text.h"
#include "url.h"

namespace newsdex::feeds {
namespace {

constexpr size_t kMaxRobotsBytes = 500 * 1024;                 // RFC 9309 §2.5: at least 500 KiB
constexpr std::chrono::milliseconds kMaxCrawlDelay{3600'000};  // a larger value is read as this

enum class Directive { kUserAgent, kAllow, kDisallow, kCrawlDelay, kOther };

// The directive a field names. The misspellings are those sites really write; crawlers that
// ignore them crawl what the site meant to forbid.
Directive directive_of(std::string_view field) {
  static constexpr std::array<std::pair<std::string_view, Directive>, 12> kNames{{
      {"user-agent", Directive::kUserAgent},
      {"useragent", Directive::kUserAgent},
      {"user agent", Directive::kUserAgent},
      {"allow", Directive::kAllow},
      {"disallow", Directive::kDisallow},
      {"dissallow", Directive::kDisallow},
      {"dissalow", Directive::kDisallow},
      {"disalow", Directive::kDisallow},
      {"diasllow", Directive::kDisallow},
      {"disallaw", Directive::kDisallow},
      {"crawl-delay", Directive::kCrawlDelay},
      {"crawl delay", Directive::kCrawlDelay},
  }};
  const std::string lowered = ascii_lower(field);
  for (const auto& [name, directive] : kNames) {
    if (lowered == name) return directive;
  }
  return Directive::kOther;  // Sitemap, Host and the like: not part of any group
}

bool is_unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One spelling for paths and patterns alike (RFC 9309 §2.2.2, RFC 3986 §6.2.2): escapes of
// unreserved characters decoded, other escapes in upper case, bytes outside printable ASCII
// escaped. "/caf%c3%a9", "/café" and "/caf%C3%A9" then compare equal.
std::string normalised(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      const auto decoded = static_cast<unsigned char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      if (is_unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        out += '%';
        out += kHex[decoded >> 4];
        out += kHex[decoded & 15];
      }
      i += 2;
    } else if (c <= 0x20 || c >= 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// True when `pattern` ('*' matches any run of characters) matches the start of `path`, or the
// whole of it when `anchored`. Each '*'-free piece is placed at its first possible position,
// which finds a match whenever one exists, in linear passes rather than by backtracking.
bool pattern_matches(std::string_view pattern, bool anchored, std::string_view path) {
  const size_t first_star = pattern.find('*');
  if (first_star == std::string_view::npos) {
    return anchored ? path == pattern : path.starts_with(pattern);
  }
  if (!path.starts_with(pattern.substr(0, first_star))) return false;
  size_t position = first_star;
  std::string_view rest = pattern.substr(first_star + 1);
  while (true) {
    const size_t star = rest.find('*');
    const std::string_view piece = rest.substr(0, star);
    if (star == std::string_view::npos) {
      if (!anchored) return path.find(piece, position) != std::string_view::npos;
      return path.size() >= position + piece.size() && path.ends_with(piece);
    }
    const size_t found = path.find(piece, position);
    if (found == std::string_view::npos) return false;
    position = found + piece.size();
    rest = rest.substr(star + 1);
  }
}

// The product token a user-agent line names: its leading letters, '_' and '-' (RFC 9309
// §2.2.1), so that "newsdex/1.0" and "Newsdex" both name newsdex.
std::string_view product_token_of(std::string_view value) {
  size_t end = 0;
  while (end < value.size() &&
         (std::isalpha(static_cast<unsigned char>(value[end])) || value[end] == '_' || value[end] == '-')) {
    ++end;
  }
  return value.substr(0, end);
}

std::optional<std::chrono::milliseconds> parse_crawl_delay(std::string_view value) {
  double seconds = 0;
  try {
    size_t used = 0;
    seconds = std::stod(std::string(value), &used);
    if (used == 0) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
  const double milliseconds = std::min(seconds * 1000, static_cast<double>(kMaxCrawlDelay.count()));
  return std::chrono::milliseconds(static_cast<long>(milliseconds));
}

// One line's field and value; the field empty when the line holds none. A line without a colon
// is not a record (RFC 9309 §2.2).
std::pair<std::string_view, std::string_view> split_line(std::string_view line) {
  line = trim(line.substr(0, line.find('#')));
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  return {trim(line.substr(0, colon)), trim(line.substr(colon + 1))};
}

}  // namespace

RobotsRules RobotsRules::allow_all() { return RobotsRules(); }

RobotsRules RobotsRules::disallow_all(std::string reason) {
  RobotsRules rules;
  rules.refuse_all_ = reason.empty() ? std::string("robots.txt could not be read") : std::move(reason);
  return rules;
}

RobotsRules RobotsRules::parse(std::string_view body, std::string_view product_token) {
  body = body.substr(0, kMaxRobotsBytes);
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);

  // Groups for this crawler and groups for "*", kept apart until the end: the named ones win.
  RobotsRules named;
  RobotsRules any;
  bool named_seen = false;
  bool any_seen = false;
  // The group being read: which of the two its user-agent lines put it in.
  bool in_named = false;
  bool in_any = false;
  bool rules_started = false;  // a rule line was read since the last user-agent line

  const std::string token = ascii_lower(product_token);
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = body.size();
    const auto [field, value] = split_line(body.substr(start, end - start));
    start = end + 1;
    if (field.empty()) continue;
    switch (directive_of(field)) {
      case Directive::kUserAgent: {
        if (rules_started) {  // a user-agent line after rules starts a new group
          in_named = in_any = false;
          rules_started = false;
        }
        if (value == "*") {
          in_any = any_seen = true;
        } else if (!token.empty() && ascii_lower(product_token_of(value)) == token) {
          in_named = named_seen = true;
        }
        break;
      }
      case Directive::kAllow:
      case Directive::kDisallow: {
        rules_started = true;
        if (value.empty()) break;  // "Disallow:" forbids nothing
        const bool allow = directive_of(field) == Directive::kAllow;
        const bool anchored = value.ends_with('$');
        std::string pattern = normalised(anchored ? value.substr(0, value.size() - 1) : value);
        if (!pattern.starts_with('/') && !pattern.starts_with('*')) pattern.insert(pattern.begin(), '/');
        const Rule rule{std::move(pattern), anchored, allow,
                        std::string(allow ? "Allow: " : "Disallow: ") + std::string(value)};
        if (in_named) named.rules_.push_back(rule);
        if (in_any) any.rules_.push_back(rule);
        break;
      }
      case Directive::kCrawlDelay: {
        const auto delay = parse_crawl_delay(value);
        if (!delay) break;
        for (RobotsRules* group : {in_named ? &named : nullptr, in_any ? &any : nullptr}) {
          if (group) group->crawl_delay_ = std::max(group->crawl_delay_.value_or(*delay), *delay);
        }
        break;
      }
      case Directive::kOther: break;
    }
  }
  RobotsRules rules = named_seen ? std::move(named) : any_seen ? std::move(any) : RobotsRules();
  // Most specific first; at equal length Allow first, the least restrictive (RFC 9309 §2.2.2).
  std::stable_sort(rules.rules_.begin(), rules.rules_.end(), [](const Rule& a, const Rule& b) {
    const size_t length_a = a.pattern.size() + a.anchored;
    const size_t length_b = b.pattern.size() + b.anchored;
    if (length_a != length_b) return length_a > length_b;
    return a.allow && !b.allow;
  });
  return rules;
}

std::optional<std::string> RobotsRules::refusal(std::string_view path_and_query) const {
  const std::string path = normalised(path_and_query.empty() ? std::string_view("/") : path_and_query);
  if (path == "/robots.txt") return std::nullopt;  // RFC 9309 §2.2.2: always allowed
  if (!refuse_all_.empty()) return refuse_all_;
  for (const Rule& rule : rules_) {
    if (pattern_matches(rule.pattern, rule.anchored, path)) {
      if (rule.allow) return std::nullopt;
      return rule.written;
    }
  }
  return std::nullopt;
}

std::string robots_url(std::string_view url) {
  const auto parts = http_url_parts(url);
  if (!parts) return {};
  return parts->scheme + "://" + parts->host + (parts->port.empty() ? "" : ":" + parts->port) + "/robots.txt";
}

std::string robots_path(std::string_view url) {
  const auto parts = http_url_parts(url);
  if (!parts) return "/";
  return parts->query.empty() ? parts->path : parts->path + "?" + parts->query;
}

}  // namespace newsdex::feeds
