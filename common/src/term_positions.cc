#include "newsdex/term_positions.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

namespace newsdex::schema {
namespace {

// The layouts of the value, told apart by its first byte.
enum Layout : char {
  // For each term in Xapian's term order, the number of its positions, then the positions as
  // differences: read with the article's term list. Where a position holds two terms (words
  // beside stems, CJK n-grams), or no hash below tells the article's terms apart.
  kPerTerm = 1,
  // (2: a stream of term numbers, read with the term list; written by no released version.)
  // Then a seed byte and a width byte (2 or 3); then for each position from 0 to the last, a
  // hash of the term there in `width` bytes, or 0 and a varint: that many positions without a
  // term. The seed is the first for which the article's terms all hash apart (and none to 0),
  // so a term the article has is found by its hash alone, without the term list, whose reading
  // (a B-tree lookup and zlib) cost a phrase check 20 times more than the rest.
  kHashStream = 3,
};

// Seeds tried before an article falls back to kPerTerm.
constexpr unsigned kSeeds = 32;

void append_varint(std::string& out, Xapian::termpos value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Reads a varint at `at`; false when the value ends early or is too long for a position.
bool read_varint(std::string_view encoded, size_t& at, Xapian::termpos& value) {
  value = 0;
  for (unsigned shift = 0; shift < 32 && at < encoded.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(encoded[at++]);
    value |= static_cast<Xapian::termpos>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// The hash of `term` in `width` bytes under `seed`: FNV-1a (64 bits) folded. Part of the index
// format: never change it.
unsigned term_hash(std::string_view term, unsigned seed, unsigned width) {
  uint64_t hash = 0xcbf29ce484222325ULL ^ (seed * 0x100000001b3ULL);
  for (const char c : term) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  hash ^= hash >> 32;
  hash ^= hash >> 16;
  return static_cast<unsigned>(hash & (width == 2 ? 0xFFFFu : 0xFFFFFFu));
}

// The kHashStream layout of the (position, term number) pairs of an article whose terms are
// `terms`, or nothing when a position holds two terms or no seed hashes the terms apart. Every
// term counts, not only those with positions, so that a term the article has without positions
// (a compound's part, a filter) never takes the positions of another.
std::optional<std::string> as_hash_stream(const std::vector<std::string>& terms,
                                          std::vector<std::pair<Xapian::termpos, unsigned>> at_position) {
  const unsigned width = terms.size() < 400 ? 2 : 3;
  std::vector<unsigned> hashes(terms.size());
  std::optional<unsigned> found_seed;
  for (unsigned seed = 0; seed < kSeeds && !found_seed; ++seed) {
    for (size_t i = 0; i < terms.size(); ++i) hashes[i] = term_hash(terms[i], seed, width);
    std::vector<unsigned> sorted = hashes;
    std::sort(sorted.begin(), sorted.end());
    const bool apart =
        std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end() && (sorted.empty() || sorted.front() != 0);
    if (apart) found_seed = seed;
  }
  if (!found_seed) return std::nullopt;
  std::sort(at_position.begin(), at_position.end());
  std::string encoded{kHashStream, static_cast<char>(*found_seed), static_cast<char>(width)};
  Xapian::termpos next = 0;
  for (const auto& [position, term] : at_position) {
    if (position < next) return std::nullopt;  // a second term at one position
    if (position > next) {
      encoded.append(width, '\0');
      append_varint(encoded, position - next);
    }
    for (unsigned byte = 0; byte < width; ++byte) encoded.push_back(static_cast<char>(hashes[term] >> (8 * byte)));
    next = position + 1;
  }
  return encoded;
}

// For each term from `terms` on, the index of its entry in `wanted` (sorted), or -1.
std::vector<int> wanted_indexes(Xapian::TermIterator terms, const Xapian::TermIterator& end,
                                const std::vector<std::string>& wanted) {
  std::vector<int> indexes;
  size_t next_wanted = 0;
  for (; terms != end && next_wanted < wanted.size(); ++terms) {
    const std::string term = *terms;
    while (next_wanted < wanted.size() && wanted[next_wanted] < term) ++next_wanted;
    const bool keep = next_wanted < wanted.size() && wanted[next_wanted] == term;
    indexes.push_back(keep ? static_cast<int>(next_wanted++) : -1);
  }
  return indexes;
}

bool read_hash_stream(std::string_view encoded, const std::vector<std::string>& wanted,
                      std::vector<std::vector<Xapian::termpos>>& found) {
  if (encoded.size() < 3) return false;
  const unsigned seed = static_cast<unsigned char>(encoded[1]);
  const unsigned width = static_cast<unsigned char>(encoded[2]);
  if (width != 2 && width != 3) return false;
  std::vector<unsigned> hashes;
  for (const std::string& term : wanted) hashes.push_back(term_hash(term, seed, width));
  size_t at = 3;
  for (Xapian::termpos position = 0; at + width <= encoded.size();) {
    unsigned value = 0;
    for (unsigned byte = 0; byte < width; ++byte) {
      value |= static_cast<unsigned>(static_cast<unsigned char>(encoded[at + byte])) << (8 * byte);
    }
    at += width;
    if (value == 0) {
      Xapian::termpos empty = 0;
      if (!read_varint(encoded, at, empty)) return false;
      position += empty;
      continue;
    }
    for (size_t i = 0; i < hashes.size(); ++i) {
      if (hashes[i] == value) found[i].push_back(position);
    }
    ++position;
  }
  return at == encoded.size();
}

bool read_per_term(std::string_view encoded, const std::vector<int>& indexes,
                   std::vector<std::vector<Xapian::termpos>>& found) {
  size_t at = 1;
  for (const int index : indexes) {
    Xapian::termpos count = 0;
    if (!read_varint(encoded, at, count)) return false;
    Xapian::termpos position = 0;
    for (Xapian::termpos i = 0; i < count; ++i) {
      Xapian::termpos step = 0;
      if (!read_varint(encoded, at, step)) return false;
      position += step;
      if (index >= 0) found[index].push_back(position);
    }
  }
  return true;
}

}  // namespace

Xapian::Document with_positions_in_value(const Xapian::Document& document, Xapian::valueno slot) {
  Xapian::Document stripped;
  std::string per_term{kPerTerm};
  std::vector<std::string> terms;
  std::vector<std::pair<Xapian::termpos, unsigned>> at_position;
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    stripped.add_term(*term, term.get_wdf());
    terms.push_back(*term);
    append_varint(per_term, term.positionlist_count());
    Xapian::termpos previous = 0;
    for (auto position = term.positionlist_begin(); position != term.positionlist_end(); ++position) {
      append_varint(per_term, *position - previous);
      previous = *position;
      at_position.emplace_back(*position, static_cast<unsigned>(terms.size() - 1));
    }
  }
  for (auto value = document.values_begin(); value != document.values_end(); ++value) {
    stripped.add_value(value.get_valueno(), *value);
  }
  std::optional<std::string> stream = as_hash_stream(terms, std::move(at_position));
  stripped.add_value(slot, stream ? std::move(*stream) : std::move(per_term));
  stripped.set_data(document.get_data());
  return stripped;
}

bool reads_term_list(std::string_view encoded) { return encoded.empty() || encoded.front() != kHashStream; }

std::vector<std::vector<Xapian::termpos>> positions_of(std::string_view encoded, Xapian::TermIterator terms,
                                                       const Xapian::TermIterator& end,
                                                       const std::vector<std::string>& wanted) {
  std::vector<std::vector<Xapian::termpos>> found(wanted.size());
  if (encoded.empty()) return found;
  bool read = false;
  if (encoded.front() == kHashStream) {
    read = read_hash_stream(encoded, wanted, found);
  } else if (encoded.front() == kPerTerm) {
    read = read_per_term(encoded, wanted_indexes(std::move(terms), end, wanted), found);
  }
  return read ? found : std::vector<std::vector<Xapian::termpos>>(wanted.size());
}

}  // namespace newsdex::schema
