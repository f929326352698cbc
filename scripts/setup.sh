#!/usr/bin/env bash
# Installs what abidoctor needs to build (libelf-dev, libarchive-dev, libyaml-dev, pkg-config) when missing,
# then builds the release binary at .build/release/abidoctor.
# Needs a Swift 6 toolchain on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh libelf-dev libarchive-dev libyaml-dev pkg-config
command -v swift >/dev/null || { echo "setup: a Swift 6 toolchain must be on PATH (swift.org/install)" >&2; exit 2; }
swift build -c release >&2
