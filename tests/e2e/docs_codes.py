#!/usr/bin/env python3
"""The category code table in docs/manifest.md is exactly what
`dxcheck lists --codes --format markdown` prints for the shipped code list.
usage: docs_codes.py DXCHECK"""
import os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
doc = open(os.path.join(ROOT, "docs", "manifest.md"), encoding="utf-8").read()
begin = doc.index("-->", doc.index("<!-- codes:begin")) + 4
end = doc.index("<!-- codes:end -->")
p = subprocess.run([sys.argv[1], "lists", "--codes", "--format", "markdown", "--rules",
                    os.path.join(ROOT, "rules")], capture_output=True, text=True, stdin=subprocess.DEVNULL)
if p.returncode != 0 or p.stdout != doc[begin:end]:
    print("docs/manifest.md's code table differs from 'dxcheck lists --codes --format markdown'; "
          "regenerate it (exit %d)" % p.returncode)
    sys.exit(1)
print(f"docs_codes: {p.stdout.count(chr(10)) - 2} codes documented as shipped")
