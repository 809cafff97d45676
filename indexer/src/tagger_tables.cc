#include "tagger_tables.h"

#include <xapian.h>
#include <algorithm>
#include <cstdlib>

#include "newsdex/error.h"
#include "newsdex/text.h"

namespace newsdex {
namespace embedded {
extern const std::string_view kTopicKeywords;
extern const std::string_view kCategoryTopics;
}  // namespace embedded

namespace index {
namespace {

// Calls use(line, line_number) for each line of a data table that is neither empty nor a comment.
template <typename Use>
void for_each_data_line(std::string_view table, const Use& use) {
  size_t line_number = 0;
  while (!table.empty()) {
    const size_t end = std::min(table.find('\n'), table.size());
    const std::string_view line = table.substr(0, end);
    table.remove_prefix(std::min(end + 1, table.size()));
    ++line_number;
    if (!line.empty() && line.front() != '#') use(line, line_number);
  }
}

// Calls use(field) for each non-empty field of a list separated by `separator`.
template <typename Use>
void for_each_field(std::string_view list, char separator, const Use& use) {
  while (!list.empty()) {
    const size_t end = std::min(list.find(separator), list.size());
    const std::string_view field = list.substr(0, end);
    list.remove_prefix(std::min(end + 1, list.size()));
    if (!field.empty()) use(field);
  }
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

double to_number(std::string_view text) { return std::atof(std::string(text).c_str()); }

void index_country_names(TaggerTables& tables) {
  for (const CountryName& name : Gazetteer::builtin().names()) {
    CountryPhrases& phrases =
        name.language.empty() ? tables.country_phrases : tables.country_phrases_by_language[name.language];
    phrases.names[join_words(name.folded_words, 0, name.folded_words.size())].push_back(&name);
    size_t& longest = phrases.lengths[name.folded_words.front()];
    longest = std::max(longest, name.folded_words.size());
  }
}

// Lines of "slug<TAB>keyword[:weight] keyword[:weight] ...", keywords stemmed as English.
std::unordered_map<std::string, KeywordTopics> load_topic_keywords(std::string_view table) {
  std::unordered_map<std::string, KeywordTopics> keywords;
  Xapian::Stem stemmer("en");
  const auto slugs = topic_slugs();
  for_each_data_line(table, [&](std::string_view line, size_t line_number) {
    const size_t tab = line.find('\t');
    const auto known = std::find(slugs.begin(), slugs.end(), line.substr(0, tab));
    if (tab == std::string_view::npos || known == slugs.end()) {
      throw InputError("topic keyword table, line " + std::to_string(line_number) + ": unknown topic");
    }
    for_each_field(line.substr(tab + 1), ' ', [&](std::string_view entry) {
      const size_t colon = entry.find(':');
      const double weight = colon == std::string_view::npos ? 1 : to_number(entry.substr(colon + 1));
      keywords[stemmer(fold_for_matching(entry.substr(0, colon)))].emplace_back(known - slugs.begin(), weight);
    });
  });
  return keywords;
}

TopicModel load_topic_model(std::string_view table) {
  TopicModel model;
  for_each_data_line(table, [&](std::string_view line, size_t line_number) {
    const std::vector<std::string_view> fields = split_tabs(line);
    auto numbers = [&] {
      std::vector<double> values;
      for (size_t i = 1; i < fields.size(); ++i) values.push_back(to_number(fields[i]));
      if (values.size() != model.classes.size()) {
        throw InputError("topic model, line " + std::to_string(line_number) + ": expected one number per class");
      }
      return values;
    };
    if (fields[0] == ":classes") {  // no folded word holds a colon
      for (size_t i = 1; i < fields.size(); ++i) {
        if (!is_topic_slug(fields[i])) throw InputError("topic model: unknown topic '" + std::string(fields[i]) + "'");
        model.classes.emplace_back(fields[i]);
      }
    } else if (fields[0] == ":prior") {
      model.priors = numbers();
    } else {
      model.words.emplace(std::string(fields[0]), numbers());
    }
  });
  return model;
}

// Lines of "slug<TAB>Category|Category|...".
std::unordered_map<std::string, std::string> load_category_topics(std::string_view table) {
  std::unordered_map<std::string, std::string> topics;
  for_each_data_line(table, [&](std::string_view line, size_t) {
    const std::vector<std::string_view> fields = split_tabs(line);
    if (fields.size() != 2 || !is_topic_slug(fields[0])) throw InputError("category table: malformed line");
    for_each_field(fields[1], '|', [&](std::string_view name) {
      topics.emplace(fold_for_matching(trim(name)), std::string(fields[0]));
    });
  });
  return topics;
}

void index_vocabulary(TaggerTables& tables) {
  for (const auto& [word, longest] : tables.country_phrases.lengths) {
    tables.vocabulary[word].longest_country_name = longest;
  }
  for (const auto& [word, weights] : tables.model.words) tables.vocabulary[word].model = &weights;
  Xapian::Stem english("en");
  for (auto& [word, facts] : tables.vocabulary) {
    auto keyword = tables.topic_keywords.find(english(word));
    if (keyword != tables.topic_keywords.end()) facts.keywords = &keyword->second;
  }
}

}  // namespace

std::string join_words(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string joined;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) joined.push_back(' ');
    joined += words[i];
  }
  return joined;
}

TaggerTables::TaggerTables(std::string_view topic_model)
    : topic_keywords(load_topic_keywords(embedded::kTopicKeywords)),
      model(load_topic_model(topic_model)),
      category_topics(load_category_topics(embedded::kCategoryTopics)) {
  index_country_names(*this);
  index_vocabulary(*this);
}

}  // namespace index
}  // namespace newsdex
