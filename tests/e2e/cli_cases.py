#!/usr/bin/env python3
"""End-to-end cases of the dxcheck binary: usage errors, unreadable files,
--help on every command, output files, formats, rule loading. Each case runs
the real binary and checks the exit code and what it printed.
usage: cli_cases.py DXCHECK [DXBUNDLE]"""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BASE = os.path.join(ROOT, "tests", "bad_inputs", "valid-base.json")
failures = []

def run(binary, args, env=None, cwd=None):
    e = dict(os.environ)
    e.pop("DXCHECK_RULES", None)
    e.update(env or {})
    p = subprocess.run([binary] + args, capture_output=True, env=e, cwd=cwd, timeout=60, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

def case(name, binary, args, exit_code, stdout_has=(), stderr_has=(), env=None, cwd=None):
    code, out, err = run(binary, args, env, cwd)
    problems = []
    if code != exit_code:
        problems.append(f"exit {code}, expected {exit_code}")
    for s in stdout_has:
        if s not in out:
            problems.append(f"stdout lacks {s!r}")
    for s in stderr_has:
        if s not in err:
            problems.append(f"stderr lacks {s!r}")
    if problems:
        failures.append(name)
        print(f"FAIL {name}: {'; '.join(problems)}\n  stdout: {out[:600]}\n  stderr: {err[:600]}")
    else:
        print(f"ok   {name}")
    return out

def main():
    b = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="dxcheck-e2e-")
    at = ["--at", "2026-12-01"]
    # Usage errors are 64, --help and --version are 0.
    case("no command", b, [], 64)
    case("unknown command", b, ["frobnicate"], 64)
    case("misspelt command: did you mean", b, ["chekc"], 64, stderr_has=['unknown command "chekc" (did you mean "check"?)'])
    case("help prints the commands", b, ["help"], 0, stdout_has=["Exit codes", "check", "validate"])
    case("help COMMAND prints its help", b, ["help", "check"], 0, stdout_has=["Usage: dxcheck check", "--no-clearance"])
    case("help of an unknown command", b, ["help", "chekc"], 64, stderr_has=['did you mean "check"?'])
    out = case("--format help reads json|text", b, ["check", "--help"], 0, stdout_has=["--format json|text "])
    if ":{json,text}" in out:
        failures.append("--format help shows CLI11's set"); print("FAIL --format help shows CLI11's set")
    case("check --help lists every exit code", b, ["check", "--help"], 0,
         stdout_has=["0 may proceed", "5 only duties", "10 contract", "20 security", "30 prohibited", "64 usage",
                     "65 invalid", "66 unreadable", "70 internal", "74 cannot write", "77 key"])
    if len(sys.argv) > 2:
        bundle = os.path.abspath(sys.argv[2])
        case("dxbundle: misspelt command", bundle, ["pakc"], 64, stderr_has=['dxbundle: unknown command "pakc" (did you mean "pack"?)'])
        for sub in ("pack", "verify", "inspect"):
            case(f"dxbundle {sub} --help lists its exit codes", bundle, [sub, "--help"], 0, stdout_has=["Exit codes: 0 ", "64 usage"])
        case("dxbundle help verify", bundle, ["help", "verify"], 0, stdout_has=["Usage: dxbundle verify"])
    # Error paths of lists --codes and init.
    out = case("lists --codes --format json", b, ["lists", "--codes", "--format", "json"], 0, stdout_has=['"codes"', '"pi.health"'])
    try:
        codes = json.loads(out)["codes"]
        if not any(c["code"] == "pi.health" and c["sensitive"] for c in codes):
            raise ValueError("pi.health not sensitive")
        print("ok   lists --codes json is JSON with the defaults")
    except Exception as e:  # noqa: BLE001
        failures.append("lists --codes json"); print(f"FAIL lists --codes json: {e}")
    case("lists --format markdown without --codes is a usage error", b, ["lists", "--format", "markdown"], 64,
         stderr_has=["--format markdown goes with --codes"])
    case("init of a missing folder: 66", b, ["init", os.path.join(tmp, "no-such-dir")], 66,
         stderr_has=["not a readable directory"])
    many = os.path.join(tmp, "many")
    os.mkdir(many)
    for i in range(10001):
        open(os.path.join(many, f"f{i}.txt"), "w").close()
    case("init past 10,000 files: 65", b, ["init", many], 65, stderr_has=["more than 10000 files"])
    case("init of a file: 66", b, ["init", BASE], 66, stderr_has=["not a readable directory"])
    case("bad --format value", b, ["check", BASE, "--format", "yaml"], 64, stderr_has=['"yaml" is not one of json, text'])
    case("unknown option", b, ["check", BASE, "--frob"], 64, stderr_has=["--frob"])
    case("bad --at", b, ["check", BASE, "--at", "2026-02-30"], 64,
         stderr_has=['--at "2026-02-30" is not a date: expected YYYY-MM-DD'])
    case("bad --format", b, ["check", BASE, "--format", "xml"], 64)
    case("missing manifest argument", b, ["check"], 64)
    case("--version", b, ["--version"], 0, stdout_has=["dxcheck 0.1.0"])
    for cmd in ("check", "validate", "lists"):
        case(f"{cmd} --help teaches with an example", b, [cmd, "--help"], 0,
             stdout_has=["Example", "--rules"])
    case("top-level --help lists exit codes", b, ["--help"], 0, stdout_has=["Exit codes", "check", "validate", "lists"])
    # Unreadable inputs are 66.
    case("missing manifest", b, ["check", os.path.join(tmp, "nope.json")] + at, 66, stderr_has=["cannot open"])
    # A directory is a batch (issue 16); one with no manifest fails closed.
    case("manifest is a directory without manifests", b, ["check", tmp] + at, 66,
         stderr_has=["no manifest to check"])
    case("missing rules dir", b, ["check", BASE, "--rules", os.path.join(tmp, "none")] + at, 66)
    case("missing --list file", b, ["check", BASE, "--list", os.path.join(tmp, "none.json")] + at, 66)
    case("DXCHECK_RULES is honoured", b, ["check", BASE] + at, 66, env={"DXCHECK_RULES": os.path.join(tmp, "none")})
    # A real check: JSON to stdout, text, --out, --no-clearance.
    out = case("check json", b, ["check", BASE] + at, 10)
    d = json.loads(out)
    for key in ("verdict", "mayProceed", "obligations", "matches", "warnings", "lists", "evaluatedAt"):
        if key not in d:
            failures.append(f"decision lacks {key}"); print(f"FAIL decision lacks {key}")
    if d.get("verdict") != "contract_or_certification" or d.get("exitCode") != 10:
        failures.append("base verdict"); print("FAIL base verdict", d.get("verdict"))
    case("check text", b, ["check", BASE, "--format", "text"] + at, 10,
         stdout_has=["verdict:     contract_or_certification", "may proceed: no", "[OPEN] standard_contract_filing",
                     "cn-baseline/art8-spi-volume"])
    target = os.path.join(tmp, "decision.json")
    case("check --out", b, ["check", BASE, "--out", target] + at, 10)
    if not os.path.exists(target) or json.load(open(target))["verdict"] != "contract_or_certification":
        failures.append("--out file"); print("FAIL --out did not write the decision")
    case("--out into a missing directory is 74", b, ["check", BASE, "--out", os.path.join(tmp, "no", "d.json")] + at, 74)
    case("--no-clearance", b, ["check", BASE, "--no-clearance"] + at, 10)
    case("--strict turns an unclassified field into an error", b,
         ["check", os.path.join(ROOT, "tests", "e2e", "unclassified.json"), "--strict"] + at, 65,
         stderr_has=['error[E1209]: /resources/0/schema/fields/1: field "zz_misc"'])
    case("an unclassified field is a warning otherwise", b,
         ["check", os.path.join(ROOT, "tests", "e2e", "unclassified.json")] + at, 0,
         stderr_has=["warning[W-UNCLASSIFIED-FIELD]"])
    case("--at defaults to today", b, ["check", BASE], 10)
    # validate and lists.
    case("validate manifest and lists", b, ["validate", BASE] + [os.path.join(ROOT, "rules", f) for f in
         ("cn-baseline.json", "cn-hgr.json", "bj-ftz-2024-pharma.json", "categories.json")], 0,
         stdout_has=["valid manifest T-BAD", "valid list cn-baseline", "valid category code list"])
    case("validate reports an invalid file and goes on", b,
         ["validate", os.path.join(ROOT, "tests", "bad_inputs", "bad-uscc.json"), BASE], 65,
         stdout_has=["invalid manifest", "valid-base.json: valid manifest"])
    case("validate: an unreadable file outranks an invalid one", b,
         ["validate", os.path.join(ROOT, "tests", "bad_inputs", "bad-uscc.json"), os.path.join(tmp, "x.json")], 66)
    out = case("lists --format json", b, ["lists", "--format", "json"], 0)
    ids = [l["id"] for l in json.loads(out)["lists"]]
    if sorted(ids) != ["bj-ftz-2024-pharma", "cn-baseline", "cn-hgr", "js-ftz-biomed-model", "sh-lg-biomed-positive"]:
        failures.append("lists ids"); print("FAIL lists ids", ids)
    case("lists text", b, ["lists"], 0, stdout_has=["cn-baseline", "category codes:"])
    # --list replaces a list by id.
    replaced = os.path.join(tmp, "hgr.json")
    with open(os.path.join(ROOT, "rules", "cn-hgr.json"), encoding="utf-8") as f:
        open(replaced, "w", encoding="utf-8").write(f.read().replace('"2024.1"', '"2099.1"'))
    case("--list replaces a shipped list", b, ["lists", "--list", replaced], 0, stdout_has=["2099.1"])
    # dxcheck test: a list whose threshold moved fails the shipped tests (exit 1), coverage bars.
    moved = os.path.join(tmp, "bj.json")
    with open(os.path.join(ROOT, "rules", "bj-ftz-2024-pharma.json"), encoding="utf-8") as f:
        open(moved, "w", encoding="utf-8").write(f.read().replace('"gte": 100000}', '"gte": 200000}'))
    case("test: shipped tests pass with coverage", b, ["test", os.path.join(ROOT, "rules"), "--coverage-min", "90"], 0,
         stdout_has=["PASS: ", "rule coverage: "])
    case("test: a moved threshold fails", b, ["test", os.path.join(ROOT, "rules"), moved], 1,
         stdout_has=["FAIL ", "rule bj-ftz-2024-pharma/health-data-100k did not fire", "not exercised: bj-ftz-2024-pharma/health-data-100k"])
    case("test: coverage below the bar fails", b, ["test", os.path.join(ROOT, "rules", "tests", "cn-hgr.test.json"), "--coverage-min", "90"], 1,
         stdout_has=["is below --coverage-min 90.0 %"])
    case("test: no test files", b, ["test", tmp], 66)
    case("explain --help", b, ["explain", "--help"], 0, stdout_has=["Example"])
    newdir = os.path.join(tmp, "new", "keys")
    case("keygen creates a missing key directory", b, ["keygen", "--out", os.path.join(newdir, "k")], 0, stdout_has=["keyid"])
    if oct(os.stat(newdir).st_mode & 0o777) != "0o700":
        failures.append("key dir mode"); print("FAIL the created key directory is not 0700")
    # dxcheck diff: the moved threshold, and the sample whose decision changes.
    low = os.path.join(tmp, "bj-low.json")
    with open(os.path.join(ROOT, "rules", "bj-ftz-2024-pharma.json"), encoding="utf-8") as f:
        open(low, "w", encoding="utf-8").write(f.read().replace('"gte": 100000}', '"gte": 3000}'))
    bj = os.path.join(ROOT, "rules", "bj-ftz-2024-pharma.json")
    case("diff: identical lists", b, ["diff", bj, bj], 0, stdout_has=["no rule or metadata changes"])
    case("diff: a lowered threshold and the decisions it changes", b,
         ["diff", bj, low, "--manifests", os.path.join(ROOT, "samples"), "--at", "2026-12-01"], 1,
         stdout_has=["~ rule health-data-100k",
                     "when /: persons with [pi.health, clinical, omics] >= 100000  ->  persons with [pi.health, clinical, omics] >= 3000",
                     "hospital-rwd-beijing-ftz.json: free_flow (exit 5)  ->  security_assessment (exit 20)"])
    out = case("diff --format json", b, ["diff", bj, low, "--manifests", os.path.join(ROOT, "samples"), "--at", "2026-12-01",
                                         "--format", "json"], 1)
    try:
        dj = json.loads(out)
        changed = [c for c in dj["rulesChanged"] if c["rule"] == "health-data-100k"]
        dec = [x for x in dj["decisions"] if x["file"].endswith("hospital-rwd-beijing-ftz.json")]
        if not changed or not dec or dec[0]["verdict"] != ["free_flow", "security_assessment"]:
            raise ValueError(out[:300])
    except (ValueError, KeyError) as e:
        failures.append("diff json"); print("FAIL diff --format json:", e)
    print(f"{'FAILED: ' + ', '.join(failures) if failures else 'all passed'}")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
