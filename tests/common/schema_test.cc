#include "newsdex/schema.h"

#include <gtest/gtest.h>

namespace newsdex::schema {
namespace {

TEST(Schema, EqualSetsGetEqualSetValues) {
  // Facets count each distinct set value once: order must not split one set in two.
  EXPECT_EQ(join_set({"TR", "AZ"}), "AZ TR");
  EXPECT_EQ(join_set({"AZ", "TR"}), join_set({"TR", "AZ"}));
  EXPECT_EQ(join_set({}), "");
}

TEST(Schema, SetValuesSplitBackIntoTheirCodes) {
  EXPECT_EQ(split_set(join_set({"science-technology", "economy-business-finance"})),
            (std::vector<std::string>{"economy-business-finance", "science-technology"}));
  EXPECT_EQ(split_set("GB"), std::vector<std::string>{"GB"});
  EXPECT_TRUE(split_set("").empty());
}

TEST(Schema, TimesRoundTripThroughTheirSortableEncoding) {
  const Timestamp early{std::chrono::seconds(1663679640)};
  const Timestamp late = early + std::chrono::seconds(1);
  EXPECT_EQ(decode_time(encode_time(early)), early);
  EXPECT_LT(encode_time(early), encode_time(late));  // string order is time order, for sorting
  EXPECT_FALSE(decode_time(""));
}

}  // namespace
}  // namespace newsdex::schema
