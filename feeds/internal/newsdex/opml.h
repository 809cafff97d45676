// OPML 1.0/2.0 subscription lists, as feed readers import and export them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::feeds {

// One feed of a subscription list.
struct OpmlFeed {
  std::string url;                      // xmlUrl
  std::string title;                    // the title attribute: a name the user chose
  std::string text;                     // the text attribute: often only a file name ("nyt.xml")
  std::string site_url;                 // htmlUrl
  std::vector<std::string> categories;  // the outline's category attribute, then the folders it is in (outermost first)
  std::string folder;                   // the folders it is in, outermost first, joined by slashes
  std::string country;                  // newsdex's own attribute, when the list came from newsdex
  std::string topic;                    // newsdex's own attribute
  std::string pages;                    // newsdex's own attribute: "auto", "always" or "never"; empty: unset
};

// Reads every outline that has an xmlUrl, at any depth of folders. Throws InputError when the
// document is not OPML.
std::vector<OpmlFeed> parse_opml(std::string_view document);

// Writes an OPML 2.0 document listing `feeds` in their folders, in the order given (country and
// topic as newsdex attributes and as the category attribute, which other readers show; the pages
// setting as a newsdex attribute). A feed's text is its title, else its text, else its URL.
std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title);

}  // namespace newsdex::feeds
