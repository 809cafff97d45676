#include "newsdex/taxonomy.h"

#include <gtest/gtest.h>

#include "newsdex/error.h"

namespace newsdex {
namespace {

TEST(Gazetteer, ResolvesCodesNamesAndAliasesInAnyCaseOrSpelling) {
  const Gazetteer& gazetteer = Gazetteer::builtin();
  EXPECT_EQ(gazetteer.resolve("TR"), "TR");
  EXPECT_EQ(gazetteer.resolve("tr"), "TR");
  EXPECT_EQ(gazetteer.resolve("Türkiye"), "TR");
  EXPECT_EQ(gazetteer.resolve("TURKIYE"), "TR");
  EXPECT_EQ(gazetteer.resolve("Turkey"), "TR");
  EXPECT_EQ(gazetteer.resolve("Azerbaijan"), "AZ");
  EXPECT_EQ(gazetteer.resolve("United Kingdom"), "GB");
  EXPECT_EQ(gazetteer.resolve("South Korea"), "KR");
  EXPECT_EQ(gazetteer.resolve("Micronesia"), "FM");  // short form of "Micronesia, Federated States of"
  EXPECT_FALSE(gazetteer.resolve("Korea"));          // two countries: ambiguous
  EXPECT_FALSE(gazetteer.resolve("Atlantis"));
}

TEST(Gazetteer, KnowsCodesAndDisplayNames) {
  const Gazetteer& gazetteer = Gazetteer::builtin();
  EXPECT_TRUE(gazetteer.is_country_code("AZ"));
  EXPECT_FALSE(gazetteer.is_country_code("az"));
  EXPECT_FALSE(gazetteer.is_country_code("XX"));
  EXPECT_EQ(gazetteer.display_name("TR"), "Türkiye");
  EXPECT_EQ(gazetteer.display_name("KR"), "South Korea");
}

TEST(Gazetteer, RejectsMalformedAliasTablesWithTheLine) {
  const std::string iso = R"({"3166-1": [{"alpha_2": "AZ", "name": "Azerbaijan"}]})";
  EXPECT_NO_THROW(Gazetteer(iso, "AZ\tBaku|Azeri\n"));
  try {
    Gazetteer(iso, "# comment\nZZ\tNowhere\n");
    FAIL() << "an unknown code was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
  }
}

TEST(Gazetteer, ResolvesNamesInOtherLanguages) {
  const Gazetteer& gazetteer = Gazetteer::builtin();
  EXPECT_EQ(gazetteer.resolve("Almanya"), "DE");   // iso-codes' Turkish
  EXPECT_EQ(gazetteer.resolve("Германия"), "DE");  // iso-codes' Russian
  EXPECT_EQ(gazetteer.resolve("Deutschland"), "DE");
  EXPECT_EQ(gazetteer.resolve("Azerbaycan"), "AZ");
  EXPECT_EQ(gazetteer.resolve("Georgia"), "GE") << "English names win over other languages'";
}

TEST(Gazetteer, ReadsTranslationsAndLanguageSectionsWithTheirLanguage) {
  const std::string iso = R"({"3166-1": [{"alpha_2": "DE", "name": "Germany"}]})";
  const Gazetteer gazetteer(iso, "DE\tGerman\n[ru]\nDE\tнемецкий|ФРГ\n", "tr\tDE\tAlmanya\n");
  int russian = 0;
  for (const CountryName& name : gazetteer.names()) {
    if (name.language == "ru") {
      ++russian;
      if (name.exact_form.empty()) {
        EXPECT_TRUE(name.matches_lower_case) << "an adjective written in lower case";
      } else {
        EXPECT_EQ(name.exact_form, "ФРГ") << "an abbreviation in Cyrillic capitals";
      }
    }
  }
  EXPECT_EQ(russian, 2);
  EXPECT_EQ(gazetteer.resolve("almanya"), "DE");
  EXPECT_THROW(Gazetteer(iso, "", "tr\tXX\tNowhere\n"), InputError);
  EXPECT_THROW(Gazetteer(iso, "", "garbage\n"), InputError);
}

TEST(Topics, KnowsTheSeventeenIptcSlugs) {
  EXPECT_EQ(topic_slugs().size(), 17u);
  EXPECT_TRUE(is_topic_slug("science-technology"));
  EXPECT_FALSE(is_topic_slug("Science"));
}

}  // namespace
}  // namespace newsdex
