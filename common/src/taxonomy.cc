#include "newsdex/taxonomy.h"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "newsdex/error.h"
#include "newsdex/text.h"

namespace newsdex {
namespace embedded {
extern const std::string_view kIso3166Json;
extern const std::string_view kCountryAliases;
}  // namespace embedded

namespace {

constexpr std::array<std::string_view, 17> kTopicSlugs = {
    "arts-culture-entertainment-media", "crime-law-justice", "disaster-accident-emergency",
    "economy-business-finance", "education", "environment", "health", "human-interest", "labour",
    "lifestyle-leisure", "politics", "religion", "science-technology", "society", "sport",
    "conflict-war-peace", "weather"};

std::vector<std::string> folded_words_of(std::string_view name) {
  std::vector<std::string> words;
  for (const Word& word : split_words(name)) words.push_back(fold_for_matching(word.text));
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) {
    if (!joined.empty()) joined.push_back(' ');
    joined += word;
  }
  return joined;
}

// Upper-case aliases are abbreviations ("US", "U.K.", "UAE"): matching them in any case would
// read the pronoun "us" as the United States.
bool is_abbreviation(std::string_view alias) {
  bool has_letter = false;
  for (const Word& word : split_words(alias)) {
    for (char c : word.text) {
      if (c >= 'a' && c <= 'z') return false;
      has_letter = true;
    }
  }
  return has_letter;
}

}  // namespace

std::span<const std::string_view> topic_slugs() { return kTopicSlugs; }

bool is_topic_slug(std::string_view slug) {
  return std::find(kTopicSlugs.begin(), kTopicSlugs.end(), slug) != kTopicSlugs.end();
}

Gazetteer::Gazetteer(std::string_view iso_3166_json, std::string_view alias_table) {
  std::set<std::pair<std::string, std::string>> seen;  // (joined words, code)
  std::map<std::string, std::set<std::string>> codes_by_name;
  auto add_name = [&](const std::string& code, std::string_view name) {
    name = trim(name);
    if (name.starts_with("the ")) name.remove_prefix(4);
    CountryName entry{code, folded_words_of(name), {}};
    if (entry.folded_words.empty()) return;
    if (is_abbreviation(name)) {
      for (const Word& word : split_words(name)) {
        if (!entry.exact_form.empty()) entry.exact_form.push_back(' ');
        entry.exact_form += word.text;
      }
    }
    const std::string joined = join(entry.folded_words);
    if (!seen.emplace(joined + '\t' + entry.exact_form, code).second) return;
    if (!code.empty()) codes_by_name[joined].insert(code);
    names_.push_back(std::move(entry));
  };

  nlohmann::json iso;
  try {
    iso = nlohmann::json::parse(iso_3166_json);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("iso_3166-1.json: ") + error.what());
  }
  std::map<std::string, std::set<std::string>> codes_by_short_name;
  for (const auto& country : iso.at("3166-1")) {
    const std::string code = country.at("alpha_2").get<std::string>();
    const std::string name = country.at("name").get<std::string>();
    display_names_.emplace_back(code, country.value("common_name", name));
    lookup_.emplace_back(fold_for_matching(code), code);
    add_name(code, name);
    for (const char* key : {"official_name", "common_name"}) {
      if (country.contains(key)) add_name(code, country.at(key).get<std::string>());
    }
    // "Micronesia, Federated States of" is also called "Micronesia"; kept below unless two
    // countries share the short form ("Congo", "Korea", "Virgin Islands").
    if (auto comma = name.find(','); comma != std::string::npos && !country.contains("common_name")) {
      codes_by_short_name[name.substr(0, comma)].insert(code);
    }
  }
  for (const auto& [short_name, codes] : codes_by_short_name) {
    if (codes.size() == 1 && !codes_by_name.contains(fold_for_matching(short_name))) {
      add_name(*codes.begin(), short_name);
    }
  }

  size_t line_number = 0;
  size_t start = 0;
  while (start < alias_table.size()) {
    size_t end = alias_table.find('\n', start);
    if (end == std::string_view::npos) end = alias_table.size();
    std::string_view line = trim(alias_table.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const size_t tab = line.find('\t');
    std::string code(trim(line.substr(0, tab)));
    std::string_view rest = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
    auto each_alias = [](std::string_view list, const auto& use) {
      while (!list.empty()) {
        const size_t bar = list.find('|');
        use(trim(list.substr(0, bar)));
        list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
      }
    };
    auto entries_named = [&](std::string_view name) {
      std::vector<CountryName*> found;
      const std::vector<std::string> words = folded_words_of(name);
      for (CountryName& entry : names_) {
        if (entry.folded_words == words) found.push_back(&entry);
      }
      return found;
    };
    if (code == "~") {  // names that are also people's names
      each_alias(rest, [&](std::string_view name) {
        for (CountryName* entry : entries_named(name)) entry->may_be_person = true;
      });
      continue;
    }
    if (code.size() == 3 && code.front() == '=') {  // "=US<tab>Georgia<tab>Atlanta|Savannah"
      const size_t second_tab = rest.find('\t');
      const std::string alternative = code.substr(1);
      std::vector<std::string> context;
      each_alias(second_tab == std::string_view::npos ? std::string_view() : rest.substr(second_tab + 1),
                 [&](std::string_view word) { context.push_back(join(folded_words_of(word))); });
      for (CountryName* entry : entries_named(rest.substr(0, second_tab))) {
        entry->context_code = alternative;
        entry->context_words = context;
      }
      continue;
    }
    if (code == "-") code.clear();  // phrases that only look like a country's name
    if (tab == std::string_view::npos || (!code.empty() && code.size() != 2) ||
        (!code.empty() && !std::any_of(display_names_.begin(), display_names_.end(),
                                       [&](const auto& entry) { return entry.first == code; }))) {
      throw InputError("country alias table, line " + std::to_string(line_number) +
                       ": expected an ISO 3166-1 code, a tab and aliases separated by '|'");
    }
    std::string_view aliases = line.substr(tab + 1);
    while (!aliases.empty()) {
      const size_t bar = aliases.find('|');
      add_name(code, aliases.substr(0, bar));
      aliases = bar == std::string_view::npos ? std::string_view() : aliases.substr(bar + 1);
    }
  }

  for (const auto& [joined, codes] : codes_by_name) {
    if (codes.size() == 1) lookup_.emplace_back(joined, *codes.begin());
  }
  std::sort(display_names_.begin(), display_names_.end());
  std::sort(lookup_.begin(), lookup_.end());
}

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer gazetteer(embedded::kIso3166Json, embedded::kCountryAliases);
  return gazetteer;
}

bool Gazetteer::is_country_code(std::string_view code) const {
  auto it = std::lower_bound(display_names_.begin(), display_names_.end(), code,
                             [](const auto& entry, std::string_view key) { return entry.first < key; });
  return it != display_names_.end() && it->first == code;
}

std::optional<std::string> Gazetteer::resolve(std::string_view code_or_name) const {
  const std::string key = join(folded_words_of(code_or_name));
  auto it = std::lower_bound(lookup_.begin(), lookup_.end(), key,
                             [](const auto& entry, const std::string& k) { return entry.first < k; });
  if (it != lookup_.end() && it->first == key) return it->second;
  return std::nullopt;
}

std::string Gazetteer::display_name(std::string_view code) const {
  auto it = std::lower_bound(display_names_.begin(), display_names_.end(), code,
                             [](const auto& entry, std::string_view key) { return entry.first < key; });
  return it != display_names_.end() && it->first == code ? it->second : std::string(code);
}

}  // namespace newsdex
