#!/usr/bin/env python3
"""Hostile inputs within the documented limits (issue 11): each case builds its input at run time, runs
the real binaries under an address-space limit (so a blow-up is an abort, not a slow machine), and
checks the exit code and what was printed. Bounds are checked at the bound and one past it
(docs/limits.md); nothing here is timed.
usage: hostile.py DXCHECK DXBUNDLE WORKDIR [SECTION...]   (sections: json fields values files attest archive)"""
import json, os, resource, shutil, stat, subprocess, sys

from harness import expect, failures

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE = os.path.join(ROOT, "tests", "bad_inputs", "valid-base.json")
AT = ["--at", "2026-12-01"]
MEM = 1 << 30  # 1 GiB of address space for every run


def limited(limit=MEM):
    # Under AddressSanitizer the address space cannot be limited (its shadow memory reserves terabytes);
    # the asan build's CTest environment sets DXCHECK_ASAN and ASan's own hard_rss_limit_mb instead,
    # which kills a run whose resident memory grows past the bound.
    if os.environ.get("DXCHECK_ASAN"):
        return {}
    def set_limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return {"preexec_fn": set_limit}


def base():
    return json.load(open(BASE, encoding="utf-8"))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def count_values(v):
    if isinstance(v, dict):
        return 1 + sum(count_values(x) for x in v.values())
    if isinstance(v, list):
        return 1 + sum(count_values(x) for x in v)
    return 1


def field_bound_cases(dx, work):
    """docs/limits.md: each bound at the bound (accepted) and one past it (its error code)."""
    # Fields: 100,000 in all, over two resources.
    for n, code, needle in [(100000, 0, None), (100001, 65, "error[E1118]: /resources/1/schema/fields: a manifest "
                                                             "describes at most 100000 fields, found 100001")]:
        m = base()
        r1 = json.loads(json.dumps(m["resources"][0]))
        m["resources"][0]["schema"]["fields"] = [{"name": "f", "dxcheck": {"categories": ["nonpersonal"]}}] * 50000
        r1["schema"]["fields"] = [{"name": "g", "dxcheck": {"categories": ["nonpersonal"]}}] * (n - 50000)
        r1["name"] = "second"
        m["resources"].append(r1)
        m["dxcheck"].pop("subjects")
        p = write(os.path.join(work, f"fields-{n}.json"), json.dumps(m))
        expect(f"{n} fields", [dx, "validate", p], code, needle, **limited())


def value_bound_cases(dx, work):
    # Depth: a manifest nests 256 deep (the root object is level 1).
    # (check, not validate: validate reads a file twice to tell its kind.)
    for arrays, code in [(255, 0), (256, 65)]:
        text = json.dumps(base())[:-1] + ', "x-deep": ' + "[" * arrays + "]" * arrays + "}"
        p = write(os.path.join(work, f"depth-{arrays + 1}.json"), text)
        expect(f"nesting {arrays + 1} deep", [dx, "validate", p], code,
               None if code == 0 else "error[E1007]: arrays and objects nested deeper than 256", **limited())
    # JSON values: 2,000,000 in a manifest.
    m = base()
    m["x-pad"] = []
    pad = 2000000 - count_values(m)
    for n, code in [(pad, 0), (pad + 1, 65)]:
        text = json.dumps(m)[:-3] + "[" + ",".join(["0"] * n) + "]}"
        p = write(os.path.join(work, f"values-{n}.json"), text)
        expect(f"{'2,000,000' if n == pad else '2,000,001'} JSON values", [dx, "check", p] + AT, 10 if code == 0 else code,
               None if code == 0 else "error[E1008]: more than 2000000 JSON values", **limited())


