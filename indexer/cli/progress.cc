#include "progress.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace newsdex::index::cli {
namespace {

std::string duration_text(double seconds) {
  const auto whole = static_cast<long>(std::lround(seconds));
  char text[32];
  if (whole >= 3600)
    std::snprintf(text, sizeof text, "%ldh%02ldm", whole / 3600, whole / 60 % 60);
  else if (whole >= 60)
    std::snprintf(text, sizeof text, "%ldm%02lds", whole / 60, whole % 60);
  else
    std::snprintf(text, sizeof text, "%lds", whole);
  return text;
}

}  // namespace

void draw_progress(uint64_t articles, double share, double seconds, uint64_t skipped) {
  const double rate = seconds > 0 ? static_cast<double>(articles) / seconds : 0;
  std::fprintf(stderr, "\r\033[K%llu articles  %.0f/s  %.1f%%", static_cast<unsigned long long>(articles), rate,
               100 * share);
  if (share > 0 && share < 1 && seconds > 1)
    std::fprintf(stderr, "  ETA %s", duration_text(seconds * (1 - share) / share).c_str());
  if (skipped > 0) std::fprintf(stderr, "  %llu skipped", static_cast<unsigned long long>(skipped));
  std::fflush(stderr);
}

}  // namespace newsdex::index::cli
