#include "loopback_server.h"

#include <stdexcept>

namespace newsdex::testing {

LoopbackServer::LoopbackServer(std::string host) : host_(std::move(host)) {
  port_ = server_.bind_to_any_port(host_);
  if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // The socket already listens (bind_to_any_port); wait for the accept loop too.
  while (!server_.is_running()) std::this_thread::yield();
}

LoopbackServer::~LoopbackServer() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string LoopbackServer::url(std::string_view path) const {
  return "http://" + host_ + ":" + std::to_string(port_) + std::string(path);
}

void LoopbackServer::serve(const std::string& path, std::string body, std::string content_type, int status) {
  server_.Get(path, [body = std::move(body), content_type = std::move(content_type), status](
                        const httplib::Request&, httplib::Response& response) {
    response.status = status;
    response.set_content(body, content_type);
  });
}

void LoopbackServer::serve_directory(const std::string& mount, const std::string& directory) {
  if (!server_.set_mount_point(mount, directory)) throw std::runtime_error("cannot serve " + directory);
  server_.set_file_extension_and_mimetype_mapping("rss", "application/rss+xml");
  server_.set_file_extension_and_mimetype_mapping("atom", "application/atom+xml");
}

}  // namespace newsdex::testing
