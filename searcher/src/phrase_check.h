// Phrase and proximity searches over an index that keeps its word positions in a value
// (schema 4, newsdex/term_positions.h) rather than in Xapian's position table (internal).
#pragma once

#include <xapian.h>

namespace newsdex::search {

// `query` with each phrase (OP_PHRASE) and proximity search (OP_NEAR) in it replaced by the AND
// of its words, filtered by a check of their positions in schema::kPositionsSlot: the matches
// and weights of Xapian's own phrase search, which needs a position table (without one, Xapian
// reads a phrase as a plain AND).
Xapian::Query with_phrases_checked(const Xapian::Query& query);

}  // namespace newsdex::search
