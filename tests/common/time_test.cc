#include "newsdex/time.h"

#include <gtest/gtest.h>

#include "newsdex/error.h"

namespace newsdex {
namespace {

TEST(Rfc3339, ParsesZonesAndFormatsUtc) {
  auto time = parse_rfc3339("2022-09-20T17:14:00+04:00");
  ASSERT_TRUE(time);
  EXPECT_EQ(format_rfc3339(*time), "2022-09-20T13:14:00Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2022-09-20T13:14:00.123Z")), "2022-09-20T13:14:00Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2022-09-20")), "2022-09-20T00:00:00Z");
  EXPECT_EQ(format_month(*time), "2022-09");
}

TEST(Rfc3339, RejectsWhatIsNotADate) {
  EXPECT_FALSE(parse_rfc3339("yesterday"));
  EXPECT_FALSE(parse_rfc3339("2022-13-01"));
  EXPECT_FALSE(parse_rfc3339("2022-02-30"));
  EXPECT_FALSE(parse_rfc3339("2022-09-20T25:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2022-09-20Tjunk"));
}

TEST(TimeBound, AcceptsSpansBackFromNow) {
  const Timestamp now = *parse_rfc3339("2024-03-10T12:00:00Z");
  EXPECT_EQ(format_rfc3339(parse_time_bound("12h", now)), "2024-03-10T00:00:00Z");
  EXPECT_EQ(format_rfc3339(parse_time_bound("7d", now)), "2024-03-03T12:00:00Z");
  EXPECT_EQ(format_rfc3339(parse_time_bound("2w", now)), "2024-02-25T12:00:00Z");
  EXPECT_LT(parse_time_bound("1y", now), parse_time_bound("3mo", now));
  EXPECT_EQ(format_rfc3339(parse_time_bound("2022-09-20", now)), "2022-09-20T00:00:00Z");
  EXPECT_EQ(format_rfc3339(parse_time_bound("2022-09-20", now, RangeEnd::kUpper)), "2022-09-20T23:59:59Z")
      << "a date as an upper bound is the whole day";
  EXPECT_EQ(format_rfc3339(parse_time_bound("2022-09-20T10:00:00Z", now, RangeEnd::kUpper)), "2022-09-20T10:00:00Z");
}

TEST(TimeBound, RejectsOtherTextWithInputError) {
  const Timestamp now = now_utc();
  EXPECT_THROW(parse_time_bound("7 days", now), InputError);
  EXPECT_THROW(parse_time_bound("-3d", now), InputError);
  EXPECT_THROW(parse_time_bound("", now), InputError);
}

}  // namespace
}  // namespace newsdex
