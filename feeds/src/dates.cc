#include "dates.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/text.h"

namespace newsdex::feeds {
namespace {

struct MonthName {
  std::string_view name;   // folded: lower case, no accents
  std::string_view month;  // RFC 822 abbreviation
};

// Month names of the languages newsdex meets most in feeds, folded, a language a group. English
// abbreviations are left to curl, which reads them already.
// clang-format off
constexpr std::array kMonthNames = std::to_array<MonthName>({
    {"january", "Jan"},   {"february", "Feb"}, {"march", "Mar"},     {"april", "Apr"},    {"june", "Jun"},
    {"july", "Jul"},      {"august", "Aug"},   {"september", "Sep"}, {"sept", "Sep"},     {"october", "Oct"},
    {"november", "Nov"},  {"december", "Dec"},
    {"janvier", "Jan"},   {"fevrier", "Feb"},  {"mars", "Mar"},      {"avril", "Apr"},    {"mai", "May"},
    {"juin", "Jun"},      {"juillet", "Jul"},  {"aout", "Aug"},      {"septembre", "Sep"}, {"octobre", "Oct"},
    {"novembre", "Nov"},  {"decembre", "Dec"},
    {"januar", "Jan"},    {"februar", "Feb"},  {"marz", "Mar"},      {"juni", "Jun"},     {"juli", "Jul"},
    {"oktober", "Oct"},   {"dezember", "Dec"}, {"okt", "Oct"},       {"dez", "Dec"},      {"mrz", "Mar"},
    {"mar", "Mar"},  // German Mär as folded
    {"enero", "Jan"},     {"febrero", "Feb"},  {"marzo", "Mar"},     {"abril", "Apr"},    {"mayo", "May"},
    {"junio", "Jun"},     {"julio", "Jul"},    {"agosto", "Aug"},    {"septiembre", "Sep"}, {"octubre", "Oct"},
    {"noviembre", "Nov"}, {"diciembre", "Dec"},
    {"gennaio", "Jan"},   {"febbraio", "Feb"}, {"aprile", "Apr"},    {"maggio", "May"},   {"giugno", "Jun"},
    {"luglio", "Jul"},    {"settembre", "Sep"}, {"ottobre", "Oct"},  {"dicembre", "Dec"},
    {"janeiro", "Jan"},   {"fevereiro", "Feb"}, {"maio", "May"},     {"junho", "Jun"},    {"julho", "Jul"},
    {"outubro", "Oct"},   {"dezembro", "Dec"},
    // abbreviations: Spanish, Portuguese, Italian, French, Dutch, Turkish, Russian
    {"ene", "Jan"},       {"abr", "Apr"},      {"ago", "Aug"},       {"dic", "Dec"},      {"fev", "Feb"},
    {"set", "Sep"},       {"out", "Oct"},      {"gen", "Jan"},       {"mag", "May"},      {"giu", "Jun"},
    {"lug", "Jul"},       {"ott", "Oct"},      {"janv", "Jan"},      {"fevr", "Feb"},     {"avr", "Apr"},
    {"juil", "Jul"},      {"mrt", "Mar"},      {"mei", "May"},       {"oca", "Jan"},      {"sub", "Feb"},
    {"nis", "Apr"},       {"haz", "Jun"},      {"tem", "Jul"},       {"agu", "Aug"},      {"eyl", "Sep"},
    {"eki", "Oct"},       {"kas", "Nov"},      {"ara", "Dec"},
    {"янв", "Jan"},       {"фев", "Feb"},      {"мар", "Mar"},       {"апр", "Apr"},      {"мая", "May"},
    {"маи", "May"},  /* май */ {"июн", "Jun"},      {"июл", "Jul"},       {"авг", "Aug"},      {"сен", "Sep"},
    {"сент", "Sep"},      {"окт", "Oct"},      {"ноя", "Nov"},       {"дек", "Dec"},
    // Russian and Polish in the genitive, as a date writes them ("15 марта 2023", "15 marca")
    {"января", "Jan"},    {"февраля", "Feb"},  {"марта", "Mar"},     {"апреля", "Apr"},   {"июня", "Jun"},
    {"июля", "Jul"},      {"августа", "Aug"},  {"сентября", "Sep"},  {"октября", "Oct"},  {"ноября", "Nov"},
    {"декабря", "Dec"},   {"stycznia", "Jan"}, {"lutego", "Feb"},    {"marca", "Mar"},    {"kwietnia", "Apr"},
    {"maja", "May"},      {"czerwca", "Jun"},  {"lipca", "Jul"},     {"sierpnia", "Aug"}, {"wrzesnia", "Sep"},
    {"pazdziernika", "Oct"}, {"listopada", "Nov"}, {"grudnia", "Dec"},
});
// clang-format on

// Day names carry no information a date needs and curl knows only English ones: dropped. A
// language a line.
// clang-format off
constexpr std::array<std::string_view, 42> kDayNames = {
    "monday",   "tuesday", "wednesday", "thursday", "friday",   "saturday", "sunday",
    "lundi",    "mardi",   "mercredi",  "jeudi",    "vendredi", "samedi",   "dimanche",
    "montag",   "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "lunes",    "martes",  "miercoles", "jueves",   "viernes",  "sabado",   "domingo",
    "lun",      "mar",     "mer",       "jeu",      "ven",      "sam",      "dim",
    "mo",       "di",      "mi",        "do",       "fr",       "sa",       "so"};
// clang-format on

bool is_day_name(std::string_view word) {
  for (auto day : kDayNames) {
    if (word == day) return true;
  }
  return false;
}

// Rewrites month names to RFC 822 abbreviations and drops day names and "," so that curl's
// lenient RFC 822 parser can read the rest.
std::string normalise(std::string_view text) {
  std::string out;
  size_t pos = 0;
  for (const Word& word : split_words(text)) {
    out.append(text.substr(pos, word.offset - pos));
    pos = word.offset + word.text.size();
    const std::string folded = fold_for_matching(word.text);
    std::string_view replacement = word.text;
    // "mar" is Tuesday in French but March in English and German ("Mär"): a day name only where
    // a date's day name stands, first and followed by "." or ",".
    const char after = pos < text.size() ? text[pos] : ' ';
    const bool is_month = std::any_of(kMonthNames.begin(), kMonthNames.end(),
                                      [&](const MonthName& month) { return month.name == folded; });
    // A first word before a comma that is no month is a day's name in some language ("Qua,",
    // "jue.,", "Pzt,"): RFC 822's layout, whatever the language.
    const bool unlisted_day_name = !is_month && (after == ',' || text.substr(pos).starts_with(".,")) &&
                                   std::all_of(folded.begin(), folded.end(), [](char c) { return !std::isdigit(
                                                                                                static_cast<unsigned char>(c)); });
    const bool first_day_name =
        word.offset == 0 &&
        ((is_day_name(folded) && (folded != "mar" || after == '.' || after == ',')) || unlisted_day_name);
    bool replaced = first_day_name;
    if (first_day_name) replacement = "";
    for (const auto& month : kMonthNames) {
      if (replaced) break;
      if (folded == month.name) {
        replacement = month.month;
        replaced = true;
      }
    }
    if (!replaced && is_day_name(folded) && folded != "mar") replacement = "";
    out.append(replacement);
  }
  out.append(text.substr(pos));
  for (char& c : out) {
    if (c == ',') c = ' ';
  }
  return collapse_whitespace(out);
}

// "2003-12" and "2003": W3CDTF partial dates, read as their first day.
std::optional<Timestamp> parse_partial_date(std::string_view text) {
  if (text.size() == 4 && std::all_of(text.begin(), text.end(), ::isdigit)) {
    return parse_rfc3339(std::string(text) + "-01-01");
  }
  if (text.size() == 7 && text[4] == '-') return parse_rfc3339(std::string(text) + "-01");
  return std::nullopt;
}

// ISO 8601 as some generators and form encoders mangle it: "2005-5-28 16:05:36" (month and day
// not padded, a space for the T, no zone: UTC, as feed readers take it) and
// "2011-09-16T08:00:00 00:00" (the offset's "+" decoded to a space), "2024-03-05 09:03:00 +0100"
// (a space before the offset). Only these whole shapes.
std::optional<Timestamp> parse_loose_iso_date(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &used) != 3 || used < 8) return std::nullopt;
  std::string_view rest = std::string_view(text).substr(static_cast<size_t>(used));
  if (!rest.empty()) {
    if (rest[0] != ' ' && rest[0] != 'T') return std::nullopt;
    const std::string clock(rest.substr(1));
    int clock_used = 0;
    if (std::sscanf(clock.c_str(), "%2d:%2d%n", &hour, &minute, &clock_used) != 2) return std::nullopt;
    if (clock[static_cast<size_t>(clock_used)] == ':') {
      int seconds_used = 0;
      if (std::sscanf(clock.c_str() + clock_used, ":%2d%n", &second, &seconds_used) != 1) return std::nullopt;
      clock_used += seconds_used;
      // A fraction of a second ("09:30:00.000 05:30"): read past, as RFC 3339 readers do.
      if (clock[static_cast<size_t>(clock_used)] == '.') {
        ++clock_used;
        while (std::isdigit(static_cast<unsigned char>(clock[static_cast<size_t>(clock_used)]))) ++clock_used;
      }
    }
    rest = rest.substr(1 + static_cast<size_t>(clock_used));
  }
  std::string zone(rest.empty() ? "Z" : rest);
  const bool offset_lost_its_plus = zone.size() == 6 && zone[0] == ' ' && zone[3] == ':';
  if (offset_lost_its_plus) zone[0] = '+';
  // "2024-03-05 09:03:00 +0100": a space before the offset, and perhaps no colon in it.
  if (zone.size() >= 2 && zone[0] == ' ' && (zone[1] == '+' || zone[1] == '-')) zone.erase(0, 1);
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') && std::all_of(zone.begin() + 1, zone.end(), ::isdigit))
    zone.insert(3, ":");
  char formatted[40];
  std::snprintf(formatted, sizeof formatted, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
  return parse_rfc3339(formatted + zone);
}

// Zones curl does not know, as news sites write them (ambiguous ones, such as IST, left out).
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kZones = {
    {{"MSK", "+0300"},  {"MSD", "+0400"}, {"AEST", "+1000"}, {"AEDT", "+1100"}, {"ACST", "+0930"}, {"ACDT", "+1030"},
     {"AWST", "+0800"}, {"SGT", "+0800"}, {"HKT", "+0800"},  {"KST", "+0900"},  {"PHT", "+0800"},  {"WIB", "+0700"},
     {"ICT", "+0700"},  {"PKT", "+0500"}, {"EAT", "+0300"},  {"SAST", "+0200"}, {"TRT", "+0300"},  {"BRT", "-0300"},
     {"ART", "-0300"},  {"CLT", "-0400"}, {"EEST", "+0300"}, {"WEST", "+0100"}}};

// The zone of an RFC 822 date written as "+hh:mm", "UTC+1", "GMT+05:30" or a name curl does
// not know ("MSK"), rewritten as "+hhmm", which it reads. (curl takes "UTC+1" as UTC and the
// date an hour off.)
std::string with_numeric_zone(const std::string& text) {
  const size_t space = text.rfind(' ');
  if (space == std::string::npos) return text;
  const std::string head = text.substr(0, space + 1);
  std::string zone = text.substr(space + 1);
  for (const auto& [name, offset] : kZones) {
    if (zone == name) return head + std::string(offset);
  }
  const bool after_utc = zone.starts_with("UTC") || zone.starts_with("GMT");
  if (after_utc) zone.erase(0, 3);
  if (zone.size() < 2 || (zone[0] != '+' && zone[0] != '-')) return text;
  int hours = 0, minutes = 0, used = 0;
  if (std::sscanf(zone.c_str() + 1, "%2d%n", &hours, &used) != 1) return text;
  std::string_view rest = std::string_view(zone).substr(1 + static_cast<size_t>(used));
  const bool colon = rest.starts_with(':');
  if (colon) rest.remove_prefix(1);
  if (!after_utc && !colon) return text;  // "+0100": curl reads it as it is
  if (!rest.empty() && (rest.size() != 2 || !std::isdigit(static_cast<unsigned char>(rest[0])) ||
                        !std::isdigit(static_cast<unsigned char>(rest[1]))))
    return text;
  if (!rest.empty()) minutes = (rest[0] - '0') * 10 + (rest[1] - '0');
  if (hours > 14 || minutes > 59) return text;
  char numeric[32];  // room for any int, which the compiler cannot rule out
  std::snprintf(numeric, sizeof numeric, "%c%02d%02d", zone[0], hours, minutes);
  return head + numeric;
}

// Numeric dates without a zone (UTC, as feed readers take them) in the two orders that cannot be
// misread: "05.03.2024 09:03" (day first, as German and most of Europe write it with dots) and
// "2024/03/05 09:03:00" (year first). "03/05/2024" is left alone: March or May.
std::optional<Timestamp> parse_numeric_date(const std::string& text) {
  int first = 0, second = 0, third = 0, used = 0;
  std::string_view rest;
  bool day_first = false;
  if (std::sscanf(text.c_str(), "%2d.%2d.%4d%n", &first, &second, &third, &used) == 3 && third >= 1000) {
    day_first = true;
  } else if (used = 0;
             !(std::sscanf(text.c_str(), "%4d/%2d/%2d%n", &first, &second, &third, &used) == 3 && first >= 1000)) {
    return std::nullopt;
  }
  rest = std::string_view(text).substr(static_cast<size_t>(used));
  int hour = 0, minute = 0, seconds = 0, clock_used = 0;
  if (!rest.empty()) {
    const std::string clock(rest);
    if (std::sscanf(clock.c_str(), " %2d:%2d:%2d%n", &hour, &minute, &seconds, &clock_used) != 3) {
      clock_used = 0;
      if (std::sscanf(clock.c_str(), " %2d:%2d%n", &hour, &minute, &clock_used) != 2) return std::nullopt;
    }
    if (static_cast<size_t>(clock_used) != clock.size()) return std::nullopt;
  }
  const int year = day_first ? third : first, month = second, day = day_first ? first : third;
  char formatted[40];
  std::snprintf(formatted, sizeof formatted, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, seconds);
  return parse_rfc3339(formatted);
}

// True when an RFC 822-like date in English names a day its month does not have ("30 Feb 2024",
// "Apr 31 2024"): curl reads it as a day of the next month, a date the feed never wrote. A month
// is any start of its English name of three letters or more ("Sep", "Sept", "September").
bool names_a_missing_day(std::string_view date) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const auto number = [](std::string_view word, size_t digits) {
    int value = 0;
    if (word.empty() || word.size() > digits) return -1;
    for (char c : word) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  };
  std::vector<std::string> words;
  for (const Word& word : split_words(date)) words.push_back(lower_case(word.text));
  int year = -1;
  for (const std::string& word : words) {
    if (word.size() == 4 && (year = number(word, 4)) >= 0) break;
  }
  for (size_t i = 0; i < words.size() && year >= 0; ++i) {
    const std::string& word = words[i];
    const auto month = std::find_if(kMonths.begin(), kMonths.end(),
                                    [&](std::string_view name) { return word.size() >= 3 && name.starts_with(word); });
    if (month == kMonths.end()) continue;
    int day = i > 0 ? number(words[i - 1], 2) : -1;
    if (day < 0 && i + 1 < words.size()) day = number(words[i + 1], 2);
    if (day < 1) return false;
    const std::chrono::year_month_day written{std::chrono::year(year),
                                              std::chrono::month(static_cast<unsigned>(month - kMonths.begin() + 1)),
                                              std::chrono::day(static_cast<unsigned>(day))};
    return !written.ok();
  }
  return false;
}

