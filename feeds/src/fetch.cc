#include "newsdex/fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>

#include "newsdex/error.h"
#include "newsdex/text.h"
#include "newsdex/version.h"
#include "url.h"

namespace newsdex::feeds {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

void ensure_curl_initialised() { static CurlGlobal global; }

using EasyHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;
using MultiHandle = std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)>;

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

// Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  const std::string text(trim(value));
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit) && text.size() < 10) {
    return std::chrono::seconds(std::stol(text));
  }
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::chrono::seconds(std::max<time_t>(0, when - std::time(nullptr)));
}

std::optional<std::chrono::seconds> parse_max_age(std::string_view value) {
  const std::string lowered = ascii_lower(value);
  const size_t at = lowered.find("max-age=");
  if (at == std::string::npos) return std::nullopt;
  long seconds = 0;
  const char* start = lowered.c_str() + at + 8;
  const auto [end, error] = std::from_chars(start, lowered.c_str() + lowered.size(), seconds);
  if (error != std::errc() || end == start || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

// An address as 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), so one comparison serves both.
std::optional<std::array<unsigned char, 16>> address_bytes(const std::string& text) {
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) return bytes;
  bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (inet_pton(AF_INET, text.c_str(), bytes.data() + 12) == 1) return bytes;
  return std::nullopt;
}

// When a site was last sent a request, for pacing: updated by the transfers to that site as
// each request leaves, which may be well after the transfer started (a connection to open, a
// connection to wait for).
struct SiteClock {
  std::optional<std::chrono::steady_clock::time_point> last_sent;
  unsigned unsent = 0;  // transfers started whose request has not left yet
};

// One HTTP transfer: its libcurl handle, request headers, and the response being received.
class Transfer {
 public:
  // A GET, or a POST of `post_body` (which must outlive the transfer) when given.
  Transfer(FetchRequest request, const FetchOptions& options, const std::string* post_body = nullptr,
           std::string_view content_type = {})
      : request_(std::move(request)),
        options_(options),
        easy_(curl_easy_init(), &curl_easy_cleanup),
        headers_(nullptr, &curl_slist_free_all) {
    if (!easy_) throw RuntimeFailure(request_.url + ": cannot initialise libcurl");
    auto add_header = [&](const std::string& header) {
      headers_.reset(curl_slist_append(headers_.release(), header.c_str()));
    };
    if (!request_.if_none_match.empty()) add_header("If-None-Match: " + request_.if_none_match);
    if (!request_.if_modified_since.empty()) add_header("If-Modified-Since: " + request_.if_modified_since);
    if (post_body) {
      add_header("Content-Type: " + std::string(content_type));
      add_header("Expect:");  // send the body at once, not after a 100 Continue round trip
    }

    CURL* handle = easy_.get();
    if (post_body) {
      curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
      curl_easy_setopt(handle, CURLOPT_POSTFIELDS, post_body->data());
    }
    curl_easy_setopt(handle, CURLOPT_URL, request_.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PRIVATE, this);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(handle, CURLOPT_MAXREDIRS, options.max_redirects);
    // Never file://, ftp:// or others, not even through a redirect.
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(handle, CURLOPT_PIPEWAIT, 1L);  // wait to multiplex on an HTTP/2 connection
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(options.total_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_window.count()));
    // Every connection, the first and each redirect's, is checked once made and before the
    // request is sent: checking the address connected to, not a name, leaves no room for a DNS
    // answer that changes between a check and the connection.
    curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, &Transfer::on_connected);
    curl_easy_setopt(handle, CURLOPT_PREREQDATA, this);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers_.get());
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, this);
  }

  // Why the transfer failed, in newsdex's words where libcurl's would puzzle a user
  // ("Protocol "file" not supported or disabled in libcurl" for a redirect to file:).
  std::string failure_reason(CURLcode code) const {
    const std::string after_redirect = redirects_ > 0 || (last_status_ >= 300 && last_status_ < 400)
                                           ? " (after a redirect from HTTP " + std::to_string(last_status_) + ")"
                                           : std::string();
    switch (code) {
      case CURLE_UNSUPPORTED_PROTOCOL:
        return last_status_ >= 300 && last_status_ < 400
                   ? "HTTP " + std::to_string(last_status_) +
                         " redirects to a URL that is not http or https; not followed"
                   : "only http and https URLs are fetched";
      case CURLE_TOO_MANY_REDIRECTS:
        return "more than " + std::to_string(options_.max_redirects) + " redirects (a redirect loop?)";
      case CURLE_COULDNT_RESOLVE_HOST: return "the host name does not resolve" + after_redirect;
      case CURLE_COULDNT_CONNECT: return "cannot connect to the server" + after_redirect;
      case CURLE_OPERATION_TIMEDOUT:
        if (std::string_view(error_buffer_).starts_with("Operation too slow")) {
          return "too slow: under " + std::to_string(options_.low_speed_bytes) + " bytes/s for " +
                 std::to_string(options_.low_speed_window.count()) + " s";
        }
        if (std::string_view(error_buffer_).starts_with("Connection timed out")) {
          return "no connection within " + std::to_string(options_.connect_timeout.count()) + " s" + after_redirect;
        }
        return "no whole answer within " + std::to_string(options_.total_timeout.count()) + " s" + after_redirect;
      case CURLE_GOT_NOTHING: return "the server closed the connection without answering" + after_redirect;
      case CURLE_PEER_FAILED_VERIFICATION: return "the server's TLS certificate is not valid for it" + after_redirect;
      case CURLE_SSL_CONNECT_ERROR: return "the TLS handshake failed" + after_redirect;
      default:
        return (*error_buffer_ ? std::string(error_buffer_) : std::string(curl_easy_strerror(code))) + after_redirect;
    }
  }

  CURL* handle() const { return easy_.get(); }
  const FetchRequest& request() const { return request_; }

  // Makes the transfer keep `clock` (which must outlive it) up to date.
  void pace_with(SiteClock& clock) {
    clock_ = &clock;
    ++clock.unsent;
  }

  // The transfer is over: a request that never left (no connection) counts as sent now.
  void release_clock() {
    if (clock_ && !sent_) mark_sent();
    clock_ = nullptr;
  }

  // The outcome, once libcurl says the transfer ended with `code`.
  FetchResult finish(CURLcode code) {
    FetchResult result{request_, std::nullopt, {}};
    if (code != CURLE_OK) {
      result.error = request_.url + ": ";
      if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
        result.error += "body larger than " + std::to_string(options_.max_body_bytes) + " bytes";
      } else if (!refused_address_.empty()) {
        result.error += options_.refuse_internal
                            ? "refused the internal address " + refused_address_ +
                                  " (a link in a feed on a public address may not lead into a private network)"
                            : "refused a redirect to the internal address " + refused_address_ +
                                  " (a feed on a public address may not lead into a private network)";
      } else {
        result.error += failure_reason(code);
      }
      result.last_status = last_status_;
      result.worth_retrying = !too_large_ && refused_address_.empty() && code != CURLE_FILESIZE_EXCEEDED &&
                              code != CURLE_UNSUPPORTED_PROTOCOL && code != CURLE_TOO_MANY_REDIRECTS &&
                              code != CURLE_PEER_FAILED_VERIFICATION;
      return result;
    }
    CURL* handle = easy_.get();
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response_.status);
    char* content_type = nullptr;
    if (curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
      response_.content_type = content_type;
    }
    char* effective_url = nullptr;
    curl_easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &effective_url);
    response_.effective_url = effective_url ? effective_url : request_.url;
    response_.moved_permanently = redirects_ > 0 && all_redirects_permanent_;
    response_.internal_address = first_connection_internal_.value_or(false);
    result.response = std::move(response_);
    return result;
  }

 private:
  // The first connection decides whether the feed is on an internal network; later ones
  // (redirects) may lead into one only if it is. With refuse_internal, none may.
  static int on_connected(void* user, char* address, char* /*local_address*/, int /*port*/, int /*local_port*/) {
    auto* transfer = static_cast<Transfer*>(user);
    transfer->mark_sent();
    const bool internal = in_networks(address, transfer->options_.internal_networks);
    if (internal && transfer->options_.refuse_internal) {
      transfer->refused_address_ = address;
      return CURL_PREREQFUNC_ABORT;
    }
    if (!transfer->first_connection_internal_) {
      transfer->first_connection_internal_ = internal;
    } else if (internal && !*transfer->first_connection_internal_) {
      transfer->refused_address_ = address;
      return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
  }

  static size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (transfer->response_.body.size() + bytes > transfer->options_.max_body_bytes) {
      transfer->too_large_ = true;
      return 0;  // makes curl abort with CURLE_WRITE_ERROR
    }
    transfer->response_.body.append(data, bytes);
    return bytes;
  }

  static size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    FetchResponse& response = transfer->response_;
    const std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
      // A new response: the previous one, if any, was a redirect. Forget its headers.
      if (transfer->last_status_ >= 300 && transfer->last_status_ < 400) {
        ++transfer->redirects_;
        if (transfer->last_status_ != 301 && transfer->last_status_ != 308) transfer->all_redirects_permanent_ = false;
      }
      const size_t space = line.find(' ');
      transfer->last_status_ =
          space == std::string_view::npos ? 0 : std::atol(std::string(line.substr(space + 1, 3)).c_str());
      response.etag.clear();
      response.last_modified.clear();
      response.retry_after.reset();
      response.max_age.reset();
    } else if (header_is(line, "etag")) {
      response.etag = trim(line.substr(5));
    } else if (header_is(line, "last-modified")) {
      response.last_modified = trim(line.substr(14));
    } else if (header_is(line, "retry-after")) {
      response.retry_after = parse_retry_after(line.substr(12));
    } else if (header_is(line, "cache-control")) {
      response.max_age = parse_max_age(line.substr(14));
    }
    return size * count;
  }

  FetchRequest request_;
  const FetchOptions& options_;
  EasyHandle easy_;
  HeaderList headers_;
  const std::string user_agent_ = user_agent();
  FetchResponse response_;
  char error_buffer_[CURL_ERROR_SIZE] = "";
  bool too_large_ = false;
  long last_status_ = 0;
  int redirects_ = 0;
  bool all_redirects_permanent_ = true;
  void mark_sent() {
    if (!clock_) return;
    clock_->last_sent = std::chrono::steady_clock::now();
    if (!sent_ && clock_->unsent > 0) --clock_->unsent;
    sent_ = true;
  }

  std::optional<bool> first_connection_internal_;
  std::string refused_address_;
  SiteClock* clock_ = nullptr;
  bool sent_ = false;
};

}  // namespace

