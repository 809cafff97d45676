#!/usr/bin/env bash
# The Debian package, as `cpack -G DEB` makes it from a build: what it holds, what it depends
# on, and that its programs run from a throwaway root it is unpacked into.
#   tests/install/check_deb.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1
work=$2
source=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
fail() { echo "$*" >&2; exit 1; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" > cpack.log) || { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/newsdex_*.deb)
dpkg-deb -c "$deb" | awk '{ print $6 }' > "$work/contents"
for file in ./usr/bin/newsdex-index ./usr/bin/newsdex-search \
    ./usr/share/man/man1/newsdex-index.1 ./usr/share/man/man1/newsdex-search.1 \
    ./usr/share/bash-completion/completions/newsdex-search \
    ./usr/lib/systemd/system/newsdex-crawl.service ./usr/lib/systemd/system/newsdex-crawl.timer \
    ./usr/include/newsdex/search.h ./usr/lib/pkgconfig/newsdex.pc ./usr/lib/cmake/newsdex/newsdexConfig.cmake \
    ./usr/lib/libnewsdex_searcher.a; do
  grep -qx -- "$file" "$work/contents" || fail "the package lacks $file"
done
depends=$(dpkg-deb -f "$deb" Depends)
for library in libxapian libcurl libicu; do
  grep -q "$library" <<< "$depends" || fail "the package does not depend on $library: $depends"
done

# Unpacked into a throwaway root, its programs index the samples and search them.
dpkg -x "$deb" "$work/root"
"$work/root/usr/bin/newsdex-index" --db "$work/index" add "$source"/samples/feeds/* > /dev/null
"$work/root/usr/bin/newsdex-search" --db "$work/index" --version | grep -q '^newsdex-search ' || fail "no version"
"$work/root/usr/bin/newsdex-search" --db "$work/index" values topic > /dev/null || fail "the packaged search fails"
echo "Debian package: $(basename "$deb"), $(wc -l < "$work/contents") entries; depends on: $depends"
