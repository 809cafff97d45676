// Scores an article's IPTC topics from its words (internal).
#pragma once

#include <vector>

#include "newsdex/article.h"
#include "prepared_text.h"
#include "tagger_tables.h"

namespace newsdex::index {

// The article's topics, best first, scores in (0, 1], at most three: the topic model's pick
// and the keyword lists' topics, combined. Both are English: `reads_english` false reads no
// words, so that other languages give no topic rather than noise.
std::vector<ScoredCode> score_topics(const PreparedText& text, const TaggerTables& tables, bool reads_english);

// The most topics an article is given.
inline constexpr size_t kMaxTopics = 3;

}  // namespace newsdex::index
