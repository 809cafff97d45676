#include "newsdex/taxonomy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

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

TEST(Gazetteer, ReadsItsCompiledFormBackWhole) {
  const std::string iso = R"({"3166-1": [{"alpha_2": "US", "name": "United States", "common_name": "USA"},
                                           {"alpha_2": "GE", "name": "Georgia"},
                                           {"alpha_2": "JO", "name": "Jordan"},
                                           {"alpha_2": "RU", "name": "Russian Federation"}]})";
  const Gazetteer built(iso,
                        "+US\tAmerica|U.S.\nJO\tAmman\n~\tJordan\n=US\tGeorgia\tAtlanta|Savannah\n"
                        "[ru]\nRU\tроссийский|Россия|РФ\n",
                        "tr\tGE\tGürcistan\n", "JO\tAmman\nUS\tSpringfield\n", "US\tCalif.|N.Y.\n");
  const Gazetteer read = Gazetteer::from_compiled(built.compiled());
  EXPECT_EQ(read.compiled(), built.compiled());
  ASSERT_EQ(read.names().size(), built.names().size());
  auto find = [&](std::string_view folded) -> const CountryName& {
    for (const CountryName& name : read.names()) {
      if (!name.folded_words.empty() && name.folded_words.back() == folded) return name;
    }
    throw std::runtime_error("no name " + std::string(folded));
  };
  EXPECT_TRUE(find("jordan").may_be_person);
  EXPECT_TRUE(find("jordan").is_country_name);
  EXPECT_TRUE(find("amman").is_city);
  EXPECT_TRUE(find("springfield").dateline_only);
  EXPECT_TRUE(find("calif").dateline_region);
  EXPECT_TRUE(std::any_of(read.names().begin(), read.names().end(),
                          [](const CountryName& name) { return name.exact_form == "РФ"; }));
  EXPECT_TRUE(std::any_of(read.names().begin(), read.names().end(),
                          [](const CountryName& name) { return name.matches_lower_case; }));
  EXPECT_EQ(find("georgia").context_code, "US");
  EXPECT_EQ(find("georgia").context_words, (std::vector<std::string>{"atlanta", "savannah"}));
  EXPECT_EQ(read.resolve("Gürcistan"), "GE");
  EXPECT_EQ(read.resolve("America"), "US");
  EXPECT_EQ(read.display_name("US"), "USA");
  EXPECT_EQ(read.own_names(), built.own_names());
  ASSERT_FALSE(read.own_names().empty());

  EXPECT_THROW(Gazetteer(R"({"3166-1": [{"alpha_2": "US", "name": "United\tStates"}]})", "").compiled(), InputError)
      << "no field may hold a separator of the compiled text";
  try {
    Gazetteer::from_compiled("D\tUS\tUSA\nN\tUS\n");
    FAIL() << "a truncated name was read";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
  }
}

TEST(Topics, KnowsTheSeventeenIptcSlugs) {
  EXPECT_EQ(topic_slugs().size(), 17u);
  EXPECT_TRUE(is_topic_slug("science-technology"));
  EXPECT_FALSE(is_topic_slug("Science"));
}

}  // namespace
}  // namespace newsdex
