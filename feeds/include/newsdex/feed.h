// A parsed feed as plain data, whatever its original format.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/time.h"

namespace newsdex::feeds {

// The syndication format a document was written in, detected from its content.
enum class FeedFormat { kRss20, kRss10, kRss09x, kAtom10, kAtom03, kJsonFeed1 };

// The docs/json.md name of a format: "rss2.0", "rss1.0", "rss0.9x", "atom1.0", "atom0.3", "jsonfeed1".
std::string_view format_name(FeedFormat format);

// A file attached to an item: a podcast's audio, a video, an image.
struct Enclosure {
  std::string url;                 // absolute URL
  std::string type;                // MIME type as declared, may be empty
  std::optional<uint64_t> length;  // size in bytes as declared
};

// One entry of a feed. Text fields are plain UTF-8 text; empty means absent.
struct FeedItem {
  std::string id;  // stable article id (docs/json.md "Article id")
  std::string title;
  std::string link;  // absolute URL of the article
  std::string guid;  // the publisher's own id (RSS guid, Atom id), as written
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  std::string author;
  std::string summary;  // the short description
  std::string text;     // the fullest content, as plain text with paragraph breaks
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;  // RSS <enclosure>, Atom rel="enclosure", Media RSS content
};

// A whole feed.
struct Feed {
  FeedFormat format = FeedFormat::kRss20;
  std::string title;
  std::string link;      // the site's home page
  std::string language;  // as declared, lower case ("en", "en-gb"); empty when absent
  std::string encoding;  // the encoding the document was read in ("utf-8", "windows-1252")
  // How often the publisher says to fetch it (<ttl>, sy:updatePeriod/updateFrequency), if it says.
  std::optional<std::chrono::seconds> update_interval;
  std::vector<FeedItem> items;
  std::vector<std::string> warnings;  // recoverable problems, one line each
};

// The `parse --json` object of docs/json.md.
nlohmann::ordered_json to_json(const Feed& feed);

}  // namespace newsdex::feeds
