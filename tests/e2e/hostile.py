#!/usr/bin/env python3
"""Hostile inputs within the documented limits (issue 11): each case builds its input at run time, runs
the real binaries under an address-space limit (so a blow-up is an abort, not a slow machine), and
checks the exit code and what was printed. Bounds are checked at the bound and one past it
(docs/limits.md); nothing here is timed.
usage: hostile.py DXCHECK DXBUNDLE WORKDIR"""
import json, os, resource, shutil, stat, sys

from harness import expect, failures

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE = os.path.join(ROOT, "tests", "bad_inputs", "valid-base.json")
AT = ["--at", "2026-12-01"]
MEM = 1 << 30  # 1 GiB of address space for every run


def limited(limit=MEM):
    def set_limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return {"preexec_fn": set_limit}


def base():
    return json.load(open(BASE, encoding="utf-8"))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


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
    # 1,000 unknown keys: 100 diagnostics and a count.
    m = base()
    for i in range(1000):
        m["dxcheck"]["transfer"]["u%d" % i] = 1
    p = write(os.path.join(work, "unknown-keys.json"), json.dumps(m))
    expect("1,000 unknown keys: 100 shown", [dx, "validate", p], 65, "\u2026 and 900 more", **limited())


def main():
    dx, db, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    json_cases(dx, work)
    if failures:
        print(f"{len(failures)} hostile-input case(s) failed: {', '.join(failures)}")
        return 1
    print("all hostile-input cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
