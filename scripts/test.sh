#!/usr/bin/env bash
# Installs what the tests need when missing, then runs the whole test suite.
#   binutils   readelf, the independent reader the truth test compares against
#   musl       a real musl libc.so whose version the reader must find in its bytes
#   util-linux setpriv, to meet a real "permission denied" when running as root
#   libc6-*-cross  real sysroots of other architectures (/usr/<triple>) for the loader tests
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh libelf-dev pkg-config binutils musl util-linux \
  libc6-arm64-cross libc6-armhf-cross libc6-armel-cross libc6-i386-cross libc6-mipsel-cross
exec swift test "$@"
