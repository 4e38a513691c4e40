#!/usr/bin/env bash
# Load figures for `dxcheck serve` (issue 16), loopback only, bounded in time. Build the release
# preset first; the figures go into README "Load".
#   1. the in-process single-core check rate, two ways: `dxcheck check --batch` of N copies of the
#      bench manifest with --jobs 1 (the same work a request does: check and render, no HTTP), and
#      the bench binary's BM_Check/20 (dxcheck_bench beside DXCHECK, when built);
#   2. peak: wrk (Debian's) against POST /v1/check for SECONDS with CONNS connections, the service
#      on THREADS workers: requests/s, p50/p99 latency, errors, and the ratio per core to (1);
#   3. half the peak rate: Debian has wrk, not wrk2 (no -R), so the pace comes from wrk's Lua
#      delay() hook: each connection waits D ms after each response before its next request. D is
#      set from the peak run (CONNS / (peak / 2) minus the p50 latency), the run repeated once with D
#      corrected by the rate it reached; it reports the rate reached and its p50/p99. Latency is
#      wrk's, from sending a request to its response, the delay not included;
#   4. the service's peak RSS (VmHWM) after all runs.
# Prints figures; asserts nothing (the numbers depend on the machine).
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
py() { python3 -c "$1"; }
# wrk prints latencies as 850.00us, 2.31ms, 1.02s: in ms.
to_ms() { py "v='$1'; print(round(float(v[:-2]) / 1000 if v.endswith('us') else float(v[:-2]) if v.endswith('ms') else float(v[:-1]) * 1000, 3))"; }

n=10000  # about 3 s at release speed: the start-up (loading the lists) is a small share
python3 - "$manifest" "$work/batch.jsonl" "$n" <<'PY'
import json, sys
line = json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False)
open(sys.argv[2], "w").write((line + "\n") * int(sys.argv[3]))
PY
# Wall time and CPU time (user + system) of the batch: on a shared machine the wall-clock rate
# counts the other loads' share of the core too; the CPU-time rate is what one core does.
read -r wall cpu < <(python3 - "$dx" "$work/batch.jsonl" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run([sys.argv[1], "check", "--batch", sys.argv[2], "--jobs", "1", "--at", "2026-12-01"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.monotonic() - t, r.ru_utime + r.ru_stime)
PY
)
single=$(py "print(round($n / $wall))"); single_cpu=$(py "print(round($n / $cpu))")
echo "in-process single-core check rate: $single checks/s wall, $single_cpu checks per CPU-second" \
     "($(basename "$manifest"), $n checks, check --batch --jobs 1)"
bench=$(dirname "$dx")/dxcheck_bench
if [ -x "$bench" ]; then
  "$bench" --benchmark_filter='BM_Check/20$' --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null >"$work/bench.json" || true
  python3 - "$work/bench.json" <<'PY' || true
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
m = [r for r in runs if r.get("aggregate_name") == "median"][0]
scale = {"ns": 1e-3, "us": 1, "ms": 1e3}[m["time_unit"]]
wall, cpu = m["real_time"] * scale, m["cpu_time"] * scale
print(f"bench binary BM_Check/20 (a synthetic 20-field manifest, median of 3): {wall:.0f} us wall, "
      f"{cpu:.0f} us CPU = {1e6 / cpu:.0f} checks per CPU-second")
PY
fi

"$dx" serve --listen 127.0.0.1:0 --threads "$threads" 2>"$work/serve.log" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -o '"address":"127.0.0.1:[0-9]*' "$work/serve.log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "serve_load.sh: dxcheck serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
lua() {  # $1: delay in ms after each response (0: none)
  cat <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$manifest", "rb"); wrk.body = f:read("*a"); f:close()
local pause = $1
if pause > 0 then function delay() return pause end end
LUA
}
run_wrk() {  # $1: delay ms, $2: output file
  lua "$1" >"$work/post.lua"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/post.lua" \
    "http://127.0.0.1:$port/v1/check?at=2026-12-01" >"$2"
}
rps_of() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct_of() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
errors_of() { grep -E "Non-2xx|Socket errors" "$1" | tr -s ' ' | paste -sd ';' - || true; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
tick=$(getconf CLK_TCK)
c0=$(cpu_ticks)
run_wrk 0 "$work/peak.txt"
c1=$(cpu_ticks)
echo "--- peak: wrk -t2 -c$conns -d${secs}s, serve --threads $threads"
cat "$work/peak.txt"
rps=$(rps_of "$work/peak.txt"); p50=$(pct_of "$work/peak.txt" 50%); p99=$(pct_of "$work/peak.txt" 99%)
errors=$(errors_of "$work/peak.txt"); errors=${errors:-none}
cores=$(nproc)

target=$(py "print($rps / 2)")
p50ms=$(to_ms "$p50")
d=$(py "print(max(1, round(1000 * $conns / $target - $p50ms)))")
run_wrk "$d" "$work/half1.txt"
got=$(rps_of "$work/half1.txt")
# One connection's cycle is D + its effective latency; the first run measured that latency.
d=$(py "print(max(1, round(1000 * $conns / $target - 1000 * $conns / $got + $d)))")
run_wrk "$d" "$work/half.txt"
echo "--- half the peak rate: target $target req/s, wrk delay() $d ms a connection"
cat "$work/half.txt"
hrps=$(rps_of "$work/half.txt"); hp50=$(pct_of "$work/half.txt" 50%); hp99=$(pct_of "$work/half.txt" 99%)
herrors=$(errors_of "$work/half.txt"); herrors=${herrors:-none}
rss=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$pid/status")

echo "summary: peak $rps req/s on $cores core(s) (wrk and the service share them), p50 $p50, p99 $p99," \
     "errors: $errors; per core $(py "print(round($rps / $cores))") req/s =" \
     "$(py "print(round(100 * $rps / $cores / $single))") % of the single-core check rate ($single/s)"
reqs=$(awk '/requests in/ {print $1}' "$work/peak.txt")
svc_cpu=$(py "print(($c1 - $c0) / $tick)")
echo "summary: the service used $svc_cpu CPU-seconds for the $reqs peak requests:" \
     "$(py "print(round($reqs / $svc_cpu))") requests per CPU-second =" \
     "$(py "print(round(100 * $reqs / $svc_cpu / $single_cpu))") % of the in-process check rate per CPU-second ($single_cpu)"
echo "summary: half peak (target $target req/s): $hrps req/s reached, p50 $hp50, p99 $hp99, errors: $herrors"
echo "summary: service peak RSS $rss"
