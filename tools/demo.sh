#!/usr/bin/env bash
# The README's first command ends here: a real check of a shipped sample, shown
# readable, then signed with a freshly generated development key and verified.
# usage: tools/demo.sh [BUILD_DIR] [SAMPLE]   (defaults: build/release, the SDTM sample)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
sample=${2:-samples/sdtm-mrct-us-sponsor.json}
dx="$build/dxcheck"
at=2026-12-01
out=$(mktemp -d /tmp/dxcheck-demo.XXXXXX)

echo "== dxcheck check $sample --at $at --format text"
"$dx" check "$sample" --at "$at" --format text && code=0 || code=$?
echo "(exit code $code)"

echo
echo "== a development signing key (Ed25519) in $out"
"$dx" keygen --alg ed25519 --out "$out/dev"

echo
echo "== signed decision: $out/decision.dsse.json"
"$dx" check "$sample" --at "$at" --sign "$out/dev.key" --out "$out/decision.dsse.json" || true

echo
echo "== dxcheck verify (signature, subjects, lists, re-evaluation)"
"$dx" verify "$out/decision.dsse.json" --key "$out/dev.pub" --manifest "$sample"
# A decision was made, signed and verified: the demo succeeded, whatever the
# decision (its exit code is shown above; a pipeline gates on it).
case "$code" in 0|5|10|20|30) exit 0 ;; *) exit "$code" ;; esac
