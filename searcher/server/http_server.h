// The HTTP JSON API and search page of `newsdex-search serve` (docs/json.md, docs/http-api.md),
// on Boost.Beast. Internal to the program: embedders use newsdex/search.h directly.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace newsdex::search::server {

// How the server listens, what it accepts and how long it waits for clients.
struct ServerOptions {
  std::string host = "127.0.0.1";            // loopback unless told otherwise
  int port = 8080;                           // 0: any free port (the bound one is reported)
  unsigned threads = 0;                      // searches answered at once; 0: one per core
  bool cors = false;                         // answer browsers from any origin (Access-Control-Allow-Origin: *)
  std::size_t max_request_bytes = 8 * 1024;  // request target and body; more is refused with 413
  std::size_t max_header_bytes = 8 * 1024;   // header fields together; more is refused with 431
  std::size_t max_header_lines = 100;        // header fields; more is refused with 431
  std::size_t max_query_bytes = 4 * 1024;    // the q parameter; more is refused with 413
  unsigned max_limit = 100;                  // largest `limit` a client may ask for
  double time_limit_seconds = 10;            // per search, queueing included; then 503
  double request_seconds = 10;               // a request (line, headers and body) must arrive whole within this
  double idle_seconds = 5;                   // a kept-alive connection with no request coming is closed after this
  double write_seconds = 10;                 // an answer the client does not read within this is abandoned
  // Open connections at most; 0: from the process's file limit. A new connection beyond it
  // closes the oldest one that is idle or still sending its request, never one being answered.
  std::size_t max_connections = 0;
};

// A running HTTP server over one index. One thread reads and writes every connection (slow or
// idle clients cost a socket and a little memory, never a worker); searches run on a pool of
// workers, each with its own Searcher (they are not shared between threads).
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
