#include "facet_columns.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>

#include "facet_counter.h"
#include "newsdex/schema.h"

namespace newsdex::search {
namespace {

// The columns read for an index path at one revision.
struct CachedColumns {
  std::string revision_key;
  std::shared_ptr<const FacetColumns> columns;  // empty until the revision's second search
  bool unreadable = false;                      // written before the set slots: never columns
};

// Two revisions an index: while a crawl commits, some readers have reopened to the new one and
// others still finish on the old, and neither should make the other read its columns again.
constexpr size_t kRevisionsKept = 2;

std::shared_mutex columns_cache_mutex;
std::unordered_map<std::string, std::vector<CachedColumns>> columns_cache;  // newest first

}  // namespace

std::shared_ptr<const FacetColumns> FacetColumns::of(const std::string& path, const std::string& revision_key,
                                                     const Xapian::Database& database) {
  // NEWSDEX_FACET_COLUMNS=off counts with the stock spies only: for measuring the difference.
  static const bool enabled = [] {
    const char* setting = std::getenv("NEWSDEX_FACET_COLUMNS");
    return setting == nullptr || std::string_view(setting) != "off";
  }();
  if (!enabled) return nullptr;
  if (revision_key.empty()) return nullptr;
  {
    // Nearly every search finds its revision's columns read: readers share the lock for that.
    const std::shared_lock reading(columns_cache_mutex);
    const auto found = columns_cache.find(path);
    if (found != columns_cache.end()) {
      for (const CachedColumns& cached : found->second) {
        if (cached.revision_key == revision_key && (cached.columns || cached.unreadable)) {
          return cached.columns;
        }
      }
    }
  }
  const std::lock_guard lock(columns_cache_mutex);  // one reader reads a revision's columns; the others wait for them
  std::vector<CachedColumns>& kept = columns_cache[path];
  // Reading the columns costs about as much as a few searches' counting: a process that searches
  // once (the command line) never reads them; one that searches a revision again (a server, a
  // library user) reads them at its second search.
  for (CachedColumns& cached : kept) {
    if (cached.revision_key != revision_key) continue;
    if (!cached.columns && !cached.unreadable) {
      std::optional<FacetColumns> columns = read(database);
      cached.unreadable = !columns;
      if (columns) cached.columns = std::make_shared<const FacetColumns>(std::move(*columns));
    }
    return cached.columns;
  }
  kept.insert(kept.begin(), {revision_key, nullptr, false});
  if (kept.size() > kRevisionsKept) kept.pop_back();
  return nullptr;
}

std::optional<FacetColumns> FacetColumns::read(const Xapian::Database& database) {
  FacetColumns columns;
  const Xapian::docid last = database.get_lastdocid();
  for (Facet facet : {Facet::kCountry, Facet::kTopic, Facet::kSource, Facet::kLanguage, Facet::kMonth}) {
    const FacetSlots slots = slots_of(facet);
    Column& column = columns.columns_[static_cast<size_t>(facet)];
    column.sets = slots.set.has_value();
    const Xapian::valueno slot = slots.set.value_or(slots.first);
    // An index written before the set slots (or partly since) is left to the stock spies.
    if (slots.set && database.get_value_freq(*slots.set) != database.get_value_freq(slots.first)) return std::nullopt;
    column.ids.assign(last + 1, 0);
    column.values = {std::string()};
    std::unordered_map<std::string, uint32_t> ids;
    for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot); ++value) {
      auto [found, added] = ids.try_emplace(*value, static_cast<uint32_t>(column.values.size()));
      if (added) column.values.push_back(*value);
      column.ids[value.get_docid()] = found->second;
    }
    if (!column.sets) continue;
    std::unordered_map<std::string, uint32_t> code_index;
    column.code_indices.resize(column.values.size());
    for (size_t id = 1; id < column.values.size(); ++id) {
      for (std::string& code : schema::split_set(column.values[id])) {
        auto [found, added] = code_index.try_emplace(code, static_cast<uint32_t>(column.codes.size()));
        if (added) column.codes.push_back(std::move(code));
        column.code_indices[id].push_back(found->second);
      }
    }
  }
  columns.stories_.assign(last + 1, 0);
  for (auto value = database.valuestream_begin(schema::kStoryKeySlot);
       value != database.valuestream_end(schema::kStoryKeySlot); ++value) {
    // 64 bits: two stories of a million articles share a hash with a chance of about 1 in 10^7.
    columns.stories_[value.get_docid()] = std::max<uint64_t>(1, std::hash<std::string>()(*value));
  }
  return columns;
}

void FacetColumns::add_counts(Facet facet, const std::vector<uint64_t>& counts,
                              std::map<std::string, uint64_t>& into) const {
  const Column& column = columns_[static_cast<size_t>(facet)];
  if (!column.sets) {
    for (size_t id = 1; id < counts.size(); ++id) {
      if (counts[id] != 0) into[column.values[id]] += counts[id];
    }
    return;
  }
  std::vector<uint64_t> by_code(column.codes.size(), 0);
  for (size_t id = 1; id < counts.size(); ++id) {
    if (counts[id] == 0) continue;
    for (uint32_t code : column.code_indices[id]) by_code[code] += counts[id];
  }
  for (size_t code = 0; code < by_code.size(); ++code) {
    if (by_code[code] != 0) into[column.codes[code]] += by_code[code];
  }
}

ColumnCountSpy::ColumnCountSpy(const FacetColumns& columns, std::vector<Facet> facets)
    : columns_(columns), facets_(std::move(facets)) {
  for (Facet facet : facets_) counts_.emplace_back(columns_.id_count(facet), 0);
}

void ColumnCountSpy::operator()(const Xapian::Document& document, double) {
  const Xapian::docid docid = document.get_docid();
  ++total_;
  for (size_t i = 0; i < facets_.size(); ++i) ++counts_[i][columns_.id(facets_[i], docid)];
}

void ColumnCountSpy::add_to(size_t index, std::map<std::string, uint64_t>& into) const {
  columns_.add_counts(facets_[index], counts_[index], into);
}

}  // namespace newsdex::search