std::vector<std::string> default_internal_networks() {
  return {"0.0.0.0/8",      "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
          "192.168.0.0/16", "::/128",     "::1/128",       "fc00::/7",    "fe80::/10"};
}

bool in_networks(std::string_view ip, const std::vector<std::string>& networks) {
  const auto address = address_bytes(std::string(ip));
  if (!address) return false;
  for (const std::string& network : networks) {
    const size_t slash = network.find('/');
    const auto base = address_bytes(network.substr(0, slash));
    if (!base) continue;
    int prefix = slash == std::string::npos ? 128 : std::atoi(network.c_str() + slash + 1);
    if (network.find(':') == std::string::npos) prefix += 96;  // an IPv4 network, mapped
    prefix = std::clamp(prefix, 0, 128);
    bool inside = true;
    for (int bit = 0; bit < prefix && inside; ++bit) {
      const unsigned char mask = static_cast<unsigned char>(0x80u >> (bit % 8));
      inside = ((*address)[bit / 8] & mask) == ((*base)[bit / 8] & mask);
    }
    if (inside) return true;
  }
  return false;
}

std::string user_agent() {
  return std::string("newsdex/") + kNewsdexVersion + " (feed indexer; +https://github.com/newsdex/newsdex)";
}

std::string site_of(std::string_view url) {
  const auto parts = http_url_parts(url);
  if (!parts) return {};
  return parts->scheme + "://" + parts->host + ":" + parts->effective_port();
}

