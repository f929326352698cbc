#!/usr/bin/env bash
# Builds the libFuzzer target for the ELF reader with AddressSanitizer and runs it.
#   Fuzz/run.sh [SECONDS]      default 60
# Seeds: Fixtures/bin and Fixtures/malformed. The working corpus (Fuzz/corpus) and
# raw artifacts (Fuzz/crashes) stay out of git. A crash found is copied into
# Fixtures/malformed as fuzz-<sha1> with a MANIFEST row, so it becomes a permanent
# test case (MalformedCorpusTests) once committed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out" Fuzz/corpus Fuzz/crashes
# One -sanitize= flag: two separate ones silently drop the coverage instrumentation.
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name FuzzELF \
  -I Sources/CLibElf $(find Sources/AbiScan -name '*.swift' | sort) Fuzz/FuzzELF.swift \
  -lelf -o "$out/fuzz-elf" 2> >(grep -v 'Cannot export local symbol' >&2)
# Swift's own crash handler fights ASan's; let ASan report.
SWIFT_BACKTRACE=enable=no "$out/fuzz-elf" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=Fuzz/crashes/ \
  Fuzz/corpus Fixtures/bin Fixtures/malformed 2>&1 | tee "$out/fuzz.log" | grep -E '^#|ERROR|SUMMARY|stat::' | tail -25
status=${PIPESTATUS[0]}
for crash in Fuzz/crashes/crash-* Fuzz/crashes/timeout-* Fuzz/crashes/oom-*; do
  [ -e "$crash" ] || continue
  name="fuzz-$(sha1sum "$crash" | cut -c1-16)"
  if [ ! -e "Fixtures/malformed/$name" ]; then
    cp "$crash" "Fixtures/malformed/$name"
    printf '%s\tmalformed-elf\t%s\n' "$name" "" >> Fixtures/malformed/MANIFEST.tsv
    echo "kept $crash as Fixtures/malformed/$name: fix the reader, then set the phrase in MANIFEST.tsv" >&2
  fi
done
exit "$status"
