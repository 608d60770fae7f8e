#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs the apt dependencies, builds every
# target and test, then runs the tests. The last line printed is the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
swift build --build-tests
swift test
