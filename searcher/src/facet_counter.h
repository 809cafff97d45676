// Counting facets with Xapian's stock ValueCountMatchSpy (internal: searches count them, and
// timelines find the values to split by).
#pragma once

#include <xapian.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/schema.h"
#include "newsdex/search.h"

namespace newsdex::search {

struct FacetSlots {
  Xapian::valueno first;  // one value per slot from here
  unsigned count;
  std::optional<Xapian::valueno> set;  // the slot holding the whole set (multi-valued facets)
};

inline FacetSlots slots_of(Facet facet) {
  switch (facet) {
    case Facet::kCountry: return {schema::kFirstCountrySlot, schema::kMaxFacetCountries, schema::kCountrySetSlot};
    case Facet::kTopic: return {schema::kFirstTopicSlot, schema::kMaxFacetTopics, schema::kTopicSetSlot};
    case Facet::kSource: return {schema::kSourceSlot, 1, std::nullopt};
    case Facet::kLanguage: return {schema::kLanguageSlot, 1, std::nullopt};
    case Facet::kMonth: return {schema::kMonthSlot, 1, std::nullopt};
  }
  return {schema::kSourceSlot, 1, std::nullopt};
}

// Counts a facet with Xapian's stock ValueCountMatchSpy (custom spies would not work against
// remote databases served by xapian-tcpsrv). A multi-valued facet is counted on its set slot,
// one value a document, each set's count then added to its members; an index written before
// the set slots existed (or only partly since) is counted with one spy per position slot
// instead: an article holds a value in at most one of them, so the sums count articles.
class FacetCounter {
 public:
  FacetCounter(Facet facet, Xapian::Enquire& enquire, const Xapian::Database& database) : facet_(facet) {
    const FacetSlots slots = slots_of(facet);
    const Xapian::doccount with_value = database.get_value_freq(slots.first);
    if (with_value == 0) return;  // nothing to count
    counts_sets_ = slots.set && database.get_value_freq(*slots.set) == with_value;
    if (counts_sets_) {
      watch(*slots.set, enquire);
      return;
    }
    for (unsigned i = 0; i < slots.count; ++i) {
      if (i > 0 && database.get_value_freq(slots.first + i) == 0) break;  // no article has a 4th topic
      watch(slots.first + i, enquire);
    }
  }

  // Adds what the spies saw to `counts`.
  void add_to(std::map<std::string, uint64_t>& counts) const {
    for (const auto& spy : spies_) {
      for (auto value = spy->values_begin(); value != spy->values_end(); ++value) {
        if (!counts_sets_) {
          counts[*value] += value.get_termfreq();
          continue;
        }
        for (const std::string& code : schema::split_set(*value)) counts[code] += value.get_termfreq();
      }
    }
  }

  // How many documents the counting saw (every match), if it watches a slot at all (known
  // before the match runs: then it is 0).
  std::optional<uint64_t> documents_seen() const {
    if (spies_.empty()) return std::nullopt;
    return spies_.front()->get_total();
  }

  FacetResult result(unsigned limit) const {
    std::map<std::string, uint64_t> counts;
    add_to(counts);
    return facet_result(facet_, counts, limit);
  }

  // The counts of a facet, most frequent first (month: in date order), `limit` of them (0: all).
  static FacetResult facet_result(Facet facet, const std::map<std::string, uint64_t>& counts, unsigned limit) {
    FacetResult result{facet, {}};
    for (const auto& [value, count] : counts) result.counts.push_back({value, count, {}});
    if (facet != Facet::kMonth) {
      std::stable_sort(result.counts.begin(), result.counts.end(),
                       [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    }
    if (limit > 0 && result.counts.size() > limit) result.counts.resize(limit);
    for (FacetCount& count : result.counts) count.label = facet_label(facet, count.value);
    return result;
  }

 private:
  void watch(Xapian::valueno slot, Xapian::Enquire& enquire) {
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
    enquire.add_matchspy(spies_.back().get());
  }

  Facet facet_;
  bool counts_sets_ = false;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;  // outlive the enquire's use
};

}  // namespace newsdex::search
