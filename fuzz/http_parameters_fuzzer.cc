// libFuzzer target: any bytes as the request target of GET /search, /search.atom, /similar/ID,
// /timeline and /trends ("/search?q=...&country=AZ&limit=10"). Reading it either gives a search or throws the
// HttpError (400 or 413) or InputError the API answers with; nothing else, and never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "newsdex/error.h"
#include "request_parameters.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsdex::search::server;
  static const ServerOptions options;
  const std::string target(reinterpret_cast<const char*>(data), size);
  auto expect_api_error = [](auto read) {
    try {
      read();
    } catch (const HttpError& error) {
      if (error.status() != 400 && error.status() != 413) std::abort();
    } catch (const newsdex::InputError&) {
    }
  };
  expect_api_error([&] { timeline_request_from(target, options); });
  expect_api_error([&] {
    if (trends_request_from(target, options).limit > 1000) std::abort();
  });
  for (auto read : {&search_request_from, &similar_request_from, &feed_request_from}) {
    try {
      const newsdex::search::SearchRequest request = read(target, options);
      if (request.limit > options.max_limit || request.query.size() > options.max_query_bytes) std::abort();
    } catch (const HttpError& error) {
      if (error.status() != 400 && error.status() != 413) std::abort();
    } catch (const newsdex::InputError&) {
    }
  }
  return 0;
}
