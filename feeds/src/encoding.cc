#include "encoding.h"

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <type_traits>

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

// The charset of the first <meta charset=...> or <meta http-equiv=Content-Type content="...; charset=...">
// in the first 4 KB of a page, as browsers prescan it (HTML Living Standard, 13.2.3.2, simplified:
// the attribute is looked for in the tag's text rather than parsed).
std::string declared_meta_charset(std::string_view bytes) {
  const std::string head = ascii_lower(bytes.substr(0, 4096));
  for (size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    const size_t end = head.find('>', at);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(head).substr(at, end - at);
    if (std::string value = parameter_value(tag, "charset"); !value.empty()) {
      while (!value.empty() && (value.back() == '"' || value.back() == '\'' || value.back() == '/')) value.pop_back();
      return value;
    }
  }
  return {};
}

// The encoding uchardet guesses for bytes that declare none; empty when it cannot tell.
std::string guessed_encoding(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(uchardet_new(),
                                                                                          &uchardet_delete);
  if (!detector || uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return {};
  uchardet_data_end(detector.get());
  const std::string guess = ascii_lower(uchardet_get_charset(detector.get()));
  if (guess == "ascii") return {};
  // windows-1252 is ISO-8859-1 with letters and quotes in place of its unused C1 controls; the
  // web means it by either name (WHATWG Encoding Standard).
  return guess == "iso-8859-1" ? "windows-1252" : guess;
}

bool is_utf8_name(std::string_view name) { return name == "utf-8" || name == "utf8"; }

// Single-byte encodings of Western European text, the ones UTF-8 is most often mislabelled as.
bool is_western_single_byte(std::string_view name) {
  return name == "iso-8859-1" || name == "latin1" || name == "latin-1" || name == "iso-8859-15" ||
         name == "windows-1252" || name == "cp1252" || name == "us-ascii" || name == "ascii";
}

bool has_non_ascii(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) != 0; });
}

using Converter = std::unique_ptr<UConverter, decltype(&ucnv_close)>;

Converter open_converter(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(name, &status), &ucnv_close);
  if (U_FAILURE(status)) converter.reset();
  return converter;
}

