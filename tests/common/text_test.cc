#include "newsdex/text.h"
#include "newsdex/web_link.h"

#include <gtest/gtest.h>

#include <utility>

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

TEST(FoldForMatching, LettersWithAStrokeFoldLikeAccentedOnes) {
  EXPECT_EQ(fold_for_matching("Łódź"), "lodz");
  EXPECT_EQ(fold_for_matching("Đakovo"), "dakovo");
  EXPECT_EQ(fold_for_matching("København"), "kobenhavn");
  EXPECT_EQ(fold_for_matching("Azərbaycan"), "azerbaycan");
}

TEST(FoldForMatching, KeepsTheVowelSignsOfIndicScriptsAndDropsVowelPoints) {
  EXPECT_NE(fold_for_matching("पेरू"), fold_for_matching("पर")) << "Peru is not 'on'";
  EXPECT_EQ(fold_for_matching("भारत"), "भारत");
  EXPECT_NE(fold_for_matching("ที่"), fold_for_matching("ท"));           // a Thai vowel and tone mark
  EXPECT_EQ(fold_for_matching("שָׁלוֹם"), fold_for_matching("שלום"));  // Hebrew points are optional
  EXPECT_EQ(fold_for_matching("كَتَبَ"), fold_for_matching("كتب"));    // so are Arabic ones
  EXPECT_EQ(fold_for_matching("Αθήνα"), "αθηνα");
}

TEST(FoldForMatching, ReplacesInvalidUtf8InsteadOfFailing) {
  EXPECT_EQ(fold_for_matching("ab\xff"
                              "c"),
            "ab\xEF\xBF\xBD"
            "c");
}

TEST(FoldingStemmer, StemsFoldedWords) {
  Xapian::Stem stemmer = folding_stemmer("en");
  EXPECT_EQ(stemmer("Türkiye"), stemmer("turkiye"));
  EXPECT_EQ(stemmer("cooperation"), stemmer("Cooperation"));
  EXPECT_EQ(folding_stemmer("xx")("Élan"), "elan");  // unknown language: fold only
}

TEST(FoldingStemmer, StemsLanguagesXapianHasNoStemmerFor) {
  Xapian::Stem greek = folding_stemmer("el");
  EXPECT_EQ(greek("Αθήνα"), greek("Αθήνας"));
  EXPECT_EQ(greek("λιμάνι"), greek("λιμάνια"));
  EXPECT_NE(greek("λιμάνι"), greek("πλοίο"));
  EXPECT_EQ(greek("οικονομία"), greek("οικονομίας")) << "Snowball stems the genitive a letter longer";
  EXPECT_EQ(greek("οικονομία"), greek("οικονομίες"));
  EXPECT_EQ(greek("εταιρεία"), greek("εταιρείας"));
  Xapian::Stem serbian = folding_stemmer("sr");
  EXPECT_EQ(serbian("Немачка"), serbian("Nemačka")) << "either script";
  EXPECT_EQ(serbian("Немачкој"), serbian("Nemačka"));
  Xapian::Stem polish = folding_stemmer("pl");  // a light stemmer of case endings
  EXPECT_EQ(polish("Polska"), polish("Polską"));
  EXPECT_EQ(polish("Warszawa"), polish("Warszawie"));
  EXPECT_EQ(polish("Francja"), polish("Francji"));
  EXPECT_NE(polish("Rosja"), polish("Rosyjski"));
  Xapian::Stem ukrainian = folding_stemmer("uk");
  EXPECT_EQ(ukrainian("Україна"), ukrainian("України"));
  EXPECT_EQ(ukrainian("Росія"), ukrainian("Росією"));
  EXPECT_EQ(ukrainian("Варшава"), ukrainian("Варшаві"));
}

TEST(FoldingStemmer, SpanishAndPortuguesePluralsMeetTheirSingulars) {
  Xapian::Stem spanish = folding_stemmer("es");
  for (auto [singular, plural] : {std::pair{"alquiler", "alquileres"}, {"ciudad", "ciudades"}, {"mujer", "mujeres"},
                                  {"joven", "jóvenes"}, {"interés", "intereses"}, {"ley", "leyes"},
                                  {"luz", "luces"}, {"vez", "veces"}, {"actriz", "actrices"}}) {
    EXPECT_EQ(spanish(singular), spanish(plural)) << singular;
  }
  Xapian::Stem portuguese = folding_stemmer("pt");
  for (auto [singular, plural] : {std::pair{"eleição", "eleições"}, {"ação", "ações"}, {"alemão", "alemães"},
                                  {"animal", "animais"}, {"papel", "papéis"}, {"jovem", "jovens"}}) {
    EXPECT_EQ(portuguese(singular), portuguese(plural)) << singular;
  }
  EXPECT_NE(portuguese("mães"), portuguese("mão")) << "mothers are not a hand";
  EXPECT_NE(portuguese("mais"), portuguese("mal")) << "more is not evil";
}

TEST(FoldingStemmer, TakesTurkicCaseEndingsOffNamesAfterAnApostrophe) {
  for (const char* language : {"tr", "az", "en", "xx"}) {
    Xapian::Stem stemmer = folding_stemmer(language);
    EXPECT_EQ(stemmer("İstanbul'da"), stemmer("istanbul")) << language;
    EXPECT_EQ(stemmer("Ankara’nın"), stemmer("Ankara")) << language;  // a typographic apostrophe
    EXPECT_EQ(stemmer("Azərbaycan'a"), stemmer("Azərbaycan")) << language;
    EXPECT_EQ(stemmer("AB'ye"), stemmer("AB")) << language;
  }
  // English contractions and Romance elisions keep their words.
  Xapian::Stem english = folding_stemmer("en");
  EXPECT_NE(english("don't"), english("don"));
  EXPECT_NE(english("we'll"), english("we"));
  Xapian::Stem italian = folding_stemmer("it");
  EXPECT_NE(italian("dell'anno"), italian("dell"));
  EXPECT_NE(folding_stemmer("en")("O'Neill"), "o");
}

