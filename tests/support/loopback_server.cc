#include "loopback_server.h"

#include <zlib.h>

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

std::string gzipped_zeros(unsigned megabytes) {
  std::string gzipped;
  z_stream stream{};
  if (deflateInit2(&stream, 9, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("zlib");
  const std::string zeros(1 << 20, '\0');
  std::string out(1 << 16, '\0');
  for (unsigned megabyte = 0; megabyte <= megabytes; ++megabyte) {
    const bool last = megabyte == megabytes;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    stream.avail_in = last ? 0 : static_cast<uInt>(zeros.size());
    do {
      stream.next_out = reinterpret_cast<Bytef*>(out.data());
      stream.avail_out = static_cast<uInt>(out.size());
      deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
      gzipped.append(out.data(), out.size() - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  return gzipped;
}

}  // namespace newsdex::testing
