#!/usr/bin/env bash
# bench/compare in one command (README.md): generate the requests, run dxcheck
# and the floor over them (dxcheck_compare), then the three peers (peers.js),
# which check agreement request by request and print one table.
#   bench/compare/run.sh [BUILD_DIR=build/release] [SECONDS=3] [REQUESTS=10000]
# Exit 0 when every peer (and the floor) agrees with dxcheck on every request.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
seconds=${2:-3}
requests=${3:-10000}
[ -x "$build/dxcheck_compare" ] || { echo "run.sh: no $build/dxcheck_compare (cmake --preset release && cmake --build --preset release)" >&2; exit 66; }
if [ ! -d "$here/node_modules/json-logic-js" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)   # the versions pinned in package-lock.json
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The 17 national rules alone: the code list, cn-baseline and cn-hgr.
mkdir "$work/rules"
cp "$root/rules/categories.json" "$root/rules/cn-baseline.json" "$root/rules/cn-hgr.json" "$work/rules/"
node "$here/gen_requests.js" "$work" "$requests"
"$build/dxcheck_compare" "$work/rules" "$work/manifests.jsonl" "$work/dxcheck.jsonl" "$work/summary.json" "$seconds"
node "$here/peers.js" "$work/rules" "$work/facts.jsonl" "$work/dxcheck.jsonl" "$work/summary.json" "$seconds"
