#include "newsdex/term_positions.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
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

// Golomb-Rice codes, least significant bit first: a position block is a few hundred small
// numbers (gaps between articles and between positions), for which a byte each (varints) costs
// 70 % more (measured: 703 against 407 bytes an article). Written here because no packaged
// library codes postings this way for arbitrary lists: Xapian keeps its own coder internal.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  void bits(uint32_t value, unsigned count) {
    pending_ |= static_cast<uint64_t>(value) << used_;
    used_ += count;
    while (used_ >= 8) {
      out_.push_back(static_cast<char>(pending_ & 0xFF));
      pending_ >>= 8;
      used_ -= 8;
    }
  }
  // `value` >> k as that many 1 bits and a 0, then its k low bits.
  void rice(uint32_t value, unsigned k) {
    for (uint32_t quotient = value >> k; quotient > 0;) {
      const unsigned run = std::min<uint32_t>(quotient, 24);
      bits((1u << run) - 1, run);
      quotient -= run;
    }
    bits(0, 1);
    if (k > 0) bits(value & ((1u << k) - 1), k);
  }
  uint64_t bit_count() const { return out_.size() * 8 + used_; }
  void finish() {
    if (used_ > 0) out_.push_back(static_cast<char>(pending_ & 0xFF));
    pending_ = 0;
    used_ = 0;
  }

 private:
  std::string& out_;
  uint64_t pending_ = 0;
  unsigned used_ = 0;
};

// Reads what BitWriter wrote. The input is copied with 8 zero bytes after it, so that each read
// is one unaligned 64-bit load: a phrase of a common word decodes a few million numbers.
class BitReader {
 public:
  BitReader(std::string_view in, size_t at) : total_((in.size() - at) * 8) {
    padded_.reserve(in.size() - at + 8);
    padded_.assign(in.data() + at, in.size() - at);
    padded_.append(8, '\0');
  }
  uint32_t bits(unsigned count) {
    if (count == 0) return 0;
    if (position_ + count > total_) {
      damaged_ = true;
      return 0;
    }
    const auto value = static_cast<uint32_t>(peek() & ((uint64_t{1} << count) - 1));
    position_ += count;
    return value;
  }
  uint32_t rice(unsigned k) {
    uint64_t quotient = 0;
    for (;;) {
      if (position_ >= total_ || quotient > UINT32_MAX) {
        damaged_ = true;
        return 0;
      }
      // At least 57 bits of the window are the input's (or the zeros after it).
      const auto ones = static_cast<unsigned>(std::countr_one(peek()));
      if (ones < 57) {
        quotient += ones;
        position_ += ones + 1;
        break;
      }
      quotient += 57;
      position_ += 57;
    }
    const uint64_t value = (quotient << k) | bits(k);
    if (value > UINT32_MAX || position_ > total_) damaged_ = true;
    return static_cast<uint32_t>(value);
  }
  bool damaged() const { return damaged_; }
  uint64_t position() const { return position_; }
  void seek(uint64_t bit) {
    damaged_ = damaged_ || bit > total_;
    position_ = std::min(bit, total_);
  }
  // Whether only the last byte's zero padding is left.
  bool at_end() const {
    const uint64_t left = total_ - position_;
    return !damaged_ && left < 8 && (peek() & ((uint64_t{1} << left) - 1)) == 0;
  }

 private:
  uint64_t peek() const {
    uint64_t window;
    std::memcpy(&window, padded_.data() + (position_ >> 3), sizeof window);
    return window >> (position_ & 7);
  }
  std::string padded_;
  uint64_t total_;
  uint64_t position_ = 0;
  bool damaged_ = false;
};

// The Rice parameter for numbers averaging `sum / count`: about log2 of the mean.
unsigned rice_parameter(uint64_t sum, uint64_t count) {
  if (count == 0 || sum < count) return 0;
  return std::min(static_cast<unsigned>(std::bit_width(sum / count)) - 1, 24u);
}

}  // namespace

