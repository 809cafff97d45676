#include "shard_compactor.h"

#include <algorithm>

#include "newsdex/compact.h"
#include "newsdex/error.h"

namespace newsdex::index {

ShardCompactor::ShardCompactor(std::function<void(const std::string&)> warn)
    : warn_(std::move(warn)), worker_([this] { run(); }) {}

ShardCompactor::~ShardCompactor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  worker_.join();
}

void ShardCompactor::compact(const std::string& path) {
  if (was_compacted(path)) return;
  {
    std::lock_guard lock(mutex_);
    if (std::find(queue_.begin(), queue_.end(), path) != queue_.end()) return;
    queue_.push_back(path);
  }
  wake_.notify_one();
}

void ShardCompactor::run() {
  for (;;) {
    std::string path;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left
      path = queue_.front();
    }
    try {
      // A shard locked by a writer (an update of one of its articles, a `compact` run) is left
      // for the next writer to compact.
      compact_database(path, /*open_shard_allowed=*/true);
    } catch (const std::exception& error) {
      if (warn_) warn_(std::string("closed shard not compacted: ") + error.what());
    }
    std::lock_guard lock(mutex_);
    queue_.pop_front();
  }
}

}  // namespace newsdex::index
