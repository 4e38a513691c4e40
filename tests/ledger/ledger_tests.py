#!/usr/bin/env python3
"""The transfer ledger's tests (issue 14), each on SQLite and on PostgreSQL.

usage: ledger_tests.py MODE DXCHECK LEDGER_TESTS CRASH_WORKER WORKDIR PG_STATE
  MODE: unit   the API tests (dxcheck_ledger_tests) with DXCHECK_TEST_PG_URL
        race   8 processes (check --batch) x 100 recorded checks of one exporter crossing 100,000 persons
        crash  kill -9 at random instants (CLI checks and a long-transaction worker), >= 50 trials a store
        cli    the commands: init, check --ledger/--record, repeats, refusal, cancel, show, export, verify,
               tamper, re-evaluation of a signed decision, credentials
        persons  check --data --person-key --record on generated CSVs: twelve monthly exports of the same
               9,000 patients count 9,000; a thirteenth with 1,001 new ones crosses 10,000
        serve  serve --ledger through HTTP (records, repeats, 409, 503 + /metrics when the ledger breaks),
               check --batch --ledger --record (input order), two serve replicas sharing one PostgreSQL
               ledger under a client splitting recorded checks across both
PG_STATE is the file tests/ledger/pg_server.py wrote (the CTest fixture ledger_pg starts the server). Missing:
the PostgreSQL half is skipped with a loud message, except under CI=true, where that fails. Every output of
every command is searched for the planted PostgreSQL password; finding it fails the test."""
import hashlib, json, os, random, shutil, signal, sqlite3, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifests  # noqa: E402

MODE, DXCHECK, LEDGER_TESTS, CRASH_WORKER, WORK, PG_STATE = sys.argv[1:7]
OUTPUTS = []
FAILURES = []
AT = "2026-06-01"


def run(cmd, env=None, check=None, stdin=None):
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run(cmd, capture_output=True, text=True, env=e, input=stdin)
    OUTPUTS.append(r.stdout + r.stderr)
    if check is not None and r.returncode != check:
        raise AssertionError(f"{' '.join(map(str, cmd))}: exit {r.returncode}, expected {check}\n"
                             f"{r.stdout[-1500:]}\n{r.stderr[-1500:]}")
    return r


def expect(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)


def pg_state():
    if os.path.exists(PG_STATE):
        with open(PG_STATE) as f:
            return json.load(f)
    msg = f"no PostgreSQL for the ledger tests ({PG_STATE} missing: the fixture ledger_pg did not start one)"
    if os.environ.get("CI") == "true":
        sys.exit("ledger_tests: " + msg + "; CI=true requires it")
    print("ledger_tests: WARNING: " + msg + "; testing SQLite only", file=sys.stderr)
    return None


PG = pg_state()


def psql(db, sql):
    env = {"PGPASSWORD": PG["password"]}
    return run([PG["bindir"] + "/psql", "-v", "ON_ERROR_STOP=1", "-qAt", "-h", PG["base"], "-U", "dxtest",
                "-d", db, "-c", sql], env=env, check=0).stdout


def fresh_stores(name):
    """A new empty ledger per store: a file, and a database of its own."""
    stores = []
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    stores.append(("sqlite", "sqlite:" + os.path.join(d, "ledger.db")))
    if PG:
        db = f"{name}_{os.getpid()}"
        psql("postgres", f"DROP DATABASE IF EXISTS {db}")
        psql("postgres", f"CREATE DATABASE {db}")
        stores.append(("postgresql", f"postgresql://dxtest:{PG['password']}@/{db}?host={PG['base']}"))
    for _, url in stores:
        run([DXCHECK, "ledger", "init", "--ledger", url], check=0)
    return stores


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def export(url):
    r = run([DXCHECK, "ledger", "export", "--ledger", url], check=0)
    return [json.loads(l) for l in r.stdout.splitlines() if l]


def live_ids(lines):
    cancelled = {l["body"]["cancels"] for l in lines if l["body"]["kind"] == "cancel"}
    return [l["body"]["transferId"] for l in lines if l["body"]["kind"] == "record" and l["seq"] not in cancelled]


LIVE_SQL = ("SELECT e.transfer_id FROM dxcheck_ledger_entries e WHERE e.kind = 'record' AND NOT EXISTS "
            "(SELECT 1 FROM dxcheck_ledger_entries c WHERE c.kind = 'cancel' AND c.cancels = e.seq) ORDER BY e.seq")


def live_ids_sql(url):
    """live_ids() read straight from the database (no dxcheck process, no tokens read): the crash test's
    per-trial look at what a killed process left."""
    if url.startswith("sqlite:"):
        db = sqlite3.connect(url[len("sqlite:"):])
        try:
            return [r[0] for r in db.execute(LIVE_SQL)]
        finally:
            db.close()
    return psql(url.split("/")[3].split("?")[0], LIVE_SQL).split()


def check_cmd(url, manifest, record=True, extra=()):
    return [DXCHECK, "check", manifest, "--at", AT, "--ledger", url] + (["--record"] if record else []) + list(extra)


# --------------------------------------------------------------------------------------------------- unit
def mode_unit():
    env = {"DXCHECK_TEST_PG_URL": PG["url"]} if PG else {}
    if PG:  # the API tests use the server's default database
        psql("postgres", "SELECT 1")
    r = run([LEDGER_TESTS], env=env)
    print(r.stdout[-3000:], r.stderr[-3000:])
    expect(r.returncode == 0, "dxcheck_ledger_tests failed")


