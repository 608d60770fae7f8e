#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs the apt dependencies, builds every
# target and test, then runs the Swift tests, the Debian package's test (tools/test-deb.sh,
# as root) and the docker-py tests. The last line printed is pytest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each phase's time, for keeping the whole run well under CI's 30 minutes.
phase_started=$SECONDS
phase_done() { echo "test.sh: $1 took $((SECONDS - phase_started)) s" >&2; phase_started=$SECONDS; }

bash tools/install-deps.sh
phase_done "installing dependencies"
# The test bundle and what it needs only: `swift build --build-tests` would also build every
# dependency's executables, swift-protobuf's C++ protoc among them (minutes on 2 cores).
swift build --product swarmdPackageTests
phase_done "building the tests"
# A crashing child (swarmd, raft-kv) prints its backtrace in seconds: full symbolication of a
# debug binary on a loaded 2-core machine can take minutes.
export SWIFT_BACKTRACE=enable=yes,symbolicate=fast,interactive=no
# Every wait in the tests is bounded; this bound on the whole run is the last line of defence,
# so that a hang still ends with what the tests printed (the suite takes about 10 minutes).
timeout --kill-after=30s 45m swift test --skip-build || {
    status=$?
    if [ "$status" -eq 124 ]; then echo "swift test did not finish within 45 minutes: a test hangs" >&2; fi
    exit "$status"
}
phase_done "the Swift tests"
# The Debian package: built (from debug binaries), lintian, install, remove, purge. It installs
# a package on this machine, so it needs root (CI runs as root).
if [ "$(id -u)" -eq 0 ]; then
  bash tools/test-deb.sh
  phase_done "the Debian package test"
else
  echo "test.sh: SKIPPED the Debian package test (tools/test-deb.sh installs and purges a package: run it as root)" >&2
fi
# docker-py against a real swarmd (the Python SDK's view of the API).
SWARMD=.build/debug/swarmd python3 -m pytest -q Tests/docker-py
phase_done "docker-py"