Xapian::Document with_positions_in_value(const Xapian::Document& document, Xapian::valueno slot) {
  std::string per_term{kPerTerm};
  std::vector<std::string> terms;
  std::vector<std::pair<Xapian::termpos, unsigned>> at_position;
  Xapian::Document stripped =
      stripped_of_positions(document, [&](const std::string& term, const std::vector<Xapian::termpos>& positions) {
        terms.push_back(term);
        append_varint(per_term, static_cast<Xapian::termpos>(positions.size()));
        Xapian::termpos previous = 0;
        for (const Xapian::termpos position : positions) {
          append_varint(per_term, position - previous);
          previous = position;
          at_position.emplace_back(position, static_cast<unsigned>(terms.size() - 1));
        }
      });
  std::optional<std::string> stream = as_hash_stream(terms, std::move(at_position));
  stripped.add_value(slot, stream ? std::move(*stream) : std::move(per_term));
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

std::string position_block_key(std::string_view term, Xapian::docid first) {
  std::string key(kPositionBlockPrefix);
  key += term;
  key.push_back('\0');
  for (int shift = 24; shift >= 0; shift -= 8) key.push_back(static_cast<char>((first >> shift) & 0xFF));
  return key;
}

// Glass refuses keys past 255 bytes, its own 2-byte marker of user metadata included; Xapian's
// terms reach 245.
bool fits_position_block(std::string_view term) { return term.size() <= 200; }

// Layout: a varint count of articles; then, Rice-coded from the next byte: four parameters in 5
// bits each (article gaps, position counts, first positions, position gaps) and for each
// article its gap from the previous one (from `first` - 1) less one and its count of positions
// less one; from the next byte, for every group of kArticlesAGroup articles but the last, the bits
// its positions take (varints); from the next byte, the positions: each article's first, then
// the gaps between the next ones less one. A search reads an article's positions by skipping to
// its group, not by decoding the block's: a phrase with "of" asks about a few of the block's
// articles. Part of the index format.
constexpr size_t kArticlesAGroup = 16;

std::string encode_position_block(Xapian::docid first, const std::vector<Xapian::docid>& articles,
                                  const std::vector<Xapian::termcount>& counts,
                                  const std::vector<Xapian::termpos>& positions) {
  uint64_t article_gaps = 0, extra_counts = 0, firsts = 0, position_gaps = 0, gaps = 0;
  Xapian::docid previous = first - 1;
  size_t at = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    article_gaps += articles[i] - previous - 1;
    previous = articles[i];
    extra_counts += counts[i] - 1;
    firsts += positions[at];
    for (size_t j = 1; j < counts[i]; ++j) position_gaps += positions[at + j] - positions[at + j - 1] - 1;
    gaps += counts[i] - 1;
    at += counts[i];
  }
  const unsigned k_article = rice_parameter(article_gaps, articles.size());
  const unsigned k_count = rice_parameter(extra_counts, articles.size());
  const unsigned k_first = rice_parameter(firsts, articles.size());
  const unsigned k_gap = rice_parameter(position_gaps, gaps);
  std::string encoded;
  append_varint(encoded, static_cast<Xapian::termpos>(articles.size()));
  BitWriter head(encoded);
  for (const unsigned k : {k_article, k_count, k_first, k_gap}) head.bits(k, 5);
  previous = first - 1;
  for (size_t i = 0; i < articles.size(); ++i) {
    head.rice(articles[i] - previous - 1, k_article);
    previous = articles[i];
    head.rice(counts[i] - 1, k_count);
  }
  head.finish();
  std::string body;
  BitWriter out(body);
  uint64_t group_start = 0;
  at = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    if (i > 0 && i % kArticlesAGroup == 0) {
      append_varint(encoded, static_cast<Xapian::termpos>(out.bit_count() - group_start));
      group_start = out.bit_count();
    }
    out.rice(positions[at], k_first);
    for (size_t j = 1; j < counts[i]; ++j) out.rice(positions[at + j] - positions[at + j - 1] - 1, k_gap);
    at += counts[i];
  }
  out.finish();
  return encoded + body;
}

