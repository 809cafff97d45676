// The time limit of one search (internal): Xapian is told the time left before each pass, and
// a pass that ran out fails the search instead of answering with partial counts.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "newsdex/search.h"  // TimeLimitExceeded

namespace newsdex::search {

// A point in time a search must finish by; 0 seconds or less: no limit.
class Deadline {
 public:
  explicit Deadline(double seconds)
      : unlimited_(seconds <= 0),
        seconds_(seconds),
        end_(std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                    std::chrono::duration<double>(std::max(seconds, 0.0)))) {}

  // Gives `enquire` the time left (Xapian stops matching when it runs out).
  void limit(Xapian::Enquire& enquire) const {
    if (unlimited_) return;
    check();
    enquire.set_time_limit(std::chrono::duration<double>(end_ - std::chrono::steady_clock::now()).count());
  }

  // Throws TimeLimitExceeded once the time is up.
  void check() const {
    if (!unlimited_ && std::chrono::steady_clock::now() >= end_) expire();
  }

  // Throws TimeLimitExceeded.
  [[noreturn]] void expire() const {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", seconds_);
    throw TimeLimitExceeded(std::string("the search took longer than its limit of ") + seconds +
                            " s; narrow it with more words or filters");
  }

 private:
  bool unlimited_;
  double seconds_;
  std::chrono::steady_clock::time_point end_;
};

}  // namespace newsdex::search
