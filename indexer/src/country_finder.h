// Finds the countries an article names and decides which it is about (internal).
#pragma once

#include <string>
#include <vector>

#include "newsdex/article.h"
#include "prepared_text.h"
#include "tagger_tables.h"

namespace newsdex::index {

// The countries of one article.
struct CountryFindings {
  std::vector<ScoredCode> about;       // what it is about, best first; scores in (0, 1]
  std::vector<std::string> mentioned;  // every country named, most named first
};

// Matches the gazetteer's names (and those of the article's own language) word by word, weighs
// each mention by where it stands, and keeps as "about" the countries of the title and those
// with a fair share of the evidence.
CountryFindings find_countries(const PreparedText& text, const TaggerTables& tables);

}  // namespace newsdex::index