// A block's articles and position counts, decoded, and its positions, read an article at a time.
struct BlockContents {
  std::vector<Xapian::docid> articles;
  std::vector<uint32_t> counts;
  std::vector<uint64_t> group_starts;  // the bit where each group's positions start
  unsigned k_first = 0;
  unsigned k_gap = 0;
  std::optional<BitReader> body;
  size_t next_article = 0;  // the article whose positions start at body's position
  bool damaged = false;

  // Reads the articles and counts of `encoded`; false when it is damaged.
  bool read(std::string_view encoded, Xapian::docid first) {
    articles.clear();
    counts.clear();
    group_starts.assign(1, 0);
    body.reset();
    next_article = 0;
    damaged = true;
    size_t at = 0;
    Xapian::termpos count = 0;
    // Each article takes at least 2 bits: a count past that is damage.
    if (first == 0 || !read_varint(encoded, at, count) || count > encoded.size() * 4) return false;
    BitReader head(encoded, at);
    unsigned k[4];
    for (unsigned& parameter : k) parameter = head.bits(5);
    uint64_t previous = first - 1;
    articles.reserve(count);
    counts.reserve(count);
    for (Xapian::termpos i = 0; i < count && !head.damaged(); ++i) {
      const uint64_t article = previous + 1 + head.rice(k[0]);
      const uint64_t positions = uint64_t{head.rice(k[1])} + 1;
      if (article > UINT32_MAX || positions > UINT32_MAX) return false;
      articles.push_back(static_cast<Xapian::docid>(article));
      counts.push_back(static_cast<uint32_t>(positions));
      previous = article;
    }
    if (head.damaged() || articles.size() != count) return false;
    at += (head.position() + 7) / 8;
    for (size_t group = 1; group * kArticlesAGroup < count; ++group) {
      Xapian::termpos bits = 0;
      if (!read_varint(encoded, at, bits)) return false;
      group_starts.push_back(group_starts.back() + bits);
    }
    body.emplace(encoded, at);
    k_first = k[2];
    k_gap = k[3];
    damaged = false;
    return true;
  }

  // Appends the positions of article `index` to `out`; false when the block is damaged.
  bool positions(size_t index, std::vector<Xapian::termpos>& out) {
    if (damaged || index >= articles.size()) return false;
    const size_t group = index / kArticlesAGroup;
    if (next_article > index || next_article < group * kArticlesAGroup) {
      body->seek(group_starts[group]);
      next_article = group * kArticlesAGroup;
    }
    for (; next_article < index; ++next_article) {
      body->rice(k_first);
      for (uint32_t j = 1; j < counts[next_article]; ++j) body->rice(k_gap);
    }
    uint64_t position = body->rice(k_first);
    out.push_back(static_cast<Xapian::termpos>(position));
    for (uint32_t j = 1; j < counts[index]; ++j) {
      position += uint64_t{body->rice(k_gap)} + 1;
      out.push_back(static_cast<Xapian::termpos>(position));
    }
    ++next_article;
    damaged = body->damaged() || position > UINT32_MAX;
    return !damaged;
  }
};

bool decode_position_block(std::string_view encoded, Xapian::docid first, PositionBlock& block) {
  block.articles.clear();
  block.offsets.assign(1, 0);
  block.positions.clear();
  BlockContents contents;
  bool whole = contents.read(encoded, first);
  for (size_t i = 0; whole && i < contents.articles.size(); ++i) {
    // Each group starts where the lengths of those before it say.
    if (i % kArticlesAGroup == 0) whole = contents.body->position() == contents.group_starts[i / kArticlesAGroup];
    whole = whole && contents.positions(i, block.positions);
    block.offsets.push_back(static_cast<uint32_t>(block.positions.size()));
  }
  if (!whole || !contents.body || !contents.body->at_end()) {
    block.offsets.assign(1, 0);
    block.positions.clear();
    return false;
  }
  block.articles = std::move(contents.articles);
  return true;
}

