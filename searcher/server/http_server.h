// The HTTP JSON API and search page of `newsdex-search serve` (CONTRACT.md, docs/http-api.md),
// on cpp-httplib. Internal to the program: embedders use newsdex/search.h directly.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace newsdex::search::server {

// How the server listens and what it accepts.
struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (the bound one is reported)
  unsigned threads = 0;            // request workers; 0: one per core
  bool cors = false;               // answer browsers from any origin (Access-Control-Allow-Origin: *)
  std::size_t max_request_bytes = 8 * 1024;   // request target and body; more is refused with 413
  std::size_t max_query_bytes = 4 * 1024;     // the q parameter; more is refused with 413
  unsigned max_limit = 100;                   // largest `limit` a client may ask for
  double time_limit_seconds = 10;             // per search; then 503
};

// A running HTTP server over one index. Requests are answered by a pool of workers, each with
// its own Searcher (they are not shared between threads).
class HttpServer {
 public:
  // Checks that the index opens and binds the address; throws RuntimeFailure when either fails.
  HttpServer(std::string database_path, ServerOptions options);
  ~HttpServer();

  // The port actually bound (useful with port 0).
  int port() const;

  // Serves until stop() is called; returns after the requests in hand are answered.
  void run();

  // Makes run() return. Safe to call from another thread (not from a signal handler).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex::search::server
