// libFuzzer target: any text as a feed date. A date that is read must survive a round trip
// through RFC 3339, the form newsdex stores and prints.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dates.h"
#include "newsdex/time.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto date = newsdex::feeds::parse_feed_date(text)) {
    const auto again = newsdex::parse_rfc3339(newsdex::format_rfc3339(*date));
    if (!again || *again != *date) std::abort();
  }
  return 0;
}
