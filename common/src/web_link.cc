#include "newsdex/web_link.h"

#include <algorithm>
#include <cctype>

#include "newsdex/text.h"

namespace newsdex {

std::string browser_form(std::string_view link) {
  auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!link.empty() && is_c0_or_space(link.front())) link.remove_prefix(1);
  while (!link.empty() && is_c0_or_space(link.back())) link.remove_suffix(1);
  std::string cleaned(link);
  std::erase_if(cleaned, [](char c) { return c == '\t' || c == '\n' || c == '\r'; });
  return cleaned;
}

namespace {

// The scheme of a link in browser_form, lower case, as the URL Standard reads it: an ASCII letter,
// then letters, digits, '+', '-' or '.', up to a ':'. Empty for a relative reference.
std::string scheme_of(std::string_view cleaned) {
  const size_t colon = cleaned.find(':');
  if (colon == std::string_view::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(cleaned[0]))) return {};
  for (char c : cleaned.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
  }
  return ascii_lower(cleaned.substr(0, colon));
}

}  // namespace

bool is_safe_link(std::string_view link) {
  const std::string cleaned = browser_form(link);
  const std::string scheme = scheme_of(cleaned);
  if (scheme == "http" || scheme == "https") return true;
  // A relative reference has no ':' before its path, query or fragment. Browsers would read
  // "java script:x" as relative too, but no real link looks like that: refused with the rest.
  return cleaned.find(':') >= cleaned.find_first_of("/?#");
}

bool is_web_link(std::string_view link) {
  const std::string cleaned = browser_form(link);
  const std::string scheme = scheme_of(cleaned);
  if (scheme != "http" && scheme != "https") return false;
  const size_t colon = scheme.size();
  // An http(s) URL with a host: "http:foo" is relative to the page in browsers.
  const std::string_view rest = std::string_view(cleaned).substr(colon + 1);
  return rest.size() > 2 && (rest[0] == '/' || rest[0] == '\\') && (rest[1] == '/' || rest[1] == '\\');
}

}  // namespace newsdex
