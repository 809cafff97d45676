#include "page_facts.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "dates.h"
#include "newsdex/fetch.h"
#include "newsdex/text.h"
#include "url.h"

namespace newsdex::feeds {
namespace {

using nlohmann::json;

std::string trimmed(std::string_view text) { return std::string(trim(text)); }

std::string attribute(const PageNode* node, const char* name) { return std::string(node->attribute(name)); }

bool is_article_type(const json& type) {
  auto matches = [](const json& name) {
    if (!name.is_string()) return false;
    const std::string value = name.get<std::string>();
    return value.ends_with("Article") || value == "BlogPosting" || value == "LiveBlogPosting" || value == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

// Text of a JSON-LD value: a string, the first of an array, or an object's "name" (or "url").
std::string ld_text(const json& value, const char* key = "name") {
  if (value.is_string()) return collapse_whitespace(value.get<std::string>());
  if (value.is_array() && !value.empty()) return ld_text(value.front(), key);
  if (value.is_object() && value.contains(key)) return ld_text(value[key], key);
  return {};
}

// What a page says about itself, as collected in one walk over it.
struct Evidence {
  std::vector<json> articles;                     // JSON-LD objects of an article type
  std::multimap<std::string, std::string> metas;  // lower-case name or property -> content
  std::map<std::string, std::string> links;       // lower-case rel -> href (first)
  std::string html_lang, title, h1, base_href;
  std::vector<std::string> time_datetimes;  // <time datetime>, first the publication's
  std::vector<std::string> bylines;         // itemprop=author, rel=author, class byline
  std::vector<std::string> visible_dates;   // text of elements whose class speaks of a date
};

void collect_json_ld(const json& value, std::vector<json>& articles, int depth = 0) {
  if (depth > 8) return;
  if (value.is_array()) {
    for (const json& item : value) collect_json_ld(item, articles, depth + 1);
  } else if (value.is_object()) {
    if (value.contains("@type") && is_article_type(value["@type"])) articles.push_back(value);
    if (value.contains("@graph")) collect_json_ld(value["@graph"], articles, depth + 1);
    if (value.contains("mainEntity")) collect_json_ld(value["mainEntity"], articles, depth + 1);
  }
}

// True when the element's class or id holds one of `words` (lower case), in any case.
bool class_speaks_of(const PageNode* node, std::initializer_list<std::string_view> words) {
  const std::string_view class_names = node->attribute("class"), id = node->attribute("id");
  if (class_names.empty() && id.empty()) return false;
  thread_local std::string classes;  // reused: this runs for every element of every page
  classes.assign(class_names).append(1, ' ').append(id);
  for (char& c : classes) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view word) { return classes.find(word) != classes.npos; });
}

void collect(const PageNode* node, Evidence& evidence, int depth) {
  for (; node; node = node->next) {
    if (node->is_text()) continue;
    const std::string_view tag = node->name;
    if (tag == "html") {
      evidence.html_lang = attribute(node, "lang");
      if (evidence.html_lang.empty()) evidence.html_lang = attribute(node, "xml:lang");
    } else if (tag == "meta") {
      std::string key = ascii_lower(attribute(node, "property"));
      if (key.empty()) key = ascii_lower(attribute(node, "name"));
      if (key.empty()) key = ascii_lower(attribute(node, "itemprop"));
      if (key.empty()) key = ascii_lower(attribute(node, "http-equiv"));
      if (!key.empty()) evidence.metas.emplace(key, collapse_whitespace(attribute(node, "content")));
    } else if (tag == "link") {
      const std::string rel = ascii_lower(attribute(node, "rel"));
      if (!rel.empty()) evidence.links.emplace(rel, trimmed(attribute(node, "href")));
    } else if (tag == "base" && evidence.base_href.empty()) {
      evidence.base_href = trimmed(attribute(node, "href"));
    } else if (tag == "title" && evidence.title.empty()) {
      evidence.title = node->all_text();
    } else if (tag == "h1" && evidence.h1.empty()) {
      evidence.h1 = node->all_text();
    } else if (tag == "script") {
      if (ascii_lower(attribute(node, "type")) == "application/ld+json") {
        const json value = json::parse(node->all_text(), nullptr, false);
        if (!value.is_discarded()) collect_json_ld(value, evidence.articles);
      }
      continue;
    } else if (tag == "time") {
      const std::string datetime = trimmed(attribute(node, "datetime"));
      if (!datetime.empty()) {
        const bool publication =
            node->has_attribute("pubdate") || ascii_lower(attribute(node, "itemprop")) == "datepublished";
        evidence.time_datetimes.insert(publication ? evidence.time_datetimes.begin() : evidence.time_datetimes.end(),
                                       datetime);
      }
    }
    const std::string itemprop = ascii_lower(attribute(node, "itemprop"));
    if (itemprop == "author" || ascii_lower(attribute(node, "rel")) == "author" ||
        (tag != "body" && tag != "article" && class_speaks_of(node, {"byline", "author-name", "authorname"}))) {
      if (std::string name = node->all_text(); !name.empty() && name.size() < 200) evidence.bylines.push_back(name);
    } else if (tag != "body" && tag != "html" && class_speaks_of(node, {"date", "time", "publish", "posted"})) {
      if (std::string text = node->all_text(); !text.empty() && text.size() < 120)
        evidence.visible_dates.push_back(text);
    }
    if (depth < 1000) collect(node->first_child, evidence, depth + 1);
  }
}

std::string first_meta(const Evidence& evidence, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    auto [from, to] = evidence.metas.equal_range(std::string(key));
    for (auto at = from; at != to; ++at) {
      if (!at->second.empty()) return at->second;
    }
  }
  return {};
}

std::string first_ld(const Evidence& evidence, const char* key, const char* inner = "name") {
  for (const json& article : evidence.articles) {
    if (article.contains(key)) {
      if (std::string value = ld_text(article[key], inner); !value.empty()) return value;
    }
  }
  return {};
}

// The first text of `candidates` that is a date, as UTC.
std::optional<Timestamp> first_date(std::initializer_list<std::string> candidates) {
  for (const std::string& text : candidates) {
    if (text.empty()) continue;
    if (auto date = parse_feed_date(trimmed(text))) return date;
  }
  return std::nullopt;
}

// A date written for readers ("20 September 2022 17:14", "September 20, 2022", "2022-09-20",
// "20.09.2022"), read with the day, month and year it names; the time of day only when written.
std::optional<Timestamp> written_date(const std::string& text) {
  static const std::regex kIso(R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2}))?)");
  static const std::regex kDayMonth(
      R"((\d{1,2})\.? ([A-Za-z\xC0-\xFF\x80-\xBF]{3,12})\.?,? (\d{4})(?:,? (\d{1,2}):(\d{2}))?)");
  static const std::regex kMonthDay(R"(([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:,? (?:at )?(\d{1,2}):(\d{2}))?)");
  static const std::regex kNumeric(R"((\d{1,2})[./](\d{1,2})[./](\d{4})(?:,? (\d{1,2}):(\d{2}))?)");
  std::smatch match;
  auto clock = [&](int hour_group) {
    return match[hour_group].matched ? " " + match[hour_group].str() + ":" + match[hour_group + 1].str() + " +0000"
                                     : std::string(" 00:00 +0000");
  };
  if (std::regex_search(text, match, kIso)) {
    return parse_feed_date(match[1].str() + "-" + match[2].str() + "-" + match[3].str() + "T" +
                           (match[4].matched
                                ? (match[4].length() == 1 ? "0" : "") + match[4].str() + ":" + match[5].str()
                                : std::string("00:00")) +
                           ":00Z");
  }
  if (std::regex_search(text, match, kDayMonth)) {
    if (auto date = parse_feed_date(match[1].str() + " " + match[2].str() + " " + match[3].str() + clock(4)))
      return date;
  }
  if (std::regex_search(text, match, kMonthDay)) {
    if (auto date = parse_feed_date(match[2].str() + " " + match[1].str() + " " + match[3].str() + clock(4)))
      return date;
  }
  if (std::regex_search(text, match, kNumeric)) {
    const int day = std::stoi(match[1].str()), month = std::stoi(match[2].str());
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) {
      char iso[32];
      std::snprintf(iso, sizeof iso, "%s-%02d-%02dT00:00:00Z", match[3].str().c_str(), month, day);
      return parse_rfc3339(iso);
    }
  }
  return std::nullopt;
}

