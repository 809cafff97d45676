// Exact totals and facet counts of a search (internal). The ranked pass only reads the page;
// these come from counting passes, unranked (BoolWeight) and uncollapsed so that they count
// every article: one over the matches for the facets without a filter of their own (and the
// total), and one per facet whose own filter is set, over the matches without that filter
// (multi-select faceting). The index's document ids are cut into ranges that several threads,
// each on its own database handle, take in turn.
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "deadline.h"
#include "facet_columns.h"
#include "newsdex/search.h"
#include "query_builder.h"

namespace newsdex::search {

// What counting found: the number of matches and, per facet, each value's count.
struct ExactCounts {
  uint64_t total = 0;
  std::vector<std::map<std::string, uint64_t>> by_facet;  // in the order of the facets counted

  // Adds another part's counts to these.
  void add(const ExactCounts& other);
};

// Counts one search's facets. count_ranges() may run on several threads at once, each with its
// own database handle and the queries built on it (Xapian's handles and queries are not shared
// between threads).
class ExactCounter {
 public:
  // Counting `facets` of a search limited by `deadline`, over document ids 1..last_docid, from
  // `columns` when given (a local index), else with Xapian's stock spies.
  ExactCounter(std::vector<Facet> facets, const Deadline& deadline, Xapian::docid last_docid,
               std::shared_ptr<const FacetColumns> columns = nullptr);

  // Counts every match of `queries` on `database` in one pass per filter (no ranges).
  ExactCounts count_all(const Xapian::Database& database, const RequestQueries& queries) const;

  // Takes ranges of document ids in turn, until none is left, and counts the matches in each:
  // a thread that starts late counts fewer, and matches crowded into one part of the index
  // (one feed's years, say) are shared out. The counts of every caller add up to count_all's.
  ExactCounts count_ranges(const Xapian::Database& database, const RequestQueries& queries);

  // Ranges the document ids are cut into.
  static constexpr unsigned kRanges = 8;

  // For an index of local shards, `shards` being one thread's handles on them in order and
  // `columns` their facet columns (or nothing, for the stock spies): takes shards in turn, as
  // count_ranges takes ranges, and counts every match in each. (Xapian hands a match spy the
  // documents of a shard by their numbers within it: columns work shard by shard.)
  ExactCounts count_shards(const std::vector<Xapian::Database>& shards,
                           const std::vector<std::shared_ptr<const FacetColumns>>& columns,
                           const RequestQueries& queries);

 private:
  ExactCounts count(const Xapian::Database& database, const RequestQueries& queries, const Xapian::Query& range,
                    const FacetColumns* columns) const;

  std::vector<Facet> facets_;
  std::shared_ptr<const FacetColumns> columns_;
  const Deadline& deadline_;
  Xapian::docid last_docid_;
  std::atomic<unsigned> next_range_{0};
  std::atomic<size_t> next_shard_{0};
};

}  // namespace newsdex::search
