#!/usr/bin/env python3
"""Wall time of a fresh `dxcheck check` process (issue 15: <= 5 ms unsigned,
<= 7 ms signed with Ed25519), median of N runs, without hyperfine (Debian 12
has none): each run is posix_spawn + waitpid timed with perf_counter_ns, the
output to /dev/null. The spawn cost of the harness itself is measured the
same way on /bin/true and printed next to it, and so is each run's CPU time
(user + sys, from wait4), which a loaded machine inflates far less than wall.

  bench/fresh_check.py build/release/dxcheck [RUNS] [--sign]

The manifest is check_bench.cc's 20-field bench manifest (written to a
temporary directory), checked against the shipped rules at 2026-12-01.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

NAMES = [("USUBJID", "Unique Subject Identifier"), ("AETERM", "Reported Term for the Adverse Event"),
         ("LBORRES", "Result or Finding in Original Units"), ("身份证号", "患者身份证号码"),
         ("mobile_phone", "contact phone"), ("诊断", "主要诊断"), ("BATCH_NO", "batch number"),
         ("genotype", "genotype call"), ("BRTHDTC", "Date/Time of Birth"), ("病理结果", "病理报告"),
         ("CMTRT", "Reported Name of Drug"), ("yield_pct", "process yield"), ("SEX", "Sex"),
         ("visit_note", "free text note"), ("出院小结", "出院记录"), ("variant_calls", "VCF variant calls")]


def manifest(fields):
    """check_bench.cc's ManifestJson(fields), byte for byte."""
    f = ",".join('{"name": "%s_%d", "type": "string", "description": "%s"}' %
                 (NAMES[i % len(NAMES)][0], i, NAMES[i % len(NAMES)][1]) for i in range(fields))
    return ('{"resources": [{"name": "r", "path": "r.csv", "bytes": 1, "hash": "sha256:' + "0" * 64 +
            '", "schema": {"fields": [' + f + ''']}}],
  "dxcheck": {"manifestVersion": "1", "transferId": "BENCH",
    "exporter": {"name": "n", "uscc": "91310000MA1FL0000N", "ciio": false, "sector": "biomedicine",
                 "zone": "CN-BJ-FTZ", "exportsFromZone": true},
    "recipients": [{"name": "r", "country": "US"}],
    "transfer": {"scenario": "clinical_trial", "purpose": "p", "date": "2026-12-01"},
    "subjects": {"personal": 5000, "sensitive": 5000},
    "hgr": {"information": true, "sequencingSubjects": 600}}}''')


def wall_ms(argv, runs):
    devnull = os.open(os.devnull, os.O_WRONLY)
    times, cpu = [], []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                           (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        times.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((usage.ru_utime + usage.ru_stime) * 1e3)
        if os.waitstatus_to_exitcode(status) not in (0, 2, 5, 10, 20, 30):
            sys.exit("%s exited %d" % (" ".join(argv), os.waitstatus_to_exitcode(status)))
    os.close(devnull)
    return statistics.median(times), min(times), statistics.median(cpu)


def main():
    dxcheck = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 200
    sign = "--sign" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.json")
        with open(path, "w") as f:
            f.write(manifest(20))
        argv = [dxcheck, "check", path, "--at", "2026-12-01"]
        if sign:
            prefix = os.path.join(tmp, "ed25519")
            key = prefix + ".key"
            subprocess.run([dxcheck, "keygen", "--alg", "ed25519", "--out", prefix], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            argv += ["--sign", key]
        wall_ms(argv, 5)  # warm the page cache
        med, lo, cpu = wall_ms(argv, runs)
        tmed, tlo, tcpu = wall_ms(["/bin/true"], runs)
        print("fresh check%s, %d runs: wall median %.2f ms (min %.2f), CPU (user+sys) median "
              "%.2f ms; /bin/true: wall median %.2f ms (min %.2f), CPU %.2f ms; load %.1f" %
              (" --sign ed25519" if sign else "", runs, med, lo, cpu, tmed, tlo, tcpu,
               os.getloadavg()[0]))


if __name__ == "__main__":
    main()
