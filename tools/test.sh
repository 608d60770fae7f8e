#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs the apt dependencies, builds every
# target and test, then runs the Swift tests and the docker-py tests. The last line printed is
# pytest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
# The test bundle and what it needs only: `swift build --build-tests` would also build every
# dependency's executables, swift-protobuf's C++ protoc among them (minutes on 2 cores).
swift build --product swarmdPackageTests
swift test --skip-build
# docker-py against a real swarmd (the Python SDK's view of the API).
SWARMD=.build/debug/swarmd python3 -m pytest -q Tests/docker-py
