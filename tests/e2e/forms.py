#!/usr/bin/env python3
"""End-to-end tests of `dxcheck forms` (issue 17) and of `dxbundle pack --forms`:
  - every sample (samples/*.json, and samples/clinical-csv with --data) gets exactly the drafts its
    open obligations call for, each as .json and .html, and --all adds the satisfied ones;
  - no invented content: every filled value of every draft is walked and resolved to the place its
    source names — a manifest JSON pointer (the value there, a field's categories), a pointer into
    the decision ("decision:/…"), or the data scan ("measured by --data") — and equals it; run on
    each sample, on each sample with a full dxcheck.filing, and on each sample with every optional
    key removed;
  - per draft: with dxcheck.filing the fields it states are filled from it (value and pointer); without
    it the same drafts have the same fields, those marked to be completed (待填写) with the key's name,
    every other field unchanged;
  - the command line: --format, --decision (a matching decision, a signed one, another manifest's: 65),
    --out that is a file (74), an input never overwritten (74, unchanged), bad manifest 65, missing 66,
    usage 64, --help;
  - bundles: pack --forms carries data/forms/*, equal byte for byte to `dxcheck forms`; verify VALID;
    a tampered draft (BagIt re-hashed) or a removed one or an extra file under data/forms is INVALID
    naming the file;
  - a real browser: headless Chromium prints every HTML draft to PDF; pdftotext reads back the filled
    values and the 待填写 markers, in Chinese (needs a CJK font: fonts-wqy-zenhei).
usage: forms.py DXCHECK DXBUNDLE WORKDIR [SCREENSHOT_OUT]"""
import copy, glob, hashlib, io, json, os, re, shutil, subprocess, sys, tarfile

from harness import expect, failures, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AT = ["--at", "2026-12-01"]
DRAFTED = ["standard_contract_filing", "pi_impact_assessment", "security_assessment", "hgr_prior_report", "ftz_filing"]

FILING = {
    "transferMethod": "加密专线 SFTP / SFTP over a dedicated line",
    "retentionAbroad": {"from": "2026-12-01", "to": "2031-11-30"},
    "storagePlaceAbroad": "德国法兰克福数据中心 / Frankfurt data centre",
    "onwardRecipients": [{"name": "Onward CRO GmbH", "country": "DE"}],
    "legalRepresentative": "张建国",
    "filingAgent": "李晓梅",
    "dataSecurityOfficer": "王志强",
    "transferFrequency": "每月 / monthly",
}


def fail(name, why):
    failures.append(name); print(f"FAIL {name}: {why}")


def pointer_get(doc, ptr):
    """RFC 6901; raises KeyError/IndexError when absent."""
    cur = doc
    if ptr == "":
        return cur
    for part in ptr.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        cur = cur[int(part)] if isinstance(cur, list) else cur[part]
    return cur


def with_filing(manifest):
    m = copy.deepcopy(manifest)
    f = copy.deepcopy(FILING)
    f["recipients"] = [{"name": r["name"], "address": f"{r['name']} 地址 / address {i + 1}",
                        "contact": f"dpo{i + 1}@recipient.example"} for i, r in enumerate(m["dxcheck"]["recipients"])]
    m["dxcheck"]["filing"] = f
    return m


OPTIONAL_DX = ["filing", "status", "deidentification", "importantData", "coreData", "stateSecret", "exportControlled"]


def stripped(manifest):
    """Every optional key removed that the manifest stays valid without (docs/manifest.md)."""
    m = copy.deepcopy(manifest)
    dx = m["dxcheck"]
    for k in OPTIONAL_DX:
        dx.pop(k, None)
    for k in ("zone", "exportsFromZone", "foreignControlled"):
        dx["exporter"].pop(k, None)
    for r in dx["recipients"]:
        r.pop("entityType", None); r.pop("foreignJudicialOrEnforcement", None)
    for k in ("mode", "exemption"):
        dx["transfer"].pop(k, None)
    if "subjects" in dx:
        for k in ("minorsUnder14", "countingKey", "priorThisYear"):
            dx["subjects"].pop(k, None)
    if "hgr" in dx:
        for k in ("importantPedigree", "specificRegion", "materials"):
            dx["hgr"].pop(k, None)
    for res in m["resources"]:
        if "dxcheck" in res:
            res["dxcheck"].pop("records", None)
            if not res["dxcheck"]:
                res.pop("dxcheck")
        for fld in res.get("schema", {}).get("fields", []):
            fld.pop("description", None)
    return m


