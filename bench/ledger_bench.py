#!/usr/bin/env python3
"""Ledger throughput: recorded checks per second with 1 and 8 workers, on SQLite and on PostgreSQL
(a throwaway server, tests/ledger/pg_server.py). Reported, never asserted (README "Performance").

usage: bench/ledger_bench.py BUILD_DIR [CHECKS_PER_WORKER]
  "check" rows: `dxcheck check --ledger URL --record` processes (process start, rule loading, evaluation and
  the ledger transaction: what a pipeline step pays); "batch" rows: N `dxcheck check --batch FILE --jobs 1
  --ledger URL --record` processes of 5 x CHECKS_PER_WORKER manifests each (one start and rule load per
  process); "serve" rows: one `dxcheck serve --ledger URL`, N client threads posting record=true (HTTP on
  loopback); "append" rows: the ledger API alone (tests/ledger/crash_worker.cc, no evaluation, no tokens)."""
import json, os, re, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ledger"))
import manifests  # noqa: E402

build = sys.argv[1]
per = int(sys.argv[2]) if len(sys.argv) > 2 else 40
dxcheck, worker = os.path.join(build, "dxcheck"), os.path.join(build, "ledger_crash_worker")
work = tempfile.mkdtemp(prefix="dxledger-bench-")
state = os.path.join(work, "pg.json")
stores = [("sqlite", lambda name: "sqlite:" + os.path.join(work, name + ".db"))]
if subprocess.run([sys.executable, os.path.join(ROOT, "tests/ledger/pg_server.py"), "start", state]).returncode == 0:
    pg = json.load(open(state))

    def pg_url(name):
        subprocess.run([pg["bindir"] + "/psql", "-qAt", "-h", pg["base"], "-U", "dxtest", "-d", "postgres", "-c",
                        f"CREATE DATABASE {name}"], env=dict(os.environ, PGPASSWORD=pg["password"]), check=True)
        return pg["url"].replace("/postgres?", f"/{name}?")
    stores.append(("postgresql", pg_url))


def timed(n_workers, fn):
    threads = [threading.Thread(target=fn, args=(w,)) for w in range(n_workers)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.time() - t0


try:
    print(f"{'store':<11} {'kind':<7} {'workers':>7} {'ops':>6} {'seconds':>8} {'ops/s':>8}")
    for kind, make in stores:
        for n in (1, 8):
            url = make(f"b_check_{n}")
            subprocess.run([dxcheck, "ledger", "init", "--ledger", url], check=True, capture_output=True)
            files = [[os.path.join(work, f"{kind}-{n}-{w}-{i}.json") for i in range(per)] for w in range(n)]
            for w in range(n):
                for i, f in enumerate(files[w]):
                    open(f, "w").write(manifests.manifest(f"B{n}-{w}-{i}", 10))

            def run_checks(w):
                for f in files[w]:
                    subprocess.run([dxcheck, "check", f, "--at", "2026-06-01", "--ledger", url, "--record"],
                                   check=True, capture_output=True)
            s = timed(n, run_checks)
            print(f"{kind:<11} {'check':<7} {n:>7} {n * per:>6} {s:>8.2f} {n * per / s:>8.1f}")
            url = make(f"b_batch_{n}")
            subprocess.run([dxcheck, "ledger", "init", "--ledger", url], check=True, capture_output=True)
            big = per * 5
            batches = []
            for w in range(n):
                path = os.path.join(work, f"{kind}-{n}-{w}.jsonl")
                open(path, "w").write("".join(json.dumps(json.loads(manifests.manifest(f"BB{n}-{w}-{i}", 10)))
                                              + "\n" for i in range(big)))
                batches.append(path)
            s = timed(n, lambda w: subprocess.run([dxcheck, "check", "--batch", batches[w], "--jobs", "1", "--at",
                                                   "2026-06-01", "--ledger", url, "--record"], check=True,
                                                  capture_output=True))
            print(f"{kind:<11} {'batch':<7} {n:>7} {n * big:>6} {s:>8.2f} {n * big / s:>8.1f}")
            url = make(f"b_serve_{n}")
            subprocess.run([dxcheck, "ledger", "init", "--ledger", url], check=True, capture_output=True)
            log = open(os.path.join(work, f"serve-{kind}-{n}.log"), "w+")
            svc = subprocess.Popen([dxcheck, "serve", "--listen", "127.0.0.1:0", "--ledger", url], stderr=log,
                                   stdout=subprocess.DEVNULL)
            port = None
            for _ in range(400):
                m = re.search(r'127\.0\.0\.1:(\d+)', open(log.name).read())
                if m:
                    port = int(m.group(1))
                    break
                time.sleep(0.05)
            bodies = [[manifests.manifest(f"S{n}-{w}-{i}", 10).encode() for i in range(big)] for w in range(n)]

            def post(w):
                for b in bodies[w]:
                    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/check?at=2026-06-01&record=true",
                                                 data=b, headers={"Content-Type": "application/json"})
                    with urllib.request.urlopen(req, timeout=60) as r:
                        assert r.headers.get("Dxcheck-Recorded") == "true"
            try:
                s = timed(n, post)
            finally:
                svc.terminate()
                svc.wait()
            print(f"{kind:<11} {'serve':<7} {n:>7} {n * big:>6} {s:>8.2f} {n * big / s:>8.1f}")
            url = make(f"b_append_{n}")
            subprocess.run([dxcheck, "ledger", "init", "--ledger", url], check=True, capture_output=True)
            appends = per * 10
            s = timed(n, lambda w: subprocess.run([worker, url, f"A{w}", str(appends), "0"], check=True,
                                                  capture_output=True))
            print(f"{kind:<11} {'append':<7} {n:>7} {n * appends:>6} {s:>8.2f} {n * appends / s:>8.1f}")
finally:
    subprocess.run([sys.executable, os.path.join(ROOT, "tests/ledger/pg_server.py"), "stop", state],
                   capture_output=True)
