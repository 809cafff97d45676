// newsdex-index compact: rewrites the index (or each local shard) compactly, in place.
#include <cstdio>

#include "commands.h"
#include "newsdex/compact.h"
#include "newsdex/error.h"

namespace newsdex::index::cli {

void add_compact_command(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* command = app.add_subcommand(
      "compact", "Compact the index, or each local shard, with Xapian's compactor; searches go on meanwhile");
  command->callback([&action, &global] {
    action = [&global] {
      for (const Compaction& done : compact_index(global.database)) {
        if (done.being_written) {
          std::printf("%s: being written, left as it is\n", done.database.c_str());
          continue;
        }
        if (done.already_compacted) {
          std::printf("%s: %.1f MB, compacted already\n", done.database.c_str(),
                      static_cast<double>(done.bytes_after) / 1e6);
          continue;
        }
        std::printf("%s: %.1f MB -> %.1f MB in %.1f s\n", done.database.c_str(),
                    static_cast<double>(done.bytes_before) / 1e6, static_cast<double>(done.bytes_after) / 1e6,
                    done.seconds);
      }
      return kExitOk;
    };
  });
}

}  // namespace newsdex::index::cli
