// Moving a single-database index into a sharded one.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "newsdex/indexer.h"

namespace newsdex::index {

// What a migration did.
struct MigrationSummary {
  uint64_t articles = 0;     // articles written into the sharded index
  uint64_t unchanged = 0;    // already there, from an interrupted run
  uint64_t bookkeeping = 0;  // feeds, import positions and other records carried over
  double seconds = 0;
};

// Copies the single-database index at `from` into a sharded index at `into`, cut as `layout`
// says: every article in the order it was indexed (so that shards follow time), with the
// language, countries and topics it was given, and the bookkeeping (feeds and their crawl state,
// import positions, the last crawl). Story keys are found again among the new shards. `from` is
// held locked, so that no crawl writes to it meanwhile, and left as it was. Run again after an
// interruption, it goes on: articles already copied are found by id and left as they are.
// `on_progress` gets articles done and the total, about twice a second and at the end.
// Throws InputError when `from` is not a single-database index, or `into` exists and is not a
// migration of `from`; RuntimeFailure when either cannot be read or written.
MigrationSummary migrate_to_shards(const std::string& from, const std::string& into, const ShardLayout& layout,
                                   const std::function<void(uint64_t done, uint64_t total)>& on_progress = {});

}  // namespace newsdex::index
