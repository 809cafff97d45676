#include "newsdex/schema.h"

#include <simdjson.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "newsdex/enum_names.h"
#include "newsdex/error.h"
#include "newsdex/text.h"

namespace newsdex::schema {
namespace {

// Xapian's limit is 245 bytes for a term; leave room for the prefix.
constexpr size_t kMaxTermValueBytes = 200;

constexpr std::array<QueryField, 8> kQueryFields = {{
    {"title", kTitlePrefix, false},
    {"author", kAuthorPrefix, false},
    {"country", kCountryPrefix, true},
    {"mentions", kMentionPrefix, true},
    {"topic", kTopicPrefix, true},
    {"source", kSourcePrefix, true},
    {"lang", kLanguagePrefix, true},
    {"month", kMonthPrefix, true},
}};

constexpr EnumNames<TextSource, 2> kTextSourceNames{{{TextSource::kFeed, "feed"}, {TextSource::kPage, "page"}}};
constexpr EnumNames<DateSource, 3> kDateSourceNames{
    {{DateSource::kFeed, "feed"}, {DateSource::kPage, "page"}, {DateSource::kSeen, "seen"}}};

nlohmann::json scored_to_json(const std::vector<ScoredCode>& codes) {
  auto array = nlohmann::json::array();
  for (const auto& scored : codes) array.push_back({scored.code, scored.score});
  return array;
}

}  // namespace

std::span<const QueryField> query_fields() { return kQueryFields; }

std::string boolean_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (value.size() <= kMaxTermValueBytes) {
    term += value;
  } else {
    // Cut at a UTF-8 boundary, then keep the cut value unique with a hash of the whole.
    size_t cut = kMaxTermValueBytes - 17;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    term += value.substr(0, cut);
    term += '#';
    term += fingerprint(value);
  }
  return term;
}

std::string id_term(std::string_view article_id) { return boolean_term(kIdPrefix, article_id); }

std::string state_database_path(const std::string& index_path) {
  const std::filesystem::path folder(index_path);
  return std::filesystem::exists(folder / kStubFile) ? (folder / kStateFolder).string() : index_path;
}

WordForms word_forms(std::string_view version, std::string_view language, bool has_cjk) {
  // Indexes from before versions were recorded (none recorded) index words and stems too.
  const bool before_stems_only = version.empty() || std::atoi(std::string(version).c_str()) < 3;
  const bool cjk = has_cjk || language == "zh" || language == "ja" || language == "ko";
  return before_stems_only || cjk ? WordForms::kWordsAndStems : WordForms::kStemsOnly;
}

bool indexes_word_parts(std::string_view language) {
  return language == "de" || language == "nl" || language == "sv" || language == "da" || language == "no" ||
         language == "nb" || language == "az" || language == "ar" || language == "he" || language == "tr";
}

bool keeps_own_positions(std::string_view version) {
  return !version.empty() && std::atoi(std::string(version).c_str()) >= 4;
}

bool keeps_positions_in_blocks(std::string_view version) {
  return !version.empty() && std::atoi(std::string(version).c_str()) >= 5;
}

Xapian::TermGenerator::stem_strategy indexing_strategy(WordForms forms) {
  return forms == WordForms::kStemsOnly ? Xapian::TermGenerator::STEM_ALL_Z : Xapian::TermGenerator::STEM_SOME;
}

Xapian::QueryParser::stem_strategy parsing_strategy(WordForms forms) {
  return forms == WordForms::kStemsOnly ? Xapian::QueryParser::STEM_ALL_Z : Xapian::QueryParser::STEM_SOME;
}

std::string join_set(std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  std::string value;
  for (const std::string& code : codes) {
    if (!value.empty()) value.push_back(' ');
    value += code;
  }
  return value;
}

std::vector<std::string> split_set(std::string_view value) {
  std::vector<std::string> codes;
  while (!value.empty()) {
    const size_t end = std::min(value.find(' '), value.size());
    if (end > 0) codes.emplace_back(value.substr(0, end));
    value.remove_prefix(std::min(end + 1, value.size()));
  }
  return codes;
}

std::string encode_time(Timestamp time) {
  return Xapian::sortable_serialise(static_cast<double>(time.time_since_epoch().count()));
}

std::optional<Timestamp> decode_time(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return Timestamp(std::chrono::seconds(static_cast<long long>(Xapian::sortable_unserialise(value))));
}

std::string sequence_block_term(uint64_t sequence) {
  return std::string(kSequenceBlockPrefix) + std::to_string(sequence >> kSequenceBlockBits);
}

std::string encode_sequence(uint64_t sequence) { return Xapian::sortable_serialise(static_cast<double>(sequence)); }

uint64_t decode_sequence(const std::string& value) {
  return value.empty() ? 0 : static_cast<uint64_t>(Xapian::sortable_unserialise(value));
}