std::pair<size_t, size_t> repack_position_blocks(const std::string& path, Xapian::WritableDatabase& database) {
  constexpr size_t kRepackedArticles = 256;
  // Read from the committed revision, which the writes below do not touch (Xapian's B-trees copy
  // on write), so that the keys are walked while they change.
  const Xapian::Database committed(path);
  const std::string prefix(kPositionBlockPrefix);
  size_t before = 0, after = 0;
  std::string term;
  std::vector<std::string> keys;
  auto repack = [&] {
    if (keys.empty()) return;
    std::vector<Xapian::docid> articles;
    std::vector<Xapian::termcount> counts;
    std::vector<Xapian::termpos> positions;
    PositionBlock block;
    for (const std::string& key : keys) {
      Xapian::docid first = 0;
      for (size_t i = key.size() - 4; i < key.size(); ++i) first = (first << 8) | static_cast<unsigned char>(key[i]);
      // A damaged block is left out: its articles had no positions to read before either.
      if (!decode_position_block(committed.get_metadata(key), first, block)) continue;
      articles.insert(articles.end(), block.articles.begin(), block.articles.end());
      for (size_t i = 0; i + 1 < block.offsets.size(); ++i) counts.push_back(block.offsets[i + 1] - block.offsets[i]);
      positions.insert(positions.end(), block.positions.begin(), block.positions.end());
    }
    for (const std::string& key : keys) database.set_metadata(key, "");
    before += keys.size();
    size_t at = 0;
    for (size_t start = 0; start < articles.size(); start += kRepackedArticles) {
      const size_t end = std::min(articles.size(), start + kRepackedArticles);
      size_t count = 0;
      for (size_t i = start; i < end; ++i) count += counts[i];
      database.set_metadata(position_block_key(term, articles[start]),
                            encode_position_block(articles[start], {articles.begin() + start, articles.begin() + end},
                                                  {counts.begin() + start, counts.begin() + end},
                                                  {positions.begin() + at, positions.begin() + at + count}));
      at += count;
      ++after;
    }
    keys.clear();
  };
  for (auto key = committed.metadata_keys_begin(prefix); key != committed.metadata_keys_end(prefix); ++key) {
    const std::string& found = *key;
    const size_t zero = found.size() >= prefix.size() + 5 ? found.size() - 5 : std::string::npos;
    if (zero == std::string::npos || found[zero] != '\0') continue;
    const std::string_view its_term(found.data() + prefix.size(), zero - prefix.size());
    if (its_term != term) {
      repack();
      term = its_term;
    }
    keys.push_back(found);
  }
  repack();
  return {before, after};
}

PositionBlockReader::PositionBlockReader(const Xapian::Database& database, std::string term)
    : database_(database), term_(std::move(term)) {
  const std::string prefix = std::string(kPositionBlockPrefix) + term_ + '\0';
  for (auto key = database_.metadata_keys_begin(prefix); key != database_.metadata_keys_end(prefix); ++key) {
    const std::string& found = *key;
    if (found.size() != prefix.size() + 4) continue;
    Xapian::docid first = 0;
    for (size_t i = prefix.size(); i < found.size(); ++i) first = (first << 8) | static_cast<unsigned char>(found[i]);
    firsts_.push_back(first);
  }
}

struct PositionBlockReader::Contents : BlockContents {};

const std::vector<Xapian::termpos>& PositionBlockReader::positions(Xapian::docid docid) {
  found_.clear();
  // The block holding `docid`: the last one starting at or before it.
  const auto after = std::upper_bound(firsts_.begin(), firsts_.end(), docid);
  if (after == firsts_.begin()) return found_;
  const auto index = static_cast<size_t>(after - firsts_.begin()) - 1;
  if (!block_) block_ = std::make_shared<Contents>();
  if (index != loaded_) {
    loaded_ = index;
    cursor_ = 0;
    block_->read(database_.get_metadata(position_block_key(term_, firsts_[index])), firsts_[index]);
  }
  const std::vector<Xapian::docid>& articles = block_->articles;
  if (cursor_ > 0 && articles[cursor_ - 1] >= docid) cursor_ = 0;  // asked out of order
  while (cursor_ < articles.size() && articles[cursor_] < docid) ++cursor_;
  if (cursor_ < articles.size() && articles[cursor_] == docid && !block_->positions(cursor_, found_)) found_.clear();
  return found_;
}

}  // namespace newsdex::schema
