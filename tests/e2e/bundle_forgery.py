"""Forged bundles (issue 10 #1, spec/bundle.md "Nothing in a valid bundle is unbound"), built at run
time from a bundle dxbundle packed: for EVERY file of the bag, its content replaced by attacker-chosen
bytes (junk, and an edit that keeps the file plausible), the BagIt manifests recomputed as a forger
would, repacked; files added, renamed and moved. `dxbundle verify` must say INVALID and name the file
each time. Used by bundle.py."""
import base64, hashlib, io, json, os, re, tarfile

import canonical_tar
from harness import failures, run

JUNK = b"forged by an attacker: approved by CAC\n"


def members(path):
    with tarfile.open(path) as t:
        return {m.name: t.extractfile(m).read() for m in t.getmembers() if m.isfile()}


def write_tar(path, files):
    canonical_tar.write(path, files)


def rehash(files, root, keep=()):
    """Recompute Payload-Oxum and both BagIt manifests after an edit, as a forger would, leaving the
    files named in `keep` (relative names) as the forger wrote them."""
    rel = {n[len(root):]: n for n in files if n.startswith(root)}
    payload = sorted(r for r in rel if r.startswith("data/"))
    if "bag-info.txt" not in keep and root + "bag-info.txt" in files:
        info = files[root + "bag-info.txt"].decode("utf-8", "replace")
        oxum = f"{sum(len(files[root + r]) for r in payload)}.{len(payload)}"
        files[root + "bag-info.txt"] = re.sub(r"Payload-Oxum: \S+", "Payload-Oxum: " + oxum, info).encode()
    if "manifest-sha256.txt" not in keep:
        files[root + "manifest-sha256.txt"] = "".join(
            f"{hashlib.sha256(files[root + r]).hexdigest()}  {r}\n" for r in payload).encode()
    if "tagmanifest-sha256.txt" not in keep:
        tags = sorted(r for r in {n[len(root):] for n in files}
                      if not r.startswith("data/") and r != "tagmanifest-sha256.txt")
        files[root + "tagmanifest-sha256.txt"] = "".join(
            f"{hashlib.sha256(files[root + r]).hexdigest()}  {r}\n" for r in tags).encode()


def envelope_forgeries(data, other_pub):
    """Envelopes that carry the same signed payload but say something more, or say it otherwise."""
    d = json.loads(data)
    out = []
    extra_sig = dict(d, signatures=d["signatures"] + [{"keyid": "cac-approval", "sig": "AAAA"}])
    out.append(("a second, unverifiable signature", json.dumps(extra_sig, indent=2).encode() + b"\n"))
    blank = dict(d, signatures=[dict(d["signatures"][0], keyid="")])
    out.append(("keyid removed", json.dumps(blank, indent=2).encode() + b"\n"))
    urlsafe = dict(d, payload=base64.urlsafe_b64encode(base64.b64decode(d["payload"])).decode())
    out.append(("re-encoded (URL-safe base64, compact)", json.dumps(urlsafe, separators=(",", ":")).encode()))
    out.append(("a timestamp claim", json.dumps(dict(d, signingTimeEvidence={"rfc3161": "AAAA"})).encode()))
    pem = open(other_pub).read()
    der = base64.b64decode("".join(pem.strip().splitlines()[1:-1]))
    out.append(("a certificate chain added", json.dumps(dict(d, x509CertificateChain=[base64.b64encode(der).decode()])).encode()))
    return out


def forgeries(rel, data, ctx):
    """(what, bytes) pairs: attacker-chosen contents for the file `rel`."""
    out = [("junk", JUNK)]
    if rel == "data/decision.dsse.json":
        return out + envelope_forgeries(data, ctx["other_pub"])
    if rel == "data/report.html":
        return out + [("verdict and answer rewritten", data.replace(b"Not yet: obligations are open", b"Yes: approved by CAC")
                       .replace(b"ftz_filing", b"none")), ("a script added", data.replace(b"</body>", b"<script>alert(1)</script></body>"))]
    if rel == "data/keys/signer.pub":
        return out + [("another key", open(ctx["other_pub"], "rb").read()), ("the same key, one more newline", data + b"\n")]
    if rel == "data/keys/chain.pem":
        return out + [("another certificate", open(ctx["other_cert"], "rb").read())]
    if rel.endswith(".json"):  # the manifest, the code list, the lists: one more byte
        return out + [("one space more", data + b" ")]
    if rel in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        lines = data.decode().splitlines(keepends=True)
        return out + [("lines reordered", "".join(reversed(lines)).encode()),
                      ("binary-mode markers", re.sub(r"  ", " *", data.decode()).encode())]
    return out + [("a line added", data + b"Approved-By: CAC\n")]  # bagit.txt, bag-info.txt, VERIFY.md