bool is_http_url(std::string_view text) {
  auto starts_with_nocase = [&](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
  };
  return starts_with_nocase("http://") || starts_with_nocase("https://");
}

FetchResponse fetch(std::string_view url, const FetchOptions& options) {
  if (!is_http_url(url)) throw InputError(std::string(url) + ": only http and https URLs can be fetched");
  ensure_curl_initialised();
  Transfer transfer({std::string(url), options.if_none_match, options.if_modified_since}, options);
  FetchResult result = transfer.finish(curl_easy_perform(transfer.handle()));
  if (!result.response) throw RuntimeFailure(result.error);
  return std::move(*result.response);
}

FetchResponse post(std::string_view url, const std::string& body, std::string_view content_type,
                   const FetchOptions& options) {
  if (!is_http_url(url)) throw InputError(std::string(url) + ": only http and https URLs can be posted to");
  ensure_curl_initialised();
  Transfer transfer({std::string(url), {}, {}}, options, &body, content_type);
  FetchResult result = transfer.finish(curl_easy_perform(transfer.handle()));
  if (!result.response) throw RuntimeFailure(result.error);
  return std::move(*result.response);
}

namespace {

// The requests of fetch_all waiting to start, queued by site, and when each site may next be
// asked. Sites take turns, so that one large site does not hold the others back.
class SiteQueues {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SiteQueues(const std::vector<FetchRequest>& requests) {
    for (size_t i = 0; i < requests.size(); ++i) {
      const std::string site = site_of(requests[i].url);
      auto [found, added] = sites_.try_emplace(site);
      if (added) order_.push_back(site);
      found->second.waiting.push_back(i);
    }
    waiting_ = requests.size();
  }

