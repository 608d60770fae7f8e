#!/usr/bin/env bash
# The scheduler benchmark (tools/bench/run scheduler [--quick]), on release builds:
#   1. one swarmd manager on 127.0.0.41 (drained: it runs nothing itself) and 1,000 simulated
#      workers (swarm-agent-sim) that heartbeat and follow their assignments as agents do;
#   2. a service of 100,000 replicas (20,000 with --quick): the time from its creation until the
#      simulated agents have received every task, i.e. placed by the scheduler, committed
#      through Raft and dispatched; tasks_scheduled_per_s, and the leader's memory at that point;
#   3. real containers: a manager and 3 workers (swarmd on 127.0.0.42-44, images from a local
#      registry through --registry-mirror): `service create --replicas 50` until all 50 run, and
#      each container's start as the agents log it, next to `runc run` alone on the same image.
# Nomad's published C1M figure (1,000,000 containers on 5,000 nodes in under 5 minutes, about
# 3,300 per second) is printed beside ours: it was not measured here.
# Every process started here is stopped by its PID; every wait is bounded; only loopback
# addresses and unix sockets are used.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

tasks=100000; nodes=1000; replicas=50; runc_runs=20
if [ "${1:-}" = "--quick" ]; then tasks=20000; runc_runs=10; fi
registry_port=5390

bash tools/install-deps.sh >&2
echo "scheduler benchmark: building swarmd and swarm-agent-sim (release)" >&2
swift build -c release --scratch-path .build-bench --product swarmd >&2
swift build -c release --scratch-path .build-bench --product swarm-agent-sim >&2
# swarmd runs containers under swarm-container-shim, which it finds beside itself.
swift build -c release --scratch-path .build-bench --product swarm-container-shim >&2
bin="$root/.build-bench/release"

