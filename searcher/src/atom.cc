#include "newsdex/atom.h"

#include <algorithm>

#include "newsdex/text.h"
#include "newsdex/time.h"
#include "newsdex/web_link.h"

namespace newsdex::search {
namespace {

// The feed is written by hand: the searcher links no XML library (pugixml belongs to the
// crawler), and an Atom feed is a fixed shape of escaped text. What XML 1.0 cannot carry at all
// (control characters) is dropped; the text is valid UTF-8 already, as the indexer keeps it.
std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

// Feeds name the search they answer; the text of the query and its filters.
std::string describe(const SearchRequest& request) {
  std::string text = request.query;
  auto add = [&](std::string_view name, const std::vector<std::string>& values) {
    for (const std::string& value : values) text += (text.empty() ? "" : " ") + std::string(name) + ":" + value;
  };
  add("country", request.countries);
  add("topic", request.topics);
  add("source", request.sources);
  add("lang", request.languages);
  return text;
}

std::string element(std::string_view name, std::string_view text) {
  return "<" + std::string(name) + ">" + escaped(text) + "</" + std::string(name) + ">";
}

}  // namespace

void make_feed_request(SearchRequest& request, bool limit_given) {
  request.sort = SortOrder::kDate;
  request.collapse = true;
  request.facets.clear();
  request.estimate = true;  // a feed shows no total
  request.relax = false;    // a subscriber asked for these words, all of them
  request.suggest = false;  // and for no other: never the hits of a spelling correction
  request.show_corrected = false;
  if (!limit_given) request.limit = kDefaultFeedEntries;
}

std::string to_atom(const SearchRequest& request, const SearchResponse& response,
                    std::optional<Timestamp> index_updated, std::string_view self_url) {
  const std::string description = describe(request);
  // A feed's updated time is its newest entry's: a reader polling an unchanged search sees an
  // unchanged feed. An empty one has none: the index's last change says how fresh "nothing" is.
  Timestamp feed_updated = response.hits.empty() ? index_updated.value_or(Timestamp{}) : Timestamp{};
  for (const SearchHit& hit : response.hits) {
    if (const auto& time = hit.article.updated ? hit.article.updated : hit.article.published) {
      feed_updated = std::max(feed_updated, *time);
    }
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  xml += "  " + element("title", "newsdex: " + (description.empty() ? std::string("everything") : description)) + "\n";
  xml += "  " + element("id", "urn:newsdex:search:" + fingerprint(description)) + "\n";
  xml += "  " + element("updated", format_rfc3339(feed_updated)) + "\n";
  xml += "  <author><name>newsdex</name></author>\n";
  xml += "  <generator>newsdex</generator>\n";
  if (!self_url.empty()) xml += "  <link rel=\"self\" href=\"" + escaped(self_url) + "\"/>\n";
  for (const SearchHit& hit : response.hits) {
    const Article& article = hit.article;
    const std::optional<Timestamp> published = article.published;
    const Timestamp updated = article.updated ? *article.updated : published.value_or(feed_updated);
    xml += "  <entry>\n";
    xml += "    " + element("title", article.title) + "\n";
    // Copies of a story share the key; an article without one (too short to compare) is its own story.
    xml += "    " +
           element("id", "urn:newsdex:story:" + (hit.story_key.empty() ? fingerprint(article.id) : hit.story_key)) +
           "\n";
    // Only http(s): an index written before links were filtered may hold javascript: ones.
    if (is_web_link(article.url)) xml += "    <link rel=\"alternate\" href=\"" + escaped(article.url) + "\"/>\n";
    xml += "    " + element("updated", format_rfc3339(updated)) + "\n";
    if (published) xml += "    " + element("published", format_rfc3339(*published)) + "\n";
    if (!article.author.empty() || !article.source.empty()) {
      xml +=
          "    <author>" + element("name", !article.author.empty() ? article.author : article.source) + "</author>\n";
    }
    for (const ScoredCode& country : article.countries) {
      xml += "    <category scheme=\"urn:newsdex:country\" term=\"" + escaped(country.code) + "\"/>\n";
    }
    for (const ScoredCode& topic : article.topics) {
      xml += "    <category scheme=\"urn:newsdex:topic\" term=\"" + escaped(topic.code) + "\"/>\n";
    }
    xml += "    <summary type=\"html\">" + escaped(hit.snippet) + "</summary>\n";
    xml += "  </entry>\n";
  }
  return xml + "</feed>\n";
}

}  // namespace newsdex::search
