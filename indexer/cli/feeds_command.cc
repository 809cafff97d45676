// newsdex-index feeds add|list|remove: the subscriptions that `crawl` fetches.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/feed_store.h"
#include "newsdex/fetch.h"
#include "newsdex/indexer.h"

namespace newsdex::index::cli {
namespace {

struct FeedsOptions {
  std::string url;
  std::string name;
  std::string country;
  std::string topic;
  bool json = false;
};

int add_feed(const GlobalOptions& global, const FeedsOptions& options) {
  if (!feeds::is_http_url(options.url)) {
    throw InputError(options.url + ": only http and https feed URLs can be subscribed");
  }
  Indexer indexer(global.database);
  Subscription feed = indexer.feeds().find(options.url).value_or(Subscription{});
  const bool existed = !feed.url.empty();
  feed.url = options.url;
  feed.name = options.name;
  feed.country = options.country;
  feed.topic = options.topic;
  feed.enabled = true;
  indexer.feeds().save(feed);
  indexer.commit();
  std::cout << (existed ? "updated " : "subscribed ") << feed.url << '\n';
  return 0;
}

int list_feeds(const GlobalOptions& global, const FeedsOptions& options) {
  const std::vector<Subscription> feeds = FeedStore::open_read_only(global.database).list();
  if (options.json) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const Subscription& feed : feeds) array.push_back(to_json(feed));
    std::cout << array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
  }
  for (const Subscription& feed : feeds) {
    std::cout << feed.url;
    if (!feed.title.empty()) std::cout << "  " << feed.title;
    std::cout << "\n  " << feed.articles << " articles";
    if (feed.last_fetch) std::cout << ", last fetched " << format_rfc3339(*feed.last_fetch);
    if (!feed.last_error.empty()) std::cout << ", failing (" << feed.failures << "): " << feed.last_error;
    std::cout << '\n';
  }
  return 0;
}

int remove_feed(const GlobalOptions& global, const FeedsOptions& options) {
  Indexer indexer(global.database);
  if (!indexer.feeds().remove(options.url)) throw InputError(options.url + ": not subscribed");
  indexer.commit();
  std::cout << "unsubscribed " << options.url << " (its articles stay in the index)\n";
  return 0;
}

}  // namespace

void add_feeds_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto options = std::make_shared<FeedsOptions>();
  CLI::App* feeds = app.add_subcommand("feeds", "Manage the feeds that crawl fetches");
  feeds->require_subcommand(1);
  feeds->fallthrough();

  CLI::App* add = feeds->add_subcommand("add", "Subscribe to a feed (fetched by the next crawl)");
  add->add_option("URL", options->url, "http(s) URL of the feed")->required();
  add->add_option("--name", options->name, "Source name for its articles (default: the feed's title)");
  add->add_option("--country", options->country, "Country the feed covers (ISO 3166-1)")->check(validate_country);
  add->add_option("--topic", options->topic, "Topic the feed covers (IPTC slug)")->check(validate_topic);
  add->callback([&action, &global, options] { action = [&global, options] { return add_feed(global, *options); }; });

  CLI::App* list = feeds->add_subcommand("list", "List the subscribed feeds and their crawl state");
  list->add_flag("--json", options->json, "Print the CONTRACT.md JSON array");
  list->callback([&action, &global, options] { action = [&global, options] { return list_feeds(global, *options); }; });

  CLI::App* remove = feeds->add_subcommand("remove", "Unsubscribe from a feed");
  remove->add_option("URL", options->url, "URL of the feed")->required();
  remove->callback([&action, &global, options] { action = [&global, options] { return remove_feed(global, *options); }; });
}

}  // namespace newsdex::index::cli
