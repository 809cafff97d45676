// The controlled vocabularies of newsdex: ISO 3166-1 countries and IPTC Media Topics.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// The 17 IPTC Media Topics top-level slugs of docs/json.md, in that order.
std::span<const std::string_view> topic_slugs();

// True for one of topic_slugs().
bool is_topic_slug(std::string_view slug);

// IPTC's name of a topic ("Economy, business and finance"); empty for an unknown slug.
std::string_view topic_label(std::string_view slug);

// Every slug, comma-separated: for error messages that list the valid ones.
std::string topic_slug_list();

// One way of naming a country, as the gazetteer matches it in text.
struct CountryName {
  std::string code;      // ISO 3166-1 alpha-2; empty for a phrase that names no country
  std::string language;  // ISO 639-1: a name only articles in this language use; empty: any
  // The name split into words and folded for matching; for a name of one language, each word
  // then stemmed by that language's Snowball stemmer, so that inflected forms match.
  std::vector<std::string> folded_words;
  std::string exact_form;                  // non-empty: only matches text with exactly these words ("US", "UK")
  // The folded words before stemming, space-separated ("нигерия"), kept only where another
  // country's name of the same language stems alike (Russian "Нигер" and "Нигерия"): the text's
  // own word then tells which it is. Empty otherwise.
  std::string unstemmed;
  bool matches_lower_case = false;         // an adjective ("российский"): may start in lower case
  bool may_be_person = false;              // also a person's name (Jordan, Chad): not beside another capitalised name
  bool is_city = false;                    // a city: not when part of a person's or company's name (Esteban Santiago)
  bool is_country_name = false;            // the country's own name ("Kenya", "Francia"), not a demonym or a city
  bool dateline_only = false;              // a city of GeoNames' list: counts only as the dateline that opens a text
  bool dateline_region = false;            // "N.Y.", "Calif.": counts only as the region of a dateline
  bool names_several = false;  // one of the countries of a joined abbreviation ("日米": Japan and the US)
  std::string context_code;                // another country the name means when the text has one of...
  std::vector<std::string> context_words;  // ...these folded words (Georgia + Atlanta → US)
};

// Country names from Debian's iso-codes (name, official and common names, and their
// translations into the languages newsdex stems) plus newsdex's own aliases: demonyms,
// capitals and major cities, short forms and historic names, in English and other languages.
// Immutable and safe to share between threads once built.
class Gazetteer {
 public:
  // The gazetteer compiled into newsdex. Built once, on first use.
  static const Gazetteer& builtin();

  // Every name, for taggers.
  const std::vector<CountryName>& names() const { return names_; }

  // True for an assigned ISO 3166-1 alpha-2 code, upper case ("AZ").
  bool is_country_code(std::string_view code) const;

  // The code for a code in any case or any name or alias ("tr", "Türkiye", "Turkey", "Turkish",
  // "Almanya"). A name in another language counts when no English name means another country.
  std::optional<std::string> resolve(std::string_view code_or_name) const;

  // The names of each country itself (not its people, places or adjectives), folded, one group
  // a country: {"turkiye", "republic of turkiye", "turkey"}. Searching any finds the others.
  const std::vector<std::vector<std::string>>& own_names() const { return own_names_; }

  // Country names that are also a common word of a language, in lower case with its accents,
  // with that language's code: {"pl", "mali"} (small), {"cs", "malí"}. Capitalised at a
  // sentence's start they may be the word.
  const std::vector<std::pair<std::string, std::string>>& common_words() const { return common_words_; }

  // The short English name of a code ("Azerbaijan"), or the code itself when unknown.
  std::string display_name(std::string_view code) const;

  // Builds a gazetteer from iso-codes' iso_3166-1.json text, an alias table (see
  // common/data/country_aliases.tsv for the format) and translated names, one country and
  // language a line: "lang<TAB>code<TAB>name|name", cities, "code<TAB>name" (a city already
  // among the aliases is marked as one; others count only as datelines), and the abbreviations
  // of regions that count only in a dateline (common/data/dateline_regions.tsv), and cities'
  // names in other languages, as the translations are written. Throws InputError on malformed
  // data.
  Gazetteer(std::string_view iso_3166_json, std::string_view alias_table, std::string_view translations = {},
            std::string_view cities = {}, std::string_view dateline_regions = {},
            std::string_view city_translations = {});

  // The whole gazetteer as one text, names already folded and stemmed: the build compiles the
  // built-in one into the programs (common/tools/compile_gazetteer.cc), so that starting a
  // program reads names instead of folding and stemming 21,000 of them.
  std::string compiled() const;
  // Reads compiled()'s text. Throws InputError on a malformed one.
  static Gazetteer from_compiled(std::string_view compiled);

 private:
  Gazetteer() = default;

  std::vector<CountryName> names_;
  std::vector<std::vector<std::string>> own_names_;
  std::vector<std::pair<std::string, std::string>> common_words_;   // language, lower-case name; sorted
  std::vector<std::pair<std::string, std::string>> display_names_;  // code → name, sorted
  std::vector<std::pair<std::string, std::string>> lookup_;         // folded name → code, sorted
};

}  // namespace newsdex
