#include "query_builder.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <map>
#include <memory>
#include <set>

#include <unicode/utf8.h>

#include "newsdex/error.h"
#include "newsdex/schema.h"
#include "newsdex/taxonomy.h"
#include "newsdex/text.h"
#include "newsdex/time.h"
#include "phrase_check.h"

namespace newsdex::search {
namespace {

using schema::boolean_term;

// Every document. Not a copy of Xapian::Query::MatchAll: that object is shared by every thread
// and its reference count is not atomic, so copying it from two searches at once corrupts it.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

// Queries are stemmed as English until per-language query stemming arrives; text in other
// languages still matches word for word, folded.
constexpr std::string_view kQueryStemLanguage = "en";

// Xapian's boolean operators are upper case in a query; folding must leave them alone.
bool is_operator(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  const std::string_view name = word.substr(0, word.find('/'));  // NEAR/3, ADJ/2
  return std::find(kOperators.begin(), kOperators.end(), name) != kOperators.end();
}

// `query` with `change` applied to every word but the operators.
std::string with_words_changed(std::string_view query, std::string (*change)(std::string_view)) {
  std::string changed;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find_first_of(" \t\n", start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view word = query.substr(start, end - start);
    changed += is_operator(word) ? std::string(word) : change(word);
    if (end < query.size()) changed.push_back(' ');
    start = end + 1;
  }
  return changed;
}

// Folds every word of a query except operators, so that case and accents never decide a match
// (the index is folded the same way).
std::string fold_query(std::string_view query) { return with_words_changed(query, fold_for_matching); }

// The stem of a Turkish word's stem as Snowball reads the word unfolded, folded after: a stem the
// indexer adds for each word of a Turkish article (index_unfolded_turkish_stems). Snowball's
// Turkish stemmer checks vowel harmony and takes no suffix from a folded word ("kopruler" stays
// whole, where "köprüler" is "köprü"), and takes from some bare nouns a last syllable it leaves on
// before a suffix ("gemiler" is "gemi", "gemi" is "ge").
class UnfoldedTurkishStemImplementation : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    const Xapian::Stem& turkish = name_stemmer("tr");  // Snowball's, unfolded
    // A noun that changes before an ending ("şehri", "kanadı") is read as its bare noun
    // ("şehir", "kanat"), whose stems the indexer gives such words too
    // (index_unfolded_turkish_stems).
    return fold_for_matching(turkish(turkish(turkish_bare_noun(word).value_or(word))));
  }
  std::string get_description() const override { return "unfolded Turkish"; }
};

// True when the colon at `colon` ends the name of a field of words (title:, author:), whose
// value may be misspelt like any word; other fields (country:TR, topic:, lang:, date:) hold codes.
bool follows_free_text_field(std::string_view query, size_t colon) {
  size_t start = colon;
  while (start > 0 && std::isalpha(static_cast<unsigned char>(query[start - 1]))) --start;
  const std::string_view field = query.substr(start, colon - start);
  return field == "title" || field == "author";
}

// NEAR and ADJ (NEAR/3, ADJ/2), which take single words on either side.
bool is_proximity_operator(std::string_view word) { return word.starts_with("NEAR") || word.starts_with("ADJ"); }

// The first and the last of the words of `text` that spaces keep apart.
std::string_view first_word(std::string_view text) {
  const size_t start = text.find_first_not_of(' ');
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find(' ', start) - start);
}
std::string_view last_word(std::string_view text) {
  const size_t end = text.find_last_not_of(' ');
  if (end == std::string_view::npos) return {};
  const size_t space = text.find_last_of(' ', end);
  const size_t start = space == std::string_view::npos ? 0 : space + 1;
  return text.substr(start, end + 1 - start);
}

