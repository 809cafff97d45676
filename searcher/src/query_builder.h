// Turning a SearchRequest into Xapian queries (internal).
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/search.h"
#include "phrase_check.h"

namespace newsdex::search {

// The parts of a request as Xapian queries. Filters are kept apart so that a facet can be
// counted without its own filter (multi-select faceting).
struct RequestQueries {
  Xapian::Query text;                    // the user's query; MatchAll when there is none
  std::optional<Xapian::Query> country;  // OR of the --country values
  std::optional<Xapian::Query> topic;
  std::optional<Xapian::Query> source;
  std::optional<Xapian::Query> language;
  std::optional<Xapian::Query> date;     // --since/--until
  std::optional<Xapian::Query> indexed;  // SearchRequest::indexed_after/indexed_through

  // On an index that keeps its own positions (schema 4 and later): the text query with the
  // phrases every match must hold as the AND of their words, and those phrases, which the
  // ranking checks on its candidates only (phrase_check.h). Unset when no phrase is required.
  std::optional<Xapian::Query> ranked_text;
  std::shared_ptr<const RequiredPhrases> required_phrases;

  // The text query filtered by every filter except the one of `excluded`, if given.
  Xapian::Query combined(std::optional<Facet> excluded = std::nullopt) const;

  // combined() for the ranking, over ranked_text when set (to run with phrase_decider).
  Xapian::Query combined_for_ranking() const;

  // The filter that belongs to a facet, if the request has one.
  const std::optional<Xapian::Query>& filter_of(Facet facet) const;
};

// The filters of a request, with MatchAll as its text query. Throws InputError for an unknown
// filter value.
RequestQueries build_filters(const SearchRequest& request);

// The languages of an index's articles ("L" terms) and whether every article has the one
// language. Listing them costs more than parsing a query, so a Searcher reads them once per
// change of the index.
struct IndexLanguages {
  std::vector<std::string> terms;  // the language terms, e.g. "Len", "Ltr"
  bool all_labelled = false;       // every article has one of them
  std::string schema_version;      // the index's: how its words are indexed (schema::word_forms)

  static IndexLanguages of(const Xapian::Database& database);
};

// Builds the queries of a request. `any_word` parses with OR as the default operator (for a
// relaxed retry). Throws InputError for an unparsable query or an unknown filter value.
RequestQueries build_queries(const SearchRequest& request, const Xapian::Database& database,
                             const IndexLanguages& languages, bool any_word);

// The query as typed with each word no article has replaced by its nearest word in the index's
// spelling dictionary (quotes, operators and field filters untouched); empty when there is
// nothing to correct. Costs table lookups for every word: ask only when it helps.
std::string spelling_correction(const std::string& query, const Xapian::Database& database);

// Articles published in [since, until] (either may be open).
Xapian::Query published_between(std::optional<Timestamp> since, std::optional<Timestamp> until);

// The stemmer queries are parsed with.
Xapian::Stem query_stemmer();

// The query stemmer for the snippets of `query`'s hits: words that cannot stem to one of the
// query's stems are not stemmed at all. With `words_hold_words` (hits in a language that indexes
// parts of words, schema::indexes_word_parts), a word holding a query stem reads as that stem.
Xapian::Stem snippet_stemmer(const Xapian::Query& query, bool words_hold_words = false);

// Whether a query as typed asks for a phrase or proximity: quotes, NEAR, ADJ.
bool has_phrase_syntax(const std::string& query);

// Number of words a query has (to decide whether relaxing it can help).
size_t query_word_count(const std::string& query);

}  // namespace newsdex::search
