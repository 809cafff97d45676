// The facts a web page states about its article: title, dates, authors, section, language,
// canonical URL, description and lead image (internal).
#pragma once

#include <string_view>

#include "newsdex/article_page.h"
#include "page_tree.h"

namespace newsdex::feeds {

// Fills `page`'s facts (everything but `text`) from `document`, read from `page.url`: JSON-LD
// (schema.org NewsArticle and kin) first, then Open Graph and other <meta> tags, then the markup
// (<html lang>, <link rel=canonical>, <time datetime>, bylines, <h1>, <title>), then dates
// written in the page. Every URL is resolved and kept only when it is http(s); what is dropped
// is said in `page.warnings`.
void read_page_facts(const PageTree& document, ArticlePage& page);

}  // namespace newsdex::feeds