// Runs of Thai, Lao, Khmer and Myanmar, which write no spaces, as the words the index holds
// (with_word_breaks): a run of up to three words is a phrase ("ประเทศไทย" is "ประเทศ ไทย", in
// order), a longer one a sentence typed whole, whose words are searched apart as spaced words
// are. In quotes (straight or curly), or after a field's prefix or an operator's sign, the run is
// one phrase; beside NEAR or ADJ, which take single words, it is not quoted; after a filter's
// prefix (source:ไทยรัฐออนไลน์) it is the filter's value, left whole.
std::string quoted_unspaced_runs(const std::string& query) {
  if (!has_unspaced_script_character(query)) return query;
  constexpr size_t kLongestPhrase = 3;  // words
  const std::vector<Word> words = split_words(query);
  std::string out;
  size_t copied = 0;
  for (size_t first = 0; first < words.size();) {
    size_t last = first;  // words that touch are the pieces of one run
    while (last + 1 < words.size() && words[last + 1].offset == words[last].offset + words[last].text.size()) ++last;
    const size_t begin = words[first].offset;
    const size_t end = words[last].offset + words[last].text.size();
    const size_t count = last - first + 1;
    const bool beside_proximity = (first > 0 && is_proximity_operator(words[first - 1].text)) ||
                                  (last + 1 < words.size() && is_proximity_operator(words[last + 1].text));
    first = last + 1;
    const std::string_view run = std::string_view(query).substr(begin, end - begin);
    if (count < 2 || !has_unspaced_script_character(run)) continue;
    if (begin > 0 && query[begin - 1] == ':' && !follows_free_text_field(query, begin - 1)) continue;
    out.append(query, copied, begin - copied);
    size_t quotes = 0;
    for (std::string_view quote : {"\"", "\u201C", "\u201D"}) {
      for (size_t at = 0; (at = out.find(quote, at)) != std::string::npos; at += quote.size()) ++quotes;
    }
    // A sign only where Xapian reads one: after a space or a bracket ("จีน-ไทย" is a hyphen).
    const char before_sign = out.size() >= 2 ? out[out.size() - 2] : ' ';
    const bool after_sign =
        !out.empty() &&
        (out.back() == ':' || ((out.back() == '+' || out.back() == '-') && (before_sign == ' ' || before_sign == '(')));
    const bool phrase = quotes % 2 == 0 && !beside_proximity && (after_sign || count <= kLongestPhrase);
    if (phrase) out.push_back('"');
    out += with_word_breaks(run);
    if (phrase) out.push_back('"');
    copied = end;
  }
  out.append(query, copied);
  return out;
}

// The pairs of neighbouring characters in a CJK `word` that the indexer indexes when it reads
// the word: all but those across a boundary it marks between two words (with_cjk_word_separators).
std::vector<std::string> indexed_character_pairs(std::string_view word) {
  static constexpr std::string_view kMark = "\n";  // no CJK character, nor in any word
  const std::string marked = with_cjk_word_separators(word, kMark);
  std::vector<std::string> pairs;
  const auto* data = reinterpret_cast<const uint8_t*>(marked.data());
  const auto length = static_cast<int32_t>(marked.size());
  int32_t previous = -1;  // where the character before starts, or -1 after a mark
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (marked.compare(static_cast<size_t>(start), kMark.size(), kMark) == 0) {
      previous = -1;
      continue;
    }
    if (previous >= 0) pairs.push_back(marked.substr(static_cast<size_t>(previous), static_cast<size_t>(i - previous)));
    previous = start;
  }
  return pairs;
}

