#include "topic_scorer.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace newsdex::index {
namespace {

// A topic after the first is named when its probability is at least this share of the first's
// and at least kOtherTopicMinimum: an article about a footballer's trial is sport and crime, one
// about a bank is not also politics because the minister was quoted.
constexpr double kOtherTopicShare = 0.4;
constexpr double kOtherTopicMinimum = 0.2;
// How many words `tag --explain` shows for a topic.
constexpr size_t kReasonWords = 6;
// The model reads the title and this many words of the text (scripts/train-topic-model's
// BODY_WORDS): the whole of nearly every article; the cap bounds the cost of a page that is not one.
constexpr size_t kBodyWords = 1000;

using FeatureValues = std::vector<std::pair<uint32_t, double>>;

// The features of the title and the text's first kBodyWords words, and their values, as
// scripts/train-topic-model computes them: (log(1 + count in the text) + title_weight ×
// log(1 + count in the title)) × the feature's scale, the vector scaled to unit length.
// A word the model does not know breaks a pair, as stop words and numbers do in training.
FeatureValues feature_values(const PreparedText& text, const TopicModel& model) {
  // Each occurrence as (feature << 1 | in title), sorted: a vector beats a hash map at the few
  // hundred features of an article.
  std::vector<uint64_t> occurrences;
  occurrences.reserve(2 * (text.title().facts.size() + text.body().facts.size()));
  for (const PreparedPart& part : text.parts()) {
    int32_t previous = -1;
    const size_t read = part.is_title ? part.facts.size() : std::min(part.facts.size(), kBodyWords);
    for (size_t i = 0; i < read; ++i) {
      const WordFacts* facts = part.facts[i];
      const int32_t feature = facts ? facts->topic_feature : -1;
      if (feature >= 0) {
        occurrences.push_back(uint64_t{static_cast<uint32_t>(feature)} << 1 | part.is_title);
        if (previous >= 0) {
          auto pair =
              model.pairs.find(TopicModel::pair_key(static_cast<uint32_t>(previous), static_cast<uint32_t>(feature)));
          if (pair != model.pairs.end()) occurrences.push_back(uint64_t{pair->second} << 1 | part.is_title);
        }
      }
      previous = feature;
    }
  }
  std::sort(occurrences.begin(), occurrences.end());
  FeatureValues values;
  double squares = 0;
  for (size_t i = 0; i < occurrences.size();) {
    const uint64_t feature = occurrences[i] >> 1;
    double in_title = 0;
    double in_body = 0;
    for (; i < occurrences.size() && occurrences[i] >> 1 == feature; ++i)
      (occurrences[i] & 1 ? in_title : in_body) += 1;
    const double value = (std::log1p(in_body) + model.title_weight * std::log1p(in_title)) * model.scales[feature];
    values.emplace_back(static_cast<uint32_t>(feature), value);
    squares += value * value;
  }
  if (squares == 0) return {};  // only features scaled to nothing
  for (auto& [feature, value] : values) value /= std::sqrt(squares);
  return values;
}

// The words that raised a topic's score most.
TopicReason reason_for(size_t topic, const FeatureValues& values, const TopicModel& model) {
  TopicReason reason{model.classes[topic], "words", {}};
  for (const auto& [feature, value] : values) {
    for (const TopicModel::Weight& weight : model.weights_of(feature)) {
      if (weight.topic == topic && weight.weight > 0) {
        reason.words.emplace_back(model.feature_names[feature], rounded(weight.weight * value));
      }
    }
  }
  std::sort(reason.words.begin(), reason.words.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (reason.words.size() > kReasonWords) reason.words.resize(kReasonWords);
  return reason;
}

}  // namespace

std::vector<ScoredCode> score_topics(const PreparedText& text, const TaggerTables& tables, bool reads_english,
                                     std::vector<TopicReason>* reasons) {
  const TopicModel& model = tables.model;
  if (!reads_english || model.classes.empty()) return {};
  const FeatureValues values = feature_values(text, model);
  if (values.empty()) return {};
  std::vector<double> scores = model.bias;
  for (const auto& [feature, value] : values) {
    for (const TopicModel::Weight& weight : model.weights_of(feature)) scores[weight.topic] += weight.weight * value;
  }
  // Softmax, then the topics by descending probability (ties by slug).
  const double top = *std::max_element(scores.begin(), scores.end());
  double total = 0;
  for (double& score : scores) total += score = std::exp(score - top);
  std::vector<size_t> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : model.classes[a] < model.classes[b];
  });
  std::vector<ScoredCode> topics;
  const double best = scores[order.front()] / total;
  for (size_t topic : order) {
    const double probability = scores[topic] / total;
    if (!topics.empty() && (probability < kOtherTopicMinimum || probability < kOtherTopicShare * best)) break;
    topics.push_back({model.classes[topic], std::max(rounded(probability), 0.001)});
    if (reasons) reasons->push_back(reason_for(topic, values, model));
    if (topics.size() == kMaxTopics) break;
  }
  return topics;
}

}  // namespace newsdex::index
