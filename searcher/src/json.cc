// The JSON of searches and articles (docs/json.md): one writer for the command line, the HTTP
// API and embedders.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "newsdex/search.h"
#include "newsdex/time.h"

namespace newsdex::search {
namespace {

std::vector<std::string> codes_of(const std::vector<ScoredCode>& scored) {
  std::vector<std::string> codes;
  for (const auto& code : scored) codes.push_back(code.code);
  return codes;
}

nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

nlohmann::ordered_json time_or_null(const std::optional<Timestamp>& time) {
  return time ? nlohmann::ordered_json(format_rfc3339(*time)) : nlohmann::ordered_json();
}

nlohmann::ordered_json hit_fields(const Article& article) {
  return {{"id", article.id},
          {"title", article.title},
          {"url", text_or_null(article.url)},
          {"source", text_or_null(article.source)},
          {"published", time_or_null(article.published)},
          {"language", text_or_null(article.language)},
          {"countries", codes_of(article.countries)},
          {"mentioned", article.mentioned},
          {"topics", codes_of(article.topics)},
          {"text_source", name_of(article.text_source)},
          {"canonical_url", text_or_null(article.canonical_url)},
          {"authors", article.authors},
          {"image", text_or_null(article.image)},
          {"published_source",
           article.published ? nlohmann::ordered_json(name_of(article.published_source)) : nlohmann::ordered_json()}};
}

std::string escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

nlohmann::ordered_json to_json(const SearchHit& hit) {
  nlohmann::ordered_json json = hit_fields(hit.article);
  json["score"] = hit.score;
  json["snippet"] = hit.snippet;
  json["duplicates"] = hit.duplicates;
  if (!hit.article.page_error.empty()) json["page_error"] = hit.article.page_error;
  return json;
}

namespace {

// [{"value", "count", "label"?}] of one facet.
nlohmann::ordered_json counts_json(const FacetResult& facet) {
  nlohmann::ordered_json counts = nlohmann::ordered_json::array();
  for (const FacetCount& count : facet.counts) {
    nlohmann::ordered_json entry = {{"value", count.value}, {"count", count.count}};
    if (!count.label.empty()) entry["label"] = count.label;
    counts.push_back(std::move(entry));
  }
  return counts;
}

}  // namespace

nlohmann::ordered_json to_json(const FacetResult& values) {
  return {{"facet", facet_name(values.facet)}, {"values", counts_json(values)}};
}

nlohmann::ordered_json to_json(const SearchResponse& response) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const SearchHit& hit : response.hits) hits.push_back(to_json(hit));
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const FacetResult& facet : response.facets) facets[std::string(facet_name(facet.facet))] = counts_json(facet);
  return {{"query", response.query},
          {"total", response.total},
          {"offset", response.offset},
          {"corrected_query",
           response.corrected_query ? nlohmann::ordered_json(*response.corrected_query) : nlohmann::ordered_json()},
          {"showing_corrected", response.showing_corrected},
          {"relaxed", response.relaxed},
          {"hits", std::move(hits)},
          {"facets", std::move(facets)}};
}

nlohmann::ordered_json article_to_json(const Article& article, const std::vector<std::string>& copies) {
  nlohmann::ordered_json json = hit_fields(article);
  json["score"] = 0;
  json["snippet"] = escape_html(article.summary.empty() ? article.text.substr(0, 240) : article.summary);
  json["duplicates"] = copies.size();
  if (!article.page_error.empty()) json["page_error"] = article.page_error;
  json["text"] = text_or_null(article.text);
  json["summary"] = text_or_null(article.summary);
  json["author"] = text_or_null(article.author);
  json["categories"] = article.categories;
  json["updated"] = time_or_null(article.updated);
  json["copies"] = copies;
  return json;
}

}  // namespace newsdex::search
