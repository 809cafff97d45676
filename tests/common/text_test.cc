#include "newsdex/text.h"

#include <gtest/gtest.h>

namespace newsdex {
namespace {

TEST(FoldForMatching, TurkishSpellingsOfTurkiyeAllFoldAlike) {
  EXPECT_EQ(fold_for_matching("Türkiye"), "turkiye");
  EXPECT_EQ(fold_for_matching("TÜRKİYE"), "turkiye");
  EXPECT_EQ(fold_for_matching("Turkiye"), "turkiye");
  EXPECT_EQ(fold_for_matching("Kırıkkale"), "kirikkale");  // dotless ı
}

TEST(FoldForMatching, TurkishCapitalDottedILowersToPlainI) {
  EXPECT_EQ(fold_for_matching("İstanbul"), "istanbul");
  EXPECT_EQ(fold_for_matching("ISTANBUL"), fold_for_matching("İstanbul"));
  EXPECT_EQ(fold_for_matching("türkiye"), fold_for_matching("TÜRKİYE"));
}

TEST(FoldForMatching, RemovesDiacriticsAndCompatibilityForms) {
  EXPECT_EQ(fold_for_matching("Élysée Façade"), "elysee facade");
  EXPECT_EQ(fold_for_matching("Straße"), "strasse");
  EXPECT_EQ(fold_for_matching("ﬁnance"), "finance");  // ligature
}

TEST(FoldForMatching, ReplacesInvalidUtf8InsteadOfFailing) {
  EXPECT_EQ(fold_for_matching("ab\xff" "c"), "ab\xEF\xBF\xBD" "c");
}

TEST(FoldingStemmer, StemsFoldedWords) {
  Xapian::Stem stemmer = folding_stemmer("en");
  EXPECT_EQ(stemmer("Türkiye"), stemmer("turkiye"));
  EXPECT_EQ(stemmer("cooperation"), stemmer("Cooperation"));
  EXPECT_EQ(folding_stemmer("xx")("Élan"), "elan");  // unknown language: fold only
}

TEST(SanitizeUtf8, DropsControlCharactersAndRepairsEncoding) {
  EXPECT_EQ(sanitize_utf8(std::string("a\0b\x01\tc\n", 7)), "ab\tc\n");
  EXPECT_EQ(sanitize_utf8("\xC3"), "\xEF\xBF\xBD");
}

TEST(SplitWords, SplitsOnPunctuationAndKeepsOffsets) {
  const auto words = split_words("Baku-Tbilisi, Azerbaijan’s U.S.");
  ASSERT_EQ(words.size(), 6u);
  EXPECT_EQ(words[0].text, "Baku");
  EXPECT_EQ(words[1].text, "Tbilisi");
  EXPECT_EQ(words[2].text, "Azerbaijan");
  EXPECT_EQ(words[2].offset, 14u);
  EXPECT_EQ(words[4].text, "U");
}

TEST(Fingerprint, IsStableAndDistinguishes) {
  EXPECT_EQ(fingerprint("abc"), fingerprint("abc"));
  EXPECT_NE(fingerprint("abc"), fingerprint("abd"));
  EXPECT_EQ(fingerprint("").size(), 16u);
}

}  // namespace
}  // namespace newsdex
