#!/bin/sh
# Checks that two dxcheck binaries give byte-identical answers: for every
# *.json manifest under the given folders (and a 20- and a 2,000-field bench
# manifest made by gen_manifest.py-style inline generation), `check` with JSON
# and text output, with and without --strict, compares stdout, stderr and the
# exit code. For changes that must not change any decision (issue 15's speed
# work): run it with the binary before and after.
#
#   bench/same_decisions.sh OLD/dxcheck NEW/dxcheck samples tests/bad_inputs tests/e2e ...
set -u
export DXCHECK_RULES="${DXCHECK_RULES:-$(cd "$(dirname "$0")/.." && pwd)/rules}"
old=$1 new=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys
names = [("USUBJID", "Unique Subject Identifier"), ("身份证号", "患者身份证号码"),
         ("mobile_phone", "contact phone"), ("genotype", "genotype call"), ("yield_pct", "process yield"),
         ("visit_note", "free text note"), ("诊断", "主要诊断"), ("SEX", "Sex")]
for n in (20, 2000):
    f = ",".join('{"name": "%s_%d", "type": "string", "description": "%s"}' % (names[i % 8][0], i, names[i % 8][1])
                 for i in range(n))
    doc = ('{"resources": [{"name": "r", "path": "r.csv", "bytes": 1, "hash": "sha256:' + "0" * 64 +
           '", "schema": {"fields": [' + f + ']}}],\n "dxcheck": {"manifestVersion": "1", "transferId": "B",'
           ' "exporter": {"name": "n", "uscc": "91310000MA1FL0000N", "ciio": false, "sector": "biomedicine",'
           ' "zone": "CN-BJ-FTZ", "exportsFromZone": true}, "recipients": [{"name": "r", "country": "US"}],'
           ' "transfer": {"scenario": "clinical_trial", "purpose": "p", "date": "2026-12-01"},'
           ' "subjects": {"personal": 5000, "sensitive": 5000}, "hgr": {"information": true, "sequencingSubjects": 600}}}')
    open("%s/bench-%d.json" % (sys.argv[1], n), "w").write(doc)
PY
files=$( (find "$@" -name '*.json' -not -name 'package*.json' -not -name '*.expect.json' \
          -not -path '*/node_modules/*' -not -path '*/expected/*'; ls "$tmp"/bench-*.json) | sort)
n=0 bad=0
for f in $files; do
  for opts in "" "--format text" "--strict" "--no-clearance"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    "$old" check "$f" --at 2026-12-01 $opts >"$tmp/o.out" 2>"$tmp/o.err"; echo $? >"$tmp/o.rc"
    # shellcheck disable=SC2086
    "$new" check "$f" --at 2026-12-01 $opts >"$tmp/n.out" 2>"$tmp/n.err"; echo $? >"$tmp/n.rc"
    for k in out err rc; do
      if ! cmp -s "$tmp/o.$k" "$tmp/n.$k"; then
        echo "DIFFERENT ($k): check $f $opts"
        bad=$((bad + 1))
        break
      fi
    done
  done
done
echo "$n runs over $(echo "$files" | wc -l) manifests, $bad different"
[ "$bad" -eq 0 ]
