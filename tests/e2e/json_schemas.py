#!/usr/bin/env python3
"""The JSON Schemas of docs/schema (draft 2020-12; issue 12, item 6) checked with Ajv's 2020-12
validator (tests/validators/schemas.cjs; JSON with comments read by jsonc-parser, which tokenizes):
  - every shipped file is accepted: samples/*.json and the docs' manifest examples (manifest),
    rules/categories.json (categories), the other rules/*.json (list), rules/tests/*.test.json
    (list-test), tests/bad_inputs/valid-base.json;
  - "$schema" works as documented: a copy of rules/ whose every file names its schema is accepted by
    the schemas and by dxcheck (validate, and test with the coverage bar);
  - the comment handling keeps "//" and "/*" inside strings and rejects a trailing comma;
  - wrong documents are rejected (the test can fail): mutants of shipped files, each one dxcheck
    rejects too (so the schema is not stricter than the format there), and every manifest of the
    bad-input corpus whose errors are about shape (unknown key, type, null, empty string, count,
    date, hash, code pattern, recipient country, inline schema, no resources);
  - the schemas' enumerations (facts, scenarios, exemptions, pinned obligations, countries) are the
    loaders' own tables, read from the C++ sources, and the test schema has every expect key the
    test runner knows (expect.importantData and expect.warnings included).
The npm packages come from the CTest fixture validators_npm (tests/e2e/npm_tools.py).
usage: json_schemas.py DXCHECK NODE_DIR SOURCE_DIR WORKDIR"""
import copy, glob, json, os, re, shutil, subprocess, sys

from harness import expect, failures, run

# Error codes of problems a JSON Schema states (docs/errors.md): the bad-input corpus' manifests with
# one of these must be rejected by the manifest schema.
SHAPE_CODES = {"E1101", "E1102", "E1103", "E1104", "E1105", "E1106", "E1108", "E1109", "E1111", "E1112",
               "E1114", "E1115", "E1207"}


