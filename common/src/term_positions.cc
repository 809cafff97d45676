#include "newsdex/term_positions.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace newsdex::schema {
namespace {

// The two layouts of the value, told apart by its first byte.
enum Layout : char {
  // For each term, the number of its positions, then the positions as differences.
  kPerTerm = 1,
  // For each position from 0 to the last, the number of the term there plus one, in `width`
  // (the second byte) bytes; 0 and a varint: that many positions without a term. Half the size
  // of kPerTerm when each position holds one term (stems-only text: ~240 bytes for 240 words).
  kStream = 2,
};

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

// The kStream layout of (position, term number) pairs, or nothing when a position holds two
// terms (words and stems, CJK n-grams) or there are too many terms for two bytes.
std::optional<std::string> as_stream(std::vector<std::pair<Xapian::termpos, unsigned>> at_position, size_t term_count) {
  if (term_count >= 0xFFFF) return std::nullopt;
  const unsigned width = term_count < 0xFF ? 1 : 2;
  std::sort(at_position.begin(), at_position.end());
  std::string encoded{kStream, static_cast<char>(width)};
  Xapian::termpos next = 0;
  for (const auto& [position, term] : at_position) {
    if (position < next) return std::nullopt;  // a second term at one position
    if (position > next) {
      encoded.append(width, '\0');
      append_varint(encoded, position - next);
    }
    const unsigned value = term + 1;
    encoded.push_back(static_cast<char>(value & 0xFF));
    if (width == 2) encoded.push_back(static_cast<char>(value >> 8));
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

bool read_stream(std::string_view encoded, const std::vector<int>& indexes,
                 std::vector<std::vector<Xapian::termpos>>& found) {
  if (encoded.size() < 2) return false;
  const unsigned width = static_cast<unsigned char>(encoded[1]);
  if (width != 1 && width != 2) return false;
  size_t at = 2;
  for (Xapian::termpos position = 0; at + width <= encoded.size();) {
    unsigned value = static_cast<unsigned char>(encoded[at]);
    if (width == 2) value |= static_cast<unsigned>(static_cast<unsigned char>(encoded[at + 1])) << 8;
    at += width;
    if (value == 0) {
      Xapian::termpos empty = 0;
      if (!read_varint(encoded, at, empty)) return false;
      position += empty;
      continue;
    }
    if (value - 1 < indexes.size() && indexes[value - 1] >= 0) found[indexes[value - 1]].push_back(position);
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
  std::vector<std::pair<Xapian::termpos, unsigned>> at_position;
  unsigned term_number = 0;
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term, ++term_number) {
    stripped.add_term(*term, term.get_wdf());
    append_varint(per_term, term.positionlist_count());
    Xapian::termpos previous = 0;
    for (auto position = term.positionlist_begin(); position != term.positionlist_end(); ++position) {
      append_varint(per_term, *position - previous);
      previous = *position;
      at_position.emplace_back(*position, term_number);
    }
  }
  for (auto value = document.values_begin(); value != document.values_end(); ++value) {
    stripped.add_value(value.get_valueno(), *value);
  }
  const std::optional<std::string> stream = as_stream(std::move(at_position), term_number);
  stripped.add_value(slot, stream && stream->size() < per_term.size() ? *stream : per_term);
  stripped.set_data(document.get_data());
  return stripped;
}

std::vector<std::vector<Xapian::termpos>> positions_of(std::string_view encoded, Xapian::TermIterator terms,
                                                       const Xapian::TermIterator& end,
                                                       const std::vector<std::string>& wanted) {
  std::vector<std::vector<Xapian::termpos>> found(wanted.size());
  if (encoded.empty()) return found;
  const std::vector<int> indexes = wanted_indexes(std::move(terms), end, wanted);
  const bool read = encoded.front() == kStream    ? read_stream(encoded, indexes, found)
                    : encoded.front() == kPerTerm ? read_per_term(encoded, indexes, found)
                                                  : false;
  return read ? found : std::vector<std::vector<Xapian::termpos>>(wanted.size());
}

}  // namespace newsdex::schema
