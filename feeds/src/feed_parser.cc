#include "newsdex/feed_parser.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <sstream>
#include <thread>

#include "dates.h"
#include "encoding.h"
#include "html_text.h"
#include "newsdex/enum_names.h"
#include "newsdex/error.h"
#include "newsdex/fetch.h"
#include "newsdex/text.h"
#include "newsdex/web_link.h"
#include "url.h"
#include "xml_repair.h"

namespace newsdex::feeds {
namespace {

namespace ns {
constexpr std::string_view kAtom10 = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03 = "http://purl.org/atom/ns#";
constexpr std::string_view kRss10 = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss09 = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kMedia = "http://search.yahoo.com/mrss/";
constexpr std::string_view kDublinCoreTerms = "http://purl.org/dc/terms/";
constexpr std::string_view kSyndication = "http://purl.org/rss/1.0/modules/syndication/";
}  // namespace ns

bool is_known_namespace(std::string_view uri) {
  for (std::string_view known : {ns::kAtom10, ns::kAtom03, ns::kRss10, ns::kRss09, ns::kDublinCore, ns::kContent,
                                 ns::kMedia, ns::kDublinCoreTerms}) {
    if (uri == known) return true;
  }
  return false;
}

// Namespace of a prefix that a broken feed uses without declaring it.
std::string_view conventional_namespace(std::string_view prefix) {
  if (prefix == "dc") return ns::kDublinCore;
  if (prefix == "content") return ns::kContent;
  if (prefix == "atom") return ns::kAtom10;
  if (prefix == "media") return ns::kMedia;
  return {};
}

// The namespace URI of an element, from the xmlns declarations in scope (pugixml does not
// process namespaces).
std::string_view namespace_of(pugi::xml_node node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  const std::string attribute =
      colon == std::string_view::npos ? std::string("xmlns") : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node scope = node; scope; scope = scope.parent()) {
    if (pugi::xml_attribute declared = scope.attribute(attribute.c_str())) return declared.value();
  }
  return colon == std::string_view::npos ? std::string_view() : conventional_namespace(name.substr(0, colon));
}

std::string_view local_name(pugi::xml_node node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// An element matches when its local name does and its namespace is the expected one. Feeds
// often leave their own elements in no namespace, or in one nobody knows, so an unprefixed
// element also matches unless it is in another namespace that newsdex reads.
bool is_element(pugi::xml_node node, std::string_view namespace_uri, std::string_view local) {
  if (node.type() != pugi::node_element || local_name(node) != local) return false;
  const std::string_view actual = namespace_of(node);
  if (actual == namespace_uri) return true;
  const bool prefixed = std::string_view(node.name()).find(':') != std::string_view::npos;
  return !prefixed && !is_known_namespace(actual);
}

// First child element with this namespace and local name.
pugi::xml_node child(pugi::xml_node parent, std::string_view namespace_uri, std::string_view local) {
  for (pugi::xml_node node : parent.children()) {
    if (is_element(node, namespace_uri, local)) return node;
  }
  return {};
}

// The character data of an element (text and CDATA children, entities decoded once).
std::string character_data(pugi::xml_node node) {
  std::string text;
  for (pugi::xml_node part : node.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
  }
  return text;
}

std::string inner_xml(pugi::xml_node node) {
  std::ostringstream out;
  for (pugi::xml_node part : node.children()) part.print(out, "", pugi::format_raw);
  return out.str();
}

std::string trimmed(std::string_view text) { return collapse_whitespace(text); }

// A title or other one-line field: plain text even when the publisher put markup or entities in it,
// escaped or as elements ("<title>Read <a href=…>the report</a></title>" keeps the linked words).
std::string line_of(pugi::xml_node node) {
  const bool has_elements = std::any_of(node.children().begin(), node.children().end(),
                                        [](pugi::xml_node part) { return part.type() == pugi::node_element; });
  return html_to_line(has_elements ? inner_xml(node) : character_data(node));
}

// A body of text as the feed gives it: HTML still to convert, or plain text.
struct Markup {
  std::string content;
  bool is_html = false;
};

Markup html(std::string content) { return {std::move(content), true}; }

// Decodes base64 (RFC 4648), skipping whitespace; nothing when the text is not base64. Written
// here because none of newsdex's libraries offers it, and Atom 0.3 needs only this.
std::optional<std::string> decode_base64(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+')
      value = 62;
    else if (c == '/')
      value = 63;
    else if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
      continue;
    else
      return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return out;
}

// The content of an Atom text construct (RFC 4287 §3.1), or of Atom 0.3 content with `mode`.
Markup atom_markup(pugi::xml_node node) {
  const std::string_view type = node.attribute("type").value();
  const std::string_view mode = node.attribute("mode").value();
  if (mode == "base64") {
    // Atom 0.3: the content is encoded; its type says whether it is HTML.
    if (auto decoded = decode_base64(character_data(node))) {
      const bool is_html = type.find("html") != std::string_view::npos;
      return {is_html ? std::move(*decoded) : trimmed(sanitize_utf8(*decoded)), is_html};
    }
  }
  if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml") return html(inner_xml(node));
  if (type == "html" || type == "text/html" || mode == "escaped") return html(character_data(node));
  // Text that holds elements anyway ("naked" markup): read it as markup rather than lose words.
  if (node.find_child([](pugi::xml_node child) { return child.type() == pugi::node_element; })) {
    return html(inner_xml(node));
  }
  return {trimmed(character_data(node)), false};
}

std::string to_text(const Markup& markup) { return markup.is_html ? html_to_text(markup.content) : markup.content; }

// A one-line Atom text: titles and names. A text construct is plain text (RFC 4287 §3.1.1.1):
// "Why the <blink> tag died" keeps its "<blink>", which read as HTML would be a tag and vanish.
std::string atom_line(pugi::xml_node node) {
  const Markup markup = atom_markup(node);
  if (!markup.is_html && markup.content.find('<') != std::string::npos) return collapse_whitespace(markup.content);
  return html_to_line(to_text(markup));
}

void add_unique(std::vector<std::string>& values, std::string value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) {
    values.push_back(std::move(value));
  }
}

std::string normalise_language(std::string_view language) {
  std::string code = trimmed(language);
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return c == '_' ? '-' : static_cast<char>(std::tolower(c)); });
  return code;
}