def named_in_failure(out, name):
    return any(name in line for line in out.splitlines() if line.startswith("FAIL"))


def check(label, files, path, verify_args, name):
    write_tar(path, files)
    rc, out = run(verify_args(path))
    if rc != 1 or "INVALID" not in out or not named_in_failure(out, name):
        failures.append(label)
        print(f"FAIL {label}: exit {rc}, expected 1 and a FAIL line naming {name}\n  " + out.strip()[-700:])
        return False
    return True


def forge_every_file(label, bundle, verify_args, work, ctx):
    """Replaces each file of `bundle` in turn; returns the number of forgeries rejected."""
    original = members(bundle)
    root = next(iter(original)).split("/")[0] + "/"
    path = os.path.join(work, "forged.tar")
    n = ok = 0
    for name in sorted(original):
        rel = name[len(root):]
        for what, forged in forgeries(rel, original[name], ctx):
            files = dict(original)
            files[name] = forged
            rehash(files, root, keep={rel})
            n += 1
            ok += check(f"{label}: {rel} ({what})", files, path, verify_args, rel)
    print(f"ok   {label}: {ok} of {n} forgeries over all {len(original)} files rejected, each naming its file"
          if ok == n else f"FAIL {label}: {n - ok} of {n} forgeries not rejected with the file named")
    return original, root


def added_files(label, original, root, verify_args, work, ctx):
    """Files added, renamed or moved, BagIt manifests recomputed."""
    path = os.path.join(work, "added.tar")
    manifest = next(n for n in original if "/data/manifest/" in n)
    hgr = original[root + "data/rules/cn-hgr.json"].replace(b'"id": "cn-hgr"', b'"id": "extra"', 1)
    cases = [
        ("data/NOTE.txt", {root + "data/NOTE.txt": b"approved by CAC\n"}, "data/NOTE.txt"),
        ("junk data/keys/chain.pem", {root + "data/keys/chain.pem": open(ctx["other_cert"], "rb").read()}, "data/keys/chain.pem"),
        ("fetch.txt", {root + "fetch.txt": b"https://example.com/data.bin 10 data/data.bin\n"}, "fetch.txt"),
        ("an extra tag file", {root + "approval.txt": b"approved by CAC\n"}, "approval.txt"),
        ("a list not in the decision", {root + "data/rules/extra.json": hgr}, "data/rules/extra.json"),
        ("a second manifest", {root + "data/manifest/second.json": b"{}"}, "data/manifest/second.json"),
        ("a file in a subdirectory of data/rules", {root + "data/rules/old/cn-hgr.json": hgr}, "data/rules/old/cn-hgr.json"),
    ]
    for what, extra, name in cases:
        files = dict(original); files.update(extra); rehash(files, root)
        if check(f"{label}: {what} added", files, path, verify_args, name):
            print(f"ok   {label}: {what} added, manifests recomputed: INVALID naming {name}")
    files = dict(original)
    files[manifest.rsplit("/", 1)[0] + "/APPROVED-BY-CAC.json"] = files.pop(manifest); rehash(files, root)
    if check(f"{label}: the manifest renamed", files, path, verify_args, "APPROVED-BY-CAC.json"):
        print(f"ok   {label}: the manifest renamed: INVALID naming it")
    files = {n.replace(root, "dxbundle-APPROVED/", 1): d for n, d in original.items()}
    if check(f"{label}: the bag directory renamed", files, path, verify_args, "dxbundle-APPROVED/"):
        print(f"ok   {label}: the bag directory renamed: INVALID naming it")