def walk_form(name, form, manifest, decision):
    """Every filled value resolves to its source and equals it. Returns the number of values checked."""
    checked = 0
    fields_by_pointer = {f["pointer"]: f for f in decision.get("fields", [])}
    def check_value(where, v):
        nonlocal checked
        src, val = v.get("source", ""), v.get("value")
        if not src:
            fail(name, f"{where}: a filled value without a source"); return
        checked += 1
        if src == "measured by --data":
            d = decision.get("data", {})
            measured = d.get("measured", {})
            ok = d.get("verified") and (val in measured.values() or v.get("code"))
            if v.get("code"):  # a category a content detector added
                ok = d.get("verified") and any(c.get("category") == v["code"]
                                               for f in decision.get("fields", []) for c in f.get("content", []))
            if not ok:
                fail(name, f"{where}: {val!r} is not what --data measured")
            return
        if src.startswith("decision:"):
            try:
                got = pointer_get(decision, src[len("decision:"):])
            except (KeyError, IndexError, ValueError):
                fail(name, f"{where}: {src} is not in the decision"); return
            if got != val:
                fail(name, f"{where}: {val!r} != the decision's {got!r} at {src}")
            return
        if v.get("code") and re.match(r"^/resources/\d+/schema/fields/\d+$", src):
            rec = fields_by_pointer.get(src)
            if rec is None or v["code"] not in rec["categories"]:
                fail(name, f"{where}: the field at {src} does not carry {v['code']}")
            return
        try:
            got = pointer_get(manifest, src)
        except (KeyError, IndexError, ValueError):
            fail(name, f"{where}: {src} is not in the manifest"); return
        if got != val:
            fail(name, f"{where}: {val!r} != the manifest's {got!r} at {src}")
    for s in form["sections"]:
        for f in s["fields"]:
            where = f"{form['form']}/{s['id']}/{f['id']}"
            if f["state"] == "filled":
                if isinstance(f.get("value"), list):
                    for i, v in enumerate(f["value"]):
                        check_value(f"{where}[{i}]", v)
                    if not f["value"]:  # "none": the manifest states an empty list, there
                        try:
                            ok = pointer_get(manifest, f.get("source", "-")) == []
                        except (KeyError, IndexError, ValueError):
                            ok = False
                        if not ok:
                            fail(name, f"{where}: an empty list the manifest does not state")
                        checked += 1
                else:
                    check_value(where, f)
            elif f["state"] != "to_be_completed" or f.get("marker") != "待填写" or "value" in f:
                fail(name, f"{where}: neither filled nor marked 待填写: {f}")
        for c in s.get("checklist", []):
            if c.get("source"):
                checked += 1
                try:
                    got = pointer_get(manifest, c["source"])
                except (KeyError, IndexError, ValueError):
                    fail(name, f"checklist {c['id']}: {c['source']} is not in the manifest"); continue
                if got != c.get("note"):
                    fail(name, f"checklist {c['id']}: note {c.get('note')!r} != {got!r}")
    return checked


def forms_of(dx, manifest_path, out, extra=()):
    shutil.rmtree(out, ignore_errors=True)
    rc, text = run([dx, "forms", manifest_path, "--out", out] + AT + list(extra))
    return rc, text, sorted(os.listdir(out)) if os.path.isdir(out) else []


def decision_of(dx, manifest_path, extra=()):
    rc, out = run([dx, "check", manifest_path, "--format", "json"] + AT + list(extra))
    try:
        return json.loads(out[out.index("{"):out.rindex("}") + 1]) if "{" in out else None
    except ValueError:
        return None


def samples():
    out = [(p, []) for p in sorted(glob.glob(os.path.join(ROOT, "samples", "*.json")))]
    out.append((os.path.join(ROOT, "samples", "clinical-csv", "datapackage.json"), ["--data"]))
    return out


