#include "tagger_tables.h"

#include <algorithm>
#include <charconv>

#include "newsdex/error.h"
#include "newsdex/text.h"

namespace newsdex {
namespace embedded {
extern const std::string_view kCategoryTopics;
extern const std::string_view kEnglishWords;  // sorted, one a line (tools/english_words.py)
extern const std::string_view kTopicModel;
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

// The number a field holds (0 when it holds none): from_chars, since a model has ~10^5 of them.
double to_number(std::string_view text) {
  double number = 0;
  std::from_chars(text.data(), text.data() + text.size(), number);
  return number;
}

void index_country_names(TaggerTables& tables) {
  const std::vector<CountryName>& names = Gazetteer::builtin().names();
  const auto universal = static_cast<size_t>(
      std::count_if(names.begin(), names.end(), [](const CountryName& name) { return name.language.empty(); }));
  tables.country_phrases.names.reserve(universal);
  tables.country_phrases.lengths.reserve(universal);
  for (const CountryName& name : names) {
    CountryPhrases& phrases = name.dateline_region    ? tables.dateline_regions
                              : name.language.empty() ? tables.country_phrases
                                                      : tables.country_phrases_by_language[name.language];
    phrases.names[join_words(name.folded_words, 0, name.folded_words.size())].push_back(&name);
    if (!name.language.empty()) phrases.words.insert(name.folded_words.begin(), name.folded_words.end());
    size_t& longest = phrases.lengths[name.folded_words.front()];
    longest = std::max(longest, name.folded_words.size());
  }
  // Only for a language that has names of its own: an empty table would send every word of its
  // articles through the local names' lookups.
  for (const auto& [language, word] : Gazetteer::builtin().common_words()) {
    auto local = tables.country_phrases_by_language.find(language);
    if (local != tables.country_phrases_by_language.end()) local->second.common_words.insert(word);
  }
}

// A model being read: the features of its words so far (pairs name theirs before or after their
// own lines), and where each feature's weights are.
struct ModelReader {
  TopicModel& model;
  std::unordered_map<std::string_view, uint32_t> words;

  // A new feature, without weights and with scale 1 until its own line is read.
  uint32_t add_feature(std::string_view name) {
    model.feature_names.push_back(name);
    model.scales.push_back(1);
    model.weight_ranges.emplace_back();
    return static_cast<uint32_t>(model.feature_names.size() - 1);
  }

  // The feature of a word, added when the model has none yet.
  uint32_t word_feature(std::string_view word) {
    auto found = words.find(word);
    return found != words.end() ? found->second : words.emplace(word, add_feature(word)).first->second;
  }
};

// Reads scripts/train-topic-model's format. Built at every start of the indexer: one pass, no
// allocation per feature.
TopicModel load_topic_model(std::string_view table) {
  TopicModel model;
  ModelReader reader{model, {}};
  if (table.data() != embedded::kTopicModel.data()) {
    model.text = std::make_unique<const std::string>(table);
    table = *model.text;
  }
  reader.words.reserve(table.size() / 64);
  model.pairs.reserve(table.size() / 64);
  model.weights.reserve(std::count(table.begin(), table.end(), ':'));  // one CLASS:WEIGHT pair each
  for_each_data_line(table, [&](std::string_view line, size_t line_number) {
    auto fail = [&](const std::string& why) {
      throw InputError("topic model, line " + std::to_string(line_number) + ": " + why);
    };
    const std::vector<std::string_view> fields = split_tabs(line);
    if (fields.size() < 2) fail("expected a name, a tab and values");
    if (fields[0] == ":classes") {  // no folded word holds a colon
      for (size_t i = 1; i < fields.size(); ++i) {
        if (!is_topic_slug(fields[i])) fail("unknown topic '" + std::string(fields[i]) + "'");
        model.classes.emplace_back(fields[i]);
      }
      return;
    }
    if (model.classes.empty()) fail("the classes must come first");
    if (fields[0] == ":bias") {
      for (size_t i = 1; i < fields.size(); ++i) model.bias.push_back(to_number(fields[i]));
      if (model.bias.size() != model.classes.size()) fail("expected one bias per class");
    } else if (fields[0] == ":title_weight") {
      model.title_weight = to_number(fields[1]);
    } else if (fields[0].starts_with(':')) {
      fail("unknown setting '" + std::string(fields[0]) + "'");
    } else {
      if (fields.size() != 3) fail("expected a feature, its scale and its CLASS:WEIGHT pairs");
      const double scale = to_number(fields[1]);
      if (!(scale >= 0)) fail("expected a scale of zero or more");
      const auto begin = static_cast<uint32_t>(model.weights.size());
      for_each_field(fields[2], ' ', [&](std::string_view entry) {
        const size_t colon = entry.find(':');
        const double topic = to_number(entry.substr(0, colon));
        if (colon == std::string_view::npos || topic < 0 || topic >= static_cast<double>(model.classes.size())) {
          fail("expected CLASS:WEIGHT pairs");
        }
        model.weights.push_back({static_cast<uint8_t>(topic), static_cast<float>(to_number(entry.substr(colon + 1)))});
      });
      const std::string_view name = fields[0];
      const size_t space = name.find(' ');
      uint32_t feature = 0;
      if (space == std::string_view::npos) {
        feature = reader.word_feature(name);
      } else {
        if (name.find(' ', space + 1) != std::string_view::npos) fail("a feature is one word or two");
        const uint64_t key = TopicModel::pair_key(reader.word_feature(name.substr(0, space)),
                                                  reader.word_feature(name.substr(space + 1)));
        feature = reader.add_feature(name);
        model.pairs.emplace(key, feature);
      }
      model.scales[feature] = static_cast<float>(scale);
      model.weight_ranges[feature] = {begin, static_cast<uint32_t>(model.weights.size())};
    }
  });
  if (!model.classes.empty() && model.bias.size() != model.classes.size()) {
    throw InputError("topic model: no :bias line");
  }
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
  const std::vector<std::string_view>& features = tables.model.feature_names;
  tables.vocabulary.reserve(tables.country_phrases.lengths.size() + features.size());
  for (const auto& [word, longest] : tables.country_phrases.lengths) {
    tables.vocabulary[word].longest_country_name = longest;
  }
  for (size_t feature = 0; feature < features.size(); ++feature) {
    if (features[feature].find(' ') != std::string_view::npos) continue;  // a pair's, found by its words'
    tables.vocabulary[std::string(features[feature])].topic_feature = static_cast<int32_t>(feature);
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
    : model(load_topic_model(topic_model)), category_topics(load_category_topics(embedded::kCategoryTopics)) {
  index_country_names(*this);
  index_vocabulary(*this);
  english_words.reserve(embedded::kEnglishWords.size() / 9);
  for (std::string_view rest = embedded::kEnglishWords; !rest.empty();) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    english_words.push_back(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
}

}  // namespace index
}  // namespace newsdex