class FeedBuilder {
 public:
  FeedBuilder(const ParseOptions& options, Feed& feed) : options_(options), feed_(feed) {}

  void read_rss(pugi::xml_node root, std::string_view item_namespace) {
    pugi::xml_node channel = child(root, item_namespace, "channel");
    feed_.title = line_of(child(channel, item_namespace, "title"));
    if (feed_.title.empty()) feed_.title = line_of(child(channel, ns::kDublinCore, "title"));
    feed_.link = web_link(trimmed(character_data(child(channel, item_namespace, "link"))));
    feed_.language = normalise_language(character_data(child(channel, item_namespace, "language")));
    feed_.update_interval = update_interval(channel, item_namespace);
    if (feed_.language.empty()) {
      feed_.language = normalise_language(character_data(child(channel, ns::kDublinCore, "language")));
    }
    // RSS 2.0 nests items in the channel; RSS 1.0 and 0.90 put them beside it; broken feeds
    // (an unclosed element before them) bury them deeper.
    for_each_item(root, item_namespace, [&](pugi::xml_node item) { read_rss_item(item, item_namespace); });
  }

  // RSS 2.0 <ttl> (minutes), else the syndication module's period divided by its frequency.
  static std::optional<std::chrono::seconds> update_interval(pugi::xml_node channel, std::string_view item_namespace) {
    const std::string ttl = trimmed(character_data(child(channel, item_namespace, "ttl")));
    if (!ttl.empty() && ttl.size() < 8 && std::all_of(ttl.begin(), ttl.end(), ::isdigit) && std::stol(ttl) > 0) {
      return std::chrono::minutes(std::stol(ttl));
    }
    const std::string period = ascii_lower(trimmed(character_data(child(channel, ns::kSyndication, "updatePeriod"))));
    if (period.empty()) return std::nullopt;
    const std::string frequency_text = trimmed(character_data(child(channel, ns::kSyndication, "updateFrequency")));
    long frequency = 1;
    if (!frequency_text.empty() && frequency_text.size() < 6 &&
        std::all_of(frequency_text.begin(), frequency_text.end(), ::isdigit)) {
      frequency = std::max(1L, std::stol(frequency_text));
    }
    std::chrono::seconds length{0};
    if (period == "hourly")
      length = std::chrono::hours(1);
    else if (period == "daily")
      length = std::chrono::hours(24);
    else if (period == "weekly")
      length = std::chrono::hours(24 * 7);
    else if (period == "monthly")
      length = std::chrono::hours(24 * 30);
    else if (period == "yearly")
      length = std::chrono::hours(24 * 365);
    else
      return std::nullopt;
    return length / frequency;
  }

