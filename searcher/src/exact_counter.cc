#include "exact_counter.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "facet_counter.h"
#include "newsdex/schema.h"

namespace newsdex::search {
namespace {

// The documents whose ids lie in [first, last]: a filter that splits one count between threads,
// each reading only its part of every posting list. (Xapian has no operator for a range of
// document ids; a posting source is its documented way to add one.)
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last), current_(0) {}
  void init(const Xapian::Database&) override { current_ = 0; }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return last_ - first_ + 1; }
  Xapian::doccount get_termfreq_max() const override { return last_ - first_ + 1; }
  void next(double) override { current_ = current_ == 0 ? first_ : current_ + 1; }
  void skip_to(Xapian::docid target, double) override { current_ = std::max({current_, target, first_}); }
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }
  DocidRange* clone() const override { return new DocidRange(first_, last_); }

 private:
  Xapian::docid first_, last_, current_;
};

}  // namespace

void ExactCounts::add(const ExactCounts& other) {
  total += other.total;
  by_facet.resize(std::max(by_facet.size(), other.by_facet.size()));
  for (size_t i = 0; i < other.by_facet.size(); ++i) {
    for (const auto& [value, n] : other.by_facet[i]) by_facet[i][value] += n;
  }
}

ExactCounter::ExactCounter(std::vector<Facet> facets, const Deadline& deadline, Xapian::docid last_docid,
                           std::shared_ptr<const FacetColumns> columns)
    : facets_(std::move(facets)),
      columns_(std::move(columns)),
      deadline_(deadline),
      last_docid_(std::max<Xapian::docid>(last_docid, 1)) {}

ExactCounts ExactCounter::count_all(const Xapian::Database& database, const RequestQueries& queries) const {
  return count(database, queries, Xapian::Query(), columns_.get());
}

ExactCounts ExactCounter::count_ranges(const Xapian::Database& database, const RequestQueries& queries) {
  ExactCounts sum;
  sum.by_facet.resize(facets_.size());
  for (unsigned range; (range = next_range_++) < kRanges;) {
    const auto first = static_cast<Xapian::docid>(uint64_t{last_docid_} * range / kRanges + 1);
    const auto last = static_cast<Xapian::docid>(uint64_t{last_docid_} * (range + 1) / kRanges);
    if (first > last) continue;
    sum.add(count(database, queries, Xapian::Query((new DocidRange(first, last))->release()), columns_.get()));
  }
  return sum;
}

ExactCounts ExactCounter::count_shards(const std::vector<Xapian::Database>& shards,
                                       const std::vector<std::shared_ptr<const FacetColumns>>& columns,
                                       const RequestQueries& queries) {
  ExactCounts sum;
  sum.by_facet.resize(facets_.size());
  for (size_t shard; (shard = next_shard_++) < shards.size();) {
    sum.add(count(shards[shard], queries, Xapian::Query(), columns[shard].get()));
  }
  return sum;
}

ExactCounts ExactCounter::count(const Xapian::Database& database, const RequestQueries& queries,
                                const Xapian::Query& range, const FacetColumns* columns) const {
  ExactCounts counts;
  counts.by_facet.resize(facets_.size());
  const Xapian::doccount everything = std::max<Xapian::doccount>(database.get_doccount(), 1);
  auto counting_pass = [&](const Xapian::Query& query, const std::vector<size_t>& facets, bool total) {
    Xapian::Enquire counting(database);
    counting.set_query(range.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, range));
    counting.set_weighting_scheme(Xapian::BoolWeight());
    deadline_.limit(counting);
    // The columns count every facet with one spy; without them, a stock spy per facet.
    std::optional<ColumnCountSpy> column_spy;
    std::vector<std::unique_ptr<FacetCounter>> counters;
    if (columns != nullptr) {
      std::vector<Facet> counted_facets;
      for (size_t i : facets) counted_facets.push_back(facets_[i]);
      counting.add_matchspy(&column_spy.emplace(*columns, std::move(counted_facets)));
    } else {
      for (size_t i : facets) counters.push_back(std::make_unique<FacetCounter>(facets_[i], counting, database));
    }
    // Every stock spy sees every match, so any of them gives the total. Without one, a spy on
    // the language slot counts: it holds a handful of values, where the publication time, nearly
    // unique, would build an entry per match.
    const auto watching = std::find_if(counters.begin(), counters.end(),
                                       [](const auto& counter) { return counter->documents_seen().has_value(); });
    Xapian::ValueCountMatchSpy article_counter(schema::kLanguageSlot);
    if (total && !column_spy && watching == counters.end()) counting.add_matchspy(&article_counter);
    const Xapian::MSet counted = counting.get_mset(0, 0, everything);
    // A match cut short by the time limit leaves its count a range.
    if (counted.get_matches_lower_bound() != counted.get_matches_upper_bound()) deadline_.expire();
    for (size_t k = 0; k < facets.size(); ++k) {
      if (column_spy) {
        column_spy->add_to(k, counts.by_facet[facets[k]]);
      } else {
        counters[k]->add_to(counts.by_facet[facets[k]]);
      }
    }
    if (!total) return;
    counts.total = column_spy                   ? column_spy->total()
                   : watching != counters.end() ? *(*watching)->documents_seen()
                                                : article_counter.get_total();
  };
  std::vector<size_t> shared_pass;
  for (size_t i = 0; i < facets_.size(); ++i) {
    if (!queries.filter_of(facets_[i])) shared_pass.push_back(i);
  }
  counting_pass(queries.combined(), shared_pass, true);
  for (size_t i = 0; i < facets_.size(); ++i) {
    if (queries.filter_of(facets_[i])) counting_pass(queries.combined(facets_[i]), {i}, false);
  }
  return counts;
}

}  // namespace newsdex::search
