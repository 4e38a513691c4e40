#!/usr/bin/env bash
# Load figures for `dxcheck serve` (issue 16), loopback only, bounded in time:
#   1. the in-process single-core check rate: `dxcheck check --batch` of N copies of the bench
#      manifest with --jobs 1 (the same work a request does: check and render, no HTTP);
#   2. wrk (Debian's) against POST /v1/check for SECONDS with CONNS connections, the service on
#      THREADS workers: requests/s, p50/p99 latency, errors, and the service's peak RSS (VmHWM).
# Prints figures; asserts nothing (the numbers depend on the machine: see README "Load").
#   usage: bench/serve_load.sh DXCHECK [SECONDS=5] [CONNS=8] [THREADS=8] [MANIFEST]
set -euo pipefail
dx=$(readlink -f "$1"); secs=${2:-5}; conns=${3:-8}; threads=${4:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
manifest=$(readlink -f "${5:-$root/samples/sdtm-mrct-us-sponsor.json}")
command -v wrk >/dev/null || { echo "serve_load.sh: wrk not installed (apt-get install wrk)" >&2; exit 69; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

n=2000
python3 - "$manifest" "$work/batch.jsonl" "$n" <<'PY'
import json, sys
line = json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False)
open(sys.argv[2], "w").write((line + "\n") * int(sys.argv[3]))
PY
t0=$(date +%s.%N)
"$dx" check --batch "$work/batch.jsonl" --jobs 1 --at 2026-12-01 >/dev/null 2>&1 || true
t1=$(date +%s.%N)
single=$(python3 -c "print(round($n / ($t1 - $t0)))")
echo "in-process single-core check rate: $single checks/s ($n checks, --jobs 1)"

"$dx" serve --listen 127.0.0.1:0 --threads "$threads" 2>"$work/serve.log" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -o '"address":"127.0.0.1:[0-9]*' "$work/serve.log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "serve_load.sh: dxcheck serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$manifest", "rb"); wrk.body = f:read("*a"); f:close()
LUA
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/post.lua" \
  "http://127.0.0.1:$port/v1/check?at=2026-12-01" >"$work/wrk.txt"
rss=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$pid/status")
cat "$work/wrk.txt"
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.txt" || echo "none")
cores=$(nproc)
echo "summary: serve $rps req/s on $cores core(s) (wrk and the service share them), p50 $p50, p99 $p99," \
     "errors: $errors; per core $(python3 -c "print(round($rps / $cores))") req/s =" \
     "$(python3 -c "print(round(100 * $rps / $cores / $single))") % of the single-core check rate;" \
     "peak RSS $rss"
