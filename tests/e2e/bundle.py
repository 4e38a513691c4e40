#!/usr/bin/env python3
"""End-to-end tests of dxbundle: pack -> verify for each algorithm, determinism, sampled single-byte
flips across every member of the tar, files added / removed / renamed, a decision that no longer
reproduces (list edited, manifest edited, each re-hashed in the bag), the archive-trick corpus, an
independent BagIt check (sha256sum -c on both manifests of the extracted bag), inspect, and the report
in headless Chromium (text a reader sees, and a screenshot).
usage: bundle.py DXCHECK DXBUNDLE WORKDIR [SCREENSHOT_OUT]"""
import base64, gzip, hashlib, io, json, os, random, shutil, subprocess, sys, tarfile

import bundle_forgery
import canonical_tar
from certs import Certs
from harness import expect, failures, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "samples", "hospital-rwd-beijing-ftz.json")

def members(path):
    with tarfile.open(path) as t:
        return {m.name: (t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()}

def write_tar(path, files, extra=None):
    """files: name -> bytes, as dxbundle pack writes them (canonical_tar.py), so a forged bag reaches
    the checks behind "canonical archive"; extra(tarfile) adds trick entries to a tarfile-written one."""
    if extra is None:
        canonical_tar.write(path, files)
        return
    with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as t:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size = len(files[name]); info.mtime = 946684800
            t.addfile(info, io.BytesIO(files[name]))
        if extra:
            extra(t)

def rehash(files, root):
    """Recompute both BagIt manifests after an edit, as a forger would."""
    pay = "".join(f"{hashlib.sha256(d).hexdigest()}  {n[len(root):]}\n" for n, d in sorted(files.items())
                  if n[len(root):].startswith("data/"))
    files[root + "manifest-sha256.txt"] = pay.encode()
    payload = [d for n, d in files.items() if n[len(root):].startswith("data/")]
    info = files[root + "bag-info.txt"].decode()
    import re
    info = re.sub(r"Payload-Oxum: \S+", f"Payload-Oxum: {sum(map(len, payload))}.{len(payload)}", info)
    files[root + "bag-info.txt"] = info.encode()
    tags = "".join(f"{hashlib.sha256(files[root + n]).hexdigest()}  {n}\n"
                   for n in sorted(["bag-info.txt", "bagit.txt", "manifest-sha256.txt", "VERIFY.md"]))
    files[root + "tagmanifest-sha256.txt"] = tags.encode()

def make_chain(x, dx):
    """root -> intermediate -> leaf (digitalSignature, codeSigning) for a dxcheck key x/signer; and
    another root. Returns (chain.pem, root.crt, other_root.crt)."""
    c = Certs(x)  # fixed validity dates (certs.py says why)
    c.ext("leaf.ext", "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n")
    c.root("root", "/CN=root")
    c.root("other_root", "/CN=other_root")
    c.key("int")
    c.request("int.key", "/CN=Signing CA", "int.csr")
    c.issue("int.csr", "int.crt", "root", "ca.ext")
    expect("keygen for a certified signer", [dx, "keygen", "--out", os.path.join(x, "signer")], 0)
    c.request("signer.key", "/CN=Compliance Officer", "s.csr")
    c.issue("s.csr", "s.crt", "int", "leaf.ext")
    chain = os.path.join(x, "chain.pem")
    open(chain, "w").write(open(os.path.join(x, "s.crt")).read() + open(os.path.join(x, "int.crt")).read())
    return chain, os.path.join(x, "root.crt"), os.path.join(x, "other_root.crt")

def pack_names(dx, db, work, k, at):
    """Issue 10 #9: bundled files were keyed by base name (a --list named like a shipped list or
    categories.json overwrote it) and names with a backslash or newline broke the bag."""
    d = os.path.join(work, "names"); os.makedirs(d)
    hgr = open(os.path.join(ROOT, "rules", "cn-hgr.json"), encoding="utf-8").read()
    for sub, name, list_id in (("a", "cn-baseline.json", "my-hgr"), ("b", "categories.json", "other-hgr")):
        os.makedirs(os.path.join(d, sub))
        open(os.path.join(d, sub, name), "w", encoding="utf-8").write(hgr.replace('"id": "cn-hgr"', f'"id": "{list_id}"', 1))
    lists = ["--list", os.path.join(d, "a", "cn-baseline.json"), "--list", os.path.join(d, "b", "categories.json")]
    b = os.path.join(d, "lists.tar")
    expect("pack: --list files named like a shipped list and like the code list", [db, "pack", "--manifest", SAMPLE, "--sign",
           k + ".key", "--out", b] + lists + at, 0, "verified")
    out = expect("verify: both kept beside the shipped list and the code list", [db, "verify", b, "--key", k + ".pub"], 0, "VALID")
    for f in ("data/rules/my-hgr.json", "data/rules/other-hgr.json", "data/rules/cn-baseline.json", "data/rules/categories.json"):
        if "bound: " + f + ": sha256" not in out:
            failures.append("pack names " + f); print(f"FAIL pack: {f} not in the bundle")
    open(os.path.join(d, "c.json"), "w", encoding="utf-8").write(hgr.replace('"id": "cn-hgr"', '"id": "categories"', 1))
    expect("pack refuses a list whose id takes the code list's name", [db, "pack", "--manifest", SAMPLE, "--sign", k + ".key",
           "--list", os.path.join(d, "c.json"), "--out", os.path.join(d, "c.tar")] + at, 1, "list categories cannot be bundled")
    for label, name, why in (("a backslash", "back\\slash.json", "a backslash"), ("a newline", "new\nline.json", "a control character"),
                             ("a percent sign", "100%.json", "a percent sign")):
        m = os.path.join(d, name); shutil.copy(SAMPLE, m)
        out_path = os.path.join(d, "m.tar")
        expect(f"pack refuses a manifest name with {label}", [db, "pack", "--manifest", m, "--sign", k + ".key", "--out",
               out_path] + at, 1, "cannot name a file of a bag: " + why)
        if os.path.exists(out_path):
            failures.append("pack wrote " + label); print(f"FAIL pack wrote a bundle for a manifest name with {label}")
    # --decision with a --cert that is not the envelope's chain.
    env = os.path.join(d, "plain.dsse.json")
    expect("check --sign (no chain)", [dx, "check", SAMPLE, "--sign", k + ".key", "--out", env] + at, 5)
    expect("pack refuses a --cert the envelope does not carry", [db, "pack", "--manifest", SAMPLE, "--decision", env, "--key",
           k + ".pub", "--cert", os.path.join(work, "x509", "chain.pem"), "--out", os.path.join(d, "x.tar")], 1,
           "not the one the envelope carries")

def bag_root(transfer_id):
    """The bag's base directory dxbundle must give (bag_layout.h BagRootFor), computed independently."""
    keep = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    enc = "".join(chr(b) if b in keep else "%%%02X" % b for b in transfer_id.encode())
    if len(enc) > 80:
        head = 47
        if enc[head - 1] == "%": head -= 1
        if enc[head - 2] == "%": head -= 2
        enc = enc[:head] + "~" + hashlib.sha256(transfer_id.encode()).hexdigest()[:32]
    return "dxbundle-" + enc

def bag_names_and_dates(db, work, k, at):
    """Issue 12 #12, #13: a transfer id's bag name keeps distinct ids distinct (percent-encoding; a
    digest for long ids), pack says so when the file is not named after the bag (RFC 8493), and
    bag-info.txt says which date Bagging-Date is."""
    d = os.path.join(work, "ids"); os.makedirs(d)
    text = open(SAMPLE, encoding="utf-8").read()
    ids = ["数据出境-2026-001", "跨境传输-2026-001", "RWD 2026/1", "RWD_2026_1", "RWD%202026%2F1", "a~b",
           "L" * 40 + "数据" * 3 + "-1", "L" * 40 + "数据" * 3 + "-2"]
    roots = {}
    for i, tid in enumerate(ids):
        m = os.path.join(d, f"m{i}.json")
        open(m, "w", encoding="utf-8").write(text.replace('"transferId": "RWD-ONC-BJ-2026-3"', '"transferId": ' + json.dumps(tid, ensure_ascii=False), 1))
        want = bag_root(tid)
        out_path = os.path.join(d, want + ".tar.gz")
        out = expect(f"pack transfer id {tid!r}", [db, "pack", "--manifest", m, "--sign", k + ".key", "--out", out_path] + at, 0)
        if "RFC 8493 recommends" in out:
            failures.append("rfc8493 note " + tid); print(f"FAIL pack notes a misnamed file for {out_path}")
        got = {n.split("/")[0] for n in members(out_path)}
        if got != {want}:
            failures.append("bag root " + tid); print(f"FAIL transfer id {tid!r}: bag directory {got}, expected {want}")
        roots[tid] = want
        expect(f"verify transfer id {tid!r}", [db, "verify", out_path, "--key", k + ".pub"], 0, "VALID")
    if len(set(roots.values())) != len(ids) or any(len(r) > 9 + 80 for r in roots.values()):
        failures.append("bag roots distinct"); print(f"FAIL bag directories collide or are too long: {roots}")
    else:
        print(f"ok   {len(ids)} transfer ids (Chinese of equal length, '/', '%', '_', long ones) give {len(ids)} distinct bag directories")
    out = expect("pack: a file not named after the bag gets the RFC 8493 note",
                 [db, "pack", "--manifest", os.path.join(d, "m0.json"), "--sign", k + ".key", "--out", os.path.join(d, "transfer.tar")] + at,
                 0, "RFC 8493 recommends naming the file after it: " + roots[ids[0]] + ".tar")
    info = members(os.path.join(d, roots[ids[0]] + ".tar.gz"))[roots[ids[0]] + "/bag-info.txt"].decode()
    for line in ("Bagging-Date: 2026-12-01\n", "Evaluation-Date: 2026-12-01\n",
                 "Bagging-Date-Source: the evaluation date (evaluatedAt) of the signed decision, not the packing date"):
        if line not in info:
            failures.append("bag-info " + line); print(f"FAIL bag-info.txt lacks {line!r}:\n{info}")
    print("ok   bag-info.txt: Bagging-Date is the evaluation date and says so")

def bag_declarations(db, work, k, bundle):
    """Issue 12 #14: bagit.txt with CRLF (or CR) line endings is BagIt 1.0 (RFC 8493 lets text tag
    files end lines so) and verifies; what is really wrong with a declaration is named."""
    original = members(bundle)
    root = next(iter(original)).split("/")[0] + "/"
    good = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    cases = [("CRLF", good.replace(b"\n", b"\r\n"), 0, "bound: bagit.txt: BagIt 1.0, byte for byte but for its line endings"),
             ("CR", good.replace(b"\n", b"\r"), 0, "VALID"),
             ("CRLF then LF", b"BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\n", 0, "VALID"),
             ("a byte-order mark", b"\xef\xbb\xbf" + good, 1, "bag: bagit.txt: starts with a byte-order mark"),
             ("BagIt 0.97", good.replace(b"1.0", b"0.97"), 1,
              'bag: bagit.txt: line 1 is "BagIt-Version: 0.97", not "BagIt-Version: 1.0" (dxbundle reads BagIt 1.0)'),
             ("another encoding", good.replace(b"UTF-8", b"ISO-8859-1"), 1,
              'line 2 is "Tag-File-Character-Encoding: ISO-8859-1", not "Tag-File-Character-Encoding: UTF-8"'),
             ("no final line ending", good[:-1], 1, "bag: bagit.txt: its last line has no line ending (LF, CR or CRLF)"),
             ("a third line", good + b"Approved-By: CAC\r\n", 1, "bag: bagit.txt: 3 line(s); a bag declaration has exactly two"),
             ("one line", good.split(b"\n")[0] + b"\n", 1, "bag: bagit.txt: 1 line(s)")]
    for what, data, code, contains in cases:
        files = {n: v for n, v in original.items() if v is not None}
        files[root + "bagit.txt"] = data
        rehash(files, root)
        p = os.path.join(work, "decl.tar"); write_tar(p, files)
        expect(f"bagit.txt: {what}", [db, "verify", p, "--key", k + ".pub"], code, contains)

# What VERIFY.md's recipe may run: a POSIX shell's builtins, coreutils, tar (and the gzip it calls) and openssl.
RECIPE_TOOLS = ("tar", "gzip", "sha256sum", "mktemp", "head", "tail", "cut", "base64", "printf", "wc", "cat",
                "echo", "rm", "openssl")
SHELL_WORDS = {"cd", "for", "do", "done", "case", "esac", "in", "then", "fi"}

def recipe_of(verify_md):
    """The sh block of VERIFY.md's section 2, exactly as written."""
    section = verify_md.split("## 2. ", 1)[1].split("\n## 3. ", 1)[0]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]

