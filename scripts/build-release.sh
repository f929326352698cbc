#!/usr/bin/env bash
# Builds the release binary that scripts/install.sh installs and Benchmarks/run.sh times:
#   .build-static/release/PRODUCT   (default product: abidoctor)
# Usage: scripts/build-release.sh [PRODUCT]
#
# Static everywhere the start-up pays for dynamic linking. Measured with callgrind on
# `abidoctor inspect /usr/bin/ls` (Benchmarks/results.md has the current counts): with the Swift runtime
# static but libstdc++, libgcc_s and libelf shared, ld.so spent 2.1 M of 4.7 M instructions binding
# symbols, most of them libstdc++'s own; and Swift's static-stdlib-args.lnk passes -export-dynamic,
# which put 7,700 symbols in the binary's dynamic symbol table for every lookup to search.
# - scripts/static-link/ holds linker scripts named libstdc++.so, libgcc_s.so and libelf.so that
#   stand for the static archives (libstdc++-12-dev, libgcc-12-dev, libelf-dev with zlib1g-dev's
#   libz.a): the -lstdc++, -lgcc_s and -lelf the toolchain and CLibElf's module map ask for find them
#   before the shared libraries in the default folders.
# - --no-export-dynamic undoes -export-dynamic (nothing looks up the binary's symbols at run time:
#   the Swift runtime finds its metadata through swiftrt.o's section records).
# - lld with -z pack-relative-relocs (DT_RELR, glibc 2.36, Debian 12's): the 33,600 relative
#   relocations of the Swift metadata take 6.5 KB instead of 800 KB, and ld.so applies them in a
#   tight loop (1.49 M -> 1.34 M instructions for a one-file inspect). gold, the toolchain's default
#   linker, has no RELR.
# - -disable-concrete-type-metadata-mangled-name-accessors (a frontend flag): the generic types the
#   code names (arrays, optionals, dictionaries of its own types) get their metadata from accessor
#   calls instead of demangling a mangled name at run time on first use: 1.27 M -> 1.12 M
#   instructions for a one-file inspect (the demangler was a quarter of it), 57 KB more binary.
# - -function-sections (a frontend flag, as the Swift runtime's own objects are built) and lld's
#   --symbol-ordering-file with scripts/static-link/hot-symbols.txt (made by scripts/order-symbols.sh
#   from callgrind runs of the common commands): the functions a run needs sit together instead of
#   across 7 MB of code, which the kernel maps 64 KB around each page first touched. One-file inspect:
#   263 -> 220 page faults, 6.8 -> 4.7 MB resident, 1.06 -> 0.95 ms; deps of 22 programs 3-5% less.
#   A function the list does not name goes after the named ones (--no-warn-symbol-ordering: a list
#   made before a rename names some that are gone).
# What is left dynamic: libc, libm, ld.so; libarchive and libyaml are dlopen'd when first needed.
set -euo pipefail
cd "$(dirname "$0")/.."
product=${1:-abidoctor}
scripts/ensure-packages.sh libelf-dev zlib1g-dev libarchive-dev libyaml-dev libstdc++-12-dev
# The link reads scripts/static-link/ (the symbol order, the linker scripts), which SwiftPM does not
# track: a binary older than any of them is linked again (a new order was otherwise left unused).
built=.build-static/release/$product
if [ -e "$built" ] && [ -n "$(find scripts/static-link -newer "$built" -print -quit)" ]; then rm -f "$built"; fi
swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path .build-static --product "$product" \
  -Xlinker -L"$PWD/scripts/static-link" -Xlinker --no-export-dynamic \
  -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs \
  -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
  -Xswiftc -Xfrontend -Xswiftc -function-sections \
  -Xlinker --symbol-ordering-file="$PWD/scripts/static-link/hot-symbols.txt" -Xlinker --no-warn-symbol-ordering >&2
