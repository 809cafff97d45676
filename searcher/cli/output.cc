#include "output.h"

#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli_support.h"

#include <nlohmann/json.hpp>

namespace newsdex::search::cli {
namespace {

constexpr unsigned kTerminalFacetValues = 10;
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kReset = "\033[0m";

}  // namespace

std::string for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[8];
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c1 = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F) {
      std::snprintf(escape, sizeof escape, "\\x%02X", byte);
      out += escape;
    } else if (c1) {
      std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned char>(text[++i]));
      out += escape;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

namespace {

std::string dump(const nlohmann::ordered_json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Snippets are HTML-safe text with <b> marks; a terminal wants them plain, in bold.
std::string snippet_for_terminal(std::string_view snippet, bool colour) {
  std::string out;
  for (size_t i = 0; i < snippet.size();) {
    auto replace = [&](std::string_view from, std::string_view to) {
      if (snippet.substr(i, from.size()) != from) return false;
      out += to;
      i += from.size();
      return true;
    };
    if (replace("<b>", colour ? kBold : "") || replace("</b>", colour ? kReset : "") || replace("&lt;", "<") ||
        replace("&gt;", ">") || replace("&amp;", "&") || replace("&quot;", "\"") || replace("&#39;", "'")) {
      continue;
    }
    out.push_back(snippet[i++]);
  }
  return out;
}

std::string_view facet_heading(Facet facet) {
  switch (facet) {
    case Facet::kCountry: return "Countries:";
    case Facet::kTopic: return "Topics:   ";
    case Facet::kSource: return "Sources:  ";
    case Facet::kLanguage: return "Languages:";
    case Facet::kMonth: return "Months:   ";
  }
  return "";
}

std::string joined_codes(const std::vector<ScoredCode>& codes) {
  std::string out;
  for (const auto& code : codes) out += (out.empty() ? "" : " ") + code.code;
  return out;
}

// "Azerbaijan, Türkiye": the names people read, for the terminal.
std::string joined_labels(Facet facet, const std::vector<ScoredCode>& codes) {
  std::string out;
  for (const auto& code : codes) {
    const std::string label = facet_label(facet, code.code);
    out += (out.empty() ? "" : ", ") + (label.empty() ? code.code : label);
  }
  return out;
}

// A facet value as the terminal shows it: "AZ Azerbaijan", "Economy, business and finance",
// "en English", "2022-09".
std::string value_for_terminal(Facet facet, const FacetCount& count) {
  if (count.label.empty() || facet == Facet::kMonth) return count.value;
  if (facet == Facet::kTopic) return count.label;
  return count.value + ' ' + count.label;
}

std::string metadata_line(const Article& article) {
  std::string line = article.source.empty() ? std::string("unknown source") : article.source;
  if (article.published) line += " · " + format_rfc3339(*article.published).substr(0, 10);
  if (!article.countries.empty()) line += " · " + joined_labels(Facet::kCountry, article.countries);
  if (!article.topics.empty()) line += " · " + joined_labels(Facet::kTopic, article.topics);
  // Whether newsdex holds the article itself or only what its feed said.
  line += article.text_source == TextSource::kPage ? " · full article" : " · feed text only";
  return line;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + '"';
}

void print_csv(std::ostream& out, const SearchResponse& response) {
  out << "id,title,url,source,published,language,countries,topics,score,duplicates\n";
  for (const SearchHit& hit : response.hits) {
    const Article& a = hit.article;
    out << csv_field(a.id) << ',' << csv_field(a.title) << ',' << csv_field(a.url) << ',' << csv_field(a.source) << ','
        << (a.published ? format_rfc3339(*a.published) : "") << ',' << a.language << ','
        << csv_field(joined_codes(a.countries)) << ',' << csv_field(joined_codes(a.topics)) << ',' << hit.score << ','
        << hit.duplicates << '\n';
  }
}

void print_terminal(std::ostream& out, const SearchResponse& response, bool colour) {
  const std::string_view bold = colour ? kBold : "", dim = colour ? kDim : "", reset = colour ? kReset : "";
  if (response.showing_corrected) {
    out << "Showing results for " << bold << for_terminal(*response.corrected_query) << reset << dim
        << " (nothing matches " << for_terminal(response.query) << "; --as-typed searches for it alone)" << reset
        << "\n\n";
  } else if (response.corrected_query) {
    out << "Did you mean: " << bold << for_terminal(*response.corrected_query) << reset << "?\n\n";
  }
  if (response.relaxed)
    out << dim << "No article has every word; showing articles with any of them." << reset << "\n\n";
  unsigned rank = response.offset;
  for (const SearchHit& hit : response.hits) {
    out << ++rank << ". " << bold << for_terminal(hit.article.title) << reset;
    if (hit.duplicates > 0) out << dim << "  (+" << hit.duplicates << " copies)" << reset;
    out << "\n   " << dim << for_terminal(metadata_line(hit.article)) << reset << '\n';
    if (!hit.article.url.empty()) out << "   " << for_terminal(hit.article.url) << '\n';
    out << "   " << snippet_for_terminal(for_terminal(hit.snippet), colour) << "\n\n";
  }
  out << bold << response.total << (response.total == 1 ? " article" : " articles") << reset;
  if (response.hits.empty() && response.total > 0) out << " (none on this page)";
  out << '\n';
  for (const FacetResult& facet : response.facets) {
    if (facet.counts.empty()) continue;
    out << dim << facet_heading(facet.facet) << reset;
    unsigned shown = 0;
    for (const FacetCount& count : facet.counts) {
      if (shown++ == kTerminalFacetValues) {
        out << " …";
        break;
      }
      out << "  " << for_terminal(value_for_terminal(facet.facet, count)) << " (" << count.count << ')';
    }
    out << '\n';
  }
}

}  // namespace

void print_response(std::ostream& out, const SearchResponse& response, OutputFormat format, bool colour) {
  switch (format) {
    case OutputFormat::kJson: out << dump(to_json(response), 2) << '\n'; break;
    case OutputFormat::kJsonLines:
      for (const SearchHit& hit : response.hits) out << dump(to_json(hit), -1) << '\n';
      break;
    case OutputFormat::kCsv: print_csv(out, response); break;
    case OutputFormat::kTerminal: print_terminal(out, response, colour); break;
  }
}

void print_article(std::ostream& out, const Article& article, bool colour) {
  const std::string_view bold = colour ? kBold : "", dim = colour ? kDim : "", reset = colour ? kReset : "";
  out << bold << for_terminal(article.title) << reset << '\n'
      << dim << for_terminal(metadata_line(article)) << reset << '\n';
  if (!article.authors.empty()) {
    std::string names;
    for (const std::string& name : article.authors) names += (names.empty() ? "" : ", ") + name;
    out << "By " << for_terminal(names) << '\n';
  } else if (!article.author.empty()) {
    out << "By " << for_terminal(article.author) << '\n';
  }
  if (!article.url.empty()) out << for_terminal(article.url) << '\n';
  if (!article.page_error.empty()) out << dim << "Page not used: " << for_terminal(article.page_error) << reset << '\n';
  if (!article.mentioned.empty()) {
    out << dim << "Mentions:";
    for (const auto& code : article.mentioned) out << ' ' << code;
    out << reset << '\n';
  }
  out << '\n' << for_terminal(article.text.empty() ? article.summary : article.text) << '\n';
}

void print_response_paged(const SearchResponse& response, OutputFormat format) {
  if (format != OutputFormat::kTerminal) {
    print_response(std::cout, response, format, false);
    return;
  }
  std::ostringstream text;
  print_response(text, response, format, newsdex::cli::stdout_wants_colour());
  newsdex::cli::print_paged(text.str());
}

}  // namespace newsdex::search::cli
