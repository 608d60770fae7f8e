#!/usr/bin/env bash
# The backup benchmark (tools/bench/run backup [--quick]), on release builds:
#   1. three swarmd managers on 127.0.0.41-43;
#   2. a store of 100,000 configs of 1 KiB (stand-ins for the 100,000 tasks and 1,000 services
#      of the target until services exist, issue #8) and 1,000 secrets (--quick: 10,000 / 100);
#      the configs hold config-file-like text (zstd halves it), or random bytes with
#      BACKUP_BENCH_PAYLOAD=random (the worst case for an archive's size and a backup's time);
#   3. a hot backup of that store (median of 3), its archive's size and the state's size; verify;
#   4. restore on 127.0.0.44 and start: time until a write succeeds there;
#   5. 64 clients create configs for 4 s, then again while hot backups are taken back to back
#      through a follower, eight times: the write rate kept (all rounds with backups against
#      all without), and the longest time without an acknowledged write (the unavailability a
#      backup causes);
#   6. the real Docker Swarm's documented backup (stop, copy, start) by
#      ../shared/tools/swarm-baseline.sh: how long its writes are unavailable.
# Prints a table, then `name value` lines (figure names in ../shared/design/BENCHMARKS.md). Every
# process started here is stopped by its PID; every wait is bounded; only loopback addresses and
# unix sockets are used.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
tools="$root/../shared/tools"
[ -f "$tools/swarm-baseline.sh" ] || { echo "backup benchmark: $tools/swarm-baseline.sh is missing" >&2; exit 1; }

configs=100000; secrets=1000; seconds=4; backups=3; rounds=8
if [ "${1:-}" = "--quick" ]; then configs=10000; secrets=100; seconds=4; backups=1; rounds=2; fi

bash tools/install-deps.sh >&2
echo "backup benchmark: building swarmd, swarm-backup and swarm-restore (release)" >&2
for product in swarmd swarm-backup swarm-restore; do
  swift build -c release --scratch-path .build-bench --product "$product" >&2
done
bin="$root/.build-bench/release"
load="$root/tools/bench/backup-load.py"

work=$(mktemp -d -t backup-bench.XXXX)
source tools/bench/processes.sh
stop_all() {
  stop_pids
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 143' TERM INT

api() { # socket method path [json]
  curl -s --fail-with-body --max-time 60 --unix-socket "$1" -X "$2" -H 'Content-Type: application/json' ${4:+-d "$4"} "http://swarmd$3"
}
now_ns() { date +%s%N; }
seconds_since() { python3 -c "print(f'{($(now_ns) - $1) / 1e9:.2f}')"; }
median() { python3 -c "import statistics,sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.2f}')" "$@"; }
mean() { python3 -c "import statistics,sys; print(f'{statistics.mean(float(x) for x in sys.argv[1:]):.0f}')" "$@"; }
percent() { python3 -c "print(f'{100 * $1 / $2:.1f}')"; } # part whole

start_swarmd() { # index data-dir
  "$bin/swarmd" --data-dir "$2" --host "unix://$work/m$1.sock" --hostname "bench$1" --listen-addr "127.0.0.4$1:2377" \
    --log-level notice >>"$work/m$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do [ -S "$work/m$1.sock" ] && api "$work/m$1.sock" GET /_ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "swarmd $1 did not start; its log:" >&2; cat "$work/m$1.log" >&2; exit 1
}

for i in 1 2 3; do start_swarmd "$i" "$work/m$i"; done
api "$work/m1.sock" POST /swarm/init '{"ListenAddr":"127.0.0.41:2377","AdvertiseAddr":"127.0.0.41"}' >/dev/null
token=$(api "$work/m1.sock" GET /swarm | json_field 'd["JoinTokens"]["Manager"]')
for i in 2 3; do
  api "$work/m$i.sock" POST /swarm/join "{\"JoinToken\":\"$token\",\"RemoteAddrs\":[\"127.0.0.41:2377\"],\"ListenAddr\":\"127.0.0.4$i:2377\",\"AdvertiseAddr\":\"127.0.0.4$i\"}" >/dev/null
done

echo "backup benchmark: filling the store with $configs configs and $secrets secrets" >&2
payload=${BACKUP_BENCH_PAYLOAD:-text}
python3 "$load" fill "$work/m1.sock" config "$configs" 64 1024 c "$payload" >"$work/fill-configs"
python3 "$load" fill "$work/m1.sock" secret "$secrets" 16 64 s >"$work/fill-secrets"
grep -q "^created $configs\$" "$work/fill-configs" || { echo "filling configs failed: $(cat "$work/fill-configs")" >&2; exit 1; }

# Hot backups on the idle swarm, of exactly the filled store.
declare -a backup_times=()
for n in $(seq "$backups"); do
  t0=$(now_ns)
  "$bin/swarm-backup" --host "unix://$work/m2.sock" --file "$work/hot-$n.tar.zst" >/dev/null
  backup_times+=("$(seconds_since "$t0")")
done
hot_s=$(median "${backup_times[@]}")
archive="$work/hot-$backups.tar.zst"
archive_mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$archive\") / 1e6:.1f}')")
state_mb=$("$bin/swarm-backup" inspect --json "$archive" | json_field "round(d['stateByteCount'] / 1e6, 1)")
t0=$(now_ns); "$bin/swarm-backup" verify "$archive" >/dev/null; verify_s=$(seconds_since "$t0")

