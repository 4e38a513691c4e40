#!/usr/bin/env python3
"""End-to-end cases of issue 12 (what first users tripped on) for the CLI: --fail-on-warn, text that
reads right, list-test expectations (importantData, warnings), fixture errors located in the test
file, --run, test --format json|junit and validate --format sarif — the last two checked by
independent tools (the SARIF 2.1.0 schema with ajv; junit2json), from the validators_npm fixture.
usage: first_users.py DXCHECK NODE_DIR"""
import copy, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BASE = json.load(open(os.path.join(ROOT, "tests", "bad_inputs", "valid-base.json"), encoding="utf-8"))
failures = []


def run(cmd, cwd=None):
    e = dict(os.environ)
    e.pop("DXCHECK_RULES", None)
    p = subprocess.run(cmd, capture_output=True, env=e, timeout=120, stdin=subprocess.DEVNULL, cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(name, ok, detail=""):
    print(f"ok   {name}" if ok else f"FAIL {name}: {detail[:1500]}")
    if not ok:
        failures.append(name)


def write_json(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
    return path


def main():
    b, node_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    helper = os.path.join(ROOT, "tests", "validators", "first_users.cjs")
    if not os.path.isdir(os.path.join(node_dir, "node_modules")):
        print(f"FAIL {node_dir}/node_modules missing: the validators_npm fixture did not install it")
        return 1
    shutil.copy(helper, node_dir)
    node = ["node", os.path.join(node_dir, "first_users.cjs")]
    tmp = tempfile.mkdtemp(prefix="dxcheck-first-users-")
    at = ["--at", "2026-12-01"]

    # --fail-on-warn: a passing decision that warns exits 2; without warnings 0.
    ok = copy.deepcopy(BASE)
    ok["dxcheck"]["status"] = {"separateConsent": True, "piImpactAssessment": {"completedOn": "2026-11-01"},
                               "standardContract": {"reference": "S-1", "filedOn": "2026-11-02"}}
    clean = write_json(os.path.join(tmp, "clean.json"), ok)
    code, out, err = run([b, "check", clean, "--fail-on-warn"] + at)
    check("--fail-on-warn without warnings: 0", code == 0, f"exit {code}\n{err}")
    warn = copy.deepcopy(ok)
    warn["resources"][0]["schema"]["fields"].append({"name": "ZZQX", "type": "string"})
    warned = write_json(os.path.join(tmp, "warn.json"), warn)
    code, out, err = run([b, "check", warned] + at)
    check("a warning alone: still 0", code == 0, f"exit {code}")
    code, out, err = run([b, "check", warned, "--fail-on-warn"] + at)
    check("--fail-on-warn with a warning: 2", code == 2 and "--fail-on-warn: exit 2" in err, f"exit {code}\n{err}")

    # Text that reads right.
    hgr = copy.deepcopy(BASE)
    hgr["resources"][0]["schema"]["fields"].append({"name": "GT", "type": "string",
                                                     "dxcheck": {"categories": ["hgr.genomic"]}})
    hgr["dxcheck"]["hgr"] = {"information": True}
    hgr["dxcheck"]["exporter"].update({"zone": "CN-BJ-FTZ", "exportsFromZone": True})
    hgr_path = write_json(os.path.join(tmp, "hgr.json"), hgr)
    code, out, err = run([b, "explain", hgr_path] + at)
    check("explain: no 'not applied: not applied'", "list not applied: the transfer contains data" in out and
          "not applied: not applied" not in out, out[-800:])
    big = copy.deepcopy(BASE)
    big["dxcheck"]["exporter"].update({"zone": "CN-BJ-FTZ", "exportsFromZone": True})
    big["dxcheck"]["subjects"] = {"personal": 150000, "sensitive": 150000}
    code, out, err = run([b, "check", write_json(os.path.join(tmp, "big.json"), big), "--format", "text"] + at)
    check("text evidence: no 'personsWith persons with'", "(personsWith [" in out and
          "personsWith persons with" not in out, out[-1500:])
    mdir = os.path.join(tmp, "manifests")
    os.mkdir(mdir)
    shutil.copy(clean, mdir)
    code, out, err = run([b, "diff", os.path.join(ROOT, "rules", "cn-hgr.json"), os.path.join(ROOT, "rules", "cn-hgr.json"),
                          "--manifests", mdir + "/"] + at)
    check("diff: no '//' in manifest paths", "//" not in out.replace("://", ""), out)
    code, out, err = run([b, "diff", os.path.join(ROOT, "rules", "bj-ftz-2024-pharma.json"),
                          os.path.join(ROOT, "rules", "sh-lg-biomed-positive.json")])
    check("diff: an absent filter reads 'any ...', never '[]'", " []" not in out, out[:1500])

    # List tests: importantData and warnings expectations; fixture errors located in the test file.
    lt = os.path.join(tmp, "lt")
    os.mkdir(lt)
    bj = copy.deepcopy(BASE)
    bj["dxcheck"]["exporter"].update({"zone": "CN-BJ-FTZ", "exportsFromZone": True})
    bj["dxcheck"]["transfer"]["scenario"] = "clinical_trial"
    tests = {"base": bj, "tests": [
        {"name": "important", "at": "2026-12-01",
         "patch": {"/dxcheck/subjects": {"personal": 100000, "sensitive": 100000}},
         "expect": {"importantData": True, "warnings": ["W-PARTIAL-LIST"]}},
        {"name": "wrong expectations", "at": "2026-12-01",
         "expect": {"importantData": True, "warnings": ["W-MODEL-LIST"]}},
        {"name": "patch typo", "at": "2026-12-01",
         "patch": {"/dxcheck/subjects": {"personal": 10, "sensitve": 10}},
         "expect": {"verdict": "free_flow"}}]}
    tf = write_json(os.path.join(lt, "x.test.json"), tests)
    code, out, err = run([b, "test", tf])
    check("importantData / warnings expectations", code == 1 and
          "FAIL " + tf + ": wrong expectations" in out and "importantData false, expected true" in out and
          "warning W-MODEL-LIST missing" in out and "FAIL " + tf + ": important" not in out, out)
    lines = json.dumps(tests, ensure_ascii=False, indent=2).splitlines()
    typo_line = next(i for i, l in enumerate(lines, 1) if '"sensitve"' in l)
    check("a patch error is located in the test file", f"{tf}:{typo_line}:" in out and
          "(set by the patch \"/dxcheck/subjects\")" in out and "[patch typo]" not in out, out)

    # --run, --format json, --format junit (read by junit2json).
    code, out, err = run([b, "test", tf, "--run", "important"])
    check("--run runs one test", code == 0 and "PASS: 1/1" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([b, "test", tf, "--run", "importnt"])
    check("--run of an unknown name: 64 with a hint", code == 64 and 'did you mean "important"?' in err, err)
    code, out, err = run([b, "test", tf, "--format", "json"])
    doc = json.loads(out) if code in (0, 1) else {}
    check("test --format json", code == 1 and doc.get("total") == 3 and doc.get("passed") == 1 and
          doc.get("ok") is False and any(t["name"] == "patch typo" and not t["passed"] for t in doc["tests"]),
          out[:800])
    code, out, err = run([b, "test", tf, "--format", "junit"])
    junit = os.path.join(tmp, "tests.xml")
    open(junit, "w", encoding="utf-8").write(out)
    rc, jout, jerr = run(node + ["junit", junit])
    parsed = json.loads(jout) if rc == 0 else {}
    check("test --format junit read by junit2json", code == 1 and parsed.get("tests") == 3 and
          parsed.get("failures") == 2 and parsed.get("cases") == 3 and
          sorted(parsed.get("failed", [])) == ["patch typo", "wrong expectations"], jout + jerr)
    rc, xout, xerr = run(["xmllint", "--noout", junit]) if shutil.which("xmllint") else (1, "", "xmllint missing: tools/install-deps.sh --test installs libxml2-utils")
    check("JUnit XML is well-formed (xmllint)", rc == 0, xerr)

    # validate --format sarif, against the SARIF 2.1.0 schema.
    sarif = os.path.join(tmp, "v.sarif")
    bad = [os.path.join(ROOT, "tests", "bad_inputs", f) for f in ("bad-list.json", "duplicate-key.json",
                                                                  "unknown-key-nested.json")]
    code, out, err = run([b, "validate", "--format", "sarif"] + bad + [os.path.join(ROOT, "samples", "pv-icsr-global-safety.json")])
    open(sarif, "w", encoding="utf-8").write(out)
    log = json.loads(out) if out.strip() else {"runs": [{"results": []}]}
    results = log["runs"][0]["results"]
    check("validate --format sarif: exit 65, one result per problem", code == 65 and len(results) >= 6 and
          all(r["level"] in ("error", "warning") for r in results) and
          any(r["ruleId"] == "E1003" for r in results), out[:600] + err)
    rc, sout, serr = run(node + ["sarif", sarif])
    check("SARIF log valid against the OASIS schema", rc == 0, sout + serr)
    first = next(r for r in results if r["ruleId"] == "E1108")
    region = first["locations"][0]["physicalLocation"]["region"]
    check("SARIF location: file, line, column, pointer", region == {"startLine": 10, "startColumn": 25} and
          first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/effective/from", json.dumps(first))

    # dxcheck init: a folder of data files -> a manifest with TODOs a person fills in.
    data = os.path.join(tmp, "export")
    os.makedirs(os.path.join(data, "sdtm"))
    os.makedirs(os.path.join(data, ".cache"))
    open(os.path.join(data, "sdtm", "ae.csv"), "w").write("USUBJID,AGE,SEX,AETERM\n01-001,34,F,headache\n")
    ident = "11010519491231002"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    ident += "10X98765432"[sum(int(c) * w for c, w in zip(ident, weights)) % 11]
    open(os.path.join(data, "rows.csv"), "w").write(f"{ident},batch\n{ident},b2\n")  # no header row
    # No header either, and no value a detector knows: a subject id over the next one, a name.
    open(os.path.join(data, "people.csv"), "w", encoding="utf-8").write("S-001,张伟,F\nS-002,李娜,M\n")
    open(os.path.join(data, "visits.jsonl"), "w").write('{"USUBJID": "01-001", "VISIT": 1}\n'
                                                        '{"USUBJID": "01-002", "VISIT": 2, "AETERM": "x"}\n')
    open(os.path.join(data, "names.csv"), "w", encoding="utf-8").write("张伟,F\n李娜,M\n")
    open(os.path.join(data, "names2.csv"), "w", encoding="utf-8").write("张伟,男,高血压\n欧阳娜娜,女,糖尿病\n")
    open(os.path.join(data, "wide.csv"), "w").write("name,sex\nx,y,z\n")  # a first row check refuses
    open(os.path.join(data, "keyed.jsonl"), "w").write('{"S-002": {"v": 1}, "VISIT": 1}\n')
    open(os.path.join(data, "notes.txt"), "w").write("not data\n")
    open(os.path.join(data, ".cache", "x"), "w").write("hidden\n")
    os.symlink("/etc/passwd", os.path.join(data, "link.csv"))
    out_path = os.path.join(data, "datapackage.json")
    code, out, err = run([b, "init", data, "--out", out_path])
    doc = json.load(open(out_path, encoding="utf-8")) if code == 0 else {"resources": []}
    by_path = {r["path"]: r for r in doc["resources"]}
    import hashlib
    sha = lambda p: hashlib.sha256(open(os.path.join(data, p), "rb").read()).hexdigest()
    check("init: one resource per regular file (no dot files, no links, no datapackage.json)",
          code == 0 and sorted(by_path) == ["keyed.jsonl", "names.csv", "names2.csv", "notes.txt", "people.csv", "rows.csv",
                                            "sdtm/ae.csv", "visits.jsonl", "wide.csv"],
          f"exit {code}\n{err}{by_path}")
    ae = by_path.get("sdtm/ae.csv", {})
    check("init: sizes, sha256 and CSV header fields", ae.get("hash") == "sha256:" + sha("sdtm/ae.csv") and
          ae.get("bytes") == os.path.getsize(os.path.join(data, "sdtm", "ae.csv")) and
          [f["name"] for f in ae.get("schema", {}).get("fields", [])] == ["USUBJID", "AGE", "SEX", "AETERM"] and
          ae.get("profile") == "tabular-data-resource", json.dumps(ae))
    check("init: a header cell that looks like an ID number is not copied", ident not in open(out_path).read() + err and
          by_path.get("rows.csv", {}).get("schema", {}).get("fields", [{}])[0].get("name") == "column_1",
          json.dumps(by_path.get("rows.csv")))
    people = by_path.get("people.csv", {})
    check("init: a first row that is data: no value as a field name, read without a header",
          not any(v in open(out_path, encoding="utf-8").read() + err for v in ("S-001", "张伟")) and
          [f["name"] for f in people.get("schema", {}).get("fields", [])] == ["column_1", "column_2", "column_3"]
          and people.get("dialect") == {"header": False} and "first row looks like data" in err,
          json.dumps(people, ensure_ascii=False) + err)
    check("init: JSON Lines keys are fields, a later line's key too",
          [f["name"] for f in by_path.get("visits.jsonl", {}).get("schema", {}).get("fields", [])] ==
          ["USUBJID", "VISIT", "AETERM"], json.dumps(by_path.get("visits.jsonl")))
    check("init: a CSV with a header is read with it", "dialect" not in ae, json.dumps(ae))
    names = lambda p: [f["name"] for f in by_path.get(p, {}).get("schema", {}).get("fields", [])]
    check("init: names over names (every column alike): no value as a field name",
          names("names.csv") == ["column_1", "column_2"] and "张伟" not in open(out_path, encoding="utf-8").read(),
          str(names("names.csv")))
    check("init: a person's name over another's of another length: no value as a field name",
          names("names2.csv") == ["column_1", "column_2", "column_3"] and
          "欧阳娜娜" not in open(out_path, encoding="utf-8").read(), str(names("names2.csv")))
    check("init: a header whose first data row is malformed still gives its fields",
          names("wide.csv") == ["name", "sex"], str(names("wide.csv")))
    check("init: a JSON Lines key that looks like a value is not written", names("keyed.jsonl") ==
          ["column_1", "VISIT"] and "S-002" not in open(out_path, encoding="utf-8").read(), str(names("keyed.jsonl")))
    env = dict(os.environ, NODE_PATH=os.path.join(node_dir, "node_modules"))
    p = subprocess.run(["node", os.path.join(ROOT, "tests", "validators", "frictionless.cjs"), out_path],
                       capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    check("init: the scaffold is a valid Frictionless package", p.returncode == 0, p.stdout + p.stderr)
    code, out, err = run([b, "validate", out_path])
    todo = sum("error[E1119]" in l for l in err.splitlines())
    check("init: the TODOs keep it from validating (E1119)", code == 65 and todo >= 10, f"exit {code}, {todo} TODOs\n{err}")
    filled = copy.deepcopy(doc)
    filled["dxcheck"] = copy.deepcopy(BASE["dxcheck"])
    filled["dxcheck"]["subjects"] = {"personal": 1, "sensitive": 1, "countingKey": "USUBJID"}
    for r in filled["resources"]:
        if r["path"] == "sdtm/ae.csv":
            r["schema"]["fields"][3]["dxcheck"] = {"categories": ["pi.health"]}
            r["schema"]["fields"][0]["dxcheck"] = {"categories": ["pi.identity"]}
    write_json(out_path, filled)
    code, out, err = run([b, "validate", out_path])
    check("init: filled in, it validates", code == 0, f"exit {code}\n{err}")

    print(f"{len(failures)} failure(s)" if failures else "first_users: all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