  // Calls `read` on every item element under `parent`, not inside an item, down to a depth no
  // real feed needs: hostile documents nest elements by the hundred thousand.
  template <typename Read>
  void for_each_item(pugi::xml_node parent, std::string_view item_namespace, const Read& read, int depth = 0) {
    constexpr int kMaxItemDepth = 16;
    if (depth > kMaxItemDepth) return;
    for (pugi::xml_node node : parent.children()) {
      if (node.type() != pugi::node_element) continue;
      if (is_element(node, item_namespace, "item")) {
        read(node);
      } else {
        for_each_item(node, item_namespace, read, depth + 1);
      }
    }
  }

  void read_atom(pugi::xml_node root, std::string_view atom) {
    feed_.title = atom_line(child(root, atom, "title"));
    feed_.link = atom_link(root, atom);
    feed_.language = normalise_language(root.attribute("xml:lang").value());
    for (pugi::xml_node node : root.children()) {
      if (!is_element(node, atom, "entry")) continue;
      in_item_ = true;
      FeedItem item;
      item.title = atom_line(child(node, atom, "title"));
      item.link = atom_link(node, atom);
      item.guid = trimmed(character_data(child(node, atom, "id")));
      if (item.link.empty() && is_http_url(item.guid)) item.link = item.guid;  // an id that is a URL
      // Atom 0.3 names them issued, created and modified; feeds that moved to 1.0 kept some.
      item.published = first_date(node, {{atom, "published"}, {atom, "issued"}, {atom, "created"}});
      item.updated = first_date(node, {{atom, "updated"}, {atom, "modified"}});
      if (!item.published) item.published = item.updated;
      item.author = trimmed(character_data(child(child(node, atom, "author"), atom, "name")));
      Markup summary = atom_markup(child(node, atom, "summary"));
      Markup text = atom_markup(child(node, atom, "content"));
      for (pugi::xml_node link : node.children()) {
        if (is_element(link, atom, "link") && std::string_view(link.attribute("rel").value()) == "enclosure") {
          add_enclosure(item, link, "href", "length");
        }
      }
      for (pugi::xml_node category : node.children()) {
        if (!is_element(category, atom, "category")) continue;
        const char* label = category.attribute("label").value();
        add_unique(item.categories, trimmed(*label ? label : category.attribute("term").value()));
      }
      finish(std::move(item), std::move(summary), std::move(text));
    }
  }

