// libFuzzer target: any bytes as one JSON Lines record of an archive import. The record becomes
// an article or an InputError that says what is wrong; an article always has an id and
// well-formed UTF-8 in its text fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "newsdex/error.h"
#include "newsdex/import.h"
#include "newsdex/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const newsdex::index::Tagger tagger;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  try {
    const newsdex::Article article = newsdex::index::article_from_json_line(line, tagger);
    if (article.id.empty()) std::abort();
    for (const std::string* field : {&article.title, &article.text, &article.source, &article.author}) {
      if (!newsdex::is_valid_utf8(*field)) std::abort();
    }
  } catch (const newsdex::InputError& error) {
    if (std::string_view(error.what()).empty()) std::abort();
  }
  return 0;
}
