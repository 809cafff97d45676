// Every article's facet values as small integers by document id, read once per revision of a
// local index (internal). Exact counting then costs a few array reads and increments a match,
// where Xapian's stock ValueCountMatchSpy reads each match's values from the on-disk value
// streams and counts them as strings in a map (a third of a facet request's time under load).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/search.h"

namespace newsdex::search {

class FacetColumns {
 public:
  // The columns of the index at `path` as `database` sees it at `revision_key` (what tells
  // its content: IndexReader::revision_key), shared by every reader of the same revision in
  // this process and read again when it changes. Nothing for an index whose revision cannot be
  // told (an empty key: remote shards, where the stock spies count), or written before the
  // country and topic set slots.
  static std::shared_ptr<const FacetColumns> of(const std::string& path, const std::string& revision_key,
                                                const Xapian::Database& database);

  // The id of a document's value of `facet` (0: none). Document ids past the columns have none.
  uint32_t id(Facet facet, Xapian::docid docid) const {
    const std::vector<uint32_t>& ids = columns_[static_cast<size_t>(facet)].ids;
    return docid < ids.size() ? ids[docid] : 0;
  }

  // Adds `counts` (by id) of `facet` to `into` (by value; sets split into their codes).
  void add_counts(Facet facet, const std::vector<uint64_t>& counts, std::map<std::string, uint64_t>& into) const;

  // How many ids `facet` has (counts vectors are this long).
  size_t id_count(Facet facet) const { return columns_[static_cast<size_t>(facet)].values.size(); }

  // A hash of a document's story key, equal for the copies of one story (0: no key). The
  // searcher folds copies with it where Xapian's collapse would read each candidate's key from
  // the value streams.
  uint64_t story(Xapian::docid docid) const { return docid < stories_.size() ? stories_[docid] : 0; }

 private:
  struct Column {
    std::vector<uint32_t> ids;        // by document id
    std::vector<std::string> values;  // by id; values[0] is "no value"
    bool sets = false;                // values are join_set() lists
    // Sets only: each id's codes as indices into `codes`, split once when the column is read.
    std::vector<std::vector<uint32_t>> code_indices;
    std::vector<std::string> codes;
  };
  static std::optional<FacetColumns> read(const Xapian::Database& database);

  Column columns_[5];              // by Facet
  std::vector<uint64_t> stories_;  // by document id
};

// Counts the facets of every match from FacetColumns, and the matches. Only for local databases
// (Xapian's remote protocol carries only its own spies).
class ColumnCountSpy : public Xapian::MatchSpy {
 public:
  ColumnCountSpy(const FacetColumns& columns, std::vector<Facet> facets);

  void operator()(const Xapian::Document& document, double weight) override;

  // Adds the counts of facet number `index` (of those given) to `into`.
  void add_to(size_t index, std::map<std::string, uint64_t>& into) const;

  uint64_t total() const { return total_; }

 private:
  const FacetColumns& columns_;
  std::vector<Facet> facets_;
  std::vector<std::vector<uint64_t>> counts_;  // by facet, by id
  uint64_t total_ = 0;
};

}  // namespace newsdex::search
