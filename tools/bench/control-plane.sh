#!/usr/bin/env bash
# The control-plane benchmark (tools/bench/run control-plane [--quick]), on release builds:
#   1. three swarmd managers on 127.0.0.31-33, founded and joined through the Docker API;
#   2. config creates by 1/16/64 concurrent clients on the leader's socket (64 three times, the
#      median run counts; ../shared/tools/swarm-api-load.py, the load the baseline gets too);
#   3. 1,000 simulated workers (swarm-agent-sim: a key, a certificate and an mTLS connection
#      each) heartbeating at the default 5 s period: GET /nodes and POST /secrets/create latency;
#   4. (full run) 4,000 more: leader CPU and memory, nodes down that should not be;
#   5. kill -9 of the leader: time to the first successful write on a survivor;
#   6. the real Docker Swarm, same load and the same failover, by ../shared/tools/swarm-baseline.sh.
# Prints a table, then `name value` lines (figure names in ../shared/design/BENCHMARKS.md). Every
# process started here is stopped by its PID; every wait is bounded; only loopback addresses and
# unix sockets are used.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
tools="$root/../shared/tools"
[ -f "$tools/swarm-api-load.py" ] && [ -f "$tools/swarm-baseline.sh" ] || { echo "control-plane benchmark: $tools is missing its load scripts" >&2; exit 1; }

clients="1 16 64"; seconds=8; more_agents=4000; steady_s=60; samples=500
# The 64-client load runs three times on each system and each figure is the median run: single
# runs of either system move by about 15% on this shared machine.
loads="1 16 64 64 64"
if [ "${1:-}" = "--quick" ]; then clients="64"; loads="64"; seconds=5; more_agents=0; steady_s=20; samples=200; fi
first_agents=1000

bash tools/install-deps.sh >&2
echo "control-plane benchmark: building swarmd and swarm-agent-sim (release)" >&2
swift build -c release --scratch-path .build-bench --product swarmd >&2
swift build -c release --scratch-path .build-bench --product swarm-agent-sim >&2
bin="$root/.build-bench/release"

