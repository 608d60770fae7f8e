#!/usr/bin/env bash
# The Raft benchmark (tools/bench/run raft [--quick]): raft-kv, three members on 127.0.0.11-13
# (release build, fsync on, 256 B values), against a real 3-member etcd measured in the same
# run by ../shared/tools/etcd-baseline.sh with the same wrk load and the same kill method.
#
# Prints a table, then `name value` lines: raft_/etcd_ puts_per_s, p50_ms, p99_ms, errors and
# cpu_s_per_10k per client count, the throughput ratios at 64 and 256 clients, and the failover
# medians (kill -9 of the leader while a follower takes puts, until the first put a survivor
# commits). Every process started here is stopped by its PID; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
baseline="$root/../shared/tools/etcd-baseline.sh"
[ -f "$baseline" ] || { echo "raft benchmark: $baseline is missing" >&2; exit 1; }

clients="1 16 64 256"; seconds=10; trials=20; etcd_trials=20
if [ "${1:-}" = "--quick" ]; then clients="64 256"; seconds=5; trials=5; etcd_trials=3; fi

bash tools/install-deps.sh >&2
binary="$root/.build-bench/release/raft-kv"
work=$(mktemp -d -t raft-bench.XXXX)
declare -a pid=("" "" "" "")
raft_port=$((24000 + RANDOM % 1000)); http_port=$((raft_port + 1000))
export RAFT_KV_CA_SEED=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
host() { echo "127.0.0.1$1"; }
url() { echo "http://$(host "$1"):$http_port"; }

start_member() { # i [bootstrap]
  local i=$1 peers=() extra=()
  for j in 1 2 3; do peers+=(--peer "$j=$(host "$j"):$raft_port"); done
  [ -n "${2:-}" ] && extra=(--bootstrap 1,2,3)
  "$binary" --id "$i" --data-dir "$work/m$i" --raft-address "$(host "$i"):$raft_port" \
    --http-address "$(host "$i"):$http_port" "${peers[@]}" "${extra[@]}" >>"$work/m$i.log" 2>&1 &
  pid[i]=$!
}
alive() { [ -n "${pid[$1]}" ] && kill -0 "${pid[$1]}" 2>/dev/null; }
stop_all() {
  for i in 1 2 3; do if alive "$i"; then kill -9 "${pid[i]}" 2>/dev/null || true; wait "${pid[i]}" 2>/dev/null || true; fi; done
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 143' TERM INT

leader() { # the member a live member reports as leader (and which says so itself), or fails
  local i l
  for i in 1 2 3; do
    alive "$i" || continue
    l=$(curl -s --max-time 1 "$(url "$i")/raft/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["leader"])' 2>/dev/null) || continue
    [ -n "$l" ] && [ "$l" != 0 ] && alive "$l" &&
      curl -s --max-time 1 "$(url "$l")/raft/status" | grep -q '"role":"leader"' && { echo "$l"; return 0; }
  done
  return 1
}
wait_leader() { for _ in $(seq 200); do leader && return 0; sleep 0.1; done; echo "raft-kv elected no leader" >&2; exit 1; }
put_once() { curl -s --max-time 0.3 -X POST -d '{"key":"ZmFpbG92ZXI=","value":"eA=="}' "$1/v3/kv/put" 2>/dev/null | grep -q '"revision"'; }
now_ns() { date +%s%N; }
cpu_ticks() { local t=0 i; for i in 1 2 3; do if alive "$i"; then t=$((t + $(awk '{print $14 + $15}' "/proc/${pid[i]}/stat"))); fi; done; echo "$t"; }

echo "raft benchmark: building raft-kv (release)" >&2
swift build -c release --scratch-path .build-bench --product raft-kv >&2

echo "raft benchmark: etcd baseline" >&2
etcd_out=$(bash "$baseline" --clients "$clients" --seconds "$seconds" --failover-trials "$etcd_trials")

echo "raft benchmark: raft-kv" >&2
for i in 1 2 3; do start_member "$i" bootstrap; done
L=$(wait_leader)
tck=$(getconf CLK_TCK)
raft_out=""
for c in $clients; do
  t0=$(cpu_ticks)
  out=$(bash "$baseline" load "$(url "$L")/v3/kv/put" "$c" "$seconds" raft)
  t1=$(cpu_ticks)
  puts=$(awk -v c="raft_puts_per_s_$c" '$1 == c {print $2}' <<<"$out")
  cpu=$(awk -v t=$((t1 - t0)) -v k="$tck" -v p="$puts" -v s="$seconds" 'BEGIN{ printf "%.3f", (p > 0 ? t / k / (p * s / 10000) : 0) }')
  raft_out+="$out"$'\n'"raft_cpu_s_per_10k_$c $cpu"$'\n'
done

times=()
for trial in $(seq "$trials"); do
  L=$(wait_leader)
  F=$(( L % 3 + 1 ))
  # Load through a follower while the leader dies: its forwarded puts stall until a new leader.
  timeout 20 bash "$baseline" load "$(url "$F")/v3/kv/put" 8 6 background >/dev/null 2>&1 &
  load_pid=$!
  sleep 1
  t0=$(now_ns); deadline=$((t0 + 30000000000)); done_ms=""
  kill -9 "${pid[L]}"; wait "${pid[L]}" 2>/dev/null || true; pid[L]=""
  while [ -z "$done_ms" ] && [ "$(now_ns)" -lt "$deadline" ]; do
    for s in 1 2 3; do
      [ "$s" = "$L" ] && continue
      if put_once "$(url "$s")"; then done_ms=$(( ($(now_ns) - t0) / 1000000 )); break; fi
    done
  done
  wait "$load_pid" 2>/dev/null || true
  [ -n "$done_ms" ] || { echo "no put succeeded within 30 s of killing the leader" >&2; exit 1; }
  times+=("$done_ms")
  start_member "$L"
done
failover=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')

figures=$(printf '%s\n%s\nfailover_median_ms %s\n' "$etcd_out" "$raft_out" "$failover" | awk 'NF == 2')
value() { awk -v n="$1" '$1 == n {print $2}' <<<"$figures"; }
ratios=""
for c in 64 256; do
  r=$(value "raft_puts_per_s_$c"); e=$(value "etcd_puts_per_s_$c")
  [ -n "$r" ] && [ -n "$e" ] && ratios+="raft_vs_etcd_throughput_ratio_$c $(awk -v r="$r" -v e="$e" 'BEGIN{printf "%.2f", r / e}')"$'\n'
done
figures+=$'\n'"$ratios"

printf '\n%-10s %12s %12s %10s %10s %10s %10s %12s %12s\n' clients raft_puts/s etcd_puts/s raft_p50 etcd_p50 raft_p99 etcd_p99 raft_cpu/10k etcd_cpu/10k
for c in $clients; do
  printf '%-10s %12s %12s %10s %10s %10s %10s %12s %12s\n' "$c" "$(value raft_puts_per_s_$c)" "$(value etcd_puts_per_s_$c)" \
    "$(value raft_p50_ms_$c)" "$(value etcd_p50_ms_$c)" "$(value raft_p99_ms_$c)" "$(value etcd_p99_ms_$c)" \
    "$(value raft_cpu_s_per_10k_$c)" "$(value etcd_cpu_s_per_10k_$c)"
done
printf 'failover median: raft-kv %s ms (%s trials: %s), etcd %s ms\n\n' "$failover" "$trials" "${times[*]}" "$(value etcd_failover_median_ms)"
grep -v '^$' <<<"$figures"