def command_words(script):
    """The first word of every command of `script` (pipelines, lists, $(...), case arms), assignments skipped."""
    import re, shlex
    words = set()
    for line in script.splitlines():
        line = re.sub(r"\bfor \w+ in [^;]*;", "for;", line)  # a for loop's word list is not a command
        for seg in re.split(r"\$\(|\||;;|;|&&|\)|\sdo\s|\sin\s", line):
            try:
                toks = shlex.split(seg, posix=True)
            except ValueError:
                toks = seg.split()
            toks = [t for t in toks if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", t)]
            if toks and not toks[0].startswith("*") and not toks[0].startswith("<") and not toks[0].startswith(">"):
                words.add(toks[0])
    return words

def run_recipe(name, bundle, pub, work, edit=None):
    """Runs the recipe of `bundle`'s VERIFY.md with sh -ev in a fresh directory holding the bundle (named
    after its bag, as the recipe expects) and `pub` as signer.pub, PATH holding only RECIPE_TOOLS."""
    d = os.path.join(work, "recipe-" + name); shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
    files = members(bundle)
    root = next(iter(files)).split("/")[0]
    md = files[root + "/VERIFY.md"].decode()
    if edit:
        files = {n: v for n, v in files.items() if v is not None}; edit(files, root + "/")
        canonical_tar.write(os.path.join(d, root + ".tar.gz"), files)
    else:
        shutil.copy(bundle, os.path.join(d, root + ".tar.gz"))
    shutil.copy(pub, os.path.join(d, "signer.pub"))
    bindir = os.path.join(d, ".bin"); os.makedirs(bindir)
    for tool in RECIPE_TOOLS:
        path = shutil.which(tool)
        if path: os.symlink(path, os.path.join(bindir, tool))
    script = recipe_of(md)
    open(os.path.join(d, ".recipe.sh"), "w").write(script)
    p = subprocess.run([shutil.which("sh"), "-ev", ".recipe.sh"], cwd=d, capture_output=True, text=True,
                       env={"PATH": bindir, "LC_ALL": "C", "TMPDIR": d}, stdin=subprocess.DEVNULL, timeout=120)
    return p.returncode, p.stdout + p.stderr, script, root, files

def verify_md_recipe(alg, bundle, pub, other_pub, work):
    rc, out, script, root, files = run_recipe(alg, bundle, pub, work)
    words = command_words(script)
    unknown = words - set(RECIPE_TOOLS) - SHELL_WORDS
    if unknown or "python" in script:
        failures.append("recipe tools " + alg); print(f"FAIL VERIFY.md ({alg}) runs more than coreutils + openssl: {sorted(unknown)}")
    lines = [l for l in script.splitlines() if l.strip()]
    echoed = [l for l in out.splitlines() if l in lines]
    want_sig = "Verified OK" if alg == "p256" else "Signature Verified Successfully"
    signed = sorted(n[len(root) + 1:] for n in files if n.startswith(root + "/data/manifest/") or
                    (n.startswith(root + "/data/rules/") and n.endswith(".json")))
    problems = []
    if rc != 0: problems.append(f"exit {rc}")
    if echoed != lines: problems.append(f"ran {len(echoed)} of its {len(lines)} lines")
    if want_sig not in out: problems.append("no " + want_sig)
    if "OK" not in out or "FAILED" in out: problems.append("sha256sum -c")
    for f in signed:
        if "signed: " + f not in out: problems.append("no 'signed: " + f + "'")
    if "NOT SIGNED: data/" in out or '"_type":"https://in-toto.io/Statement/v1"' not in out: problems.append("payload")
    if len(signed) < 3: problems.append("too few files looked up")
    if problems:
        failures.append("recipe " + alg); print(f"FAIL VERIFY.md recipe ({alg}), run line by line: {problems}\n  " + out[-900:])
    else:
        print(f"ok   VERIFY.md recipe ({alg}) run as written, all {len(lines)} lines, PATH = sh builtins + coreutils + tar + openssl: "
              f"signature verified, {len(signed)} files signed")
    # The recipe fails when it should: another key; a list edited and re-hashed in the bag.
    rc, out, *_ = run_recipe(alg + "-wrong-key", bundle, other_pub, work)
    if rc == 0 or want_sig in out:
        failures.append("recipe wrong key " + alg); print(f"FAIL VERIFY.md recipe ({alg}) accepts another key: exit {rc}")
    def edit(f, r):
        n = r + "data/rules/bj-ftz-2024-pharma.json"
        f[n] = f[n].replace(b'"gte": 100000}', b'"gte": 3000}'); rehash(f, r)
    rc, out, *_ = run_recipe(alg + "-forged-list", bundle, pub, work, edit)
    if "NOT SIGNED: data/rules/bj-ftz-2024-pharma.json" not in out or "signed: data/rules/cn-baseline.json" not in out:
        failures.append("recipe forged list " + alg); print(f"FAIL VERIFY.md recipe ({alg}) does not flag a re-hashed list\n  " + out[-600:])
    else:
        print(f"ok   VERIFY.md recipe ({alg}): another key fails at openssl, a re-hashed list is NOT SIGNED")

def canonical_envelope(e):
    """The envelope's bytes as dxcheck writes them (attest/dsse.cc), so an edit of one member keeps
    the layout and reaches the checks behind it."""
    out = '{\n  "payloadType": ' + json.dumps(e["payloadType"]) + ',\n  "payload": "' + e["payload"] + '",\n  "signatures": ['
    out += ",".join('\n    {"keyid": ' + json.dumps(s["keyid"]) + ', "sig": "' + s["sig"] + '"}' for s in e["signatures"]) + "\n  ]"
    if e.get("x509CertificateChain"):
        out += ',\n  "x509CertificateChain": [' + ", ".join('"' + c + '"' for c in e["x509CertificateChain"]) + "]"
    return (out + "\n}\n").encode()


def container_and_binding_cases(dx, db, work, t1, k, tc, roots, other_root):
    """What rides beside the files (the tar and gzip container, an extra certificate, a subject's
    name or annotation, an empty registry): each made VALID bundles before it was checked."""
    d = os.path.join(work, "container"); os.makedirs(d)
    files = {n: v for n, v in members(t1).items() if v is not None}
    root = next(iter(files)).split("/")[0] + "/"
    if canonical_tar.tar_bytes(files) != open(t1, "rb").read():
        failures.append("canonical_tar"); print("FAIL canonical_tar.py does not write pack's bytes: the forgeries below test nothing")
    else:
        print("ok   canonical_tar.py writes a packed bundle's bytes back, byte for byte")
    key = ["--key", k + ".pub"]
    def tarfile_written(name, fmt=tarfile.GNU_FORMAT, extra=None, pax=None):
        p = os.path.join(d, name)
        with tarfile.open(p, "w", format=fmt, pax_headers=pax or {}) as t:
            for n in sorted(files):
                info = tarfile.TarInfo(n); info.size = len(files[n]); info.mtime = 946684800
                t.addfile(info, io.BytesIO(files[n]))
            if extra: extra(t)
        return p
    expect("the same files re-tarred (GNU format) are INVALID", [db, "verify", tarfile_written("gnu.tar")] + key, 1,
           "FAIL  canonical archive: the tar differs from the canonical tar of its own files")
    def dir_entry(t):
        info = tarfile.TarInfo(root + "data/extra"); info.type = tarfile.DIRTYPE; t.addfile(info)
    expect("a directory entry is INVALID", [db, "verify", tarfile_written("dir.tar", tarfile.USTAR_FORMAT, dir_entry)] + key, 1,
           "FAIL  canonical archive")
    expect("pax records (a hidden comment) are INVALID",
           [db, "verify", tarfile_written("pax.tar", tarfile.PAX_FORMAT, pax={"comment": "x" * 1500})] + key, 1,
           "FAIL  canonical archive")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="bundle.tar", mode="wb", fileobj=buf, mtime=1700000000) as g:
        g.write(canonical_tar.tar_bytes(files))
    gz = os.path.join(d, "named.tar.gz"); open(gz, "wb").write(buf.getvalue())
    expect("a gzip header with a name and a timestamp is INVALID", [db, "verify", gz] + key, 1,
           "FAIL  canonical archive: gzip header carries a name")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=1700000000) as g:
        g.write(canonical_tar.tar_bytes(files))
    gz = os.path.join(d, "timed.tar.gz"); open(gz, "wb").write(buf.getvalue())
    expect("a gzip header with only a timestamp is INVALID", [db, "verify", gz] + key, 1,
           "FAIL  canonical archive: gzip header carries a timestamp")
    # An empty registry is a registry that pins nothing, not "no registry".
    reg = os.path.join(d, "empty-registry.txt"); open(reg, "w").close()
    expect("an empty --lists-registry pins nothing: INVALID", [db, "verify", t1, "--lists-registry", reg] + key, 1,
           "FAIL  list registry: the code list (data/rules/categories.json) is not in the registry")
    # A certificate off the verified path, added to the envelope's chain and to chain.pem.
    cfiles = {n: v for n, v in members(tc).items() if v is not None}
    croot = next(iter(cfiles)).split("/")[0] + "/"
    env = json.loads(cfiles[croot + "data/decision.dsse.json"])
    if canonical_envelope(env) != cfiles[croot + "data/decision.dsse.json"]:
        failures.append("canonical_envelope"); print("FAIL canonical_envelope() does not give the packed envelope's bytes")
    pem = open(other_root).read()
    der_b64 = "".join(l for l in pem.splitlines() if l and not l.startswith("-----"))
    env["x509CertificateChain"] = env["x509CertificateChain"] + [der_b64]
    cfiles[croot + "data/decision.dsse.json"] = canonical_envelope(env)
    cfiles[croot + "data/keys/chain.pem"] = cfiles[croot + "data/keys/chain.pem"] + pem.encode()
    rehash(cfiles, croot)
    xc = os.path.join(d, "extra-cert.tar"); canonical_tar.write(xc, cfiles)
    expect("a certificate off the chain's path is INVALID", [db, "verify", xc, "--ca", roots], 1,
           "FAIL  certificate chain")
    open(os.path.join(d, "extra-cert.dsse.json"), "wb").write(canonical_envelope(env))
    expect("dxcheck verify: a certificate off the chain's path is INVALID, named",
           [dx, "verify", os.path.join(d, "extra-cert.dsse.json"), "--ca", roots], 1, "certificate 3 of the chain")
    # A subject's annotation changed and the statement signed again with the signer's own key: the
    # digests and the decision still match, the statement does not.
    env = json.loads(files[root + "data/decision.dsse.json"])
    st = json.loads(base64.b64decode(env["payload"]))
    st["subject"][1]["annotations"]["dxcheck.verified"] = True
    payload = json.dumps(st, ensure_ascii=False, separators=(",", ":")).encode()
    ptype = env["payloadType"].encode()
    pae = b"DSSEv1 %d %s %d %s" % (len(ptype), ptype, len(payload), payload)
    open(os.path.join(d, "pae.bin"), "wb").write(pae)
    sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", k + ".key", "-in", os.path.join(d, "pae.bin")],
                         capture_output=True)
    if sig.returncode != 0:
        failures.append("openssl pkeyutl"); print("FAIL openssl pkeyutl -sign:", sig.stderr.decode()[:200]); return
    env["payload"] = base64.b64encode(payload).decode()
    env["signatures"][0]["sig"] = base64.b64encode(sig.stdout).decode()
    resigned = os.path.join(d, "resigned.dsse.json"); open(resigned, "wb").write(canonical_envelope(env))
    manifest = os.path.join(d, "manifest.json"); open(manifest, "wb").write(
        next(v for n, v in files.items() if "/data/manifest/" in n))
    expect("a subject annotation signed but not made by the check is INVALID",
           [dx, "verify", resigned, "--key", k + ".pub", "--manifest", manifest], 1,
           "FAIL  statement: the signed statement differs from the one the re-evaluated decision gives at /subject/1/annotations")