def json_cases(dx, work):
    # 1. Depth x nodes: 250 levels of 2,000-byte keys over 200,000 leaves, under an ignored key. A
    # stored pointer per node would need 250 x 2 kB x 200,000 = 100 GB.
    key = "k" * 2000
    bomb = "".join('{"%s":' % key for _ in range(250)) + "[" + ",".join(["1"] * 200000) + "]" + "}" * 250
    text = json.dumps(base(), ensure_ascii=False)
    p = write(os.path.join(work, "pointer-bomb.json"), text[:-1] + ', "x-bomb": ' + bomb + "}")
    expect("a deep and wide manifest parses in bounded memory", [dx, "validate", p], 0, **limited())
    # 3. 200,000 duplicate keys on one line: reported by the first hundred and a count.
    m = base()
    dup = json.dumps(m, ensure_ascii=False)[:-1] + ', "x": {' + ",".join(['"d": 1'] * 200000) + "}}"
    p = write(os.path.join(work, "duplicates.json"), dup)
    expect("200,000 duplicate keys: 100 shown, the rest counted", [dx, "validate", p], 65,
           "\u2026 and 199899 more (199899 error(s), 0 warning(s)) not shown", **limited())
    # A 4 MB unknown key inside a dxcheck object: no edit distance on it.
    m = base()
    m["dxcheck"]["transfer"]["q" * (4 << 20)] = 1
    p = write(os.path.join(work, "long-key.json"), json.dumps(m))
    expect("a 4 MB unknown key is reported without a hint", [dx, "validate", p], 65, "error[E1103]", **limited())
    # 8. A 2 MB field name is an input error before any pattern reads it.
    m = base()
    m["resources"][0]["schema"]["fields"][0]["name"] = "ab" * (1 << 20)
    del m["resources"][0]["schema"]["fields"][0]["dxcheck"]
    p = write(os.path.join(work, "long-name.json"), json.dumps(m))
    expect("a 2 MB field name is E1117", [dx, "validate", p], 65,
           "error[E1117]: /resources/0/schema/fields/0/name: a field name is at most 1024 bytes, found 2097152",
           **limited())
    # 9. 1e400 as a count is the count error, not "too big for double".
    p = write(os.path.join(work, "count-1e400.json"),
              json.dumps(base()).replace('"personal": 100', '"personal": 1e400'))
    expect("1e400 as a count is E1106", [dx, "validate", p], 65,
           "error[E1106]: /dxcheck/subjects/personal: expected an integer count (no fraction, no exponent), "
           "found 1e400", **limited())
    # 1,000 unknown keys: 100 diagnostics and a count.
    m = base()
    for i in range(1000):
        m["dxcheck"]["transfer"]["u%d" % i] = 1
    p = write(os.path.join(work, "unknown-keys.json"), json.dumps(m))
    expect("1,000 unknown keys: 100 shown", [dx, "validate", p], 65, "\u2026 and 900 more", **limited())


def expect_quick(name, cmd, code, contains=None, stdout=None, timeout=20):
    """expect() with a short timeout (a hang is a failure, not a stuck suite) and optional stdout."""
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=stdout or subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, **limited())
        rc, out = p.returncode, (p.stdout or b"").decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        rc, out = "timeout", ""
    if rc != code or (contains and contains not in out):
        failures.append(name)
        print(f"FAIL {name}: exit {rc} (expected {code})\n  " + out.strip()[-900:])
    else:
        print(f"ok   {name}")
    return out


def setup(dx, db, work):
    """A key pair, a manifest, its signed decision and a bundle of them, in `work`."""
    key = os.path.join(work, "signer")
    expect("keygen", [dx, "keygen", "--alg", "ed25519", "--out", key], 0)
    manifest = os.path.join(work, "m.json")
    shutil.copy(BASE, manifest)
    env = os.path.join(work, "d.dsse.json")
    expect("check --sign", [dx, "check", manifest, "--sign", key + ".key", "--out", env] + AT, 10)
    bundle = os.path.join(work, "b.tar")
    expect("pack", [db, "pack", "--manifest", manifest, "--decision", env, "--key", key + ".pub", "--out", bundle], 0)
    return key, manifest, env, bundle


