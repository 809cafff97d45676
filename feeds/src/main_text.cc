// Article text extraction. No C++ library packaged in Debian separates an article from the page
// around it (Readability and trafilatura are JavaScript and Python), so newsdex does it here, on
// a tree libxml2's HTML parser builds (page_tree.h), in three steps after the published approaches:
//  1. Cleaning: elements that are never article text (scripts, navigation, asides, footers,
//     forms, captions, hidden elements) and elements whose class, id or ARIA role names
//     boilerplate (share bars, related links, comments, cookie and subscription notices, ads)
//     are set aside, unless they hold most of the page's text.
//  2. Finding the article: the element the publisher marked as the article body (schema.org's
//     itemprop=articleBody, or a class such as "article-body" or "entry-content"), checked
//     against Readability's content score (text length and commas of each text block, credited
//     to its ancestors, discounted by link density); the scored winner, with the siblings that
//     score like it, is used when no marked body holds enough of the text.
//  3. Reading it block by block, as boilerplate detection by text blocks does: link lists,
//     short notices ("Follow us", "Read more", copyright lines), the headline and headings left
//     with nothing under them are dropped.
#include "main_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <vector>

#include "newsdex/text.h"
#include "text_builder.h"

namespace newsdex::feeds {
namespace {

bool one_of(std::string_view value, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

std::string attribute(const PageNode* node, const char* name) { return std::string(node->attribute(name)); }

bool is_block_tag(std::string_view tag) {
  return one_of(tag, {"p",          "div",     "li",      "ul",      "ol",     "h1",    "h2",    "h3",       "h4",
                      "h5",         "h6",      "table",   "tr",      "td",     "th",    "pre",   "section",  "article",
                      "header",     "footer",  "main",    "figure",  "dl",     "dt",    "dd",    "address",  "hr",
                      "blockquote", "caption", "details", "summary", "center", "tbody", "thead", "fieldset", "body"});
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_heading(std::string_view tag) { return tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6'; }

// Elements that never hold article text.
bool is_never_text(std::string_view tag) {
  return one_of(tag, {"script", "style", "template", "iframe", "svg", "canvas", "object", "embed", "button", "input",
                      "select", "textarea", "option", "head", "title", "map", "audio", "video"});
}

// Elements that hold page furniture: set aside unless broken markup has put the article in them.
bool is_furniture(std::string_view tag) {
  return one_of(tag, {"nav", "aside", "footer", "figcaption", "dialog", "menu", "label", "noscript"});
}

// What is known of one element (or the document): measured once, before and after cleaning.
struct Stats {
  uint32_t text = 0;        // characters of text in the subtree, not counting whitespace
  uint32_t link_text = 0;   // of which inside links
  uint32_t own_text = 0;    // characters of text not inside a descendant block element
  uint32_t own_commas = 0;  // commas in that text
  float score = 0;          // Readability's content score
  bool scored = false;
  bool removed = false;          // set aside in cleaning
  bool body_marker = false;      // marked by the publisher as the article body
  bool has_body_marker = false;  // itself or a descendant
  // What the element's class, id, role and style say, worked out once (see classify).
  bool boilerplate_name = false;  // a class or id naming boilerplate, or a boilerplate role
  bool hidden = false;            // hidden, aria-hidden or display:none
  bool lead_name = false;         // a class naming a standfirst
  int8_t class_weight = 0;        // Readability's class weight
};

Stats& stats(const PageNode* node) { return *static_cast<Stats*>(node->data); }

// Characters of text, not counting whitespace; commas of several scripts. A Chinese, Japanese
// or Korean character (U+3000 to U+D7FF) counts as two: it says about as much as two letters of
// an alphabet, and the thresholds below are set in letters.
void count_text(std::string_view text, uint32_t& characters, uint32_t& commas) {
  for (size_t at = 0; at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if ((byte & 0xC0) == 0x80 || byte == ' ' || byte == '\n' || byte == '\t' || byte == '\r') continue;
    characters += byte >= 0xE3 && byte <= 0xED ? 2 : 1;
    if (byte == ',') ++commas;
    // U+FF0C fullwidth comma, U+3001 ideographic comma, U+060C Arabic comma
    if (text.compare(at, 3, "\xEF\xBC\x8C") == 0 || text.compare(at, 3, "\xE3\x80\x81") == 0 ||
        text.compare(at, 2, "\xD8\x8C") == 0) {
      ++commas;
    }
  }
}

// What a class or id attribute says of its element.
struct NameFacts {
  bool body = false;         // names the article body ("article-body", "entry-content", "story__text")
  bool content = false;      // names the article's own container ("post", "hentry"): overrules boilerplate
  bool boilerplate = false;  // names navigation, share bars, related links, comments, notices, ads
  bool lead = false;         // names a standfirst ("lead", "intro", "article-excerpt", "chapo")
  bool promises = false;     // Readability's positive class words
  bool warns = false;        // Readability's negative class words
};

// Kinds of words looked for inside class names.
enum NameWord : uint32_t {
  kBodyWord = 1,  // in a name without '-' and '_'
  kNotBodyWord = 2,
  kBoilerplateWord = 4,
  kLeadWord = 8,  // in the name as written
  kPromisingWord = 16,
  kWarningWord = 32,
};

// Words looked for inside class names, each with its kind, indexed by first letter: a name is
// checked against the few words that start with each of its letters rather than against every
// word, which matters on pages of tens of thousands of elements.
class WordSet {
 public:
  WordSet(std::initializer_list<std::pair<NameWord, std::initializer_list<std::string_view>>> groups) {
    for (const auto& [kind, words] : groups) {
      for (std::string_view word : words)
        by_first_letter_[static_cast<unsigned char>(word.front())].push_back({word, kind});
    }
  }
  // The kinds of the words found in `text`.
  uint32_t kinds_in(std::string_view text) const {
    uint32_t kinds = 0;
    for (size_t at = 0; at < text.size(); ++at) {
      for (const auto& [word, kind] : by_first_letter_[static_cast<unsigned char>(text[at])]) {
        if (text.compare(at, word.size(), word) == 0) kinds |= kind;
      }
    }
    return kinds;
  }

 private:
  std::array<std::vector<std::pair<std::string_view, NameWord>>, 256> by_first_letter_;
};

// Words found in a class name once its '-' and '_' are taken out ("article__body" -> "articlebody").
const WordSet& squeezed_words() {
  static const WordSet kWords = {
      {kBodyWord, {"articlebody",   "articlecontent", "articletext",  "articlecopy", "articleinner",  "storybody",
                   "storycontent",  "storytext",      "entrycontent", "entrybody",   "entrytext",     "postcontent",
                   "postbody",      "posttext",       "newsbody",     "newscontent", "newstext",      "bodytext",
                   "contentbody",   "textbody",       "richtext",     "fulltext",    "singlecontent", "articledetail",
                   "detailcontent", "blogcontent",    "maincontent",  "contenttext"}},
      {kNotBodyWord, {"related", "comment", "teaser", "sidebar", "footer", "header", "meta"}},
      {kBoilerplateWord,
       {"comment",     "sharing",   "share",          "social",       "related",    "recommend",   "popular",
        "mostread",    "trending",  "newsletter",     "subscri",      "cookie",     "consent",     "gdpr",
        "banner",      "advert",    "sponsor",        "promo",        "breadcrumb", "sidebar",     "ticker",
        "pagination",  "pager",     "footer",         "masthead",     "navbar",     "navigation",  "menu",
        "toolbar",     "modal",     "popup",          "signup",       "login",      "paywall",     "outbrain",
        "taboola",     "disqus",    "caption",        "credit",       "copyright",  "byline",      "authorbio",
        "taglist",     "keyword",   "follow",         "rating",       "poll",       "readmore",    "readalso",
        "morestories", "moreart",   "visuallyhidden", "screenreader", "offscreen",  "articlemeta", "postmeta",
        "entrymeta",   "storymeta", "dateline",       "timestamp"}}};
  return kWords;
}

// Words found in a class name as written.
const WordSet& written_words() {
  static const WordSet kWords = {
      {kLeadWord,
       {"lead", "intro", "teaser", "standfirst", "summary", "excerpt", "abstract", "chapo", "chapeau", "dek", "deck",
        "subtitle", "subline", "description"}},
      {kPromisingWord, {"article", "body", "content", "entry", "main", "post", "text", "blog", "story"}},
      {kWarningWord,
       {"comment", "foot", "sidebar", "related", "share", "sponsor", "widget", "promo", "banner", "meta", "tags",
        "masthead", "outbrain", "shoutbox", "combx", "contact"}}};
  return kWords;
}

// What the space-separated names of a class or id attribute say.
NameFacts read_names(std::string_view names) {
  NameFacts facts;
  const std::string lower = ascii_lower(names);
  std::string squeezed;
  size_t at = 0;
  while (at < lower.size()) {
    while (at < lower.size() && is_space(lower[at])) ++at;
    size_t end = at;
    while (end < lower.size() && !is_space(lower[end])) ++end;
    const std::string_view token = std::string_view(lower).substr(at, end - at);
    at = end;
    if (token.empty()) continue;
    squeezed.clear();
    for (char c : token) {
      if (c != '-' && c != '_') squeezed.push_back(c);
    }
    const uint32_t inside = squeezed_words().kinds_in(squeezed);
    const uint32_t written = written_words().kinds_in(token);
    facts.body = facts.body || ((inside & kBodyWord) && !(inside & kNotBodyWord));
    facts.content = facts.content || one_of(token, {"hentry", "h-entry", "article", "content", "main", "post", "entry",
                                                    "story", "page"});
    facts.boilerplate = facts.boilerplate || (inside & kBoilerplateWord) ||
                        one_of(token, {"ad",      "ads",    "adv",    "nav",   "tags",  "share",   "social",
                                       "related", "hidden", "hide",   "aside", "print", "meta",    "date",
                                       "time",    "author", "byline", "tools", "skip",  "sr-only", "widget"}) ||
                        token.starts_with("ad-") || token.starts_with("ads-") || token.starts_with("nav-") ||
                        token.ends_with("-ad") || token.ends_with("-ads") || token.ends_with("-nav");
    facts.lead = facts.lead || (written & kLeadWord);
    facts.promises = facts.promises || (written & kPromisingWord);
    facts.warns = facts.warns || (written & kWarningWord);
  }
  return facts;
}

bool is_hidden(const PageNode* node) {
  if (node->has_attribute("hidden")) return true;
  if (const std::string_view aria = node->attribute("aria-hidden"); !aria.empty() && ascii_lower(aria) == "true")
    return true;
  const std::string_view style_attribute = node->attribute("style");
  if (style_attribute.empty()) return false;
  std::string style = ascii_lower(style_attribute);
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

bool has_boilerplate_role(const PageNode* node) {
  const std::string_view role = node->attribute("role");
  return !role.empty() &&
         one_of(ascii_lower(role), {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog",
                                    "menu", "menubar", "search", "toolbar", "tablist", "alert"});
}

class Extractor {
 public:
  Extractor(const PageTree& page, std::string_view title) : title_(collapse_whitespace(title)), root_(page.root()) {}

  std::string run() {
    if (!root_) return {};
    attach(root_);
    measure(root_, nullptr, false);
    body_text_ = stats(root_).text;
    std::string text = extract(Cleaning::thorough);
    // Readability's retry: a short result may mean that cleaning by class names threw the article
    // away (a page builder's "widget" wrapping everything, "has-sharing" on an article header);
    // the lighter cleaning's result is taken when it is much longer.
    if (characters_in(text) < 500) {
      std::string lighter = extract(Cleaning::light);
      if (characters_in(lighter) > 2 * characters_in(text)) text = std::move(lighter);
    }
    return text;
  }

 private:
  void attach(PageNode* node) {
    for (PageNode* child = node; child; child = child->next) {
      if (child->is_text()) continue;
      stats_.emplace_back();
      child->data = nullptr;
      elements_.push_back(child);
      if (child->first_child) attach(child->first_child);
    }
    if (node == root_) {
      for (size_t index = 0; index < elements_.size(); ++index) {
        elements_[index]->data = &stats_[index];
        classify(elements_[index], stats_[index]);
      }
    }
  }

  // What a class or id attribute says. Pages repeat a few hundred class names over thousands
  // of elements: each value is read once per page.
  const NameFacts& facts_of(std::string_view names) {
    static const NameFacts kNone;
    if (names.empty()) return kNone;
    auto [entry, inserted] = name_facts_.try_emplace(names);
    if (inserted) entry->second = read_names(names);
    return entry->second;
  }

  void classify(const PageNode* node, Stats& own) {
    own.hidden = is_hidden(node);
    const std::string_view itemprop = node->attribute("itemprop");
    const NameFacts& by_class = facts_of(node->attribute("class"));
    const NameFacts& by_id = facts_of(node->attribute("id"));
    own.body_marker = by_class.body || by_id.body || (!itemprop.empty() && ascii_lower(itemprop) == "articlebody");
    own.boilerplate_name = has_boilerplate_role(node) ||
                           ((by_class.boilerplate || by_id.boilerplate) && !by_class.content && !by_id.content);
    own.class_weight = static_cast<int8_t>(((by_class.promises || by_id.promises) ? 25 : 0) -
                                           ((by_class.warns || by_id.warns) ? 25 : 0));
    own.lead_name = by_class.lead || by_id.lead;
  }

  // Text counts, bottom up, skipping what cleaning removed. `block` is the nearest block element.
  void measure(PageNode* node, Stats* block, bool in_link) {
    Stats& own = stats(node);
    own.text = own.link_text = own.own_text = own.own_commas = 0;
    own.has_body_marker = false;
    const std::string_view tag = node->name;
    if (own.removed || is_never_text(tag)) return;
    if (is_block_tag(tag)) block = &own;
    in_link = in_link || tag == "a";
    for (PageNode* child = node->first_child; child; child = child->next) {
      if (child->is_text()) {
        uint32_t characters = 0, commas = 0;
        count_text(child->text, characters, commas);
        own.text += characters;
        if (in_link) own.link_text += characters;
        if (block) {
          block->own_text += characters;
          block->own_commas += commas;
        }
      } else {
        measure(child, block, in_link);
        const Stats& inner = stats(child);
        own.text += inner.text;
        own.link_text += inner.link_text;
        own.has_body_marker = own.has_body_marker || inner.has_body_marker;
      }
    }
    own.has_body_marker = own.has_body_marker || own.body_marker;
  }

  bool is_protected(const PageNode* node) const {
    const Stats& own = stats(node);
    const std::string_view tag = node->name;
    return tag == "html" || tag == "body" || own.body_marker || own.has_body_marker || own.text * 2 > body_text_;
  }

  enum class Cleaning { thorough, light };  // light: by element and visibility, not by class names

  static uint32_t characters_in(std::string_view text) {
    uint32_t characters = 0, commas = 0;
    count_text(text, characters, commas);
    return characters;
  }

  std::string extract(Cleaning cleaning) {
    for (Stats& own : stats_) {
      own.removed = own.scored = false;
      own.score = 0;
    }
    clean(root_, cleaning);
    measure(root_, nullptr, false);
    score_blocks();
    std::vector<PageNode*> containers = choose_containers();
    std::string text = read_blocks(containers);
    if (text.empty() && !(containers.size() == 1 && containers[0] == root_)) text = read_blocks({root_});
    return text;
  }

  void clean(PageNode* node, Cleaning cleaning) {
    for (PageNode* child = node->first_child; child; child = child->next) {
      if (child->is_text()) continue;
      const std::string_view tag = child->name;
      bool drop = is_never_text(tag) || (stats(child).hidden && !is_protected(child));
      if (!drop && tag == "form") drop = stats(child).text * 4 < body_text_;
      if (!drop && !is_protected(child)) {
        drop = is_furniture(tag) || (cleaning == Cleaning::thorough && stats(child).boilerplate_name);
      }
      if (drop && (tag == "body" || tag == "html")) drop = false;
      if (drop) {
        stats(child).removed = true;
      } else {
        clean(child, cleaning);
      }
    }
  }

  // Readability's content score: each text block of 25 characters or more scores one point, one
  // per comma and one per 100 characters (up to 3); its parent gets it all, its grandparent half,
  // and further ancestors a third of it per level.
  void score_blocks() {
    for (PageNode* node : elements_) {
      const Stats& own = stats(node);
      if (own.removed || own.own_text < 25 || !node->parent) continue;
      const std::string_view tag = node->name;
      if (is_heading(tag) || tag == "li" || tag == "a" || tag == "ul" || tag == "ol") continue;
      if (is_removed(node)) continue;
      const float points = 1.0f + static_cast<float>(own.own_commas) + std::min(own.own_text / 100.0f, 3.0f);
      int level = 0;
      for (PageNode* ancestor = node->parent; ancestor && level < 5; ancestor = ancestor->parent, ++level) {
        Stats& candidate = stats(ancestor);
        if (!candidate.scored) {
          candidate.scored = true;
          candidate.score = base_score(ancestor);
        }
        candidate.score += level == 0 ? points : level == 1 ? points / 2 : points / (level * 3.0f);
      }
    }
  }

  static float base_score(const PageNode* node) {
    const std::string_view tag = node->name;
    float score = 0;
    if (tag == "div" || tag == "article" || tag == "section" || tag == "main") score = 5;
    if (tag == "pre" || tag == "td" || tag == "blockquote") score = 3;
    if (one_of(tag, {"address", "ol", "ul", "dl", "dd", "dt", "li", "form"})) score = -3;
    if (is_heading(tag) || tag == "th") score = -5;
    return score + static_cast<float>(stats(node).class_weight);
  }

  static bool is_removed(const PageNode* node) {
    for (; node; node = node->parent) {
      if (stats(node).removed) return true;
    }
    return false;
  }

  static float link_density(const Stats& own) {
    return own.text ? static_cast<float>(own.link_text) / static_cast<float>(own.text) : 0.0f;
  }

  PageNode* top_scored() const {
    PageNode* best = nullptr;
    float best_score = 0;
    for (PageNode* node : elements_) {
      const Stats& own = stats(node);
      if (!own.scored || own.removed || is_removed(node)) continue;
      const float score = own.score * (1.0f - link_density(own));
      if (score > best_score) {
        best_score = score;
        best = node;
      }
    }
    return best;
  }

  // The innermost marked body that holds most of the text of the largest one.
  PageNode* marked_body() const {
    PageNode* best = nullptr;
    for (PageNode* node : elements_) {
      const Stats& own = stats(node);
      if (!own.body_marker || own.removed || own.text == 0 || is_removed(node)) continue;
      if (!best || own.text > stats(best).text) best = node;
    }
    if (!best) return nullptr;
    for (bool narrowed = true; narrowed;) {
      narrowed = false;
      for (PageNode* node : elements_) {
        if (node == best || !stats(node).body_marker || is_removed(node) || !is_inside(node, best)) continue;
        if (stats(node).text * 10 >= stats(best).text * 7) {
          best = node;
          narrowed = true;
          break;
        }
      }
    }
    return best;
  }

  static bool is_inside(const PageNode* node, const PageNode* ancestor) {
    for (const PageNode* at = node->parent; at; at = at->parent) {
      if (at == ancestor) return true;
    }
    return false;
  }

  std::vector<PageNode*> choose_containers() const {
    PageNode* scored = top_scored();
    PageNode* marked = marked_body();
    if (marked) {
      const uint32_t marked_text = stats(marked).text - stats(marked).link_text;
      const uint32_t scored_text = scored ? stats(scored).text - stats(scored).link_text : 0;
      if (marked_text * 2 >= scored_text || (scored && is_inside(scored, marked))) {
        std::vector<PageNode*> parts = same_kind_as(marked);
        if (PageNode* lead = lead_before(parts.front())) parts.insert(parts.begin(), lead);
        return parts;
      }
    }
    if (!scored) return {root_};
    return with_siblings(scored);
  }

  // The standfirst the publisher set before the marked body ("lead", "intro", "teaser-text"), in
  // the body's parent or the parent's parent.
  PageNode* lead_before(PageNode* body) const {
    int level = 0;
    for (PageNode* from = body; from && from != root_ && level < 3; from = from->parent, ++level) {
      if (level > 0 && from->name == "body") break;
      for (PageNode* sibling = from->prev; sibling; sibling = sibling->prev) {
        if (sibling->is_text() || stats(sibling).removed) continue;
        if (PageNode* lead = lead_in(sibling, 0)) return lead;
      }
      if (from->name == "article") break;  // the article's own header, and no further
    }
    return nullptr;
  }

  // `node` or the first of its descendants that is a standfirst, looking a few levels down.
  PageNode* lead_in(PageNode* node, int depth) const {
    const Stats& own = stats(node);
    if (own.removed || own.text < 40) return nullptr;
    if (own.lead_name && link_density(own) <= 0.3f) return node;
    if (depth >= 4) return nullptr;
    for (PageNode* child = node->first_child; child; child = child->next) {
      if (child->is_text()) continue;
      if (PageNode* found = lead_in(child, depth + 1)) return found;
    }
    return nullptr;
  }

  // A body split in several elements of one class (with ads or pictures between them): all of them.
  std::vector<PageNode*> same_kind_as(PageNode* chosen) const {
    const std::string kind = attribute(chosen, "class");
    if (kind.empty()) return {chosen};
    std::vector<PageNode*> parts;
    for (PageNode* node : elements_) {
      if (node->name != chosen->name || is_removed(node) || attribute(node, "class") != kind) continue;
      if (!parts.empty() && is_inside(node, parts.back())) continue;
      parts.push_back(node);
    }
    if (parts.size() > 20) return {chosen};
    return parts;
  }

  // Readability's sibling rule: siblings of the winner that score like it, or read like paragraphs.
  std::vector<PageNode*> with_siblings(PageNode* top) const {
    if (!top->parent) return {top};
    const float top_score = stats(top).score * (1.0f - link_density(stats(top)));
    const float threshold = std::max(10.0f, top_score * 0.2f);
    std::vector<PageNode*> chosen;
    for (PageNode* sibling = top->parent->first_child; sibling; sibling = sibling->next) {
      if (sibling->is_text() || stats(sibling).removed) continue;
      const Stats& own = stats(sibling);
      bool keep = sibling == top;
      if (!keep && own.scored) keep = own.score * (1.0f - link_density(own)) >= threshold;
      if (!keep && sibling->name == "p") {
        keep = (own.text > 80 && link_density(own) < 0.25f) || (own.text > 0 && own.link_text == 0 && own.own_commas);
      }
      if (keep) chosen.push_back(sibling);
    }
    return chosen;
  }

  // One block of text as read: its element and what it holds.
  struct Block {
    std::string_view tag;
    std::string text;
    uint32_t characters = 0;
    uint32_t link_characters = 0;
  };

  void read_into(PageNode* node, std::vector<Block>& blocks, bool in_link) const {
    for (PageNode* child = node->first_child; child; child = child->next) {
      if (child->is_text()) {
        const std::string_view text = child->text;
        Block& block = blocks.back();
        const bool had_space = !block.text.empty() && block.text.back() == ' ';
        uint32_t characters = 0, commas = 0;
        count_text(text, characters, commas);
        block.characters += characters;
        if (in_link) block.link_characters += characters;
        if (!text.empty() && is_space(text.front()) && !had_space) block.text.push_back(' ');
        block.text += collapse_whitespace(text);
        if (!text.empty() && is_space(text.back()) && !block.text.empty() && block.text.back() != ' ')
          block.text.push_back(' ');
        continue;
      }
      if (child->is_text() || stats(child).removed) continue;
      const std::string_view tag = child->name;
      if (is_never_text(tag)) continue;
      if (tag == "br") {
        blocks.back().text += '\n';
        continue;
      }
      if (tag == "td" || tag == "th") {  // a table row reads as one line, its cells apart
        if (!blocks.back().text.empty()) blocks.back().text += ' ';
        read_into(child, blocks, in_link);
        blocks.back().text += ' ';
        continue;
      }
      if (is_block_tag(tag)) {
        const std::string_view outer = blocks.back().tag;
        blocks.push_back({tag, {}, 0, 0});
        read_into(child, blocks, in_link || tag == "a");
        blocks.push_back({outer, {}, 0, 0});
      } else {
        read_into(child, blocks, in_link || tag == "a");
      }
    }
  }

  std::string read_blocks(const std::vector<PageNode*>& containers) const {
    std::vector<Block> blocks;
    for (PageNode* container : containers) {
      blocks.push_back({container->name, {}, 0, 0});
      read_into(container, blocks, false);
    }
    std::vector<const Block*> read;
    for (const Block& block : blocks) {
      if (block.characters > 0) read.push_back(&block);
    }
    std::vector<bool> kept(read.size());
    for (size_t index = 0; index < read.size(); ++index) kept[index] = keeps(*read[index]);
    // A heading or a label ("Related articles", "Contact:") stands for what follows it: kept only
    // when the block right after it is kept text.
    for (size_t index = read.size(); index-- > 0;) {
      if (!kept[index] || !is_label(*read[index])) continue;
      kept[index] = index + 1 < read.size() && kept[index + 1] && !is_label(*read[index + 1]);
    }
    // After the article's last paragraph, short lines are sign-offs, sources and credits.
    size_t end = read.size();
    while (end > 0 && (!kept[end - 1] || read[end - 1]->characters < 60)) --end;
    if (end == 0) end = read.size();
    std::vector<const Block*> text_blocks;
    for (size_t index = 0; index < end; ++index) {
      if (kept[index]) text_blocks.push_back(read[index]);
    }
    TextBuilder builder;
    for (const Block* block : text_blocks) {
      builder.add_break();
      size_t at = 0;
      while (at <= block->text.size()) {
        const size_t end = std::min(block->text.find('\n', at), block->text.size());
        builder.add_text(std::string_view(block->text).substr(at, end - at));
        builder.add_line_break();
        at = end + 1;
      }
    }
    return builder.take();
  }

  static bool is_label(const Block& block) {
    if (is_heading(block.tag)) return true;
    if (block.characters > 40 || one_of(block.tag, {"li", "tr", "td", "th", "dd", "dt"})) return false;
    const std::string_view text = trim(block.text);
    return !text.empty() && !ends_a_sentence(text);
  }

  // True when the text ends as sentences do, in the scripts newsdex reads: . ! ? " ) … " 。！？ । ؟
  static bool ends_a_sentence(std::string_view text) {
    static constexpr std::array<std::string_view, 13> kEnds = {".",
                                                               "!",
                                                               "?",
                                                               "\"",
                                                               ")",
                                                               "\xE2\x80\xA6",
                                                               "\xE2\x80\x9D",
                                                               "\xE2\x80\x9C",
                                                               "\xC2\xBB",
                                                               "\xE3\x80\x82",
                                                               "\xEF\xBC\x81",
                                                               "\xEF\xBC\x9F",
                                                               "\xD8\x9F"};
    return std::any_of(kEnds.begin(), kEnds.end(), [&](std::string_view end) { return text.ends_with(end); }) ||
           text.ends_with("\xE0\xA5\xA4");
  }

  bool keeps(const Block& block) const {
    const float links = static_cast<float>(block.link_characters) / static_cast<float>(block.characters);
    if (links > 0.5f) return false;
    const std::string line = collapse_whitespace(block.text);
    // The headline is the page's title, not its text; articles do not use h1 for subheadings.
    if (block.tag == "h1" || line == title_) return false;
    return !is_notice(line);
  }

  // Short lines that are about the page, not the article, in the languages newsdex reads most.
  static bool is_notice(const std::string& line) {
    if (line.size() > 160) return false;
    const std::string lower = ascii_lower(line);
    static constexpr std::array<std::string_view, 36> kStarts = {"follow us",
                                                                 "share this",
                                                                 "share:",
                                                                 "subscribe",
                                                                 "sign up",
                                                                 "read more",
                                                                 "read also",
                                                                 "see also",
                                                                 "related:",
                                                                 "advertisement",
                                                                 "anzeige",
                                                                 "werbung",
                                                                 "publicité",
                                                                 "lesen sie auch",
                                                                 "mehr zum thema",
                                                                 "lire aussi",
                                                                 "à lire aussi",
                                                                 "leia também",
                                                                 "lea también",
                                                                 "leggi anche",
                                                                 "photo:",
                                                                 "foto:",
                                                                 "image:",
                                                                 "bild:",
                                                                 "©",
                                                                 "copyright",
                                                                 "all rights reserved",
                                                                 "tous droits réservés",
                                                                 "alle rechte vorbehalten",
                                                                 "click here",
                                                                 "tap here",
                                                                 "listen to this article",
                                                                 "print",
                                                                 "email",
                                                                 "tags:",
                                                                 "schlagworte"};
    for (std::string_view start : kStarts) {
      if (lower.starts_with(start)) return true;
    }
    return lower.find("all rights reserved") != std::string::npos;
  }

  std::string title_;
  PageNode* root_ = nullptr;
  uint32_t body_text_ = 0;
  std::vector<Stats> stats_;
  std::vector<PageNode*> elements_;
  std::unordered_map<std::string_view, NameFacts> name_facts_;  // views into the page tree
};

}  // namespace

std::string main_text(const PageTree& page, std::string_view title) { return Extractor(page, title).run(); }

}  // namespace newsdex::feeds
