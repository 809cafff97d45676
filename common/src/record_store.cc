#include "newsdex/record_store.h"

#include <xapian.h>

#include "newsdex/schema.h"

namespace newsdex {
namespace {

// The bookkeeping database of an index, opened for reading: beside the shards when sharded.
class ReadOnlyBookkeeping final : public Bookkeeping {
 public:
  explicit ReadOnlyBookkeeping(Xapian::Database database) : database_(std::move(database)) {}

  std::string get(const std::string& key) const override { return database_.get_metadata(key); }

  std::vector<std::string> keys(const std::string& prefix) const override {
    return {database_.metadata_keys_begin(prefix), database_.metadata_keys_end(prefix)};
  }

  void set(const std::string& key, const std::string&) override {
    throw RuntimeFailure("cannot write " + key + ": the index was opened read-only");
  }

 private:
  Xapian::Database database_;
};

}  // namespace

std::unique_ptr<Bookkeeping> read_only_bookkeeping(const std::string& index_path, std::string_view no_index_hint) {
  try {
    return std::make_unique<ReadOnlyBookkeeping>(Xapian::Database(schema::state_database_path(index_path)));
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw RuntimeFailure(index_path + ": no index here (" + std::string(no_index_hint) + ")");
  } catch (const Xapian::Error& error) {
    throw RuntimeFailure(index_path + ": cannot open the index: " + error.get_description());
  }
}

}  // namespace newsdex