  void read_json_feed(const nlohmann::json& json) {
    auto string_of = [](const nlohmann::json& object, const char* key) {
      auto it = object.find(key);
      return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    feed_.title = html_to_line(string_of(json, "title"));
    feed_.link = web_link(string_of(json, "home_page_url"));
    feed_.language = normalise_language(string_of(json, "language"));
    auto items = json.find("items");
    if (items == json.end() || !items->is_array()) return;
    for (const auto& entry : *items) {
      if (!entry.is_object()) continue;
      in_item_ = true;
      FeedItem item;
      item.title = html_to_line(string_of(entry, "title"));
      item.link = web_link(string_of(entry, "url"));
      item.guid = entry.contains("id") && entry["id"].is_number() ? entry["id"].dump() : string_of(entry, "id");
      item.published = parse_feed_date(string_of(entry, "date_published"));
      item.updated = parse_feed_date(string_of(entry, "date_modified"));
      Markup summary{trimmed(string_of(entry, "summary")), false};
      std::string content_html = string_of(entry, "content_html");
      Markup text = content_html.empty() ? Markup{trimmed(string_of(entry, "content_text")), false}
                                         : html(std::move(content_html));
      if (auto authors = entry.find("authors"); authors != entry.end() && authors->is_array() && !authors->empty()) {
        item.author = string_of(authors->front(), "name");
      } else if (auto author = entry.find("author"); author != entry.end() && author->is_object()) {
        item.author = string_of(*author, "name");
      }
      if (auto tags = entry.find("tags"); tags != entry.end() && tags->is_array()) {
        for (const auto& tag : *tags) {
          if (tag.is_string()) add_unique(item.categories, trimmed(tag.get<std::string>()));
        }
      }
      finish(std::move(item), std::move(summary), std::move(text));
    }
  }

 private:
  void read_rss_item(pugi::xml_node node, std::string_view item_namespace) {
    in_item_ = true;
    FeedItem item;
    item.title = line_of(child(node, item_namespace, "title"));
    if (item.title.empty()) item.title = line_of(child(node, ns::kDublinCore, "title"));
    if (item.title.empty()) item.title = line_of(child(node, ns::kMedia, "title"));
    // When an item repeats <link>, the last one counts, as in every lenient reader.
    for (pugi::xml_node link : node.children()) {
      if (is_element(link, item_namespace, "link")) item.link = trimmed(character_data(link));
    }
    if (item.link.empty()) item.link = atom_link(node, ns::kAtom10);
    pugi::xml_node guid = child(node, item_namespace, "guid");
    item.guid = trimmed(character_data(guid));
    // RSS 2.0: a guid is a permalink unless isPermaLink="false".
    if (item.link.empty() && is_http_url(item.guid) &&
        std::string_view(guid.attribute("isPermaLink").as_string("true")) != "false") {
      item.link = item.guid;
    }
    item.link = web_link(item.link, node);
    item.published = first_date(node, {{item_namespace, "pubDate"},
                                       {ns::kDublinCore, "date"},
                                       {ns::kDublinCoreTerms, "issued"},
                                       {ns::kDublinCoreTerms, "created"},
                                       {ns::kAtom10, "published"}});
    item.updated = first_date(node, {{ns::kDublinCoreTerms, "modified"}, {ns::kAtom10, "updated"}});
    if (!item.published) item.published = item.updated;
    item.author = line_of(child(node, item_namespace, "author"));
    if (item.author.empty()) item.author = line_of(child(node, ns::kDublinCore, "creator"));
    Markup summary = html(character_data(child(node, item_namespace, "description")));
    Markup text = html(character_data(child(node, ns::kContent, "encoded")));
    for (pugi::xml_node part : node.children()) {
      if (is_element(part, item_namespace, "category") || is_element(part, ns::kDublinCore, "subject")) {
        add_unique(item.categories, line_of(part));
      } else if (is_element(part, item_namespace, "enclosure")) {
        add_enclosure(item, part, "url", "length");
      } else if (is_element(part, ns::kMedia, "content")) {
        add_enclosure(item, part, "url", "fileSize");
      } else if (is_element(part, ns::kMedia, "group")) {
        for (pugi::xml_node content : part.children()) {
          if (is_element(content, ns::kMedia, "content")) add_enclosure(item, content, "url", "fileSize");
        }
      }
    }
    if (summary.content.empty()) summary = {trimmed(character_data(child(node, ns::kMedia, "description"))), false};
    finish(std::move(item), std::move(summary), std::move(text));
  }

  // The entry's web page: an alternate link, one of type text/html if there are several; else
  // the first link that is not the feed itself or an enclosure.
  std::string atom_link(pugi::xml_node parent, std::string_view atom) {
    std::string first, alternate;
    for (pugi::xml_node link : parent.children()) {
      if (!is_element(link, atom, "link")) continue;
      const std::string_view rel = link.attribute("rel").as_string("alternate");
      // Some publishers put the URL in the element's text instead of href.
      const std::string href = trimmed(link.attribute("href") ? link.attribute("href").value() : character_data(link));
      if (rel == "alternate" && !href.empty()) {
        if (std::string_view(link.attribute("type").value()) == "text/html") return web_link(href, link);
        if (alternate.empty()) alternate = web_link(href, link);
      }
      if (first.empty() && rel != "self" && rel != "enclosure") first = web_link(href, link);
    }
    return alternate.empty() ? first : alternate;
  }

  // The first of these elements that holds a readable date.
  std::optional<Timestamp> first_date(pugi::xml_node parent,
                                      std::initializer_list<std::pair<std::string_view, std::string_view>> names) {
    for (const auto& [namespace_uri, local] : names) {
      if (auto time = date_of(child(parent, namespace_uri, local))) return time;
    }
    return std::nullopt;
  }

  std::optional<Timestamp> date_of(pugi::xml_node node) {
    if (!node) return std::nullopt;
    const std::string text = character_data(node);
    auto time = parse_feed_date(text);
    if (!time) warn("item " + std::to_string(pending_.size() + 1) + ": unreadable date '" + trimmed(text) + "'");
    return time;
  }

  // The link a browser would open: tabs, newlines and surrounding controls removed, resolved
  // against the xml:base in scope at `node` (RFC 3986 §5.1: each xml:base is itself resolved
  // against the one outside it), then the document's URL, then the feed's link. Empty, with a
  // warning, unless that is an http or https URL: a javascript: or data: link would run script
  // wherever newsdex shows or hands it on.
  std::string web_link(std::string_view raw, pugi::xml_node node = {}) {
    const std::string link = browser_form(raw);
    if (link.empty()) return link;
    std::string resolved = is_http_url(link) ? link : resolve(link, node);
    if (is_safe_link(resolved)) return resolved;
    std::string shown = sanitize_utf8(link.substr(0, 80));
    warn((in_item_ ? "item " + std::to_string(pending_.size() + 1) + ": " : std::string()) + "dropped the link '" +
         shown + (link.size() > 80 ? "…" : "") + "': only http and https links are kept");
    return {};
  }

  std::string resolve(const std::string& link, pugi::xml_node node) const {
    std::vector<std::string_view> bases;
    for (pugi::xml_node scope = node; scope; scope = scope.parent()) {
      if (pugi::xml_attribute base = scope.attribute("xml:base")) bases.emplace_back(base.value());
    }
    std::string base = options_.url.empty() ? feed_.link : options_.url;
    for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = resolve_url(base, trim(*it));
    return resolve_url(base, link);
  }

  void add_enclosure(FeedItem& item, pugi::xml_node node, const char* url_attribute, const char* length_attribute) {
    const std::string url = web_link(trimmed(node.attribute(url_attribute).value()), node);
    if (url.empty()) return;
    for (const Enclosure& existing : item.enclosures) {
      if (existing.url == url) return;
    }
    Enclosure enclosure{url, trimmed(node.attribute("type").value()), std::nullopt};
    const std::string length = trimmed(node.attribute(length_attribute).value());
    if (!length.empty() && std::all_of(length.begin(), length.end(), ::isdigit) && length.size() < 19) {
      enclosure.length = std::stoull(length);
    }
    item.enclosures.push_back(std::move(enclosure));
  }

  void warn(std::string message) { feed_.warnings.push_back(std::move(message)); }

  // Queues an item whose summary and text may still be HTML; complete() converts them.
  void finish(FeedItem item, Markup summary, Markup text) {
    pending_.push_back({std::move(item), std::move(summary), std::move(text)});
  }

 public:
  // Converts the queued items' HTML to text, on `threads` threads when there is enough of it,
  // and adds the items to the feed in document order.
  // The shorter text is the summary and the fuller one the text; an item with only one has
  // that one as its text too, so that every item has something to search. Items are never
  // dropped here, however little they hold: that is for the indexer to judge.
  void complete(unsigned threads) {
    drop_control_characters(feed_.title);
    convert_all(threads);
    feed_.items.reserve(feed_.items.size() + pending_.size());
    for (PendingItem& pending : pending_) feed_.items.push_back(std::move(pending.item));
    pending_.clear();
  }

 private:
  struct PendingItem {
    FeedItem item;
    Markup summary;
    Markup text;
  };

  void convert_all(unsigned threads) {
    auto convert = [this](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        FeedItem& item = pending_[i].item;
        item.summary = to_text(pending_[i].summary);
        item.text = to_text(pending_[i].text);
        if (item.text.empty()) item.text = item.summary;
        if (item.summary.empty() && item.text.size() < 600) item.summary = item.text;
        drop_control_characters_from(item);
        item.id = article_id(item);
      }
    };
    size_t html_bytes = 0;
    for (const PendingItem& pending : pending_)
      html_bytes += pending.summary.content.size() + pending.text.content.size();
    // Below this, starting threads costs more than it saves.
    constexpr size_t kBytesPerThread = 256 * 1024;
    threads = static_cast<unsigned>(std::clamp<size_t>(html_bytes / kBytesPerThread, 1, std::max(threads, 1u)));
    if (threads == 1) return convert(0, pending_.size());
    prepare_html_to_text_threads();
    std::vector<std::thread> workers;
    const size_t chunk = (pending_.size() + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t) {
      workers.emplace_back(convert, std::min(pending_.size(), t * chunk), std::min(pending_.size(), (t + 1) * chunk));
    }
    convert(0, std::min(pending_.size(), chunk));
    for (std::thread& worker : workers) worker.join();
  }

