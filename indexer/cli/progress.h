// The progress line of long commands (import, migrate) on a terminal.
#pragma once

#include <cstdint>

namespace newsdex::index::cli {

// Draws (or redraws) one line on stderr: articles, rate, `share` of the work done, time left,
// and records skipped when there are any.
void draw_progress(uint64_t articles, double share, double seconds, uint64_t skipped);

}  // namespace newsdex::index::cli
