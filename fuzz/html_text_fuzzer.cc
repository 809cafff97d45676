// libFuzzer target: any bytes as HTML, turned into plain text and into one line. Neither may
// fail; a line has no line breaks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  newsdex::feeds::html_to_text(html);
  if (newsdex::feeds::html_to_line(html).find('\n') != std::string::npos) std::abort();
  return 0;
}
