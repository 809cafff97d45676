#!/usr/bin/env bash
# The installed package, as a user of it sees it: the README's install line (scripts/install)
# into a fresh prefix; the programs run from the PATH, with their man pages and bash completion;
# examples/embed is built out of tree against the CMake package and run on the index, and the
# same example is built with pkg-config.
#   tests/install/check_install.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1
work=$2
source=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

NEWSDEX_BUILD_DIR=$build "$source/scripts/install" "$prefix" > "$work/install.log"
fail() { echo "$*" >&2; exit 1; }

for file in bin/newsdex-index bin/newsdex-search share/man/man1/newsdex-index.1 share/man/man1/newsdex-search.1 \
    share/bash-completion/completions/newsdex-index share/bash-completion/completions/newsdex-search \
    lib/systemd/system/newsdex-crawl.service lib/systemd/system/newsdex-crawl.timer share/doc/newsdex/json.md; do
  [[ -f $prefix/$file ]] || fail "not installed: $file"
done
# The man page is the programs' own help: every subcommand and its options are in it.
grep -q 'values' "$prefix/share/man/man1/newsdex-search.1" || fail "newsdex-search.1 lacks the values command"
grep -q 'fetch\\-pages' "$prefix/share/man/man1/newsdex-index.1" || fail "newsdex-index.1 lacks add's options"
grep -q '^\.SH "EXIT STATUS"' "$prefix/share/man/man1/newsdex-index.1" || fail "newsdex-index.1 has no exit status"

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
# From the PATH, as a user runs them.
export PATH=$prefix/bin:$PATH NEWSDEX_DB=$work/index
[[ $(command -v newsdex-search) == "$prefix/bin/newsdex-search" ]] || fail "newsdex-search is not on the PATH"
newsdex-index add "$source"/samples/feeds/* > /dev/null 2>&1
newsdex-search stats > /dev/null
newsdex-search values country | grep -q '^AZ  *Azerbaijan  *[0-9]' || fail "values country: no Azerbaijan"

# Completion, as bash runs it on TAB: subcommands, options from --help, countries from the index.
complete_line() {  # WORDS...: the completions of the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _newsdex "$1"; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$prefix/share/bash-completion/completions/newsdex-search" "$@"
}
complete_line newsdex-search val | grep -qx values || fail "no completion of the values subcommand"
complete_line newsdex-search gas --cou | grep -qx -- --country || fail "no completion of --country"
complete_line newsdex-search gas --country A | grep -qx AZ || fail "no completion of the index's countries"
complete_line newsdex-index feeds ex | grep -qx export || fail "no completion of feeds export"

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
