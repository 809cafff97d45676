#include "newsdex/enum_names.h"

#include <gtest/gtest.h>

namespace newsdex {
namespace {

enum class Shade { kLight, kDark, kNone };
constexpr EnumNames<Shade, 2> kShadeNames = {{{Shade::kLight, "light"}, {Shade::kDark, "dark"}}};

TEST(EnumNames, ReadsTheTableBothWays) {
  static_assert(name_of(kShadeNames, Shade::kDark) == "dark");
  EXPECT_EQ(name_of(kShadeNames, Shade::kNone), "");
  EXPECT_EQ(value_named(kShadeNames, "light"), Shade::kLight);
  EXPECT_EQ(value_named(kShadeNames, "Light"), std::nullopt);  // names are exact
  EXPECT_EQ(value_named_or_throw(kShadeNames, "dark", "shade"), Shade::kDark);
}

TEST(EnumNames, AnUnknownNameIsRefusedWithEveryKnownOne) {
  try {
    value_named_or_throw(kShadeNames, "grey", "shade");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "unknown shade 'grey' (expected light or dark)");
  }
}

}  // namespace
}  // namespace newsdex
