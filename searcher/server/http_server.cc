// Connections of `newsdex-search serve`, on Boost.Beast: one I/O thread reads requests and writes
// answers for every connection, and hands each search to a pool of workers. A connection costs
// a worker only while its request is answered, so clients that are slow to send, idle, or many
// cannot keep the searches of others from running (docs/http-api.md says why Beast).
#include "http_server.h"

#include <sys/resource.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <list>
#include <optional>
#include <thread>

#include "api.h"
#include "newsdex/error.h"
#include "newsdex/search.h"

namespace newsdex::search::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// No inline script or style, nothing from another origin, never inside a frame: a link or text
// from a feed that got past the filters still cannot run script on this origin.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

std::chrono::steady_clock::duration seconds(double value) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(value));
}

// Open connections at most when the options leave it to the server: what the file limit allows
// beside the index's own files.
std::size_t connection_cap(const ServerOptions& options) {
  if (options.max_connections > 0) return options.max_connections;
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY) return 10'000;
  return static_cast<std::size_t>(std::clamp<rlim_t>(files.rlim_cur / 2, 16, 10'000));
}

class Connection;

// What the connections share: the options, the API, the I/O loop, the workers.
struct ServerCore {
  ServerOptions options;
  unsigned workers;
  Api api;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::thread_pool pool;
  asio::steady_timer accept_retry{io};
  std::list<Connection*> connections;  // oldest first; touched by the I/O thread only
  std::size_t max_connections;
  bool stopping = false;
  int port = 0;

  ServerCore(std::string database_path, ServerOptions server_options)
      : options(std::move(server_options)),
        workers(options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency())),
        api(std::move(database_path), options, workers),
        pool(workers),
        max_connections(connection_cap(options)) {}

  void listen();
  void accept();
  void make_room();
  void stop_now();
};

// One client connection: wait for a request, read it whole within the deadline, answer it,
// and wait for the next (pipelined requests are read after the answer before them is written,
// so they are answered in order).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, ServerCore& server) : stream_(std::move(socket)), server_(server) {
    server_.connections.push_back(this);
    place_ = std::prev(server_.connections.end());
  }
  ~Connection() { server_.connections.erase(place_); }

  void start() { wait_for_request(server_.options.request_seconds); }

  // True while the connection waits for a request or reads one: what may be closed to make room.
  bool is_waiting() const { return !answering_; }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  // Waits up to `wait_seconds` for the first byte of the next request.
  void wait_for_request(double wait_seconds) {
    answering_ = false;
    if (server_.stopping) return close();
    if (buffer_.size() > 0) return read_header();  // pipelined: the next request is here already
    stream_.expires_after(seconds(wait_seconds));
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
                              if (error) return self->close();  // idle too long, or the client went away
                              self->buffer_.commit(bytes);
                              self->read_header();
                            });
  }

  void read_header() {
    const ServerOptions& options = server_.options;
    parser_.emplace();
    // The request line is limited by the target check below; the fields by their own limit.
    parser_->header_limit(static_cast<std::uint32_t>(options.max_request_bytes + options.max_header_bytes + 1024));
    parser_->body_limit(options.max_request_bytes);
    // One deadline for the whole request, headers and body: a client that trickles bytes
    // cannot hold the connection longer than this.
    stream_.expires_after(seconds(options.request_seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              if (error) return self->refuse_unreadable(error);
                              self->check_header();
                            });
  }

  void check_header() {
    const ServerOptions& options = server_.options;
    const auto& request = parser_->get();
    std::size_t lines = 0, field_bytes = 0;
    for (const auto& field : request) {
      ++lines;
      field_bytes += field.name_string().size() + field.value().size() + 4;
    }
    if (lines > options.max_header_lines || field_bytes > options.max_header_bytes) {
      return refuse(431, "the request has " + std::to_string(lines) + " header lines of " +
                             std::to_string(field_bytes) + " bytes; the limits are " +
                             std::to_string(options.max_header_lines) + " lines and " +
                             std::to_string(options.max_header_bytes) + " bytes");
    }
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      Reply reply =
          error_reply(405, "method " + std::string(request.method_string()) + " is not allowed; the API answers GET");
      reply.allow = "GET, HEAD";
      return send(std::move(reply), false);
    }
    if (request.target().size() > options.max_request_bytes) {
      return refuse(413, "the request is longer than " + std::to_string(options.max_request_bytes) + " bytes");
    }
    if (const auto length = parser_->content_length(); length && *length > options.max_request_bytes) {
      return refuse(413, "the request body is " + std::to_string(*length) + " bytes; the limit is " +
                             std::to_string(options.max_request_bytes));
    }
    if (parser_->is_done()) return dispatch();
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return self->refuse_unreadable(error);
      self->dispatch();
    });
  }

  // A request that could not be read whole: answered when the client can still read the
  // answer, closed when it is gone or out of time.
  void refuse_unreadable(beast::error_code error) {
    if (error == http::error::header_limit || error == http::error::buffer_overflow) {
      return refuse(
          431, "the request's headers are larger than " + std::to_string(server_.options.max_header_bytes) + " bytes");
    }
    if (error == http::error::body_limit) {
      return refuse(413,
                    "the request body is larger than " + std::to_string(server_.options.max_request_bytes) + " bytes");
    }
    if (error.category() == http::make_error_code(http::error::bad_target).category() &&
        error != http::error::end_of_stream && error != http::error::partial_message) {
      return refuse(400, "malformed request: " + error.message());
    }
    close();  // timed out, closed by the client, or closed to make room
  }

  // Answers with an error and closes the connection: the rest of the request is unread.
  void refuse(unsigned status, const std::string& message) { send(error_reply(status, message), false); }

  void dispatch() {
    answering_ = true;
    stream_.expires_never();
    const auto& request = parser_->get();
    head_ = request.method() == http::verb::head;
    const bool keep_alive = request.keep_alive();
    const std::string_view target(request.target().data(), request.target().size());
    if (const Reply* file = page_file(target.substr(0, target.find('?')))) return send(*file, keep_alive);
    // The search runs on a worker; its answer comes back to the I/O thread, which alone
    // touches connections. The work guard keeps the I/O loop running meanwhile.
    // The Atom feed's self link: this request's own address, as a proxy in front received it.
    const auto host = request.find(http::field::host);
    const auto scheme = request.find("X-Forwarded-Proto");
    std::string origin;
    if (host != request.end()) {
      origin =
          (scheme != request.end() && scheme->value() == "https" ? "https://" : "http://") + std::string(host->value());
    }
    asio::post(server_.pool, [self = shared_from_this(), target = std::string(target), origin = std::move(origin),
                              queued = Clock::now(), keep_alive, guard = asio::make_work_guard(server_.io)]() mutable {
      Reply reply = Clock::now() - queued > seconds(self->server_.options.time_limit_seconds)
                        ? error_reply(503, "busy: the search waited longer than the time limit for a worker; try again")
                        : self->server_.api.answer(target, origin);
      asio::io_context& io = self->server_.io;  // before `self` is moved into the handler
      asio::post(io, [self = std::move(self), reply = std::move(reply), keep_alive]() mutable {
        self->send(std::move(reply), keep_alive);
      });
    });
  }

  void send(Reply reply, bool keep_alive) {
    answering_ = true;
    auto response = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), 11);
    response->set(http::field::content_type, reply.content_type);
    response->set("X-Content-Type-Options", "nosniff");
    response->set("Referrer-Policy", "no-referrer");
    response->set("Content-Security-Policy", kContentSecurityPolicy);
    if (server_.options.cors) response->set(http::field::access_control_allow_origin, "*");
    if (!reply.allow.empty()) response->set(http::field::allow, reply.allow);
    response->keep_alive(keep_alive && !server_.stopping);
    response->body() = std::move(reply.body);
    response->prepare_payload();
    if (head_) response->body().clear();  // HEAD: the GET's headers, Content-Length included
    head_ = false;
    stream_.expires_after(seconds(server_.options.write_seconds));
    http::async_write(stream_, *response, [self = shared_from_this(), response](beast::error_code error, std::size_t) {
      if (error) return self->close();
      if (!response->keep_alive()) return self->linger_then_close();
      self->wait_for_request(self->server_.options.idle_seconds);
    });
  }

  // Closes after the last answer: stops sending, then reads and drops what the client still
  // sends for a moment (the rest of a refused request), so that closing with unread data does
  // not reset the connection before the client has read the answer ("lingering close", as
  // web servers do).
  void linger_then_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    drain(0);
  }

  void drain(std::size_t drained) {
    constexpr std::size_t kMostDrained = 1024 * 1024;
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this(), drained](beast::error_code error, std::size_t bytes) {
                              if (error || drained + bytes > kMostDrained) return self->close();
                              self->drain(drained + bytes);
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{64 * 1024};
  std::optional<http::request_parser<http::string_body>> parser_;
  ServerCore& server_;
  std::list<Connection*>::iterator place_;
  std::array<char, 4096> drain_buffer_;
  bool answering_ = false;
  bool head_ = false;
};