def file_cases(dx, db, work):
    key, manifest, env, bundle = setup(dx, db, work)
    # 5. FIFOs (and other non-regular files) as any input: refused at once, exit 66.
    fifo = os.path.join(work, "fifo")
    os.mkfifo(fifo)
    for name, cmd in [("manifest", [dx, "check", fifo] + AT), ("validate", [dx, "validate", fifo]),
                      ("list", [dx, "check", manifest, "--list", fifo] + AT),
                      ("signing key", [dx, "check", manifest, "--sign", fifo] + AT),
                      ("envelope", [dx, "verify", fifo, "--key", key + ".pub"]),
                      ("public key", [dx, "verify", env, "--key", fifo]),
                      ("bundle", [db, "verify", fifo, "--key", key + ".pub"]),
                      ("bundle to inspect", [db, "inspect", fifo]),
                      ("pack decision", [db, "pack", "--manifest", manifest, "--decision", fifo, "--key",
                                         key + ".pub", "--out", os.path.join(work, "x.tar")])]:
        expect_quick(f"a FIFO as {name} is refused (66), never waited on", cmd, 66, "not a regular file")
    # 6. --out never destroys a file: a planted symlink, an input, a key, a non-regular file.
    victim = write(os.path.join(work, "victim.txt"), "precious\n")
    link = os.path.join(work, "out-link.json")
    os.symlink(victim, link)
    expect_quick("--out a symlink is refused", [dx, "check", manifest, "--out", link] + AT, 74, "symbolic link")
    with open(manifest, "rb") as f:
        manifest_bytes = f.read()
    expect_quick("--out the manifest is refused", [dx, "check", manifest, "--out", manifest] + AT, 74,
                 "is an input of this command")
    hard = os.path.join(work, "m-hardlink.json")
    os.link(manifest, hard)
    expect_quick("--out a hard link to the manifest is refused", [dx, "check", manifest, "--out", hard] + AT, 74,
                 "is an input of this command")
    expect_quick("--out the signing key is refused",
                 [dx, "check", manifest, "--sign", key + ".key", "--out", key + ".key"] + AT, 74, "is an input")
    other_key = os.path.join(work, "other")
    expect("keygen other", [dx, "keygen", "--alg", "p256", "--out", other_key], 0)
    expect_quick("--out any private key is refused", [dx, "check", manifest, "--out", other_key + ".key"] + AT, 74,
                 "holds a private key")
    expect_quick("--out a FIFO is refused", [dx, "check", manifest, "--out", fifo] + AT, 74, "a FIFO")
    expect_quick("--out a directory is refused", [dx, "check", manifest, "--out", work] + AT, 74, "a directory")
    expect_quick("pack --out the manifest is refused",
                 [db, "pack", "--manifest", manifest, "--decision", env, "--key", key + ".pub", "--out", manifest],
                 74, "is an input")
    expect_quick("pack --out the public key is refused",
                 [db, "pack", "--manifest", manifest, "--decision", env, "--key", key + ".pub", "--out",
                  key + ".pub"], 74, "is an input")
    intact = (open(victim).read() == "precious\n" and open(manifest, "rb").read() == manifest_bytes and
              stat.S_IMODE(os.stat(key + ".key").st_mode) == 0o600 and
              "PRIVATE KEY" in open(key + ".key").read() and stat.S_ISFIFO(os.stat(fifo).st_mode))
    print(("ok   " if intact else "FAIL ") + "every refused --out target is intact (victim, manifest, key 0600, FIFO)")
    if not intact:
        failures.append("refused targets intact")
    own = os.path.join(work, "own.json")
    write(own, "old")
    os.chmod(own, 0o640)
    expect_quick("--out the user's previous output is replaced", [dx, "check", manifest, "--out", own] + AT, 10)
    mode = stat.S_IMODE(os.stat(own).st_mode)
    print(("ok   " if mode == 0o640 else "FAIL ") + f"the replaced output keeps its mode ({oct(mode)})")
    if mode != 0o640:
        failures.append("mode kept")
    leftovers = [n for n in os.listdir(work) if ".tmp." in n]
    print(("ok   " if not leftovers else "FAIL ") + f"no temporary left behind {leftovers}")
    if leftovers:
        failures.append("temporaries")
    # Writing to a full device exits 74, whatever the command.
    with open("/dev/full", "wb") as full:
        for name, cmd in [("check", [dx, "check", manifest] + AT), ("validate", [dx, "validate", manifest]),
                          ("verify", [dx, "verify", env, "--key", key + ".pub"]),
                          ("keygen", [dx, "keygen", "--out", os.path.join(work, "k3")]),
                          ("dxbundle inspect", [db, "inspect", bundle]),
                          ("dxbundle pack", [db, "pack", "--manifest", manifest, "--decision", env, "--key",
                                             key + ".pub", "--out", os.path.join(work, "y.tar")])]:
            prog = "dxbundle" if name.startswith("dxbundle") else "dxcheck"
            expect_quick(f"{name} > /dev/full exits 74", cmd, 74, f"{prog}: writing to stdout failed", stdout=full)
    # keygen: every directory it creates is 0700.
    deep = os.path.join(work, "k1", "k2", "k3", "key")
    expect("keygen into new nested directories", [dx, "keygen", "--out", deep], 0)
    modes = [stat.S_IMODE(os.stat(os.path.join(work, *parts)).st_mode)
             for parts in (["k1"], ["k1", "k2"], ["k1", "k2", "k3"])]
    print(("ok   " if modes == [0o700] * 3 else "FAIL ") + f"keygen's new directories are all 0700 {list(map(oct, modes))}")
    if modes != [0o700] * 3:
        failures.append("keygen directories")


def tar_members(path):
    import tarfile
    with tarfile.open(path) as t:
        return {m.name: t.extractfile(m).read() for m in t.getmembers() if m.isfile()}


