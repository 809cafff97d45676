// libFuzzer target: any bytes as an article page, under a declared charset picked by the first
// byte. A page or an InputError saying why; never a crash. What is read is valid UTF-8 without
// control characters, every URL is http(s), and the JSON of it can be written.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "newsdex/article_page.h"
#include "newsdex/error.h"
#include "newsdex/text.h"

namespace {

bool is_web_url_or_empty(const std::string& url) {
  return url.empty() || url.starts_with("http://") || url.starts_with("https://");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kContentTypes[] = {"",
                                                  "text/html; charset=utf-8",
                                                  "text/html; charset=windows-1251",
                                                  "text/html; charset=iso-8859-1",
                                                  "text/html; charset=shift_jis",
                                                  "text/html; charset=x-unknown"};
  const char* content_type = kContentTypes[data[0] % 6];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  newsdex::feeds::ArticlePage page;
  try {
    page = newsdex::feeds::read_article_page(bytes, content_type, "https://news.example/section/article.html");
  } catch (const newsdex::InputError&) {
    return 0;
  }
  for (const std::string* text : {&page.text, &page.title, &page.description, &page.section, &page.language}) {
    if (!newsdex::is_valid_utf8(*text) || newsdex::has_control_characters(*text)) std::abort();
  }
  for (const std::string& author : page.authors) {
    if (!newsdex::is_valid_utf8(author) || newsdex::has_control_characters(author)) std::abort();
  }
  if (!is_web_url_or_empty(page.url) || !is_web_url_or_empty(page.canonical_url) || !is_web_url_or_empty(page.image))
    std::abort();
  newsdex::feeds::to_json(page).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  return 0;
}
