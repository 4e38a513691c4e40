#!/usr/bin/env python3
"""End-to-end cases of issue 10 (fail closed) for the checker: a gate without the
national rules, clearance on the transfer date, warnings a passing gate prints,
control characters from input in text output and diagnostics.
usage: fail_closed.py DXCHECK"""
import copy, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from harness import failures  # noqa: E402

BASE = json.load(open(os.path.join(ROOT, "tests", "bad_inputs", "valid-base.json"), encoding="utf-8"))


def run(binary, args, env=None):
    e = dict(os.environ)
    e.pop("DXCHECK_RULES", None)
    e.update(env or {})
    # Not the caller's directory: a regression that writes files where it runs (keygen --out '')
    # must not leave a key in the source tree.
    p = subprocess.run([binary] + args, capture_output=True, env=e, timeout=60, stdin=subprocess.DEVNULL,
                       cwd=tempfile.gettempdir())
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(name, ok, detail=""):
    if ok:
        print(f"ok   {name}")
    else:
        failures.append(name)
        print(f"FAIL {name}: {detail[:1500]}")


def write(tmp, name, manifest):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
    return path


def main():
    b = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="dxcheck-failclosed-")
    core = copy.deepcopy(BASE)
    core["dxcheck"]["coreData"] = True
    core_path = write(tmp, "core.json", core)

    # Finding 2: no baseline list → no decision (65), never free_flow / exit 0.
    only_cat = os.path.join(tmp, "only-categories")
    os.mkdir(only_cat)
    shutil.copy(os.path.join(ROOT, "rules", "categories.json"), only_cat)
    code, out, err = run(b, ["check", core_path, "--rules", only_cat, "--at", "2026-12-01"])
    check("rules dir with only categories.json: exit 65, E1313", code == 65 and "error[E1313]" in err
          and out == "", f"exit {code}\n{out}{err}")
    code, out, err = run(b, ["check", core_path, "--at", "2026-12-01"], env={"DXCHECK_RULES": only_cat})
    check("DXCHECK_RULES with only categories.json: exit 65", code == 65 and "E1313" in err, f"exit {code}\n{err}")
    code, out, err = run(b, ["check", core_path, "--at", "2024-03-21"])
    check("--at before every list is in force: exit 65, not free_flow", code == 65 and
          "no baseline list is in force on 2024-03-21" in err, f"exit {code}\n{out}{err}")
    code, out, err = run(b, ["check", core_path, "--at", "2024-03-22"])
    check("core data on the baseline's first day: 30", code == 30, f"exit {code}\n{err}")
    code, out, err = run(b, ["explain", core_path, "--at", "2024-03-21"])
    check("explain before the baseline: 65 too", code == 65, f"exit {code}\n{err}")

    # Finding 3: an assessment valid at --at that lapses before transfer.date clears nothing.
    sa = copy.deepcopy(BASE)
    sa["dxcheck"]["subjects"] = {"personal": 12000, "sensitive": 12000}
    sa["dxcheck"]["transfer"]["date"] = "2026-12-15"
    sa["dxcheck"]["status"] = {"separateConsent": True, "piImpactAssessment": {"completedOn": "2026-11-01"},
                               "securityAssessment": {"reference": "SA-1", "validUntil": "2026-12-10"}}
    sa_path = write(tmp, "sa.json", sa)
    code, out, err = run(b, ["check", sa_path, "--at", "2026-12-01"])
    d = json.loads(out) if out.strip() else {}
    open_ids = [o["id"] for o in d.get("obligations", []) if not o["satisfied"]]
    check("assessment lapsing before transfer.date: exit 20, obligation open",
          code == 20 and d.get("mayProceed") is False and open_ids == ["security_assessment"] and
          any(w["code"] == "W-EXPIRES-BEFORE-TRANSFER" for w in d.get("warnings", [])), f"exit {code}\n{out}{err}")
    sa["dxcheck"]["status"]["securityAssessment"]["validUntil"] = "2026-12-15"
    code, out, err = run(b, ["check", write(tmp, "sa-ok.json", sa), "--at", "2026-12-01"])
    check("assessment valid through transfer.date: exit 0", code == 0, f"exit {code}\n{err}")

    # A passing gate prints the decision's warnings on stderr (once each).
    ok = copy.deepcopy(BASE)
    ok["dxcheck"]["status"] = {"separateConsent": True, "piImpactAssessment": {"completedOn": "2026-11-01"}}
    ok["dxcheck"]["transfer"]["exemption"] = "hr"
    ok["resources"][0]["schema"]["fields"].append({"name": "ZZQX", "type": "string"})
    code, out, err = run(b, ["check", write(tmp, "warn.json", ok), "--at", "2026-12-01"])
    lines = [l for l in err.splitlines() if "warning[" in l]
    check("exit 0 prints decision warnings on stderr, loader warnings not twice",
          code == 0 and any("warning[W-EXEMPTION-CLAIMED]" in l for l in lines) and
          sum("W-UNCLASSIFIED-FIELD" in l for l in lines) == 1, f"exit {code}\n{err}")

    # Finding 4: a typo'd code in a list is an error with a hint, not a rule that never matches.
    rules_typo = os.path.join(tmp, "rules-typo")
    shutil.copytree(os.path.join(ROOT, "rules"), rules_typo, ignore=shutil.ignore_patterns("tests"))
    js = os.path.join(rules_typo, "js-ftz-biomed-model.json")
    text = open(js, encoding="utf-8").read()
    assert '"personsWith": ["pi.health", "clinical", "omics"]' in text
    open(js, "w", encoding="utf-8").write(text.replace('"personsWith": ["pi.health", "clinical", "omics"]',
                                                       '"personsWith": ["pi.helth", "clinical", "omics"]', 1))
    code, out, err = run(b, ["check", core_path, "--rules", rules_typo, "--at", "2026-12-01"])
    check("list with personsWith pi.helth: exit 65 with did-you-mean", code == 65 and
          'unknown category code or family "pi.helth" (did you mean "pi.health"?)' in err, f"exit {code}\n{err}")
    typo = copy.deepcopy(BASE)
    typo["resources"][0]["schema"]["fields"][1]["dxcheck"]["categories"] = ["lab"]
    code, out, err = run(b, ["validate", write(tmp, "typo.json", typo)])
    check("manifest code lab: exit 65, did you mean clinical.lab", code == 65 and
          'did you mean "clinical.lab"?' in err, f"exit {code}\n{err}")
    typo["resources"][0]["schema"]["fields"][1]["dxcheck"]["categories"] = ["pi.helth"]
    code, out, err = run(b, ["check", write(tmp, "typo2.json", typo), "--at", "2026-12-01"])
    check("manifest code pi.helth is no extension of pi: exit 65", code == 65 and
          'did you mean "pi.health"?' in err, f"exit {code}\n{err}")

    # Finding 5: a list test can assert nothing no more; coverage per list.
    lt = os.path.join(tmp, "listtest")
    os.mkdir(lt)
    one = {"id": "t-one", "version": "1", "title": {"zh": "测试", "en": "test"}, "issuer": "test",
           "kind": "parallel", "status": "official", "effective": {"from": "2024-03-22"},
           "rules": [{"id": "core-flag", "title": {"zh": "核心", "en": "core"},
                      "when": {"fact": "coreData", "is": True}, "outcome": {"obligations": ["t-one:notify"]},
                      "citation": "test", "verification": "verified"}]}
    one_path = os.path.join(lt, "one.json")
    json.dump(one, open(one_path, "w"), ensure_ascii=False)
    tests = {"base": core, "tests": [{"name": "core fires", "at": "2026-12-01",
                                      "expect": {"fires": ["t-one/core-flag"]}}]}
    json.dump(tests, open(os.path.join(lt, "one.test.json"), "w"), ensure_ascii=False)
    code, out, err = run(b, ["test", one_path, lt, "--coverage-min", "100"])
    check("a fully tested one-rule list meets --coverage-min 100", code == 0 and
          "t-one                          1/1   rules (100.0 %)" in out, f"exit {code}\n{out}{err}")
    tests["tests"].append({"name": "asserts nothing", "at": "2026-12-01", "expect": {"notFires": ["no-such-rule"]}})
    json.dump(tests, open(os.path.join(lt, "one.test.json"), "w"), ensure_ascii=False)
    code, out, err = run(b, ["test", one_path, lt])
    check("notFires naming a rule no list has: exit 65, E1502", code == 65 and "error[E1502]" in err and
          'no loaded list has a rule "no-such-rule"' in err, f"exit {code}\n{out}{err}")
    # An obligation id no list raises: "absent" would pass for ever. The list's own namespaced id and a
    # pinned one are known.
    tests["tests"][-1] = {"name": "typo", "at": "2026-12-01",
                          "expect": {"obligationsAbsent": ["security_assesment", "separate_consent"],
                                     "obligations": ["t-one:notify"]}}
    json.dump(tests, open(os.path.join(lt, "one.test.json"), "w"), ensure_ascii=False)
    code, out, err = run(b, ["test", one_path, lt])
    check("obligationsAbsent naming no known obligation: exit 65, E1502 with the nearest id", code == 65 and
          err.count("error[E1502]") == 1 and 'obligation "security_assesment"' in err and
          'did you mean "security_assessment"' in err, f"exit {code}\n{out}{err}")
    relieved = copy.deepcopy(BASE)
    relieved["dxcheck"]["transfer"]["exemption"] = "hr"
    tests = {"base": relieved, "tests": [{"name": "relieved is not in force", "at": "2026-12-01",
                                          "expect": {"fires": ["cn-baseline/art8-spi-volume"]}}]}
    json.dump(tests, open(os.path.join(lt, "one.test.json"), "w"), ensure_ascii=False)
    code, out, err = run(b, ["test", lt])
    check("a rule that fired and was relieved is reported as relieved, not 'did not fire'", code == 1 and
          "rule cn-baseline/art8-spi-volume fired and was relieved by exemption:hr, expected it to fire in force" in out,
          f"exit {code}\n{out}{err}")

    # Finding 12: control characters from input never reach the terminal raw.
    evil = copy.deepcopy(BASE)
    evil["dxcheck"]["transferId"] = "T-\x1b[2J\x07\u202eX"
    evil["resources"][0]["schema"]["fields"].append({"name": "Q\x1b]0;pwned\x07", "type": "string"})
    evil_path = write(tmp, "evil.json", evil)
    code, out, err = run(b, ["check", evil_path, "--at", "2026-12-01", "--format", "text"])
    raw = [c for c in "\x1b\x07\u202e" if c in out + err]
    check("text output and warnings escape ESC, BEL and bidi overrides",
          code == 10 and not raw and "T-\\x1b[2J\\x07\\u202eX" in out and "Q\\x1b]0;pwned\\x07" in err,
          f"exit {code}, raw {raw!r}\n{out}{err}")
    code, out, err = run(b, ["explain", evil_path, "--at", "2026-12-01"])
    check("explain escapes them too", code == 10 and "\x1b" not in out + err, f"exit {code}")
    forged = os.path.join(tmp, "forged.json")
    text = json.dumps(BASE, ensure_ascii=False, indent=2).replace(
        '"manifestVersion": "1",',
        '"manifestVersion": "1", "x\\nforged.json:1:1: error[E0000]: fake": 1,', 1)
    open(forged, "w", encoding="utf-8").write(text)
    code, out, err = run(b, ["validate", forged])
    check("a key with a newline cannot forge a diagnostic line",
          code == 65 and "E1103" in err and not any(l.startswith("forged.json:1:1: error[E0000]") for l in err.splitlines())
          and "x\\nforged.json" in err, f"exit {code}\n{err}")

    redteam_cases(b, tmp, core_path)
    print(f"{len(failures)} failure(s)" if failures else "fail_closed: all passed")
    return 1 if failures else 0


