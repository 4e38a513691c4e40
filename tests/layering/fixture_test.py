#!/usr/bin/env python3
"""Shows the layering check failing: it runs check_layers.py on fixture/, a tree with one of
each kind of violation, and expects exactly these problems (and exit 1). A clean tree passing
is the other CTest test (layering) run on the repository itself."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = [
    'checker/unlisted: folder not listed in checker/LAYERS',
    'checker/low/a.h:3: includes "checker/high/b.h": checker/low may not include checker/high, '
    'which is above it in checker/LAYERS',
    'checker/peer1/p.h:1: includes "checker/peer2/q.h": checker/peer1 and checker/peer2 are '
    'peers in checker/LAYERS and may not include each other',
    'checker/peer2/q.h:1: includes "checker/low/gone.h", which does not exist',
    'checker/high/b.h:2: include cycle: checker/high/b.h:2 -> checker/low/a.h:3 -> checker/high/b.h',
    'checker/low/c.h:1: include cycle: checker/low/c.h:1 -> checker/low/d.h:2 -> checker/low/c.h',
]

run = subprocess.run([sys.executable, os.path.join(HERE, 'check_layers.py'),
                      os.path.join(HERE, 'fixture')], capture_output=True, text=True)
got = run.stdout.splitlines()
ok = run.returncode == 1 and sorted(got) == sorted(EXPECTED)
if not ok:
  print(f'exit {run.returncode}, expected 1')
  for line in sorted(set(EXPECTED) - set(got)):
    print(f'missing:    {line}')
  for line in sorted(set(got) - set(EXPECTED)):
    print(f'unexpected: {line}')
  sys.exit(1)
print(f'layering fixture: {len(EXPECTED)} problems found as expected')