std::string language_code(std::string_view language) {
  std::string code = ascii_lower(trimmed(language));
  std::replace(code.begin(), code.end(), '_', '-');
  if (code.size() < 2 || code.size() > 35 || !std::isalpha(static_cast<unsigned char>(code[0]))) return {};
  return code;
}

// Author names as bylines write them: "By Jane Roe and John Doe" gives two names.
void add_authors(std::string text, std::vector<std::string>& authors) {
  text = collapse_whitespace(text);
  for (std::string_view prefix :
       {"By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por ", "por ", "Di ", "Door "}) {
    if (text.starts_with(prefix)) text.erase(0, prefix.size());
  }
  if (text.empty() || text.size() > 100 || is_http_url(text) || text.find("://") != std::string::npos) return;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.size();
    size_t separator_size = 0;
    for (std::string_view separator : {", ", " and ", " und ", " et ", " y ", " e ", " & "}) {
      const size_t found = text.find(separator, at);
      if (found < end) {
        end = found;
        separator_size = separator.size();
      }
    }
    const std::string name = trimmed(text.substr(at, end - at));
    if (!name.empty() && std::find(authors.begin(), authors.end(), name) == authors.end()) authors.push_back(name);
    if (end == text.size()) break;
    at = end + separator_size;
  }
}

