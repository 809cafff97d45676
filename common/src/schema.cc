#include "newsdex/schema.h"

#include <algorithm>
#include <array>
#include <cstdio>
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

std::vector<ScoredCode> scored_from_json(const nlohmann::json& array) {
  std::vector<ScoredCode> codes;
  for (const auto& pair : array) codes.push_back({pair.at(0).get<std::string>(), pair.at(1).get<double>()});
  return codes;
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

Article decode_document_data(const std::string& data) {
  try {
    const auto json = nlohmann::json::parse(data);
    Article article;
    article.id = json.at("id").get<std::string>();
    article.title = json.value("title", "");
    article.url = json.value("url", "");
    article.source = json.value("source", "");
    article.feed_url = json.value("feed", "");
    article.author = json.value("author", "");
    article.summary = json.value("summary", "");
    article.text = json.value("text", "");
    article.categories = json.value("categories", std::vector<std::string>{});
    article.language = json.value("language", "");
    article.countries = scored_from_json(json.value("countries", nlohmann::json::array()));
    article.mentioned = json.value("mentioned", std::vector<std::string>{});
    article.topics = scored_from_json(json.value("topics", nlohmann::json::array()));
    if (json.contains("published"))
      article.published = Timestamp(std::chrono::seconds(json["published"].get<long long>()));
    if (json.contains("updated")) article.updated = Timestamp(std::chrono::seconds(json["updated"].get<long long>()));
    article.text_source = value_named(kTextSourceNames, json.value("text_source", "")).value_or(TextSource::kFeed);
    article.published_source =
        value_named(kDateSourceNames, json.value("published_source", "")).value_or(DateSource::kFeed);
    article.canonical_url = json.value("canonical_url", "");
    article.authors = json.value("authors", std::vector<std::string>{});
    article.image = json.value("image", "");
    article.page_error = json.value("page_error", "");
    return article;
  } catch (const nlohmann::json::exception& error) {
    throw RuntimeFailure(std::string("corrupt document data in the index: ") + error.what());
  }
}

}  // namespace newsdex::schema

namespace newsdex {

std::string_view name_of(TextSource source) { return name_of(schema::kTextSourceNames, source); }
std::string_view name_of(DateSource source) { return name_of(schema::kDateSourceNames, source); }

}  // namespace newsdex
