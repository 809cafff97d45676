// Records kept in an index's bookkeeping (the key-value metadata beside the articles, which
// changes in the same commit as they do): feed subscriptions, watches. One generic store, so
// that each record type lists its fields once. Internal: built into newsdex, not installed.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdex/error.h"
#include "newsdex/time.h"

namespace newsdex {

// The bookkeeping a record store reads and writes.
class Bookkeeping {
 public:
  virtual ~Bookkeeping() = default;
  // The value under `key`; empty when unset.
  virtual std::string get(const std::string& key) const = 0;
  // Every key that starts with `prefix`, in key order.
  virtual std::vector<std::string> keys(const std::string& prefix) const = 0;
  // Sets (an empty value removes) a key. Throws RuntimeFailure on a read-only bookkeeping.
  virtual void set(const std::string& key, const std::string& value) = 0;
};

// The bookkeeping of the index at `index_path`, read-only and without the write lock (so that
// listing works while a crawl runs). Throws RuntimeFailure naming the path when there is no
// index (adding `no_index_hint`) or it cannot be opened.
std::unique_ptr<Bookkeeping> read_only_bookkeeping(const std::string& index_path, std::string_view no_index_hint);

// The bookkeeping of an open writer (newsdex's Indexer): anything with metadata(key),
// metadata_keys(prefix) and set_metadata(key, value).
template <typename Writer>
class WriterBookkeeping final : public Bookkeeping {
 public:
  explicit WriterBookkeeping(Writer& writer) : writer_(writer) {}
  std::string get(const std::string& key) const override { return writer_.metadata(key); }
  std::vector<std::string> keys(const std::string& prefix) const override { return writer_.metadata_keys(prefix); }
  void set(const std::string& key, const std::string& value) override { writer_.set_metadata(key, value); }

 private:
  Writer& writer_;
};

// One field of a record type: its name in the stored JSON and the member it is kept in.
template <typename Record, typename Value>
struct RecordField {
  const char* name;
  Value Record::*member;
};

namespace record_codec {

// Stored forms: plain values as JSON does; optional ones as null when absent; times as seconds
// since the epoch.
template <typename Value>
nlohmann::json stored(const Value& value) {
  return nlohmann::json(value);
}
inline nlohmann::json stored(const Timestamp& time) { return nlohmann::json(time.time_since_epoch().count()); }
template <typename Value>
nlohmann::json stored(const std::optional<Value>& value) {
  return value ? stored(*value) : nlohmann::json();
}

template <typename Value>
void load(const nlohmann::json& json, Value& value) {
  json.get_to(value);
}
inline void load(const nlohmann::json& json, Timestamp& time) {
  time = Timestamp(std::chrono::seconds(json.get<long long>()));
}
template <typename Value>
void load(const nlohmann::json& json, std::optional<Value>& value) {
  if (!json.is_number()) return;  // null: absent
  load(json, value.emplace());
}

}  // namespace record_codec

// What a record store needs of a record type; specialise it for each. A specialisation has
//   static constexpr std::string_view kKind;        // "feed": for messages
//   static constexpr std::string_view kNoIndexHint;  // how to make an index that has some
//   static std::string key_prefix();                 // of every record's key
//   static std::string key(const std::string& id);   // of the record with this id
//   static const std::string& id(const Record&);     // a record's id (the first field, required)
//   static constexpr auto kFields = std::tuple(RecordField<Record, ...>{...}, ...);
template <typename Record>
struct RecordTraits;

// The records of one type, each a JSON object under its key.
template <typename Record>
class RecordStore {
 public:
  using Traits = RecordTraits<Record>;

  // Read-write, through an open writer (an Indexer).
  template <typename Writer>
  static RecordStore writing(Writer& writer) {
    return RecordStore(std::make_unique<WriterBookkeeping<Writer>>(writer));
  }
  // Read-only, without the write lock.
  static RecordStore read_only(const std::string& index_path) {
    return RecordStore(read_only_bookkeeping(index_path, Traits::kNoIndexHint));
  }

  // Every record, ordered by id.
  std::vector<Record> list() const {
    std::vector<Record> records;
    for (const std::string& key : bookkeeping_->keys(Traits::key_prefix())) {
      records.push_back(decode(bookkeeping_->get(key)));
    }
    std::sort(records.begin(), records.end(),
              [](const Record& a, const Record& b) { return Traits::id(a) < Traits::id(b); });
    return records;
  }

  // The record with this id, if any.
  std::optional<Record> find(const std::string& id) const {
    const std::string stored = bookkeeping_->get(Traits::key(id));
    if (stored.empty()) return std::nullopt;
    return decode(stored);
  }

  // Adds or replaces the record with its id. REQUIRES: read-write.
  void save(const Record& record) { bookkeeping_->set(Traits::key(Traits::id(record)), encode(record)); }

  // Removes the record with this id; false when there was none. REQUIRES: read-write.
  bool remove(const std::string& id) {
    if (bookkeeping_->get(Traits::key(id)).empty()) return false;
    bookkeeping_->set(Traits::key(id), "");
    return true;
  }

  // The bookkeeping it keeps its records in, for what a record type keeps beside them.
  Bookkeeping& bookkeeping() const { return *bookkeeping_; }

  static std::string encode(const Record& record) {
    nlohmann::json json = nlohmann::json::object();
    std::apply([&](const auto&... field) { ((json[field.name] = record_codec::stored(record.*field.member)), ...); },
               Traits::kFields);
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  // Fields missing from an older record keep their defaults; the id must be there.
  static Record decode(const std::string& text) {
    try {
      const nlohmann::json json = nlohmann::json::parse(text);
      Record record;
      std::apply(
          [&](const auto&... field) {
            ((json.contains(field.name) ? record_codec::load(json[field.name], record.*field.member) : void()), ...);
          },
          Traits::kFields);
      json.at(std::get<0>(Traits::kFields).name);  // the id
      return record;
    } catch (const nlohmann::json::exception& error) {
      throw RuntimeFailure("corrupt " + std::string(Traits::kKind) + " record in the index: " + error.what());
    }
  }

 private:
  explicit RecordStore(std::unique_ptr<Bookkeeping> bookkeeping) : bookkeeping_(std::move(bookkeeping)) {}

  std::unique_ptr<Bookkeeping> bookkeeping_;
};

}  // namespace newsdex