// Chinese, Japanese and Korean words of three characters or more, quoted. The index holds such
// text as characters and pairs of characters, and Xapian's parser asks for a word's pairs
// anywhere in the article: 自行车 (bicycle) would match 行车 and 自行 apart ("自行决定...行车安全").
// Quoted, the characters must stand in order. A run of several words (骑自行车上班) is read into
// its words by ICU's dictionary first, so that each must be whole but they need not be together.
// A quoted word also asks for its pairs, which the index lacks where it read a boundary between
// two words: 研究生 (graduate student) is not found in 研究|生命 (research life). Not beside NEAR or
// ADJ, which take single words, nor after a field's prefix or an operator's sign, which take one
// term or phrase; nor without `with_pairs`.
std::string quoted_cjk_words(const std::string& folded, bool with_pairs) {
  if (!has_cjk_character(folded)) return folded;
  constexpr size_t kShortestQuoted = 3;  // characters: a pair is one term already
  std::string out;
  bool in_quotes = false;
  const auto* data = reinterpret_cast<const uint8_t*>(folded.data());
  const auto length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    // Xapian reads curly quotes as straight ones (Chinese input methods type “”).
    if (c == '"' || c == 0x201C || c == 0x201D) in_quotes = !in_quotes;
    // The prolonged sound mark ー (コーヒー) is a letter of a katakana word, though ICU gives it
    // no script of its own.
    const auto in_run = [](UChar32 letter) {
      return letter >= 0 && (letter == 0x30FC || is_cjk_character(static_cast<char32_t>(letter)));
    };
    if (in_quotes || !in_run(c)) {
      out.append(folded, static_cast<size_t>(start), static_cast<size_t>(i - start));
      continue;
    }
    int32_t end = i;  // of the run of CJK characters
    for (int32_t next = end; next < length;) {
      U8_NEXT(data, next, length, c);
      if (!in_run(c)) break;
      end = next;
    }
    const std::string_view run = std::string_view(folded).substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    // A run of up to four characters is one word or a compound of two (电动汽车, electric car),
    // and after a field's prefix (title:交通安全) the run is one phrase (split, the prefix would
    // hold only its first word): quoted whole.
    constexpr size_t kLongestWhole = 4;  // characters
    // So is a run after an operator's sign (-骑自行车上班 excludes the whole run).
    const bool after_sign = !out.empty() && (out.back() == ':' || out.back() == '-' || out.back() == '+');
    const std::vector<size_t> boundaries = count_characters(run) <= kLongestWhole || after_sign
                                               ? std::vector<size_t>{0, run.size()}
                                               : dictionary_word_boundaries(run);
    // ICU's dictionary reads some words finer than a reader (自行|车, 東京|都): a piece of one
    // character joins the piece before it (the first, the piece after it).
    std::vector<std::string_view> words;
    bool join_next = false;
    for (size_t k = 0; k + 1 < boundaries.size(); ++k) {
      const std::string_view piece = run.substr(boundaries[k], boundaries[k + 1] - boundaries[k]);
      if (join_next || (count_characters(piece) == 1 && !words.empty())) {
        const size_t begin = static_cast<size_t>(words.back().data() - run.data());
        words.back() = run.substr(begin, boundaries[k + 1] - begin);
        join_next = false;
      } else {
        words.push_back(piece);
        join_next = count_characters(piece) == 1;
      }
    }
    // Apart from Latin letters written against the run ("iPhone手机壳"), not from a field prefix.
    if (!out.empty() && std::string_view(" (:+-").find(out.back()) == std::string_view::npos) out.push_back(' ');
    const bool beside_proximity = is_proximity_operator(last_word(out)) ||
                                  is_proximity_operator(first_word(std::string_view(folded).substr(static_cast<size_t>(end))));
    for (size_t k = 0; k < words.size(); ++k) {
      if (k > 0) out.push_back(' ');
      if (count_characters(words[k]) >= kShortestQuoted) {
        const bool pairs_too = with_pairs && !after_sign && !beside_proximity;
        if (pairs_too) out.push_back('(');
        out.append("\"").append(words[k]).append("\"");
        if (pairs_too) {
          for (const std::string& pair : indexed_character_pairs(words[k])) out.append(" AND ").append(pair);
          out.push_back(')');
        }
      } else {
        out.append(words[k]);
      }
    }
    i = end;
    if (i < length && std::string_view(" )").find(folded[static_cast<size_t>(i)]) == std::string_view::npos)
      out.push_back(' ');
  }
  return out;
}

Xapian::Query country_query(std::string_view prefix, const std::string& value) {
  const auto code = Gazetteer::builtin().resolve(value);
  if (!code) throw InputError("unknown country '" + value + "' (use an ISO 3166-1 code such as AZ, or a name)");
  return Xapian::Query(boolean_term(prefix, *code));
}

Xapian::Query topic_query(const std::string& value) {
  const std::string slug = fold_for_matching(value);
  if (!is_topic_slug(slug)) throw InputError("unknown topic '" + value + "' (one of: " + topic_slug_list() + ")");
  return Xapian::Query(boolean_term(schema::kTopicPrefix, slug));
}

Xapian::Query language_query(const std::string& value) {
  return Xapian::Query(boolean_term(schema::kLanguagePrefix, fold_for_matching(value)));
}

Xapian::Query source_query(const std::string& value) {
  return Xapian::Query(boolean_term(schema::kSourcePrefix, fold_for_matching(value)));
}

Xapian::Query month_query(const std::string& value) { return Xapian::Query(boolean_term(schema::kMonthPrefix, value)); }

// Lets the query language use the same values as the filters: `country:Türkiye`, `topic:sport`.
// A bad value is recorded in `error` rather than thrown: an exception thrown through Xapian's
// query parser leaks parser state, so build_queries throws after parsing instead.
class FieldValue : public Xapian::FieldProcessor {
 public:
  using Convert = Xapian::Query (*)(std::string_view prefix, const std::string& value);
  FieldValue(std::string_view prefix, Convert convert, std::shared_ptr<std::string> error)
      : prefix_(prefix), convert_(convert), error_(std::move(error)) {}
  Xapian::Query operator()(const std::string& value) override {
    try {
      return convert_(prefix_, value);
    } catch (const InputError& error) {
      if (error_->empty()) *error_ = error.what();
      return Xapian::Query();  // matches nothing
    }
  }

 private:
  std::string_view prefix_;
  Convert convert_;
  std::shared_ptr<std::string> error_;
};

