// Near-duplicate story keys on their own: the MinHashes of texts, and keys found in a real shard.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "article_document.h"
#include "newsdex/schema.h"
#include "story_key.h"

namespace newsdex::index {
namespace {

const std::string kStory =
    "The central bank raised its main interest rate by half a percentage point on Thursday, the third rise "
    "this year, saying that inflation had stayed well above its target for longer than it had expected and "
    "that wages were still climbing fast across most of the economy.";

int agreements(const MinHashes& a, const MinHashes& b) {
  int same = 0;
  for (int h = 0; h < kMinHashes; ++h) same += a[h] == b[h];
  return same;
}

TEST(StoryKey, ShortTextsHaveNoMinHashes) {
  EXPECT_FALSE(text_minhashes("Bank raises rates again").has_value());
  EXPECT_TRUE(text_minhashes(kStory).has_value());
}

TEST(StoryKey, CopiesAgreeOnMostMinHashesAndOtherStoriesOnFew) {
  const MinHashes original = *text_minhashes(kStory);
  const MinHashes copy = *text_minhashes("LONDON (Wire) - " + kStory + " Reporting by A. Writer.");
  const MinHashes other = *text_minhashes(
      "The football club sacked its manager on Thursday after a run of six defeats, saying that the results "
      "had stayed well below what the owners expected and that a new coach would be named within weeks.");
  EXPECT_EQ(agreements(original, original), kMinHashes);
  EXPECT_GE(agreements(original, copy), 9);
  EXPECT_LE(agreements(original, other), 3);
}

TEST(StoryKey, ACopyTakesTheKeyOfTheIndexedStoryAndAnUpdateIsKeyedAfresh) {
  const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / "story-key-test";
  std::filesystem::remove_all(path);
  Xapian::WritableDatabase database(path.string(), Xapian::DB_CREATE);
  Article first;
  first.id = "first";
  first.title = "Rates rise";
  first.text = kStory;
  const StoryIdentity story{"the-story-key", text_minhashes(first.text)};
  database.add_document(article_document(database, first, "{}", story, 1, schema::kSchemaVersion));
  database.commit();

  const std::vector<Xapian::Database> shards = {Xapian::Database(path.string())};
  Article copy = first;
  copy.id = "copy";
  copy.text = "LONDON (Wire) - " + kStory;
  EXPECT_EQ(story_key(shards, copy, text_minhashes(copy.text), schema::id_term(copy.id)), "the-story-key");
  // The article itself, updated: its indexed version does not count.
  const std::string own = story_key(shards, first, story.minhashes, schema::id_term(first.id));
  EXPECT_NE(own, "the-story-key");
  EXPECT_FALSE(own.empty());
  std::filesystem::remove_all(path);
}

}  // namespace
}  // namespace newsdex::index
