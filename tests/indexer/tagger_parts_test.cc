// The tagger's parts on their own: the prepared words, the country finder and the topic scorer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "country_finder.h"
#include "prepared_text.h"
#include "tagger_tables.h"
#include "topic_scorer.h"

namespace newsdex::embedded {
extern const std::string_view kTopicModel;  // the built-in model, compiled into the indexer
}  // namespace newsdex::embedded

namespace newsdex::index {
namespace {

const TaggerTables& tables() {
  static const TaggerTables built(embedded::kTopicModel);
  return built;
}

std::vector<std::string> code_list(const std::vector<ScoredCode>& scored) {
  std::vector<std::string> out;
  for (const ScoredCode& code : scored) out.push_back(code.code);
  return out;
}

CountryFindings countries_of(std::string_view title, std::string_view text, const std::string& language = "en") {
  return find_countries(PreparedText(title, text, language, tables()), tables());
}

TEST(PreparedText, FoldsEveryWordAndKnowsWhichTheTaggerKnows) {
  const PreparedText text("Élection au Kenya", "Voters queued in Nairobi.", "en", tables());
  ASSERT_EQ(text.title().folded.size(), 3u);
  EXPECT_EQ(text.title().folded[0], "election");
  EXPECT_TRUE(text.title().is_title);
  EXPECT_FALSE(text.body().is_title);
  EXPECT_NE(text.title().facts[2], nullptr);  // "kenya" starts a country's name
  EXPECT_TRUE(text.contains("nairobi"));
  EXPECT_FALSE(text.contains("nair"));       // whole words only
  EXPECT_EQ(text.local_phrases(), nullptr);  // English names are everyone's
  EXPECT_TRUE(text.body().stemmed.empty());
}

TEST(PreparedText, StemsWordsOnlyForALanguageWithItsOwnNames) {
  const PreparedText german("Gespräche", "Die Regierung Deutschlands verhandelt.", "de", tables());
  ASSERT_NE(german.local_phrases(), nullptr);
  EXPECT_EQ(german.body().stemmed.size(), german.body().folded.size());
}

TEST(CountryFinder, TheTitleMakesACountryTheSubjectWhateverTheBodyNamesMost) {
  const CountryFindings found =
      countries_of("Kenya opens its new port", "Officials from France, France and France attended. France sent ships.");
  EXPECT_EQ(code_list(found.about), (std::vector<std::string>{"FR", "KE"}));
  EXPECT_EQ(found.mentioned, (std::vector<std::string>{"FR", "KE"}));
  EXPECT_DOUBLE_EQ(found.about.front().score, 1.0);
  EXPECT_LT(found.about.back().score, 1.0);
}

TEST(CountryFinder, APassingMentionIsNamedButNotTheSubject) {
  // Past the lede, where a mention counts once.
  const std::string filler(320, ' ');
  const CountryFindings found =
      countries_of("Harvest report",
                   "Farmers in Brazil expect a record crop. Brazil exports soy." + filler + "Traders in Peru watched.");
  EXPECT_EQ(code_list(found.about), (std::vector<std::string>{"BR"}));
  EXPECT_EQ(found.mentioned, (std::vector<std::string>{"BR", "PE"}));
}

TEST(CountryFinder, NamesInAnotherLanguageCountOnlyInThatLanguage) {
  const std::string text = "Die Regierung Deutschlands und Frankreichs verhandelt.";
  EXPECT_EQ(countries_of("", text, "de").mentioned, (std::vector<std::string>{"DE", "FR"}));
  EXPECT_TRUE(countries_of("", text, "en").mentioned.empty());
}

TEST(CountryFinder, APersonsNameIsNotACountry) {
  EXPECT_TRUE(countries_of("", "The striker Chad Smith scored twice on Sunday.").mentioned.empty());
  EXPECT_EQ(countries_of("", "Aid reached Chad on Sunday.").mentioned, (std::vector<std::string>{"TD"}));
}

TEST(CountryFinder, AnEmptyTextNamesNothing) {
  const CountryFindings found = countries_of("", "");
  EXPECT_TRUE(found.about.empty());
  EXPECT_TRUE(found.mentioned.empty());
}

TEST(TopicScorer, LeadsWithTheTopicTheWordsAreAbout) {
  const PreparedText text("Striker scores twice as the league leaders win the match",
                          "The goalkeeper could not stop the penalty. The coach praised the team after the "
                          "championship game, and fans cheered the football club.",
                          "en", tables());
  const std::vector<ScoredCode> topics = score_topics(text, tables(), true);
  ASSERT_FALSE(topics.empty());
  EXPECT_EQ(topics.front().code, "sport");
  EXPECT_LE(topics.size(), kMaxTopics);
  for (const ScoredCode& topic : topics) {
    EXPECT_GT(topic.score, 0.0);
    EXPECT_LE(topic.score, 1.0);
  }
}

TEST(TopicScorer, ReadsNoWordsOfATextItCannotRead) {
  const PreparedText text("Striker scores twice as the league leaders win the match",
                          "The goalkeeper could not stop the penalty. The coach praised the team.", "en", tables());
  EXPECT_TRUE(score_topics(text, tables(), false).empty());
}

TEST(TopicScorer, CountsAdjacentWordsAsAPair) {
  // "white house" weighs for politics only as a pair; apart, the two words weigh nothing.
  static const TaggerTables small(
      ":classes\tpolitics\tsport\n:bias\t0\t0\nwhite\t1\t\nhouse\t1\t\n"
      "white house\t1\t0:4\ngoal\t1\t1:4\n");
  auto best = [&](std::string_view title) {
    const std::vector<ScoredCode> topics = score_topics(PreparedText(title, "", "en", small), small, true);
    return topics.empty() ? std::string("(none)") : topics.front().code;
  };
  EXPECT_EQ(best("White House"), "politics");
  EXPECT_EQ(best("A white painted house scores a goal"), "sport");
  EXPECT_EQ(best("white, house"), "politics") << "punctuation does not part words";
  EXPECT_EQ(best("white 42 house goal"), "sport") << "a word the model does not know breaks the pair";
  EXPECT_EQ(best("nothing known here"), "(none)");
}

TEST(TopicScorer, WeighsARareWordAboveOneAllNewsUses) {
  // "news" pulls harder towards politics than "goal" towards sport, but every kind of news says
  // "news": scaled by how rare they are, the rare word decides.
  auto best = [](const std::string& news_scale) {
    const TaggerTables small(":classes\tpolitics\tsport\n:bias\t0\t0\nnews\t" + news_scale + "\t0:3\ngoal\t2\t1:2\n");
    const std::vector<ScoredCode> topics = score_topics(PreparedText("Goal news", "", "en", small), small, true);
    return topics.empty() ? std::string("(none)") : topics.front().code;
  };
  EXPECT_EQ(best("0.2"), "sport");
  EXPECT_EQ(best("2"), "politics") << "as rare as the other, the heavier weight wins";
  EXPECT_EQ(best("0"), "sport") << "a word scaled to nothing counts for nothing";
}

TEST(TopicScorer, StaysSilentWithoutEvidence) {
  const PreparedText text("", "", "en", tables());
  EXPECT_TRUE(score_topics(text, tables(), true).empty());
}

}  // namespace
}  // namespace newsdex::index
