#!/usr/bin/env bash
# Runs swarmd from a fresh clone as a single-node swarm on the embedded defaults: installs the apt
# dependencies, builds the release binary, starts it (data in /var/lib/swarmd, the Docker API on
# /run/swarmd/swarmd.sock) and, if the node is in no swarm yet, founds one advertising this
# host's first address. Extra arguments go to swarmd (e.g. --help). Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
swift build -c release --product swarmd
# Containers run under swarm-container-shim, which swarmd finds beside itself.
swift build -c release --product swarm-container-shim
socket=/run/swarmd/swarmd.sock
advertise=$(hostname -I 2>/dev/null | awk '{print $1}')
advertise=${advertise:-127.0.0.1}

.build/release/swarmd "$@" &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null; wait "$daemon"' INT TERM

for _ in $(seq 1 300); do
  [ -S "$socket" ] && break
  kill -0 "$daemon" 2>/dev/null || exit 1
  sleep 0.1
done
if curl -s --unix-socket "$socket" http://swarmd/info | grep -q '"LocalNodeState":"inactive"'; then
  curl -s --fail-with-body --unix-socket "$socket" -X POST -H 'Content-Type: application/json' \
    -d "{\"ListenAddr\":\"0.0.0.0:2377\",\"AdvertiseAddr\":\"$advertise\"}" http://swarmd/swarm/init >/dev/null
  echo "run-swarmd: founded a single-node swarm; try: DOCKER_HOST=unix://$socket docker node ls"
fi
wait "$daemon"