def main():
    dx, db, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shot = sys.argv[4] if len(sys.argv) > 4 else None
    shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
    at = ["--at", "2026-12-01"]
    bundles = {}
    for alg in ("ed25519", "p256", "sm2"):
        k = os.path.join(work, alg)
        expect(f"keygen {alg}", [dx, "keygen", "--alg", alg, "--out", k], 0)
        env = os.path.join(work, alg + ".dsse.json")
        expect(f"check --sign {alg}", [dx, "check", SAMPLE, "--sign", k + ".key", "--out", env] + at, 5)
        b = os.path.join(work, alg + ".tar.gz")
        expect(f"pack {alg}", [db, "pack", "--manifest", SAMPLE, "--decision", env, "--key", k + ".pub", "--out", b], 0)
        expect(f"verify {alg}", [db, "verify", b, "--key", k + ".pub"], 0, "VALID")
        bundles[alg] = b
    k = os.path.join(work, "ed25519")
    # pack runs the check itself with --sign; plain tar too.
    t1, t2 = os.path.join(work, "a.tar"), os.path.join(work, "b.tar")
    expect("pack --sign (the check runs in dxbundle)", [db, "pack", "--manifest", SAMPLE, "--sign", k + ".key", "--out", t1] + at, 0)
    expect("pack --sign again", [db, "pack", "--manifest", SAMPLE, "--sign", k + ".key", "--out", t2] + at, 0)
    h1, h2 = (hashlib.sha256(open(p, "rb").read()).hexdigest() for p in (t1, t2))
    g1 = os.path.join(work, "again.tar.gz")
    expect("pack .tar.gz again", [db, "pack", "--manifest", SAMPLE, "--decision", os.path.join(work, "ed25519.dsse.json"),
                                  "--key", k + ".pub", "--out", g1], 0)
    g0 = hashlib.sha256(open(bundles["ed25519"], "rb").read()).hexdigest()
    if h1 != h2 or g0 != hashlib.sha256(open(g1, "rb").read()).hexdigest():
        failures.append("determinism"); print("FAIL determinism: two packs differ")
    else:
        print(f"ok   determinism: two packs identical (tar sha256 {h1[:16]}…, tar.gz {g0[:16]}…)")
    expect("pack refuses a decision that does not verify with the key",
           [db, "pack", "--manifest", SAMPLE, "--decision", os.path.join(work, "ed25519.dsse.json"), "--key",
            os.path.join(work, "p256.pub"), "--out", os.path.join(work, "x.tar")], 1, "does not verify")
    expect("verify with the wrong key", [db, "verify", t1, "--key", os.path.join(work, "p256.pub")], 1, "wrong algorithm")
    expect("inspect", [db, "inspect", t1], 0, "verdict:     free_flow")
    open(os.path.join(work, "junk.tar"), "wb").write(b"\0" * 1024 + b"junk")
    expect("inspect: not a bundle", [db, "inspect", os.path.join(work, "junk.tar")], 1, "dxbundle: ")
    vout = expect("verify --format json", [db, "verify", t1, "--key", k + ".pub", "--format", "json"], 0)
    try:
        if json.loads(vout)["valid"] is not True: raise ValueError
    except (ValueError, KeyError):
        failures.append("bundle verify json"); print("FAIL dxbundle verify --format json is not {valid: true}")
    out = expect("inspect --format json", [db, "inspect", t1, "--format", "json"], 0)
    try:
        if json.loads(out)["verdict"] != "free_flow": raise ValueError
    except ValueError:
        failures.append("inspect json")
    # Sampled single-byte flips across every member (header and content): rejected unless the
    # extracted bag is identical (e.g. a flip in padding).
    data = bytearray(open(t1, "rb").read())
    original = members(t1)
    random.seed(7)
    offsets = []
    pos = 0
    with tarfile.open(t1) as t:
        for m in t.getmembers():
            hdr = m.offset; body = m.offset_data; end = body + ((m.size + 511) // 512) * 512
            offsets += [hdr + random.randrange(512) for _ in range(6)]
            if m.size:
                offsets += [body + random.randrange(m.size) for _ in range(6)]
            if end > body + m.size:
                offsets += [body + m.size + random.randrange(end - body - m.size)]
    rejected = same = 0
    for off in offsets:
        flipped = bytearray(data); flipped[off] ^= 0x01
        path = os.path.join(work, "flip.tar"); open(path, "wb").write(flipped)
        rc, _ = run([db, "verify", path, "--key", k + ".pub"])
        if rc == 1:
            rejected += 1; continue
        try:
            identical = members(path) == original
        except Exception:
            identical = False
        if rc == 0 and identical:
            same += 1
        else:
            failures.append(f"flip at {off}"); print(f"FAIL flip at byte {off}: exit {rc}, extracted bag identical: {identical}")
    print(f"ok   {len(offsets)} single-byte flips over {len(original)} members: {rejected} rejected, {same} accepted with an identical extracted bag")
    root = next(iter(original)).split("/")[0] + "/"
    def variant(name, edit, contains):
        files = {n: d for n, d in original.items() if d is not None}
        edit(files)
        p = os.path.join(work, name.replace(" ", "_") + ".tar"); write_tar(p, files)
        expect(name, [db, "verify", p, "--key", k + ".pub"], 1, contains)
    variant("a file added", lambda f: f.update({root + "data/extra.txt": b"x"}), "data/extra.txt is not in manifest-sha256.txt")
    variant("a file removed", lambda f: f.pop(root + "data/report.html"), "data/report.html is listed in manifest-sha256.txt but missing")
    variant("a file renamed", lambda f: f.update({root + "data/keys/signer2.pub": f.pop(root + "data/keys/signer.pub")}),
            "data/keys/signer.pub is missing")
    def edit_list(f):
        n = root + "data/rules/bj-ftz-2024-pharma.json"
        f[n] = f[n].replace(b'"gte": 100000}', b'"gte": 3000}'); rehash(f, root)
    # Found by its digest before it is parsed (issue 11: nothing unsigned is parsed first).
    variant("a list edited and re-hashed", edit_list,
            "bundled lists: data/rules/bj-ftz-2024-pharma.json sha256 ")
    # Every file forged in turn, files added (issue 10 #1); with a certificate chain too.
    ctx = {"other_pub": os.path.join(work, "p256.pub")}
    x = os.path.join(work, "x509"); os.makedirs(x)
    chain, roots, other_root = make_chain(x, dx)
    ctx["other_cert"] = other_root
    signer = os.path.join(x, "signer")
    tc = os.path.join(work, "chain.tar")
    expect("pack --sign --cert", [db, "pack", "--manifest", SAMPLE, "--sign", signer + ".key", "--cert", chain, "--out", tc] + at, 0)
    expect("verify a bundle with a chain: --ca", [db, "verify", tc, "--ca", roots], 0, "bound: data/keys/chain.pem: the envelope's certificate chain")
    expect("verify a bundle with a chain: --ca notes the signing time", [db, "verify", tc, "--ca", roots], 0, "note  signing time not attested")
    expect("verify a bundle with a chain: --key alone leaves the chain unverified", [db, "verify", tc, "--key", signer + ".pub"], 1,
           "data/keys/chain.pem: the certificate chain was not verified")
    key_args = lambda p: [db, "verify", p, "--key", k + ".pub"]
    ca_args = lambda p: [db, "verify", p, "--ca", roots]
    for label, bundle, args in (("forged (key)", t1, key_args), ("forged (chain, --ca)", tc, ca_args)):
        orig, r = bundle_forgery.forge_every_file(label, bundle, args, work, ctx)
        bundle_forgery.added_files(label, orig, r, args, work, ctx)
    container_and_binding_cases(dx, db, work, t1, k, tc, roots, other_root)
    pack_names(dx, db, work, k, at)
    bag_names_and_dates(db, work, k, at)
    bag_declarations(db, work, k, t1)
    def edit_manifest(f):
        n = [x for x in f if "/data/manifest/" in x][0]
        f[n] = f[n].replace(b'"personal": 3100', b'"personal": 3000'); rehash(f, root)
    variant("the manifest edited and re-hashed", edit_manifest, "subject manifest: sha256")
    # The archive-trick corpus.
    base = {n: d for n, d in original.items() if d is not None}
    def trick(name, adder, contains):
        p = os.path.join(work, "trick_" + name.replace(" ", "_") + ".tar")
        write_tar(p, base, adder)
        expect("trick: " + name, [db, "verify", p, "--key", k + ".pub"], 1, contains)
    def add(info, data=b""):
        def f(t):
            info.size = len(data) if info.type in (tarfile.REGTYPE, tarfile.AREGTYPE) else 0
            t.addfile(info, io.BytesIO(data) if data else None)
        return f
    def ti(name, type_=tarfile.REGTYPE, link=""):
        i = tarfile.TarInfo(name); i.type = type_; i.linkname = link; return i
    trick("absolute path", add(ti("/etc/passwd"), b"x"), "absolute path")
    trick("dot-dot", add(ti(root + "../evil"), b"x"), "path leaves the bag")
    trick("symlink", add(ti(root + "data/link", tarfile.SYMTYPE, "/etc/passwd")), "symbolic link")
    trick("hard link", add(ti(root + "data/hl", tarfile.LNKTYPE, root + "bagit.txt")), "hard link")
    trick("device", add(ti(root + "data/dev", tarfile.CHRTYPE)), "not a regular file")
    trick("fifo", add(ti(root + "data/fifo", tarfile.FIFOTYPE)), "not a regular file")
    trick("duplicate entry", add(ti(root + "bagit.txt"), b"BagIt-Version: 1.0\n"), "duplicate entry")
    big = os.path.join(work, "trick_oversized.tar.gz")
    with tarfile.open(big, "w:gz", format=tarfile.USTAR_FORMAT) as t:
        info = tarfile.TarInfo(root + "data/huge.bin"); info.size = 65 << 20
        t.addfile(info, io.BytesIO(bytes(info.size)))
    expect("trick: oversized entry (> 64 MiB)", [db, "verify", big, "--key", k + ".pub"], 1, "larger than the 64 MiB bound")
    # gzip and tar framing (issue 10 #1): libarchive alone stops at the tar's end and never reads
    # the gzip trailer, so a bad CRC-32, a bad length or bytes after the stream went unnoticed.
    gz = open(bundles["ed25519"], "rb").read()
    for name, blob, contains in (
            ("gzip CRC-32 wrong", gz[:-8] + bytes([gz[-8] ^ 1]) + gz[-7:], "gzip: the CRC-32 does not match the data"),
            ("gzip length wrong", gz[:-4] + bytes([gz[-4] ^ 1]) + gz[-3:], "gzip: the length in the trailer does not match"),
            ("bytes after the gzip stream", gz + b"approved by CAC", "gzip: 15 byte(s) after the end of the gzip stream"),
            ("a second gzip member", gz + gzip.compress(b"approved by CAC", mtime=0),
             f"gzip: {len(gzip.compress(b'approved by CAC', mtime=0))} byte(s) after the end of the gzip stream"),
            ("gzip truncated", gz[:-20], "gzip: truncated stream"),
            ("bytes after the tar's end", gzip.decompress(gz) + b"approved by CAC", "data after the end of the tar archive")):
        p = os.path.join(work, "framing.tar")
        open(p, "wb").write(blob)
        expect("trick: " + name, [db, "verify", p, "--key", k + ".pub"], 1, "archive: " + contains)
    open(os.path.join(work, "garbage.tar"), "wb").write(b"not a tar at all" * 10)
    expect("not an archive", [db, "verify", os.path.join(work, "garbage.tar"), "--key", k + ".pub"], 1, "archive")
    expect("no trusted key", [db, "verify", t1], 64, "never trusted by itself")
    expect("dxbundle's own errors name dxbundle", [db, "verify", os.path.join(work, "missing.tar"), "--key", k + ".pub"],
           66, "dxbundle: ")
    # A pinned list registry.
    reg = os.path.join(work, "registry.txt")
    d = json.loads(members(t1)[root + "data/decision.dsse.json"])
    import base64
    pred = json.loads(base64.b64decode(d["payload"]))["predicate"]
    pinned = "".join(f"{l['id']} {l['sha256']}\n" for l in pred["lists"])
    code_list = f"categories {pred['categories']['sha256']}\n"
    open(reg, "w").write(pinned + code_list)
    expect("lists registry: pinned", [db, "verify", t1, "--key", k + ".pub", "--lists-registry", reg], 0,
           "the code list and every bundled list are pinned")
    open(reg, "w").write("".join(f"{l['id']} {'0' * 64}\n" for l in pred["lists"]) + code_list)
    expect("lists registry: a digest differs", [db, "verify", t1, "--key", k + ".pub", "--lists-registry", reg], 1, "is not the registry's")
    open(reg, "w").write(pinned + "categories " + "0" * 64 + "\n")
    expect("lists registry: the code list's digest differs", [db, "verify", t1, "--key", k + ".pub", "--lists-registry", reg], 1,
           "list registry: the code list (data/rules/categories.json) sha256")
    open(reg, "w").write(pinned + "categories\n")
    expect("lists registry: a malformed line", [db, "verify", t1, "--key", k + ".pub", "--lists-registry", reg], 1,
           "registry line 6 is not")
    # A bundle signed with a weakened code list verifies against a registry of every shipped list:
    # the code list is pinned like any list (issue 10 #6).
    weak = os.path.join(work, "weak-rules"); shutil.copytree(os.path.join(ROOT, "rules"), weak)
    cats = open(os.path.join(weak, "categories.json"), encoding="utf-8").read()
    # (Here only its bytes differ: any change of the code list must show.)
    open(os.path.join(weak, "categories.json"), "w", encoding="utf-8").write(cats + "\n")
    tw = os.path.join(work, "weak.tar")
    expect("pack with another code list", [db, "pack", "--manifest", SAMPLE, "--sign", k + ".key", "--rules", weak, "--out", tw] + at, 0)
    open(reg, "w").write(pinned + code_list)
    expect("lists registry: a bundle with another code list", [db, "verify", tw, "--key", k + ".pub", "--lists-registry", reg], 1,
           "list registry: the code list (data/rules/categories.json) sha256")
    # Independent BagIt check on the extracted bag.
    x = os.path.join(work, "extracted"); os.makedirs(x)
    with tarfile.open(bundles["ed25519"]) as t:
        t.extractall(x)
    bag = os.path.join(x, root)
    expect("sha256sum -c manifest-sha256.txt", ["sha256sum", "-c", "--strict", "manifest-sha256.txt"], 0, cwd=bag)
    expect("sha256sum -c tagmanifest-sha256.txt", ["sha256sum", "-c", "--strict", "tagmanifest-sha256.txt"], 0, cwd=bag)
    # VERIFY.md's second way, as written there, for each algorithm (issue 12 #10).
    for alg in ("ed25519", "p256", "sm2"):
        verify_md_recipe(alg, bundles[alg], os.path.join(work, alg + ".pub"), os.path.join(work, "p256.pub" if alg != "p256" else "ed25519.pub"), work)
    # The report in a real browser.
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        failures.append("chromium"); print("FAIL chromium is not installed (tools/install-deps.sh --test installs it)")
    else:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + os.path.join(work, "chrome-profile")]
        url = "file://" + os.path.join(bag, "data", "report.html")
        rc, dom = run([chromium] + flags + ["--dump-dom", url])
        decision = json.loads(base64.b64decode(json.loads(open(os.path.join(bag, "data", "decision.dsse.json")).read())["payload"]))["predicate"]
        res = decision["resources"][0]
        wants = ["数据出境合规决定", "Cross-border data transfer decision", "RWD-ONC-BJ-2026-3",
                 "free_flow", "暂不可以", "Not yet: obligations are open", "ftz_filing", "未完成",
                 "cn-baseline/art8-spi-volume", "bj-ftz-2024-pharma", "dxbundle verify",
                 # Issue 12 #11: warnings in both languages (the sample's two), the applied reasons in
                 # both, the data files with their sha256, the field classification, the signature.
                 "W-PARTIAL-LIST", "所适用的清单仅为部分收录", "is a partial list",
                 "W-UNVERIFIED-RULE", "使用了尚未核实出处的规则或备案要求",
                 "数据处理者符合本清单的适用条件 / the exporter is eligible", "始终适用 / always applies",
                 "数据文件及摘要", "Data files and their digests", res["path"], res["sha256"],
                 "字段分类", "Field classification", "签名算法", "Signature algorithm", "Ed25519",
                 "个人信息保护影响评估 / PI protection impact assessment", "完成日期 / completed on"]
        for f in decision["fields"]:
            wants += [f["name"]] + f["categories"]
        wants.append(json.loads(open(os.path.join(bag, "data", "decision.dsse.json")).read())["signatures"][0]["keyid"])
        import re
        text = re.sub(r"<[^>]+>", "", dom)
        missing = [w for w in wants if w not in dom and w not in text]
        for want in missing:
            failures.append("report: " + want); print(f"FAIL report in Chromium lacks {want!r}")
        if not missing:
            print(f"ok   report in Chromium: all {len(wants)} expected texts present")
        # A security assessment that satisfies the obligation is named beside "May proceed: Yes".
        m = json.load(open(os.path.join(ROOT, "samples", "hcp-master-data-crm.json"), encoding="utf-8"))
        m["dxcheck"]["status"]["securityAssessment"] = {"reference": "CAC-SA-2026-0042", "validUntil": "2028-06-30"}
        m["resources"][0]["path"] = ["crm/hcp_master.part1.csv", "crm/hcp_master.part2.csv"]
        sa = os.path.join(work, "sa"); os.makedirs(sa)
        mp = os.path.join(sa, "hcp.json"); json.dump(m, open(mp, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
        sb = os.path.join(sa, "dxbundle-HCP-CRM-2026-Q4.tar")
        expect("pack a transfer whose assessment is done", [db, "pack", "--manifest", mp, "--sign", k + ".key", "--out", sb] + at, 0)
        with tarfile.open(sb) as t:
            t.extractall(sa)
        rc2, dom2 = run([chromium] + flags + ["--dump-dom", "file://" + os.path.join(sa, "dxbundle-HCP-CRM-2026-Q4", "data", "report.html")])
        box = re.search(r'<div id="verdict".*?</div>', dom2, re.S)
        box = box.group(0) if box else ""
        for want in ("A CAC security assessment is required", "可以 <span class=\"en\">/ Yes</span>",
                     "Obligations satisfied, and by what", "数据出境安全评估 <span class=\"en\">/ CAC security assessment</span>",
                     "CAC-SA-2026-0042", "有效期至 <span class=\"en\">/ valid until</span> <b>2028-06-30</b>"):
            if want not in box:
                failures.append("report verdict: " + want); print(f"FAIL report verdict box in Chromium lacks {want!r}\n  {box[:600]}")
        for want in ("crm/hcp_master.part1.csv", "crm/hcp_master.part2.csv", "the digest covers the whole resource"):
            if want not in dom2:
                failures.append("report parts: " + want); print(f"FAIL report in Chromium lacks {want!r}")
        print("ok   report in Chromium: the security assessment that satisfies the obligation is named (reference, valid until); "
              "a multi-part resource lists its parts" if rc2 == 0 else f"FAIL chromium exit {rc2}")
        if "<script" in dom.lower():
            failures.append("report script"); print("FAIL the report contains a script")
        print("ok   report rendered by headless Chromium" if rc == 0 else f"FAIL chromium exit {rc}")
        if shot:
            png = os.path.join(work, "report.png")
            run([chromium] + flags + ["--window-size=1200,1600", "--screenshot=" + png, url])
            if os.path.exists(png) and os.path.getsize(png) > 10000:
                shutil.copy(png, shot); print(f"ok   screenshot {shot}")
            else:
                failures.append("screenshot"); print("FAIL no screenshot")
    print("FAILED: " + ", ".join(failures) if failures else "all passed")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
