// Opening databases whose folders a compaction may swap meanwhile (internal).
#pragma once

#include <sys/types.h>
#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

namespace newsdex {

// What tells one folder at a path from another: its device and inode, and its change time.
// The inode alone does not: a compaction deletes the old folder, and the next one's copy is
// often given the freed inode back, so two swaps in a row would look like none.
struct FolderIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  int64_t changed_ns = 0;  // entries added, removed or renamed, the folder itself renamed
  bool operator==(const FolderIdentity&) const = default;
};

// The identity of `folder` now; all zeros when it cannot be read (Xapian then says why).
FolderIdentity folder_identity(const std::string& folder);

// Opens the database or index (a stub of shards) at `path` as Xapian does, again while a
// compaction swapped the folder of one of its local databases meanwhile. Compaction puts its copy
// in place by swapping the two folders (compact_database), and opening a glass database reads
// its version file, then its tables, each by path: an opening that straddles the swap reads the
// roots of one database in the files of the other, and Xapian reports "EOF reading block", or
// reads the wrong blocks (a compacted copy starts again at revision 1, so its blocks pass
// Xapian's revision check). The folders' identities tell: the swap changes them. A commit
// changes them too (it renames a new version file in), and costs an opening again at worst. Throws Xapian's
// errors when the index cannot be opened.
Xapian::Database open_unswapped(const std::string& path);

// Brings `handle`, on the database in `folder`, to its last commit; opens it afresh when a
// compaction swapped the folder meanwhile, and then returns true. Xapian's reopen() is meant for
// later revisions of one database: across a swap it keeps blocks cached by number, which in the
// copy hold other data (and reads them as far as freeing memory still in use). So when this
// returns true, whatever else shares the old handle (a copy of it, an Enquire built on it)
// must be dropped unused.
bool reopen_unswapped(Xapian::Database& handle, const std::string& folder);

// The local databases of the index at `path`: the shards its XAPIANDB stub lists ("auto" and
// "glass" lines, relative to the stub), or `path` itself when it has no stub.
std::vector<std::string> local_databases(const std::string& path);

}  // namespace newsdex
