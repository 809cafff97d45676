// The article: the unit newsdex indexes, stores and returns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/time.h"

namespace newsdex {

// A country or topic code with the tagger's confidence that the article is about it.
struct ScoredCode {
  std::string code;  // ISO 3166-1 alpha-2 country ("AZ") or IPTC topic slug ("politics")
  double score = 0;  // higher is more central to the article; comparable within one article
};

// Where an article's text came from: its feed item, or its own web page.
enum class TextSource { kFeed, kPage };

// Where an article's publication time came from: its feed item, its web page, or, when neither
// gave one, the time newsdex first saw it.
enum class DateSource { kFeed, kPage, kSeen };

// The names docs/json.md gives them in JSON: "feed", "page", "seen".
std::string_view name_of(TextSource source);
std::string_view name_of(DateSource source);

// One news article with its metadata and tags. Empty strings mean "unknown".
struct Article {
  std::string id;        // stable id (docs/json.md: canonical link, else feed-qualified guid, else hash)
  std::string title;     // plain text
  std::string url;       // canonical link to the article
  std::string source;    // publication shown and faceted ("Azernews - Business")
  std::string feed_url;  // the feed it came from, if any
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  std::string author;
  std::string summary;                  // short plain text
  std::string text;                     // fullest plain text
  std::vector<std::string> categories;  // the publisher's own categories
  std::string language;                 // ISO 639-1
  std::vector<ScoredCode> countries;    // countries the article is about, best first
  std::vector<std::string> mentioned;   // every country named (a superset of `countries`)
  std::vector<ScoredCode> topics;       // IPTC topic slugs, best first

  // From the article's web page, when newsdex fetched it (docs/json.md "Article pages").
  TextSource text_source = TextSource::kFeed;       // kPage: `text` is the page's, `summary` the feed's
  DateSource published_source = DateSource::kFeed;  // where `published` came from
  std::string canonical_url;                        // the page's own canonical URL
  std::vector<std::string> authors;                 // the page's authors, one name each
  std::string image;                                // the page's lead image URL
  std::string page_error;                           // why the page's text was not used, if it was not
};

}  // namespace newsdex