def write_bundle(path, files):
    """A bag as a forger would write it: files edited, both BagIt manifests and the Oxum recomputed."""
    import hashlib, io, re, tarfile
    root = next(iter(files)).split("/")[0] + "/"
    rel = {n[len(root):]: d for n, d in files.items()}
    rel["manifest-sha256.txt"] = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(rel.items())
                                         if n.startswith("data/")).encode()
    payload = [d for n, d in rel.items() if n.startswith("data/")]
    rel["bag-info.txt"] = re.sub(r"Payload-Oxum: \S+", f"Payload-Oxum: {sum(map(len, payload))}.{len(payload)}",
                                 rel["bag-info.txt"].decode()).encode()
    rel["tagmanifest-sha256.txt"] = "".join(f"{hashlib.sha256(rel[n]).hexdigest()}  {n}\n" for n in
                                            sorted(["bag-info.txt", "bagit.txt", "manifest-sha256.txt", "VERIFY.md"])).encode()
    import canonical_tar
    canonical_tar.write(path, {root + n: d for n, d in rel.items()})


def attest_cases(dx, db, work):
    import base64
    key, manifest, env, bundle = setup(dx, db, work)
    files = tar_members(bundle)
    # 1. A bundled list that is a pointer bomb (deep and wide, long keys), gzip'd to a few kB: turned
    # away by its digest before anything parses it.
    key2k = "k" * 2000
    bomb = ("".join('{"%s":' % key2k for _ in range(120)) + "[" + ",".join(["1"] * 300000) + "]" +
            "}" * 120).encode()
    forged = dict(files)
    name = [n for n in forged if n.endswith("data/rules/cn-baseline.json")][0]
    forged[name] = bomb
    hostile = os.path.join(work, "hostile.tar.gz")
    write_bundle(hostile, forged)
    size = os.path.getsize(hostile)
    expect(f"a {size // 1024} kB bundle with a list bomb is INVALID by digest, in bounded memory",
           [db, "verify", hostile, "--key", key + ".pub"], 1,
           "bundled lists: data/rules/cn-baseline.json sha256 ", **limited())
    # The same bomb as a manifest beside the verified envelope: the digest check turns it away.
    bomb_manifest = write(os.path.join(work, "bomb-manifest.json"), bomb.decode())
    expect("dxcheck verify --manifest BOMB: INVALID by digest, nothing parsed",
           [dx, "verify", env, "--key", key + ".pub", "--manifest", bomb_manifest], 1, "subject manifest: sha256",
           **limited())
    # A 1 MB envelope, wide and 15 deep with long keys: malformed, in bounded memory.
    e = json.load(open(env))
    inner = "".join('{"%s":' % ("e" * 20000) for _ in range(14)) + "[" + ",".join(["1"] * 350000) + "]" + "}" * 14
    big_env = write(os.path.join(work, "big.dsse.json"), json.dumps(e)[:-1] + ', "x": ' + inner + "}")
    expect("a 1 MB hostile envelope is malformed (1), in bounded memory",
           [dx, "verify", big_env, "--key", key + ".pub"], 1, "FAIL  envelope: malformed", **limited())
    # 4. A payload nested a million deep: inspect reads nothing deeper than its bound, no crash.
    e["payload"] = base64.b64encode(b"[" * 1000000 + b"]" * 1000000).decode()
    deep = dict(files)
    deep[[n for n in deep if n.endswith("data/decision.dsse.json")][0]] = json.dumps(e).encode()
    deep_bundle = os.path.join(work, "deep.tar")
    write_bundle(deep_bundle, deep)
    expect("inspect: a million-deep payload is unreadable (1), no crash", [db, "inspect", deep_bundle], 1,
           "the bundle's statement is unreadable", **limited())
    expect("verify: a million-deep payload fails the signature (1)", [db, "verify", deep_bundle, "--key",
                                                                      key + ".pub"], 1, "FAIL  signature", **limited())
    # 4. dxcheck test: a fixture manifest nested a million deep, with a patch.
    write(os.path.join(work, "deep-fixture.json"), "[" * 1000000 + "]" * 1000000)
    tests = {"tests": [{"name": "deep fixture", "at": "2026-12-01", "manifest": "deep-fixture.json",
                        "patch": {"/dxcheck/coreData": True},
                        "expect": {"verdict": "prohibited"}}]}
    test_file = write(os.path.join(work, "deep.test.json"), json.dumps(tests))
    expect("dxcheck test: a million-deep fixture with a patch fails cleanly", [dx, "test", test_file], 65,
                 "error[E1501]: /tests/0: the manifest to patch is not JSON or nests deeper than 300", **limited())
    # 4. Re-evaluation inputs anyone can hand in: a decision file for 'forms --decision' and a ledger
    #    export for 'ledger verify --export', each nested a million deep: refused (65), no stack overflow.
    write(os.path.join(work, "deep-decision.json"),
          '{"evaluatedAt": "2026-12-01", "clearance": true, "x": ' + "[" * 1000000 + "]" * 1000000 + "}")
    expect("forms --decision: a million-deep decision is no decision (65), no crash",
           [dx, "forms", os.path.join(work, "m.json"), "--decision", os.path.join(work, "deep-decision.json"),
            "--out", os.path.join(work, "deep-forms")], 65, "nests deeper than 300", **limited())
    write(os.path.join(work, "deep-export.jsonl"), "[" * 1000000 + "]" * 1000000 + "\n")
    expect("ledger verify --export: a million-deep line is refused (65), no crash",
           [dx, "ledger", "verify", "--export", os.path.join(work, "deep-export.jsonl")], 65,
           "line 1: not a JSON object", **limited())
    # 9. A sparse entry is refused by name.
    sparse_root = os.path.join(work, "sparse")
    bag = os.path.join(sparse_root, "dxbundle-X")
    os.makedirs(os.path.join(bag, "data"))
    with open(os.path.join(bag, "data", "holes.bin"), "wb") as f:
        f.seek(1 << 20)
        f.write(b"x")
    sparse_tar = os.path.join(work, "sparse.tar")
    subprocess.run(["tar", "--sparse", "--format=posix", "-cf", sparse_tar, "-C", sparse_root, "dxbundle-X"], check=True)
    expect("a sparse tar entry is refused by name", [db, "verify", sparse_tar, "--key", key + ".pub"], 1,
           "sparse entries are refused", **limited())
    # 9. An envelope past the 64 MiB input bound is invalid (1): it is what is verified.
    huge = os.path.join(work, "huge.dsse.json")
    with open(huge, "wb") as f:
        f.truncate((64 << 20) + 1)
    expect("an envelope over 64 MiB is INVALID (1)", [dx, "verify", huge, "--key", key + ".pub"], 1,
           "FAIL  envelope: " + huge + ": file is 67108865 bytes; the limit is 67108864", **limited())


