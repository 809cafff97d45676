// Times in newsdex are UTC seconds since the epoch; text forms are RFC 3339 (docs/json.md).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

// A point in time, UTC, to the second.
using Timestamp = std::chrono::sys_seconds;

// "2022-09-20T13:14:00Z".
std::string format_rfc3339(Timestamp time);

// "2022-09": the month a time falls in, as the month facet and timeline name it.
std::string format_month(Timestamp time);

// "2022-09-20": the day (UTC) a time falls in.
std::string format_day(Timestamp time);

// Parses an RFC 3339 time ("2022-09-20T17:14:00+04:00", fractional seconds ignored) or a bare
// date ("2022-09-20", taken as midnight UTC). Returns nothing when the text is neither.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

// A span of time: "12h", "7d", "2w", "3mo" (a twelfth of an average year each), "1y"; nothing
// for other text.
std::optional<std::chrono::seconds> parse_span(std::string_view text);

// Which end of a time range a bound is: a bare date as an upper bound means the whole day.
enum class RangeEnd { kLower, kUpper };

// Parses a --since/--until value: a date or RFC 3339 time, or a span back from `now`:
// "12h", "7d", "2w", "3mo", "1y" (docs/json.md). A bare date is midnight UTC as a lower bound and
// the day's last second as an upper bound. Throws InputError naming the value otherwise.
Timestamp parse_time_bound(std::string_view text, Timestamp now, RangeEnd end = RangeEnd::kLower);

// The current time, to the second.
Timestamp now_utc();

}  // namespace newsdex