work=$(mktemp -d -t scheduler-bench.XXXX)
source tools/bench/processes.sh
stop_all() {
  touch "$work/stop-agents" 2>/dev/null || true
  stop_pids
  for state in "$work"/*/containers/runc; do
    [ -d "$state" ] || continue
    for id in $(runc --root "$state" list -q 2>/dev/null); do runc --root "$state" delete --force "$id" >/dev/null 2>&1 || true; done
  done
  bash tools/images/registry.sh stop "$registry_port" "$work/registry" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 143' TERM INT

api() { # node method path [json]
  curl -s --fail-with-body --max-time 60 --unix-socket "$work/n$1.sock" -X "$2" -H 'Content-Type: application/json' ${4:+-d "$4"} "http://swarmd$3"
}
rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
now_ns() { date +%s%N; }
start_swarmd() { # index [extra arguments]
  local i=$1; shift
  "$bin/swarmd" --data-dir "$work/n$i" --host "unix://$work/n$i.sock" --hostname "bench$i" --listen-addr "127.0.0.4$i:2377" \
    --log-level info "$@" >"$work/n$i.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do [ -S "$work/n$i.sock" ] && return; sleep 0.1; done
  echo "swarmd $i did not start; its log:" >&2; cat "$work/n$i.log" >&2; exit 1
}
node_id() { api "$1" GET /info | json_field 'd["Swarm"]["NodeID"]'; }
drain() { # node index of the manager, node ID
  local version
  version=$(api "$1" GET "/nodes/$2" | json_field 'd["Version"]["Index"]')
  api "$1" POST "/nodes/$2/update?version=$version" '{"Role":"manager","Availability":"drain"}' >/dev/null
}
declare -A figure

# 1-2. Simulated nodes.
start_swarmd 1
api 1 POST /swarm/init '{"ListenAddr":"127.0.0.41:2377","AdvertiseAddr":"127.0.0.41"}' >/dev/null
leader=${pids[0]}
drain 1 "$(node_id 1)"
worker_token=$(api 1 GET /swarm | json_field 'd["JoinTokens"]["Worker"]')
nice -n 19 "$bin/swarm-agent-sim" --manager 127.0.0.41:2377 --token "$worker_token" --nodes "$nodes" --prefix sim \
  --stop-file "$work/stop-agents" --assignments-file "$work/assigned" >"$work/sim.out" 2>"$work/sim.err" &
pids+=($!)
for _ in $(seq 1200); do grep -q "heartbeating until" "$work/sim.err" && break; sleep 0.5; done
grep -q "heartbeating until" "$work/sim.err" || { echo "swarm-agent-sim did not finish joining:" >&2; cat "$work/sim.err" >&2; exit 1; }
for _ in $(seq 120); do
  ready=$(api 1 GET /nodes | json_field 'sum(n["Status"]["State"] == "ready" for n in d)')
  [ "$ready" -ge $((nodes + 1)) ] && break
  sleep 0.5
done
echo "scheduler benchmark: $ready nodes ready; creating a service of $tasks replicas" >&2
rss_before=$(rss_mb "$leader")
t0=$(now_ns)
api 1 POST /services/create "{\"Name\":\"bench\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"}},\"Mode\":{\"Replicated\":{\"Replicas\":$tasks}}}" >/dev/null
assigned=0
for _ in $(seq 12000); do
  assigned=$(cat "$work/assigned" 2>/dev/null || echo 0)
  [ "$assigned" -ge "$tasks" ] && break
  sleep 0.05
done
t1=$(now_ns)
[ "$assigned" -ge "$tasks" ] || { echo "only $assigned of $tasks tasks reached the simulated nodes in 10 minutes" >&2; exit 1; }
figure[tasks_scheduled_per_s]=$(python3 -c "print(round($tasks / (($t1 - $t0) / 1e9)))")
figure[schedule_s]=$(python3 -c "print(round(($t1 - $t0) / 1e9, 2))")
figure[leader_rss_mb_100k_tasks]=$(rss_mb "$leader")
figure[leader_rss_mb_before_tasks]=$rss_before
figure[nomad_c1m_tasks_per_s_published]=3333
stop_all; pids=()
work=$(mktemp -d -t scheduler-bench.XXXX)

# 3. Real containers on three workers.
bash tools/images/registry.sh start "$registry_port" "$work/registry" >&2
start_swarmd 2 --registry-mirror "http://127.0.0.1:$registry_port"
api 2 POST /swarm/init '{"ListenAddr":"127.0.0.42:2377","AdvertiseAddr":"127.0.0.42"}' >/dev/null
drain 2 "$(node_id 2)"
worker_token=$(api 2 GET /swarm | json_field 'd["JoinTokens"]["Worker"]')
for i in 3 4 5; do
  start_swarmd "$i" --registry-mirror "http://127.0.0.1:$registry_port"
  api "$i" POST /swarm/join "{\"JoinToken\":\"$worker_token\",\"RemoteAddrs\":[\"127.0.0.42:2377\"],\"ListenAddr\":\"127.0.0.4$i:2377\",\"AdvertiseAddr\":\"127.0.0.4$i\"}" >/dev/null
done
for _ in $(seq 100); do
  [ "$(api 2 GET /nodes | json_field 'sum(n["Status"]["State"] == "ready" for n in d)')" -ge 4 ] && break
  sleep 0.2
done
t0=$(now_ns)
api 2 POST /services/create "{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\",\"Args\":[\"sleep\",\"3600\"],\"StopGracePeriod\":1000000000}},\"Mode\":{\"Replicated\":{\"Replicas\":$replicas}}}" >/dev/null
running=0
for _ in $(seq 3000); do
  running=$(api 2 GET '/services?status=true' | json_field 'd[0]["ServiceStatus"]["RunningTasks"]')
  [ "$running" -ge "$replicas" ] && break
  sleep 0.1
done
t1=$(now_ns)
[ "$running" -ge "$replicas" ] || { echo "only $running of $replicas replicas ran within 5 minutes" >&2; exit 1; }
figure[replicas50_converge_s]=$(python3 -c "print(round(($t1 - $t0) / 1e9, 2))")
read -r figure[container_start_p50_ms] figure[container_start_p99_ms] < <(cat "$work"/n[345].log | python3 -c '
import re, sys
times = sorted(float(m.group(1)) for m in re.finditer(r"start_ms=([0-9.]+)", sys.stdin.read()))
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(round(pick(0.5), 1), round(pick(0.99), 1))')

# runc alone: the same image unpacked once, `runc run --detach` of a fresh container each time.
bundle="$work/runc-alone"
umoci unpack --image "$work/registry/build/oci:latest" "$bundle" >/dev/null
python3 - "$bundle/config.json" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
config["process"]["args"] = ["sleep", "3600"]
config["process"]["terminal"] = False
json.dump(config, open(path, "w"))
PY
times=()
for i in $(seq "$runc_runs"); do
  t0=$(now_ns)
  runc --root "$work/runc-alone-state" run --detach --bundle "$bundle" "alone$i" </dev/null >/dev/null 2>&1
  times+=($(( ($(now_ns) - t0) / 1000 )))
  runc --root "$work/runc-alone-state" delete --force "alone$i" >/dev/null 2>&1
done
read -r figure[runc_alone_p50_ms] figure[runc_alone_p99_ms] < <(python3 -c "
import sys
t = sorted(int(x) / 1000 for x in sys.argv[1:])
print(round(t[len(t) // 2], 1), round(t[min(len(t) - 1, int(0.99 * len(t)))], 1))" "${times[@]}")

printf 'scheduling: %s tasks on %s simulated nodes in %s s: %s tasks/s (Nomad C1M, published: ~%s/s); leader RSS %s MB (%s MB before)\n' \
  "$tasks" "$nodes" "${figure[schedule_s]}" "${figure[tasks_scheduled_per_s]}" "${figure[nomad_c1m_tasks_per_s_published]}" \
  "${figure[leader_rss_mb_100k_tasks]}" "${figure[leader_rss_mb_before_tasks]}"
printf 'real containers: %s replicas on 3 workers running after %s s; container start p50 %s ms, p99 %s ms; runc run alone p50 %s ms, p99 %s ms\n' \
  "$replicas" "${figure[replicas50_converge_s]}" "${figure[container_start_p50_ms]}" "${figure[container_start_p99_ms]}" \
  "${figure[runc_alone_p50_ms]}" "${figure[runc_alone_p99_ms]}"
for name in $(printf '%s\n' "${!figure[@]}" | sort); do echo "$name ${figure[$name]}"; done
