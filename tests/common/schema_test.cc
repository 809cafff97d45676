#include "newsdex/schema.h"

#include <gtest/gtest.h>

#include "newsdex/error.h"

namespace newsdex::schema {
namespace {

TEST(Schema, EqualSetsGetEqualSetValues) {
  // Facets count each distinct set value once: order must not split one set in two.
  EXPECT_EQ(join_set({"TR", "AZ"}), "AZ TR");
  EXPECT_EQ(join_set({"AZ", "TR"}), join_set({"TR", "AZ"}));
  EXPECT_EQ(join_set({}), "");
}

TEST(Schema, SetValuesSplitBackIntoTheirCodes) {
  EXPECT_EQ(split_set(join_set({"science-technology", "economy-business-finance"})),
            (std::vector<std::string>{"economy-business-finance", "science-technology"}));
  EXPECT_EQ(split_set("GB"), std::vector<std::string>{"GB"});
  EXPECT_TRUE(split_set("").empty());
}

// What the index stores of an article is what a search shows of it: every field, escapes and
// all, comes back as it went in.
TEST(Schema, StoredArticlesDecodeToWhatWasStored) {
  Article article;
  article.id = "https://news.example/az/1";
  article.title = "Azərbaycan və Türkiyə \"kosmos\" sazişi\timzalayıb";
  article.url = "https://news.example/az/1";
  article.source = "Azernews \\ Business";
  article.feed_url = "https://news.example/rss";
  article.published = Timestamp(std::chrono::seconds(1663152000));
  article.updated = Timestamp(std::chrono::seconds(1663155600));
  article.author = "Staff";
  article.summary = "Short.";
  article.text = "Line one.\n\nLine two: 宇宙 \u00e9 \U0001F680.";
  article.categories = {"Business", "Space"};
  article.language = "az";
  article.countries = {{"AZ", 0.75}, {"TR", 1}};
  article.mentioned = {"AZ", "TR", "US"};
  article.topics = {{"science-technology", 0.5}};
  article.text_source = TextSource::kPage;
  article.published_source = DateSource::kPage;
  article.canonical_url = "https://news.example/canonical";
  article.authors = {"A. Writer", "B. Writer"};
  article.image = "https://news.example/lead.jpg";
  const Article decoded = decode_document_data(encode_document_data(article));
  EXPECT_EQ(decoded.id, article.id);
  EXPECT_EQ(decoded.title, article.title);
  EXPECT_EQ(decoded.source, article.source);
  EXPECT_EQ(decoded.feed_url, article.feed_url);
  EXPECT_EQ(decoded.published, article.published);
  EXPECT_EQ(decoded.updated, article.updated);
  EXPECT_EQ(decoded.author, article.author);
  EXPECT_EQ(decoded.summary, article.summary);
  EXPECT_EQ(decoded.text, article.text);
  EXPECT_EQ(decoded.categories, article.categories);
  EXPECT_EQ(decoded.language, article.language);
  ASSERT_EQ(decoded.countries.size(), 2u);
  EXPECT_EQ(decoded.countries[0].code, "AZ");
  EXPECT_EQ(decoded.countries[0].score, 0.75);
  EXPECT_EQ(decoded.countries[1].score, 1.0);
  EXPECT_EQ(decoded.mentioned, article.mentioned);
  ASSERT_EQ(decoded.topics.size(), 1u);
  EXPECT_EQ(decoded.topics[0].code, "science-technology");
  EXPECT_EQ(decoded.text_source, TextSource::kPage);
  EXPECT_EQ(decoded.published_source, DateSource::kPage);
  EXPECT_EQ(decoded.canonical_url, article.canonical_url);
  EXPECT_EQ(decoded.authors, article.authors);
  EXPECT_EQ(decoded.image, article.image);

  Article bare;  // from a feed alone: no page fields, no dates
  bare.id = "b";
  const Article bare_decoded = decode_document_data(encode_document_data(bare));
  EXPECT_EQ(bare_decoded.id, "b");
  EXPECT_FALSE(bare_decoded.published);
  EXPECT_EQ(bare_decoded.text_source, TextSource::kFeed);
  EXPECT_TRUE(bare_decoded.countries.empty());
}

TEST(Schema, CorruptStoredDataIsARuntimeFailure) {
  EXPECT_THROW(decode_document_data("not json"), RuntimeFailure);
  EXPECT_THROW(decode_document_data(R"({"title": "no id"})"), RuntimeFailure);
  EXPECT_THROW(decode_document_data(R"({"id": "x", "published": "yesterday"})"), RuntimeFailure);
  EXPECT_THROW(decode_document_data(R"({"id": "x", "countries": [["AZ"]]})"), RuntimeFailure);
  EXPECT_EQ(decode_document_data(R"({"id": "x", "future_field": {"a": [1, 2]}})").id, "x") << "unknown fields pass";
}

TEST(Schema, TimesRoundTripThroughTheirSortableEncoding) {
  const Timestamp early{std::chrono::seconds(1663679640)};
  const Timestamp late = early + std::chrono::seconds(1);
  EXPECT_EQ(decode_time(encode_time(early)), early);
  EXPECT_LT(encode_time(early), encode_time(late));  // string order is time order, for sorting
  EXPECT_FALSE(decode_time(""));
}

}  // namespace
}  // namespace newsdex::schema
