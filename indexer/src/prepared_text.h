// An article's title and text split into words and looked up once, for the country finder and
// the topic scorer (internal).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/article.h"
#include "newsdex/text.h"
#include "tagger_tables.h"

namespace newsdex::index {

// Evidence in the title counts this many times that of the body, for countries and topics.
inline constexpr double kTitleWeight = 3;

// Codes by descending score, ties by code: how countries and topics are ranked.
std::vector<ScoredCode> ranked(const std::map<std::string, double>& scores);

// A score as tags carry it: three decimals.
double rounded(double score);

// The words of the title or of the text.
struct PreparedPart {
  std::string_view text;
  bool is_title = false;
  // A headline in title case ("Venezuela Prepares for Chavez Recall Vote"), whose capitals say
  // nothing of names; false for running text and for sentence-case headlines, where they do
  // ("Michael Jordan lança nova linha de tênis").
  bool capitalises_words = false;
  std::vector<Word> words;
  std::vector<std::string> folded;
  std::vector<std::string> stemmed;     // by the article's language, when it has its own names
  std::vector<const WordFacts*> facts;  // null for a word the tagger does not know
};

// The title and text of one article, ready for the tagger's passes.
class PreparedText {
 public:
  // Splits and folds both parts. `language` (ISO 639-1 or empty) chooses the country names in
  // that language, whose words are then also stemmed as the gazetteer stemmed those names; when
  // it is empty (a text too short to be sure of), `likely_language` chooses them, and the text
  // is otherwise read as one in no known language.
  PreparedText(std::string_view title, std::string_view text, const std::string& language, const TaggerTables& tables,
               const std::string& likely_language = {});

  const PreparedPart& title() const { return parts_[0]; }
  const PreparedPart& body() const { return parts_[1]; }
  // The title, then the body: the order every pass reads them in.
  const PreparedPart (&parts() const)[2] { return parts_; }
  // The country names of the article's own language; null when it has none.
  const CountryPhrases* local_phrases() const { return local_phrases_; }
  // True when the local names written with a capital are matched as written (folded), not
  // stemmed: in the languages of names_keep_their_form (Spanish "Siria" is no "Siri").
  bool local_names_as_written() const { return local_names_as_written_; }
  // True for an article in English or in no known language.
  bool reads_as_english() const { return reads_as_english_; }
  // True when the article's language capitalises names only, not every noun as German does: a
  // capital inside a sentence then starts a name.
  bool capitalises_only_names() const { return capitalises_only_names_; }
  // True for Vietnamese, whose news writes a person's family name first and the given name
  // last ("Nguyễn Minh Đức"), and a country before a person's name ("Tổng thống Pháp Emmanuel
  // Macron"): a place's name is a given name after another name, not before one.
  bool writes_given_name_last() const { return writes_given_name_last_; }
  // True for the Turkic languages, whose news names an office or a body after its country, the
  // head capitalised ("Қазақстан Президенті", "Türkiye Cumhurbaşkanı"): a country's own name
  // there is no person's first name before a capitalised word.
  bool writes_possessor_first() const { return writes_possessor_first_; }
  // True when part.words[k] is a country's name in the genitive of a language that writes it
  // with an -s ("Sveriges", "Kenyas"): a possessive, no person's first name before the next word
  // ("Sveriges Natoansökan", "Kenyas Ruto").
  bool reads_as_genitive(const PreparedPart& part, size_t k) const;
  // True when the folded word occurs anywhere in the article (for the few names whose meaning
  // depends on context, "Georgia" with "Atlanta"). Builds its index on first use.
  bool contains(const std::string& folded_word) const;

 private:
  PreparedPart parts_[2];
  const CountryPhrases* local_phrases_ = nullptr;
  bool local_names_as_written_ = false;
  bool reads_as_english_ = false;
  bool capitalises_only_names_ = false;
  bool writes_given_name_last_ = false;
  bool writes_possessor_first_ = false;
  std::string names_language_;  // of the local names: the article's, else its likely one
  bool writes_genitive_s_ = false;
  mutable std::string context_;  // " word word ... ", built on first need
};

}  // namespace newsdex::index
