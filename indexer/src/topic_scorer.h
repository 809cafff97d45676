// Scores an article's IPTC topics from its words with the topic model (internal).
#pragma once

#include <vector>

#include "newsdex/article.h"
#include "newsdex/tagger.h"
#include "prepared_text.h"
#include "tagger_tables.h"

namespace newsdex::index {

// The article's topics, best first, with the model's probabilities as scores, at most
// kMaxTopics: the most probable, then any other nearly as probable. Empty only when the text
// has no word the model knows. The model is English: `reads_english` false reads no words, so
// that other languages give no topic rather than noise. With `reasons`, also says which words
// weighed most for each topic.
std::vector<ScoredCode> score_topics(const PreparedText& text, const TaggerTables& tables, bool reads_english,
                                     std::vector<TopicReason>* reasons = nullptr);

// The most topics an article is given.
inline constexpr size_t kMaxTopics = 3;

}  // namespace newsdex::index