  std::vector<PendingItem> pending_;

  // Every text field of every format ends here: XML character references and JSON escapes can
  // carry the control characters that decoding removed from the raw bytes (ESC, U+009B), and a
  // terminal obeys them.
  static void drop_control_characters_from(FeedItem& item) {
    for (std::string* field : {&item.title, &item.guid, &item.author, &item.summary, &item.text}) {
      drop_control_characters(*field);
    }
    for (std::string& category : item.categories) drop_control_characters(category);
    for (Enclosure& enclosure : item.enclosures) drop_control_characters(enclosure.type);
  }

  // docs/json.md: the canonical link, else the guid qualified by the feed, else a content hash.
  std::string article_id(const FeedItem& item) const {
    if (!item.guid.empty() && canonical_url(item.link).empty()) {
      const std::string& feed = options_.url.empty() ? feed_.link : options_.url;
      return feed + "#" + item.guid;
    }
    return feeds::article_id(item.link, item.title, item.text);
  }

  const ParseOptions& options_;
  Feed& feed_;
  bool in_item_ = false;  // the feed's own elements are read first, then its items
};

}  // namespace

std::string article_id(std::string_view link, std::string_view title, std::string_view text) {
  if (std::string canonical = canonical_url(link); !canonical.empty()) return canonical;
  std::string content(title);
  content.push_back('\n');
  content += text;
  return "urn:newsdex:" + fingerprint(content);
}

