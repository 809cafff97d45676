// What the tagger knows, built once from the gazetteer and the embedded topic tables (internal).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "newsdex/taxonomy.h"

namespace newsdex::index {

// The country names of one language (or of every language), for matching word by word.
struct CountryPhrases {
  std::unordered_map<std::string, std::vector<const CountryName*>> names;  // joined words → names
  // First word of a name → the most words of any name starting with it.
  std::unordered_map<std::string, size_t> lengths;
};

// Topics a keyword stem speaks for: (index into topic_slugs(), weight).
using KeywordTopics = std::vector<std::pair<size_t, double>>;

// What the tagger knows of one folded word, so that each word of a text costs one hash lookup.
struct WordFacts {
  size_t longest_country_name = 0;             // in words, of the names every article may use
  const std::vector<double>* model = nullptr;  // log P(word | class) in the topic model
  const KeywordTopics* keywords = nullptr;     // the topics its English stem is a keyword of
};

// The naive Bayes topic model (scripts/train-topic-model): its classes, their log priors, and
// folded word → log P(word | class).
struct TopicModel {
  std::vector<std::string> classes;
  std::vector<double> priors;
  std::unordered_map<std::string, std::vector<double>> words;
};

struct TaggerTables {
  // Builds the tables from the built-in gazetteer, keyword lists and category table, and the
  // given topic model. Throws InputError on a malformed table.
  explicit TaggerTables(std::string_view topic_model);
  TaggerTables(const TaggerTables&) = delete;
  TaggerTables& operator=(const TaggerTables&) = delete;

  CountryPhrases country_phrases;                                               // names every article may use
  std::unordered_map<std::string, CountryPhrases> country_phrases_by_language;  // stemmed
  std::unordered_map<std::string, KeywordTopics> topic_keywords;                // by stemmed keyword
  TopicModel model;
  // A publisher's category, folded → the topic it means.
  std::unordered_map<std::string, std::string> category_topics;
  // The words of country names, of the topic model and of the keyword lists.
  std::unordered_map<std::string, WordFacts> vocabulary;
};

// The words of a range joined by single spaces: the key of a name in CountryPhrases.
std::string join_words(const std::vector<std::string>& words, size_t begin, size_t end);

}  // namespace newsdex::index