def redteam_cases(b, tmp, core_path):
    """What a red-team pass found passing in silence (2026-12-03)."""
    # A list that is a dangling link, a FIFO or a directory is not left out of the rule set.
    for kind in ("dangling link", "fifo", "directory"):
        rules = os.path.join(tmp, "rules-" + kind.replace(" ", "-"))
        shutil.copytree(os.path.join(ROOT, "rules"), rules)
        hgr = os.path.join(rules, "cn-hgr.json"); os.remove(hgr)
        if kind == "dangling link":
            os.symlink(os.path.join(tmp, "nowhere", "cn-hgr.json"), hgr)
        elif kind == "fifo":
            os.mkfifo(hgr)
        else:
            os.mkdir(hgr)
        code, out, err = run(b, ["check", core_path, "--rules", rules, "--at", "2026-12-01"])
        check(f"a list in the rules directory that is a {kind}: exit 66, named", code == 66 and out == ""
              and "cn-hgr.json" in err, f"exit {code}\n{err}")
    # A batch directory: an entry that cannot be read is an error of the batch, not skipped.
    batch = os.path.join(tmp, "batch"); os.mkdir(batch)
    shutil.copy(core_path, os.path.join(batch, "a.json"))
    os.symlink(os.path.join(tmp, "nowhere.json"), os.path.join(batch, "b.json"))
    os.mkfifo(os.path.join(batch, "c.json"))
    code, out, err = run(b, ["check", batch, "--at", "2026-12-01"])
    check("check DIR/: a dangling link and a FIFO are errors of the batch (66)", code == 66 and
          "3 manifest(s)" in err and "2 error" in err, f"exit {code}\n{err}")
    # An empty value is not "not given".
    key = os.path.join(tmp, "k")
    for label, args in (("--sign ''", ["check", core_path, "--sign", ""]),
                        ("--at ''", ["check", core_path, "--at", ""]),
                        ("--out ''", ["check", core_path, "--out", ""]),
                        ("--ledger ''", ["check", core_path, "--ledger", ""]),
                        ("--rules ''", ["check", core_path, "--rules", ""]),
                        ("keygen --out ''", ["keygen", "--out", ""]),
                        ("--data ''", ["check", core_path, "--data", ""]),
                        ("--data=", ["check", "--data=", core_path])):
        code, out, err = run(b, args)
        check(f"{label}: usage error 64, no output", code == 64 and out == "" and
              ("was given an empty value" in err or f"is empty (after {args[-2]})" in err),
              f"exit {code}\n{out[:200]}{err}")
    del key
    code, out, err = run(b, ["check", ""])
    check("an empty positional argument: usage error 64", code == 64 and "argument 2 is empty" in err,
          f"exit {code}\n{err}")
    # htslib's own log lines quote what it read (sample names, contigs, FILTER values): off.
    import hashlib
    head = '##fileformat=VCFv4.2\n##contig=<ID=1,length=1000>\n##FORMAT=<ID=GT,Number=1,Type=String,Description="G">\n'
    for label, body in (("duplicated sample name", "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t张伟\t张伟\n"
                                                   "1\t10\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\t1/1\n"),
                        ("undeclared contig", "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"
                                              "110101199003071233\t10\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n"),
                        ("undeclared FILTER", "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"
                                              "1\t10\t.\tA\tG\t50\t13812345678\t.\tGT\t0/1\n")):
        vdir = os.path.join(tmp, "vcf-" + label.replace(" ", "-")); os.mkdir(vdir)
        data = (head + body).encode()
        open(os.path.join(vdir, "x.vcf"), "wb").write(data)
        m = copy.deepcopy(BASE)
        m["resources"] = [{"name": "wgs", "path": "x.vcf", "format": "vcf", "bytes": len(data),
                           "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                           "schema": {"fields": [{"name": "GT", "type": "string", "dxcheck": {"categories": ["hgr.genomic"]}}]}}]
        mp = write(vdir, "x.json", m)
        code, out, err = run(b, ["check", mp, "--data", "--at", "2026-12-01"])
        leaked = [v for v in ("张伟", "110101199003071233", "13812345678") if v in out + err]
        check(f"VCF with a {label}: no value read from it in any output", not leaked and code != 0,
              f"exit {code}, leaked {leaked}\n{err[:600]}")
    # A CSV without its header row: the first person's values are read as column names; when none
    # is a field's name, none is shown (no detector knows a name or a subject id).
    cdir = os.path.join(tmp, "headerless"); os.mkdir(cdir)
    data = "S-001,张伟,110101199003071233\nS-002,李娜,110101199104082345\n".encode()
    open(os.path.join(cdir, "people.csv"), "wb").write(data)
    m = copy.deepcopy(BASE)
    m["resources"] = [{"name": "people", "path": "people.csv", "format": "csv", "bytes": len(data),
                       "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                       "schema": {"fields": [{"name": n, "type": "string", "dxcheck": {"categories": [c]}}
                                             for n, c in (("USUBJID", "pi.identity"), ("NAME", "pi.basic"),
                                                          ("IDNO", "pi.id_document"))]}}]
    mp = write(cdir, "m.json", m)
    code, out, err = run(b, ["check", mp, "--data", "--at", "2026-12-01"])
    leaked = [v for v in ("S-001", "张伟", "110101199003071233") if v in out + err]
    check("a CSV without a header row: E1605 by column number, no value shown", code == 65 and "E1605" in err
          and not leaked, f"exit {code}, leaked {leaked}\n{err[:600]}")
    # The same when one value equals a field's name by chance (a SEX column "F", a field named F):
    # fewer than half the names are fields, so still none is shown.
    data = "S-001,张伟,F,110101199003071233\nS-002,李娜,M,110101199104082345\n".encode()
    open(os.path.join(cdir, "people.csv"), "wb").write(data)
    m["resources"][0].update({"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()})
    m["resources"][0]["schema"]["fields"].insert(2, {"name": "F", "type": "string",
                                                     "dxcheck": {"categories": ["pi.basic"]}})
    mp = write(cdir, "m2.json", m)
    code, out, err = run(b, ["check", mp, "--data", "--at", "2026-12-01"])
    leaked = [v for v in ("S-001", "张伟", "110101199003071233") if v in out + err]
    check("a header-less CSV whose one value is a field's name: still no value shown", code == 65 and
          "E1605" in err and not leaked, f"exit {code}, leaked {leaked}\n{err[:600]}")
    # Two columns, one a field's (short) name: a ratio would show the other (the review's case).
    data = "F,张伟\nM,李娜\n".encode()
    open(os.path.join(cdir, "people.csv"), "wb").write(data)
    m["resources"][0].update({"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()})
    m["resources"][0]["schema"]["fields"] = [{"name": n, "type": "string", "dxcheck": {"categories": ["pi.basic"]}}
                                             for n in ("F", "NAME", "X")]
    mp = write(cdir, "m3.json", m)
    code, out, err = run(b, ["check", mp, "--data", "--at", "2026-12-01"])
    check("a two-column header-less CSV, one value a field's name: no value shown", code == 65 and
          "E1605" in err and "张伟" not in out + err and "李娜" not in out + err, f"exit {code}\n{err[:600]}")
    # Persons as columns (a transposed table): a 2-4 ideograph column name is not shown.
    data = "PARAM,张伟,李娜\nAGE,34,29\n".encode()
    open(os.path.join(cdir, "people.csv"), "wb").write(data)
    m["resources"][0].update({"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()})
    m["resources"][0]["schema"]["fields"] = [{"name": "PARAM", "type": "string",
                                              "dxcheck": {"categories": ["nonpersonal"]}}]
    mp = write(cdir, "m4.json", m)
    code, out, err = run(b, ["check", mp, "--data", "--at", "2026-12-01"])
    check("persons as columns: their names are not shown in E1605", code == 65 and "E1605" in err and
          "张伟" not in out + err and "李娜" not in out + err and "column 2 (its name looks like a value" in err,
          f"exit {code}\n{err[:600]}")
    # A resource path with a NUL: every system call stops at it, so the file read is not the one named.
    m = copy.deepcopy(BASE)
    m["resources"][0]["path"] = m["resources"][0]["path"] + "\u0000.bin"
    code, out, err = run(b, ["validate", write(tmp, "nul-path.json", m)])
    check("a resource path with a NUL character: E1102, exit 65", code == 65 and "E1102" in err and
          "NUL" in err, f"exit {code}\n{err}")
    # --sign --format text: the signed output is the envelope, so asking for text is a usage error.
    kp = os.path.join(tmp, "fmt-key")
    run(b, ["keygen", "--out", kp])
    code, out, err = run(b, ["check", core_path, "--sign", kp + ".key", "--format", "text", "--at", "2026-12-01"])
    check("check --sign --format text: usage error 64, no output", code == 64 and out == "", f"exit {code}\n{err}")
    # Help that cannot be written is an output error (74), as for any other output.
    for args in (["--help"], ["check", "--help"], ["help", "check"]):
        with open("/dev/full", "w") as full:
            p = subprocess.run([b] + args, stdout=full, stderr=subprocess.PIPE, timeout=60, stdin=subprocess.DEVNULL)
        check(f"dxcheck {' '.join(args)} > /dev/full: exit 74", p.returncode == 74, f"exit {p.returncode}")
    # List tests: an expectation of the wrong type is an invalid test file, never a pass.
    base = os.path.join(tmp, "lt-base.json")
    shutil.copy(os.path.join(ROOT, "samples", "sdtm-mrct-us-sponsor.json"), base)
    for label, expect in (("fires as a string", {"fires": "cn-baseline/art7-2-spi-volume"}),
                          ("obligations as a string", {"obligations": "security_assessment"}),
                          ("obligationsOpen as a string", {"obligationsOpen": "security_assessment"}),
                          ("mayProceed as a string", {"mayProceed": "true"}),
                          ("a verdict not in the enum", {"verdict": "Prohibited"}),
                          ("an exit code no decision has", {"exitCode": 7})):
        t = os.path.join(tmp, "lt.test.json")
        json.dump({"base": base, "tests": [{"name": "t", "at": "2026-12-01", "expect": expect}]}, open(t, "w"))
        code, out, err = run(b, ["test", t])
        check(f"dxcheck test: {label} is an invalid test (65)", code == 65 and ("E1102" in err or "E1107" in err),
              f"exit {code}\n{out}{err}")


if __name__ == "__main__":
    sys.exit(main())