def main():
    dx, db, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shot = sys.argv[4] if len(sys.argv) > 4 else None
    shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
    html_drafts = []  # (path, manifest, form json)

    # 1. Every sample: exactly the drafts its open obligations call for; no invented value.
    total_values, total_forms, all_values = 0, 0, 0
    for path, extra in samples():
        name = os.path.relpath(path, ROOT)
        manifest = json.load(open(path, encoding="utf-8"))
        decision = decision_of(dx, path, extra)
        if decision is None:
            fail(name, "no decision"); continue
        want = [o["id"] for o in decision["obligations"] if not o["satisfied"] and o["id"] in DRAFTED]
        out = os.path.join(work, "s-" + os.path.basename(os.path.dirname(path) if extra else path).replace(".json", ""))
        rc, text, files = forms_of(dx, path, out, extra)
        expect_files = sorted([w + ".html" for w in want] + [w + ".json" for w in want])
        if rc != 0 or files != expect_files:
            fail(name, f"exit {rc}, files {files}, expected {expect_files}\n  {text[-400:]}"); continue
        for w in want:
            form = json.load(open(os.path.join(out, w + ".json"), encoding="utf-8"))
            total_values += walk_form(f"{name} {w}", form, manifest, decision)
            total_forms += 1
            html_drafts.append((os.path.join(out, w + ".html"), manifest, form))
        print(f"ok   {name}: drafts {want or 'none'} (open: {[o['id'] for o in decision['obligations'] if not o['satisfied']]})")
        # --all: every obligation of the decision with a draft, satisfied or not.
        want_all = [o["id"] for o in decision["obligations"] if o["id"] in DRAFTED]
        rc, text, files = forms_of(dx, path, out + "-all", list(extra) + ["--all"])
        if rc != 0 or files != sorted([w + ".json" for w in want_all] + [w + ".html" for w in want_all]):
            fail(name + " --all", f"exit {rc}, files {files}, expected {want_all}")
        for f in [f for f in files if f.endswith(".json")]:
            form = json.load(open(os.path.join(out + "-all", f), encoding="utf-8"))
            all_values += walk_form(f"{name} --all {f}", form, manifest, decision)
            if form["form"] not in [d[2]["form"] for d in html_drafts]:
                # A kind no sample leaves open (the PIPIA: every sample's is done) is printed from --all.
                html_drafts.append((os.path.join(out + "-all", f[:-5] + ".html"), manifest, form))
            if extra:  # --data: the measured counts are there, named as such
                measured = [x for s in form["sections"] for x in s["fields"] if x.get("source") == "measured by --data"]
                if form["form"] == "pi_impact_assessment" and not measured:
                    fail(name + " --data", f"{f}: no value 'measured by --data'")
                elif measured:
                    print(f"ok   {name} --data --all {f}: {[(x['id'], x['value']) for x in measured]} measured by --data")
    print(f"ok   no invented content in the samples' drafts: {total_values} filled values in the {total_forms} drafts "
          f"of open obligations, {all_values} in the --all drafts, each resolved to its source"
          if total_forms else "FAIL no drafts at all")
    if total_forms < 6:
        fail("sample drafts", f"only {total_forms} drafts over the samples")

    # 2. Per draft (with --all): with dxcheck.filing / without it / with every optional key removed.
    covered = set()
    for path, extra in samples():
        if extra:
            continue  # the data sample: its filing variant would need the data beside the copy
        name = os.path.basename(path)
        base = json.load(open(path, encoding="utf-8"))
        variants = {}
        for kind, doc in (("plain", {k: v for k, v in base.items()}), ("filing", with_filing(base)),
                          ("stripped", stripped(base))):
            if kind == "plain":
                doc = copy.deepcopy(base); doc["dxcheck"].pop("filing", None)
            p = os.path.join(work, f"{kind}-{name}")
            json.dump(doc, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
            decision = decision_of(dx, p)
            if decision is None:
                fail(f"{kind} {name}", "the variant does not check"); continue
            out = os.path.join(work, f"v-{kind}-{name}")
            # --all: every drafted obligation, satisfied or not (the samples' PIPIAs are done).
            rc, text, files = forms_of(dx, p, out, ["--format", "json", "--all"])
            if rc != 0:
                fail(f"{kind} {name}", text[-300:]); continue
            forms = {f[:-5]: json.load(open(os.path.join(out, f), encoding="utf-8")) for f in files}
            for fid, form in forms.items():
                walk_form(f"{kind} {name} {fid}", form, doc, decision)
                if kind == "stripped":
                    # Only what the stripped manifest or the decision states is filled.
                    for s in form["sections"]:
                        for f in s["fields"]:
                            if f.get("hint", "").startswith("dxcheck.filing") and f["state"] == "filled":
                                fail(f"stripped {name}", f"{fid}/{f['id']} filled without dxcheck.filing")
            variants[kind] = (doc, forms)
        if set(variants) != {"plain", "filing", "stripped"}:
            continue
        plain, filled = variants["plain"][1], variants["filing"][1]
        if sorted(plain) != sorted(filled):
            fail(name, f"dxcheck.filing changed which drafts: {sorted(plain)} vs {sorted(filled)}"); continue
        fdoc = variants["filing"][0]
        for fid in plain:
            covered.add(fid)
            pf = {(s["id"], f["id"]): f for s in plain[fid]["sections"] for f in s["fields"]}
            ff = {(s["id"], f["id"]): f for s in filled[fid]["sections"] for f in s["fields"]}
            if list(pf) != list(ff):
                fail(f"{name} {fid}", "the fields differ with dxcheck.filing"); continue
            from_filing = 0
            for key, a in pf.items():
                b = ff[key]
                if a.get("hint", "").startswith("dxcheck.filing"):
                    # Without the filing: to be completed, naming the key; with it: filled from it.
                    vals = b["value"] if isinstance(b.get("value"), list) else [b]
                    if a["state"] != "to_be_completed" or b["state"] != "filled" or not all(
                            v["source"].startswith("/dxcheck/filing") for v in vals):
                        fail(f"{name} {fid}", f"{key}: {a['state']} without the filing, {b} with it")
                        continue
                    for v in vals:
                        if pointer_get(fdoc, v["source"]) != v["value"]:
                            fail(f"{name} {fid}", f"{key}: {v['value']!r} is not the filing's")
                    from_filing += 1
                elif a != b:
                    fail(f"{name} {fid}", f"{key} changed with dxcheck.filing: {a} -> {b}")
            if from_filing == 0 and fid != "ftz_filing" and fid != "hgr_prior_report":
                fail(f"{name} {fid}", "no field is filled from dxcheck.filing")
        print(f"ok   {name}: with dxcheck.filing {sorted(filled)} filled from it, without it marked 待填写, "
              f"the rest unchanged; stripped: nothing invented")
    missing = set(DRAFTED) - covered
    if missing:
        fail("coverage", f"no sample produced the drafts {sorted(missing)}")
    else:
        print(f"ok   every draft kind produced by a sample: {sorted(covered)}")

    # 3. The command line.
    contract = os.path.join(ROOT, "samples", "wgs-academic-collaboration.json")
    d = os.path.join(work, "cli"); os.makedirs(d)
    dec = os.path.join(d, "decision.json")
    expect("check --out decision.json", [dx, "check", contract, "--out", dec] + AT, 10)
    out = os.path.join(d, "a")
    expect("forms --decision (a matching decision)", [dx, "forms", contract, "--decision", dec, "--out", out], 0,
           "standard_contract_filing.html")
    ref = sorted(os.listdir(out))
    rc, _, files = forms_of(dx, contract, os.path.join(d, "b"))
    same = files == ref and all(open(os.path.join(d, "b", f), "rb").read() == open(os.path.join(out, f), "rb").read()
                                for f in files)
    print("ok   forms --decision D gives the same drafts as forms --at D's date" if same else "FAIL --decision differs")
    if not same:
        failures.append("--decision same")
    other = os.path.join(d, "other.json")
    expect("check another manifest", [dx, "check", os.path.join(ROOT, "samples", "pv-icsr-global-safety.json"), "--out", other] + AT, 20)
    expect("forms --decision of another manifest: 65", [dx, "forms", contract, "--decision", other, "--out", os.path.join(d, "c")],
           65, "is not what")
    expect("forms --decision with --at: 64", [dx, "forms", contract, "--decision", dec, "--at", "2026-12-01"], 64)
    notdec = os.path.join(d, "notdec.json")
    open(notdec, "w").write('{"verdict": "free_flow"}')
    expect("forms --decision that is no decision: 65", [dx, "forms", contract, "--decision", notdec, "--out", os.path.join(d, "nd")],
           65, "not a dxcheck decision")
    expect("forms --out under a missing folder: 74", [dx, "forms", contract, "--out", os.path.join(d, "missing", "sub")] + AT,
           74, "cannot create")
    expect("keygen", [dx, "keygen", "--out", os.path.join(d, "k")], 0)
    signed = os.path.join(d, "decision.dsse.json")
    expect("check --sign", [dx, "check", contract, "--sign", os.path.join(d, "k.key"), "--out", signed] + AT, 10)
    expect("forms --decision ENVELOPE", [dx, "forms", contract, "--decision", signed, "--out", os.path.join(d, "e")], 0)
    rc, _, files = forms_of(dx, contract, os.path.join(d, "j"), ["--format", "json"])
    if files != sorted(f for f in ref if f.endswith(".json")):
        fail("--format json", files)
    rc, _, files = forms_of(dx, contract, os.path.join(d, "h"), ["--format", "html"])
    if files != sorted(f for f in ref if f.endswith(".html")):
        fail("--format html", files)
    open(os.path.join(d, "afile"), "w").write("x")
    expect("--out that is a file: 74", [dx, "forms", contract, "--out", os.path.join(d, "afile")] + AT, 74, "not a directory")
    # An input is never overwritten: a manifest named like a draft, in the output directory.
    clob = os.path.join(d, "clob"); os.makedirs(clob)
    victim = os.path.join(clob, "standard_contract_filing.json")
    shutil.copy(contract, victim)
    before = open(victim, "rb").read()
    expect("forms never overwrites its input: 74", [dx, "forms", victim, "--out", clob] + AT, 74)
    if open(victim, "rb").read() != before:
        fail("clobber", "the input manifest was overwritten")
    bad = os.path.join(d, "bad.json")
    m = json.load(open(contract, encoding="utf-8")); m["dxcheck"]["filing"] = {"transferMetod": "x"}
    json.dump(m, open(bad, "w", encoding="utf-8"))
    expect("an unknown filing key: 65, named", [dx, "forms", bad, "--out", os.path.join(d, "x")] + AT, 65, "/dxcheck/filing/transferMetod")
    expect("a missing manifest: 66", [dx, "forms", os.path.join(d, "nope.json")] + AT, 66)
    expect("a bad --format: 64", [dx, "forms", contract, "--format", "pdf"] + AT, 64)
    expect("forms --help teaches", [dx, "forms", "--help"], 0, "待填写")
    expect("no open obligation: nothing written", [dx, "forms", os.path.join(ROOT, "samples", "manufacturing-batch-records.json"),
                                                   "--out", os.path.join(d, "none")] + AT, 0, "nothing written")

    # 4. Bundles: pack --forms binds the drafts; tampering is named.
    b = os.path.join(d, "forms.tar")
    expect("pack --forms", [db, "pack", "--manifest", contract, "--forms", "--sign", os.path.join(d, "k.key"), "--out", b] + AT, 0)
    expect("verify a bundle with drafts", [db, "verify", b, "--key", os.path.join(d, "k.pub")], 0, "data/forms/standard_contract_filing.html")
    with tarfile.open(b) as t:
        files = {m.name: t.extractfile(m).read() for m in t.getmembers() if m.isfile()}
    root = next(iter(files)).split("/")[0] + "/"
    bundled = sorted(n[len(root) + len("data/forms/"):] for n in files if n.startswith(root + "data/forms/"))
    if bundled != ref:
        fail("pack --forms", f"data/forms holds {bundled}, dxcheck forms wrote {ref}")
    elif any(files[root + "data/forms/" + f] != open(os.path.join(out, f), "rb").read() for f in ref):
        fail("pack --forms", "a bundled draft differs from dxcheck forms' output")
    else:
        print(f"ok   pack --forms: data/forms/ holds exactly the {len(ref)} files dxcheck forms writes, byte for byte")
    if b"the filing drafts under data/forms/" not in files[root + "VERIFY.md"]:
        fail("VERIFY.md", "a bundle with drafts does not say that they are regenerated and compared")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bundle import rehash, write_tar
    def forged(label, edit, contains):
        fs = dict(files)
        edit(fs)
        rehash(fs, root)
        p = os.path.join(d, "forged.tar")
        write_tar(p, fs)
        expect(f"verify: {label}", [db, "verify", p, "--key", os.path.join(d, "k.pub")], 1, contains)
    html = root + "data/forms/standard_contract_filing.html"
    forged("a tampered draft is INVALID, named", lambda fs: fs.update({html: fs[html].replace("待填写".encode(), "已填写".encode(), 1)}),
           "data/forms/standard_contract_filing.html: differs")
    js = root + "data/forms/hgr_prior_report.json"
    forged("a removed draft is INVALID, named", lambda fs: fs.pop(js), "data/forms/hgr_prior_report.json is missing")
    forged("an extra draft is INVALID, named", lambda fs: fs.update({root + "data/forms/security_assessment.html": b"<p>x</p>"}),
           "data/forms/security_assessment.html: not bound")

    # 5. A real browser: print every HTML draft to PDF, read the text back.
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pdftotext = shutil.which("pdftotext")
    if chromium is None or pdftotext is None:
        fail("browser", "chromium and pdftotext (poppler-utils) are needed: tools/install-deps.sh --test")
    else:
        rc, fonts = run(["fc-list", ":lang=zh"])
        if not fonts.strip():
            fail("CJK font", "no Chinese font (fc-list :lang=zh): install fonts-wqy-zenhei (tools/install-deps.sh --test)")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + os.path.join(work, "chrome-profile"), "--no-pdf-header-footer"]
        seen, kinds_printed = set(), set()
        printed = 0
        for html_path, manifest, form in html_drafts:
            if form["form"] in seen and printed >= 6:
                continue  # each kind once, at least six in all: Chromium is slow on a shared machine
            seen.add(form["form"])
            pdf = html_path[:-5] + ".pdf"
            rc, msg = run([chromium] + flags + ["--print-to-pdf=" + pdf, "file://" + html_path])
            if rc != 0 or not os.path.exists(pdf):
                fail("print " + html_path, msg[-300:]); continue
            rc, text = run([pdftotext, pdf, "-"])  # reading order: a wrapped cell stays together
            flat = re.sub(r"\s+", "", text)
            wants = [form["title"]["zh"], "待填写" if form["toBeCompleted"] else form["title"]["zh"], form["transfer"]["transferId"]]
            for s in form["sections"]:
                wants.append(s["title"]["zh"])
                for f in s["fields"]:
                    if f["state"] != "filled":
                        continue
                    vals = f["value"] if isinstance(f.get("value"), list) else [f]
                    for v in vals:
                        if isinstance(v["value"], bool):
                            wants.append("是" if v["value"] else "否")
                        elif isinstance(v["value"], (int, str)) and len(str(v["value"])) < 200:
                            wants.append(str(v["value"]))
            missing = [w for w in wants if re.sub(r"\s+", "", w) not in flat]
            if missing:
                fail("pdf " + os.path.relpath(html_path, work), f"the printed text lacks {missing[:5]}")
            else:
                printed += 1
                kinds_printed.add(form["form"])
                print(f"ok   {os.path.relpath(html_path, work)} printed to PDF by Chromium: {len(wants)} values and "
                      f"{text.count('待填写')} 待填写 markers in pdftotext's text")
            pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
            if "(A4)" not in pages:
                fail("A4 " + html_path, re.findall(r"Page size:.*", pages))
        if kinds_printed != set(DRAFTED):
            fail("PDF", f"kinds never printed and read back: {sorted(set(DRAFTED) - kinds_printed)}")
        if shot:
            target = next((h for h, _, f in html_drafts if f["form"] == "standard_contract_filing"), None)
            png = os.path.join(work, "form.png")
            run([chromium] + flags + ["--window-size=1100,1500", "--screenshot=" + png, "file://" + target])
            if os.path.exists(png) and os.path.getsize(png) > 10000:
                shutil.copy(png, shot); print(f"ok   screenshot {shot}")
            else:
                fail("screenshot", "none written")
    print("FAILED: " + ", ".join(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