FieldValue::Convert converter_for(std::string_view prefix) {
  if (prefix == schema::kCountryPrefix || prefix == schema::kMentionPrefix) return &country_query;
  if (prefix == schema::kTopicPrefix) return [](std::string_view, const std::string& v) { return topic_query(v); };
  if (prefix == schema::kLanguagePrefix)
    return [](std::string_view, const std::string& v) { return language_query(v); };
  if (prefix == schema::kSourcePrefix) return [](std::string_view, const std::string& v) { return source_query(v); };
  return [](std::string_view, const std::string& v) { return month_query(v); };
}

// `date:2022-09-01..2022-09-30`, `date:2022-09-01..`, `date:..7d`: articles published in that
// span, both ends included, with the date forms of --since and --until. Errors are deferred as
// in FieldValue.
class DateRange : public Xapian::RangeProcessor {
 public:
  explicit DateRange(std::shared_ptr<std::string> error)
      : Xapian::RangeProcessor(schema::kPublishedSlot, "date:"), error_(std::move(error)) {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    try {
      return published_between(
          begin.empty() ? std::nullopt : std::optional(parse_time_bound(begin, now_)),
          end.empty() ? std::nullopt : std::optional(parse_time_bound(end, now_, RangeEnd::kUpper)));
    } catch (const InputError& error) {
      if (error_->empty()) *error_ = error.what();
      return Xapian::Query();  // matches nothing
    }
  }

 private:
  Timestamp now_ = now_utc();
  std::shared_ptr<std::string> error_;
};

template <typename Convert>
std::optional<Xapian::Query> any_of(const std::vector<std::string>& values, Convert convert) {
  if (values.empty()) return std::nullopt;
  std::vector<Xapian::Query> alternatives;
  for (const std::string& value : values) alternatives.push_back(convert(value));
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

}  // namespace

Xapian::Query published_between(std::optional<Timestamp> since, std::optional<Timestamp> until) {
  const std::string low = since ? schema::encode_time(*since) : std::string();
  if (!until) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kPublishedSlot, low);
  const std::string high = schema::encode_time(*until);
  return since ? Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kPublishedSlot, low, high)
               : Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kPublishedSlot, high);
}

Xapian::Stem query_stemmer() {
  // Made once a thread (Xapian's handles count their references without atomics).
  thread_local const Xapian::Stem stemmer = folding_stemmer(kQueryStemLanguage);
  return stemmer;
}

namespace {

// A snippet stems every word of ten texts only to look its stem up among the query's: a sixth
// of a top-10 search. English stems keep their word's first two letters, so a word whose
// first two (ASCII) bytes begin none of the query's stems cannot match and is not stemmed.
// In an article whose words hold others (compounds; Azerbaijani case endings, written without
// an apostrophe), a word that holds a query stem of four bytes or more is read as that stem, so
// that "Klimaschutzgesetz" is highlighted for `Klimaschutz` and "Bakıda" for `Bakı`: the index
// found the article by that part.
class SnippetStemImplementation : public Xapian::StemImplementation {
 public:
  SnippetStemImplementation(const Xapian::Query& query, bool words_hold_words)
      : stemmer_(query_stemmer()), words_hold_words_(words_hold_words) {
    for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
      const std::string& name = *term;
      if (name.size() < 2 || name[0] != 'Z') continue;  // stemmed terms: "Z" and the stem
      const std::string_view stem = std::string_view(name).substr(1);
      if (stem.size() == 1) {
        one_letter_stems_.set(static_cast<unsigned char>(stem[0]));
      } else {
        stem_openings_.set(opening(stem));
      }
      if (words_hold_words && stem.size() >= kShortestHeldStem) held_stems_.emplace_back(stem);
    }
  }
  std::string operator()(const std::string& word) override {
    if (words_hold_words_) return stem_or_held_stem(word);
    const bool ascii_opening =
        word.size() >= 2 && static_cast<unsigned char>(word[0]) < 0x80 && static_cast<unsigned char>(word[1]) < 0x80;
    if (ascii_opening && !stem_openings_.test(opening(word)) &&
        !one_letter_stems_.test(std::tolower(static_cast<unsigned char>(word[0])))) {
      return {};
    }
    return stemmer_(word);
  }
  std::string get_description() const override { return "snippet " + stemmer_.get_description(); }

 private:
  static constexpr size_t kShortestHeldStem = 4;

  // The first two bytes, in lower case as stems are (Xapian hands over lower-case words anyway).
  static size_t opening(std::string_view word) {
    return std::tolower(static_cast<unsigned char>(word[0])) << 8 | std::tolower(static_cast<unsigned char>(word[1]));
  }