namespace {

bool is_feed_root(pugi::xml_node node) {
  const std::string_view name = local_name(node);
  return node.type() == pugi::node_element &&
         (name == "rss" || name == "feed" || name == "RDF" || name == "rdf" || name == "entry");
}

// No feed nests elements a thousand deep; a document that does is an attack on whoever walks it
// recursively, so it is refused as bad input rather than read.
constexpr int kMaxDepth = 1000;
// libxml2's recovery stops near depth 256 (without XML_PARSE_HUGE), keeping what came before: a
// recovered document this deep was deeper still, and is refused like a well-formed one.
constexpr int kRecoveryMaxDepth = 250;

void reject_deep_nesting(pugi::xml_document& xml, int max_depth = kMaxDepth) {
  // An iterative walk over elements only (text nodes cannot nest), without recursion.
  int depth = 0;
  pugi::xml_node node = xml.document_element();
  auto next_element = [](pugi::xml_node from) {
    while (from && from.type() != pugi::node_element) from = from.next_sibling();
    return from;
  };
  while (node) {
    if (pugi::xml_node child = next_element(node.first_child())) {
      if (++depth > max_depth) {
        throw InputError("not a feed: elements nested more than " + std::to_string(max_depth) + " deep");
      }
      node = child;
      continue;
    }
    while (node && !next_element(node.next_sibling())) {
      node = node.parent();
      --depth;
      if (depth < 0) return;  // back above the root element
    }
    if (node) node = next_element(node.next_sibling());
  }
}

// Parses XML with pugixml, repairing what the web breaks when it must: first entities and the
// document's edges by hand (keeping all text), then libxml2's recovery. Every repair is a warning.
// `text` must outlive `xml`: a well-formed document is parsed in place, without a copy. When it
// is not, `original` gives the text again for the repairs.
void load_xml(pugi::xml_document& xml, std::string& text, const std::function<std::string()>& original,
              std::vector<std::string>& warnings) {
  // pugixml does not process DTDs: no entity from a DOCTYPE is ever expanded (billion laughs)
  // and nothing external is loaded (XXE). Text of spaces alone is kept: between two elements of a
  // title's or an XHTML content's markup ("<a>unveils</a> <b>new</b>") it parts two words.
  constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata;
  pugi::xml_parse_result parsed = xml.load_buffer_inplace(text.data(), text.size(), kParseOptions, pugi::encoding_utf8);
  if (parsed && xml.document_element()) return;
  const std::string first_error =
      "not well-formed XML at byte " + std::to_string(parsed.offset) + ": " + parsed.description();

  std::vector<std::string> repairs;
  text = repair_edges(repair_entities(original(), repairs), repairs);
  parsed = xml.load_buffer(text.data(), text.size(), kParseOptions, pugi::encoding_utf8);
  if (!parsed || !xml.document_element()) {
    std::string recovered = recover_with_libxml2(text);
    if (recovered.empty()) throw InputError(first_error);
    text = std::move(recovered);
    repairs.push_back("recovered from broken markup with libxml2 (" + first_error + ")");
    parsed = xml.load_buffer(text.data(), text.size(), kParseOptions, pugi::encoding_utf8);
    if (!parsed || !xml.document_element()) throw InputError(first_error);
    reject_deep_nesting(xml, kRecoveryMaxDepth);
  }
  warnings.insert(warnings.end(), repairs.begin(), repairs.end());
}

// JSON text with each \\u escape of a UTF-16 surrogate that is not half of a pair replaced by
// \\ufffd. JavaScript strings cut in the middle of a pair leave such halves, and JSON parsers
// (nlohmann's, rightly) refuse them; browsers and feed readers show U+FFFD instead.
std::string replace_lone_surrogates(const std::string& json) {
  auto escaped_unit = [&](size_t at) -> int {  // the code unit of a \\uXXXX at `at`, or -1
    if (at + 6 > json.size() || json[at] != '\\' || json[at + 1] != 'u') return -1;
    int unit = 0;
    for (size_t i = at + 2; i < at + 6; ++i) {
      const int c = json[i] | 0x20;  // lower case for letters
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return -1;
      unit = unit * 16 + digit;
    }
    return unit;
  };
  std::string repaired;
  repaired.reserve(json.size());
  for (size_t at = 0; at < json.size();) {
    if (json[at] != '\\' || at + 1 >= json.size()) {
      repaired += json[at++];
      continue;
    }
    const int unit = escaped_unit(at);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const int low = escaped_unit(at + 6);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        repaired.append(json, at, 12);
        at += 12;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      repaired += "\\ufffd";
      at += 6;
      continue;
    }
    repaired.append(json, at, 2);  // any other escape, \\\\ included, passes whole
    at += 2;
  }
  return repaired;
}