// A date without the comment at its end that RFC 822 allows and JavaScript's Date.toString
// writes ("07:05:00 GMT+0100 (Central European Standard Time)"): the zone is before it.
std::string_view without_trailing_comment(std::string_view date) {
  const size_t open = date.rfind(" (");
  if (!date.ends_with(')') || open == std::string_view::npos) return date;
  return trim(date.substr(0, open));
}

std::optional<Timestamp> read_any_date(std::string_view input) {
  const std::string text(without_trailing_comment(trim(input)));
  if (text.empty()) return std::nullopt;
  if (auto time = parse_rfc3339(text)) return time;
  // A zone offset cut short by one digit ("+00:0"), as some generators write it.
  if (text.size() > 5 && text[text.size() - 2] == ':' &&
      (text[text.size() - 5] == '+' || text[text.size() - 5] == '-')) {
    if (auto time = parse_rfc3339(text + "0")) return time;
  }
  if (auto time = parse_partial_date(text)) return time;
  if (auto time = parse_loose_iso_date(text)) return time;
  if (auto time = parse_numeric_date(text)) return time;
  // RFC 822 and its variants: curl_getdate is the lenient parser HTTP clients rely on. Most
  // feeds write plain English RFC 822, which it reads as it is.
  const std::string zoned = with_numeric_zone(text);
  if (const time_t seconds = curl_getdate(zoned.c_str(), nullptr); seconds != -1) {
    if (names_a_missing_day(zoned)) return std::nullopt;
    return Timestamp(std::chrono::seconds(seconds));
  }
  std::string normalised = normalise(zoned);
  if (names_a_missing_day(normalised)) return std::nullopt;
  // A 12-hour clock ("02:02:33 PM"), which curl does not read: the afternoon adds 12 hours.
  int add_hours = 0;
  for (std::string_view meridiem : {" PM", " pm", " AM", " am"}) {
    if (const size_t at = normalised.find(meridiem); at != std::string::npos && at + 3 >= normalised.size() - 6) {
      normalised.erase(at, 3);
      const size_t colon = normalised.find(':');
      const int hour =
          colon != std::string::npos && colon >= 2 ? std::atoi(normalised.substr(colon - 2, 2).c_str()) : 0;
      if (meridiem[1] == 'P' || meridiem[1] == 'p')
        add_hours = hour == 12 ? 0 : 12;
      else
        add_hours = hour == 12 ? -12 : 0;
      break;
    }
  }
  const time_t seconds = curl_getdate(normalised.c_str(), nullptr);
  if (seconds == -1) return std::nullopt;
  return Timestamp(std::chrono::seconds(seconds) + std::chrono::hours(add_hours));
}

}  // namespace

std::optional<Timestamp> parse_feed_date(std::string_view input) {
  // Years past 9999 (fuzzing found "sept. 17490") cannot be written in RFC 3339, newsdex's
  // stored form, and no news was published before 1000: such a date is a wrong one.
  static const Timestamp earliest = *parse_rfc3339("1000-01-01T00:00:00Z");
  static const Timestamp latest = *parse_rfc3339("9999-12-31T23:59:59Z");
  const std::optional<Timestamp> time = read_any_date(input);
  if (!time || *time < earliest || *time > latest) return std::nullopt;
  return time;
}

}  // namespace newsdex::feeds