TEST(SanitizeUtf8, DropsControlCharactersAndRepairsEncoding) {
  EXPECT_EQ(sanitize_utf8(std::string("a\0b\x01\tc\n", 7)), "ab\tc\n");
  EXPECT_EQ(sanitize_utf8("\xC3"), "\xEF\xBF\xBD");
}

TEST(SanitizeUtf8, DropsC1ControlsThatTerminalsObey) {
  // CSI (U+009B) and NEL (U+0085) go; the letters around them and other non-ASCII stay.
  EXPECT_EQ(sanitize_utf8("Red \xc2\x9b"
                          "31m alert\xc2\x85 in T\xc3\xbcrkiye \xc2\xa0ok"),
            "Red 31m alert in T\xc3\xbcrkiye \xc2\xa0ok");
  EXPECT_EQ(sanitize_utf8("\x1b]0;PWNED\x07 \x1b[2J\x7f"), "]0;PWNED [2J");
  EXPECT_TRUE(has_control_characters("a\xc2\x9b"));
  EXPECT_FALSE(has_control_characters("tab\tand\nnewline stay"));
}

TEST(WebLink, OnlyHttpAndHttpsWhateverTheDisguise) {
  for (const char* link :
       {"https://desk.example/a", "HTTP://desk.example/a", " http://desk.example/a\n", "ht\ttps://x.example/"}) {
    EXPECT_TRUE(is_web_link(link)) << link;
    EXPECT_TRUE(is_safe_link(link)) << link;
  }
  for (const char* link :
       {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
        "\x01javascript:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>", "vbscript:msgbox",
        "file:///etc/passwd", "java script:alert(1)", "mailto:desk@example.org"}) {
    EXPECT_FALSE(is_web_link(link)) << link;
    EXPECT_FALSE(is_safe_link(link)) << link;
  }
  // Relative references have no scheme: a browser resolves them against the http(s) page.
  for (const char* link : {"/blog/2013/01/30/Plex", "story.html", "?page=2", "/search?q=a:b"}) {
    EXPECT_FALSE(is_web_link(link)) << link;
    EXPECT_TRUE(is_safe_link(link)) << link;
  }
  EXPECT_EQ(browser_form(" \x01java\tscript:x\r\n "), "javascript:x");
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

TEST(SplitWords, ReadsChineseJapaneseAndKoreanOneCharacterAtATime) {
  std::vector<std::string> words;
  for (const Word& word : split_words("G20在东京开幕, ロボット展 한국의")) words.emplace_back(word.text);
  EXPECT_EQ(words, (std::vector<std::string>{"G20", "在", "东", "京", "开", "幕", "ロ", "ボ", "ッ", "ト", "展", "한",
                                             "국", "의"}));
  EXPECT_EQ(cjk_script("ー"), CjkScript::kKatakana);
  EXPECT_EQ(cjk_script("国"), CjkScript::kHan);
  EXPECT_EQ(cjk_script("의"), CjkScript::kHangul);
  EXPECT_EQ(cjk_script("A"), CjkScript::kNone);
}

// Thai writes no spaces: its runs are read into the words of ICU's dictionary, with their offsets.
TEST(SplitWords, ReadsThaiIntoDictionaryWords) {
  const std::string text = "ข่าวจากญี่ปุ่น, Bangkok";
  std::vector<std::string> words;
  for (const Word& word : split_words(text)) {
    words.emplace_back(word.text);
    EXPECT_EQ(text.substr(word.offset, word.text.size()), word.text);
  }
  EXPECT_EQ(words, (std::vector<std::string>{"ข่าว", "จาก", "ญี่ปุ่น", "Bangkok"}));
  EXPECT_EQ(with_word_breaks(text), "ข่าว จาก ญี่ปุ่น, Bangkok");
  EXPECT_EQ(with_word_breaks("北京 news"), "北京 news") << "other scripts unchanged";
}

// Chinese and Japanese runs are marked only between two words of two characters or more.
TEST(CjkWordSeparators, MarkOnlyBoundariesBetweenLongerWords) {
  EXPECT_EQ(with_cjk_word_separators("南京市长江大桥", "|"), "南京市|长江大桥") << "长江大桥 is one word to ICU";
  EXPECT_EQ(with_cjk_word_separators("地震", "|"), "地震") << "too short to split";
  EXPECT_EQ(with_cjk_word_separators("plain text", "|"), "plain text");
}

TEST(LetterCase, CaselessScriptsStartWithNeitherCase) {
  EXPECT_TRUE(starts_upper_case("Égypte"));
  EXPECT_TRUE(starts_upper_case("İzmir"));
  EXPECT_TRUE(starts_lower_case("ölkə"));
  EXPECT_FALSE(starts_upper_case("ölkə"));
  for (const std::string_view caseless : {"ירדן", "مصر", "日本", "2024", ""}) {
    EXPECT_FALSE(starts_upper_case(caseless)) << caseless;
    EXPECT_FALSE(starts_lower_case(caseless)) << caseless;
  }
  EXPECT_FALSE(starts_upper_case("\xC3"));  // a first character cut short
}

TEST(Fingerprint, IsStableAndDistinguishes) {
  EXPECT_EQ(fingerprint("abc"), fingerprint("abc"));
  EXPECT_NE(fingerprint("abc"), fingerprint("abd"));
  EXPECT_EQ(fingerprint("").size(), 16u);
}

}  // namespace
}  // namespace newsdex
