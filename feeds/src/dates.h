// Dates as feeds write them (internal).
#pragma once

#include <optional>
#include <string_view>

#include "newsdex/time.h"

namespace newsdex::feeds {

// Parses a feed date: RFC 3339 / ISO 8601 / W3CDTF (partial dates too: "2003-12", "2003"; mangled
// ones: "2005-5-28 16:05:36" as UTC, "2011-09-16T08:00:00 00:00" with its "+" lost), and
// RFC 822/1123 with its real-world variants (no day name or seconds, two-digit years, named and
// military zones, full or lower-case month names, English, French, German, Spanish, Italian,
// Portuguese and Dutch month and day names). Nothing when the text is not a date: a wrong date
// is worse than none.
std::optional<Timestamp> parse_feed_date(std::string_view text);

}  // namespace newsdex::feeds
