#!/usr/bin/env bash
# The installed package, as a user of it sees it: `cmake --install` into a fresh prefix, the
# installed newsdex-index builds an index of the samples, examples/embed is built out of tree
# against the CMake package and run on it, and the same example is built with pkg-config.
#   tests/install/check_install.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1
work=$2
source=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > "$work/install.log"

# The installed headers are the embedding API (docs/library.md): none needs <xapian.h> (Xapian
# stays an implementation detail), and each compiles on its own from the install alone.
if grep -l 'xapian.h' "$prefix"/include/newsdex/*.h; then
  echo "an installed header includes <xapian.h>" >&2
  exit 1
fi
pc_dir=$(dirname "$(find "$prefix" -name newsdex.pc)")
for header in "$prefix"/include/newsdex/*.h; do
  # shellcheck disable=SC2046  # pkg-config's flags are meant to split
  echo "#include <newsdex/$(basename "$header")>" |
    c++ -std=c++20 -fsyntax-only -x c++ - $(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags newsdex) ||
    { echo "installed header $(basename "$header") does not compile on its own" >&2; exit 1; }
done
"$prefix/bin/newsdex-index" --db "$work/index" add "$source"/samples/feeds/* > /dev/null 2>&1
"$prefix/bin/newsdex-search" --db "$work/index" stats > /dev/null

expect_output() {  # PROGRAM: runs it on the sample index and checks what it prints
  local out
  out=$("$1" "$work/index" earthquake OR orders OR coach)
  grep -q '^[0-9][0-9]* articles$' <<< "$out" || { echo "unexpected output of $1: $out" >&2; exit 1; }
  grep -q '^[A-Z][A-Z] [0-9][0-9]*$' <<< "$out" || { echo "no country counts from $1: $out" >&2; exit 1; }
}

cmake -S "$source/examples/embed" -B "$work/embed" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" > "$work/configure.log"
cmake --build "$work/embed" > "$work/build.log"
expect_output "$work/embed/top-countries"

# shellcheck disable=SC2046  # pkg-config's flags are meant to split
c++ "$source/examples/embed/top_countries.cc" -o "$work/top-countries-pkg-config" \
  $(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs newsdex)
expect_output "$work/top-countries-pkg-config"
echo "installed package: CMake and pkg-config builds of examples/embed work"
