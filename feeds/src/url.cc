#include "url.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <memory>

#include "newsdex/text.h"

namespace newsdex::feeds {
namespace {

using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

UrlHandle new_url() { return UrlHandle(curl_url(), &curl_url_cleanup); }

std::string get_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || !value) return {};
  std::string copy(value);
  curl_free(value);
  return copy;
}

bool is_tracking_parameter(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kTrackers = {"fbclid", "gclid",  "dclid", "msclkid", "mc_cid",
                                                                "mc_eid", "igshid", "yclid", "_ga"};
  return name.starts_with("utm_") || std::find(kTrackers.begin(), kTrackers.end(), name) != kTrackers.end();
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view reference) {
  const std::string reference_text(reference);
  if (base.empty() || reference.empty()) return reference_text;
  auto url = new_url();
  const std::string base_text(base);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, base_text.c_str(), 0) != CURLUE_OK) return reference_text;
  // Setting a relative URL on a handle that holds an absolute one resolves it (RFC 3986 §5).
  if (curl_url_set(url.get(), CURLUPART_URL, reference_text.c_str(), CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) !=
      CURLUE_OK) {
    return reference_text;
  }
  std::string resolved = get_part(url.get(), CURLUPART_URL);
  return resolved.empty() ? reference_text : resolved;
}

std::string canonical_url(std::string_view text) {
  auto url = new_url();
  const std::string input(text);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, input.c_str(), CURLU_URLENCODE) != CURLUE_OK) return {};
  const std::string scheme = ascii_lower(get_part(url.get(), CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") return {};
  curl_url_set(url.get(), CURLUPART_SCHEME, scheme.c_str(), 0);
  curl_url_set(url.get(), CURLUPART_HOST, ascii_lower(get_part(url.get(), CURLUPART_HOST)).c_str(), 0);
  curl_url_set(url.get(), CURLUPART_FRAGMENT, nullptr, 0);

  const std::string query = get_part(url.get(), CURLUPART_QUERY);
  std::string kept;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string_view parameter(query.data() + start, end - start);
    const std::string_view name = parameter.substr(0, parameter.find('='));
    if (!parameter.empty() && !is_tracking_parameter(name)) {
      if (!kept.empty()) kept.push_back('&');
      kept += parameter;
    }
    start = end + 1;
  }
  curl_url_set(url.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  return get_part(url.get(), CURLUPART_URL);
}

std::optional<HttpUrlParts> http_url_parts(std::string_view text) {
  auto url = new_url();
  if (!url || curl_url_set(url.get(), CURLUPART_URL, std::string(text).c_str(), 0) != CURLUE_OK) return std::nullopt;
  HttpUrlParts parts{ascii_lower(get_part(url.get(), CURLUPART_SCHEME)),
                     ascii_lower(get_part(url.get(), CURLUPART_HOST)), get_part(url.get(), CURLUPART_PORT),
                     get_part(url.get(), CURLUPART_PATH), get_part(url.get(), CURLUPART_QUERY)};
  if ((parts.scheme != "http" && parts.scheme != "https") || parts.host.empty()) return std::nullopt;
  if (parts.path.empty()) parts.path.push_back('/');
  return parts;
}

}  // namespace newsdex::feeds