  bool empty() const { return waiting_ == 0; }

  // The next request that may start now, if any, and its site's clock: its site has fewer than
  // kPerSite running, and, for a request with a site_delay, the site's previous request has
  // left at least that long ago. Marks it started.
  std::optional<std::pair<size_t, SiteClock*>> next_ready(const std::vector<FetchRequest>& requests,
                                                          Clock::time_point now) {
    for (size_t turn = 0; turn < order_.size(); ++turn) {
      Site& site = sites_[order_[(next_turn_ + turn) % order_.size()]];
      if (site.waiting.empty() || site.running >= kPerSite) continue;
      const size_t index = site.waiting.front();
      if (!ready(site, requests[index], now)) continue;
      site.waiting.pop_front();
      ++site.running;
      --waiting_;
      next_turn_ = (next_turn_ + turn + 1) % order_.size();
      return std::pair{index, &site.clock};
    }
    return std::nullopt;
  }

  // How long until a waiting request may start, at most a second (for polling).
  Clock::duration wait(const std::vector<FetchRequest>& requests, Clock::time_point now) const {
    Clock::duration shortest = std::chrono::seconds(1);
    for (const auto& [name, site] : sites_) {
      if (site.waiting.empty() || site.running >= kPerSite || !site.clock.last_sent || site.clock.unsent > 0) continue;
      shortest = std::min(shortest, *site.clock.last_sent + requests[site.waiting.front()].site_delay - now);
    }
    return std::max<Clock::duration>(shortest, std::chrono::milliseconds(1));
  }

  void finished(const std::string& url) { --sites_[site_of(url)].running; }

 private:
  static constexpr unsigned kPerSite = 2;  // connections at once to one site, as browsers and crawlers use

  struct Site {
    std::deque<size_t> waiting;
    unsigned running = 0;
    SiteClock clock;
  };

  static bool ready(const Site& site, const FetchRequest& request, Clock::time_point now) {
    if (request.site_delay <= std::chrono::milliseconds(0)) return true;
    if (site.clock.unsent > 0) return false;  // the previous request has not left: its time is unknown
    return !site.clock.last_sent || now >= *site.clock.last_sent + request.site_delay;
  }
  std::map<std::string, Site> sites_;
  std::vector<std::string> order_;
  size_t next_turn_ = 0;
  size_t waiting_ = 0;
};

}  // namespace

