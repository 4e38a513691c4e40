#!/usr/bin/env python3
"""Writes a large but valid manifest for the memory and time measurements.

  bench/gen_manifest.py OUT BYTES [--style tiny|named]

tiny:  {"name":"a"} fields (13 bytes each), the densest a field can be;
named: {"name":"f_0000001"} fields (about 20 bytes each).
Fields are untagged, so every one is classified by the patterns.
"""
import sys

HEAD = ('{"resources":[{"name":"r","path":"r.csv","bytes":1,"hash":"sha256:' + "0" * 64 +
        '","schema":{"fields":[')
TAIL = (']}}],"dxcheck":{"manifestVersion":"1","transferId":"BIG","exporter":{"name":"n",'
        '"uscc":"91310000MA1FL0000N","ciio":false,"sector":"biomedicine"},'
        '"recipients":[{"name":"r","country":"US"}],"transfer":{"scenario":"clinical_trial",'
        '"purpose":"p","date":"2026-12-01"},"subjects":{"personal":5000,"sensitive":5000}}}')


def main():
    out, size = sys.argv[1], int(sys.argv[2])
    style = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--style" else "named"
    with open(out, "w") as f:
        f.write(HEAD)
        written, i = len(HEAD) + len(TAIL), 0
        while True:
            field = '{"name":"a"}' if style == "tiny" else '{"name":"f_%07d"}' % i
            if written + len(field) + 1 > size and i > 0:
                break
            f.write(("," if i else "") + field)
            written += len(field) + (1 if i else 0)
            i += 1
        f.write(TAIL)
    print(i, "fields")


if __name__ == "__main__":
    main()
