#!/usr/bin/env bash
# Runs swarmd from a fresh clone: installs the apt dependencies, builds the release binary and
# starts it with the embedded defaults (arguments are passed through, e.g. --help).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
swift build -c release --product swarmd
exec .build/release/swarmd "$@"
