// libFuzzer target: any bytes as a feed document, decoded to UTF-8 under several declared
// charsets. decode_to_utf8 never fails, and what it returns must be well-formed UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "encoding.h"
#include "newsdex/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const char* content_type :
       {"", "application/rss+xml; charset=utf-8", "text/xml; charset=windows-1251", "text/xml; charset=iso-8859-1",
        "text/xml; charset=utf-16", "text/xml; charset=nonsense"}) {
    const newsdex::feeds::DecodedDocument decoded = newsdex::feeds::decode_to_utf8(bytes, content_type);
    if (!newsdex::is_valid_utf8(decoded.utf8)) std::abort();
  }
  return 0;
}
