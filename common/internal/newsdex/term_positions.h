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
#pragma once

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

}  // namespace newsdex::schema