Feed parse_json_feed(const std::string& utf8, const ParseOptions& options, std::string encoding) {
  nlohmann::json json;
  std::vector<std::string> repairs;
  try {
    json = nlohmann::json::parse(utf8);
  } catch (const nlohmann::json::exception& error) {
    const std::string repaired = replace_lone_surrogates(utf8);
    json = nlohmann::json::parse(repaired, nullptr, /*allow_exceptions=*/false);
    if (repaired == utf8 || json.is_discarded()) throw InputError(std::string("malformed JSON: ") + error.what());
    repairs.push_back("halves of UTF-16 surrogate pairs replaced by U+FFFD");
  }
  const std::string version = json.is_object() ? json.value("version", "") : "";
  if (!version.starts_with("https://jsonfeed.org/version/")) {
    throw InputError("not a feed: JSON without a JSON Feed \"version\"");
  }
  Feed feed;
  feed.format = FeedFormat::kJsonFeed1;
  feed.encoding = std::move(encoding);
  FeedBuilder builder(options, feed);
  builder.read_json_feed(json);
  builder.complete(options.threads);
  feed.warnings.insert(feed.warnings.end(), repairs.begin(), repairs.end());
  return feed;
}

}  // namespace

std::string_view format_name(FeedFormat format) {
  static constexpr EnumNames<FeedFormat, 6> kFormatNames = {{{FeedFormat::kRss20, "rss2.0"},
                                                             {FeedFormat::kRss10, "rss1.0"},
                                                             {FeedFormat::kRss09x, "rss0.9x"},
                                                             {FeedFormat::kAtom10, "atom1.0"},
                                                             {FeedFormat::kAtom03, "atom0.3"},
                                                             {FeedFormat::kJsonFeed1, "jsonfeed1"}}};
  const std::string_view name = name_of(kFormatNames, format);
  return name.empty() ? "unknown" : name;
}

