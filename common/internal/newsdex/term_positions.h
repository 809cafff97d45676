// Word positions kept by newsdex in one value of each article (schema 4), instead of Xapian's
// position table: Xapian 1.4's glass keys each (term, article) position list as its own B-tree
// item, ~26 bytes before the first position (a 100,000-article shard: 260 MB of 522), where a
// document's positions in one string cost ~250 bytes an article (25 MB). Phrase and proximity
// searches read them back through the searcher's phrase check (searcher/src/phrase_check.h).
//
// The value starts with a byte naming its layout (common/src/term_positions.cc): a stream of the
// term at each position (one byte a word when the article has fewer than 255 terms), or, where a
// position holds two terms (CJK n-grams, words beside stems), each term's positions in Xapian's
// term order, as varint differences.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace newsdex::schema {

// `document` as Xapian would store it without positions (same terms and within-document
// frequencies, data and values), with its positions encoded in `slot`.
Xapian::Document with_positions_in_value(const Xapian::Document& document, Xapian::valueno slot);

// The positions of `wanted` (sorted, unique terms) in an article whose terms are [terms, end)
// and whose positions value is `encoded`: one list per wanted term, ascending, empty for a term
// the article does not have. Empty lists too when `encoded` does not describe these terms.
std::vector<std::vector<Xapian::termpos>> positions_of(std::string_view encoded, Xapian::TermIterator terms,
                                                       const Xapian::TermIterator& end,
                                                       const std::vector<std::string>& wanted);

}  // namespace newsdex::schema
