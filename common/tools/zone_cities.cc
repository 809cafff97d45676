// Writes the cities of the time zones of tzdata's zone.tab in other languages, as CLDR (through
// ICU) names them, for the gazetteer: "lang<TAB>code<TAB>name" lines, the format of
// country_translations.py. Chinese, Japanese and Korean names are written with an empty
// language (matched in every article, as those scripts cannot be mistaken for another
// language's words); other languages' only where they differ from the English name ("Moskau",
// "Токио"), so that "Phoenix" in German text stays what it is there.
//
// Usage: zone_cities ZONE_TAB OUTPUT LOCALE...   (a LOCALE written +ja is matched everywhere)
#include <unicode/locid.h>
#include <unicode/tznames.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Zone {
  std::string country;  // ISO 3166-1 alpha-2
  std::string id;       // "Asia/Tokyo"
};

std::vector<Zone> read_zones(const char* path) {
  std::ifstream file(path);
  std::vector<Zone> zones;
  for (std::string line; std::getline(file, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Zone zone;
    std::string coordinates;
    std::getline(fields, zone.country, '\t');
    std::getline(fields, coordinates, '\t');
    std::getline(fields, zone.id, '\t');
    // The zones of parts of American states ("America/Indiana/Knox") are named after small
    // towns that share their names with people.
    for (const char* part : {"America/Indiana/", "America/Kentucky/", "America/North_Dakota/"}) {
      if (zone.id.starts_with(part)) zone.id.clear();
    }
    if (!zone.id.empty()) zones.push_back(zone);
  }
  return zones;
}

std::string exemplar_city(const icu::TimeZoneNames& names, const std::string& zone) {
  icu::UnicodeString name;
  names.getExemplarLocationName(icu::UnicodeString::fromUTF8(zone), name);
  std::string utf8;
  name.toUTF8String(utf8);
  return utf8;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: zone_cities ZONE_TAB OUTPUT LOCALE...\n";
    return 2;
  }
  const std::vector<Zone> zones = read_zones(argv[1]);
  if (zones.empty()) {
    std::cerr << argv[1] << ": no time zones\n";
    return 1;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> english(icu::TimeZoneNames::createInstance(icu::Locale("en"), status));
  std::ofstream output(argv[2]);
  for (int i = 3; i < argc; ++i) {
    std::string locale = argv[i];
    const bool everywhere = locale.starts_with('+');
    if (everywhere) locale.erase(0, 1);
    std::unique_ptr<icu::TimeZoneNames> names(icu::TimeZoneNames::createInstance(icu::Locale(locale.c_str()), status));
    if (U_FAILURE(status)) {
      std::cerr << locale << ": no time zone names\n";
      return 1;
    }
    const std::string language = everywhere ? "" : locale.substr(0, locale.find('_'));
    for (const Zone& zone : zones) {
      const std::string name = exemplar_city(*names, zone.id);
      // Tabs and bars are the table's separators; commas join a town to its state.
      if (name.empty() || name.find_first_of("\t|,") != std::string::npos) continue;
      if (!everywhere && name == exemplar_city(*english, zone.id)) continue;
      output << language << '\t' << zone.country << '\t' << name << '\n';
    }
  }
  return output ? 0 : 1;
}
