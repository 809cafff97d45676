// Writes the names CLDR (through ICU) gives every country in other languages, for the gazetteer:
// "lang<TAB>code<TAB>name|name" lines, the format of country_translations.py. iso-codes'
// catalogues translate the formal names ("Federación Rusa", "Ruská federace", "Russie,
// Fédération de"); CLDR has the everyday ones news writes ("Rusia", "Rusko"), and short forms
// ("EE. UU."). A name shared by two countries in a language ("Congo") is left out, and so is a
// bracketed part ("Myanmar (Birmania)", "RAE de Hong Kong (China)"): it may be another country.
//
// Usage: cldr_country_names ISO_3166_JSON OUTPUT LOCALE...
#include <unicode/locdspnm.h>
#include <unicode/locid.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::string> iso_codes(const char* path) {
  std::ifstream file(path);
  std::vector<std::string> codes;
  try {
    const nlohmann::json iso = nlohmann::json::parse(file);
    for (const auto& country : iso.at("3166-1")) codes.push_back(country.at("alpha_2"));
  } catch (const nlohmann::json::exception& error) {
    std::cerr << path << ": " << error.what() << '\n';
  }
  return codes;
}

std::string region_name(const icu::LocaleDisplayNames& names, const std::string& code) {
  icu::UnicodeString name;
  names.regionDisplayName(code.c_str(), name);
  std::string utf8;
  name.toUTF8String(utf8);
  // A bracket that ends the name is another name for it, or its sovereign ("Myanmar (Birmania)",
  // "RAE de Hong Kong (China)"); one inside it is part of it ("Kókusz (Keeling)-szigetek").
  if (utf8.ends_with(")")) utf8.erase(utf8.rfind(" ("));
  // ICU answers the code itself where its data has no name; two letters are rather another
  // country's code (Spanish "RU", Reino Unido) than its name. Tabs and bars are the table's
  // separators, and a comma marks an inverted formal name.
  constexpr size_t kShortestName = 3;  // bytes
  if (utf8.size() < kShortestName || utf8.find_first_of("\t|,()") != std::string::npos) return {};
  // A saint's name alone names people, streets and towns far more often than an island
  // ("Flavio Arce San Martín"; Santa Lucía, Sainte-Hélène): iso-codes' names of these stay.
  for (std::string_view saint : {"San", "Santa", "Santo", "São", "Saint", "Sainte", "St.", "Sankt", "Sant", "Sint",
                                 "Sveti", "Sveta", "Svatý", "Svätý", "Święty"}) {
    if (utf8.size() > saint.size() && utf8.starts_with(saint) &&
        (utf8[saint.size()] == ' ' || utf8[saint.size()] == '-') &&
        utf8.find_first_of(" -", saint.size() + 1) == std::string::npos)
      return {};
  }
  // Names that are more often something else in the languages that give them: Salvador, Brazil's
  // fourth city and a given name; Portuguese "Reunião", a meeting; Norwegian "Man", "one".
  for (std::string_view other : {"Salvador", "Reunião", "Man"}) {
    if (utf8 == other) return {};
  }
  return utf8;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: cldr_country_names ISO_3166_JSON OUTPUT LOCALE...\n";
    return 2;
  }
  const std::vector<std::string> codes = iso_codes(argv[1]);
  if (codes.empty()) {
    std::cerr << argv[1] << ": no countries\n";
    return 1;
  }
  std::ofstream output(argv[2]);
  for (int i = 3; i < argc; ++i) {
    const std::string locale_name = argv[i];  // "pt_PT": European Portuguese, written as "pt"
    const std::string language = locale_name.substr(0, locale_name.find('_'));
    const icu::Locale locale(locale_name.c_str());
    std::map<std::string, std::vector<std::string>> names_by_code;
    std::map<std::string, std::set<std::string>> codes_by_name;
    for (UDisplayContext length : {UDISPCTX_LENGTH_FULL, UDISPCTX_LENGTH_SHORT}) {
      std::unique_ptr<icu::LocaleDisplayNames> names(icu::LocaleDisplayNames::createInstance(locale, &length, 1));
      if (!names) {
        std::cerr << language << ": ICU has no display names\n";
        return 1;
      }
      for (const std::string& code : codes) {
        const std::string name = region_name(*names, code);
        if (name.empty() || !codes_by_name[name].insert(code).second) continue;
        names_by_code[code].push_back(name);
      }
    }
    for (const auto& [code, names] : names_by_code) {
      std::string line;
      for (const std::string& name : names) {
        if (codes_by_name[name].size() == 1) line += (line.empty() ? "" : "|") + name;
      }
      if (!line.empty()) output << language << '\t' << code << '\t' << line << '\n';
    }
  }
  return output ? 0 : 1;
}
