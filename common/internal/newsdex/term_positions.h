// Word positions kept by newsdex in one value of each article (schema 4), instead of Xapian's
// position table: Xapian 1.4's glass keys each (term, article) position list as its own B-tree
// item, ~26 bytes before the first position (a 100,000-article shard: 260 MB of 522), where a
// document's positions in one string cost ~500 bytes an article (50 MB). Phrase and proximity
// searches read them back through the searcher's phrase check (searcher/src/phrase_check.h).
//
// The value starts with a byte naming its layout (common/src/term_positions.cc): for each
// position, a 2-byte hash of the term there, the hashes told apart within the article by a seed
// (read without the article's term list); or, where a position holds two terms (CJK n-grams,
// words beside stems) or no seed tells the terms apart, each term's positions in Xapian's term
// order, as varint differences (read with the term list).
//
// Schema 5 keeps them term by term, as Xapian's position table does, so that a phrase reads only
// its words' positions (a common phrase read most of the schema-4 values: 13x slower than
// Xapian's table), but one B-tree item (user metadata) per term and *block*, the articles a
// writer added together, not per term and article. Each block entry lists the articles of the
// block that have the term and their positions, Rice-coded: ~600 bytes an article at blocks of
// 2,500, against ~500 for the schema-4 value and ~2,600 in Xapian's table.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace newsdex::schema {

// `document` as Xapian would store it without positions (same terms and within-document
// frequencies, data and values), with its positions encoded in `slot`.
Xapian::Document with_positions_in_value(const Xapian::Document& document, Xapian::valueno slot);

// Whether positions_of needs the article's term list to read `encoded`.
bool reads_term_list(std::string_view encoded);

// The positions of `wanted` (sorted, unique terms) in an article whose positions value is
// `encoded` and whose terms are [terms, end) (default-made iterators will do when
// reads_term_list() is false): one list per wanted term, ascending. A wanted term the article
// has gets its own positions; one it does not have gets none, or, from the hashed layout, those
// of a term of the article with the same hash: ask only about terms the article has, or check.
// Empty lists too when `encoded` is damaged.
std::vector<std::vector<Xapian::termpos>> positions_of(std::string_view encoded, Xapian::TermIterator terms,
                                                       const Xapian::TermIterator& end,
                                                       const std::vector<std::string>& wanted);

// The user-metadata key of the position block of `term` whose articles start at `first`:
// kPositionBlockPrefix, the term, a 0 byte, `first` as 4 bytes big-endian (keys of one term sort
// by their first article).
inline constexpr std::string_view kPositionBlockPrefix = "\x01";
std::string position_block_key(std::string_view term, Xapian::docid first);

// Whether a term can be keyed in a position block (Xapian limits a key's length); an article
// with a longer positional term keeps its positions in kPositionsSlot.
bool fits_position_block(std::string_view term);

// `document` without positions: the same terms and within-document frequencies, values and
// data. `each_term(term, positions)` sees every term, in Xapian's term order.
template <typename EachTerm>
Xapian::Document stripped_of_positions(const Xapian::Document& document, EachTerm each_term) {
  Xapian::Document stripped;
  std::vector<Xapian::termpos> positions;
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    stripped.add_term(*term, term.get_wdf());
    positions.assign(term.positionlist_begin(), term.positionlist_end());
    each_term(*term, positions);
  }
  for (auto value = document.values_begin(); value != document.values_end(); ++value) {
    stripped.add_value(value.get_valueno(), *value);
  }
  stripped.set_data(document.get_data());
  return stripped;
}

// Rewrites the position blocks of the database at `path`, opened for writing as `database` (no
// changes pending), term by term into blocks of up to 256 articles that have the term, keyed by
// their first: a closed shard's blocks as its compaction finds them repeat each term's key once
// every 2,500 articles, and a common term's blocks are read whole. Uncommitted: the caller
// commits. Returns the entries before and after.
std::pair<size_t, size_t> repack_position_blocks(const std::string& path, Xapian::WritableDatabase& database);

// The encoded block of articles starting at `first` (docids ascending, above `first` - 1) with
// `counts[i]` positions each, ascending within an article, in `positions` (exposed for tests).
std::string encode_position_block(Xapian::docid first, const std::vector<Xapian::docid>& articles,
                                  const std::vector<Xapian::termcount>& counts,
                                  const std::vector<Xapian::termpos>& positions);

// A block decoded whole (repacking, tests): the articles that have the term, and where each
// one's positions start in `positions` (offsets has one more entry than articles).
struct PositionBlock {
  std::vector<Xapian::docid> articles;
  std::vector<uint32_t> offsets;
  std::vector<Xapian::termpos> positions;
};

// Decodes a block written by encode_position_block for `first`, checking all of it; false (and
// no positions) when it is damaged.
bool decode_position_block(std::string_view encoded, Xapian::docid first, PositionBlock& block);

// The positions of one term in one database's position blocks, for articles asked about in
// ascending order (as a match visits them).
class PositionBlockReader {
 public:
  PositionBlockReader(const Xapian::Database& database, std::string term);

  // The term's positions in article `docid`; empty when the blocks hold none for it (also when
  // its block is damaged). Valid until the next call.
  const std::vector<Xapian::termpos>& positions(Xapian::docid docid);

 private:
  struct Contents;  // a block, its positions read an article at a time (term_positions.cc)

  Xapian::Database database_;
  std::string term_;
  std::vector<Xapian::docid> firsts_;  // the first article of each block, ascending
  size_t loaded_ = SIZE_MAX;
  std::shared_ptr<Contents> block_;
  size_t cursor_ = 0;  // in the block's articles
  std::vector<Xapian::termpos> found_;
};

}  // namespace newsdex::schema
