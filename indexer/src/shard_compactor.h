// Compacting closed shards in the background while the lanes go on writing (internal).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace newsdex::index {

// Compacts the closed shards given to it, one after another, on a thread of its own: a lane's
// full shard is rewritten compactly (Xapian's compactor, in place, under the shard's own write
// lock) while the lanes write their next shards and searches go on. A failure is reported
// through `warn` and leaves the shard as it was, to be tried again by the next writer.
class ShardCompactor {
 public:
  explicit ShardCompactor(std::function<void(const std::string&)> warn);
  // Finishes the shards given (each takes seconds); the index's write lock should be let go of
  // first, so that the next writer need not wait for them.
  ~ShardCompactor();
  ShardCompactor(const ShardCompactor&) = delete;
  ShardCompactor& operator=(const ShardCompactor&) = delete;

  // Compacts the closed shard at `path`, unless it was compacted already or is queued.
  void compact(const std::string& path);

 private:
  void run();

  std::function<void(const std::string&)> warn_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread worker_;  // last: started when the rest is ready
};

}  // namespace newsdex::index