std::string encode_document_data(const Article& article) {
  nlohmann::json data = {
      {"id", article.id},
      {"title", article.title},
      {"url", article.url},
      {"source", article.source},
      {"feed", article.feed_url},
      {"author", article.author},
      {"summary", article.summary},
      {"text", article.text},
      {"categories", article.categories},
      {"language", article.language},
      {"countries", scored_to_json(article.countries)},
      {"mentioned", article.mentioned},
      {"topics", scored_to_json(article.topics)},
  };
  if (article.published) data["published"] = article.published->time_since_epoch().count();
  if (article.updated) data["updated"] = article.updated->time_since_epoch().count();
  // What a page added, only when it did: an article from its feed alone is stored exactly as
  // before pages existed, so that a crawl finds it unchanged.
  if (article.text_source != TextSource::kFeed) data["text_source"] = name_of(article.text_source);
  if (article.published_source != DateSource::kFeed) data["published_source"] = name_of(article.published_source);
  if (!article.canonical_url.empty()) data["canonical_url"] = article.canonical_url;
  if (!article.authors.empty()) data["authors"] = article.authors;
  if (!article.image.empty()) data["image"] = article.image;
  if (!article.page_error.empty()) data["page_error"] = article.page_error;
  return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Decoded with simdjson's on-demand parser: a results page decodes every hit's stored article,
// and nlohmann's parser took 11 us for an article of 1.8 kB where simdjson takes 0.5.
namespace {

std::string string_of(simdjson::ondemand::value value) { return std::string(std::string_view(value.get_string())); }

std::vector<std::string> strings_of(simdjson::ondemand::value value) {
  std::vector<std::string> strings;
  for (auto element : value.get_array()) strings.push_back(string_of(element.value()));
  return strings;
}

std::vector<ScoredCode> scored_of(simdjson::ondemand::value value) {
  std::vector<ScoredCode> codes;
  for (auto pair : value.get_array()) {
    ScoredCode scored;
    size_t elements = 0;
    for (auto element : pair.get_array()) {
      if (elements == 0) scored.code = string_of(element.value());
      if (elements == 1) scored.score = double(element.get_double());
      ++elements;
    }
    if (elements != 2) throw RuntimeFailure("corrupt document data in the index: a scored code is not [code, score]");
    codes.push_back(std::move(scored));
  }
  return codes;
}

}  // namespace

Article decode_document_data(const std::string& data) {
  thread_local simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(data);
  Article article;
  bool has_id = false;
  try {
    simdjson::ondemand::document document = parser.iterate(padded);
    for (auto field : document.get_object()) {
      const std::string_view key = field.unescaped_key();
      simdjson::ondemand::value value = field.value();
      if (key == "id") {
        article.id = string_of(value);
        has_id = true;
      } else if (key == "title") {
        article.title = string_of(value);
      } else if (key == "url") {
        article.url = string_of(value);
      } else if (key == "source") {
        article.source = string_of(value);
      } else if (key == "feed") {
        article.feed_url = string_of(value);
      } else if (key == "author") {
        article.author = string_of(value);
      } else if (key == "summary") {
        article.summary = string_of(value);
      } else if (key == "text") {
        article.text = string_of(value);
      } else if (key == "categories") {
        article.categories = strings_of(value);
      } else if (key == "language") {
        article.language = string_of(value);
      } else if (key == "countries") {
        article.countries = scored_of(value);
      } else if (key == "mentioned") {
        article.mentioned = strings_of(value);
      } else if (key == "topics") {
        article.topics = scored_of(value);
      } else if (key == "published") {
        article.published = Timestamp(std::chrono::seconds(int64_t(value.get_int64())));
      } else if (key == "updated") {
        article.updated = Timestamp(std::chrono::seconds(int64_t(value.get_int64())));
      } else if (key == "text_source") {
        article.text_source = value_named(kTextSourceNames, string_of(value)).value_or(TextSource::kFeed);
      } else if (key == "published_source") {
        article.published_source = value_named(kDateSourceNames, string_of(value)).value_or(DateSource::kFeed);
      } else if (key == "canonical_url") {
        article.canonical_url = string_of(value);
      } else if (key == "authors") {
        article.authors = strings_of(value);
      } else if (key == "image") {
        article.image = string_of(value);
      } else if (key == "page_error") {
        article.page_error = string_of(value);
      }
    }
  } catch (const simdjson::simdjson_error& error) {
    throw RuntimeFailure(std::string("corrupt document data in the index: ") + error.what());
  }
  if (!has_id) throw RuntimeFailure("corrupt document data in the index: no article id");
  return article;
}

}  // namespace newsdex::schema

namespace newsdex {

std::string_view name_of(TextSource source) { return name_of(schema::kTextSourceNames, source); }
std::string_view name_of(DateSource source) { return name_of(schema::kDateSourceNames, source); }

}  // namespace newsdex