// Converts bytes in `encoding` to UTF-8; ICU's default callback puts U+FFFD for invalid bytes.
// Nothing when ICU does not know the encoding.
std::optional<std::string> convert(std::string_view bytes, const std::string& encoding) {
  Converter from = open_converter(encoding.c_str());
  Converter to = open_converter("UTF-8");
  if (!from || !to) return std::nullopt;
  std::string utf8(bytes.size() * 3 + 4, '\0');
  UErrorCode status = U_ZERO_ERROR;
  const int32_t written = ucnv_convert("UTF-8", encoding.c_str(), utf8.data(), static_cast<int32_t>(utf8.size()),
                                       bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return std::nullopt;
  utf8.resize(static_cast<size_t>(written));
  return utf8;
}

// "CafÃ©" is UTF-8 that was read as windows-1252 and encoded as UTF-8 again. When every
// character of the text maps back to one windows-1252 byte and those bytes form valid UTF-8
// with multi-byte sequences, the text was encoded twice; real text in Latin-1 range (a French
// "é" alone) never passes that test, because a lone é byte is not valid UTF-8.
// The cheap sign of it: "Ã" or "Â" (C3 82..C3 9F as UTF-8, the re-encoded lead byte of a two-byte
// sequence) directly followed by another re-encoded byte (C2 xx, or a windows-1252 special such
// as E2 80 9A). Genuine text almost never has a capital A with a tilde before such a symbol.
bool looks_encoded_twice(std::string_view utf8) {
  for (size_t at = utf8.find('\xC3'); at != std::string_view::npos && at + 2 < utf8.size();
       at = utf8.find('\xC3', at + 1)) {
    const auto second = static_cast<unsigned char>(utf8[at + 1]);
    const auto third = static_cast<unsigned char>(utf8[at + 2]);
    if (second >= 0x82 && second <= 0x9F &&
        (third == 0xC2 || third == 0xC5 || third == 0xC6 || third == 0xCB || third == 0xE2)) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> undo_double_encoding(const std::string& utf8) {
  if (!looks_encoded_twice(utf8)) return std::nullopt;
  Converter windows1252 = open_converter("windows-1252");
  if (!windows1252) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setFromUCallBack(windows1252.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  Converter from_utf8 = open_converter("UTF-8");
  if (!from_utf8 || U_FAILURE(status)) return std::nullopt;
  std::string bytes(utf8.size() + 4, '\0');
  char* target = bytes.data();
  const char* source = utf8.data();
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  ucnv_convertEx(windows1252.get(), from_utf8.get(), &target, bytes.data() + bytes.size(), &source,
                 utf8.data() + utf8.size(), pivot, &pivot_source, &pivot_target, pivot + 1024, true, true, &status);
  if (U_FAILURE(status)) return std::nullopt;  // a character outside windows-1252: genuine text
  bytes.resize(static_cast<size_t>(target - bytes.data()));
  if (bytes.size() == utf8.size() || !is_valid_utf8(bytes)) return std::nullopt;
  return bytes;
}

}  // namespace

DecodedDocument decode_to_utf8(std::string_view bytes, std::string_view content_type, Markup markup) {
  DecodedDocument decoded;
  std::string declared;
  if (markup == Markup::html) declared = parameter_value(content_type, "charset");
  if (!declared.empty()) {
    if (bytes.starts_with("\xEF\xBB\xBF") && is_utf8_name(declared)) bytes.remove_prefix(3);
  } else if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    declared = "utf-8";
  } else if (bytes.starts_with("\xFF\xFE")) {
    declared = "utf-16le";
  } else if (bytes.starts_with("\xFE\xFF")) {
    declared = "utf-16be";
  } else if (bytes.starts_with(std::string_view("<\0?\0", 4))) {
    declared = "utf-16le";  // XML 1.0 appendix F: UTF-16 without a byte order mark
  } else if (bytes.starts_with(std::string_view("\0<\0?", 4))) {
    declared = "utf-16be";
  }
  if (declared.empty()) declared = parameter_value(content_type, "charset");
  if (declared.empty()) {
    declared = markup == Markup::html ? declared_meta_charset(bytes) : declared_xml_encoding(bytes);
    // A declaration readable as ASCII cannot be in UTF-16 or UTF-32, whatever it says.
    if (declared.starts_with("utf-16") || declared.starts_with("utf-32")) {
      decoded.warnings.push_back("declared " + declared + " but written in single bytes; read as UTF-8");
      declared = "utf-8";
    }
  }

  // The web means windows-1252 by ISO-8859-1 and ASCII (WHATWG Encoding Standard).
  // Feeds are not HTML, but their ISO-8859-1 is the same windows-1252 whenever a byte in
  // 0x80..0x9F (a C1 control in ISO-8859-1, never text) says so: ’ is 0x92.
  const bool latin1_label = declared == "iso-8859-1" || declared == "latin1" || declared == "us-ascii";
  if (latin1_label && markup == Markup::html) {
    declared = "windows-1252";
  } else if (latin1_label &&
             std::any_of(bytes.begin(), bytes.end(),
                         [](char c) {
                           return static_cast<unsigned char>(c) >= 0x80 && static_cast<unsigned char>(c) <= 0x9F;
                         }) &&
             !is_valid_utf8(bytes)) {
    decoded.warnings.push_back("declared " + declared +
                               " but holds windows-1252 bytes (0x80-0x9F); read as windows-1252");
    declared = "windows-1252";
  }
  std::string encoding = declared.empty() ? "utf-8" : declared;
  if (declared.empty() && !is_valid_utf8(bytes)) {
    const std::string guess = guessed_encoding(bytes);
    if (!guess.empty() && !is_utf8_name(guess)) {
      decoded.warnings.push_back("no encoding declared and not UTF-8; read as " + guess + ", guessed from the bytes");
      encoding = guess;
    }
  }
  if (is_utf8_name(encoding) && !is_valid_utf8(bytes)) {
    decoded.warnings.push_back("not valid UTF-8" + std::string(declared.empty() ? "" : " as declared") +
                               "; read as windows-1252");
    encoding = "windows-1252";
  } else if (is_western_single_byte(encoding) && has_non_ascii(bytes) && is_valid_utf8(bytes)) {
    decoded.warnings.push_back("declared " + encoding + " but the bytes are UTF-8; read as UTF-8");
    encoding = "utf-8";
  }

  // Control characters are dropped at the end: text encoded twice holds C1 controls (a
  // windows-1252 byte with no character of its own, read as one) that undoing needs.
  if (is_utf8_name(encoding)) {
    decoded.utf8.assign(bytes);  // validated above
    decoded.encoding = "utf-8";
  } else if (auto converted = convert(bytes, encoding)) {
    decoded.utf8 = is_valid_utf8(*converted) ? std::move(*converted) : sanitize_utf8(*converted);
    decoded.encoding = encoding;
  } else {
    decoded.warnings.push_back("unknown encoding '" + encoding + "'; read as UTF-8");
    decoded.utf8 = sanitize_utf8(bytes);
    decoded.encoding = "utf-8";
  }
  if (decoded.utf8.starts_with("\xEF\xBB\xBF")) decoded.utf8.erase(0, 3);
  // Every layer: text encoded three times, read once, is still encoded twice, and would change
  // again each time newsdex's own output is read back (found by fuzzing OPML round trips).
  // Each layer undone shortens the text, so this ends.
  int layers = 0;
  while (auto once = undo_double_encoding(decoded.utf8)) {
    decoded.utf8 = std::move(*once);
    ++layers;
  }
  if (layers == 1) decoded.warnings.push_back("text was UTF-8 encoded twice; decoded once more");
  if (layers > 1)
    decoded.warnings.push_back("text was UTF-8 encoded " + std::to_string(layers + 1) + " times; decoded " +
                               std::to_string(layers) + " times more");
  drop_control_characters(decoded.utf8);
  return decoded;
}

}  // namespace newsdex::feeds
