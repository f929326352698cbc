#!/usr/bin/env bash
# Writes scripts/static-link/hot-symbols.txt, the order scripts/build-release.sh asks lld to lay out
# functions in: every function of the binary (abidoctor's, the Swift runtime's, libstdc++'s, libelf's)
# that the common commands run, first-run first, so that they sit together at the start of the text.
#
# Why: the functions a run needs were spread over the binary's 7 MB of code, and the kernel maps
# code 64 KB around each page first touched, so a one-file `inspect` mapped 4.5 MB of text (263 page
# faults, 6.8 MB resident) that each start mapped and each exit unmapped again. Packed together:
# 220 faults, 4.7 MB, 1.06 -> 0.95 ms for that inspect; deps of 22 programs 3-5% less (perf stat -r 300).
# A stale list costs nothing but that gain: a function it does not name goes after the named ones.
# Run it after changes that rename or add much of what these commands run:
#   scripts/build-release.sh && scripts/order-symbols.sh && scripts/build-release.sh
# Needs valgrind (callgrind, which records every function a run enters) and binutils (nm).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh valgrind binutils
built=.build-static/release/abidoctor
[ -x "$built" ] || { echo "order-symbols: build first (scripts/build-release.sh)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# callgrind cannot read the split debug information of a release build; the symbol table is enough.
strip --strip-debug -o "$work/abidoctor" "$built"
mapfile -t programs < <(find /usr/bin -maxdepth 1 -type f -perm -u+x | sort | while read -r f; do
  head -c 4 "$f" 2>/dev/null | grep -q ELF && readelf -l "$f" 2>/dev/null | grep -q 'program interpreter' && echo "$f"
done | awk 'NR % 25 == 1' | head -40)
run=0
profile() {
  run=$((run + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/run-$run.out" "$work/abidoctor" "$@" >/dev/null 2>&1 || true
}
profile inspect /usr/bin/ls
profile inspect --format json /usr/bin/ls /usr/lib/x86_64-linux-gnu/libc.so.6
profile deps --jobs 1 --sysroot / "${programs[@]}"
profile deps --format json --sysroot / "${programs[@]}"
profile scan --jobs 1 /usr/lib/x86_64-linux-gnu/libc.so.6 /usr/bin
profile check --target manylinux_2_17_x86_64 /usr/bin/ls
profile check --sysroot / --format sarif /usr/bin/ls
# Function names in the order callgrind first meets them (it names a function in full once per file),
# kept when the binary defines them.
nm "$built" | awk '{print $NF}' | sort -u >"$work/defined"
grep -h '^c\?fn=' "$work"/run-*.out | sed -E 's/^c?fn=\([0-9]+\) ?//' | grep -v '^$' | grep -v '^0x' \
  | awk '!seen[$0]++' | grep -Fxf "$work/defined" >scripts/static-link/hot-symbols.txt
echo "order-symbols: $(wc -l <scripts/static-link/hot-symbols.txt) functions in scripts/static-link/hot-symbols.txt" >&2