void fetch_all(const std::vector<FetchRequest>& requests, const FetchOptions& options, unsigned jobs,
               const std::function<void(FetchResult)>& on_result, const std::function<bool()>& stop) {
  ensure_curl_initialised();
  MultiHandle multi(curl_multi_init(), &curl_multi_cleanup);
  if (!multi) throw RuntimeFailure("cannot initialise libcurl's multi interface");
  jobs = std::max(jobs, 1u);
  // Politeness: at most two connections to any one host and port, however many jobs run.
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, 2L);
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(jobs));
  curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);

  SiteQueues queues(requests);
  std::vector<std::unique_ptr<Transfer>> running;
  auto start_more = [&] {
    const auto now = SiteQueues::Clock::now();
    while (running.size() < jobs && !(stop && stop())) {
      const auto next = queues.next_ready(requests, now);
      if (!next) break;
      const FetchRequest& request = requests[next->first];
      if (!is_http_url(request.url)) {
        queues.finished(request.url);
        on_result({request, std::nullopt, request.url + ": only http and https URLs can be fetched"});
        continue;
      }
      running.push_back(std::make_unique<Transfer>(request, options));
      running.back()->pace_with(*next->second);
      curl_multi_add_handle(multi.get(), running.back()->handle());
    }
  };
  start_more();
  while (!running.empty() || (!queues.empty() && !(stop && stop()))) {
    int still_running = 0;
    if (curl_multi_perform(multi.get(), &still_running) != CURLM_OK)
      throw RuntimeFailure("libcurl's multi interface failed");
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* finished = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &finished);
      const CURLcode code = message->data.result;
      curl_multi_remove_handle(multi.get(), message->easy_handle);
      auto owner = std::find_if(running.begin(), running.end(), [&](const auto& t) { return t.get() == finished; });
      std::unique_ptr<Transfer> transfer = std::move(*owner);
      running.erase(owner);
      transfer->release_clock();
      queues.finished(transfer->request().url);
      on_result(transfer->finish(code));
    }
    if (stop && stop()) {
      for (auto& transfer : running) {
        curl_multi_remove_handle(multi.get(), transfer->handle());
        transfer->release_clock();
      }
      running.clear();
      break;
    }
    start_more();
    // Until a transfer has news, or until the next site's delay is over.
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(queues.wait(requests, SiteQueues::Clock::now()));
    if (!running.empty() || !queues.empty()) {
      curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(wait.count()) + 1, nullptr);
    }
  }
}

SourceDocument read_source(std::string_view source, const FetchOptions& options) {
  SourceDocument document{std::string(source), {}, {}, {}, true};
  if (is_http_url(source)) {
    FetchResponse response = fetch(source, options);
    if (response.status < 200 || response.status >= 300) {
      throw RuntimeFailure(document.name + ": HTTP " + std::to_string(response.status));
    }
    document.bytes = std::move(response.body);
    document.url = std::move(response.effective_url);
    document.content_type = std::move(response.content_type);
    document.internal_address = response.internal_address;
    return document;
  }
  const std::string too_large =
      document.name + ": larger than " + std::to_string(options.max_file_bytes) + " bytes, the limit for one document";
  if (source == "-") {
    char buffer[1 << 16];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      document.bytes.append(buffer, static_cast<size_t>(std::cin.gcount()));
      if (document.bytes.size() > options.max_file_bytes) throw InputError(too_large);
    }
    return document;
  }
  if (source.find("://") != std::string_view::npos) {
    throw InputError(document.name + ": only http and https URLs can be fetched");
  }
  std::error_code error;
  if (std::filesystem::is_directory(document.name, error)) {
    throw InputError(document.name + ": is a directory, not a feed file");
  }
  // Refused before reading, so that a huge file costs neither time nor memory.
  if (const auto size = std::filesystem::file_size(document.name, error); !error && size > options.max_file_bytes) {
    throw InputError(too_large);
  }
  std::ifstream file(document.name, std::ios::binary);
  if (!file) throw InputError(document.name + ": cannot open file");
  // Read straight into the document: a large feed is not copied through a stream buffer.
  if (const auto size = std::filesystem::file_size(document.name, error); !error) document.bytes.reserve(size);
  char buffer[1 << 16];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
    document.bytes.append(buffer, static_cast<size_t>(file.gcount()));
    if (document.bytes.size() > options.max_file_bytes) throw InputError(too_large);
  }
  if (file.bad()) throw InputError(document.name + ": cannot read file");
  return document;
}

}  // namespace newsdex::feeds
