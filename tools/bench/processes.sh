# Sourced by the benchmark scripts: the processes a benchmark starts (append each PID to `pids`)
# and how they are stopped, by PID only: SIGTERM, up to 10 s each, then SIGKILL.
declare -a pids=()

stop_pids() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

# Prints a Python expression of the JSON document on stdin, `d`.
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