def main():
    dx, node_dir, root, work = (os.path.abspath(a) for a in sys.argv[1:5])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    if not os.path.isdir(os.path.join(node_dir, "node_modules")):
        print(f"FAIL {node_dir}/node_modules missing: the validators_npm fixture did not install it")
        return 1
    schema_dir = os.path.join(root, "docs", "schema")
    env = dict(os.environ, NODE_PATH=os.path.join(node_dir, "node_modules"))
    script = os.path.join(root, "tests", "validators", "schemas.cjs")
    node = lambda *args: ["node", script, schema_dir] + list(args)

    def parsed(path):
        """A JSON-with-comments file as the validator's parser reads it."""
        rc, out = run(node("--print", path), env=env)
        if rc != 0:
            failures.append("parse " + path); print(f"FAIL cannot parse {path}: {out.strip()}")
            return None
        return json.loads(out)

    def write(name, doc, text=None):
        p = os.path.join(work, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text if text is not None else json.dumps(doc, ensure_ascii=False, indent=1))
        return p

    # 1. Every shipped file.
    shipped = [f"manifest.schema.json={p}" for p in sorted(glob.glob(os.path.join(root, "samples", "*.json")))]
    shipped.append("manifest.schema.json=" + os.path.join(root, "tests", "bad_inputs", "valid-base.json"))
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    for i, m in enumerate(re.finditer(r"^```json\n(.*?)^```", readme, re.S | re.M)):
        if '"resources"' in m.group(1):
            shipped.append("manifest.schema.json=" + write(f"readme-example{i + 1}.json", None, m.group(1)))
    for p in sorted(glob.glob(os.path.join(root, "rules", "*.json"))):
        kind = "categories" if os.path.basename(p) == "categories.json" else "list"
        shipped.append(f"{kind}.schema.json={p}")
    tests = sorted(glob.glob(os.path.join(root, "rules", "tests", "*.test.json")))
    shipped += [f"list-test.schema.json={p}" for p in tests]
    if len(shipped) < 8 + 6 + 5:
        failures.append("shipped files"); print(f"FAIL only {len(shipped)} shipped files found")
    expect(f"the schemas accept every shipped file ({len(shipped)})", node("--valid", *shipped), 0, env=env)

    # 2. "$schema" in every file of a rules directory: the schemas and dxcheck accept it.
    rules_copy = os.path.join(work, "rules")
    shutil.copytree(os.path.join(root, "rules"), rules_copy)
    with_schema = []
    for p in sorted(glob.glob(os.path.join(rules_copy, "*.json")) + glob.glob(os.path.join(rules_copy, "tests", "*.json"))):
        kind = ("list-test" if p.endswith(".test.json") else
                "categories" if os.path.basename(p) == "categories.json" else "list")
        text = open(p, encoding="utf-8").read()
        ref = os.path.relpath(os.path.join(schema_dir, kind + ".schema.json"), os.path.dirname(p))
        text, n = re.subn(r"^\{", '{\n  "$schema": ' + json.dumps(ref) + ",", text, count=1, flags=re.M)
        if n != 1:
            failures.append("$schema " + p); print(f"FAIL no top-level object found in {p}")
        open(p, "w", encoding="utf-8").write(text)
        with_schema.append(f"{kind}.schema.json={p}")
    expect('the schemas accept files that name their "$schema"', node(*with_schema), 0, env=env)
    expect('dxcheck validate accepts lists that name their "$schema"',
           [dx, "validate", "--rules", rules_copy] + glob.glob(os.path.join(rules_copy, "*.json")), 0)
    expect('dxcheck test runs test files that name their "$schema"', [dx, "test", rules_copy, "--coverage-min", "90"],
           0, "PASS")
    sample = json.load(open(os.path.join(root, "samples", "sdtm-mrct-us-sponsor.json"), encoding="utf-8"))
    p = write("sample-with-schema.json", dict({"$schema": os.path.join(schema_dir, "manifest.schema.json")}, **sample))
    expect('dxcheck and the schema accept a manifest with "$schema"', [dx, "validate", p], 0)
    expect('the manifest schema accepts a manifest with "$schema"', node("manifest.schema.json=" + p), 0, env=env)

    # 3. Comments are tokenized, not cut out with a pattern.
    tricky = write("comments.json", None,
                   '// a comment\n{"a": "http://x.org/a//b /* not a comment */", /* block, with "quotes" */\n'
                   ' "b": "\\"// still a string", "c": "*/"} // trailing comment\n')
    got = parsed(tricky)
    if got != {"a": "http://x.org/a//b /* not a comment */", "b": "\"// still a string", "c": "*/"}:
        failures.append("comments"); print(f"FAIL comments: parsed as {got}")
    else:
        print("ok   comments: // and /* inside strings are kept")
    comma = write("trailing-comma.test.json", None, '{"tests": [],}')
    expect("a trailing comma is a syntax error", node("list-test.schema.json=" + comma), 1, "not JSON with comments",
           env=env)

    # 4. Wrong documents: rejected by the schema and by dxcheck.
    base_list = parsed(os.path.join(root, "rules", "cn-baseline.json"))
    neg_list = parsed(os.path.join(root, "rules", "bj-ftz-2024-pharma.json"))
    cats = parsed(os.path.join(root, "rules", "categories.json"))
    test_doc = parsed(os.path.join(root, "rules", "tests", "cn-baseline.test.json"))
    if None in (base_list, neg_list, cats, test_doc):
        return 1
    rule0 = base_list["rules"][0]

    def mutant(doc, change):
        d = copy.deepcopy(doc)
        change(d)
        return d

    W = "/rules/0/when"
    def set_when(when):
        return (W, lambda d: d["rules"][0].update(when=when))
    f0 = "/resources/0/schema/fields/0/dxcheck"
    manifest_bad = {  # name: (where the schema must see the error, the change)
        "typo in exporter (exportsFromZon)": ("/dxcheck/exporter", lambda d: d["dxcheck"]["exporter"].update(exportsFromZon=True)),
        "unknown key in a resource's dxcheck": ("/resources/0/dxcheck", lambda d: d["resources"][0]["dxcheck"].update(record=5)),
        "unknown key in a field's dxcheck": (f0, lambda d: d["resources"][0]["schema"]["fields"][0]["dxcheck"].update(category=["pi.basic"])),
        "empty categories": (f0 + "/categories", lambda d: d["resources"][0]["schema"]["fields"][0]["dxcheck"].update(categories=[])),
        "category code not dotted lower_snake": (f0 + "/categories/0", lambda d: d["resources"][0]["schema"]["fields"][0]["dxcheck"].update(categories=["PI.Health"])),
        "recipient in CN": ("/dxcheck/recipients/0/country", lambda d: d["dxcheck"]["recipients"][0].update(country="CN")),
        "no such date (2026-02-30)": ("/dxcheck/transfer/date", lambda d: d["dxcheck"]["transfer"].update(date="2026-02-30")),
        "unknown scenario": ("/dxcheck/transfer/scenario", lambda d: d["dxcheck"]["transfer"].update(scenario="clinical")),
        "status entry without its date": ("/dxcheck/status/standardContract", lambda d: d["dxcheck"]["status"]["standardContract"].pop("filedOn")),
        "null count": ("/dxcheck/subjects/personal", lambda d: d["dxcheck"]["subjects"].update(personal=None)),
        "manifestVersion 2": ("/dxcheck/manifestVersion", lambda d: d["dxcheck"].update(manifestVersion="2")),
        "unknown key in the package's dxcheck": ("/dxcheck", lambda d: d["dxcheck"].update(importantdata={"status": "none"})),
        "resource without bytes": ("/resources/0", lambda d: d["resources"][0].pop("bytes")),
        "typo in dxcheck.filing (transferMetod)": ("/dxcheck/filing", lambda d: d["dxcheck"].update(filing={"transferMetod": "SFTP"})),
        "filing retention without its end": ("/dxcheck/filing/retentionAbroad", lambda d: d["dxcheck"].update(filing={"retentionAbroad": {"from": "2026-12-01"}})),
        "filing onward recipient country not ISO": ("/dxcheck/filing/onwardRecipients/0/country", lambda d: d["dxcheck"].update(filing={"onwardRecipients": [{"name": "X", "country": "Germany"}]})),
        "filing name not a string": ("/dxcheck/filing/legalRepresentative", lambda d: d["dxcheck"].update(filing={"legalRepresentative": 7})),
    }
    list_bad = {  # name: (list, (where, change))
        "two operators in a condition": (base_list, set_when({"fact": "coreData", "is": True, "eq": "x"})),
        "'is' on a count fact": (base_list, set_when({"fact": "subjects.personal", "is": True})),
        "unknown fact": (base_list, set_when({"fact": "exporter.ciioo", "is": True})),
        "a wrong leaf deep in the tree": (base_list, (W + "/any/0/all/0/not/is", set_when(
            {"any": [{"all": [{"not": {"fact": "coreData", "is": "yes"}}]}]})[1])),
        "empty all": (base_list, (W + "/all", set_when({"all": []})[1])),
        "personsWith without a comparison": (base_list, set_when({"personsWith": ["pi.health"]})),
        "category family not a code": (base_list, (W + "/anyUnder/0", set_when({"fact": "categories", "anyUnder": ["PI"]})[1])),
        "rule without citation": (base_list, ("/rules/0", lambda d: d["rules"][0].pop("citation"))),
        "important data below security_assessment": (base_list, ("/rules/0/outcome", lambda d: d["rules"][0].update(
            outcome={"verdict": "contract_or_certification", "importantData": True}))),
        "outcome with neither verdict nor obligation": (base_list, ("/rules/0/outcome", lambda d: d["rules"][0].update(outcome={}))),
        "relief on a prohibition": (base_list, ("/rules/0/relief", lambda d: d["rules"][0].update(
            outcome={"verdict": "prohibited"}, relief={"exemptions": ["hr"]}))),
        "unpinned obligation": (base_list, ("/rules/0/outcome/obligations/0", lambda d: d["rules"][0].update(
            outcome={"obligations": ["notify_mom"]}))),
        "eligibility on a baseline list": (base_list, ("/eligibility", lambda d: d.update(eligibility={"zones": ["CN-BJ-FTZ"]}))),
        "FTZ relief in a negative list": (neg_list, ("/rules/0/relief/ftzList", lambda d: d["rules"][0].update(
            outcome={"verdict": "contract_or_certification"}, relief={"ftzList": True}))),
        "negative list without eligibility": (neg_list, ("", lambda d: d.pop("eligibility"))),
        "partial list without statusNote": (neg_list, ("", lambda d: d.pop("statusNote"))),
        "unknown key in a list": (base_list, ("", lambda d: d.update(severity=3))),
        "rule id with capitals": (base_list, ("/rules/0/id", lambda d: d["rules"][0].update(id="Art8"))),
    }
    new = lambda **kw: dict({"code": "newfam", "title": {"zh": "x", "en": "x"}}, **kw)
    last = f"/categories/{len(cats['categories'])}"
    cats_bad = {
        "code with capitals": (last + "/code", lambda d: d["categories"].append(new(code="Lab", personal=False, sensitive=False, hgr=False))),
        "top-level code without hgr": (last, lambda d: d["categories"].append(new(personal=False, sensitive=False))),
        "unknown crosswalk kind": ("/categories/0/crosswalk", lambda d: d["categories"][0].update(crosswalk={"loinc": ["1234-5"]})),
        "sensitive but not personal": (last, lambda d: d["categories"].append(new(personal=False, sensitive=True, hgr=False))),
    }
    E = "/tests/0/expect"
    test_bad = {
        "unknown expect key (verdicts)": (E, lambda d: d["tests"][0]["expect"].update(verdicts="free_flow")),
        "test without a date": ("/tests/0", lambda d: d["tests"][0].pop("at")),
        "unknown key in a test": ("/tests/0", lambda d: d["tests"][0].update(skip=True)),
        "expect.warnings not an array": (E + "/warnings", lambda d: d["tests"][0]["expect"].update(warnings="W-MODEL-LIST")),
        "expect.importantData not a boolean": (E + "/importantData", lambda d: d["tests"][0]["expect"].update(importantData="yes")),
    }
    # dxcheck test reports an invalid fixture manifest as a failing test (exit 1), not an invalid file.
    test_failing = {
        "a base that is not a manifest": ("/base/dxcheck/exporter", lambda d: d["base"]["dxcheck"]["exporter"].update(zon="CN-BJ-FTZ")),
    }
    invalid = []
    for i, (name, (where, change)) in enumerate(manifest_bad.items()):
        p = write(f"bad-manifest-{i}.json", mutant(sample, change))
        expect(f"dxcheck rejects the manifest mutant: {name}", [dx, "validate", p], 65)
        invalid.append(f"manifest.schema.json={p}={where}")
    for i, (name, (doc, (where, change))) in enumerate(list_bad.items()):
        p = write(f"bad-list-{i}.json", mutant(doc, change))
        expect(f"dxcheck rejects the list mutant: {name}", [dx, "validate", "--list", p, p], 65)
        invalid.append(f"list.schema.json={p}={where}")
    for i, (name, (where, change)) in enumerate(cats_bad.items()):
        d = os.path.join(work, f"bad-cats-{i}")
        shutil.copytree(os.path.join(root, "rules"), d)
        p = os.path.join(d, "categories.json")
        write(p, mutant(cats, change))
        expect(f"dxcheck rejects the code list mutant: {name}", [dx, "lists", "--rules", d], 65)
        invalid.append(f"categories.schema.json={p}={where}")
    for i, (name, (where, change)) in enumerate(list(test_bad.items()) + list(test_failing.items())):
        p = write(f"bad-{i}.test.json", mutant(test_doc, change))
        expect(f"dxcheck rejects the test-file mutant: {name}", [dx, "test", os.path.join(root, "rules"), p],
               1 if name in test_failing else 65)
        invalid.append(f"list-test.schema.json={p}={where}")
    corpus = os.path.join(root, "tests", "bad_inputs")
    for e in sorted(glob.glob(os.path.join(corpus, "*.expect"))):
        name = os.path.basename(e)[:-len(".expect")]
        text = open(e, encoding="utf-8").read()
        codes = set(re.findall(r"error\[(E\d+)\]", text))
        if os.path.exists(os.path.join(corpus, name + ".json")) and codes & SHAPE_CODES:
            kind = "list" if f"--list {name}.json" in text else "manifest"
            invalid.append(f"{kind}.schema.json=" + os.path.join(corpus, name + ".json"))
    expect(f"the schemas reject every wrong document ({len(invalid)})", node("--invalid", *invalid), 0, env=env)
    # The two keys another change adds to the test format are in the schema already.
    ok_test = write("new-expect-keys.test.json", mutant(test_doc, lambda d: d["tests"][0]["expect"].update(
        importantData=False, warnings=["W-UNCLASSIFIED-FIELD"])))
    expect("the test schema accepts expect.importantData and expect.warnings",
           node("list-test.schema.json=" + ok_test), 0, env=env)

    # 5. The schemas' enumerations are the loaders' tables.
    def src(path):
        return open(os.path.join(root, path), encoding="utf-8").read()
    manifest_s = json.load(open(os.path.join(schema_dir, "manifest.schema.json"), encoding="utf-8"))
    list_s = json.load(open(os.path.join(schema_dir, "list.schema.json"), encoding="utf-8"))
    test_s = json.load(open(os.path.join(schema_dir, "list-test.schema.json"), encoding="utf-8"))
    loader = src("checker/manifest/manifest_loader.cc")
    def table(text, fn):
        body = re.search(fn + r"\(\) \{.*?\{(.*?)\};", text, re.S).group(1)
        return re.findall(r'"([^"]+)"', body)
    facts = re.findall(r'\{"([a-zA-Z.0-9]+)", FactType::', src("checker/rules/facts.cc"))
    schema_facts = [f for k in ("boolFact", "stringFact", "countFact", "setFact", "categoryFact")
                    for f in list_s["$defs"][k]["properties"]["fact"]["enum"]]
    countries = set(" ".join(re.findall(r'"((?:[A-Z]{2} )+)"', src("checker/base/identifiers.cc"))).split()) - {"CN"}
    expect_keys = set(re.findall(r'"([A-Za-z]+)"', re.search(r"kExpectKeys = \{(.*?)\};",
                                                               src("checker/authoring/list_tests.cc"), re.S).group(1)))
    checks = [
        ("scenario codes", manifest_s["$defs"]["scenario"]["enum"], table(loader, "ScenarioCodes")),
        ("exemption codes", manifest_s["$defs"]["exemption"]["enum"], table(loader, "ExemptionCodes")),
        ("fact names", sorted(schema_facts), sorted(facts)),
        ("pinned obligations", list_s["$defs"]["obligation"]["anyOf"][0]["enum"],
         table(src("checker/rules/rule_list.cc"), "PinnedObligations")),
        ("countries", sorted(manifest_s["$defs"]["country"]["enum"]), sorted(countries)),
    ]
    for what, got, want in checks:
        if sorted(got) != sorted(want) or not want:
            failures.append(what); print(f"FAIL {what}: schema {sorted(got)} != loader {sorted(want)}")
        else:
            print(f"ok   {what}: the schema has the loader's {len(want)}")
    missing = expect_keys - set(test_s["$defs"]["test"]["properties"]["expect"]["properties"])
    if missing or not expect_keys:
        failures.append("expect keys"); print(f"FAIL expect keys the runner knows but the schema lacks: {sorted(missing)}")
    else:
        print(f"ok   the test schema has every expect key the runner knows ({len(expect_keys)})")
    # 6. The filing drafts' JSON (docs/forms.md): every draft of every sample (--all) is accepted;
    # drafts made wrong are rejected where they are wrong.
    drafts = []
    for p in sorted(glob.glob(os.path.join(root, "samples", "*.json"))) + [os.path.join(root, "samples", "clinical-csv", "datapackage.json")]:
        out = os.path.join(work, "forms-" + os.path.basename(os.path.dirname(p) if p.endswith("datapackage.json") else p))
        extra = ["--data"] if p.endswith("datapackage.json") else []
        rc, text = run([dx, "forms", p, "--all", "--format", "json", "--out", out, "--at", "2026-12-01"] + extra)
        if rc != 0:
            failures.append("forms " + p); print(f"FAIL dxcheck forms {p}: exit {rc}: {text[-300:]}")
        drafts += sorted(glob.glob(os.path.join(out, "*.json")))
    if len(drafts) < 10:
        failures.append("drafts"); print(f"FAIL only {len(drafts)} drafts made from the samples")
    expect(f"the form schema accepts every draft of the samples ({len(drafts)})",
           node("--valid", *[f"form.schema.json={d}" for d in drafts]), 0, env=env)
    draft = json.load(open(next(d for d in drafts if d.endswith("standard_contract_filing.json")), encoding="utf-8"))
    fields = draft["sections"][1]["fields"]
    filled = next(i for i, f in enumerate(fields) if f["state"] == "filled" and "source" in f)
    todo = next(i for i, f in enumerate(fields) if f["state"] == "to_be_completed")
    F = "/sections/1/fields/"
    draft_bad = {
        "a filled value without its source": (F + str(filled), lambda d: d["sections"][1]["fields"][filled].pop("source")),
        "a source that is no pointer": (F + f"{filled}/source", lambda d: d["sections"][1]["fields"][filled].update(source="the manifest")),
        "a to-be-completed field with a value": (F + str(todo), lambda d: d["sections"][1]["fields"][todo].update(value="guess")),
        "a to-be-completed field without the marker": (F + str(todo), lambda d: d["sections"][1]["fields"][todo].pop("marker")),
        "an unknown field state": (F + f"{todo}/state", lambda d: d["sections"][1]["fields"][todo].update(state="draft")),
        "an unknown draft": ("/form", lambda d: d.update(form="pi_certification")),
        "an unknown top-level key": ("", lambda d: d.update(generatedAt="2026-12-01T00:00:00Z")),
    }
    invalid = []
    for i, (name, (where, change)) in enumerate(draft_bad.items()):
        invalid.append(f"form.schema.json={write(f'bad-draft-{i}.json', mutant(draft, change))}={where}")
    expect(f"the form schema rejects every wrong draft ({len(invalid)})", node("--invalid", *invalid), 0, env=env)

    print("FAILED: " + ", ".join(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
