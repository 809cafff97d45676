#include "newsdex/opml.h"

#include <ctime>
#include <pugixml.hpp>
#include <sstream>

#include "encoding.h"
#include "newsdex/error.h"
#include "newsdex/text.h"
#include "newsdex/web_link.h"

namespace newsdex::feeds {
namespace {

constexpr const char* kCountryAttribute = "newsdexCountry";
constexpr const char* kTopicAttribute = "newsdexTopic";
constexpr const char* kPagesAttribute = "newsdexPages";

void split_categories(std::string_view list, std::vector<std::string>& into) {
  // OPML 2.0: a comma-separated list of slash-delimited category paths ("/News/Europe").
  size_t start = 0;
  while (start <= list.size()) {
    const size_t end = std::min(list.find_first_of(",/", start), list.size());
    std::string category(trim(list.substr(start, end - start)));
    drop_control_characters(category);
    if (!category.empty()) into.push_back(category);
    start = end + 1;
  }
}

// An attribute's text without surrounding space or control characters: character references
// can carry terminal escapes (ESC, CSI) into titles that `feeds list` prints.
std::string text_of(pugi::xml_attribute attribute) {
  std::string text(trim(attribute.value()));
  drop_control_characters(text);
  return text;
}

void collect(pugi::xml_node parent, std::vector<std::string>& folders, std::vector<OpmlFeed>& feeds) {
  for (pugi::xml_node outline : parent.children("outline")) {
    const std::string url = text_of(outline.attribute("xmlUrl"));
    const std::string title = text_of(outline.attribute("title")), text = text_of(outline.attribute("text"));
    if (url.empty()) {
      folders.push_back(title.empty() ? text : title);
      collect(outline, folders, feeds);
      folders.pop_back();
      continue;
    }
    std::string site = text_of(outline.attribute("htmlUrl"));
    if (!is_safe_link(site)) site.clear();  // a javascript: "site" would be a link no one should follow
    OpmlFeed feed{url,
                  title,
                  text,
                  std::move(site),
                  {},
                  {},
                  text_of(outline.attribute(kCountryAttribute)),
                  text_of(outline.attribute(kTopicAttribute)),
                  text_of(outline.attribute(kPagesAttribute))};
    split_categories(outline.attribute("category").value(), feed.categories);
    for (const std::string& folder : folders) {
      if (folder.empty()) continue;
      feed.categories.push_back(folder);
      // A slash inside a folder's name would read as a level: it becomes a look-alike (U+2215).
      std::string level = folder;
      for (size_t at = 0; (at = level.find('/', at)) != std::string::npos;) level.replace(at, 1, "\u2215");
      feed.folder += (feed.folder.empty() ? "" : "/") + level;
    }
    feeds.push_back(std::move(feed));
  }
}

// The outline of folder path `path` ("News/Europe") under `body`, made when missing.
pugi::xml_node folder_node(pugi::xml_node body, std::string_view path) {
  pugi::xml_node node = body;
  while (!path.empty()) {
    const size_t end = std::min(path.find('/'), path.size());
    const std::string name(path.substr(0, end));
    path.remove_prefix(std::min(end + 1, path.size()));
    if (name.empty()) continue;
    pugi::xml_node folder = node.find_child([&](pugi::xml_node child) {
      return std::string_view(child.name()) == "outline" && !child.attribute("xmlUrl") &&
             name == child.attribute("text").value();
    });
    if (!folder) {
      folder = node.append_child("outline");
      folder.append_attribute("text") = name.c_str();
      folder.append_attribute("title") = name.c_str();
    }
    node = folder;
  }
  return node;
}

}  // namespace

std::vector<OpmlFeed> parse_opml(std::string_view document) {
  const DecodedDocument decoded = decode_to_utf8(document, "");
  pugi::xml_document xml;
  const pugi::xml_parse_result parsed =
      xml.load_buffer(decoded.utf8.data(), decoded.utf8.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed)
    throw InputError("not well-formed XML at byte " + std::to_string(parsed.offset) + ": " + parsed.description());
  const pugi::xml_node body = xml.child("opml").child("body");
  if (!body) throw InputError("not OPML: no <opml><body>");
  std::vector<std::string> folders;
  std::vector<OpmlFeed> feeds;
  collect(body, folders, feeds);
  return feeds;
}

std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title) {
  pugi::xml_document xml;
  pugi::xml_node declaration = xml.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  pugi::xml_node opml = xml.append_child("opml");
  opml.append_attribute("version") = "2.0";
  pugi::xml_node head = opml.append_child("head");
  head.append_child("title").text() = std::string(title).c_str();
  // OPML 2.0 dates are RFC 822.
  const std::time_t now = std::time(nullptr);
  char created[64];
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(created, sizeof created, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  head.append_child("dateCreated").text() = created;
  pugi::xml_node body = opml.append_child("body");
  for (const OpmlFeed& feed : feeds) {
    pugi::xml_node outline = folder_node(body, feed.folder).append_child("outline");
    outline.append_attribute("type") = "rss";
    const std::string& text = !feed.title.empty() ? feed.title : !feed.text.empty() ? feed.text : feed.url;
    outline.append_attribute("text") = text.c_str();
    if (!feed.title.empty()) outline.append_attribute("title") = feed.title.c_str();
    outline.append_attribute("xmlUrl") = feed.url.c_str();
    if (!feed.site_url.empty()) outline.append_attribute("htmlUrl") = feed.site_url.c_str();
    std::string categories;
    for (const std::string& category : {feed.country, feed.topic}) {
      if (!category.empty()) categories += (categories.empty() ? "" : ",") + category;
    }
    if (!categories.empty()) outline.append_attribute("category") = categories.c_str();
    if (!feed.country.empty()) outline.append_attribute(kCountryAttribute) = feed.country.c_str();
    if (!feed.topic.empty()) outline.append_attribute(kTopicAttribute) = feed.topic.c_str();
    if (!feed.pages.empty()) outline.append_attribute(kPagesAttribute) = feed.pages.c_str();
  }
  std::ostringstream out;
  xml.save(out, "  ", pugi::format_default | pugi::format_no_declaration);  // ours says UTF-8
  return out.str();
}

}  // namespace newsdex::feeds
