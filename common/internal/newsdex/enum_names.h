// An enum's values and their names in one table, read both ways (internal). The names are those
// of docs/json.md's options and JSON, so each table is the one place a name is spelled.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "newsdex/error.h"

namespace newsdex {

template <typename Enum, size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; empty for a value the table lacks.
template <typename Enum, size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return {};
}

// The value called `name`, if any.
template <typename Enum, size_t N>
constexpr std::optional<Enum> value_named(const EnumNames<Enum, N>& names, std::string_view name) {
  for (const auto& [value, known] : names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

// The value called `name`; else throws InputError: "unknown KIND 'NAME' (expected a, b or c)".
template <typename Enum, size_t N>
Enum value_named_or_throw(const EnumNames<Enum, N>& names, std::string_view name, std::string_view kind) {
  if (const std::optional<Enum> value = value_named(names, name)) return *value;
  std::string expected;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) expected += i + 1 == N ? " or " : ", ";
    expected += names[i].second;
  }
  throw InputError("unknown " + std::string(kind) + " '" + std::string(name) + "' (expected " + expected + ")");
}

}  // namespace newsdex
