#!/usr/bin/env bash
# Builds a libFuzzer target with AddressSanitizer and runs it.
#   Fuzz/run.sh [SECONDS] [elf|archive]      default 60 seconds, the ELF reader
#   elf: the ELF reader on in-memory input;
#   archive: libarchive through ArchiveStream (headers, data, nested streams, ELF members read with
#   their code left out), seeded with tar/gz/xz/zst/bzip2/ar/cpio files and the wheels (ZIP)
# Seeds: Fixtures/bin and Fixtures/malformed. The working corpus (Fuzz/corpus) and
# raw artifacts (Fuzz/crashes) stay out of git. A crash found is copied into
# Fixtures/malformed as fuzz-<sha1> with a MANIFEST row, so it becomes a permanent
# test case (MalformedCorpusTests) once committed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
target=${2:-elf}
out=.build-fuzz
case "$target" in
  elf) source=Fuzz/FuzzELF.swift; corpus=Fuzz/corpus; seeds="Fixtures/bin Fixtures/malformed" ;;
  archive) source=Fuzz/FuzzArchive.swift; corpus=Fuzz/corpus-archive; seeds="Fuzz/seeds-archive" ;;
  *) echo "run.sh: unknown target $target (elf or archive)" >&2; exit 2 ;;
esac
mkdir -p "$out" "$corpus" Fuzz/crashes
if [ "$target" = archive ]; then
  # Small real archives of every kind libarchive is asked to read here, made from the fixtures.
  rm -rf Fuzz/seeds-archive && mkdir -p Fuzz/seeds-archive
  tar -C Fixtures/bin/x86_64 -cf Fuzz/seeds-archive/plain.tar libplain.so.1 libvers.so.1
  for z in gzip xz zstd bzip2; do command -v $z >/dev/null && $z -c Fuzz/seeds-archive/plain.tar > Fuzz/seeds-archive/plain.tar.$z; done
  (cd Fixtures/bin/x86_64 && printf 'libplain.so.1\n' | cpio -o -H newc 2>/dev/null > ../../../Fuzz/seeds-archive/plain.cpio) || true
  ar rc Fuzz/seeds-archive/plain.ar Fuzz/seeds-archive/plain.tar.gzip 2>/dev/null || true
  # Wheels are ZIP archives, read by the same layer; the smallest real ones are seeds.
  find Fixtures/wheels -name '*.whl' -size -400k -exec cp {} Fuzz/seeds-archive/ \;
fi
# CLibArchive is a C target (libarchive is dlopen'd on first use): its module map and loader, by hand.
mkdir -p "$out/CLibArchive"
cp Sources/CLibArchive/include/abidoctor_libarchive.h "$out/CLibArchive/"
printf 'module CLibArchive {\n  header "abidoctor_libarchive.h"\n  export *\n}\n' > "$out/CLibArchive/module.modulemap"
clang -c -O1 -fsanitize=address -I Sources/CLibArchive/include Sources/CLibArchive/loader.c -o "$out/libarchive-loader.o"
# One -sanitize= flag: two separate ones silently drop the coverage instrumentation.
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Fuzz \
  -I Sources/CLibElf -I "$out/CLibArchive" \
  $(find Sources/AbiScan -name '*.swift' -not -path '*/Embedded/*' | sort) "$source" "$out/libarchive-loader.o" \
  -lelf -lz -ldl -o "$out/fuzz-$target" 2> >(grep -v 'Cannot export local symbol' >&2)
# Swift's own crash handler fights ASan's; let ASan report.
# shellcheck disable=SC2086
SWIFT_BACKTRACE=enable=no "$out/fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=Fuzz/crashes/ \
  "$corpus" $seeds 2>&1 | tee "$out/fuzz-$target.log" | grep -E '^#|ERROR|SUMMARY|stat::' | tail -25
status=${PIPESTATUS[0]}
for crash in Fuzz/crashes/crash-* Fuzz/crashes/timeout-* Fuzz/crashes/oom-*; do
  [ "$target" = elf ] || { [ -e "$crash" ] && echo "archive target: keep $crash as an ArchiveHostilityTests case" >&2; continue; }
  [ -e "$crash" ] || continue
  name="fuzz-$(sha1sum "$crash" | cut -c1-16)"
  if [ ! -e "Fixtures/malformed/$name" ]; then
    cp "$crash" "Fixtures/malformed/$name"
    printf '%s\tmalformed-elf\t%s\n' "$name" "" >> Fixtures/malformed/MANIFEST.tsv
    echo "kept $crash as Fixtures/malformed/$name: fix the reader, then set the phrase in MANIFEST.tsv" >&2
  fi
done
exit "$status"