  std::string stem_or_held_stem(const std::string& word) {
    std::string stem = stemmer_(word);
    if (std::find(held_stems_.begin(), held_stems_.end(), stem) != held_stems_.end()) return stem;
    const std::string folded = fold_for_matching(word);
    for (const std::string& held : held_stems_) {
      if (folded.size() > held.size() && folded.find(held) != std::string::npos) return held;
    }
    return stem;
  }

  Xapian::Stem stemmer_;
  bool words_hold_words_;
  std::bitset<65536> stem_openings_;     // the first two bytes of each stem of two bytes or more
  std::bitset<256> one_letter_stems_;    // stems of one byte
  std::vector<std::string> held_stems_;  // with words_hold_words_: the stems a word may hold
};

}  // namespace

Xapian::Stem snippet_stemmer(const Xapian::Query& query, bool words_hold_words) {
  return Xapian::Stem(new SnippetStemImplementation(query, words_hold_words));
}

bool has_phrase_syntax(const std::string& query) {
  return query.find('"') != std::string::npos || query.find(" NEAR") != std::string::npos ||
         query.find(" ADJ") != std::string::npos;
}

size_t query_word_count(const std::string& query) { return split_words(query).size(); }

const std::optional<Xapian::Query>& RequestQueries::filter_of(Facet facet) const {
  static const std::optional<Xapian::Query> kNone;
  switch (facet) {
    case Facet::kCountry: return country;
    case Facet::kTopic: return topic;
    case Facet::kSource: return source;
    case Facet::kLanguage: return language;
    case Facet::kMonth: return kNone;
  }
  return kNone;
}

namespace {

// `text` filtered by every filter of `queries` except the one of `excluded`, if given.
Xapian::Query filtered(Xapian::Query text, const RequestQueries& queries, std::optional<Facet> excluded) {
  Xapian::Query query = std::move(text);
  for (Facet facet : {Facet::kCountry, Facet::kTopic, Facet::kSource, Facet::kLanguage}) {
    const auto& filter = queries.filter_of(facet);
    if (filter && facet != excluded) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *filter);
  }
  if (queries.date) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *queries.date);
  if (queries.indexed) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *queries.indexed);
  return query;
}

}  // namespace

Xapian::Query RequestQueries::combined(std::optional<Facet> excluded) const { return filtered(text, *this, excluded); }

Xapian::Query RequestQueries::combined_for_ranking() const {
  return filtered(ranked_text.value_or(text), *this, std::nullopt);
}

namespace {

// Articles whose indexing sequence number is in (indexed_after, indexed_through]: the blocks'
// terms find the few candidates, and the value range cuts the blocks at either end.
Xapian::Query indexed_between(const SearchRequest& request) {
  const uint64_t first = request.indexed_after.value_or(0) + 1;
  const uint64_t last = request.indexed_through.value_or(uint64_t{1} << 52);  // exact in a double
  const Xapian::Query range(Xapian::Query::OP_VALUE_RANGE, schema::kSequenceSlot, schema::encode_sequence(first),
                            schema::encode_sequence(last));
  // A range of more blocks than this (a watch far behind) is faster read by value alone.
  constexpr uint64_t kMaxBlocks = 1024;
  if (last < first || (last >> schema::kSequenceBlockBits) - (first >> schema::kSequenceBlockBits) >= kMaxBlocks) {
    return range;
  }
  std::vector<Xapian::Query> blocks;
  for (uint64_t block = first >> schema::kSequenceBlockBits; block <= last >> schema::kSequenceBlockBits; ++block) {
    blocks.emplace_back(schema::sequence_block_term(block << schema::kSequenceBlockBits));
  }
  return Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(Xapian::Query::OP_OR, blocks.begin(), blocks.end()), range);
}

}  // namespace

RequestQueries build_filters(const SearchRequest& request) {
  RequestQueries queries;
  queries.text = match_all();
  queries.country =
      any_of(request.countries, [](const std::string& v) { return country_query(schema::kCountryPrefix, v); });
  queries.topic = any_of(request.topics, topic_query);
  queries.source = any_of(request.sources, source_query);
  queries.language = any_of(request.languages, language_query);
  if (request.since || request.until) queries.date = published_between(request.since, request.until);
  if (request.indexed_after || request.indexed_through) queries.indexed = indexed_between(request);
  return queries;
}

