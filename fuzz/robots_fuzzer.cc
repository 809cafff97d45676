// libFuzzer target: any bytes as a site's robots.txt, their first line also as a path to decide.
// robots.txt is a stranger's file: it must parse and match without a crash, in bounded time.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "newsdex/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string_view path = bytes.substr(0, bytes.find('\n'));
  const newsdex::feeds::RobotsRules rules = newsdex::feeds::RobotsRules::parse(bytes);
  (void)rules.refusal(path);
  (void)rules.refusal("/");
  (void)rules.crawl_delay();
  return 0;
}
