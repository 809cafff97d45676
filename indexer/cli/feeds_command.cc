// newsdex-index feeds add|set|list|import|export|enable|disable|remove: the subscriptions that
// `crawl` fetches.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "newsdex/error.h"
#include "newsdex/feed_store.h"
#include "newsdex/fetch.h"
#include "newsdex/indexer.h"
#include "newsdex/opml.h"
#include "newsdex/page_queue.h"
#include "newsdex/taxonomy.h"
#include "newsdex/text.h"

namespace newsdex::index::cli {
namespace {

struct FeedsOptions {
  std::string url;
  std::optional<std::string> name;
  std::optional<std::string> country;
  std::optional<std::string> topic;
  std::optional<std::string> pages;
  bool json = false;
};

// The settings given on the command line, over those `feed` has.
void apply_settings(const FeedsOptions& options, Subscription& feed) {
  if (options.name) feed.name = *options.name;
  if (options.country) feed.country = *options.country;
  if (options.topic) feed.topic = *options.topic;
  if (options.pages) feed.pages = pages_policy_named(*options.pages);
}

int add_feed(const GlobalOptions& global, const FeedsOptions& options) {
  if (!feeds::is_http_url(options.url)) {
    throw InputError(options.url + ": only http and https feed URLs can be subscribed");
  }
  Indexer indexer(global.database);
  FeedStore subscriptions = FeedStore::writing(indexer);
  Subscription feed = subscriptions.find(options.url).value_or(Subscription{});
  const bool existed = !feed.url.empty();
  feed.url = options.url;
  // Subscribing again states the feed's settings afresh: those not given go back to their defaults.
  const Subscription defaults;
  feed.name = defaults.name;
  feed.country = defaults.country;
  feed.topic = defaults.topic;
  feed.pages = defaults.pages;
  apply_settings(options, feed);
  feed.enabled = true;
  subscriptions.save(feed);
  indexer.commit();
  std::cout << (existed ? "updated " : "subscribed ") << feed.url << '\n';
  return 0;
}

int set_feed(const GlobalOptions& global, const FeedsOptions& options) {
  Indexer indexer(global.database);
  FeedStore subscriptions = FeedStore::writing(indexer);
  std::optional<Subscription> feed = subscriptions.find(options.url);
  if (!feed) throw InputError(options.url + ": not subscribed (subscribe with 'newsdex-index feeds add URL')");
  apply_settings(options, *feed);
  subscriptions.save(*feed);
  indexer.commit();
  std::cout << "updated " << feed->url << '\n';
  return 0;
}

int list_feeds(const GlobalOptions& global, const FeedsOptions& options) {
  const std::vector<Subscription> feeds = FeedStore::read_only(global.database).list();
  const PageTally pages = tally_pages(PageQueue::read_only(global.database));
  auto pages_of = [&](const Subscription& feed) {
    const auto found = pages.by_feed.find(feed.url);
    return found == pages.by_feed.end() ? PageCounts{} : found->second;
  };
  if (options.json) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const Subscription& feed : feeds) {
      nlohmann::ordered_json json = to_json(feed);
      json["pages_pending"] = pages_of(feed).pending;
      json["pages_failed"] = pages_of(feed).failed;
      const TextSourceCounts texts = count_text_sources(global.database, feed.url);
      json["text_sources"] = {{"page", texts.page}, {"feed", texts.feed}};
      array.push_back(std::move(json));
    }
    std::cout << array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
  }
  for (const Subscription& feed : feeds) {
    std::cout << feed.url;
    if (!feed.title.empty()) std::cout << "  " << feed.title;
    std::cout << "\n  " << feed.articles << " articles, pages " << name_of(feed.pages);
    if (pages_of(feed).pending > 0) std::cout << " (" << pages_of(feed).pending << " pending)";
    if (pages_of(feed).failed > 0) std::cout << " (" << pages_of(feed).failed << " failed)";
    if (feed.last_fetch) std::cout << ", last fetched " << format_rfc3339(*feed.last_fetch);
    if (!feed.last_error.empty()) std::cout << ", failing (" << feed.failures << "): " << feed.last_error;
    std::cout << '\n';
  }
  return 0;
}

// The country and topic an OPML outline carries: newsdex's own attributes, else the first
// category (or folder) that names a country or is a topic slug ("Azerbaijan", "AZ", "sport").
void file_opml_feed(const feeds::OpmlFeed& outline, Subscription& feed) {
  const Gazetteer& gazetteer = Gazetteer::builtin();
  if (feed.country.empty() && gazetteer.is_country_code(outline.country)) feed.country = outline.country;
  if (feed.topic.empty() && is_topic_slug(outline.topic)) feed.topic = outline.topic;
  for (const std::string& category : outline.categories) {
    if (feed.country.empty()) {
      if (auto code = gazetteer.resolve(category)) feed.country = *code;
    }
    if (feed.topic.empty() && is_topic_slug(ascii_lower(category))) feed.topic = ascii_lower(category);
  }
  // A title the list gives is a name the user chose; its text is often a file name
  // ("FeedReader_Rss20NYTimes.xml"): that only stands in for the feed's own title until a crawl
  // reads it.
  if (feed.name.empty()) feed.name = outline.title;
  if (feed.title.empty()) feed.title = outline.text;
  if (feed.folder.empty()) feed.folder = outline.folder;
  if (!outline.pages.empty()) {
    try {
      feed.pages = pages_policy_named(outline.pages);
    } catch (const InputError&) {
      // Another program's value: the default stays.
    }
  }
}