namespace {

// Synonyms: the index holds every name of a country as a synonym of the others (the indexer
// writes them), so "Turkey" also finds "Türkiye".
constexpr unsigned kParseFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                                 Xapian::QueryParser::FLAG_PURE_NOT |
                                 Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS | schema::kCjkQueryParsing;

// The hidden field of stems a wildcard is searched in, in an index of stems only.
constexpr std::string_view kStemWildcardField = "newsdexstems";

// A query parser for newsdex's query language on `database`. Bad field values are written to
// `field_error` (see FieldValue).
Xapian::QueryParser make_parser(const Xapian::Database& database, bool any_word,
                                const std::shared_ptr<std::string>& field_error) {
  Xapian::QueryParser parser;
  parser.set_database(database);
  parser.set_stemmer(query_stemmer());  // and the stemming strategy, per language (build_queries)
  parser.set_default_op(any_word ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
  for (const schema::QueryField& field : schema::query_fields()) {
    if (field.boolean) {
      parser.add_boolean_prefix(std::string(field.name),
                                (new FieldValue(field.prefix, converter_for(field.prefix), field_error))->release());
    } else {
      parser.add_prefix(std::string(field.name), std::string(field.prefix));
    }
  }
  parser.add_rangeprocessor((new DateRange(field_error))->release());
  parser.add_prefix(std::string(kStemWildcardField), std::string(schema::kStemPrefix));
  for (const schema::QueryField& field : schema::query_fields()) {
    if (!field.boolean) {
      parser.add_prefix(std::string(kStemWildcardField) + std::string(field.name),
                        std::string(schema::kStemPrefix) + std::string(field.prefix));
    }
  }
  return parser;
}

// Xapian expands a wildcard (volc*) over the terms that begin with its letters after its field's
// prefix: words as written. An index of stems only has "Z" + stem instead, so there a wildcard
// word is searched in a hidden field of stems: "volc*" as "kStemWildcardField:volc*", and
// "title:volc*" as "kStemWildcardFieldtitle:volc*". Stems are their words' beginnings, mostly.
std::string wildcards_over_stems(const std::string& folded) {
  std::string rewritten;
  size_t start = 0;
  while (start <= folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    std::string_view word(folded.data() + start, end - start);
    std::string_view sign;
    if (!word.empty() && (word.front() == '+' || word.front() == '-')) {
      sign = word.substr(0, 1);
      word.remove_prefix(1);
    }
    const size_t colon = word.find(':');
    const std::string_view field = colon == std::string_view::npos ? std::string_view() : word.substr(0, colon);
    const bool free_text_field = field == "title" || field == "author";
    if (word.size() > 1 && word.back() == '*' && word.find('"') == std::string_view::npos &&
        (colon == std::string_view::npos || free_text_field)) {
      rewritten +=
          std::string(sign) + std::string(kStemWildcardField) + (free_text_field ? "" : ":") + std::string(word);
    } else {
      rewritten.append(folded, start, end - start);
    }
    if (end < folded.size()) rewritten.push_back(' ');
    start = end + 1;
  }
  return rewritten;
}

}  // namespace

IndexLanguages IndexLanguages::of(const Xapian::Database& database) {
  IndexLanguages languages;
  Xapian::doccount labelled = 0;
  const std::string prefix(schema::kLanguagePrefix);
  for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix); ++term) {
    languages.terms.push_back(*term);
    labelled += term.get_termfreq();
  }
  languages.all_labelled = labelled == database.get_doccount();
  languages.schema_version = database.get_metadata(std::string(schema::kSchemaVersionKey));
  return languages;
}

