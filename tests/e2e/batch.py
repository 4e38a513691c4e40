#!/usr/bin/env python3
"""dxcheck check --batch FILE.jsonl|- and dxcheck check DIR/ (issue 16): one JSON Lines record per
manifest in input order, each decision the single check's, one bad line one error record, the same
output whatever --jobs, a summary on stderr and no progress line on a pipe, exit = the most
restrictive record, --sign envelopes that dxcheck verify accepts.
usage: batch.py DXCHECK SOURCE_DIR WORKDIR"""
import json, os, subprocess, sys

DX, SRC, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
SAMPLES = os.path.join(SRC, "samples")
AT = "2026-12-01"
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else f": {detail}"))
    if not ok:
        failures.append(name)


def run(args, stdin=None):
    p = subprocess.run([DX, "check", *args, "--at", AT], capture_output=True, input=stdin,
                       timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    os.makedirs(WORK, exist_ok=True)
    files = sorted(f for f in os.listdir(SAMPLES) if f.endswith(".json"))
    single = {}
    for f in files:
        rc, out, _ = run([os.path.join(SAMPLES, f)])
        single[f] = (rc, json.loads(out))
    rc, out, err = run([SAMPLES + "/", "--jobs", "4"])
    recs = [json.loads(l) for l in out.splitlines()]
    check(f"check samples/ --jobs 4: {len(recs)} records, in name order, each the single check's",
          [os.path.basename(r["input"]) for r in recs] == files and
          all(r["decision"] == single[os.path.basename(r["input"])][1] and
              r["exitCode"] == single[os.path.basename(r["input"])][0] for r in recs))
    worst = max(c for c, _ in single.values())
    check(f"exit = the most restrictive ({worst})", rc == worst, f"exit {rc}")
    check("a summary on stderr, per verdict and exit code, no progress on a pipe",
          f"{len(files)} manifest(s):" in err and "exit codes:" in err and "\r" not in err, err)
    rc1, out1, _ = run([SAMPLES, "--jobs", "1"])
    check("--jobs 1 and --jobs 4 write the same bytes", out1 == out and rc1 == rc)
    # JSON Lines in, one bad line among good ones.
    lines = [json.dumps(json.load(open(os.path.join(SAMPLES, f)))) for f in files[:3]]
    lines.insert(1, '{"not": "a manifest"')
    lines.insert(3, "")  # blank lines are skipped
    batch = os.path.join(WORK, "batch.jsonl")
    open(batch, "w").write("\n".join(lines) + "\n")
    rc, out, err = run(["--batch", batch, "--jobs", "3"])
    recs = [json.loads(l) for l in out.splitlines()]
    check("--batch: 4 records; the bad line one error record with diagnostics, the rest decided",
          len(recs) == 4 and recs[1]["exitCode"] == 65 and recs[1]["diagnostics"] and
          recs[1]["input"].endswith("batch.jsonl:2") and
          all("decision" in recs[i] for i in (0, 2, 3)), out[:400])
    check("--batch exit 65 (an error outranks every verdict)", rc == 65, f"exit {rc}")
    rc2, out2, _ = run(["--batch", "-"], stdin=open(batch, "rb").read())
    check("--batch - reads stdin", rc2 == rc and [json.loads(l)["exitCode"] for l in out2.splitlines()]
          == [r["exitCode"] for r in recs])
    # --sign: each decision an envelope that verifies.
    prefix = os.path.join(WORK, "batch-signer")
    for ext in (".key", ".pub"):
        if os.path.exists(prefix + ext):
            os.remove(prefix + ext)
    subprocess.run([DX, "keygen", "--alg", "ed25519", "--out", prefix], check=True, capture_output=True)
    rc, out, err = run([SAMPLES, "--sign", prefix + ".key", "--jobs", "2"])
    ok = rc == worst
    for line in out.splitlines():
        r = json.loads(line)
        env = os.path.join(WORK, "env.json")
        open(env, "w").write(json.dumps(r["envelope"]))
        p = subprocess.run([DX, "verify", env, "--key", prefix + ".pub", "--manifest", r["input"]],
                           capture_output=True, text=True)
        ok = ok and p.returncode == 0
    check("--sign: every record's envelope verifies with its manifest", ok)
    rc, _, err = run([SAMPLES, "--format", "text"])
    check("a batch with --format text is a usage error (64)", rc == 64, err)
    rc, _, err = run(["--batch", os.path.join(WORK, "missing.jsonl")])
    check("a missing batch file: 66", rc == 66, err)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