int import_feeds(const GlobalOptions& global, const FeedsOptions& options) {
  const feeds::SourceDocument document = feeds::read_source(options.url);
  std::vector<feeds::OpmlFeed> outlines;
  try {
    outlines = feeds::parse_opml(document.bytes);
  } catch (const InputError& error) {
    throw InputError(document.name + ": " + error.what());
  }
  Indexer indexer(global.database);
  FeedStore subscriptions = FeedStore::writing(indexer);
  size_t added = 0, known = 0, skipped = 0;
  for (const feeds::OpmlFeed& outline : outlines) {
    if (!feeds::is_http_url(outline.url)) {
      std::cerr << "newsdex-index: warning: " << document.name << ": skipped " << outline.url
                << " (only http and https feeds)\n";
      ++skipped;
      continue;
    }
    std::optional<Subscription> existing = subscriptions.find(outline.url);
    Subscription feed = existing.value_or(Subscription{});
    feed.url = outline.url;
    file_opml_feed(outline, feed);  // settings already made for a known feed are kept
    subscriptions.save(feed);
    ++(existing ? known : added);
  }
  indexer.commit();
  std::cout << document.name << ": " << added << " feeds subscribed, " << known << " already subscribed, " << skipped
            << " skipped\n";
  return 0;
}

int export_feeds(const GlobalOptions& global) {
  std::vector<feeds::OpmlFeed> outlines;
  for (const Subscription& feed : FeedStore::read_only(global.database).list()) {
    outlines.push_back({feed.url,
                        feed.name,
                        feed.title,
                        {},
                        {},
                        feed.folder,
                        feed.country,
                        feed.topic,
                        std::string(name_of(feed.pages))});
  }
  std::cout << feeds::write_opml(outlines, "newsdex subscriptions");
  return 0;
}

int set_enabled(const GlobalOptions& global, const FeedsOptions& options, bool enabled) {
  Indexer indexer(global.database);
  FeedStore subscriptions = FeedStore::writing(indexer);
  std::optional<Subscription> feed = subscriptions.find(options.url);
  if (!feed) throw InputError(options.url + ": not subscribed");
  feed->enabled = enabled;
  subscriptions.save(*feed);
  indexer.commit();
  std::cout << (enabled ? "enabled " : "disabled ") << options.url << '\n';
  return 0;
}

int remove_feed(const GlobalOptions& global, const FeedsOptions& options) {
  Indexer indexer(global.database);
  if (!FeedStore::writing(indexer).remove(options.url)) throw InputError(options.url + ": not subscribed");
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

  auto pages_option = [&](CLI::App* command) {
    command->add_option("--pages", options->pages, "Fetch each item's own web page: auto (default), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
  };
  auto filing_options = [&](CLI::App* command) {
    command->add_option("--name", options->name, "Source name for its articles (default: the feed's title)");
    command->add_option("--country", options->country, "Country the feed covers (ISO 3166-1)")->check(validate_country);
    command->add_option("--topic", options->topic, "Topic the feed covers (IPTC slug)")->check(validate_topic);
    pages_option(command);
  };
  auto on_run = [&action, &global, options](CLI::App* command, int (*run)(const GlobalOptions&, const FeedsOptions&)) {
    command->callback(
        [&action, &global, options, run] { action = [&global, options, run] { return run(global, *options); }; });
  };

  CLI::App* add = feeds->add_subcommand("add", "Subscribe to a feed (fetched by the next crawl)");
  add->add_option("URL", options->url, "http(s) URL of the feed")->required();
  filing_options(add);
  on_run(add, add_feed);

  CLI::App* set = feeds->add_subcommand("set", "Change the settings of a subscribed feed (those given)");
  set->add_option("URL", options->url, "URL of the feed")->required();
  filing_options(set);
  on_run(set, set_feed);

  CLI::App* list = feeds->add_subcommand("list", "List the subscribed feeds and their crawl state");
  list->add_flag("--json", options->json, "Print one JSON array (docs/json.md)");
  on_run(list, list_feeds);

  CLI::App* import = feeds->add_subcommand("import", "Subscribe to every feed of an OPML file (without fetching)");
  import->add_option("FILE", options->url, "OPML 1.0 or 2.0 file, '-' for standard input, or http(s) URL")->required();
  on_run(import, import_feeds);

  CLI::App* export_command = feeds->add_subcommand("export", "Print the subscriptions as OPML 2.0");
  on_run(export_command, [](const GlobalOptions& global, const FeedsOptions&) { return export_feeds(global); });

  CLI::App* enable = feeds->add_subcommand("enable", "Crawl a disabled feed again");
  enable->add_option("URL", options->url, "URL of the feed")->required();
  on_run(enable,
         [](const GlobalOptions& global, const FeedsOptions& options) { return set_enabled(global, options, true); });

  CLI::App* disable = feeds->add_subcommand("disable", "Stop crawling a feed, keeping it and its articles");
  disable->add_option("URL", options->url, "URL of the feed")->required();
  on_run(disable,
         [](const GlobalOptions& global, const FeedsOptions& options) { return set_enabled(global, options, false); });

  CLI::App* remove = feeds->add_subcommand("remove", "Unsubscribe from a feed");
  remove->add_option("URL", options->url, "URL of the feed")->required();
  on_run(remove, remove_feed);
}

}  // namespace newsdex::index::cli