namespace {

// The Turkish version of a query: its folded words' stems, or (an article of either matching)
// the stems of its words as typed, which Snowball can read (UnfoldedTurkishStemImplementation).
// Those stems are indexed without positions: a phrase is searched with the folded stems only.
Xapian::Query turkish_version(Xapian::QueryParser& parser, const Xapian::Query& folded_stems, const std::string& query,
                              unsigned flags) {
  if (has_phrase_syntax(query)) return folded_stems;
  parser.set_stemmer(Xapian::Stem(new UnfoldedTurkishStemImplementation));
  const Xapian::Query typed_stems = parser.parse_query(with_words_changed(query, lower_case), flags);
  if (typed_stems.get_description() == folded_stems.get_description()) return folded_stems;
  return Xapian::Query(Xapian::Query::OP_OR, folded_stems, typed_stems);
}

// The Azerbaijani version of a query of plain words: its stems, or (an article of either
// matching) each word as any of its forms without case endings, which the indexer adds for every
// word of an Azerbaijani article (Xapian has no Azerbaijani stemmer): "körpünün" finds "körpü".
Xapian::Query azerbaijani_version(const Xapian::Query& stems, const std::string& folded, const Xapian::Stem& stemmer,
                                  bool any_word) {
  const std::vector<Word> words = split_words(folded);
  std::string rejoined;
  for (const Word& word : words) rejoined += (rejoined.empty() ? "" : " ") + std::string(word.text);
  if (words.empty() || rejoined != folded) return stems;  // operators, quotes, fields: as parsed
  const std::string prefix(schema::kStemPrefix);
  std::vector<Xapian::Query> each_word;
  bool any_form = false;
  for (const Word& word : words) {
    std::vector<std::string> terms = {prefix + stemmer(std::string(word.text))};
    for (const std::string& form : without_turkic_case_endings(word.text)) terms.push_back(prefix + stemmer(form));
    any_form = any_form || terms.size() > 1;
    each_word.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }
  if (!any_form) return stems;
  const Xapian::Query forms(any_word ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, each_word.begin(), each_word.end());
  return Xapian::Query(Xapian::Query::OP_OR, stems, forms);
}

// Whether some term of `version` not among `english_terms` is in the index. A language's
// version whose own stems no article has matches, through the terms it shares with the English
// version, only articles the English version matches too: its branch would open posting
// lists for nothing (most queries, when other languages are a few hundred articles).
bool has_own_indexed_term(const Xapian::Query& version, const std::set<std::string>& english_terms,
                          const Xapian::Database& database) {
  for (auto term = version.get_unique_terms_begin(); term != version.get_unique_terms_end(); ++term) {
    if (!english_terms.contains(*term) && database.term_exists(*term)) return true;
  }
  return false;
}

}  // namespace

RequestQueries build_queries(const SearchRequest& request, const Xapian::Database& database,
                             const IndexLanguages& languages, bool any_word) {
  RequestQueries queries = build_filters(request);
  const bool has_filter = queries.country || queries.topic || queries.source || queries.language || queries.date;
  if (request.query.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (!has_filter) throw InputError("empty query: give words to search for, or a filter such as --country");
    return queries;
  }

  auto field_error = std::make_shared<std::string>();
  Xapian::QueryParser parser = make_parser(database, any_word, field_error);
  // Articles were stemmed in their own language (English when unknown). The query is stemmed
  // the same way once per language in the index, each version searching that language's
  // articles, so that an inflected form finds the others in every language.
  // Runs of Thai and its neighbours are read into words before folding, as the indexer reads
  // them: folding decomposes some of their vowels (Thai ำ), and ICU's dictionary then reads
  // other words.
  const std::string unquoted = fold_query(quoted_unspaced_runs(request.query));
  std::string folded = quoted_cjk_words(unquoted, true);
  // A CJK word's pairs are bracketed with it, which a stray bracket of the user's ("研究生)") can
  // make a syntax error Xapian does not forgive: then the word is its characters in order only.
  if (has_cjk_character(folded)) {
    try {
      parser.parse_query(folded, kParseFlags);
    } catch (const Xapian::QueryParserError&) {
      folded = quoted_cjk_words(unquoted, false);
    }
  }
  const bool has_cjk = has_cjk_character(folded);
  auto parse_in = [&](std::string_view language) {
    parser.set_stemmer(folding_stemmer(language));
    const schema::WordForms forms = schema::word_forms(languages.schema_version, language, has_cjk);
    parser.set_stemming_strategy(schema::parsing_strategy(forms));
    const bool wildcards = forms == schema::WordForms::kStemsOnly && folded.find('*') != std::string::npos;
    const Xapian::Query version = parser.parse_query(wildcards ? wildcards_over_stems(folded) : folded, kParseFlags);
    // Turkish and Azerbaijani articles index more stems than their words' (an index of words and
    // stems, from before schema 3, has none): queries ask for them too.
    if (forms != schema::WordForms::kStemsOnly || wildcards) return version;
    if (language == "tr") return turkish_version(parser, version, request.query, kParseFlags);
    if (language == "az") return azerbaijani_version(version, folded, folding_stemmer(language), any_word);
    return version;
  };
  try {
    const Xapian::Query english = parse_in(kQueryStemLanguage);
    Xapian::Query main = english;
    std::vector<FilteredBranch> branches;
    const std::string prefix(schema::kLanguagePrefix);
    const std::string english_term = prefix + std::string(kQueryStemLanguage);
    if (languages.all_labelled && languages.terms.size() == 1 && languages.terms.front() != english_term) {
      main = parse_in(languages.terms.front().substr(prefix.size()));  // a wholly non-English index
    } else {
      // Most languages stem most queries as English does; only those whose version differs get
      // a branch of their own, filtered to their articles. The English version searches every
      // article: excluding the few of other languages, or filtering to the English ones, would
      // read a long posting list for every candidate. (An article whose own stems equal the
      // English ones matches both branches and scores for both: rare, and still relevant.)
      std::map<std::string, FilteredBranch> differing;  // by description
      const std::string english_description = english.get_description();
      const std::set<std::string> english_terms(english.get_unique_terms_begin(), english.get_unique_terms_end());
      for (const std::string& term : languages.terms) {
        if (term == english_term) continue;
        const Xapian::Query version = parse_in(term.substr(prefix.size()));
        std::string description = version.get_description();
        if (description == english_description || !has_own_indexed_term(version, english_terms, database)) continue;
        differing.try_emplace(std::move(description), FilteredBranch{version, {}}).first->second.terms.push_back(term);
      }
      for (auto& [description, branch] : differing) branches.push_back(std::move(branch));
    }
    queries.text = Xapian::Query();  // nothing to search for when the query is only stop words or syntax
    if (!english.empty()) {
      std::vector<Xapian::Query> parts = {main};
      for (const FilteredBranch& branch : branches) {
        parts.emplace_back(Xapian::Query::OP_FILTER, branch.query,
                           Xapian::Query(Xapian::Query::OP_OR, branch.terms.begin(), branch.terms.end()));
      }
      queries.text = parts.size() == 1 ? main : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }
    // An index of schema 4 or later has no position table: its phrases are checked on the
    // positions newsdex keeps; those every match must hold, by the ranking on its candidates.
    if (schema::keeps_own_positions(languages.schema_version) && !english.empty()) {
      RankingQuery ranking = ranking_query(main, branches);
      if (ranking.required) {
        queries.ranked_text = std::move(ranking.query);
        queries.required_phrases = std::move(ranking.required);
      }
      queries.text = with_phrases_checked(queries.text);
    }
  } catch (const Xapian::QueryParserError& error) {
    throw InputError("invalid query '" + request.query + "': " + error.get_msg());
  }
  if (!field_error->empty()) throw InputError("invalid query '" + request.query + "': " + *field_error);
  if (queries.text.empty()) {
    if (!has_filter) throw InputError("empty query '" + request.query + "': it has no words to search for");
    queries.text = match_all();
  }
  return queries;
}

