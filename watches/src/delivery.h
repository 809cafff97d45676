// Sending a watch run's hits where its --deliver value says (internal).
#pragma once

#include <string>
#include <vector>

#include "newsdex/watch.h"

namespace newsdex::watch {

// Delivers `hits` (hit objects with "watch" set, each as compact JSON text) as `deliver` says. Throws RuntimeFailure
// with the reason when the delivery failed; nothing was delivered then, or, for a command that failed after reading
// some, it may have seen part of them.
void deliver(const std::string& deliver, const std::string& watch_name, const std::vector<std::string>& hits,
             const RunOptions& options);

}  // namespace newsdex::watch
