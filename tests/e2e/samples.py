#!/usr/bin/env python3
"""Checks every shipped sample against samples/expected/outcomes.json: verdict, exit
code, mayProceed and the obligations left open; and that every sample file has
an expectation. usage: samples.py DXCHECK SAMPLES_DIR"""
import json, os, subprocess, sys

def main():
    binary, folder = sys.argv[1], sys.argv[2]
    expected = json.load(open(os.path.join(folder, "expected", "outcomes.json"), encoding="utf-8"))
    expected.pop("$comment", None)
    manifests = sorted(f for f in os.listdir(folder) if f.endswith(".json"))
    failures = [f"{m}: no expectation in expected/outcomes.json" for m in manifests if m not in expected]
    for name, exp in sorted(expected.items()):
        data = ["--data"] if exp.get("data") else []  # a sample with its data files (samples/NAME/)
        p = subprocess.run([binary, "check", os.path.join(folder, name), "--at", exp["at"]] + data,
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
        if "measured" in exp:
            got["measured"], want["measured"] = d["data"].get("measured"), exp["measured"]
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
    # Every sample directory holds a manifest, its data files and the script that wrote them, and the
    # committed files are what the script writes (deterministic, synthetic persons only).
    import shutil, tempfile
    for sub in sorted(e for e in os.listdir(folder) if os.path.isfile(os.path.join(folder, e, "datapackage.json"))):
        if f"{sub}/datapackage.json" not in expected:
            failures.append(f"{sub}/datapackage.json: no expectation in expected/outcomes.json")
        gen = os.path.join(folder, sub, "make_sample.py")
        if not os.path.exists(gen):
            continue
        tmp = tempfile.mkdtemp(prefix="dxcheck-sample-")
        subprocess.run([sys.executable, gen, tmp], check=True)
        differ = [f for f in sorted(os.listdir(tmp))
                  if open(os.path.join(tmp, f), "rb").read() != open(os.path.join(folder, sub, f), "rb").read()]
        shutil.rmtree(tmp)
        if differ:
            failures.append(f"{sub}: make_sample.py does not reproduce {differ}")
        else:
            print(f"ok   {sub}: make_sample.py reproduces the committed files")
    # tools/demo.sh, the README's first command, on the binaries under test.
    demo = os.path.join(folder, "..", "tools", "demo.sh")
    r = subprocess.run(["bash", demo, os.path.dirname(os.path.abspath(binary))], capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0 or "measured 48 persons" not in r.stdout or not r.stdout.rstrip().endswith("VALID"):
        failures.append(f"tools/demo.sh: exit {r.returncode}: {(r.stdout + r.stderr)[-400:]}")
    else:
        print("ok   tools/demo.sh: checked with --data, signed, verified, bundled, bundle VALID")
    # The pipeline examples gate on the exit code.
    pipes = os.path.join(folder, "pipelines")
    env = dict(os.environ, DXCHECK=binary, DXCHECK_AT="2026-12-01")
    import shutil, tempfile
    tmp = tempfile.mkdtemp(prefix="dxcheck-gate-")
    for name, code, says in (("sdtm-mrct-us-sponsor.json", 0, "may proceed"),
                             ("pv-icsr-global-safety.json", 20, "security assessment")):
        shutil.copy(os.path.join(folder, name), tmp)
        g = subprocess.run(["bash", os.path.join(pipes, "gate.sh"), os.path.join(tmp, name)], env=env,
                           capture_output=True, text=True)
        if g.returncode != code or says not in g.stdout or not os.path.exists(os.path.join(tmp, name[:-5] + ".decision.json")):
            failures.append(f"gate.sh on {name}: exit {g.returncode}, {g.stdout.strip()}")
        else:
            print(f"ok   gate.sh {name}: exit {code}")
    if shutil.which("make"):
        for name, code in (("sdtm-mrct-us-sponsor.json", 0), ("pv-icsr-global-safety.json", 2)):
            m = subprocess.run(["make", "-s", "-f", os.path.join(pipes, "Makefile"), "export", f"DXCHECK={binary}",
                                f"MANIFEST={os.path.join(tmp, name)}", "AT=2026-12-01"], capture_output=True, text=True)
            uploaded = "uploading" in m.stdout
            if m.returncode != code or uploaded != (code == 0):
                failures.append(f"Makefile export {name}: exit {m.returncode}, uploaded={uploaded}")
            else:
                print(f"ok   Makefile export {name}: exit {m.returncode}")
    c = subprocess.run([sys.executable, "-m", "py_compile", os.path.join(pipes, "airflow_dxcheck_gate.py")],
                       capture_output=True, text=True)
    if c.returncode != 0:
        failures.append("airflow DAG does not compile: " + c.stderr)
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