void ServerCore::listen() {
  beast::error_code error;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, error);
  if (!error && !endpoints.empty()) {
    const tcp::endpoint endpoint = *endpoints.begin();
    acceptor.open(endpoint.protocol(), error);
    // SO_REUSEADDR only (a restarted server need not wait for old connections to time out);
    // never SO_REUSEPORT, which would let a second server share the port silently.
    if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
    if (!error) acceptor.bind(endpoint, error);
    if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (!error) port = acceptor.local_endpoint().port();
  }
  if (error || port <= 0) {
    throw RuntimeFailure("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                         " (address in use, or not an address of this machine)");
  }
}

void ServerCore::accept() {
  acceptor.async_accept(io, [this](beast::error_code error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || stopping) return;
    if (error) {
      // Out of file descriptors, most likely: free one and try again shortly.
      make_room();
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](beast::error_code waited) {
        if (!waited) accept();
      });
      return;
    }
    // Headers and body go out as two writes; Nagle's algorithm would hold the second until
    // the client's delayed ACK, 40 ms on Linux.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (connections.size() >= max_connections) make_room();
    std::make_shared<Connection>(std::move(socket), *this)->start();
    accept();
  });
}

void ServerCore::make_room() {
  for (Connection* connection : connections) {
    if (connection->is_waiting()) return connection->close();
  }
}

void ServerCore::stop_now() {
  stopping = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  // Connections being answered close after their answer is written.
  for (Connection* connection : connections) {
    if (connection->is_waiting()) connection->close();
  }
}

}  // namespace

struct HttpServer::Impl {
  ServerCore core;
};

HttpServer::HttpServer(std::string database_path, ServerOptions options) {
  Searcher check(database_path);  // a missing index fails now, not at the first request
  impl_.reset(new Impl{ServerCore(std::move(database_path), std::move(options))});
  impl_->core.listen();
}

HttpServer::~HttpServer() { impl_->core.pool.join(); }

int HttpServer::port() const { return impl_->core.port; }

void HttpServer::run() {
  impl_->core.accept();
  impl_->core.io.run();
  impl_->core.pool.join();
}

void HttpServer::stop() {
  asio::post(impl_->core.io, [core = &impl_->core] { core->stop_now(); });
}

}  // namespace newsdex::search::server
