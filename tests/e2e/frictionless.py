#!/usr/bin/env python3
"""Every manifest the project ships is a valid Frictionless Data Package (issue 12, item 4), checked by
the Frictionless project's own JavaScript validators (tests/validators/frictionless.cjs: `datapackage`
against the v1 profiles, `tableschema` on every inline schema, and the v1 spec rules no JSON Schema
states), not by dxcheck:
  - samples/*.json;
  - the manifest examples in README.md, samples/README.md and docs/*.md (```json blocks with
    "resources"), which dxcheck must also accept (`dxcheck validate`);
  - the `base` and inline manifests of the shipped list tests (rules/tests/*.test.json).
And the validator rejects what the samples used to get wrong (a test that can fail): a
tabular-data-package whose resource does not declare tabular-data-resource, a tabular resource whose
path is not CSV, a format that is not the file's extension, a field type Table Schema lacks, a
resource name outside the v1 pattern.
The npm packages come from the CTest fixture validators_npm (tests/e2e/npm_tools.py).
usage: frictionless.py DXCHECK NODE_DIR SOURCE_DIR WORKDIR"""
import copy, glob, json, os, re, shutil, sys

from harness import expect, failures

SCRIPT = "frictionless.cjs"


def doc_examples(root):
    """(name, text) of every ```json block of the user docs that is a manifest."""
    out = []
    docs = [os.path.join(root, "README.md"), os.path.join(root, "samples", "README.md")]
    docs += sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    for path in docs:
        text = open(path, encoding="utf-8").read()
        for i, m in enumerate(re.finditer(r"^```json\n(.*?)^```", text, re.S | re.M)):
            if '"resources"' in m.group(1):
                out.append((f"{os.path.relpath(path, root)}-example{i + 1}", m.group(1)))
    return out


def main():
    dx, node_dir, root, work = (os.path.abspath(a) for a in sys.argv[1:5])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    if not os.path.isdir(os.path.join(node_dir, "node_modules")):
        print(f"FAIL {node_dir}/node_modules missing: the validators_npm fixture did not install it")
        return 1
    # The script stays in the source tree; its require()s resolve in the fixture's node_modules.
    env = dict(os.environ, NODE_PATH=os.path.join(node_dir, "node_modules"))
    node = lambda *args: ["node", os.path.join(root, "tests", "validators", SCRIPT)] + list(args)

    samples = sorted(glob.glob(os.path.join(root, "samples", "*.json")))
    samples += sorted(glob.glob(os.path.join(root, "samples", "*", "datapackage.json")))  # with data files
    if len(samples) < 8:
        failures.append("samples"); print(f"FAIL only {len(samples)} samples found in samples/")
    examples = []
    for name, text in doc_examples(root):
        p = os.path.join(work, re.sub(r"[^A-Za-z0-9.-]", "_", name) + ".json")
        open(p, "w", encoding="utf-8").write(text)
        examples.append(p)
        expect(f"dxcheck accepts the docs example {name}", [dx, "validate", p], 0)
    if not examples:
        failures.append("docs examples"); print("FAIL no manifest example found in README.md or docs/")
    tests = sorted(glob.glob(os.path.join(root, "rules", "tests", "*.test.json")))
    expect("Frictionless validators accept every sample, docs example and list-test manifest",
           node(*samples, *examples, "--tests", *tests), 0, env=env)

    # The validator can fail: variants of a valid tabular sample and of a non-tabular one.
    tab = json.load(open(os.path.join(root, "samples", "anonymised-aggregate.json"), encoding="utf-8"))
    plain = json.load(open(os.path.join(root, "samples", "pv-icsr-global-safety.json"), encoding="utf-8"))
    assert tab.get("profile") == "tabular-data-package" and "profile" not in plain

    def variant(base, change):
        d = copy.deepcopy(base)
        change(d)
        return d
    bad = {
        "tabular package, resource without its profile":
            (variant(tab, lambda d: d["resources"][0].pop("profile")), '"/resources/0/profile"'),
        "tabular resource with an .xml path":
            (variant(tab, lambda d: d["resources"][0].update(path="agg/outcomes.xml")), "is a .xml file"),
        "tabular resource of format xml":
            (variant(tab, lambda d: d["resources"][0].update(format="xml", path="agg/outcomes.xml")),
             "data is CSV or inline JSON"),
        "tabular resource without a schema":
            (variant(tab, lambda d: d["resources"][0].pop("schema")), "datapackage:"),
        "format csv for an .xml path (the old pv-icsr sample)":
            (variant(plain, lambda d: d["resources"][0].update(format="csv")), 'format "csv" but path'),
        "field type outside Table Schema":
            (variant(plain, lambda d: d["resources"][0]["schema"]["fields"][0].update(type="str")), "tableschema:"),
        "resource name outside the v1 pattern":
            (variant(plain, lambda d: d["resources"][0].update(name="ICSR")), '"/resources/0/name"'),
        "absolute resource path":
            (variant(plain, lambda d: d["resources"][0].update(path="/etc/pv.xml")), "not safe"),
    }
    invalid = []
    for i, (name, (doc, says)) in enumerate(bad.items()):
        p = os.path.join(work, f"bad{i}.json")
        json.dump(doc, open(p, "w", encoding="utf-8"), ensure_ascii=False)
        print(f"     {os.path.basename(p)}: {name}")
        invalid.append(f"{p}={says}")
    expect(f"Frictionless validators reject each of the {len(bad)} broken variants for its reason",
           node("--invalid", *invalid), 0, env=env)
    print("FAILED: " + ", ".join(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