def archive_bound_cases(dx, db, work):
    key = os.path.join(work, "signer")
    expect("keygen", [dx, "keygen", "--alg", "ed25519", "--out", key], 0)
    # Archive bounds (checker/bundle/tar_archive.h): 10,000 entries; 64 MiB for one file; 256 MiB in all.
    # The bag is not a valid one: the archive check passes at the bound (and the bag check then fails).
    import io, tarfile

    def tar_of(path, sizes):
        with tarfile.open(path, "w:gz", format=tarfile.USTAR_FORMAT, compresslevel=1) as t:
            zeros = bytes(max(sizes))
            for i, n in enumerate(sizes):
                info = tarfile.TarInfo(f"dxbundle-X/data/f{i:05d}")
                info.size = n
                t.addfile(info, io.BytesIO(zeros[:n]))
        return path
    mib = 1 << 20
    for name, sizes, needle in [
            ("10,000 entries", [0] * 10000, "ok    archive: 10000 files"),
            ("10,001 entries", [0] * 10001, "FAIL  archive: more than 10000 entries"),
            ("a 64 MiB file", [64 * mib], "ok    archive: 1 files"),
            ("a 64 MiB + 1 file", [64 * mib + 1], "larger than the 64 MiB bound for one file"),
            ("256 MiB in all", [64 * mib] * 4, "ok    archive: 4 files"),
            ("256 MiB + 1 in all", [64 * mib] * 4 + [1], "FAIL  archive: more than 256 MiB in all")]:
        t = tar_of(os.path.join(work, "bound.tar.gz"), sizes)
        expect(f"bundle with {name}", [db, "verify", t, "--key", key + ".pub"], 1, needle, **limited())


SECTIONS = {
    "json": lambda dx, db, work: json_cases(dx, work),
    "fields": lambda dx, db, work: field_bound_cases(dx, work),
    "values": lambda dx, db, work: value_bound_cases(dx, work),
    "files": file_cases,
    "attest": attest_cases,
    "archive": archive_bound_cases,
}


def main():
    dx, db, work = (os.path.abspath(a) for a in sys.argv[1:4])
    sections = sys.argv[4:] or list(SECTIONS)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for name in sections:
        SECTIONS[name](dx, db, work)
    if failures:
        print(f"{len(failures)} hostile-input case(s) failed: {', '.join(failures)}")
        return 1
    print("all hostile-input cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
