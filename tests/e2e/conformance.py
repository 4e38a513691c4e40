#!/usr/bin/env python3
"""Runs ../shared/conformance/run against the built dxcheck when the shared
folder is present; says so and exits 77 (CTest: skipped) when it is not.
With --sign ALG, a fresh key of ALG signs every decision and the runner reads
the decisions out of the DSSE envelopes.
usage: conformance.py DXCHECK CONFORMANCE_DIR [--sign ALG]"""
import os, subprocess, sys, tempfile

def main():
    binary, folder = sys.argv[1], sys.argv[2]
    runner = os.path.join(folder, "run")
    if not os.path.isfile(runner):
        if os.environ.get("CI") == "true":
            print(f"conformance: FAILED — {runner} not found, and CI=true: CI always has ../shared, "
                  "so a missing runner is a broken checkout, not a skip")
            return 1
        print(f"conformance: SKIPPED — {runner} not found (the public cases live in ../shared, "
              "next to the project; CI always has them)")
        return 77
    cmd = [sys.executable, runner, binary]
    if len(sys.argv) > 4 and sys.argv[3] == "--sign":
        key = os.path.join(tempfile.mkdtemp(prefix="dxcheck-conf-"), "signer")
        k = subprocess.run([binary, "keygen", "--alg", sys.argv[4], "--out", key], capture_output=True, text=True)
        if k.returncode != 0:
            print("conformance: keygen failed: " + k.stdout + k.stderr)
            return 1
        cmd += ["--", "--sign", key + ".key"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    if p.returncode != 0 or not last.endswith(" 0 failed"):
        print(f"conformance: FAILED (runner exit {p.returncode})")
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
