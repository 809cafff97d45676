// A real HTTP server on 127.0.0.1 with a random port, for tests and the sample run.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <thread>

namespace newsdex::testing {

// Listens on a loopback address (127.0.0.1 unless told another of 127.0.0.0/8) on a port the kernel picks, serving from
// its own thread until destroyed. Register handlers on server() before issuing requests.
class LoopbackServer {
 public:
  explicit LoopbackServer(std::string host = "127.0.0.1");
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // "http://HOST:PORT" + path.
  std::string url(std::string_view path = "/") const;

  // Serves `body` at `path` with the given status and content type.
  void serve(const std::string& path, std::string body, std::string content_type = "application/rss+xml",
             int status = 200);

  // Serves the files of a directory under `mount` ("/feeds" → /feeds/NAME).
  void serve_directory(const std::string& mount, const std::string& directory);

  httplib::Server& server() { return server_; }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  std::string host_;
  int port_ = 0;
  std::thread thread_;
};

// A gzip bomb: `megabytes` MB of zeros, gzipped (about a thousandth of the size). Served with
// Content-Encoding: gzip, it is small on the wire and huge once decoded.
std::string gzipped_zeros(unsigned megabytes);

}  // namespace newsdex::testing
