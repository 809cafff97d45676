// What the tagger knows, built once from the gazetteer and the embedded topic tables (internal).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "newsdex/taxonomy.h"

namespace newsdex::index {

// The country names of one language (or of every language), for matching word by word. Abseil's
// open-addressing tables: built at every start (21,000 names) and looked up for many words.
struct CountryPhrases {
  absl::flat_hash_map<std::string, std::vector<const CountryName*>> names;  // joined words → names
  // First word of a name → the most words of any name starting with it.
  absl::flat_hash_map<std::string, size_t> lengths;
  // Every word of the names, wherever it stands: what an inflected word of an article may be read
  // as ("Кореи" as the "коре" of "Южная Корея"). Filled for the names of one language only.
  absl::flat_hash_set<std::string> words;
  // Names that are also a common word of the language, in lower case with their accents (Polish
  // "mali", small; Czech "malí"): at a sentence's start they count only where the text names the
  // country otherwise. One language's.
  absl::flat_hash_set<std::string> common_words;
};

// What the tagger knows of one folded word, so that each word of a text costs one hash lookup.
struct WordFacts {
  size_t longest_country_name = 0;  // in words, of the names every article may use
  int32_t topic_feature = -1;       // the word's feature in the topic model, -1 when it has none
};

// The topic model (scripts/train-topic-model): a multinomial logistic regression over features
// that are folded words and pairs of adjacent words, each valued (log(1 + count in the text) +
// title_weight × log(1 + count in the title)) × the feature's scale, the vector scaled to unit
// length.
struct TopicModel {
  // One non-zero weight of a feature.
  struct Weight {
    uint8_t topic;  // index into classes
    float weight;
  };

  // The model as read, which names point into: a copy, but for the built-in model, which lives
  // as long as the program.
  std::unique_ptr<const std::string> text;
  std::vector<std::string> classes;         // IPTC slugs
  std::vector<double> bias;                 // by class
  double title_weight = 2;
  std::vector<std::string_view> feature_names;  // "word" or "word word", by feature; into `text`
  std::vector<float> scales;                    // by feature: its inverse document frequency in news
  // Every feature's weights in one array, in the model file's order, each feature's together:
  // feature f's are [weight_ranges[f].begin, weight_ranges[f].end).
  struct WeightRange {
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  std::vector<Weight> weights;
  std::vector<WeightRange> weight_ranges;
  // The features of word pairs: (first word's feature << 32 | second word's feature) → feature.
  absl::flat_hash_map<uint64_t, uint32_t> pairs;

  static uint64_t pair_key(uint32_t first, uint32_t second) { return uint64_t{first} << 32 | second; }
  std::span<const Weight> weights_of(uint32_t feature) const {
    return {weights.data() + weight_ranges[feature].begin, weights.data() + weight_ranges[feature].end};
  }
};

struct TaggerTables {
  // Builds the tables from the built-in gazetteer and category table, and the given topic model.
  // Throws InputError on a malformed table.
  explicit TaggerTables(std::string_view topic_model);
  TaggerTables(const TaggerTables&) = delete;
  TaggerTables& operator=(const TaggerTables&) = delete;

  CountryPhrases country_phrases;   // names every article may use
  CountryPhrases dateline_regions;  // abbreviations that name a country only as a dateline's region ("N.Y.")
  std::unordered_map<std::string, CountryPhrases> country_phrases_by_language;  // stemmed
  TopicModel model;
  // A publisher's category, folded → the topic it means.
  std::unordered_map<std::string, std::string> category_topics;
  // The words of country names and of the topic model.
  // Looked up for every word of every article: an open-addressing table (Abseil's), which at
  // ~50,000 words costs about one cache miss a lookup where std::unordered_map costs two or three.
  // Built once; the WordFacts do not move after.
  absl::flat_hash_map<std::string, WordFacts> vocabulary;
  // The lower-case words of Debian's English word lists, sorted (built in: 66,000 words).
  std::vector<std::string_view> english_words;

  // True when a folded word is an English word in lower case: "harbour", "defense", not
  // "sweeney" or "adesanya".
  bool is_english_word(std::string_view folded) const {
    return std::binary_search(english_words.begin(), english_words.end(), folded);
  }
};

// The words of a range joined by single spaces: the key of a name in CountryPhrases.
std::string join_words(const std::vector<std::string>& words, size_t begin, size_t end);

}  // namespace newsdex::index
