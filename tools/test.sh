#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs the apt dependencies, builds every
# target and test, then runs the tests. The last line printed is the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
# The test bundle and what it needs only: `swift build --build-tests` would also build every
# dependency's executables, swift-protobuf's C++ protoc among them (minutes on 2 cores).
swift build --product swarmdPackageTests
swift test --skip-build
