// The exact counter on its own: counts split into ranges of document ids, on two threads with a
// database handle each, add up to one pass over everything and to a count done by hand.
#include "exact_counter.h"

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <string>

#include "newsdex/indexer.h"
#include "process.h"
#include "query_builder.h"

namespace newsdex::search {
namespace {

constexpr int kArticles = 300;
const char* const kCountries[] = {"AZ", "TR", "DE", "JP", "BR"};
const char* const kSources[] = {"Desk", "Wire", "Daily"};

// Article n: about kCountries[n % 5] (and TR too when n % 3 == 0), from kSources[n % 3],
// mentioning a harbour when n is even.
Article generated(int n) {
  Article article;
  article.id = "urn:test:" + std::to_string(n);
  article.title = "Report " + std::to_string(n);
  article.text =
      std::string(n % 2 == 0 ? "The harbour reopened" : "The market closed") + " in report " + std::to_string(n) + ".";
  article.source = kSources[n % 3];
  article.language = "en";
  article.countries = {{kCountries[n % 5], 1.0}};
  if (n % 3 == 0 && std::string(kCountries[n % 5]) != "TR") article.countries.push_back({"TR", 0.5});
  for (const auto& code : article.countries) article.mentioned.push_back(code.code);
  article.topics = {{"economy-business-finance", 1.0}};
  return article;
}

class ExactCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index::Indexer indexer(dir_.file("index"));
    for (int n = 0; n < kArticles; ++n) indexer.add(generated(n));
    indexer.commit();
  }

  // The counts by hand, over articles with `words` (harbour or anything) and `country` filter.
  static ExactCounts by_hand(bool harbour_only, const std::string& country_filter) {
    ExactCounts counts;
    counts.by_facet.resize(2);  // country (without its own filter), source
    for (int n = 0; n < kArticles; ++n) {
      if (harbour_only && n % 2 != 0) continue;
      const Article article = generated(n);
      bool in_filter = country_filter.empty();
      for (const auto& code : article.countries) {
        ++counts.by_facet[0][code.code];
        in_filter = in_filter || code.code == country_filter;
      }
      if (!in_filter) continue;
      ++counts.total;
      ++counts.by_facet[1][article.source];
    }
    return counts;
  }

  testing::TempDir dir_;
};

TEST_F(ExactCounterTest, RangesOnTwoThreadsAddUpToOnePassAndToACountByHand) {
  for (const auto& [query, country] :
       std::vector<std::pair<std::string, std::string>>{{"harbour", ""}, {"", "TR"}, {"harbour", "AZ"}}) {
    SearchRequest request;
    request.query = query;
    if (!country.empty()) request.countries = {country};
    request.facets = {Facet::kCountry, Facet::kSource};
    const Deadline deadline(0);
    Xapian::Database database(dir_.file("index")), second(dir_.file("index"));
    const IndexLanguages languages = IndexLanguages::of(database);

    ExactCounter whole(request.facets, deadline, database.get_lastdocid());
    const ExactCounts one_pass = whole.count_all(database, build_queries(request, database, languages, false));

    ExactCounter split(request.facets, deadline, database.get_lastdocid());
    auto other = std::async(std::launch::async, [&] {
      return split.count_ranges(second, build_queries(request, second, languages, false));
    });
    ExactCounts ranges = split.count_ranges(database, build_queries(request, database, languages, false));
    ranges.add(other.get());

    const ExactCounts expected = by_hand(!query.empty(), country);
    const std::string what = "query '" + query + "', country '" + country + "'";
    EXPECT_EQ(one_pass.total, expected.total) << what;
    EXPECT_EQ(ranges.total, expected.total) << what;
    if (country.empty()) {
      EXPECT_EQ(one_pass.by_facet[0], expected.by_facet[0]) << what;
    } else {
      // Multi-select: the country facet ignores the country filter, but not the query.
      EXPECT_EQ(one_pass.by_facet[0], by_hand(!query.empty(), "").by_facet[0]) << what;
    }
    EXPECT_EQ(one_pass.by_facet[1], expected.by_facet[1]) << what;
    EXPECT_EQ(ranges.by_facet, one_pass.by_facet) << what;
  }
}

}  // namespace
}  // namespace newsdex::search
