#include "article_document.h"

#include <elf.h>
#include <link.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <vector>

#include "decompounder.h"
#include "newsdex/schema.h"
#include "newsdex/taxonomy.h"
#include "newsdex/term_positions.h"
#include "newsdex/text.h"
#include "newsdex/web_link.h"

namespace newsdex::index {
namespace {

// Stemming language for articles whose language is unknown.
constexpr std::string_view kDefaultStemLanguage = "en";

// The folding stemmer of a language, made once per thread: making a Snowball stemmer for every
// document costs allocations, and Xapian's objects must not be shared between threads.
const Xapian::Stem& stemmer_for(const std::string& language) {
  thread_local std::map<std::string, Xapian::Stem> stemmers;
  auto found = stemmers.find(language);
  if (found == stemmers.end()) found = stemmers.emplace(language, folding_stemmer(language)).first;
  return found->second;
}

// A Swedish word without its definite ending -et or -an ("huset", "kriget", "skolan": "hus",
// "krig", "skola"), which Snowball's Swedish stemmer keeps on, so that "krig" found no "kriget";
// nothing when the word does not end so, or too little of it would be left.
std::optional<std::string_view> without_swedish_definite_ending(std::string_view word) {
  // Letters: "huset" and "skolan" have an ending to take; "plan" and "Iran" have none. A word
  // that only looks definite ("paket", "planet") also gets a stem it does not have ("pak",
  // "plan"): a rare false match, against every definite form of a noun found.
  constexpr size_t kShortestWord = 5;
  if (count_characters(word) < kShortestWord) return std::nullopt;
  if (word.ends_with("et")) return word.substr(0, word.size() - 2);
  if (word.ends_with("an")) return word.substr(0, word.size() - 1);  // "skolan": "skola"
  return std::nullopt;
}

// True when a German word's split cuts just after an inseparable verb prefix and a letter or two
// ("bein|haltet": be-inhaltet, "verb|rauchen": ver-brauchen): a word written in lower case is no
// noun, so no compound of nouns, and the first part is the prefix's accident.
bool cuts_after_a_verb_prefix(std::string_view lower, const std::vector<std::string>& parts) {
  static constexpr std::string_view kPrefixes[] = {"be", "ge", "er", "ver", "zer", "ent", "emp", "miss"};
  constexpr size_t kLettersAfterPrefix = 2;
  for (std::string_view prefix : kPrefixes) {
    if (!lower.starts_with(prefix)) continue;
    for (const std::string& part : parts) {
      if (lower.starts_with(part) && part.size() <= prefix.size() + kLettersAfterPrefix) return true;
    }
  }
  return false;
}

// The stem a Dutch stem has in the singular, when its plural changed its last consonant:
// "prijzen" and "huizen" stem to "prijz" and "huiz", "brieven" to "briev", where "prijs", "huis"
// and "brief" stem to themselves (Xapian's Dutch stemmer is Porter's, which does not undo the
// change; the Kraaij-Pohlmann one that Snowball now has does). Likewise a consonant doubled
// before an ending or a compound's link, which Dutch never writes at a word's end: "zonne" (of
// "zonnepanelen") stems to "zonn", "zon" to itself.
std::optional<std::string> dutch_singular_stem(const std::string& stem) {
  constexpr size_t kShortestStem = 3;  // bytes before the changed consonant
  if (stem.size() <= kShortestStem) return std::nullopt;
  if (stem.ends_with('z')) return stem.substr(0, stem.size() - 1) + "s";
  if (stem.ends_with('v')) return stem.substr(0, stem.size() - 1) + "f";
  const char last = stem.back();
  if (last >= 'a' && last <= 'z' && std::string_view("aeiouy").find(last) == std::string_view::npos &&
      stem[stem.size() - 2] == last)
    return stem.substr(0, stem.size() - 1);
  return std::nullopt;
}

// Compounds (German, Dutch, Swedish, Danish, Norwegian) also index the stems of their parts
// (without positions), so that "Kabinett" finds "Bundeskabinett"; a phrase still matches the
// compound. They are split with their accents (the stemmer folds the parts). Scandinavian words
// and parts also index their stems without a definite ending, when the word list holds the noun
// ("veien": "vei"; "motorveien": "motor", "vei"), and Swedish ones that end in -et or -an
// without it anyway ("sjukhuset": "sjuk", "hus"); in the
// Scandinavian languages words and parts index the stem of their stem, and in Dutch the
// singular's stem (dutch_singular_stem).
void index_compound_parts(std::string_view text, const std::string& language, const Xapian::Stem& stemmer,
                          Xapian::Document& document) {
  const std::string prefix(schema::kStemPrefix);
  const std::string lower = lower_case(text);
  const bool swedish = language == "sv";
  const bool scandinavian = swedish || language == "da" || language == "no" || language == "nb";
  auto add_without_definite_ending = [&](std::string_view form) {
    if (const auto noun = without_definite_ending(form, language)) {
      document.add_term(prefix + stemmer(*noun));
    } else if (const auto bare = swedish ? without_swedish_definite_ending(form) : std::nullopt) {
      document.add_term(prefix + stemmer(std::string(*bare)));
    }
  };
  // Snowball takes one ending a word: Swedish "flygplatsen" loses its -en and keeps the -s that
  // it takes from "flygplats" ("flygplat"), Norwegian "ministeren" is "minister" and "minister"
  // "minist". The stem of the stem meets the bare word's.
  auto add_other_stems = [&](const std::string& stem) {
    if (scandinavian) {
      if (std::string twice = stemmer(stem); twice != stem) document.add_term(prefix + twice);
    } else if (language == "nl") {
      if (const auto singular = dutch_singular_stem(stem)) document.add_term(prefix + *singular);
    } else if (language == "de") {
      // Snowball keeps a double n of the feminine plural: "Ärztinnen" stems to "arztinn", "Ärztin"
      // to "arztin". The singular's stem too, for a stem of six letters or more ("Zinnen", tin's,
      // is no "Zins").
      constexpr size_t kShortestFeminineStem = 6;
      if (stem.ends_with("inn") && count_characters(stem) >= kShortestFeminineStem)
        document.add_term(prefix + stem.substr(0, stem.size() - 1));
    }
  };
  // Lower-casing kept every letter's length (nearly always): the text says which words it
  // capitalises.
  const bool same_offsets = lower.size() == text.size();
  for (const Word& word : split_words(lower)) {
    const bool written_lower = same_offsets && !starts_upper_case(text.substr(word.offset));
    if (scandinavian) add_without_definite_ending(word.text);
    add_other_stems(stemmer(std::string(word.text)));
    std::vector<std::string> parts = compound_parts(word.text, language);
    if (language == "de" && written_lower && cuts_after_a_verb_prefix(word.text, parts)) parts.clear();
    for (const std::string& part : parts) {
      const std::string stem = stemmer(part);
      document.add_term(prefix + stem);
      add_other_stems(stem);
      // Only a part that ends the word ends as a definite noun: "havne|arbejderne" is no "hav".
      if (scandinavian && word.text.ends_with(part)) add_without_definite_ending(part);
    }
  }
}

// Azerbaijani words also index their forms without case endings (without positions), so that
// "Bakı" finds "Bakıda" and "Naxçıvan" "Naxçıvanın": Xapian has no Azerbaijani stemmer.
void index_forms_without_case_endings(std::string_view folded_text, const Xapian::Stem& stemmer,
                                      Xapian::Document& document) {
  const std::string prefix(schema::kStemPrefix);
  for (const Word& word : split_words(folded_text)) {
    for (const std::string& form : without_turkic_case_endings(word.text)) document.add_term(prefix + stemmer(form));
  }
}

// Arabic and Hebrew words also index their forms without joined prefixes (without positions), so
// that "القاهرة" finds "والقاهرة": Snowball's Arabic stemmer keeps و on, and Hebrew has none.
void index_forms_without_prefixes(std::string_view folded_text, const std::string& language,
                                  const Xapian::Stem& stemmer, Xapian::Document& document) {
  const std::string prefix(schema::kStemPrefix);
  for (const Word& word : split_words(folded_text)) {
    for (const std::string& form : without_joined_prefixes(word.text, language))
      document.add_term(prefix + stemmer(form));
  }
}

// Turkish words also index their stem as Snowball reads the word unfolded, folded after: its
// Turkish stemmer checks vowel harmony, so "programı" and "başkanı" lose their possessive only
// with their ı. Folded first ("programi", "baskani") they kept it, and "program" or "başkan" did
// not find them. Only where the two stems differ (without positions). So does the stem of each
// stem, and a word ending in the possessive -sI after a vowel the stem of its bare noun.
void index_unfolded_turkish_stems(std::string_view text, const Xapian::Stem& folding, Xapian::Document& document) {
  const std::string prefix(schema::kStemPrefix);
  const Xapian::Stem& turkish = name_stemmer("tr");  // Snowball's, unfolded
  const std::string lower_text = lower_case(text);
  for (const Word& word : split_words(lower_text)) {
    const std::string lower(word.text);
    const std::string folded_stem = folding(lower);
    const std::string unfolded_stem = turkish(lower);
    std::string stem = fold_for_matching(unfolded_stem);
    if (stem != folded_stem) document.add_term(prefix + stem);
    // The stemmer takes from a bare noun a last letter it leaves on the same noun before a
    // suffix ("bakan" stems to "baka", "bakanlar" to "bakan"; "deprem" to "depre", "depremler"
    // to "deprem"): a query of the bare noun meets the stem of the inflected word's stem.
    for (std::string twice : {folding(folded_stem), fold_for_matching(turkish(unfolded_stem))}) {
      if (twice != folded_stem && twice != stem) document.add_term(prefix + twice);
    }
    // A noun that changes before an ending ("şehri", "kanadı", "hakkı") has its bare noun's
    // stems, as a query of the bare noun reads it (folded, and unfolded once and twice).
    if (const auto noun = turkish_bare_noun(lower)) {
      const std::string noun_stem = turkish(*noun);
      for (std::string bare :
           {folding(fold_for_matching(*noun)), fold_for_matching(noun_stem), fold_for_matching(turkish(noun_stem))}) {
        if (bare != folded_stem && bare != stem) document.add_term(prefix + bare);
      }
    }
  }
}

// Text is folded before indexing, and queries before parsing, so that case and accents never
// decide a match; the stored text keeps its original form for display and snippets.
// Chinese, Japanese and Korean are indexed as character unigrams and bigrams (schema::kCjkIndexing):
// a word is then found inside any longer run, where dictionary word breaking (ICU's) keeps
// 北京市 or 日本人 whole and misses 北京 and 日本 (docs/searching.md has the measurement).
// No pair is indexed across a boundary between two words of ICU's dictionary (市长, mayor, in
// 南京市|长江大桥: with_cjk_word_separators), so that a word of two characters is not found where
// two words only touch. Thai, Lao, Khmer and Myanmar, whose words are longer and less often
// compounds of others, are indexed as the words of ICU's dictionaries (with_word_breaks), as
// queries are parsed.
void index_words(Xapian::WritableDatabase& database, const Article& article, std::string_view schema_version,
                 Xapian::Document& document) {
  const bool has_cjk =
      has_cjk_character(article.title) || has_cjk_character(article.text) || has_cjk_character(article.author);
  Xapian::TermGenerator terms;
  // The words of titles feed Xapian's spelling dictionary, for "did you mean". Not those of the
  // texts: that cost a quarter of all indexing time, and headlines already hold the names and
  // terms people search for.
  terms.set_database(database);
  terms.set_stemmer(stemmer_for(article.language.empty() ? std::string(kDefaultStemLanguage) : article.language));
  terms.set_stemming_strategy(schema::indexing_strategy(schema::word_forms(schema_version, article.language, has_cjk)));
  terms.set_document(document);
  terms.set_flags(schema::kCjkIndexing);
  // Most text holds neither script: it is folded and nothing more, with no copy made on the way.
  const auto indexed_form = [has_cjk](std::string_view original) {
    std::string folded = has_unspaced_script_character(original) ? fold_for_matching(with_word_breaks(original))
                                                                 : fold_for_matching(original);
    return has_cjk ? with_cjk_word_separators(folded, kUnseenWordBreak) : folded;
  };
  const std::string title = indexed_form(article.title);
  terms.index_text(title, 1, std::string(schema::kTitlePrefix));
  terms.set_flags(schema::kCjkIndexing | Xapian::TermGenerator::FLAG_SPELLING);
  terms.index_text(title, 2);  // title words weigh double in unprefixed search
  terms.set_flags(schema::kCjkIndexing);
  terms.increase_termpos();
  const std::string text = indexed_form(article.text);
  terms.index_text(text);
  if (schema::indexes_word_parts(article.language)) {  // the one list: snippets highlight by it
    const Xapian::Stem& stemmer = stemmer_for(article.language);
    if (article.language == "az" || article.language == "ar" || article.language == "he") {
      for (const std::string_view folded : {std::string_view(title), std::string_view(text)}) {
        if (article.language == "az") {
          index_forms_without_case_endings(folded, stemmer, document);
        } else {
          index_forms_without_prefixes(folded, article.language, stemmer, document);
        }
      }
    } else if (article.language == "tr") {
      for (const std::string_view original : {std::string_view(article.title), std::string_view(article.text)})
        index_unfolded_turkish_stems(original, stemmer_for("tr"), document);
    } else {
      for (const std::string_view original : {std::string_view(article.title), std::string_view(article.text)})
        index_compound_parts(original, article.language, stemmer, document);
    }
  }
  // Thai and its neighbours: a place's name inside a dictionary word with its kind of place
  // ("ខេត្តសៀមរាប") is found by the name alone (without positions).
  for (const std::string_view original : {std::string_view(article.title), std::string_view(article.text)}) {
    if (!has_unspaced_script_character(original)) continue;
    for (const Word& word : split_words(original)) {
      if (const auto name = without_place_class_word(word.text))
        document.add_term(std::string(schema::kStemPrefix) + fold_for_matching(*name));
    }
  }
  if (!article.author.empty())
    terms.index_text(fold_for_matching(with_word_breaks(article.author)), 1, std::string(schema::kAuthorPrefix));
}

// The boolean terms filters and exact facets use, and the values that show and sort.
void add_facets(const Article& article, Xapian::Document& document) {
  using namespace schema;
  document.add_boolean_term(id_term(article.id));
  for (const ScoredCode& country : article.countries)
    document.add_boolean_term(boolean_term(kCountryPrefix, country.code));
  for (const std::string& country : article.mentioned) document.add_boolean_term(boolean_term(kMentionPrefix, country));
  for (const ScoredCode& topic : article.topics) document.add_boolean_term(boolean_term(kTopicPrefix, topic.code));
  if (!article.source.empty()) {
    document.add_boolean_term(boolean_term(kSourcePrefix, fold_for_matching(article.source)));
    document.add_value(kSourceSlot, article.source);
  }
  if (!article.language.empty()) {
    document.add_boolean_term(boolean_term(kLanguagePrefix, article.language));
    document.add_value(kLanguageSlot, article.language);
  }
  if (!article.feed_url.empty()) document.add_boolean_term(boolean_term(kFeedPrefix, article.feed_url));
  if (article.text_source != TextSource::kFeed) {
    document.add_boolean_term(boolean_term(kTextSourcePrefix, name_of(article.text_source)));
  }
  if (article.published) {
    const std::string month = format_month(*article.published);
    document.add_boolean_term(boolean_term(kMonthPrefix, month));
    document.add_value(kPublishedSlot, encode_time(*article.published));
    document.add_value(kMonthSlot, month);
    document.add_value(kDaySlot, format_day(*article.published));
  }
}

// The first codes of the countries and topics, one per slot and as a set: what the searcher's
// estimated and exact facets count.
void add_facet_slots(const Article& article, Xapian::Document& document) {
  using namespace schema;
  for (unsigned i = 0; i < article.countries.size() && i < kMaxFacetCountries; ++i) {
    document.add_value(kFirstCountrySlot + i, article.countries[i].code);
  }
  for (unsigned i = 0; i < article.topics.size() && i < kMaxFacetTopics; ++i) {
    document.add_value(kFirstTopicSlot + i, article.topics[i].code);
  }
  auto add_set = [&](Xapian::valueno slot, const std::vector<ScoredCode>& scored, unsigned most) {
    std::vector<std::string> codes;
    for (unsigned i = 0; i < scored.size() && i < most; ++i) codes.push_back(scored[i].code);
    if (!codes.empty()) document.add_value(slot, join_set(std::move(codes)));
  };
  add_set(kCountrySetSlot, article.countries, kMaxFacetCountries);
  add_set(kTopicSetSlot, article.topics, kMaxFacetTopics);
}

}  // namespace

std::optional<Article> cleaned_for_storage(const Article& article) {
  auto dirty = [](const std::string& field) { return has_control_characters(field); };
  const bool needs_cleaning = dirty(article.title) || dirty(article.source) || dirty(article.author) ||
                              dirty(article.summary) || dirty(article.text) || dirty(article.language) ||
                              std::any_of(article.categories.begin(), article.categories.end(), dirty) ||
                              (!article.url.empty() && !is_safe_link(article.url));
  if (!needs_cleaning) return std::nullopt;
  Article cleaned = article;
  for (std::string* field :
       {&cleaned.title, &cleaned.source, &cleaned.author, &cleaned.summary, &cleaned.text, &cleaned.language}) {
    drop_control_characters(*field);
  }
  for (std::string& category : cleaned.categories) drop_control_characters(category);
  if (!is_safe_link(cleaned.url)) cleaned.url.clear();
  return cleaned;
}

Xapian::Document article_document(Xapian::WritableDatabase& database, const Article& article, std::string data,
                                  const StoryIdentity& story, uint64_t sequence, std::string_view schema_version) {
  Xapian::Document document;
  index_words(database, article, schema_version, document);
  add_facets(article, document);
  add_story_terms(story, document);
  add_facet_slots(article, document);
  document.add_value(schema::kSequenceSlot, schema::encode_sequence(sequence));
  document.add_boolean_term(schema::sequence_block_term(sequence));
  document.set_data(std::move(data));
  return document;
}

namespace {

// The GNU build id among the ELF notes of [note, end), in hex; empty when there is none.
std::string build_id_in_notes(const char* note, const char* end) {
  auto aligned = [](size_t size) { return (size + 3) & ~size_t{3}; };
  while (note + sizeof(ElfW(Nhdr)) <= end) {
    const auto* head = reinterpret_cast<const ElfW(Nhdr)*>(note);
    const char* name = note + sizeof(ElfW(Nhdr));
    const auto* id = reinterpret_cast<const unsigned char*>(name + aligned(head->n_namesz));
    if (head->n_type == NT_GNU_BUILD_ID && head->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
      std::string hex;
      for (ElfW(Word) i = 0; i < head->n_descsz; ++i) {
        hex += "0123456789abcdef"[id[i] >> 4];
        hex += "0123456789abcdef"[id[i] & 15];
      }
      return hex;
    }
    note = name + aligned(head->n_namesz) + aligned(head->n_descsz);
  }
  return {};
}

// The GNU build id of this program (a hash of its code and data, which the linker writes in
// by default), in hex; empty when it has none. Read by hand: no library exposes it, and it is a
// walk over the program's own ELF notes, which the dynamic loader has mapped already.
std::string program_build_id() {
  std::string id;
  auto read_program = [](dl_phdr_info* info, size_t, void* found) {
    auto& hex = *static_cast<std::string*>(found);
    for (ElfW(Half) segment = 0; segment < info->dlpi_phnum && hex.empty(); ++segment) {
      const ElfW(Phdr)& header = info->dlpi_phdr[segment];
      if (header.p_type != PT_NOTE) continue;
      const char* notes = reinterpret_cast<const char*>(info->dlpi_addr + header.p_vaddr);
      hex = build_id_in_notes(notes, notes + header.p_memsz);
    }
    return 1;  // the first object listed is the program itself: the others are not read
  };
  dl_iterate_phdr(read_program, &id);
  return id;
}

}  // namespace

void write_country_synonyms(Xapian::WritableDatabase& database, std::string_view schema_version) {
  // Listing the synonyms builds the gazetteer, most of a writer's start (0.13 s of the 0.16 s of
  // `feeds add`). They depend only on this program's code and data, Xapian's stemmer and the
  // schema: when the database says those are what last wrote them, they are current.
  static const std::string build = program_build_id();
  const std::string writer =
      build.empty() ? std::string() : build + ' ' + Xapian::version_string() + ' ' + std::string(schema_version);
  const std::string writer_key(schema::kSynonymsWriterKey);
  if (!writer.empty() && database.get_metadata(writer_key) == writer) return;
  // Xapian's query parser looks a synonym up by the word as typed (folded) and searches its
  // values as terms: words as written in an index that has them; else stems, as the English
  // query stems them and as a language without a stemmer indexes them (the name as it is).
  const bool stems_only = schema::word_forms(schema_version, "", false) == schema::WordForms::kStemsOnly;
  const Xapian::Stem& english = stemmer_for(std::string(kDefaultStemLanguage));
  std::vector<std::pair<std::string, std::string>> synonyms;
  std::string listing;
  auto add = [&](const std::string& key, const std::string& value) {
    synonyms.emplace_back(key, value);
    listing += key + '\t' + value + '\n';
  };
  for (const std::vector<std::string>& names : Gazetteer::builtin().own_names()) {
    for (const std::string& key : names) {
      for (const std::string& value : names) {
        // A synonym is one term; and a two-letter one would be a word ("US" is the pronoun "us").
        if (value == key || value.find(' ') != std::string::npos || value.size() <= 2) continue;
        if (!stems_only) {
          add(key, value);
          continue;
        }
        const std::string stem = std::string(schema::kStemPrefix) + english(value);
        add(key, stem);
        if (stem != std::string(schema::kStemPrefix) + value) add(key, std::string(schema::kStemPrefix) + value);
      }
    }
  }
  const std::string version = fingerprint(listing);
  database.set_metadata(writer_key, writer);  // committed with the writer's first commit
  if (database.get_metadata(std::string(schema::kSynonymsKey)) == version) return;
  std::vector<std::string> old_keys(database.synonym_keys_begin(), database.synonym_keys_end());
  for (const std::string& key : old_keys) database.clear_synonyms(key);
  for (const auto& [key, value] : synonyms) database.add_synonym(key, value);
  database.set_metadata(std::string(schema::kSynonymsKey), version);
}

}  // namespace newsdex::index
