#include "prepared_text.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>

namespace newsdex::index {
namespace {

PreparedPart prepare_part(std::string_view text, bool is_title, const TaggerTables& tables) {
  PreparedPart part{text, is_title, split_words(text), {}, {}, {}};
  part.folded.reserve(part.words.size());
  part.facts.reserve(part.words.size());
  for (const Word& word : part.words) {
    part.folded.push_back(fold_for_matching(word.text));
    auto known = tables.vocabulary.find(part.folded.back());
    part.facts.push_back(known == tables.vocabulary.end() ? nullptr : &known->second);
  }
  return part;
}

}  // namespace

std::vector<ScoredCode> ranked(const std::map<std::string, double>& scores) {
  std::vector<ScoredCode> codes;
  for (const auto& [code, score] : scores) codes.push_back({code, score});
  std::stable_sort(codes.begin(), codes.end(),
                   [](const ScoredCode& a, const ScoredCode& b) { return a.score > b.score; });
  return codes;
}

double rounded(double score) { return std::round(score * 1000) / 1000; }

PreparedText::PreparedText(std::string_view title, std::string_view text, const std::string& language,
                           const TaggerTables& tables)
    : parts_{prepare_part(title, true, tables), prepare_part(text, false, tables)} {
  // Names in other languages count only in articles in that language, matched after its
  // stemmer (so "Германии" is "Германия").
  auto local = tables.country_phrases_by_language.find(language);
  if (local == tables.country_phrases_by_language.end()) return;
  local_phrases_ = &local->second;
  const Xapian::Stem& stemmer = snowball_stemmer(language);  // as the gazetteer stemmed the names
  for (PreparedPart& part : parts_) {
    for (const std::string& word : part.folded) part.stemmed.push_back(stemmer(word));
  }
}

bool PreparedText::contains(const std::string& folded_word) const {
  if (context_.empty()) {
    context_.push_back(' ');
    for (const PreparedPart& part : parts_) {
      for (const std::string& folded : part.folded) context_ += folded + ' ';
    }
  }
  std::string needle = " ";
  needle.append(folded_word).push_back(' ');
  return context_.find(needle) != std::string::npos;
}

}  // namespace newsdex::index
