#!/usr/bin/env python3
"""Runs one libFuzzer target for a fixed time over its seed corpora (CTest:
fuzz_smoke_<target>) and fails on any finding: libFuzzer's exit code is kept
(a crash, a sanitizer report, a leak, a timeout or out-of-memory all exit non-zero).

Inputs found during the run go to WORK/corpus (the seeds are never modified);
a crashing input is written to WORK/ as crash-*, timeout-*, oom-* or leak-*.
Prints the coverage after loading the seeds (INITED) and at the end (DONE).
usage: smoke.py TARGET --seconds N --work DIR SEED_DIR [SEED_DIR...]"""
import argparse, os, re, shutil, subprocess, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("target")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--work", required=True)
    ap.add_argument("seeds", nargs="+")
    a = ap.parse_args()
    name = os.path.basename(a.target)
    shutil.rmtree(a.work, ignore_errors=True)
    corpus = os.path.join(a.work, "corpus")
    os.makedirs(corpus)
    seeds = [d for d in a.seeds if os.path.isdir(d)]
    if not seeds:
        sys.exit("smoke: %s: no seed directory among %s" % (name, a.seeds))
    cmd = [a.target, corpus] + seeds + [
        "-max_total_time=%d" % a.seconds, "-timeout=10", "-rss_limit_mb=2048", "-max_len=262144",
        "-print_final_stats=1", "-artifact_prefix=" + a.work + "/"]
    env = dict(os.environ, ASAN_OPTIONS="abort_on_error=0:detect_leaks=1:allocator_may_return_null=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    start = time.monotonic()
    log_path = os.path.join(a.work, "fuzz.log")
    with open(log_path, "w") as log:
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
    took = time.monotonic() - start
    text = open(log_path, errors="replace").read()
    inited = re.search(r"INITED cov: (\d+) ft: (\d+)", text)
    done = re.findall(r"#(\d+)\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", text)
    execs = re.search(r"stat::number_of_executed_units: (\d+)", text)
    print("%s: %.0f s, exit %d" % (name, took, rc))
    if inited:
        print("%s: seeds   cov %s ft %s" % (name, inited.group(1), inited.group(2)))
    if done:
        n, cov, ft, units, size = done[-1]
        print("%s: done    cov %s ft %s corpus %s/%s, %s runs" % (name, cov, ft, units, size, n))
    elif execs:
        print("%s: %s runs" % (name, execs.group(1)))
    if rc != 0:
        print("\n".join(text.splitlines()[-80:]))
        found = [f for f in os.listdir(a.work) if re.match(r"(crash|timeout|oom|leak|slow-unit)-", f)]
        print("%s: FINDING (exit %d); reproduce with: %s %s" % (
            name, rc, a.target, " ".join(os.path.join(a.work, f) for f in found) or "(see fuzz.log)"))
        print("%s: log: %s" % (name, log_path))
    return rc


if __name__ == "__main__":
    sys.exit(main())
