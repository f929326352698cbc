#!/usr/bin/env bash
# Builds abidoctor in release mode and installs it:
#   PREFIX/bin/abidoctor                                   statically linked Swift runtime, no Foundation, stripped
#   PREFIX/share/man/man1/abidoctor*.1                      man pages, from the argument parser
#   PREFIX/share/bash-completion/completions/abidoctor      shell completions, from the argument parser
#   PREFIX/share/zsh/site-functions/_abidoctor
#   PREFIX/share/fish/vendor_completions.d/abidoctor.fish
# Usage: scripts/install.sh [--prefix DIR]   (default /usr/local; needs write access there)
set -euo pipefail
prefix=/usr/local
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install: unknown argument $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh libelf-dev libarchive-dev libyaml-dev pkg-config binutils
command -v swift >/dev/null || { echo "install: a Swift 6 toolchain must be on PATH (swift.org/install)" >&2; exit 2; }

# The installed binary carries the Swift runtime, libstdc++ and libelf, so it runs where no toolchain
# is installed and starts without binding their symbols (scripts/build-release.sh says how and why).
# No $ORIGIN run path: the loader would otherwise probe a dozen folders beside the binary at every start.
scripts/build-release.sh abidoctor
binary=.build-static/release/abidoctor

# The man pages come from swift-argument-parser's generate-manual tool (the one behind its
# generate-manual plugin), which reads the binary's own description of its commands: one page per
# subcommand. Built in the same folder, so nothing else is rebuilt and .build is left alone.
scripts/build-release.sh generate-manual
manuals=$(mktemp -d)
trap 'rm -rf "$manuals"' EXIT
.build-static/release/generate-manual "$binary" --multi-page --date "$(date -u +%Y-%m-%d)" --output-directory "$manuals" >&2

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
# Stripped: the symbol table is a third of the file (25.7 MB -> 13.9 MB) and nothing at run time reads it.
install -m 755 "$binary" "$prefix/bin/abidoctor"
strip "$prefix/bin/abidoctor"
install -m 644 "$manuals"/*.1 "$prefix/share/man/man1/"
"$binary" --generate-completion-script bash > "$prefix/share/bash-completion/completions/abidoctor"
"$binary" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_abidoctor"
"$binary" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/abidoctor.fish"
echo "installed abidoctor $("$prefix/bin/abidoctor" --version) in $prefix" >&2
