// The repairs are written by hand because no library repairs XML in place: libxml2's recovery
// mode (used last, in recover_with_libxml2) drops what it cannot read, such as every undefined
// entity, so the cheap textual repairs that keep the text come first.
#include "xml_repair.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <unordered_map>

namespace newsdex::feeds {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// Length of a well-formed reference at `text` ("&amp;", "&#233;", "&#xE9;"), 0 when there is none.
size_t reference_length(std::string_view text, size_t at, std::string_view& name) {
  size_t pos = at + 1;
  if (pos < text.size() && text[pos] == '#') {
    ++pos;
    const bool hex = pos < text.size() && text[pos] == 'x';  // XML allows no upper-case X
    if (hex) ++pos;
    const size_t digits = pos;
    while (pos < text.size() && (hex ? std::isxdigit(static_cast<unsigned char>(text[pos]))
                                     : std::isdigit(static_cast<unsigned char>(text[pos])))) {
      ++pos;
    }
    return pos > digits && pos < text.size() && text[pos] == ';' ? pos + 1 - at : 0;
  }
  const size_t start = pos;
  while (pos < text.size() && is_name_char(text[pos]) && pos - start < 32) ++pos;
  if (pos == start || pos >= text.size() || text[pos] != ';') return 0;
  name = text.substr(start, pos - start);
  return pos + 1 - at;
}

// The code point of an HTML 4 named entity, 0 when there is none. libxml2 owns the table but
// searches it linearly; feeds use a handful of names over and over, so answers are remembered.
unsigned html_entity_code_point(std::string_view name) {
  thread_local std::unordered_map<std::string, unsigned> known;
  const std::string key(name);
  if (auto found = known.find(key); found != known.end()) return found->second;
  const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(key.c_str()));
  const unsigned code_point = entity ? entity->value : 0;
  if (known.size() < 4096) known.emplace(key, code_point);
  return code_point;
}

bool is_xml_entity(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

}  // namespace

std::string repair_entities(std::string_view xml, std::vector<std::string>& warnings) {
  std::string out;
  out.reserve(xml.size() + 64);
  size_t html_entities = 0, bare_ampersands = 0;
  for (size_t i = 0; i < xml.size();) {
    if (xml[i] == '<') {
      // Copy sections where '&' is literal text as they are.
      bool skipped = false;
      for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"<![CDATA[", "]]>"}, {"<!--", "-->"}}) {
        if (xml.compare(i, open.size(), open) != 0) continue;
        const size_t end = xml.find(close, i + open.size());
        const size_t stop = end == std::string_view::npos ? xml.size() : end + close.size();
        out.append(xml.substr(i, stop - i));
        i = stop;
        skipped = true;
        break;
      }
      if (skipped) continue;
    }
    if (xml[i] != '&') {
      // Copy up to the next place that may need work in one go.
      size_t next = i + 1;
      while (next < xml.size() && xml[next] != '&' && xml[next] != '<') ++next;
      out.append(xml.substr(i, next - i));
      i = next;
      continue;
    }
    std::string_view name;
    const size_t length = reference_length(xml, i, name);
    if (length > 0 && (name.empty() || is_xml_entity(name))) {
      out.append(xml.substr(i, length));
      i += length;
      continue;
    }
    if (length > 0) {
      if (const unsigned code_point = html_entity_code_point(name)) {
        out += "&#" + std::to_string(code_point) + ";";
        i += length;
        ++html_entities;
        continue;
      }
    }
    out += "&amp;";
    ++i;
    ++bare_ampersands;
  }
  if (html_entities)
    warnings.push_back("repaired " + std::to_string(html_entities) + " HTML entities that XML does not define");
  if (bare_ampersands) warnings.push_back("escaped " + std::to_string(bare_ampersands) + " bare '&'");
  return out;
}

std::string repair_edges(std::string_view xml, std::vector<std::string>& warnings) {
  size_t start = 0;
  while ((start = xml.find('<', start)) != std::string_view::npos) {
    const char next = start + 1 < xml.size() ? xml[start + 1] : '\0';
    if (next == '?' || next == '!' || std::isalpha(static_cast<unsigned char>(next))) break;
    ++start;
  }
  if (start == std::string_view::npos) start = xml.size();
  if (xml.substr(0, start).find_first_not_of(" \t\r\n") != std::string_view::npos) {
    warnings.push_back("dropped " + std::to_string(start) + " bytes before the first element");
  }
  std::string out(xml.substr(start));
  const size_t cdata = out.rfind("<![CDATA[");
  if (cdata != std::string::npos && out.find("]]>", cdata) == std::string::npos) {
    out += "]]>";
    warnings.push_back("closed an unterminated CDATA section");
  }
  return out;
}

std::string recover_with_libxml2(std::string_view xml) {
  using Document = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;
  Document document(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, "UTF-8",
                                  XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
                    &xmlFreeDoc);
  if (!document || !xmlDocGetRootElement(document.get())) return {};
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(document.get(), &buffer, &size, "UTF-8");
  std::string out = buffer ? std::string(reinterpret_cast<const char*>(buffer), static_cast<size_t>(size)) : "";
  xmlFree(buffer);
  return out;
}

}  // namespace newsdex::feeds
