// Article → Xapian document: the write half of the index schema (common/include/newsdex/schema.h
// is the one definition of terms, values and data both halves use) (internal).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>

#include "newsdex/article.h"
#include "story_key.h"

namespace newsdex::index {

// The article as stored text may hold it: text fields without control characters (a stranger's
// feed may hold terminal escapes), no link that is not http(s). Nullopt when the article is
// clean already (nearly always: no copy then).
std::optional<Article> cleaned_for_storage(const Article& article);

// The document of an article: its words (folded, stemmed by its language), its facet terms and
// values, its story, its place in the order of indexing, and `data`
// (schema::encode_document_data), for an index of schema `schema_version` (its word forms).
// Title words also feed `database`'s spelling dictionary. Its words have positions as Xapian's
// term generator gives them: where an index of schema 4 and later keeps them is the lane's
// choice (lanes.cc).
Xapian::Document article_document(Xapian::WritableDatabase& database, const Article& article, std::string data,
                                  const StoryIdentity& story, uint64_t sequence, std::string_view schema_version);

// Every name of a country as a Xapian synonym of the others, so that a search for "Turkey" also
// finds "Türkiye" and "Turkiye", written for an index of schema `schema_version`. Rewritten only
// when newsdex's list of names changes.
void write_country_synonyms(Xapian::WritableDatabase& database, std::string_view schema_version);

}  // namespace newsdex::index