std::string spelling_correction(const std::string& query, const Xapian::Database& database) {
  // Word by word on the query as typed, so that its quotes, operators, field prefixes and
  // filters stay exactly as the user wrote them; only words no article has are replaced.
  // (Xapian's own corrected query string is rebuilt from the folded query and drops or moves
  // what surrounds a corrected word: '"unclosed phrase' came back as '"closed phase'.)
  std::string corrected;
  size_t copied = 0;
  bool changed = false;
  for (const Word& word : split_words(query)) {
    const size_t end = word.offset + word.text.size();
    const char before = word.offset > 0 ? query[word.offset - 1] : ' ';
    const char after = end < query.size() ? query[end] : ' ';
    // Field names (title:), field values (country:TR), wildcards (volc*), operators, numbers,
    // characters of CJK (n-grams, not words) and words of Thai and its neighbours (whose vowel
    // and tone marks make an edit distance of two a different word: น้ำตก is no misspelt น้ำ)
    // are never misspellings.
    const bool checkable =
        (before != ':' || follows_free_text_field(query, word.offset - 1)) && after != ':' && after != '*' &&
        !is_operator(word.text) &&
        std::none_of(word.text.begin(), word.text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        cjk_script(word.text) == CjkScript::kNone && !has_unspaced_script_character(word.text);
    if (!checkable) continue;
    const std::string folded = fold_for_matching(word.text);
    // An index of stems only has no word as written: a word is known when its stem is.
    if (folded.size() < 3 || database.term_exists(folded) ||
        database.term_exists(std::string(schema::kStemPrefix) + query_stemmer()(folded))) {
      continue;
    }
    std::string suggestion = database.get_spelling_suggestion(folded);
    if (suggestion.empty() || suggestion == folded) continue;
    // "Turksh" → "Turkish": the dictionary's words are folded; keep a capital the user typed.
    if (word.text.front() >= 'A' && word.text.front() <= 'Z' && suggestion.front() >= 'a' &&
        suggestion.front() <= 'z') {
      suggestion.front() = static_cast<char>(suggestion.front() - 'a' + 'A');
    }
    corrected.append(query, copied, word.offset - copied);
    corrected += suggestion;
    copied = end;
    changed = true;
  }
  if (!changed) return {};
  corrected.append(query, copied);
  return corrected;
}

}  // namespace newsdex::search
