#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer, then under ThreadSanitizer
# (the parallel reader), each in its own build folder. The abidoctor binary the
# end-to-end tests start is built with the same sanitizer.
#
# UndefinedBehaviorSanitizer: swiftc rejects it for this target
# ("unsupported option '-sanitize=undefined' for target 'x86_64-unknown-linux-gnu'");
# Swift's own checks (overflow, bounds, unwrapping) trap instead, and the code is
# never built with -Ounchecked. libelf itself is the system library, not instrumented.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh libelf-dev libarchive-dev libyaml-dev pkg-config binutils musl util-linux
# LeakSanitizer reports the test runner's own allocations (XCTest's main), not ours.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
# Swift's crash handler and ASan's fight over faults; let the sanitizer report.
export SWIFT_BACKTRACE=enable=no
echo "== AddressSanitizer" >&2
swift test --sanitize=address --scratch-path .build-asan "$@"
echo "== ThreadSanitizer" >&2
swift test --sanitize=thread --scratch-path .build-tsan "$@"
