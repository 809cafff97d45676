#include "newsdex/time.h"

#include <charconv>
#include <cstdio>

#include "newsdex/error.h"

namespace newsdex {
namespace {

using namespace std::chrono;

// Reads exactly `width` digits at `pos`, advancing it; nothing when they are not all digits.
std::optional<int> read_digits(std::string_view text, size_t& pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + width, value);
  if (error != std::errc() || end != text.data() + pos + width) return std::nullopt;
  pos += width;
  return value;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && (text[pos] == c || (c == 'T' && (text[pos] == 't' || text[pos] == ' ')))) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::string format_rfc3339(Timestamp time) {
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()), unsigned(date.month()),
                unsigned(date.day()), int(clock.hours().count()), int(clock.minutes().count()),
                int(clock.seconds().count()));
  return buffer;
}

std::string format_month(Timestamp time) {
  const year_month_day date{floor<days>(time)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", int(date.year()), unsigned(date.month()));
  return buffer;
}

std::string format_day(Timestamp time) {
  const year_month_day date{floor<days>(time)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                unsigned(date.day()));
  return buffer;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  size_t pos = 0;
  auto year = read_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  auto month = read_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  auto day = read_digits(text, pos, 2);
  if (!day) return std::nullopt;
  const year_month_day date{std::chrono::year{*year}, std::chrono::month(unsigned(*month)),
                            std::chrono::day(unsigned(*day))};
  if (!date.ok()) return std::nullopt;
  Timestamp result{sys_days{date}};
  if (pos == text.size()) return result;

  if (!expect(text, pos, 'T')) return std::nullopt;
  auto hour = read_digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  auto minute = read_digits(text, pos, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (expect(text, pos, ':')) {
    auto parsed = read_digits(text, pos, 2);
    if (!parsed) return std::nullopt;
    second = *parsed;
  }
  if (*hour > 23 || *minute > 59 || second > 60) return std::nullopt;
  if (expect(text, pos, '.')) {
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  }
  result += hours(*hour) + minutes(*minute) + seconds(std::min(second, 59));

  if (pos == text.size()) return result;  // no zone: read as UTC
  if (text[pos] == 'Z' || text[pos] == 'z') return pos + 1 == text.size() ? std::optional(result) : std::nullopt;
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  auto offset_hours = read_digits(text, pos, 2);
  if (!offset_hours) return std::nullopt;
  expect(text, pos, ':');
  auto offset_minutes = read_digits(text, pos, 2);
  if (!offset_minutes || pos != text.size()) return std::nullopt;
  return result - sign * (hours(*offset_hours) + minutes(*offset_minutes));
}

std::optional<seconds> parse_span(std::string_view text) {
  long amount = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), amount);
  const std::string_view unit(end, text.data() + text.size() - end);
  if (error != std::errc() || end == text.data() || amount < 0 || amount >= 100000) return std::nullopt;
  if (unit == "h") return hours(amount);
  if (unit == "d") return days(amount);
  if (unit == "w") return weeks(amount);
  if (unit == "mo") return floor<seconds>(months(amount));
  if (unit == "y") return floor<seconds>(years(amount));
  return std::nullopt;
}

Timestamp parse_time_bound(std::string_view text, Timestamp now, RangeEnd range_end) {
  if (auto time = parse_rfc3339(text)) {
    const bool bare_date = text.size() == 10;  // "2022-09-30"
    return bare_date && range_end == RangeEnd::kUpper ? *time + days(1) - seconds(1) : *time;
  }
  if (auto span = parse_span(text)) return now - *span;
  throw InputError("invalid date '" + std::string(text) +
                   "': expected YYYY-MM-DD, an RFC 3339 time, or a span such as 12h, 7d, 2w, 3mo, 1y");
}

Timestamp now_utc() { return floor<seconds>(system_clock::now()); }

}  // namespace newsdex