std::vector<std::string> authors_of(const Evidence& evidence) {
  std::vector<std::string> authors;
  for (const json& article : evidence.articles) {
    if (!article.contains("author")) continue;
    const json& author = article["author"];
    if (author.is_array()) {
      for (const json& one : author) add_authors(ld_text(one), authors);
    } else {
      add_authors(ld_text(author), authors);
    }
    if (!authors.empty()) return authors;
  }
  for (const char* key : {"author", "article:author", "parsely-author", "sailthru.author", "dc.creator"}) {
    add_authors(first_meta(evidence, {key}), authors);
    if (!authors.empty()) return authors;
  }
  for (const std::string& byline : evidence.bylines) add_authors(byline, authors);
  return authors;
}

// A title without the site's name after it ("Headline | Site", "Headline - Site").
std::string without_site_name(std::string title, const std::string& site_name) {
  for (std::string_view separator : {" | ", " - ", " – ", " — ", " :: "}) {
    const size_t at = title.rfind(separator);
    if (at == std::string::npos || at == 0) continue;
    const std::string tail = title.substr(at + separator.size());
    if (tail == site_name || tail.size() * 3 < at) return title.substr(0, at);
  }
  return title;
}

}  // namespace

void read_page_facts(const PageTree& document, ArticlePage& page) {
  Evidence evidence;
  collect(document.root(), evidence, 0);

  std::string base = page.url;
  if (!evidence.base_href.empty()) base = base.empty() ? evidence.base_href : resolve_url(base, evidence.base_href);
  auto web_address = [&](const std::string& reference, const char* what) -> std::string {
    if (reference.empty()) return {};
    const std::string absolute = base.empty() ? reference : resolve_url(base, reference);
    if (is_http_url(absolute)) return absolute;
    page.warnings.push_back(std::string(what) + " dropped: not an http(s) URL: " + absolute.substr(0, 200));
    return {};
  };

  const std::string site_name = first_meta(evidence, {"og:site_name"});
  page.title = first_meta(evidence, {"og:title", "twitter:title"});
  if (page.title.empty()) page.title = first_ld(evidence, "headline");
  if (page.title.empty()) page.title = evidence.h1;
  if (page.title.empty()) page.title = without_site_name(evidence.title, site_name);
  page.title = without_site_name(page.title, site_name);

  page.canonical_url =
      web_address(evidence.links.count("canonical") ? evidence.links.at("canonical") : "", "canonical URL");
  if (page.canonical_url.empty()) page.canonical_url = web_address(first_meta(evidence, {"og:url"}), "og:url");

  page.published =
      first_date({first_ld(evidence, "datePublished"),
                  first_meta(evidence, {"article:published_time", "og:published_time", "datepublished", "publishdate",
                                        "pubdate", "publish-date", "parsely-pub-date", "sailthru.date",
                                        "dc.date.issued", "dcterms.issued", "dc.date", "date"})});
  for (size_t index = 0; !page.published && index < evidence.time_datetimes.size(); ++index) {
    page.published = first_date({evidence.time_datetimes[index]});
  }
  for (size_t index = 0; !page.published && index < evidence.visible_dates.size(); ++index) {
    page.published = written_date(evidence.visible_dates[index]);
  }
  page.modified = first_date({first_ld(evidence, "dateModified"),
                              first_meta(evidence, {"article:modified_time", "og:updated_time", "datemodified",
                                                    "last-modified", "dcterms.modified"})});

  page.authors = authors_of(evidence);
  page.section = first_ld(evidence, "articleSection");
  if (page.section.empty()) page.section = first_meta(evidence, {"article:section", "section", "parsely-section"});

  page.language = language_code(evidence.html_lang);
  if (page.language.empty()) page.language = language_code(first_meta(evidence, {"og:locale"}));
  if (page.language.empty()) page.language = language_code(first_meta(evidence, {"content-language", "language"}));

  page.description = first_meta(evidence, {"og:description", "description", "twitter:description"});
  if (page.description.empty()) page.description = first_ld(evidence, "description");

  std::string image =
      first_meta(evidence, {"og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"});
  if (image.empty()) image = first_ld(evidence, "image", "url");
  if (image.empty() && evidence.links.count("image_src")) image = evidence.links.at("image_src");
  page.image = web_address(image, "image");
}

}  // namespace newsdex::feeds