# --------------------------------------------------------------------------------------------------- race
def mode_race():
    """8 processes x 100 recorded checks: each process is one `dxcheck check --batch FILE --jobs 1 --ledger URL
    --record` whose 100 checks run back to back on its own connection (one rule load a process instead of 100:
    the race is between the processes, which is what the issue asks), all 8 started together."""
    workers, per_worker, seed = 8, 100, 95500
    for kind, url in fresh_stores("race"):
        d = os.path.join(WORK, "race", kind)
        os.makedirs(d, exist_ok=True)
        seed_m = write(os.path.join(d, "seed.json"), manifests.manifest("SEED", seed))
        run(check_cmd(url, seed_m), check=0)
        batches = []
        for w in range(workers):
            lines = [json.dumps(json.loads(manifests.manifest(f"W{w}-{i}", 1000))) for i in range(per_worker)]
            batches.append(write(os.path.join(d, f"W{w}.jsonl"), "\n".join(lines) + "\n"))
        t0 = time.time()
        procs = [subprocess.Popen([DXCHECK, "check", "--batch", b, "--jobs", "1", "--at", AT, "--ledger", url,
                                   "--record"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for b in batches]
        decisions, codes = {}, []
        for p in procs:
            out, err = p.communicate()
            OUTPUTS.append(out + err)
            codes.append(p.returncode)
            for line in out.splitlines():
                r = json.loads(line)
                decisions[r["decision"]["manifest"]["transferId"] if "decision" in r else r["input"]] = r
        took = time.time() - t0
        expect(codes == [0] * workers and all(r.get("exitCode") == 0 for r in decisions.values()) and
               len(decisions) == workers * per_worker,
               f"{kind}: every check may proceed and exits 0: {codes}, {len(decisions)} records")
        lines = export(url)
        expect(len(lines) == 1 + workers * per_worker, f"{kind}: {len(lines)} entries")
        total = seed
        crossed_at = None
        for l in lines[1:]:
            b = l["body"]
            expect(b["priorPersonal"] == total, f"{kind}: entry {l['seq']} read {b['priorPersonal']}, not {total}")
            want = "free_flow" if total + 1000 < 100000 else "contract_or_certification"
            if want != "free_flow" and crossed_at is None:
                crossed_at = l["seq"]
            expect(b["verdict"] == want, f"{kind}: entry {l['seq']} is {b['verdict']}, not {want}")
            total += 1000
            dec = decisions.get(b["transferId"], {}).get("decision", {})
            expect(dec.get("counts", {}).get("priorPersonal") == b["priorPersonal"] and dec.get("verdict") == b["verdict"]
                   and dec.get("ledger") == {"head": l["hash"], "entries": l["seq"], "recorded": True},
                   f"{kind}: the decision of {b['transferId']} is not its entry's")
        expect(lines[-1]["body"]["totalPersonal"] == seed + workers * per_worker * 1000,
               f"{kind}: final total {lines[-1]['body']['totalPersonal']}")
        expect(crossed_at == 6, f"{kind}: the crossing is entry {crossed_at}, expected 6 (95,500 + 5 x 1,000)")
        # The processes did interleave: entries of one process are not all consecutive.
        runs = sum(1 for a, b in zip(lines[1:], lines[2:])
                   if a["body"]["transferId"].split("-")[0] != b["body"]["transferId"].split("-")[0])
        expect(runs >= workers, f"{kind}: only {runs} switches between processes: they did not run at once")
        r = run([DXCHECK, "ledger", "verify", "--ledger", url])
        expect(r.returncode == 0, f"{kind}: ledger verify: {r.stdout}")
        print(f"race {kind}: {workers} processes x {per_worker} recorded checks in {took:.1f} s, total "
              f"{lines[-1]['body']['totalPersonal']}, crossing at entry {crossed_at}, {runs} switches between "
              "processes in recording order")


# --------------------------------------------------------------------------------------------------- crash
def mode_crash():
    rnd = random.Random(int(os.environ.get("DXCHECK_CRASH_SEED", "14")))
    for kind, url in fresh_stores("crash"):
        d = os.path.join(WORK, "crash", kind)
        os.makedirs(d, exist_ok=True)
        t0 = time.time()
        stats = {"cli_present": 0, "cli_absent": 0, "worker_mid": 0, "trials": 0}
        # 1. The CLI: a recorded check killed at a random instant of its life.
        for trial in range(30):
            m = write(os.path.join(d, f"c{trial}.json"), manifests.manifest(f"C-{trial}", 10))
            p = subprocess.Popen(check_cmd(url, m), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rnd.uniform(0, 0.2))
            p.send_signal(signal.SIGKILL)
            p.wait()
            r = run([DXCHECK, "ledger", "verify", "--ledger", url])
            expect(r.returncode == 0, f"{kind}: after kill {trial}: {r.stdout}")
            n = live_ids_sql(url).count(f"C-{trial}")
            expect(n in (0, 1), f"{kind}: C-{trial} recorded {n} times")
            stats["cli_present" if n else "cli_absent"] += 1
            run(check_cmd(url, m), check=0)
            expect(live_ids_sql(url).count(f"C-{trial}") == 1, f"{kind}: retried C-{trial} not recorded once")
            stats["trials"] += 1
        # 2. Long transactions (600 + 300 tokens an entry, 2 x 2 batched inserts): a worker killed mid-stream.
        for trial in range(25):
            prefix = f"K{trial}"
            p = subprocess.Popen([CRASH_WORKER, url, prefix, "1000", "600"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
            time.sleep(rnd.uniform(0.05, 0.35))
            p.send_signal(signal.SIGKILL)
            out, _ = p.communicate()
            printed = [int(l.split()[1]) for l in out.splitlines() if l.startswith("recorded")]
            last = max(printed) if printed else 0
            r = run([DXCHECK, "ledger", "verify", "--ledger", url])
            expect(r.returncode == 0, f"{kind}: after worker kill {trial}: {r.stdout}")
            ids = [i for i in live_ids_sql(url) if i.startswith(prefix + "-")]
            nums = sorted(int(i.split("-")[1]) for i in ids)
            expect(nums == list(range(1, len(nums) + 1)) and len(nums) in (last, last + 1),
                   f"{kind}: worker {trial} printed {last}, ledger holds {nums[-3:]}")
            stats["worker_mid"] += len(nums) == last  # killed before the commit of last+1
            r = run([CRASH_WORKER, url, prefix, str(last + 1), "600"], check=0)
            ids = [i for i in live_ids_sql(url) if i.startswith(prefix + "-")]
            expect(sorted(ids) == sorted(f"{prefix}-{i}" for i in range(1, last + 2)),
                   f"{kind}: after the retry worker {trial} holds {len(ids)} entries, not {last + 1}")
            stats["trials"] += 1
        r = run([DXCHECK, "ledger", "verify", "--ledger", url])
        expect(r.returncode == 0, f"{kind}: final verify: {r.stdout}")
        print(f"crash {kind}: {stats['trials']} kills in {time.time() - t0:.1f} s; CLI kills that left the "
              f"transfer recorded {stats['cli_present']}, absent {stats['cli_absent']}; worker kills "
              f"before the in-flight commit {stats['worker_mid']} of 25")


# --------------------------------------------------------------------------------------------------- cli
def auditor_recompute(lines):
    """README "Auditing a ledger export": the chain from the export alone, with a JSON library."""
    prev = "0" * 64
    for l in lines:
        body = json.dumps(l["body"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        h = hashlib.sha256(bytes.fromhex(prev) + body.encode()).hexdigest()
        if l["prevHash"] != prev or l["hash"] != h:
            return f"entry {l['seq']}"
        prev = h
    return None


def tamper(kind, url, seq):
    if kind == "sqlite":
        db = sqlite3.connect(url[len("sqlite:"):])
        db.execute("DROP TRIGGER dxcheck_ledger_entries_no_UPDATE")
        db.execute(f"UPDATE dxcheck_ledger_entries SET personal = personal + 1 WHERE seq = {seq}")
        db.commit()
        db.close()
    else:
        db = url.split("/")[3].split("?")[0]
        psql(db, "ALTER TABLE dxcheck_ledger_entries DISABLE TRIGGER USER; UPDATE dxcheck_ledger_entries "
                 f"SET personal = personal + 1 WHERE seq = {seq}")


def mode_cli():
    for kind, url in fresh_stores("cli"):
        d = os.path.join(WORK, "cli", kind)
        os.makedirs(d, exist_ok=True)
        r = run([DXCHECK, "ledger", "init", "--ledger", url], check=0)
        expect("already initialised" in r.stdout, f"{kind}: init twice: {r.stdout}")
        a = write(os.path.join(d, "a.json"), manifests.manifest("A-1", 60000))
        r = run(check_cmd(url, a, record=False), check=0)
        expect(json.loads(r.stdout)["ledger"] == {"head": "", "entries": 0, "recorded": False},
               f"{kind}: a check without --record on an empty ledger")
        r = run(check_cmd(url, a), check=0)
        first = r.stdout
        expect("recorded in the ledger as entry 1" in r.stderr, f"{kind}: {r.stderr}")
        dec = json.loads(first)
        expect(dec["counts"]["source"] == "ledger" and dec["ledger"]["entries"] == 1, f"{kind}: {dec['counts']}")
        r = run(check_cmd(url, a), check=0, env={"DXCHECK_LEDGER": "sqlite:/nonexistent"})
        expect(r.stdout == first and "already recorded as entry 1" in r.stderr, f"{kind}: the repeat differs")
        r = run([DXCHECK, "check", a, "--at", AT, "--record"], env={"DXCHECK_LEDGER": url}, check=0)
        expect(r.stdout == first, f"{kind}: DXCHECK_LEDGER is not used")
        a2 = write(os.path.join(d, "a2.json"), manifests.manifest("A-1", 60001))
        r = run(check_cmd(url, a2), check=65)
        expect("already recorded (entry 1) with another manifest" in r.stderr, f"{kind}: refusal: {r.stderr}")
        # 60,000 + 50,000 crosses 100,000: contract_or_certification, still may proceed (contract filed).
        b = write(os.path.join(d, "b.json"), manifests.manifest("B-1", 50000))
        keydir = os.path.join(d, "keys")
        os.makedirs(keydir, exist_ok=True)
        if not os.path.exists(keydir + "/k.key"):
            run([DXCHECK, "keygen", "--out", keydir + "/k"], check=0)
        r = run(check_cmd(url, b, extra=["--sign", keydir + "/k.key", "--out", d + "/b.dsse.json"]), check=0)
        # Sensitive 20,000: a security assessment, not recorded, and says so.
        c = write(os.path.join(d, "c.json"), manifests.manifest("C-1", 20000, 20000))
        r = run(check_cmd(url, c), check=20)
        expect("not recorded in the ledger" in r.stderr, f"{kind}: {r.stderr}")
        r = run([DXCHECK, "ledger", "show", "--ledger", url], check=0)
        expect(f"exporter {manifests.USCC} year 2026: 110000 personal, 0 sensitive persons in 2" in r.stdout,
               f"{kind}: show: {r.stdout}")
        r = run([DXCHECK, "ledger", "cancel", "A-1", "--reason", "did not happen", "--ledger", url], check=0)
        expect("totals now 50000 personal" in r.stdout, f"{kind}: cancel: {r.stdout}")
        run(check_cmd(url, a2), check=0)  # after the cancellation the new manifest records
        # The signed decision of B-1 re-evaluates with its recorded prior counts, whatever the ledger holds now.
        r = run([DXCHECK, "verify", d + "/b.dsse.json", "--key", keydir + "/k.pub", "--manifest", b])
        expect(r.returncode == 0, f"{kind}: verify of a ledger decision: {r.stdout}{r.stderr}")
        # ... and so does an audit bundle of it, packed and verified.
        dxbundle = os.path.join(os.path.dirname(DXCHECK), "dxbundle")
        run([dxbundle, "pack", "--manifest", b, "--decision", d + "/b.dsse.json", "--key", keydir + "/k.pub",
             "--out", d + "/b.tar"], check=0)
        run([dxbundle, "verify", d + "/b.tar", "--key", keydir + "/k.pub"], check=0)
        lines = export(url)
        expect(len(lines) == 4, f"{kind}: {len(lines)} entries")
        expect(auditor_recompute(lines) is None, f"{kind}: the auditor's recomputation fails")
        ex = write(os.path.join(d, "export.jsonl"), run([DXCHECK, "ledger", "export", "--ledger", url]).stdout)
        run([DXCHECK, "ledger", "verify", "--export", ex], check=0)
        bad = write(os.path.join(d, "bad.jsonl"), open(ex).read().replace('"declared":50000', '"declared":5000', 1))
        r = run([DXCHECK, "ledger", "verify", "--export", bad], check=1)
        expect("entry 2 " in r.stdout, f"{kind}: export tamper: {r.stdout}")
        run([DXCHECK, "ledger", "verify", "--ledger", url], check=0)
        tamper(kind, url, 2)
        r = run([DXCHECK, "ledger", "verify", "--ledger", url], check=1)
        expect("INVALID: entry 2 (record of transfer B-1" in r.stdout, f"{kind}: tamper: {r.stdout}")
        if kind == "sqlite":
            # SQLite keeps any text an edited row is given: "2026x" once read as 2026 (a prefix) and
            # "abc" crashed verify; the year edit also hid the entry from every later check.
            path = url[len("sqlite:"):]
            for column, value, why in (("year", "'2026x'", "does not hold a number"),
                                       ("personal", "'abc'", "does not hold a number"),
                                       ("personal_tokenised", "'x'", "is not 0 or 1")):
                copy_path = os.path.join(d, f"edited-{column}.db")
                shutil.copy(path, copy_path)
                db = sqlite3.connect(copy_path)
                db.execute(f"UPDATE dxcheck_ledger_entries SET {column} = {value} WHERE seq = 1")
                db.commit(); db.close()
                r = run([DXCHECK, "ledger", "verify", "--ledger", "sqlite:" + copy_path], check=1)
                expect(f"INVALID: entry 1 " in r.stdout and f"its column {column} {why}" in r.stdout,
                       f"sqlite: {column} edited to text: {r.stdout}{r.stderr}")
    # Usage and missing ledgers.
    m = write(os.path.join(WORK, "cli", "m.json"), manifests.manifest("M-1", 10))
    r = run([DXCHECK, "check", m, "--at", AT, "--record"], env={"DXCHECK_LEDGER": ""}, check=64)
    # DXCHECK_LEDGER set but empty (a deployment's variable that expanded to nothing) is refused,
    # not read as "no ledger": the check would take its prior counts from the manifest unseen.
    for blank in ("", " ", "\t"):
        r = run([DXCHECK, "check", m, "--at", AT], env={"DXCHECK_LEDGER": blank}, check=64)
        expect("DXCHECK_LEDGER is set but empty" in r.stderr, f"check, DXCHECK_LEDGER={blank!r}: {r.stderr}")
    r = run([DXCHECK, "ledger", "show"], env={"DXCHECK_LEDGER": ""}, check=64)
    expect("DXCHECK_LEDGER is set but empty" in r.stderr, f"ledger show, empty DXCHECK_LEDGER: {r.stderr}")
    # serve refuses before it listens (exit 64 at once, no port opened).
    r = run([DXCHECK, "serve", "--listen", "127.0.0.1:0"], env={"DXCHECK_LEDGER": ""}, check=64)
    expect("DXCHECK_LEDGER is set but empty" in r.stderr, f"serve, empty DXCHECK_LEDGER: {r.stderr}")
    # Unset, a check runs without a ledger (exit 0: the manifest's counts, source "manifest");
    # --ledger given wins over an empty variable.
    e = {k: v for k, v in os.environ.items() if k != "DXCHECK_LEDGER"}
    r = subprocess.run([DXCHECK, "check", m, "--at", AT], capture_output=True, text=True, env=e)
    expect(r.returncode == 0 and '"source": "manifest"' in r.stdout,
           f"check without DXCHECK_LEDGER: exit {r.returncode} {r.stderr}")
    run([DXCHECK, "check", m, "--at", AT, "--ledger", "sqlite:" + WORK + "/none.db"],
        env={"DXCHECK_LEDGER": ""}, check=66)
    run([DXCHECK, "check", m, "--at", AT, "--ledger", "sqlite:" + WORK + "/none.db"], check=66)
    run([DXCHECK, "ledger", "show", "--ledger", "mysql://x"], check=64)
    r = run([DXCHECK, "check", m, "--at", AT, "--ledger", "mysql://u:pw123456@x"], check=64)
    expect("expected sqlite:PATH" in r.stderr and "pw123456" not in r.stderr, f"check --ledger mysql://: {r.stderr}")
    run([DXCHECK, "check", m, "--at", AT], env={"DXCHECK_LEDGER": "mysql://x"}, check=64)
    # A cancel reason that is not UTF-8 text: refused alike by both stores (PostgreSQL refused it,
    # SQLite kept it and its export stopped being UTF-8).
    su = "sqlite:" + os.path.join(WORK, "cli", "reason.db")
    run([DXCHECK, "ledger", "init", "--ledger", su], check=0)
    run(check_cmd(su, m), check=0)
    r = subprocess.run([DXCHECK, "ledger", "cancel", "M-1", "--reason", b"bad \xff\xfe bytes", "--ledger", su],
                       capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    expect(r.returncode == 65 and b"not UTF-8" in r.stderr, f"a reason that is not UTF-8: {r.returncode} {r.stderr[:200]}")
    r = run([DXCHECK, "ledger", "cancel", "M-1", "--reason", "line one\nline two", "--ledger", su])
    expect(r.returncode == 65 and "one line of text: byte 9 is a line break" in r.stderr,
           f"a two-line reason: {r.returncode} {r.stderr[:200]}")
    # A password is never shown, whatever form the refused or failing URL takes.
    for url, secret in (("host=/tmp/x user=dxtest password=WrongPass789", "WrongPass789"),
                        ("host=x password='quoted secret' user=y", "secret"),
                        ("postgresql://dxtest:pa/ss-S3cret@/postgres?host=/nonexistent", "S3cret"),
                        ("postgresql://u@/db?host=/nonexistent&password=first&password=S3cretSecond", "S3cretSecond")):
        r = run([DXCHECK, "check", m, "--at", AT, "--ledger", url])
        expect(r.returncode != 0 and secret not in r.stdout + r.stderr and "pa/ss" not in r.stderr,
               f"a password in {url.split()[0]}... is shown: {r.stderr}")
    if PG:
        # Credentials: the password file, and a wrong password that is never echoed.
        pgpass = write(os.path.join(WORK, "cli", "pgpass"), f"*:*:*:dxtest:{PG['password']}\n")
        os.chmod(pgpass, 0o600)
        # The server's default database gets its schema here, not from whichever test ran before.
        run([DXCHECK, "ledger", "init", "--ledger", PG["url"]], check=0)
        run([DXCHECK, "ledger", "show", "--ledger", PG["url_without_password"]], env={"PGPASSFILE": pgpass},
            check=0)
        wrong = PG["url"].replace(PG["password"], PG["password"][::-1])
        r = run([DXCHECK, "ledger", "show", "--ledger", wrong], check=74)
        expect(PG["password"][::-1] not in r.stdout + r.stderr and "***" in r.stderr,
               f"a wrong password is echoed: {r.stderr}")
        r = run([DXCHECK, "check", m, "--at", AT, "--ledger", wrong + "&sslmode=disable"], check=74)


# --------------------------------------------------------------------------------------------------- persons
DATA_USCC = "91320100MA1X000009"


def month_export(d, month, patients, date):
    """A monthly export of `patients` (indices into one synthetic cohort): patients.csv with a subject id
    (the counting key) and a diagnosis (sensitive), and its manifest (bytes and sha256 measured)."""
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "patients.csv")
    with open(path, "w") as f:
        f.write("USUBJID,AETERM\n")
        for i in patients:
            f.write(f"SUBJ-{i:06d},{('Headache', 'Nausea', 'Fatigue')[i % 3]}\n")
    blob = open(path, "rb").read()
    n = len(patients)
    doc = {
        "name": f"monthly-export-{month:02d}",
        "resources": [{
            "name": "patients", "path": "patients.csv", "format": "csv", "bytes": len(blob),
            "hash": "sha256:" + hashlib.sha256(blob).hexdigest(),
            "schema": {"fields": [
                {"name": "USUBJID", "type": "string", "dxcheck": {"categories": ["pi.identity"]}},
                {"name": "AETERM", "type": "string", "dxcheck": {"categories": ["pi.health"]}}]},
            "dxcheck": {"records": n}}],
        "dxcheck": {
            "manifestVersion": "1", "transferId": f"MONTH-{month:02d}",
            "exporter": {"name": "苏州示例生物医药有限公司", "uscc": DATA_USCC, "ciio": False,
                         "sector": "biomedicine"},
            "recipients": [{"name": "Example Pharma Inc.", "country": "US", "entityType": "affiliate"}],
            "transfer": {"scenario": "clinical_trial", "purpose": "monthly safety data", "date": date},
            "subjects": {"personal": n, "sensitive": n, "countingKey": "USUBJID"},
            "deidentification": "pseudonymized",
            "status": {"standardContract": {"reference": "SCC-2026-7", "filedOn": "2026-01-02"},
                       "separateConsent": True, "piImpactAssessment": {"completedOn": "2026-01-01"}}}}
    return write(os.path.join(d, "datapackage.json"), json.dumps(doc, ensure_ascii=False, indent=1))


def mode_persons():
    at = ["--at", "2026-12-30"]
    base = os.path.join(WORK, "persons-data")
    key = os.path.join(base, "person.key")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    with open(key, "wb") as f:
        f.write(os.urandom(32))
    os.chmod(key, 0o600)
    cohort = list(range(9000))
    months = [month_export(os.path.join(base, f"m{m:02d}"), m, cohort, f"2026-{m:02d}-15") for m in range(1, 13)]
    # The thirteenth: 1,000 returning patients and 1,001 new ones (prior = the 8,000 others, total 10,001).
    thirteenth = month_export(os.path.join(base, "m13"), 13, list(range(8000, 9000)) + list(range(9000, 10001)),
                              "2026-12-28")
    for kind, url in fresh_stores("persons"):
        for m, path in enumerate(months, 1):
            r = run([DXCHECK, "check", path, "--data", "--person-key", key, "--ledger", url, "--record"] + at,
                    check=0)
            dec = json.loads(r.stdout)
            expect(dec["counts"]["source"] == "ledger" and dec["counts"]["priorSensitive"] == 0 and
                   dec["data"]["measured"]["sensitive"] == 9000 and dec["verdict"] == "contract_or_certification",
                   f"{kind}: month {m}: {dec['counts']} {dec['verdict']}")
            expect("distinct persons by --person-key tokens" in r.stderr, f"{kind}: month {m}: {r.stderr}")
        r = run([DXCHECK, "ledger", "show", "--ledger", url], check=0)
        expect(f"exporter {DATA_USCC} year 2026: 9000 personal, 9000 sensitive persons in 12 recorded" in r.stdout,
               f"{kind}: twelve exports of the same 9,000 patients: {r.stdout[:300]}")
        r = run([DXCHECK, "check", thirteenth, "--data", "--person-key", key, "--ledger", url, "--record"] + at,
                check=20)
        dec = json.loads(r.stdout)
        expect(dec["verdict"] == "security_assessment" and dec["counts"]["priorSensitive"] == 8000 and
               dec["counts"]["sensitive"] == 2001 and not dec["ledger"]["recorded"],
               f"{kind}: the thirteenth export: {dec['verdict']} {dec['counts']} {dec['ledger']}")
        expect("not recorded in the ledger" in r.stderr, f"{kind}: 13th: {r.stderr}")
        if kind == "sqlite":
            # Signed and re-evaluated with --data: verify must use the recorded prior counts (8,000), which it
            # finds only because counts.source stays "ledger" with --data.
            keys = os.path.join(base, "signer")
            if not os.path.exists(keys + ".key"):
                run([DXCHECK, "keygen", "--alg", "ed25519", "--out", keys], check=0)
            env13 = os.path.join(base, "m13.dsse.json")
            run([DXCHECK, "check", thirteenth, "--data", "--person-key", key, "--ledger", url, "--sign",
                 keys + ".key", "--out", env13] + at, check=20)
            r = run([DXCHECK, "verify", env13, "--key", keys + ".pub", "--manifest", thirteenth, "--data"])
            expect(r.returncode == 0, f"verify --data of a ledger decision made with --data: {r.stdout[-600:]}")
        lines = export(url)
        expect(len(lines) == 12 and all(l["body"]["sensitive"]["tokens"] == 9000 for l in lines),
               f"{kind}: {len(lines)} entries, tokens {[l['body']['sensitive'].get('tokens') for l in lines][:3]}")
        run([DXCHECK, "ledger", "verify", "--ledger", url], check=0)
        # Tokens are HMACs: no subject id reaches the database file, the export or any output.
        if kind == "sqlite":
            blob = open(url[len("sqlite:"):], "rb").read()
            expect(b"SUBJ-" not in blob, "sqlite: a subject id is stored in the ledger file")
            # A person token row whose sensitive flag was edited (to 2): verify names it, exit 1.
            edited = os.path.join(base, "token-edited.db")
            shutil.copy(url[len("sqlite:"):], edited)
            db = sqlite3.connect(edited)
            for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                         "tbl_name = 'dxcheck_ledger_tokens'").fetchall():
                db.execute(f"DROP TRIGGER {trigger}")
            n = db.execute("UPDATE dxcheck_ledger_tokens SET sensitive = 2 WHERE rowid = "
                           "(SELECT MIN(rowid) FROM dxcheck_ledger_tokens WHERE sensitive = 1)").rowcount
            db.commit(); db.close()
            r = run([DXCHECK, "ledger", "verify", "--ledger", "sqlite:" + edited], check=1)
            expect(n == 1 and "a person token row's column sensitive is not 0 or 1" in r.stdout,
                   f"sqlite: a token row's flag edited ({n} row): {r.stdout[-400:]}")
    leaks = [o for o in OUTPUTS if "SUBJ-" in o]
    expect(not leaks, f"a subject id appears in {len(leaks)} output(s)")
    # Control: without --person-key the ledger adds declared counts: the second month's same 9,000 patients
    # make 18,000 and need a security assessment.
    url = "sqlite:" + os.path.join(base, "counts.db")
    run([DXCHECK, "ledger", "init", "--ledger", url], check=0)
    run([DXCHECK, "check", months[0], "--data", "--ledger", url, "--record"] + at, check=0)
    r = run([DXCHECK, "check", months[1], "--data", "--ledger", url, "--record"] + at, check=20)
    dec = json.loads(r.stdout)
    expect(dec["counts"]["priorSensitive"] == 9000 and dec["counts"]["source"] == "ledger",
           f"without tokens: {dec['counts']}")
    print("persons: 12 monthly exports of the same 9,000 patients, and a 13th with 1,001 new ones, checked")


# --------------------------------------------------------------------------------------------------- serve
class Serve:
    """One `dxcheck serve --ledger URL` on 127.0.0.1 with a port it picks (read from its first log line)."""

    def __init__(self, url, tag, extra=()):
        import re
        self.log_path = os.path.join(WORK, f"serve-{tag}-{time.time_ns()}.log")
        self.log_file = open(self.log_path, "w+")
        self.proc = subprocess.Popen([DXCHECK, "serve", "--listen", "127.0.0.1:0", "--ledger", url, "--threads", "8", *extra],
                                     stdout=subprocess.DEVNULL, stderr=self.log_file, stdin=subprocess.DEVNULL)
        deadline, self.port = time.time() + 20, None
        while time.time() < deadline and self.proc.poll() is None and self.port is None:
            m = re.search(r'"event":"listening","address":"127\.0\.0\.1:(\d+)"', open(self.log_path).read())
            self.port = int(m.group(1)) if m else None
            time.sleep(0.05)
        if self.port is None:
            raise AssertionError(f"serve --ledger did not start: {open(self.log_path).read()[-800:]}")
        self.base = f"http://127.0.0.1:{self.port}"

    def post(self, body, query="?at=" + AT + "&record=true"):
        import urllib.error, urllib.request
        req = urllib.request.Request(self.base + "/v1/check" + query, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def metric(self, name):
        import urllib.request
        text = urllib.request.urlopen(self.base + "/metrics", timeout=20).read().decode()
        return [float(l.split()[-1]) for l in text.splitlines() if l.startswith(name + " ")]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        OUTPUTS.append(open(self.log_path).read())
        return rc


def rename_entries(kind, url, back=False):
    """Breaks (or mends) the ledger under a running service: the entries table renamed away."""
    a, b = ("dxcheck_ledger_entries", "broken_entries")[::-1 if back else 1]
    if kind == "sqlite":
        db = sqlite3.connect(url[len("sqlite:"):])
        db.execute(f"ALTER TABLE {a} RENAME TO {b}")
        db.commit()
        db.close()
    else:
        psql(url.split("/")[3].split("?")[0], f"ALTER TABLE {a} RENAME TO {b}")


def serve_functional(kind, url):
    svc = Serve(url, kind)
    try:
        a = manifests.manifest("S-1", 60000)
        st, h, body = svc.post(a)
        dec = json.loads(body)
        expect(st == 200 and h.get("Dxcheck-Recorded") == "true" and dec["ledger"]["entries"] == 1 and
               dec["ledger"]["recorded"] and dec["counts"]["source"] == "ledger", f"{kind}: serve record: {st} {body[:300]}")
        st, h, body2 = svc.post(a)
        expect(st == 200 and "Dxcheck-Recorded" not in h and body2 == body, f"{kind}: a repeat through HTTP: {st}")
        st, h, body = svc.post(manifests.manifest("S-1", 60001))
        expect(st == 409 and json.loads(body)["exitCode"] == 65 and "another manifest" in body,
               f"{kind}: refusal through HTTP: {st} {body[:300]}")
        st, h, body = svc.post(manifests.manifest("S-2", 50000), query="?at=" + AT)  # no record: prior only
        dec = json.loads(body)
        expect(st == 200 and dec["counts"]["priorPersonal"] == 60000 and not dec["ledger"]["recorded"] and
               "Dxcheck-Recorded" not in h, f"{kind}: a check without record: {body[:300]}")
        st, h, body = svc.post(manifests.manifest("S-3", 20000, 20000))
        expect(st == 200 and h.get("Dxcheck-Exit-Code") == "20" and not json.loads(body)["ledger"]["recorded"],
               f"{kind}: a transfer that may not proceed is not recorded: {st} {body[:200]}")
        bad = json.loads(manifests.manifest("S-4", 10))
        del bad["dxcheck"]["transferId"]
        st, h, body = svc.post(json.dumps(bad))
        expect(st in (422,) and json.loads(body)["exitCode"] == 65, f"{kind}: no transferId: {st} {body[:200]}")
        expect(svc.metric("dxcheck_ledger_errors_total") == [0.0], f"{kind}: ledger errors before the fault")
        rename_entries(kind, url)
        st, h, body = svc.post(manifests.manifest("S-5", 10))
        expect(st == 503 and json.loads(body)["exitCode"] == 74 and PG_PASSWORD_NOT_IN(body),
               f"{kind}: a broken ledger: {st} {body[:300]}")
        expect(svc.metric("dxcheck_ledger_errors_total") == [1.0], f"{kind}: /metrics counts the ledger error")
        rename_entries(kind, url, back=True)
        st, h, body = svc.post(manifests.manifest("S-5", 10))
        expect(st == 200 and h.get("Dxcheck-Recorded") == "true", f"{kind}: the service recovers: {st} {body[:200]}")
        if kind == "sqlite":
            # The file restored from a backup under the running service: it records into the new
            # file (a kept connection to the old, unlinked one would lose the entry); removed: 503.
            # Several pooled connections kept first: eight checks held together behind the ledger's
            # lock, each on a connection of its own (a retry that took another kept, equally stale
            # connection answered 503).
            path = url[len("sqlite:"):]
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            held = []
            waiting = [threading.Thread(target=lambda: held.append(svc.post(manifests.manifest("S-1", 60000))))
                       for _ in range(8)]
            for t in waiting:
                t.start()
            time.sleep(1.0)
            holder.execute("ROLLBACK")
            holder.close()
            for t in waiting:
                t.join()
            expect([x[0] for x in held] == [200] * 8, f"sqlite: checks behind a held lock: {[x[0] for x in held]}")
            db = sqlite3.connect(path)
            db.execute(f"VACUUM INTO '{path}.restore'")
            db.close()
            os.replace(path + ".restore", path)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            st, h, body = svc.post(manifests.manifest("S-6", 10))
            expect(st == 200 and h.get("Dxcheck-Recorded") == "true", f"sqlite: after a restore: {st} {body[:200]}")
            after = [svc.post(manifests.manifest("S-6", 10))[0] for _ in range(8)]  # repeats: nothing appended
            expect(after == [200] * 8, f"sqlite: every check after a restore: {after}")
            r = run([DXCHECK, "ledger", "show", "--ledger", url], check=0)
            expect("60020 personal, 0 sensitive persons in 3" in r.stdout,
                   f"sqlite: the entry is in the restored file: {r.stdout[:300]}")
            r = run([DXCHECK, "ledger", "verify", "--ledger", url], check=0)
            saved = path + ".saved"
            os.rename(path, saved)
            st, h, body = svc.post(manifests.manifest("S-7", 10))
            expect(st == 503, f"sqlite: a removed ledger file: {st} {body[:200]}")
            os.rename(saved, path)
    finally:
        expect(svc.stop() == 0, f"{kind}: serve exit")
    if kind == "sqlite":
        # The ledger's lock held longer than half the request deadline: 503 while the client still
        # listens, and nothing recorded behind its back.
        svc = Serve(url, kind + "-busy", ("--request-timeout", "2"))
        try:
            holder = sqlite3.connect(url[len("sqlite:"):], isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            t0 = time.time()
            st, h, body = svc.post(manifests.manifest("S-8", 10))
            took = time.time() - t0
            holder.execute("ROLLBACK"); holder.close()
            expect(st == 503 and took < 2.0, f"sqlite: a held lock: {st} after {took:.1f} s {body[:200]}")
            r = run([DXCHECK, "ledger", "show", "--ledger", url], check=0)
            expect("60020 personal" in r.stdout, f"sqlite: recorded behind a 503: {r.stdout[:300]}")
        finally:
            expect(svc.stop() == 0, f"{kind}: serve exit")
    r = run([DXCHECK, "ledger", "show", "--ledger", url], check=0)
    want = "60020 personal, 0 sensitive persons in 3" if kind == "sqlite" else "60010 personal, 0 sensitive persons in 2"
    expect(f"exporter {manifests.USCC} year 2026: {want}" in r.stdout,
           f"{kind}: after serve: {r.stdout[:300]}")
    run([DXCHECK, "ledger", "verify", "--ledger", url], check=0)


def PG_PASSWORD_NOT_IN(text):
    return not PG or PG["password"] not in text


def batch_ledger(kind, url):
    """check --batch --ledger --record: 40 transfers of 1,000 from 95,500 (a crossing at the 5th), a refused
    line and an invalid line among them; the records and entries in input order whatever --jobs."""
    d = os.path.join(WORK, "serve", kind)
    os.makedirs(d, exist_ok=True)
    lines = [json.dumps(json.loads(manifests.manifest("B-SEED", 95500)))]
    lines += [json.dumps(json.loads(manifests.manifest(f"B-{i}", 1000))) for i in range(1, 41)]
    lines.insert(10, json.dumps(json.loads(manifests.manifest("B-3", 999))))  # B-3 again, another manifest
    lines.insert(20, '{"not": "a manifest"}')
    batch = write(os.path.join(d, "batch.jsonl"), "\n".join(lines) + "\n")
    r = run([DXCHECK, "check", "--batch", batch, "--at", AT, "--ledger", url, "--record", "--jobs", "4"])
    recs = [json.loads(l) for l in r.stdout.splitlines()]
    expect(r.returncode == 65 and len(recs) == 43, f"{kind}: batch exit {r.returncode}, {len(recs)} records: {r.stderr[-300:]}")
    expect(recs[10]["exitCode"] == 65 and "another manifest" in recs[10]["error"] and recs[20]["exitCode"] == 65,
           f"{kind}: batch: the refused and the invalid line: {recs[10]} {recs[20].get('error')}")
    decided = [x for x in recs if "decision" in x]
    entries = export(url)
    ids = [e["body"]["transferId"] for e in entries]
    expect(ids == ["B-SEED"] + [f"B-{i}" for i in range(1, 41)], f"{kind}: entries not in input order: {ids[:8]}")
    expect([x["decision"]["ledger"]["entries"] for x in decided] == list(range(1, 42)) and
           [x["decision"]["verdict"] for x in decided[1:]] == ["free_flow"] * 4 + ["contract_or_certification"] * 36,
           f"{kind}: batch decisions: {[x['decision']['verdict'] for x in decided[:7]]}")
    # Again: every transfer a repeat, nothing appended, the same decisions.
    r2 = run([DXCHECK, "check", "--batch", batch, "--at", AT, "--ledger", url, "--record", "--jobs", "2"])
    expect(r2.stdout == r.stdout and len(export(url)) == 41, f"{kind}: a batch run twice records once")
    run([DXCHECK, "ledger", "verify", "--ledger", url], check=0)
    r = run([DXCHECK, "check", "--batch", batch, "--at", AT, "--ledger", "sqlite:" + d + "/missing.db"])
    expect(r.returncode == 66 and not r.stdout, f"{kind}: a batch on a missing ledger: {r.returncode}")


def two_replicas(url, checks):
    """Two replicas of serve sharing one PostgreSQL ledger; 8 client threads split `checks` recorded checks
    of one exporter (100 persons each, from 95,550) across both."""
    seed = 95550
    a, b = Serve(url, "r1"), Serve(url, "r2")
    t0 = time.time()
    try:
        st, _, body = a.post(manifests.manifest("R-SEED", seed))
        expect(st == 200, f"replicas: seed {st} {body[:200]}")
        results = {}
        lock = threading.Lock()
        todo = list(range(checks))

        def client(k):
            while True:
                with lock:
                    if not todo:
                        return
                    i = todo.pop()
                st, h, body = (a if i % 2 else b).post(manifests.manifest(f"R-{i}", 100))
                with lock:
                    results[f"R-{i}"] = (st, h.get("Dxcheck-Recorded"), body)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.time() - t0
    finally:
        ra, rb = a.stop(), b.stop()
    expect(ra == 0 and rb == 0, "replicas: exit codes")
    bad = {k: v[:2] for k, v in results.items() if v[0] != 200 or v[1] != "true"}
    expect(len(results) == checks and not bad, f"replicas: {len(bad)} checks not recorded: {list(bad.items())[:3]}")
    lines = export(url)
    expect(len(lines) == 1 + checks, f"replicas: {len(lines)} entries, not {1 + checks}")
    total, crossings, last = seed, 0, "free_flow"
    for l in lines[1:]:
        body = l["body"]
        expect(body["priorPersonal"] == total, f"replicas: entry {l['seq']} read {body['priorPersonal']}, not {total}")
        want = "free_flow" if total + 100 < 100000 else "contract_or_certification"
        expect(body["verdict"] == want, f"replicas: entry {l['seq']} is {body['verdict']}, not {want}")
        crossings += body["verdict"] != last
        last = body["verdict"]
        dec = json.loads(results[body["transferId"]][2])
        expect(dec["ledger"]["entries"] == l["seq"] and dec["counts"]["priorPersonal"] == body["priorPersonal"],
               f"replicas: the decision of {body['transferId']} is not its entry's")
        total += 100
    expect(total == seed + 100 * checks and lines[-1]["body"]["totalPersonal"] == total, f"replicas: total {total}")
    expect(crossings == 1, f"replicas: {crossings} crossings")
    r = run([DXCHECK, "ledger", "verify", "--ledger", url])
    expect(r.returncode == 0, f"replicas: ledger verify: {r.stdout}")
    print(f"two replicas on one PostgreSQL ledger: {checks} recorded checks through HTTP in {took:.1f} s "
          f"({checks / took:.0f}/s), total {total}, {crossings} crossing, verify ok")


def mode_serve():
    for kind, url in fresh_stores("serve"):
        serve_functional(kind, url)
    for kind, url in fresh_stores("batch"):
        batch_ledger(kind, url)
    if PG:
        stores = dict(fresh_stores("replicas"))
        two_replicas(stores["postgresql"], int(os.environ.get("DXCHECK_REPLICA_CHECKS", "600")))


MODES = {"unit": mode_unit, "race": mode_race, "crash": mode_crash, "cli": mode_cli, "persons": mode_persons,
         "serve": mode_serve}
os.makedirs(WORK, exist_ok=True)
t0 = time.time()
try:
    MODES[MODE]()
except AssertionError as e:
    FAILURES.append(str(e))
    print("FAIL: " + str(e), file=sys.stderr)
if PG:
    leaks = [o for o in OUTPUTS if PG["password"] in o]
    expect(not leaks, f"the planted PostgreSQL password appears in {len(leaks)} output(s): {leaks[:1]}")
print(f"ledger_tests {MODE}: {len(OUTPUTS)} commands, {time.time() - t0:.1f} s, "
      f"{'PostgreSQL and SQLite' if PG else 'SQLite only'}")
sys.exit(1 if FAILURES else 0)
