// Tagging: what an article is about — its language, countries and topics.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "newsdex/article.h"

namespace newsdex::index {

struct TaggerTables;  // internal: the gazetteer index, section names and topic model

// What the tagger knows besides the text.
struct TagHints {
  std::string language;                 // the feed's declared language, if any ("en-gb")
  std::vector<std::string> countries;   // countries configured for the feed: a weak prior
  std::vector<std::string> topics;      // topics configured for the feed: a weak prior
  std::vector<std::string> categories;  // the item's own categories ("Business", "Spor")
};

// Why a text has one of its topics (`tag --explain`).
struct TopicReason {
  std::string slug;
  // "section": the publisher filed the item under a section that names it (`words` holds the
  // section); "feed": the feed is configured with it; "words": the topic model chose it.
  std::string source;
  std::vector<std::pair<std::string, double>> words;  // what weighed most for it, and how much
};

// The tags of one text.
struct Tags {
  std::string language;                // ISO 639-1, empty when unknown
  std::vector<ScoredCode> countries;   // what it is about, best first; scores in (0, 1]
  std::vector<std::string> mentioned;  // every country named, most named first
  std::vector<ScoredCode> topics;      // IPTC slugs, best first; scores in (0, 1]
  std::vector<TopicReason> reasons;    // one per topic, in the same order; only when explained
};

// Finds the countries and topics of news texts with the built-in gazetteer and topic model. Building one is not free;
// reuse it. const methods are safe to call from many threads.
class Tagger {
 public:
  // The tagger with the built-in topic model.
  Tagger();
  // The tagger with another topic model (scripts/train-topic-model's TSV format), for
  // cross-validation. Throws InputError on a malformed model.
  explicit Tagger(std::string_view topic_model);
  ~Tagger();
  Tagger(const Tagger&) = delete;
  Tagger& operator=(const Tagger&) = delete;

  // Tags an article from its title and text; with `explain`, also says why it has its topics.
  Tags tag(std::string_view title, std::string_view text, const TagHints& hints = {}, bool explain = false) const;

 private:
  std::unique_ptr<const TaggerTables> tables_;
};

// The `tag --json` object of docs/json.md for the tags of the text with this id, with a "why"
// array beside "topics" when the tags were explained.
nlohmann::ordered_json to_json(const Tags& tags, std::string_view id);

// The ISO 639-1 code of the language a text is written in, as the tagger reads it (CLD2); empty
// when the text is too short or the detector unsure.
std::string text_language(std::string_view text);

// Copies tags onto an article (language only when the article has none).
void apply_tags(const Tags& tags, Article& article);

}  // namespace newsdex::index
