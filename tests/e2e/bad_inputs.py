#!/usr/bin/env python3
"""Runs dxcheck on every file of the bad-input corpus and checks its exit code
and messages. Each NAME.json (or NAME directory) has NAME.expect:

    args: check {file} --at 2026-12-01      (optional; this is the default)
    exit: 65
    stderr: NAME.json:12:7: error[E1203]: /dxcheck/subjects/sensitive: must be ...
    stdout: ...                               (optional, any number of lines)

Every stderr/stdout line must appear as a whole line of the output. The
driver runs in the corpus directory, so rendered file names are stable.
usage: bad_inputs.py DXCHECK CORPUS_DIR"""
import os, shlex, subprocess, sys

def main():
    binary, corpus = os.path.abspath(sys.argv[1]), sys.argv[2]
    failures = 0
    names = sorted(f[:-len(".expect")] for f in os.listdir(corpus) if f.endswith(".expect"))
    if not names:
        print("no cases found"); return 1
    for name in names:
        spec = {"args": None, "exit": None, "stderr": [], "stdout": []}
        for line in open(os.path.join(corpus, name + ".expect"), encoding="utf-8"):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition(": ")
            if key in ("stderr", "stdout"):
                spec[key].append(value)
            else:
                spec[key] = value
        target = name + ".json" if os.path.exists(os.path.join(corpus, name + ".json")) else name
        args = shlex.split((spec["args"] or "check {file} --at 2026-12-01").replace("{file}", target))
        p = subprocess.run([binary] + args, cwd=corpus, capture_output=True, timeout=60)
        out = {"stderr": p.stderr.decode("utf-8", "replace").splitlines(),
               "stdout": p.stdout.decode("utf-8", "replace").splitlines()}
        problems = []
        if str(p.returncode) != spec["exit"]:
            problems.append(f"exit {p.returncode}, expected {spec['exit']}")
        for stream in ("stderr", "stdout"):
            for want in spec[stream]:
                if want not in out[stream]:
                    problems.append(f"{stream} lacks: {want}")
        if p.returncode >= 128 or p.returncode < 0:
            problems.append("crashed")
        if problems:
            failures += 1
            print(f"FAIL {name}: " + "; ".join(problems))
            print("  stderr was:\n    " + "\n    ".join(out["stderr"][:20]))
        else:
            print(f"ok   {name}")
    print(f"{len(names) - failures} passed, {failures} failed")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
