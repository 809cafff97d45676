// Watches as kept in the index's bookkeeping, beside the feed subscriptions, so that a watch's
// progress and the stories it has delivered change in one commit (internal).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "newsdex/record_store.h"
#include "newsdex/watch.h"

namespace newsdex {

template <>
struct RecordTraits<watch::Watch> {
  using W = watch::Watch;
  static constexpr std::string_view kKind = "watch";
  static constexpr std::string_view kNoIndexHint = "add a watch with 'newsdex-index watch add NAME QUERY'";
  static std::string key_prefix();
  // Metadata keys are limited in length and watch names are not: keys use a name's fingerprint,
  // and the record keeps the name.
  static std::string key(const std::string& name);
  static const std::string& id(const W& watch) { return watch.name; }
  static constexpr auto kFields =
      std::tuple(RecordField<W, std::string>{"name", &W::name}, RecordField<W, std::string>{"query", &W::query},
                 RecordField<W, std::vector<std::string>>{"countries", &W::countries},
                 RecordField<W, std::vector<std::string>>{"topics", &W::topics},
                 RecordField<W, std::string>{"deliver", &W::deliver}, RecordField<W, uint64_t>{"cursor", &W::cursor},
                 RecordField<W, bool>{"from_start", &W::from_start},
                 RecordField<W, std::optional<Timestamp>>{"last_run", &W::last_run},
                 RecordField<W, uint64_t>{"delivered", &W::delivered}, RecordField<W, uint64_t>{"pending", &W::pending},
                 RecordField<W, std::string>{"last_error", &W::last_error});
};

namespace watch {

// The watches of an index, and the stories each has delivered.
class WatchStore {
 public:
  explicit WatchStore(RecordStore<Watch> records) : records_(std::move(records)) {}

  std::vector<Watch> list() const { return records_.list(); }
  std::optional<Watch> find(const std::string& name) const { return records_.find(name); }
  void save(const Watch& watch) { records_.save(watch); }

  // Removes the watch called `name` and its record of delivered stories; false when there was
  // none. REQUIRES: read-write.
  bool remove(const std::string& name);

  // Whether the watch has delivered the story with this key (a later copy is not news).
  bool delivered_story(const std::string& name, const std::string& story_key) const;

  // Records that the watch delivered the story. REQUIRES: read-write.
  void mark_delivered(const std::string& name, const std::string& story_key);

 private:
  RecordStore<Watch> records_;
};

}  // namespace watch
}  // namespace newsdex
