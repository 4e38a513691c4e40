#!/usr/bin/env bash
# A pre-transfer gate for any pipeline: checks the manifest, keeps the (signed)
# decision next to the data, and lets the transfer run only when dxcheck says
# it may proceed (exit 0). Other exit codes say what is missing:
#   5 duties open (consent, impact assessment, FTZ filing, HGR procedures)
#  10 a standard contract must be filed   20 a security assessment is needed
#  30 prohibited under this regime        64-77 the check itself could not run
# usage: gate.sh MANIFEST [SIGNING_KEY]      env: DXCHECK (binary), DXCHECK_AT (date)
set -uo pipefail
manifest=${1:?usage: gate.sh MANIFEST [SIGNING_KEY]}
key=${2:-}
dxcheck=${DXCHECK:-dxcheck}
out="${manifest%.json}.decision.json"
args=(check "$manifest" --out "$out")
[ -n "${DXCHECK_AT:-}" ] && args+=(--at "$DXCHECK_AT")
[ -n "$key" ] && args+=(--sign "$key")
"$dxcheck" "${args[@]}"
code=$?
case "$code" in
  0)  echo "gate: transfer may proceed (decision: $out)" ;;
  5)  echo "gate: BLOCKED — duties still open (consent, impact assessment, filing or HGR); see $out" ;;
  10) echo "gate: BLOCKED — file the standard contract (or certify) first; see $out" ;;
  20) echo "gate: BLOCKED — a CAC security assessment is required; see $out" ;;
  30) echo "gate: BLOCKED — this transfer cannot be authorised under the cross-border data regime; see $out" ;;
  *)  echo "gate: ERROR — the check could not run (exit $code); nothing leaves" ;;
esac
exit "$code"
