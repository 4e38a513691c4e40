#!/usr/bin/env python3
"""Runs ../shared/conformance/run against the built dxcheck when the shared
folder is present; says so and exits 77 (CTest: skipped) when it is not.
usage: conformance.py DXCHECK CONFORMANCE_DIR"""
import os, subprocess, sys

def main():
    binary, folder = sys.argv[1], sys.argv[2]
    runner = os.path.join(folder, "run")
    if not os.path.isfile(runner):
        print(f"conformance: SKIPPED — {runner} not found (the public cases live in ../shared, "
              "next to the project; CI always has them)")
        return 77
    p = subprocess.run([sys.executable, runner, binary], capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    if p.returncode != 0 or not last.endswith(" 0 failed"):
        print(f"conformance: FAILED (runner exit {p.returncode})")
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
