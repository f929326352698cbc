#!/usr/bin/env bash
# Runs README's two commands (build, then test) in a clean Debian 12 root, as a new contributor's
# machine or a CI service that starts clean would: only Debian's minimal base system, the packages
# the Swift toolchain itself needs, git and ca-certificates. Whatever the tests need beyond that
# must come from scripts/setup.sh and scripts/test.sh, so a package installed here by hand cannot
# hide a missing install step.
#
#   scripts/fresh-machine-check.sh [--keep] [--root DIR]
#
# What it does, as root:
#   1. mmdebstrap --variant=minbase bookworm ROOT (Debian's package, installed when missing);
#   2. bind-mounts, read-only, the Swift toolchain that `swift` on PATH comes from, and this machine's
#      way of reaching Swift packages and PyPI: /etc/gitconfig and the package mirror folders its
#      `url.*.insteadOf` rewrites point at, /etc/pip.conf and the PIP_* environment (with the
#      find-links folder and the certificate bundle it names); proc, sys and dev;
#   3. clones this repository's committed HEAD into ROOT/src/abidoctor (uncommitted work is not
#      tested, as CI tests only what was committed);
#   4. runs the commands of README's first ```sh block there, unchanged, one after the other, and
#      stops at the first that fails.
# The root is removed afterwards unless --keep is given. Exit status: that of the commands.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
root="/var/tmp/abidoctor-fresh-root"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --root) root="$2"; shift ;;
    *) echo "usage: $0 [--keep] [--root DIR]" >&2; exit 2 ;;
  esac
  shift
done

[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-check: must run as root (mmdebstrap --mode=root, mount, chroot)" >&2; exit 2; }
swift_bin="$(command -v swift)" || { echo "fresh-machine-check: no swift on PATH" >&2; exit 2; }
# /opt/swift/usr/bin/swift -> /opt/swift: the folder the toolchain was installed into.
toolchain="$(cd "$(dirname "$(readlink -f "$swift_bin")")/../.." && pwd)"
"$repo/scripts/ensure-packages.sh" mmdebstrap git

# README's commands: the lines of its first ```sh block.
mapfile -t commands < <(awk '/^```sh$/ { inside = 1; next } inside && /^```/ { exit } inside && NF { print }' "$repo/README.md")
[ ${#commands[@]} -gt 0 ] || { echo "fresh-machine-check: README.md has no \`\`\`sh block" >&2; exit 2; }

# What the Swift toolchain needs on Debian 12 (swift.org's list), git and certificates; nothing else.
swift_deps="binutils,binutils-gold,gcc,libc6-dev,libcurl4-openssl-dev,libedit-dev,libgcc-12-dev,libicu-dev,\
libncurses-dev,libncurses6,libpython3-dev,libsqlite3-dev,libstdc++-12-dev,libxml2-dev,libz3-dev,pkg-config,\
tzdata,uuid-dev,zlib1g-dev,git,ca-certificates"

mounted=()
cleanup() {
  local status=$?
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ "$keep" -eq 0 ]; then rm -rf --one-file-system "$root"; else echo "fresh-machine-check: root kept at $root" >&2; fi
  exit $status
}
trap cleanup EXIT

bind_ro() { # bind_ro HOST_PATH: the same path inside the root, read-only
  local target="$root$1"
  if [ -d "$1" ]; then mkdir -p "$target"; else mkdir -p "$(dirname "$target")"; touch "$target"; fi
  mount --bind "$1" "$target"
  mounted+=("$target")
  mount -o remount,bind,ro "$target"
}

rm -rf --one-file-system "$root"
started=$(date +%s)
echo "fresh-machine-check: building a clean Debian 12 root in $root" >&2
mmdebstrap --quiet --variant=minbase --mode=root --include="$swift_deps" bookworm "$root" >&2
cp /etc/resolv.conf "$root/etc/resolv.conf"

mount -t proc proc "$root/proc"; mounted+=("$root/proc")
mount --rbind /sys "$root/sys"; mount --make-rslave "$root/sys"; mounted+=("$root/sys")
mount --rbind /dev "$root/dev"; mount --make-rslave "$root/dev"; mounted+=("$root/dev")
bind_ro "$toolchain"

# How this machine reaches Swift packages: git's system configuration and the mirrors it points at.
if [ -f /etc/gitconfig ]; then
  cp /etc/gitconfig "$root/etc/gitconfig"
  while read -r mirror; do
    mirror="${mirror%/}"
    [ -d "$mirror" ] && bind_ro "$mirror"
  done < <(git config --system --get-regexp '^url\..*\.insteadof$' | sed -E 's/^url\.(.*)\.insteadof .*/\1/' | grep '^/' | sort -u)
  excludes="$(git config --system --get core.excludesfile || true)"
  [ -n "$excludes" ] && [ -f "$excludes" ] && cp "$excludes" "$root$excludes"
fi
# How this machine reaches PyPI: pip's configuration and environment, and the folders they name.
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$root/etc/pip.conf"
pip_env=()
while IFS='=' read -r name value; do pip_env+=("$name=$value"); done < <(env | grep '^PIP_' || true)
# The certificate bundle pip is told to trust (PIP_CERT, pip.conf's cert): a machine whose traffic to
# PyPI passes a proxy with its own authority trusts it there, and so must the root.
for bundle in $( (env | sed -n 's/^PIP_CERT=//p'; sed -n -E 's/^cert *= *//p' /etc/pip.conf 2>/dev/null) | sort -u); do
  [ -f "$bundle" ] && mkdir -p "$root$(dirname "$bundle")" && cp "$bundle" "$root$bundle"
done
for links in $( (env | sed -n 's/^PIP_FIND_LINKS=//p'; sed -n -E 's/^find-links *= *//p' /etc/pip.conf 2>/dev/null) | sort -u); do
  [ -d "$links" ] && bind_ro "$links"
done

git clone --quiet "$repo" "$root/src/abidoctor"
echo "fresh-machine-check: root ready in $(($(date +%s) - started)) s; HEAD $(git -C "$repo" rev-parse --short HEAD)" >&2

status=0
for command in "${commands[@]}"; do
  echo "fresh-machine-check: \$ $command" >&2
  step=$(date +%s)
  env -i HOME=/root TERM=dumb LANG=C.UTF-8 "${pip_env[@]}" \
    PATH="$toolchain/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    chroot "$root" /bin/bash -c "cd /src/abidoctor && $command" || status=$?
  echo "fresh-machine-check: exit $status after $(($(date +%s) - step)) s" >&2
  [ "$status" -eq 0 ] || break
done
exit $status
