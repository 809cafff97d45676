#include "http_server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "newsdex/error.h"
#include "newsdex/index_stats.h"
#include "newsdex/atom.h"
#include "newsdex/trends.h"
#include "newsdex/search.h"
#include "request_parameters.h"

namespace newsdex::embedded {
extern const std::string_view kSearchPage;
}

namespace newsdex::search::server {
namespace {

void send_json(httplib::Response& response, const nlohmann::ordered_json& body, int status = 200) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& response, int status, const std::string& message) {
  send_json(response, {{"error", {{"status", status}, {"message", message}}}}, status);
}

// Searchers for the workers: at most `size` searches run at once (more would only share the
// cores more thinly), each on a Searcher no other thread is using. A worker that waits longer
// than the time limit for one gives up with 503.
class SearcherPool {
 public:
  SearcherPool(std::string path, unsigned size, double wait_seconds)
      : path_(std::move(path)), size_(size), wait_(std::chrono::duration<double>(wait_seconds)) {}

  // A Searcher lent to one request; it goes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> searcher) : pool_(pool), searcher_(std::move(searcher)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(searcher_)); }
    Searcher& operator*() { return *searcher_; }
    Searcher* operator->() { return searcher_.get(); }

   private:
    SearcherPool& pool_;
    std::unique_ptr<Searcher> searcher_;
  };

  Lease lease() {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, wait_, [&] { return !idle_.empty() || created_ < size_; })) {
      throw HttpError(503, "busy: every search worker stayed busy; try again");
    }
    if (!idle_.empty()) {
      std::unique_ptr<Searcher> searcher = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(searcher));
    }
    ++created_;
    lock.unlock();
    try {
      return Lease(*this, std::make_unique<Searcher>(path_));
    } catch (...) {
      lock.lock();
      --created_;
      available_.notify_one();
      throw;
    }
  }

 private:
  void give_back(std::unique_ptr<Searcher> searcher) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(searcher));
    }
    available_.notify_one();
  }

  std::string path_;
  unsigned size_;
  std::chrono::duration<double> wait_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Searcher>> idle_;
  unsigned created_ = 0;
};

// The reason phrase of the errors cpp-httplib answers by itself.
std::string reason(int status) {
  switch (status) {
    case 400: return "bad request";
    case 404: return "no such path";
    case 413: return "the request body is too large";
    case 414: return "the request line is too long";
    case 416: return "range not satisfiable";
    default: return "request failed with status " + std::to_string(status);
  }
}

}  // namespace

struct HttpServer::Impl {
  std::string database_path;
  ServerOptions options;
  SearcherPool searchers;
  httplib::Server http;
  int port = 0;

  Impl(std::string path, ServerOptions server_options)
      : database_path(std::move(path)),
        options(std::move(server_options)),
        searchers(database_path, concurrent_searches(options), options.time_limit_seconds) {}

