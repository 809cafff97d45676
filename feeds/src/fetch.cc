#include "newsdex/fetch.h"

#include <curl/curl.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "newsdex/error.h"
#include "newsdex/text.h"
#include "newsdex/version.h"

namespace newsdex::feeds {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

void ensure_curl_initialised() { static CurlGlobal global; }

using EasyHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

struct Transfer {
  FetchResponse* response;
  std::size_t max_body_bytes;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->response->body.size() + bytes > transfer->max_body_bytes) {
    transfer->too_large = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  transfer->response->body.append(data, bytes);
  return bytes;
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<Transfer*>(user)->response;
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {  // a new response (after a redirect): forget the previous one's
    response->etag.clear();
    response->last_modified.clear();
  } else if (header_is(line, "etag")) {
    response->etag = trim(line.substr(5));
  } else if (header_is(line, "last-modified")) {
    response->last_modified = trim(line.substr(14));
  }
  return size * count;
}

}  // namespace

std::string user_agent() {
  return std::string("newsdex/") + kNewsdexVersion + " (feed indexer; +https://github.com/newsdex/newsdex)";
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
  EasyHandle easy(curl_easy_init(), &curl_easy_cleanup);
  if (!easy) throw RuntimeFailure(std::string(url) + ": cannot initialise libcurl");

  FetchResponse response;
  Transfer transfer{&response, options.max_body_bytes};
  char error_buffer[CURL_ERROR_SIZE] = "";
  const std::string url_text(url);
  const std::string agent = user_agent();
  HeaderList headers(nullptr, &curl_slist_free_all);
  auto add_header = [&](const std::string& header) {
    headers.reset(curl_slist_append(headers.release(), header.c_str()));
  };
  if (!options.if_none_match.empty()) add_header("If-None-Match: " + options.if_none_match);
  if (!options.if_modified_since.empty()) add_header("If-Modified-Since: " + options.if_modified_since);

  CURL* handle = easy.get();
  curl_easy_setopt(handle, CURLOPT_URL, url_text.c_str());
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(handle, CURLOPT_MAXREDIRS, options.max_redirects);
  // Never file://, ftp:// or others, not even through a redirect.
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  curl_easy_setopt(handle, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);

  const CURLcode result = curl_easy_perform(handle);
  if (result != CURLE_OK) {
    if (transfer.too_large || result == CURLE_FILESIZE_EXCEEDED) {
      throw RuntimeFailure(url_text + ": body larger than " + std::to_string(options.max_body_bytes) + " bytes");
    }
    throw RuntimeFailure(url_text + ": " + (*error_buffer ? error_buffer : curl_easy_strerror(result)));
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  if (curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    response.content_type = content_type;
  }
  char* effective_url = nullptr;
  curl_easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &effective_url);
  response.effective_url = effective_url ? effective_url : url_text;
  return response;
}

SourceDocument read_source(std::string_view source, const FetchOptions& options) {
  SourceDocument document{std::string(source), {}, {}, {}};
  if (is_http_url(source)) {
    FetchResponse response = fetch(source, options);
    if (response.status < 200 || response.status >= 300) {
      throw RuntimeFailure(document.name + ": HTTP " + std::to_string(response.status));
    }
    document.bytes = std::move(response.body);
    document.url = std::move(response.effective_url);
    document.content_type = std::move(response.content_type);
    return document;
  }
  const std::string too_large = document.name + ": larger than " + std::to_string(options.max_file_bytes) +
                                " bytes; no feed is that large";
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
