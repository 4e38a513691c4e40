#!/usr/bin/env python3
"""End-to-end tests of dxbundle: pack -> verify for each algorithm, determinism, sampled single-byte
flips across every member of the tar, files added / removed / renamed, a decision that no longer
reproduces (list edited, manifest edited, each re-hashed in the bag), the archive-trick corpus, an
independent BagIt check (sha256sum -c on both manifests of the extracted bag), inspect, and the report
in headless Chromium (text a reader sees, and a screenshot).
usage: bundle.py DXCHECK DXBUNDLE WORKDIR [SCREENSHOT_OUT]"""
import hashlib, io, json, os, random, shutil, subprocess, sys, tarfile

from harness import expect, failures, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "samples", "hospital-rwd-beijing-ftz.json")

def members(path):
    with tarfile.open(path) as t:
        return {m.name: (t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()}

def write_tar(path, files, extra=None):
    """files: name -> bytes (sorted, ustar); extra(tarfile) may add trick entries."""
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
    variant("a file added", lambda f: f.update({root + "data/extra.txt": b"x"}), "not in the manifest")
    variant("a file removed", lambda f: f.pop(root + "data/report.html"), "listed but missing")
    variant("a file renamed", lambda f: f.update({root + "data/keys/signer2.pub": f.pop(root + "data/keys/signer.pub")}),
            "data/keys/signer.pub is missing")
    def edit_list(f):
        n = root + "data/rules/bj-ftz-2024-pharma.json"
        f[n] = f[n].replace(b'"gte": 100000}', b'"gte": 3000}'); rehash(f, root)
    # Found by its digest before it is parsed (issue 11: nothing unsigned is parsed first).
    variant("a list edited and re-hashed", edit_list,
            "bundled lists: data/rules/bj-ftz-2024-pharma.json sha256 ")
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
    open(reg, "w").write("".join(f"{l['id']} {l['sha256']}\n" for l in pred["lists"]))
    expect("lists registry: pinned", [db, "verify", t1, "--key", k + ".pub", "--lists-registry", reg], 0, "every bundled list is pinned")
    open(reg, "w").write("".join(f"{l['id']} {'0' * 64}\n" for l in pred["lists"]))
    expect("lists registry: a digest differs", [db, "verify", t1, "--key", k + ".pub", "--lists-registry", reg], 1, "is not the registry's")
    # Independent BagIt check on the extracted bag.
    x = os.path.join(work, "extracted"); os.makedirs(x)
    with tarfile.open(bundles["ed25519"]) as t:
        t.extractall(x)
    bag = os.path.join(x, root)
    expect("sha256sum -c manifest-sha256.txt", ["sha256sum", "-c", "--strict", "manifest-sha256.txt"], 0, cwd=bag)
    expect("sha256sum -c tagmanifest-sha256.txt", ["sha256sum", "-c", "--strict", "tagmanifest-sha256.txt"], 0, cwd=bag)
    # VERIFY.md's second way, as written there: its python snippet builds PAE, then openssl.
    md = open(os.path.join(bag, "VERIFY.md"), encoding="utf-8").read()
    snippet = md.split("python3 - <<'PY'\n", 1)[1].split("PY\n", 1)[0]
    rc, out = run([sys.executable, "-c", snippet], cwd=bag)
    shutil.copy(k + ".pub", os.path.join(bag, "signer.pub"))
    expect("VERIFY.md: PAE by its python snippet + openssl (Ed25519)",
           ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "signer.pub", "-rawin", "-in", "/tmp/pae.bin",
            "-sigfile", "/tmp/sig.bin"], 0, "Signature Verified Successfully", cwd=bag)
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
        for want in ("数据出境合规决定", "Cross-border data transfer decision", "RWD-ONC-BJ-2026-3",
                     "free_flow", "暂不可以", "Not yet: obligations are open", "ftz_filing", "未完成",
                     "cn-baseline/art8-spi-volume", "bj-ftz-2024-pharma", "dxbundle verify"):
            if want not in dom:
                failures.append("report: " + want); print(f"FAIL report in Chromium lacks {want!r}")
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
