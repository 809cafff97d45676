// The one definition of the newsdex index: every Xapian term prefix, value slot, value encoding
// and metadata key. The indexer writes through these names and the searcher reads through them;
// nobody else spells a raw prefix.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "newsdex/article.h"

namespace newsdex::schema {

// Version of the layout below, stored in the index's metadata under kSchemaVersionKey.
// 2 added the country and topic set slots; version 1 indexes are searched through the
// per-position slots. 3 indexes words by their stems only (WordForms). 4 keeps word positions
// in kPositionsSlot instead of Xapian's position table; 5 keeps them term by term, in blocks of
// the articles a writer added together (newsdex/term_positions.h).
inline constexpr std::string_view kSchemaVersion = "5";

// How the words of a text are indexed, and so how a query must be parsed to match them.
enum class WordForms {
  // Each word as written, with positions, and "Z" + its stem without (Xapian's STEM_SOME):
  // schema 1 and 2, and Chinese, Japanese and Korean text in every schema (their n-grams have
  // no stem, and Xapian's query parser reads CJK phrases only this way).
  kWordsAndStems,
  // Each word once, as "Z" + its stem, with positions (STEM_ALL_Z), as Sphinx does with
  // morphology: a third fewer terms to write and postings to store, and a phrase matches its
  // words' inflections ("prime minister" also finds "Prime Minister's").
  kStemsOnly,
};

// The word forms of an index of schema `version` for text in `language` that holds
// (`has_cjk`) or does not hold Chinese, Japanese or Korean characters.
WordForms word_forms(std::string_view version, std::string_view language, bool has_cjk);

// Whether an index of schema `version` keeps its articles' word positions itself (phrase
// searches check them there: kPositionsSlot, position blocks) rather than in Xapian's position
// table.
bool keeps_own_positions(std::string_view version);

// Whether an index of schema `version` keeps the positions of the articles added to a shard in
// position blocks (newsdex/term_positions.h); an article replaced in place, and every article of
// schema 4, keeps them in kPositionsSlot.
bool keeps_positions_in_blocks(std::string_view version);

// Whether articles in `language` also index the stems of parts of their words, without
// positions: the parts of compounds (German, Dutch, Swedish, Danish, Norwegian), Azerbaijani
// words less their case endings, Arabic and Hebrew words less their joined prefixes, Turkish
// bare nouns and stems of stems. Snippets then highlight a word that holds a query's word.
bool indexes_word_parts(std::string_view language);

// Xapian's stemming strategies for `forms`, to index and to parse queries.
Xapian::TermGenerator::stem_strategy indexing_strategy(WordForms forms);
Xapian::QueryParser::stem_strategy parsing_strategy(WordForms forms);

// The prefix of stemmed terms (Xapian's), before a field's prefix: "Zelect", "ZSelect".
inline constexpr std::string_view kStemPrefix = "Z";

// Chinese, Japanese and Korean runs are indexed as character unigrams (with positions) and
// bigrams, and queries and snippets read them the same way, so that a word is found inside a
// longer run. Articles indexed before 2026-12-02 hold such runs as whole terms.
inline constexpr unsigned kCjkIndexing = Xapian::TermGenerator::FLAG_CJK_NGRAM;
inline constexpr unsigned kCjkQueryParsing = Xapian::QueryParser::FLAG_CJK_NGRAM;
inline constexpr unsigned kCjkSnippets = Xapian::MSet::SNIPPET_CJK_NGRAM;

// Term prefixes. Free-text fields are indexed with positions and stemmed; boolean fields hold
// exact values for filters and facets.
inline constexpr std::string_view kIdPrefix = "Q";        // boolean: the article id (unique)
inline constexpr std::string_view kTitlePrefix = "S";     // free text: title words
inline constexpr std::string_view kAuthorPrefix = "A";    // free text: author
inline constexpr std::string_view kCountryPrefix = "XC";  // boolean: countries it is about ("XCAZ")
inline constexpr std::string_view kMentionPrefix = "XM";  // boolean: every country named
inline constexpr std::string_view kTopicPrefix = "XT";    // boolean: IPTC topic slug
inline constexpr std::string_view kSourcePrefix = "XS";   // boolean: folded source name
inline constexpr std::string_view kLanguagePrefix = "L";  // boolean: ISO 639-1 code
inline constexpr std::string_view kMonthPrefix = "XY";    // boolean: "2022-09"
inline constexpr std::string_view kFeedPrefix = "XF";     // boolean: URL of the feed it came from
inline constexpr std::string_view kStoryPrefix = "XK";    // boolean: story key (copies share it)
// boolean: where the article's text came from ("XPpage"); absent for the feed's text, and from
// indexes written before article pages.
inline constexpr std::string_view kTextSourcePrefix = "XP";
// boolean: band N of the text's MinHashes ("XB3:0f1e..."); indexes written before 2026-11-27
// had one "XH" term per MinHash instead.
inline constexpr std::string_view kStoryBandPrefix = "XB";
// boolean: the block of 2^kSequenceBlockBits indexing sequence numbers the article's falls in
// ("XN12"), so that "indexed since" reads the short posting lists of the last blocks instead of
// checking the sequence value of every article the rest of a query matches.
inline constexpr std::string_view kSequenceBlockPrefix = "XN";
inline constexpr unsigned kSequenceBlockBits = 10;

// One query-language field: `name:value` searches `prefix`.
struct QueryField {
  std::string_view name;
  std::string_view prefix;
  bool boolean;  // exact-value filter (true) or free text (false)
};

// The field prefixes users may type in a query, and what each searches.
std::span<const QueryField> query_fields();

// Value slots. Multi-valued fields take one slot per position (first country, second country,
// ...) so that Xapian's stock ValueCountMatchSpy can count them, also on remote databases; and
// one slot with the whole set, so that a facet count reads one value a document, not several
// (ValueCountMatchSpy counts each set, and the searcher adds a set's count to its members).
enum Slot : Xapian::valueno {
  kPublishedSlot = 0,   // encode_time(published); empty when unknown
  kSourceSlot = 1,      // source name as displayed
  kLanguageSlot = 2,    // ISO 639-1
  kMonthSlot = 3,       // "2022-09"
  kStoryKeySlot = 4,    // key shared by near-duplicate copies of one story
  kCountrySetSlot = 5,  // join_set() of the countries the article is about ("AZ TR")
  kTopicSetSlot = 6,    // join_set() of its topics
  kDaySlot = 7,         // "2022-09-20", UTC (--sort recent's boost; absent from older indexes)
  kMinHashSlot = 8,     // the text's 16 MinHashes, 8 bytes each, little-endian (finding copies)
  // encode_sequence() of the article's place in the order of indexing: numbered when written,
  // increasing across shards and commits (watches read "indexed since"; absent from older indexes)
  kSequenceSlot = 9,
  kFirstCountrySlot = 10,  // countries the article is about, best first
  kFirstTopicSlot = 20,    // topics, best first
  kPositionsSlot = 30,     // the positions of the article's words (newsdex/term_positions.h); schema 4
};
inline constexpr unsigned kMaxFacetCountries = 8;  // slots kFirstCountrySlot .. +7
inline constexpr unsigned kMaxFacetTopics = 5;     // slots kFirstTopicSlot .. +4

// A sharded index is a folder: a Xapian stub file listing its article shards, the shards, and a
// database of bookkeeping (feeds, import positions, the last crawl) that the stub does not list,
// so that searches see articles only. Each writer lane fills one shard at a time and starts the
// next when it holds the index's articles-per-shard: shards/lane-0/0000, shards/lane-0/0001, ...
// The earlier ones are closed: only updates of their own articles still write to them.
inline constexpr std::string_view kStubFile = "XAPIANDB";
inline constexpr std::string_view kShardsFolder = "shards";
inline constexpr std::string_view kStateFolder = "state";
// The index's bookkeeping database: `index`/state for a sharded index, else the index itself.
std::string state_database_path(const std::string& index_path);

// Metadata keys of the index.
inline constexpr std::string_view kSchemaVersionKey = "newsdex:schema";
inline constexpr std::string_view kLastCrawlKey = "newsdex:last-crawl";
// When the last commit that added or changed articles (crawl, add, import) finished: the index's
// "now" for trends and the date of an empty search feed.
inline constexpr std::string_view kLastIndexedKey = "newsdex:last-indexed";
inline constexpr std::string_view kLanesKey = "newsdex:lanes";  // number of writer lanes
// Articles a lane writes into one shard before it starts the next; 0 or unset: no limit.
inline constexpr std::string_view kShardSizeKey = "newsdex:shard-size";
// + lane number → the generation of the shard that lane writes now (unset: 0).
inline constexpr std::string_view kLaneGenerationKeyPrefix = "newsdex:lane-generation:";
// Fingerprint of the country-name synonyms the index holds (Gazetteer::own_names()).
inline constexpr std::string_view kSynonymsKey = "newsdex:country-synonyms";
// What wrote those synonyms: the writing program's build, Xapian's version and the schema's. While
// they stay the same, the synonyms are current without listing them again.
inline constexpr std::string_view kSynonymsWriterKey = "newsdex:country-synonyms-writer";
// The highest indexing sequence number (kSequenceSlot) that a finished commit made durable: every
// article numbered up to it is searchable, in every shard.
inline constexpr std::string_view kSequenceKey = "newsdex:sequence";
inline constexpr std::string_view kFeedKeyPrefix = "feed:";  // + URL → the feed's JSON record
// + article id → the article's page, still to fetch (indexer's page_queue.h).
inline constexpr std::string_view kPageKeyPrefix = "page:";
// + site ("https://example.org:443") → its robots.txt as last fetched (indexer's page_queue.h).
inline constexpr std::string_view kRobotsKeyPrefix = "robots:";
// + watch name → the watch's JSON record (newsdex/watch.h).
inline constexpr std::string_view kWatchKeyPrefix = "watch:";
// + fingerprint of a watch name + ":" + story key → "1": the watch delivered that story.
inline constexpr std::string_view kWatchStoryKeyPrefix = "watch-story:";
// + absolute path of an imported file → how far its import got (JSON: see indexer/src/import.cc).
inline constexpr std::string_view kImportKeyPrefix = "import:";
// + absolute path of a single-database index → "copying" or "done": a sharded index made from it.
inline constexpr std::string_view kMigrationKeyPrefix = "migrated-from:";

// The unique term of an article id. Ids longer than a Xapian term allows are cut and
// completed with a hash of the whole id.
std::string id_term(std::string_view article_id);

// A boolean term: prefix + value, cut to Xapian's term length limit.
std::string boolean_term(std::string_view prefix, std::string_view value);

// The value of a set slot: the codes sorted, space-separated (equal sets, equal values).
std::string join_set(std::vector<std::string> codes);
// The codes of a set slot's value.
std::vector<std::string> split_set(std::string_view value);

// Sortable encoding of a time for kPublishedSlot (Xapian::sortable_serialise of Unix seconds).
std::string encode_time(Timestamp time);
// The inverse of encode_time; nothing for an empty value.
std::optional<Timestamp> decode_time(const std::string& value);

// The kSequenceBlockPrefix term of an indexing sequence number.
std::string sequence_block_term(uint64_t sequence);
// Sortable encoding of an indexing sequence number for kSequenceSlot.
std::string encode_sequence(uint64_t sequence);
// The inverse of encode_sequence; 0 for an empty value.
uint64_t decode_sequence(const std::string& value);
// The document data: everything needed to show an article, as JSON.
std::string encode_document_data(const Article& article);
// The inverse of encode_document_data. Throws RuntimeFailure on corrupt data.
Article decode_document_data(const std::string& data);

}  // namespace newsdex::schema
