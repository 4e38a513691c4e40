#!/usr/bin/env python3
"""Checks every shipped sample against samples/expected.json: verdict, exit
code, mayProceed and the obligations left open; and that every sample file has
an expectation. usage: samples.py DXCHECK SAMPLES_DIR"""
import json, os, subprocess, sys

def main():
    binary, folder = sys.argv[1], sys.argv[2]
    expected = json.load(open(os.path.join(folder, "expected.json"), encoding="utf-8"))
    expected.pop("$comment", None)
    manifests = sorted(f for f in os.listdir(folder) if f.endswith(".json") and f != "expected.json")
    failures = [f"{m}: no expectation in expected.json" for m in manifests if m not in expected]
    for name, exp in sorted(expected.items()):
        p = subprocess.run([binary, "check", os.path.join(folder, name), "--at", exp["at"]],
                           capture_output=True, timeout=60)
        try:
            d = json.loads(p.stdout)
        except ValueError:
            failures.append(f"{name}: exit {p.returncode}, no decision: {p.stderr.decode()[:300]}")
            continue
        open_ids = sorted(o["id"] for o in d["obligations"] if not o["satisfied"])
        got = {"verdict": d["verdict"], "exitCode": p.returncode, "mayProceed": d["mayProceed"],
               "open": open_ids}
        want = {"verdict": exp["verdict"], "exitCode": exp["exitCode"], "mayProceed": exp["mayProceed"],
                "open": sorted(exp.get("open", []))}
        if got != want:
            failures.append(f"{name}: got {got}, expected {want}")
        else:
            print(f"ok   {name}: {d['verdict']}, exit {p.returncode}")
        # explain names the deciding rules (those in force with the verdict's outcome) as fired,
        # and says for rules that did not fire which condition failed and what it saw.
        e = subprocess.run([binary, "explain", os.path.join(folder, name), "--at", exp["at"], "--format", "json"],
                           capture_output=True, timeout=60)
        try:
            ex = json.loads(e.stdout)
        except ValueError:
            failures.append(f"{name}: explain gave no JSON (exit {e.returncode})"); continue
        states = {(r["list"], r["rule"]): r for r in ex["rules"]}
        for m in d["matches"]:
            r = states.get((m["list"], m["rule"]))
            if r is None or r["state"] != "fired":
                failures.append(f"{name}: explain does not show {m['list']}/{m['rule']} as fired")
        if e.returncode != p.returncode or ex["verdict"] != d["verdict"]:
            failures.append(f"{name}: explain disagrees with check")
        not_fired = [r for r in ex["rules"] if r["state"] == "not_fired"]
        if not not_fired or any(not r.get("failed", {}).get("test") or "seen" not in r["failed"] for r in not_fired):
            failures.append(f"{name}: explain does not say why a rule did not fire")
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
