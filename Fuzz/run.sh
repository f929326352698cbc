#!/usr/bin/env bash
# Builds a libFuzzer target with AddressSanitizer and runs it.
#   Fuzz/run.sh [SECONDS] [elf|archive|wasm]      default 60 seconds, the ELF reader
#   elf: the ELF reader on in-memory input;
#   archive: libarchive through ArchiveStream (headers, data, nested streams, ELF members read with
#   their code left out), seeded with tar/gz/xz/zst/bzip2/ar/cpio files and the wheels (ZIP);
#   wasm: the WebAssembly reader (WasmKit's parser, bodies walked, components), seeded with modules
#   built by clang-14 for wasm32-wasi and wasm-tools;
#   wit: the WIT parser of --host-world (Sources/Vendor/WIT), seeded with the WIT files of the tests
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
  wasm) source=Fuzz/FuzzWasm.swift; corpus=Fuzz/corpus-wasm; seeds="Fuzz/seeds-wasm" ;;
  wit) source=Fuzz/FuzzWit.swift; corpus=Fuzz/corpus-wit; seeds="Fuzz/seeds-wit" ;;
  *) echo "run.sh: unknown target $target (elf, archive, wasm or wit)" >&2; exit 2 ;;
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
if [ "$target" = wit ]; then
  # Seeds: the WIT worlds the tests check components against, cut out of the test sources.
  rm -rf Fuzz/seeds-wit && mkdir -p Fuzz/seeds-wit
  python3 - <<'PY'
import re
text = open("Tests/SysrootCheckTests/WasmHostsTests.swift").read()
for i, block in enumerate(re.findall(r'"""\n(\s*package .*?)"""', text, re.S)):
    open(f"Fuzz/seeds-wit/world{i}.wit", "w").write(re.sub(r"(?m)^    ", "", block))
PY
  printf 'package wasi:cli@0.2.0;
interface environment { get-environment: func() -> list<tuple<string, string>>; }
world imports { import environment; }
world command { include imports; export run: func() -> result; }
' > Fuzz/seeds-wit/cli.wit
  flags=(-sanitize=fuzzer,address -parse-as-library -O -g -I "$out" -L "$out")
  swiftc "${flags[@]}" -swift-version 5 -emit-library -static -emit-module -emit-module-path "$out/LeanWIT.swiftmodule" -module-name LeanWIT -o "$out/libLeanWIT.a" \
    $(find Sources/Vendor/WIT -name '*.swift' | sort) 2> >(grep -v 'Cannot export local symbol' >&2)
  swiftc "${flags[@]}" -module-name Fuzz "$source" "$out/libLeanWIT.a" -o "$out/fuzz-$target" 2> >(grep -v 'Cannot export local symbol' >&2)
elif [ "$target" = wasm ]; then
  # Seeds: real modules of every kind the tests make.
  rm -rf Fuzz/seeds-wasm && mkdir -p Fuzz/seeds-wasm
  printf '#include <stdio.h>\nint main(void){puts("hi");return 0;}\n' > "$out/hello.c"
  clang-14 --target=wasm32-wasi -O2 "$out/hello.c" -o Fuzz/seeds-wasm/hello.wasm
  clang-14 --target=wasm32-wasi -O0 -msimd128 -mexec-model=reactor "$out/hello.c" -o Fuzz/seeds-wasm/simd.wasm
  wt=${WASM_TOOLS:-.venv/bin/wasm-tools}
  printf '(module (memory 1 1 shared) (tag $t) (func $f (result i32) i32.const 0 i32.atomic.load) (func return_call $f))' > "$out/probe.wat"
  "$wt" parse "$out/probe.wat" -o Fuzz/seeds-wasm/probe.wasm
  printf 'package demo:p;\nworld p { export f: func(); }\n' > "$out/p.wit"
  printf '(module (func (export "f")) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))' > "$out/core.wat"
  "$wt" parse "$out/core.wat" -o "$out/core.wasm" && "$wt" component embed "$out/p.wit" "$out/core.wasm" -o "$out/embedded.wasm" \
    && "$wt" component new "$out/embedded.wasm" -o Fuzz/seeds-wasm/component.wasm
  # WasmKit's parser, as SwiftPM builds it with the ComponentModel trait: three modules, then the
  # reader's own files as module AbiScanWasm, all instrumented.
  kit=.build/checkouts/WasmKit/Sources
  [ -d "$kit" ] || swift package resolve >&2
  flags=(-sanitize=fuzzer,address -parse-as-library -O -g -I "$out" -L "$out" -D ComponentModel -package-name WasmKit -enable-experimental-feature RawLayout)
  for module in WasmTypes ComponentModel WasmParser; do
    deps=(); [ "$module" = WasmTypes ] || deps=(-lWasmTypes); [ "$module" = WasmParser ] && deps+=(-lComponentModel)
    swiftc "${flags[@]}" -emit-library -static -emit-module -emit-module-path "$out/$module.swiftmodule" -module-name "$module" -o "$out/lib$module.a" \
      $(find "$kit/$module" -name '*.swift' | sort) 2> >(grep -v 'Cannot export local symbol' >&2)
  done
  swiftc "${flags[@]}" -emit-library -static -emit-module -emit-module-path "$out/AbiScanWasm.swiftmodule" -module-name AbiScanWasm -o "$out/libAbiScanWasm.a" \
    $(find Sources/AbiScan/Wasm -name '*.swift' | sort) 2> >(grep -v 'Cannot export local symbol' >&2)
  swiftc "${flags[@]}" -module-name Fuzz "$source" "$out/libAbiScanWasm.a" "$out/libWasmParser.a" "$out/libComponentModel.a" \
    "$out/libWasmTypes.a" -o "$out/fuzz-$target" 2> >(grep -v 'Cannot export local symbol' >&2)
else
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Fuzz \
  -I Sources/CLibElf -I "$out/CLibArchive" \
  $(find Sources/AbiScan -name '*.swift' -not -path '*/Embedded/*' -not -path '*/Wasm/*' -not -path '*/Documents/*' | sort) "$source" "$out/libarchive-loader.o" \
  -lelf -lz -ldl -o "$out/fuzz-$target" 2> >(grep -v 'Cannot export local symbol' >&2)
fi
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