Feed parse_feed(std::string_view document, const ParseOptions& options) {
  DecodedDocument decoded = decode_to_utf8(document, options.content_type);
  const size_t first = decoded.utf8.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw InputError("not a feed: the document is empty");
  if (decoded.utf8[first] == '{') return parse_json_feed(decoded.utf8, options, decoded.encoding);
  // Junk before the markup is repaired below; text without any markup is no feed.
  if (decoded.utf8.find('<', first) == std::string::npos)
    throw InputError("not a feed: the document is neither XML nor JSON");

  Feed feed;
  feed.encoding = decoded.encoding;
  feed.warnings = std::move(decoded.warnings);
  pugi::xml_document xml;
  std::string text = std::move(decoded.utf8);
  load_xml(
      xml, text, [&] { return decode_to_utf8(document, options.content_type).utf8; }, feed.warnings);
  reject_deep_nesting(xml);
  pugi::xml_node root = xml.document_element();
  if (!is_feed_root(root)) {
    // A feed wrapped in a web page, as some servers and proxies send it.
    const pugi::xml_node inner = xml.find_node([](pugi::xml_node node) { return is_feed_root(node); });
    if (inner) {
      feed.warnings.push_back("the feed is inside a <" + std::string(root.name()) + "> document");
      root = inner;
    }
  }
  const std::string_view root_name = local_name(root);
  const std::string_view root_namespace = namespace_of(root);

  FeedBuilder builder(options, feed);
  if (root_name == "rss") {
    const std::string_view version = root.attribute("version").value();
    feed.format = version.starts_with("0.9") ? FeedFormat::kRss09x : FeedFormat::kRss20;
    builder.read_rss(root, root_namespace);
  } else if (root_name == "RDF" || root_name == "rdf") {
    const pugi::xml_node channel = child(root, ns::kRss09, "channel");
    const bool netscape = channel && namespace_of(channel) == ns::kRss09;
    feed.format = netscape ? FeedFormat::kRss09x : FeedFormat::kRss10;
    builder.read_rss(root, netscape ? ns::kRss09 : ns::kRss10);
  } else if (root_name == "feed") {
    // Atom by its root, whatever namespace (or none) the publisher gave it.
    const bool atom03 = root_namespace == ns::kAtom03 || std::string_view(root.attribute("version").value()) == "0.3";
    feed.format = atom03 ? FeedFormat::kAtom03 : FeedFormat::kAtom10;
    builder.read_atom(root, root_namespace == ns::kAtom03 ? ns::kAtom03 : ns::kAtom10);
  } else if (root_name == "entry") {
    // A lone Atom entry document (RFC 4287 §4.1.2): a feed of one.
    feed.format = FeedFormat::kAtom10;
    builder.read_atom(xml, ns::kAtom10);
  } else {
    throw InputError("not a feed: the root element is <" + std::string(root.name()) + ">");
  }
  builder.complete(options.threads);
  return feed;
}

namespace {

nlohmann::ordered_json enclosures_json(const std::vector<Enclosure>& enclosures) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const Enclosure& enclosure : enclosures) {
    array.push_back(
        {{"url", enclosure.url},
         {"type", enclosure.type.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(enclosure.type)},
         {"length", enclosure.length ? nlohmann::ordered_json(*enclosure.length) : nlohmann::ordered_json()}});
  }
  return array;
}

}  // namespace

nlohmann::ordered_json to_json(const Feed& feed) {
  auto text_or_null = [](const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); };
  auto time_or_null = [](const std::optional<Timestamp>& time) {
    return time ? nlohmann::json(format_rfc3339(*time)) : nlohmann::json();
  };
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const FeedItem& item : feed.items) {
    items.push_back({{"id", item.id},
                     {"title", text_or_null(item.title)},
                     {"link", text_or_null(item.link)},
                     {"published", time_or_null(item.published)},
                     {"updated", time_or_null(item.updated)},
                     {"author", text_or_null(item.author)},
                     {"summary", text_or_null(item.summary)},
                     {"text", text_or_null(item.text)},
                     {"categories", item.categories},
                     {"enclosures", enclosures_json(item.enclosures)}});
  }
  nlohmann::ordered_json json = {{"format", format_name(feed.format)}, {"title", feed.title},
                                 {"link", text_or_null(feed.link)},    {"language", text_or_null(feed.language)},
                                 {"encoding", feed.encoding},          {"items", std::move(items)},
                                 {"warnings", feed.warnings}};
  return json;
}

}  // namespace newsdex::feeds
