// libFuzzer target: any bytes given to the feed parser, as a document with and without an HTTP
// charset. The parser must return a feed or throw InputError; anything else (a crash, a
// sanitizer report, another exception, a hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "newsdex/error.h"
#include "newsdex/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  for (const char* content_type : {"", "application/rss+xml; charset=windows-1251"}) {
    try {
      newsdex::feeds::parse_feed(document, {"https://fuzz.example/feed.xml", content_type});
    } catch (const newsdex::InputError&) {
      // Rejecting what is not a feed is the right answer.
    }
  }
  return 0;
}
