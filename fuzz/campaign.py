#!/usr/bin/env python3
"""A long fuzz campaign: each target in turn fuzzes until its process has used CPU_SECONDS of CPU time
(utime + stime from /proc, so a shared machine only stretches the wall time), then gets SIGINT; its
coverage after the seeds and at the end, and every finding (crash-, timeout-, oom-, leak-, slow-unit-
files), are appended to WORK/results.txt. The corpus in WORK/<target>/corpus is kept, so a second run
continues where the first stopped (say so when adding their CPU times).

usage: fuzz/campaign.py [--build build/fuzz] [--work DIR] [--nice N] CPU_SECONDS TARGET...
  (build the fuzz preset and run `ctest --preset fuzz -R fuzz_corpus` first: the seeds are
   BUILD/fuzz/corpus/<target> and fuzz/regressions/<target>)"""
import argparse, os, re, signal, subprocess, sys, time

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_seconds(pid):
    # nice execs the fuzzer in place, so the child's pid is the fuzzer's.
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_target(target, args):
    work = os.path.join(args.work, target)
    corpus = os.path.join(work, "corpus")
    os.makedirs(corpus, exist_ok=True)
    seeds = [d for d in (os.path.join(args.build, "fuzz", "corpus", target),
                         os.path.join(SOURCE, "fuzz", "regressions", target)) if os.path.isdir(d)]
    cmd = ["nice", "-n", str(args.nice), os.path.join(args.build, target), corpus] + seeds + [
        "-timeout=10", "-rss_limit_mb=2048", "-max_len=262144", "-print_final_stats=1",
        "-artifact_prefix=" + work + "/"]
    env = dict(os.environ, ASAN_OPTIONS="abort_on_error=0:detect_leaks=1",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    log_path = os.path.join(work, "fuzz.log")
    start, cpu = time.time(), 0.0
    with open(log_path, "w") as log:
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        while p.poll() is None:
            time.sleep(5)
            try:
                cpu = cpu_seconds(p.pid)
            except (OSError, IndexError, ValueError):
                continue
            if cpu >= args.cpu_seconds:
                p.send_signal(signal.SIGINT)
                p.wait()
    text = open(log_path, errors="replace").read()
    progress = re.findall(r"#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", text)
    inited = re.search(r"INITED cov: (\d+) ft: (\d+)", text)
    found = sorted(f for f in os.listdir(work) if re.match(r"(crash|timeout|oom|leak|slow-unit)-", f))
    line = ("%s: cpu %.0f s, wall %.0f s, exit %s, after seeds cov %s ft %s, at the end runs %s cov %s ft %s "
            "corpus %s, findings %s") % (
        target, cpu, time.time() - start, p.returncode, *(inited.groups() if inited else ("?", "?")),
        *(progress[-1][:4] if progress else ("?",) * 4), found or "none")
    with open(os.path.join(args.work, "results.txt"), "a") as out:
        out.write(line + "\n")
    print(line, flush=True)
    return not found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(SOURCE, "build", "fuzz"))
    ap.add_argument("--work", default=os.path.join(SOURCE, "build", "fuzz", "campaign"))
    ap.add_argument("--nice", type=int, default=19)
    ap.add_argument("cpu_seconds", type=float)
    ap.add_argument("targets", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    clean = [run_target(t, args) for t in args.targets]
    return 0 if all(clean) else 1


if __name__ == "__main__":
    sys.exit(main())
