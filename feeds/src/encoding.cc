#include "encoding.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <memory>

#include "newsdex/text.h"

namespace newsdex::feeds {
namespace {

// The value of `name="..."` or `name='...'` (or a bare token for HTTP parameters) in `text`.
std::string parameter_value(std::string_view text, std::string_view name) {
  const std::string lowered = ascii_lower(text);
  size_t at = lowered.find(name);
  while (at != std::string::npos) {
    size_t pos = at + name.size();
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos < text.size() && text[pos] == '=') {
      ++pos;
      while (pos < text.size() && text[pos] == ' ') ++pos;
      if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
        const char quote = text[pos++];
        const size_t end = text.find(quote, pos);
        if (end != std::string_view::npos) return ascii_lower(text.substr(pos, end - pos));
      } else {
        size_t end = pos;
        while (end < text.size() && text[end] != ';' && text[end] != ' ') ++end;
        return ascii_lower(text.substr(pos, end - pos));
      }
    }
    at = lowered.find(name, at + 1);
  }
  return {};
}

std::string declared_xml_encoding(std::string_view bytes) {
  if (!bytes.starts_with("<?xml")) return {};
  const size_t end = bytes.find("?>");
  if (end == std::string_view::npos || end > 512) return {};
  return parameter_value(bytes.substr(0, end), "encoding");
}

bool is_utf8_name(std::string_view name) { return name == "utf-8" || name == "utf8"; }

std::string convert(std::string_view bytes, const std::string& encoding, std::string& used) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(encoding.c_str(), &status),
                                                                &ucnv_close);
  if (U_FAILURE(status) || !converter) {
    used = "utf-8";
    return sanitize_utf8(bytes);
  }
  // ICU's default callback substitutes U+FFFD for bytes that are invalid in the encoding.
  std::u16string utf16(bytes.size() + 1, u'\0');
  status = U_ZERO_ERROR;
  int32_t length = ucnv_toUChars(converter.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                                 bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    utf16.assign(static_cast<size_t>(length) + 1, u'\0');
    status = U_ZERO_ERROR;
    length = ucnv_toUChars(converter.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) {
    used = "utf-8";
    return sanitize_utf8(bytes);
  }
  utf16.resize(static_cast<size_t>(length));
  std::string utf8(utf16.size() * 3, '\0');
  status = U_ZERO_ERROR;
  UConverter* to_utf8 = ucnv_open("UTF-8", &status);
  const int32_t written = ucnv_fromUChars(to_utf8, utf8.data(), static_cast<int32_t>(utf8.size()),
                                          reinterpret_cast<const UChar*>(utf16.data()),
                                          static_cast<int32_t>(utf16.size()), &status);
  ucnv_close(to_utf8);
  utf8.resize(U_SUCCESS(status) ? static_cast<size_t>(written) : 0);
  used = encoding;
  return utf8;
}

}  // namespace

DecodedDocument decode_to_utf8(std::string_view bytes, std::string_view content_type) {
  std::string encoding;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    encoding = "utf-8";
  } else if (bytes.starts_with("\xFF\xFE")) {
    encoding = "utf-16le";
  } else if (bytes.starts_with("\xFE\xFF")) {
    encoding = "utf-16be";
  }
  if (encoding.empty()) encoding = parameter_value(content_type, "charset");
  if (encoding.empty()) encoding = declared_xml_encoding(bytes);
  if (encoding.empty() || is_utf8_name(encoding) || encoding == "us-ascii" || encoding == "ascii") {
    return {sanitize_utf8(bytes), "utf-8"};
  }
  DecodedDocument decoded;
  decoded.utf8 = convert(bytes, encoding, decoded.encoding);
  if (decoded.utf8.starts_with("\xEF\xBB\xBF")) decoded.utf8.erase(0, 3);
  return decoded;
}

}  // namespace newsdex::feeds
