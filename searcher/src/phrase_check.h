// Phrase and proximity searches over an index that keeps its word positions itself (schema 4
// and later, newsdex/term_positions.h) rather than in Xapian's position table (internal).
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace newsdex::search {

// `query` with each phrase (OP_PHRASE) and proximity search (OP_NEAR) in it replaced by the AND
// of its words, filtered by a check of their positions: the matches and weights of Xapian's own
// phrase search, which needs a position table (without one, Xapian reads a phrase as a plain
// AND). Every article that has the words is checked: the query for counting every match.
Xapian::Query with_phrases_checked(const Xapian::Query& query);

// A part of a query that only the articles having one of `terms` can match (an article has at
// most one of the terms of all parts: its language).
struct FilteredBranch {
  Xapian::Query query;
  std::vector<std::string> terms;
};

// The phrases every match of a ranking's main part must hold (phrase_check.cc).
struct RequiredPhrases;

// A query for ranking, to be run with phrase_decider: the phrases every match of `main` must
// hold stand as the plain AND of their words, checked by the decider on the articles that would
// enter the ranking only (Xapian asks a decider after an article's weight beat the lowest of
// the page); the others are checked in place as with_phrases_checked does. With the decider it
// matches, orders and weighs as with_phrases_checked of the OR of `main` and each branch
// filtered to its terms (as parsed: no phrase checked yet).
struct RankingQuery {
  Xapian::Query query;
  std::shared_ptr<const RequiredPhrases> required;  // null when `main` requires no phrase
};
RankingQuery ranking_query(const Xapian::Query& main, const std::vector<FilteredBranch>& branches);

// The decider of a ranking_query over `shards` combined in that order (one database: itself
// alone); null when the shards cannot be told apart (an article without its indexing sequence
// number): rank with_phrases_checked then. It follows one match at a time (not thread-safe),
// and cannot run on remote shards. Xapian scales an estimated total by the share of the
// articles it asked about that the decider accepted.
std::unique_ptr<Xapian::MatchDecider> phrase_decider(const std::shared_ptr<const RequiredPhrases>& required,
                                                     const std::vector<Xapian::Database>& shards);

}  // namespace newsdex::search
