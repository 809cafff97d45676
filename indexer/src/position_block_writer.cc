#include "position_block_writer.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "newsdex/term_positions.h"

namespace newsdex::index {

// Each (term, article) is one entry in one array, and each term a number: a lane takes ~150
// terms an article, and a map of vectors a term cost 20 % of import time (allocations, and a
// node-based map's misses).
struct PositionBlockWriter::Gathered {
  struct Entry {
    uint32_t term;
    Xapian::docid article;
    uint32_t from;  // in positions
    uint32_t count;
  };
  absl::flat_hash_map<std::string, uint32_t> numbers;  // term -> index in terms
  std::vector<std::string> terms;
  std::vector<Entry> entries;
  std::vector<Xapian::termpos> positions;
  std::vector<std::string> positioned;  // the terms of the article being taken
};

PositionBlockWriter::PositionBlockWriter() : gathered_(std::make_unique<Gathered>()) {}
PositionBlockWriter::~PositionBlockWriter() = default;
PositionBlockWriter::PositionBlockWriter(PositionBlockWriter&&) noexcept = default;
PositionBlockWriter& PositionBlockWriter::operator=(PositionBlockWriter&&) noexcept = default;

bool PositionBlockWriter::take(Xapian::docid docid, Xapian::Document& document) {
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    if (term.positionlist_count() > 0 && !schema::fits_position_block(*term)) return false;
  }
  if (articles_ == 0) first_ = docid;
  ++articles_;
  Gathered& gathered = *gathered_;
  std::vector<std::string>& positioned = gathered.positioned;
  positioned.clear();
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    const Xapian::termcount count = term.positionlist_count();
    if (count == 0) continue;
    positioned.push_back(*term);
    const auto [number, added] =
        gathered.numbers.try_emplace(positioned.back(), static_cast<uint32_t>(gathered.terms.size()));
    if (added) gathered.terms.push_back(positioned.back());
    gathered.entries.push_back({number->second, docid, static_cast<uint32_t>(gathered.positions.size()), count});
    gathered.positions.insert(gathered.positions.end(), term.positionlist_begin(), term.positionlist_end());
  }
  // Removed in place, each term keeping its within-document frequency (a decrement of 0): a
  // copy of the document without them cost twice as much.
  for (const std::string& term : positioned) document.remove_postings(term, 0, ~Xapian::termpos{0}, 0);
  return true;
}

void PositionBlockWriter::write_to(Xapian::WritableDatabase& database) {
  Gathered& gathered = *gathered_;
  // The entries by term (a counting sort keeps each term's articles ascending), and the terms in
  // key order: Xapian's B-tree takes keys in order at a fraction of the cost of keys at random.
  const size_t term_count = gathered.terms.size();
  std::vector<uint32_t> starts(term_count + 1, 0);
  for (const Gathered::Entry& entry : gathered.entries) ++starts[entry.term + 1];
  for (size_t i = 0; i < term_count; ++i) starts[i + 1] += starts[i];
  std::vector<uint32_t> by_term(gathered.entries.size());
  std::vector<uint32_t> next(starts.begin(), starts.end() - 1);
  for (size_t i = 0; i < gathered.entries.size(); ++i)
    by_term[next[gathered.entries[i].term]++] = static_cast<uint32_t>(i);
  std::vector<uint32_t> order(term_count);
  for (uint32_t i = 0; i < term_count; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return gathered.terms[a] < gathered.terms[b]; });
  std::vector<Xapian::docid> articles;
  std::vector<Xapian::termcount> counts;
  std::vector<Xapian::termpos> positions;
  for (const uint32_t term : order) {
    articles.clear();
    counts.clear();
    positions.clear();
    for (uint32_t i = starts[term]; i < starts[term + 1]; ++i) {
      const Gathered::Entry& entry = gathered.entries[by_term[i]];
      articles.push_back(entry.article);
      counts.push_back(entry.count);
      positions.insert(positions.end(), gathered.positions.begin() + entry.from,
                       gathered.positions.begin() + entry.from + entry.count);
    }
    database.set_metadata(schema::position_block_key(gathered.terms[term], first_),
                          schema::encode_position_block(first_, articles, counts, positions));
  }
  gathered.numbers.clear();
  gathered.terms.clear();
  gathered.entries.clear();
  gathered.positions.clear();
  articles_ = 0;
  first_ = 0;
}

}  // namespace newsdex::index
