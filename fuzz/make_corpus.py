#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT/<target>/, generated from
the repository's own test inputs (nothing binary is committed):

  manifest_fuzzer       samples/*.json, tests/bad_inputs/*.json, the base manifests of rules/tests
  list_fuzzer           rules/*.json, tests/bad_inputs' bad lists
  envelope_fuzzer       each sample checked and signed (Ed25519, P-256, SM2) with fuzz-only keys
  bundle_fuzzer,        each sample packed by dxbundle with the Ed25519 fuzz key, .tar
  inspect_fuzzer          (and one .tar.gz)
  signed_bundle_fuzzer  the same bundles unsealed (see signed_bundle_fuzzer.cc): manifest, lists and
                        the decoded statement with every file digest as "@sha256:<path>@"
  data_fuzzer           an options byte (see data_fuzzer.cc) and a data file: samples/clinical-csv's
                        CSVs as CSV, TSV, GB18030, header-less, JSON Lines and with quotes; with
                        --make-test-data, the XPT, sas7bdat, sav, dta and VCF files it writes

The fuzz-only keys are made here with `dxcheck keygen` into OUT/keys/ (never used
anywhere else). usage: make_corpus.py --source DIR --dxcheck BIN --dxbundle BIN --out DIR [--make-test-data BIN]"""
import argparse, base64, csv, glob, gzip, hashlib, io, json, os, shutil, subprocess, sys, tarfile, tempfile

AT = "2026-12-01"


def run(cmd, ok=(0, 5, 10, 20, 30)):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in ok:
        sys.exit("make_corpus: %s exited %d\n%s" % (" ".join(cmd), p.returncode, p.stderr))


def copy(files, dest):
    os.makedirs(dest, exist_ok=True)
    for f in files:
        shutil.copyfile(f, os.path.join(dest, os.path.basename(f)))


def unsealed(bundle):
    """The bundle as signed_bundle_fuzzer's input: '=== <path>' sections, bag files
    the harness writes itself left out, the statement decoded, digests as placeholders."""
    with tarfile.open(bundle) as t:
        files = {}
        for m in t.getmembers():
            if m.isfile():
                files[m.name.split("/", 1)[1]] = t.extractfile(m).read()
    env = json.loads(files.pop("data/decision.dsse.json"))
    statement = base64.b64decode(env["payload"])
    keep = {p: d for p, d in files.items() if p.startswith(("data/manifest/", "data/rules/"))}
    for path, data in keep.items():
        statement = statement.replace(hashlib.sha256(data).hexdigest().encode(), b"@sha256:" + path.encode() + b"@")
    keep["data/statement.json"] = statement
    return b"\n".join(b"=== " + p.encode() + b"\n" + d for p, d in sorted(keep.items()))


def data_seeds(src, dest, make_test_data):
    """data_fuzzer's seeds: its options byte (format in bits 0-2: csv tsv jsonl xpt sas7bdat sav
    dta vcf; bit 3 gb18030; bit 4 no header) before each file."""
    os.makedirs(dest)

    def seed(name, options, data):
        with open(os.path.join(dest, name), "wb") as f:
            f.write(bytes([options]) + data)

    for path in sorted(glob.glob(os.path.join(src, "samples", "clinical-csv", "*.csv"))):
        name = os.path.splitext(os.path.basename(path))[0]
        text = open(path, encoding="utf-8").read()
        rows = list(csv.reader(io.StringIO(text)))
        seed(name + ".csv", 0, text.encode())
        seed(name + ".tsv", 1, "\n".join("\t".join(r) for r in rows).encode() + b"\n")
        seed(name + ".gb18030.csv", 8, text.replace("CHN", "中国").encode("gb18030"))
        seed(name + ".noheader.csv", 16, text.split("\n", 1)[1].encode())
        seed(name + ".jsonl", 2, "".join(json.dumps(dict(zip(rows[0], r)), ensure_ascii=False) + "\n"
                                          for r in rows[1:]).encode())
        quoted = io.StringIO()
        w = csv.writer(quoted, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        for r in rows:
            w.writerow([v + ' "x"' if i == 2 else v for i, v in enumerate(r)])
        seed(name + ".quoted.csv", 0, quoted.getvalue().encode())
    if make_test_data:
        with tempfile.TemporaryDirectory() as tmp:
            run([make_test_data, tmp, "12"], ok=(0,))
            for f, options in (("dm.xpt", 3), ("dm.sas7bdat", 4), ("truncated.sas7bdat", 4), ("dm.sav", 5),
                               ("dm.dta", 6), ("calls.vcf.gz", 7), ("truncated.vcf.gz", 7)):
                seed(f, options, open(os.path.join(tmp, f), "rb").read())
            seed("calls.vcf", 7, gzip.decompress(open(os.path.join(tmp, "calls.vcf.gz"), "rb").read()))


def main():
    ap = argparse.ArgumentParser()
    for a in ("--source", "--dxcheck", "--dxbundle", "--out"):
        ap.add_argument(a, required=True)
    ap.add_argument("--make-test-data")
    a = ap.parse_args()
    src, out = a.source, a.out
    shutil.rmtree(out, ignore_errors=True)
    keys = os.path.join(out, "keys")
    os.makedirs(keys)
    samples = sorted(glob.glob(os.path.join(src, "samples", "*.json")))
    bad = sorted(glob.glob(os.path.join(src, "tests", "bad_inputs", "*.json")))

    copy(samples + bad, os.path.join(out, "manifest_fuzzer"))
    for t in sorted(glob.glob(os.path.join(src, "rules", "tests", "*.test.json"))):
        base = json.load(open(t, encoding="utf-8")).get("base")
        if base is not None:
            with open(os.path.join(out, "manifest_fuzzer", "base-" + os.path.basename(t)), "w") as f:
                json.dump(base, f, ensure_ascii=False, indent=1)

    copy(sorted(glob.glob(os.path.join(src, "rules", "*.json"))) + [os.path.join(src, "tests", "bad_inputs", "bad-list.json")],
         os.path.join(out, "list_fuzzer"))

    env_dir = os.path.join(out, "envelope_fuzzer")
    os.makedirs(env_dir)
    for alg in ("ed25519", "p256", "sm2"):
        run([a.dxcheck, "keygen", "--alg", alg, "--out", os.path.join(keys, alg)], ok=(0,))
    for i, s in enumerate(samples):
        alg = ("ed25519", "p256", "sm2")[i % 3]
        name = os.path.splitext(os.path.basename(s))[0]
        run([a.dxcheck, "check", s, "--at", AT, "--sign", os.path.join(keys, alg + ".key"),
             "--out", os.path.join(env_dir, name + "." + alg + ".dsse.json")])

    tars = os.path.join(out, "bundle_fuzzer")
    os.makedirs(tars)
    for i, s in enumerate(samples):
        name = os.path.splitext(os.path.basename(s))[0]
        run([a.dxbundle, "pack", "--manifest", s, "--sign", os.path.join(keys, "ed25519.key"), "--at", AT,
             "--out", os.path.join(tars, name + (".tar.gz" if i == 0 else ".tar"))], ok=(0,))
    shutil.copytree(tars, os.path.join(out, "inspect_fuzzer"))
    sealed = os.path.join(out, "signed_bundle_fuzzer")
    os.makedirs(sealed)
    for b in sorted(glob.glob(os.path.join(tars, "*.tar"))):
        with open(os.path.join(sealed, os.path.basename(b)[:-4] + ".bag"), "wb") as f:
            f.write(unsealed(b))
    data_seeds(src, os.path.join(out, "data_fuzzer"), a.make_test_data)
    for d in sorted(os.listdir(out)):
        if d != "keys":
            n = os.listdir(os.path.join(out, d))
            size = sum(os.path.getsize(os.path.join(out, d, f)) for f in n)
            print("make_corpus: %-22s %3d seeds, %7d bytes" % (d, len(n), size))


if __name__ == "__main__":
    main()