work=$(mktemp -d -t control-plane-bench.XXXX)
source tools/bench/processes.sh
stop_all() {
  touch "$work/stop-agents" 2>/dev/null || true
  stop_pids
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 143' TERM INT

api() { # node method path [json]
  curl -s --fail-with-body --max-time 30 --unix-socket "$work/m$1.sock" -X "$2" -H 'Content-Type: application/json' ${4:+-d "$4"} "http://swarmd$3"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

declare -A manager_pid
for i in 1 2 3; do
  "$bin/swarmd" --data-dir "$work/m$i" --host "unix://$work/m$i.sock" --hostname "bench$i" --listen-addr "127.0.0.3$i:2377" \
    --log-level notice >"$work/m$i.log" 2>&1 &
  manager_pid[$i]=$!; pids+=($!)
  for _ in $(seq 300); do [ -S "$work/m$i.sock" ] && break; sleep 0.1; done
  [ -S "$work/m$i.sock" ] || { echo "swarmd $i did not start; its log:" >&2; cat "$work/m$i.log" >&2; exit 1; }
done
api 1 POST /swarm/init '{"ListenAddr":"127.0.0.31:2377","AdvertiseAddr":"127.0.0.31"}' >/dev/null
manager_token=$(api 1 GET /swarm | json_field 'd["JoinTokens"]["Manager"]')
worker_token=$(api 1 GET /swarm | json_field 'd["JoinTokens"]["Worker"]')
for i in 2 3; do
  api "$i" POST /swarm/join "{\"JoinToken\":\"$manager_token\",\"RemoteAddrs\":[\"127.0.0.31:2377\"],\"ListenAddr\":\"127.0.0.3$i:2377\",\"AdvertiseAddr\":\"127.0.0.3$i\"}" >/dev/null
done
# The manager that leads now (a heavy load may move leadership).
leader_index() {
  api 1 GET /nodes 2>/dev/null | python3 -c '
import json, sys
for node in json.load(sys.stdin):
    status = node.get("ManagerStatus") or {}
    if status.get("Leader"): print(status["Addr"].split(":")[0].rsplit(".", 1)[1][-1])' || api 2 GET /nodes | python3 -c '
import json, sys
for node in json.load(sys.stdin):
    status = node.get("ManagerStatus") or {}
    if status.get("Leader"): print(status["Addr"].split(":")[0].rsplit(".", 1)[1][-1])'
}
leader=${manager_pid[1]}
leader_changes() { cat "$work"/m?.log | grep -c "Raft leader changed" || true; }
changes_at_start=$(leader_changes) # each manager logs the leader it first learns

declare -A figure runs
# Keeps every run's value of each figure; `take_medians` makes each figure its median run and
# prints every run's value on stderr.
record_run() { runs[$1]="${runs[$1]:-} $2"; }
take_medians() {
  for name in "${!runs[@]}"; do
    # (a value that is not a number, "timeout" say, sorts last)
    figure[$name]=$(python3 -c '
import sys
def key(v):
    try: return (0, float(v))
    except ValueError: return (1, 0.0)
v = sorted(sys.argv[1:], key=key); print(v[(len(v) - 1) // 2])' ${runs[$name]})
    # every run's value on stderr, so the spread behind a median is on record
    if [ "$(wc -w <<<"${runs[$name]}")" -gt 1 ]; then echo "$name runs:${runs[$name]} (median ${figure[$name]})" >&2; fi
  done
  runs=()
}
for c in $loads; do
  while read -r name value; do record_run "$name" "$value"; done < <(python3 "$tools/swarm-api-load.py" "$work/m1.sock" "$c" "$seconds" api)
done
take_medians

# Simulated agents: they join, then heartbeat until the stop file appears.
# The simulated nodes stand for other hosts: they run at the lowest priority, so that on this
# machine's two cores they do not starve the managers they load.
start_agents() { # count prefix
  nice -n 19 "$bin/swarm-agent-sim" --manager 127.0.0.31:2377 --token "$worker_token" --nodes "$1" --prefix "$2" --stop-file "$work/stop-agents" \
    >"$work/$2.out" 2>"$work/$2.err" &
  pids+=($!)
  for _ in $(seq 1200); do grep -q "heartbeating until" "$work/$2.err" && return; sleep 0.5; done
  echo "swarm-agent-sim $2 did not finish joining in 10 minutes:" >&2; cat "$work/$2.err" >&2; exit 1
}
rss_before_agents=$(rss_mb "$leader")
start_agents "$first_agents" simA
sleep 12 # two heartbeat periods: every node has reported in

# Latency at 1,000 nodes: GET /nodes and POST /secrets/create, one at a time.
read -r figure[node_list_p50_ms_1k] figure[node_list_p99_ms_1k] figure[secret_create_p50_ms] figure[secret_create_p99_ms] < <(
  python3 - "$work/m1.sock" "$samples" <<'PY'
import base64, http.client, json, socket, sys, time
class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path): super().__init__("swarmd"); self.path = path
    def connect(self): self.sock = socket.socket(socket.AF_UNIX); self.sock.connect(self.path)
connection, samples = UnixConnection(sys.argv[1]), int(sys.argv[2])
def timed(method, path, body=None, expect=200):
    start = time.perf_counter()
    connection.request(method, path, body, {"Content-Type": "application/json"})
    response = connection.getresponse(); response.read()
    if response.status != expect: raise SystemExit(f"{method} {path}: {response.status}")
    return (time.perf_counter() - start) * 1000
def percentiles(values):
    values.sort(); return round(values[len(values) // 2], 2), round(values[max(0, int(len(values) * 0.99) - 1)], 2)
lists = [timed("GET", "/v1.49/nodes") for _ in range(samples)]
data = base64.b64encode(b"s" * 64).decode()
creates = [timed("POST", "/v1.49/secrets/create", json.dumps({"Name": f"bench-secret-{n}", "Data": data}), 201) for n in range(samples)]
print(*percentiles(lists), *percentiles(creates))
PY
)

if [ "$more_agents" -gt 0 ]; then
  start_agents "$more_agents" simB
  sleep 12
fi
agents=$((first_agents + more_agents))

# Steady state: the leader's CPU and memory while every node heartbeats.
leader=${manager_pid[$(leader_index)]}
ticks_before=$(cpu_ticks "$leader"); t0=$(date +%s%N)
sleep "$steady_s"
ticks_after=$(cpu_ticks "$leader"); t1=$(date +%s%N)
figure[leader_cpu_pct]=$(python3 -c "print(round(($ticks_after - $ticks_before) / $(getconf CLK_TCK) / (($t1 - $t0) / 1e9) * 100, 1))")
rss_with_agents=$(rss_mb "$leader")
figure[leader_rss_mb]=$rss_with_agents
figure[leader_rss_mb_per_1k_nodes]=$(python3 -c "print(round(($rss_with_agents - $rss_before_agents) / ($agents / 1000), 1))")
read -r figure[nodes_heartbeating] figure[false_down] < <(api 1 GET /nodes | python3 -c '
import json, sys
nodes = [n for n in json.load(sys.stdin) if n["Description"]["Hostname"].startswith("sim")]
print(sum(n["Status"]["State"] == "ready" for n in nodes), sum(n["Status"]["State"] == "down" for n in nodes))')
figure[agents]=$agents
touch "$work/stop-agents"
for prefix in simA simB; do
  [ -f "$work/$prefix.out" ] || continue
  for _ in $(seq 100); do grep -q heartbeats_failed "$work/$prefix.out" && break; sleep 0.2; done
  while read -r name value; do figure[${name}_$prefix]=$value; done <"$work/$prefix.out"
  grep "sessions failed" "$work/$prefix.err" | sed "s/^/$prefix: /" >&2 || true
done

figure[leader_changes]=$(( $(leader_changes) - changes_at_start ))
# Failover: kill -9 the leader, then the first write a survivor accepts.
killed=$(leader_index)
kill -9 "${manager_pid[$killed]}"
t0=$(date +%s%N)
failover=""
for _ in $(seq 600); do
  for i in 1 2 3; do
    [ "$i" = "$killed" ] && continue
    if api "$i" POST /configs/create "{\"Name\":\"failover-$RANDOM$RANDOM\",\"Data\":\"eA==\"}" >/dev/null 2>&1; then failover=$(( ($(date +%s%N) - t0) / 1000000 )); break 2; fi
  done
  sleep 0.05
done
figure[failover_ms]=${failover:-timeout}
stop_all; pids=()

echo "control-plane benchmark: the Docker Swarm baseline (3 dockerd managers)" >&2
while read -r name value; do record_run "$name" "$value"; done < <(bash "$tools/swarm-baseline.sh" --clients "$loads" --seconds "$seconds" | grep -E '^swarm_(config_creates_per_s|create_p50_ms|create_p99_ms|failover_ms)')
take_medians
figure[api_vs_swarm_creates_ratio_64]=$(python3 -c "print(round(${figure[api_config_creates_per_s_64]} / max(${figure[swarm_config_creates_per_s_64]:-0}, 1e-9), 1))")
figure[api_vs_swarm_p99_ratio_64]=$(python3 -c "print(round(${figure[api_create_p99_ms_64]} / max(${figure[swarm_create_p99_ms_64]:-0}, 1e-9), 2))")

printf '%-10s %-8s %12s %10s %10s\n' system clients creates/s p50_ms p99_ms
for c in $clients; do
  printf '%-10s %-8s %12s %10s %10s\n' swarmd "$c" "${figure[api_config_creates_per_s_$c]}" "${figure[api_create_p50_ms_$c]}" "${figure[api_create_p99_ms_$c]}"
  printf '%-10s %-8s %12s %10s %10s\n' swarm "$c" "${figure[swarm_config_creates_per_s_$c]:-?}" "${figure[swarm_create_p50_ms_$c]:-?}" "${figure[swarm_create_p99_ms_$c]:-?}"
done
printf 'failover to first write: swarmd %s ms, swarm %s ms\n' "${figure[failover_ms]}" "${figure[swarm_failover_ms]:-?}"
printf '%s agents: %s ready, %s down; leader %s%% CPU, %s MB RSS (%s MB per 1,000 nodes)\n' "$agents" "${figure[nodes_heartbeating]}" \
  "${figure[false_down]}" "${figure[leader_cpu_pct]}" "${figure[leader_rss_mb]}" "${figure[leader_rss_mb_per_1k_nodes]}"
for name in $(printf '%s\n' "${!figure[@]}" | sort); do echo "$name ${figure[$name]}"; done
