// Written here because no maintained library in Debian splits German compounds: hunspell accepts
// them when spell-checking but does not say where their parts are, and a spell check per
// candidate split would cost more than indexing the article. The parts are looked up in the
// German word list of Debian's wngerman (356,000 forms, inflections included).
#include "decompounder.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "newsdex/text.h"

#ifndef NEWSDEX_GERMAN_WORDS
#define NEWSDEX_GERMAN_WORDS "/usr/share/dict/ngerman"
#endif

namespace newsdex::index {
namespace {

// Parts shorter than these are prefixes or endings more often than words ("ver", "ung").
constexpr size_t kShortestHead = 3;
constexpr size_t kShortestTail = 4;
// Words with fewer bytes are not split: "Verkehr" is not "Ver" + "kehr".
constexpr size_t kShortestCompound = 8;

// Endings that are words of their own in the list but, at the end of a longer word, make a
// derivation rather than a compound: "Gewerkschaft" is not "Gewerk" + "Schaft".
constexpr std::string_view kDerivationEndings[] = {"schaft", "schaften", "heit",   "heiten", "keit",  "keiten",
                                                   "lich",   "liche",    "lichen", "isch",   "ische", "chen",
                                                   "lein",   "haft",     "hafte",  "nisse",  "ling",  "linge"};

// What links a first part to the next: "Verkehr-s-minister", "Bund-es-kabinett".
constexpr std::string_view kLinks[] = {"s", "es", "n", "en", "e", "er"};

// The word list, folded, read on first use.
class GermanWords {
 public:
  static const GermanWords& instance() {
    static const GermanWords words(NEWSDEX_GERMAN_WORDS);
    return words;
  }

  bool empty() const { return words_.empty(); }
  bool contains(std::string_view word) const { return words_.contains(word); }

 private:
  explicit GermanWords(const char* path) {
    std::ifstream file(path);
    std::vector<size_t> ends;
    for (std::string line; std::getline(file, line);) {
      if (line.empty() || line.find(' ') != std::string::npos) continue;
      text_ += fold_for_matching(line);
      ends.push_back(text_.size());
    }
    words_.reserve(ends.size());
    size_t start = 0;
    for (size_t end : ends) {
      words_.emplace(text_.data() + start, end - start);
      start = end;
    }
  }

  std::string text_;  // every word, one after another
  std::unordered_set<std::string_view> words_;
};

// True for an ending of kDerivationEndings, alone or with a linking s ("Gewerkschafts-bund").
bool is_derivation_ending(std::string_view tail) {
  const auto is_listed = [](std::string_view ending) {
    return std::find(std::begin(kDerivationEndings), std::end(kDerivationEndings), ending) !=
           std::end(kDerivationEndings);
  };
  return is_listed(tail) || (tail.ends_with('s') && is_listed(tail.substr(0, tail.size() - 1)));
}

bool is_first_part(const GermanWords& words, std::string_view head) {
  if (words.contains(head)) return true;
  return std::any_of(std::begin(kLinks), std::end(kLinks), [&](std::string_view link) {
    return head.size() >= kShortestHead + link.size() && head.ends_with(link) &&
           words.contains(head.substr(0, head.size() - link.size()));
  });
}

void split_into(const GermanWords& words, std::string_view word, std::vector<std::string>& parts, int depth) {
  if (word.size() < kShortestCompound || depth > 3) return;
  size_t best_at = 0, best_shorter = 0;
  for (size_t at = kShortestHead; at + kShortestTail <= word.size(); ++at) {
    if ((static_cast<unsigned char>(word[at]) & 0xC0) == 0x80) continue;  // inside a letter
    const std::string_view head = word.substr(0, at), tail = word.substr(at);
    // The most even split wins: "bundes|verkehrsminister" over a split that leaves a sliver.
    const size_t shorter = std::min(head.size(), tail.size());
    if (shorter <= best_shorter) continue;
    if (is_derivation_ending(tail)) continue;
    if (words.contains(tail) && is_first_part(words, head)) {
      best_at = at;
      best_shorter = shorter;
    }
  }
  if (best_at == 0) return;
  const std::string_view head = word.substr(0, best_at), tail = word.substr(best_at);
  parts.emplace_back(head);
  parts.emplace_back(tail);
  split_into(words, head, parts, depth + 1);
  split_into(words, tail, parts, depth + 1);
}

}  // namespace

std::vector<std::string> compound_parts(std::string_view folded_word) {
  if (folded_word.size() < kShortestCompound) return {};
  // News repeats its words: each thread remembers the splits it has made, up to a bound.
  constexpr size_t kRemembered = 200000;
  thread_local std::unordered_map<std::string, std::vector<std::string>> remembered;
  const std::string key(folded_word);
  if (auto found = remembered.find(key); found != remembered.end()) return found->second;
  const GermanWords& words = GermanWords::instance();
  std::vector<std::string> parts;
  if (!words.empty()) split_into(words, folded_word, parts, 0);
  if (remembered.size() >= kRemembered) remembered.clear();
  remembered.emplace(key, parts);
  return parts;
}

}  // namespace newsdex::index
