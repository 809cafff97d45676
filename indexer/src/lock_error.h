// Telling Xapian's two kinds of write-lock failure apart.
#pragma once

#include <xapian.h>

#include <string>

namespace newsdex::index {

// True when a database's write lock is held by another writer, false when the lock file cannot
// be made at all (a read-only file system, no permission). Xapian raises DatabaseLockError for
// both, and only its message tells them apart; the second must not send the user to wait for
// a writer that does not exist.
inline bool locked_by_another_writer(const Xapian::DatabaseLockError& error) {
  return error.get_msg().find("already locked") != std::string::npos;
}

}  // namespace newsdex::index