# Restore on a new address, start, first write.
t0=$(now_ns)
"$bin/swarm-restore" "$archive" --data-dir "$work/m4" --advertise-addr 127.0.0.44 >/dev/null
start_swarmd 4 "$work/m4"
for _ in $(seq 600); do
  api "$work/m4.sock" POST /configs/create '{"Name":"after-restore","Data":"dg=="}' >/dev/null 2>&1 && break
  sleep 0.05
done
restore_s=$(seconds_since "$t0")
api "$work/m4.sock" GET /configs/after-restore >/dev/null || { echo "the restored manager never took a write" >&2; exit 1; }
restored_configs=$(api "$work/m4.sock" GET /configs | json_field 'len(d)')

# Writes without a backup, then with backups back to back (through follower 2), in $rounds
# alternating rounds of $seconds s each: the figure is the rate of all the rounds with backups
# over the rate of all those without. On a shared VM the rate alone moves by 20% from one
# window to the next; many short interleaved windows average that out.
declare -a rate_pcts=() rates_alone=() rates_during=()
count=0; gap_ms=0; gap_alone_ms=0
for round in $(seq "$rounds"); do
  python3 "$load" write "$work/m1.sock" 64 "$seconds" "w$round-" >"$work/write-alone"
  python3 "$load" write "$work/m1.sock" 64 "$seconds" "d$round-" >"$work/write-during" &
  writer=$!
  deadline=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    "$bin/swarm-backup" --host "unix://$work/m2.sock" --file "$work/during.tar.zst" >/dev/null
    rm -f "$work/during.tar.zst"
    count=$((count + 1))
  done
  wait "$writer"
  rate_alone=$(awk '/^creates_per_s/ {print $2}' "$work/write-alone")
  rate_during=$(awk '/^creates_per_s/ {print $2}' "$work/write-during")
  rate_pcts+=("$(percent "$rate_during" "$rate_alone")")
  rates_alone+=("$rate_alone"); rates_during+=("$rate_during")
  gap_ms=$(python3 -c "print(max($gap_ms, $(awk '/^longest_gap_ms/ {print $2}' "$work/write-during")))")
  gap_alone_ms=$(python3 -c "print(max($gap_alone_ms, $(awk '/^longest_gap_ms/ {print $2}' "$work/write-alone")))")
done
rate_alone=$(mean "${rates_alone[@]}")
rate_during=$(mean "${rates_during[@]}")
rate_pct=$(percent "$rate_during" "$rate_alone")

echo "backup benchmark: the real Docker Swarm's documented backup (swarm-baseline.sh)" >&2
swarm_ms=$(bash "$tools/swarm-baseline.sh" --clients 1 --seconds 1 2>/dev/null | awk '/^swarm_backup_unavailable_ms/ {print $2}')

printf '\n%-44s %s\n' "figure" "value"
printf '%-44s %s\n' "store" "$configs configs of 1 KiB ($payload), $secrets secrets ($restored_configs configs restored)"
printf '%-44s %s\n' "hot backup, s (median of $backups)" "$hot_s"
printf '%-44s %s\n' "verify, s" "$verify_s"
printf '%-44s %s\n' "restore to a serving manager, s" "$restore_s"
printf '%-44s %s\n' "writes/s alone / during backups ($rounds rounds)" "$rate_alone / $rate_during ($rate_pct%; rounds $(IFS=/; echo "${rate_pcts[*]}")%)"
printf '%-44s %s\n' "backups taken during the rounds" "$count"
printf '%-44s %s\n' "longest write gap alone / during, ms" "$gap_alone_ms / $gap_ms"
printf '%-44s %s\n' "archive / state, MB" "$archive_mb / $state_mb"
printf '%-44s %s\n' "Swarm's writes unavailable (stop, copy, start), ms" "${swarm_ms:-n/a}"
echo
echo "hot_backup_s $hot_s"
echo "verify_s $verify_s"
echo "restore_to_serving_s $restore_s"
echo "write_rate_during_backup_pct $rate_pct"
echo "unavailable_s_ours $(python3 -c "print(f'{$gap_ms / 1000:.3f}')")"
echo "swarm_backup_unavailable_ms ${swarm_ms:-n/a}"
echo "archive_mb $archive_mb"
echo "state_mb $state_mb"
