// The tagging pipeline: language, then countries and topics from the prepared words, then what
// the feed and the publisher's sections say.
#include "newsdex/tagger.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "country_finder.h"
#include "language.h"
#include "prepared_text.h"
#include "tagger_tables.h"
#include "topic_scorer.h"

namespace newsdex {
namespace embedded {
extern const std::string_view kTopicModel;
}  // namespace embedded

namespace index {
namespace {

// Score of a country or topic known only from the feed's configuration.
constexpr double kPriorScore = 0.5;
// How much of the text, after the title, language detection reads.
constexpr size_t kLanguageSampleBytes = 1024;

// The feed's declared language, unless the text itself says otherwise: feeds declare one
// language for everything they carry, and many declare their CMS's default. Of the declared tag,
// only two ASCII letters and a subtag's separator or nothing count ("en-GB", "TR_tr", "de"), in
// lower case: a feed's, an import's or a tag line's declaration is anybody's text.
std::string article_language(const std::string& sample, const std::string& declared_tag) {
  const auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  std::string declared;
  if (declared_tag.size() >= 2 && is_letter(declared_tag[0]) && is_letter(declared_tag[1]) &&
      (declared_tag.size() == 2 || declared_tag[2] == '-' || declared_tag[2] == '_')) {
    declared = {static_cast<char>(std::tolower(static_cast<unsigned char>(declared_tag[0]))),
                static_cast<char>(std::tolower(static_cast<unsigned char>(declared_tag[1])))};
  }
  const std::string detected = detect_language(sample, declared);
  return detected.empty() ? declared : detected;
}

// The title and the start of the text, as language detection reads them.
std::string language_sample(std::string_view title, std::string_view text) {
  std::string sample(title);
  sample += ".\n";
  sample += text.substr(0, std::min(text.size(), kLanguageSampleBytes));
  return sample;
}

// Adds a code known from the feed's configuration; true when it was not there already.
bool add_prior(std::vector<ScoredCode>& codes, const std::string& code) {
  if (std::any_of(codes.begin(), codes.end(), [&](const ScoredCode& c) { return c.code == code; })) return false;
  codes.push_back({code, kPriorScore});
  return true;
}

// The publisher filed the item under sections that name topics: those come first, the first
// section first. With reasons (one per topic), keeps them in step.
void put_sections_first(const std::vector<std::string>& categories, const TaggerTables& tables,
                        std::vector<ScoredCode>& topics, std::vector<TopicReason>* reasons) {
  for (auto it = categories.rbegin(); it != categories.rend(); ++it) {
    auto known = tables.category_topics.find(fold_for_matching(trim(*it)));
    if (known == tables.category_topics.end()) continue;
    for (size_t i = topics.size(); i-- > 0;) {
      if (topics[i].code != known->second) continue;
      topics.erase(topics.begin() + static_cast<std::ptrdiff_t>(i));
      if (reasons) reasons->erase(reasons->begin() + static_cast<std::ptrdiff_t>(i));
    }
    topics.insert(topics.begin(), {known->second, 1.0});
    if (reasons) reasons->insert(reasons->begin(), {known->second, "section", {{std::string(trim(*it)), 1.0}}});
  }
  if (topics.size() > kMaxTopics) topics.resize(kMaxTopics);
  if (reasons && reasons->size() > kMaxTopics) reasons->resize(kMaxTopics);
}

}  // namespace

Tagger::Tagger() : Tagger(embedded::kTopicModel) {}

Tagger::Tagger(std::string_view topic_model) : tables_(std::make_unique<const TaggerTables>(topic_model)) {}

Tagger::~Tagger() = default;

Tags Tagger::tag(std::string_view title, std::string_view text, const TagHints& hints, bool explain) const {
  Tags tags;
  const std::string sample = language_sample(title, text);
  tags.language = article_language(sample, hints.language);
  // A headline too short for CLD2 to be sure of still names countries as its likely language
  // does ("Wizyta w Rosji"); the article keeps no language.
  const PreparedText prepared(title, text, tags.language, *tables_,
                              tags.language.empty() ? likely_language(sample) : std::string());

  CountryFindings countries = find_countries(prepared, *tables_);
  tags.countries = std::move(countries.about);
  tags.mentioned = std::move(countries.mentioned);
  for (const std::string& code : hints.countries) {
    add_prior(tags.countries, code);
    if (std::find(tags.mentioned.begin(), tags.mentioned.end(), code) == tags.mentioned.end()) {
      tags.mentioned.push_back(code);
    }
  }

  const bool reads_english = tags.language.empty() || tags.language == "en";
  std::vector<TopicReason>* reasons = explain ? &tags.reasons : nullptr;
  tags.topics = score_topics(prepared, *tables_, reads_english, reasons);
  put_sections_first(hints.categories, *tables_, tags.topics, reasons);
  for (const std::string& slug : hints.topics) {
    if (add_prior(tags.topics, slug) && reasons) reasons->push_back({slug, "feed", {}});
  }
  return tags;
}

nlohmann::ordered_json to_json(const Tags& tags, std::string_view id) {
  auto scored = [](const std::vector<ScoredCode>& codes, const char* key) {
    auto array = nlohmann::ordered_json::array();
    for (const auto& code : codes) array.push_back({{key, code.code}, {"score", code.score}});
    return array;
  };
  nlohmann::ordered_json json = {
      {"id", id},
      {"language", tags.language.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(tags.language)},
      {"countries", scored(tags.countries, "code")},
      {"mentioned", tags.mentioned},
      {"topics", scored(tags.topics, "slug")}};
  if (!tags.reasons.empty()) {
    auto& why = json["why"] = nlohmann::ordered_json::array();
    for (const TopicReason& reason : tags.reasons) {
      auto words = nlohmann::ordered_json::array();
      for (const auto& [word, weight] : reason.words) words.push_back({{"word", word}, {"weight", weight}});
      why.push_back({{"slug", reason.slug}, {"source", reason.source}, {"words", std::move(words)}});
    }
  }
  return json;
}

std::string text_language(std::string_view text) { return detect_language(text); }

void apply_tags(const Tags& tags, Article& article) {
  if (article.language.empty()) article.language = tags.language;
  article.countries = tags.countries;
  article.mentioned = tags.mentioned;
  article.topics = tags.topics;
}

}  // namespace index
}  // namespace newsdex
