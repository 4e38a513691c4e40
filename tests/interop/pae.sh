#!/usr/bin/env bash
# usage: pae.sh ENVELOPE OUTDIR — builds DSSE PAE independently of dxcheck: writes OUTDIR/pae.bin and OUTDIR/sig.bin from a DSSE envelope,
# with nothing but python3's json/base64 for reading the envelope and printf for PAE.
set -euo pipefail
env="$1"; out="$2"
mkdir -p "$out"
type=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["payloadType"],end="")' "$env")
python3 -c 'import json,sys,base64;d=json.load(open(sys.argv[1]));p=d["payload"];sys.stdout.buffer.write(base64.b64decode(p.replace("-","+").replace("_","/")+"="*(-len(p)%4)))' "$env" > "$out/payload.bin"
python3 -c 'import json,sys,base64;d=json.load(open(sys.argv[1]));s=d["signatures"][0]["sig"];sys.stdout.buffer.write(base64.b64decode(s.replace("-","+").replace("_","/")+"="*(-len(s)%4)))' "$env" > "$out/sig.bin"
len=$(stat -c %s "$out/payload.bin")
{ printf 'DSSEv1 %d %s %d ' "${#type}" "$type" "$len"; cat "$out/payload.bin"; } > "$out/pae.bin"