  static unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }
  static unsigned concurrent_searches(const ServerOptions&) { return cores(); }

  // Runs an endpoint's work, turning newsdex's errors into JSON error responses.
  template <typename Work>
  void answer(httplib::Response& response, Work work) {
    try {
      work();
    } catch (const HttpError& error) {
      send_error(response, error.status(), error.what());
    } catch (const TimeLimitExceeded& error) {
      send_error(response, 503, error.what());
    } catch (const InputError& error) {
      send_error(response, 400, error.what());
    } catch (const std::exception& error) {
      send_error(response, 500, error.what());
    }
  }

  void search(const httplib::Request& http_request, httplib::Response& response) {
    const SearchRequest request = search_request_from(http_request.target, options);
    auto searcher = searchers.lease();
    send_json(response, to_json(searcher->search(request)));
  }

  void register_routes() {
    http.Get("/", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(std::string(embedded::kSearchPage), "text/html; charset=utf-8");
    });
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
      send_json(response, {{"ok", true}});
    });
    http.Get("/stats", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] {
        expect_no_parameters(request.target);
        send_json(response, to_json(read_index_stats(database_path)));
      });
    });
    http.Get("/search", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] { search(request, response); });
    });
    http.Get("/timeline", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] {
        const TimelineRequest timeline_request = timeline_request_from(request.target, options);
        auto searcher = searchers.lease();
        send_json(response, to_json(searcher->timeline(timeline_request)));
      });
    });
    http.Get("/trends", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] {
        const TrendsRequest trends_request = trends_request_from(request.target, options);
        auto searcher = searchers.lease();
        send_json(response, to_json(searcher->trends(trends_request)));
      });
    });
    http.Get("/search.atom", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] {
        const SearchRequest feed_request = feed_request_from(request.target, options);
        auto searcher = searchers.lease();
        const std::string self = request.has_header("Host") ? "http://" + request.get_header_value("Host") + request.target
                                                            : std::string();
        response.set_content(to_atom(feed_request, searcher->search(feed_request), self),
                             "application/atom+xml; charset=utf-8");
      });
    });
    http.Get(R"(/articles/(.+))", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] {
        expect_no_parameters(request.target);
        const std::string id = request.matches[1];
        auto searcher = searchers.lease();
        const std::optional<Article> article = searcher->article(id);
        if (!article) throw HttpError(404, "no article with id '" + id + "'");
        send_json(response, article_to_json(*article, searcher->copies(id)));
      });
    });
    http.Get(R"(/similar/(.+))", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] {
        const std::string id = request.matches[1];
        SearchRequest search_request = similar_request_from(request.target, options);
        search_request.query = id;
        auto searcher = searchers.lease();
        const std::optional<SearchResponse> similar = searcher->similar(id, search_request);
        if (!similar) throw HttpError(404, "no article with id '" + id + "'");
        send_json(response, to_json(*similar));
      });
    });
    // Only GET (and HEAD) mean anything here.
    auto refuse_method = [](const httplib::Request& request, httplib::Response& response) {
      send_error(response, 405, "method " + request.method + " is not allowed; the API answers GET");
      response.set_header("Allow", "GET, HEAD");
    };
    http.Post(".*", refuse_method);
    http.Put(".*", refuse_method);
    http.Patch(".*", refuse_method);
    http.Delete(".*", refuse_method);
  }

  void configure() {
    const unsigned workers = options.threads > 0 ? options.threads : std::max(16u, 8 * cores());
    // cpp-httplib gives each open connection a worker for as long as it is kept alive, so there
    // are more workers than cores; the searcher pool keeps the searches themselves to one a core.
    http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    http.set_payload_max_length(options.max_request_bytes);
    // SO_REUSEADDR only: cpp-httplib's default SO_REUSEPORT would let a second server share the
    // port silently instead of failing to start. TCP_NODELAY (inherited by accepted sockets):
    // headers and body go out as two writes, and Nagle's algorithm would hold the second until
    // the client's delayed ACK, 40 ms on Linux.
    http.set_socket_options([](int socket) {
      int yes = 1;
      setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    });
    http.set_read_timeout(std::chrono::seconds(10));
    http.set_write_timeout(std::chrono::seconds(10));
    http.set_keep_alive_timeout(5);
    http.set_keep_alive_max_count(1000);
    http.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
      if (request.target.size() > options.max_request_bytes) {
        send_error(response, 413, "the request is longer than " + std::to_string(options.max_request_bytes) + " bytes");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_post_routing_handler([this](const httplib::Request&, httplib::Response& response) {
      if (options.cors) response.set_header("Access-Control-Allow-Origin", "*");
      response.set_header("X-Content-Type-Options", "nosniff");
    });
    // Errors cpp-httplib raises itself (no route, a body over the limit, a bad request line)
    // get the same JSON body as the API's own.
    http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
      if (!response.body.empty()) return;
      send_error(response, response.status,
                 response.status == 404 ? "no such path: " + request.path : reason(response.status));
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
      send_error(response, 500, "internal error");
    });
  }
};

HttpServer::HttpServer(std::string database_path, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(database_path), std::move(options))) {
  Searcher check(impl_->database_path);  // a missing index fails now, not at the first request
  impl_->configure();
  impl_->register_routes();
  const ServerOptions& chosen = impl_->options;
  if (chosen.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(chosen.host);
  } else if (impl_->http.bind_to_port(chosen.host, chosen.port)) {
    impl_->port = chosen.port;
  }
  if (impl_->port <= 0) {
    throw RuntimeFailure("cannot listen on " + chosen.host + ":" + std::to_string(chosen.port) +
                         " (address in use, or not an address of this machine)");
  }
}

HttpServer::~HttpServer() = default;

int HttpServer::port() const { return impl_->port; }

void HttpServer::run() { impl_->http.listen_after_bind(); }

void HttpServer::stop() { impl_->http.stop(); }

}  // namespace newsdex::search::server
