#include "api.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "newsdex/atom.h"
#include "newsdex/error.h"
#include "newsdex/index_stats.h"
#include "newsdex/search.h"
#include "newsdex/trends.h"
#include "request_parameters.h"

namespace newsdex::embedded {
extern const std::string_view kSearchPage;
extern const std::string_view kSearchPageScript;
extern const std::string_view kSearchPageStyle;
}  // namespace newsdex::embedded

namespace newsdex::search::server {
namespace {

Reply json_reply(const nlohmann::ordered_json& body, unsigned status = 200) {
  return {status, "application/json", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
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

// The id after an endpoint's prefix ("/articles/ID"), or nullopt for another path.
std::optional<std::string> id_after(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix) || path.size() == prefix.size()) return std::nullopt;
  return std::string(path.substr(prefix.size()));
}

}  // namespace

Reply error_reply(unsigned status, const std::string& message) {
  return json_reply({{"error", {{"status", status}, {"message", message}}}}, status);
}

const Reply* page_file(std::string_view path) {
  static const Reply kPage{200, "text/html; charset=utf-8", std::string(embedded::kSearchPage), {}};
  static const Reply kScript{200, "text/javascript; charset=utf-8", std::string(embedded::kSearchPageScript), {}};
  static const Reply kStyle{200, "text/css; charset=utf-8", std::string(embedded::kSearchPageStyle), {}};
  if (path == "/") return &kPage;
  if (path == "/search-page.js") return &kScript;
  if (path == "/search-page.css") return &kStyle;
  return nullptr;
}

struct Api::Impl {
  std::string database_path;
  const ServerOptions& options;
  SearcherPool searchers;

  Reply route(std::string_view target, std::string_view origin) {
    const std::string path = decoded_path(target);
    if (path == "/healthz") return json_reply({{"ok", true}});
    if (path == "/stats") {
      expect_no_parameters(target);
      return json_reply(to_json(read_index_stats(database_path)));
    }
    if (path == "/search") {
      const SearchRequest request = search_request_from(target, options);
      return json_reply(to_json(searchers.lease()->search(request)));
    }
    if (path == "/timeline") {
      const TimelineRequest request = timeline_request_from(target, options);
      return json_reply(to_json(searchers.lease()->timeline(request)));
    }
    if (path == "/trends") {
      const TrendsRequest request = trends_request_from(target, options);
      return json_reply(to_json(searchers.lease()->trends(request)));
    }
    if (path == "/search.atom") {
      const SearchRequest request = feed_request_from(target, options);
      const std::string self = origin.empty() ? std::string() : std::string(origin) + std::string(target);
      auto searcher = searchers.lease();
      const SearchResponse response = searcher->search(request);
      return {
          200, "application/atom+xml; charset=utf-8", to_atom(request, response, searcher->last_indexed(), self), {}};
    }
    if (const auto id = id_after(path, "/articles/")) {
      expect_no_parameters(target);
      auto searcher = searchers.lease();
      const std::optional<Article> article = searcher->article(*id);
      if (!article) throw HttpError(404, "no article with id '" + *id + "'");
      return json_reply(article_to_json(*article, searcher->copies(*id)));
    }
    if (const auto id = id_after(path, "/similar/")) {
      SearchRequest request = similar_request_from(target, options);
      request.query = *id;
      const std::optional<SearchResponse> similar = searchers.lease()->similar(*id, request);
      if (!similar) throw HttpError(404, "no article with id '" + *id + "'");
      return json_reply(to_json(*similar));
    }
    if (const auto id = id_after(path, "/view/")) {
      // The article view: the search page, which reads /articles/{id} and /similar/{id} itself;
      // a 404 for an unknown id, so that links checkers and crawlers see it.
      expect_no_parameters(target);
      Reply page = *page_file("/");
      if (!searchers.lease()->article(*id)) page.status = 404;
      return page;
    }
    if (const auto name = id_after(path, "/values/")) {
      expect_no_parameters(target);
      const std::optional<Facet> facet = facet_from_name(*name);
      if (!facet) throw HttpError(404, "no facet named '" + *name + "' (country, topic, source, language or month)");
      return json_reply(to_json(searchers.lease()->values(*facet)));
    }
    throw HttpError(404, "no such path: " + path);
  }
};

Api::Api(std::string database_path, const ServerOptions& options, unsigned workers)
    : impl_(new Impl{database_path, options, SearcherPool(database_path, workers, options.time_limit_seconds)}) {}

Api::~Api() = default;

Reply Api::answer(std::string_view target, std::string_view origin) {
  try {
    return impl_->route(target, origin);
  } catch (const HttpError& error) {
    return error_reply(error.status(), error.what());
  } catch (const TimeLimitExceeded& error) {
    return error_reply(503, error.what());
  } catch (const InputError& error) {
    return error_reply(400, error.what());
  } catch (const std::exception& error) {
    return error_reply(500, error.what());
  }
}

}  // namespace newsdex::search::server
