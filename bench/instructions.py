#!/usr/bin/env python3
"""Instructions per check, dxcheck against the floor (callgrind): a figure that does not move with a
shared machine's phase, as times do (bench/README.md, 2026-12-04). Counts instructions only — not
cache misses, not time — so it complements the timed benchmarks and never replaces them.

  bench/instructions.py [BUILD_DIR]      (default build/release; needs valgrind)

Runs dxcheck_bench under `valgrind --tool=callgrind` twice: BM_Check/20 collecting inside RunCheck and
DecisionToJson, BM_Floor/20 inside Floor::Check; divides each total by the calls made and prints the
stages of a check the same way (inclusive). Under valgrind OpenSSL's SHA-256 takes its generic code
(the CPU's SHA extensions are hidden), so that row is larger than on the machine itself."""
import os
import re
import subprocess
import sys
import tempfile

STAGES = [
    ("whole check (RunCheck + DecisionToJson)", None),
    ("  RunCheck", "dxcheck::RunCheck("),
    ("    load (LoadManifestInto)", "dxcheck::LoadManifestInto("),
    ("      parse (FastParseJson)", "dxcheck::FastParseJson("),
    ("      SHA-256 of the manifest (Sha256Hex)", "dxcheck::Sha256Hex"),
    ("      resources (ReadResources)", "dxcheck::ReadResources("),
    ("    profile (BuildDataProfile)", "dxcheck::BuildDataProfile("),
    ("    consistency (CheckConsistency)", "dxcheck::CheckConsistency("),
    ("    decide (DecideTransfer)", "dxcheck::DecideTransfer("),
    ("  JSON (DecisionToJson)", "dxcheck::DecisionToJson[abi:cxx11]("),
]


def callgrind(bench, flt, toggles, out):
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out]
    cmd += ["--toggle-collect=" + t for t in toggles]
    cmd += [bench, "--benchmark_filter=" + flt, "--benchmark_min_time=2"]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("instructions.py: valgrind failed:\n" + r.stderr[-2000:])


def calls(out, needle):
    """Calls into the first function whose name contains `needle`."""
    names, counts, cur = {}, {}, None
    for line in open(out, encoding="utf-8", errors="replace"):
        m = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line)
        if m:
            if m.group(2):
                names[m.group(1)] = m.group(2)
            cur = m.group(1) if line.startswith("cfn=") else None
            continue
        m = re.match(r"calls=(\d+)", line)
        if m and cur is not None:
            counts[cur] = counts.get(cur, 0) + int(m.group(1))
            cur = None
    for k, n in counts.items():
        if needle in names.get(k, ""):
            return n
    return 0


def inclusive(out):
    """name -> inclusive instructions, from callgrind_annotate."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", out], capture_output=True,
                          text=True).stdout
    total, per = 0, {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S.*)", line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in m.group(2):
            total = n
        else:
            name = m.group(2).split(":", 1)[1] if ":" in m.group(2) else m.group(2)
            per.setdefault(name, n)
    return total, per


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build/release"
    bench = os.path.join(build, "dxcheck_bench")
    if not os.access(bench, os.X_OK):
        sys.exit(f"instructions.py: no {bench} (cmake --preset release && cmake --build --preset release)")
    with tempfile.TemporaryDirectory() as tmp:
        dx, fl = os.path.join(tmp, "check.out"), os.path.join(tmp, "floor.out")
        callgrind(bench, "BM_Check/20$", ["dxcheck::RunCheck*", "dxcheck::DecisionToJson*"], dx)
        callgrind(bench, "BM_Floor/20$", ["dxcheck::Floor::Check*"], fl)
        checks = calls(dx, "dxcheck::RunCheck(")
        floors = calls(fl, "dxcheck::Floor::Check(")
        if checks == 0 or floors == 0:
            sys.exit("instructions.py: no calls counted (symbols stripped?)")
        dx_total, dx_per = inclusive(dx)
        fl_total, _ = inclusive(fl)
    print(f"callgrind, 20-field bench manifest: {checks} checks, {floors} floor checks")
    for label, needle in STAGES:
        if needle is None:
            n = dx_total
        else:
            n = next((v for k, v in dx_per.items() if k.startswith(needle)), 0)
        print(f"{label:48s} {n / checks / 1000:8.1f}k instructions per check")
    print(f"{'floor (Floor::Check)':48s} {fl_total / floors / 1000:8.1f}k")
    print(f"floor / dxcheck: {100 * fl_total / floors / (dx_total / checks):.1f} % by instructions")


if __name__ == "__main__":
    main()
