#!/usr/bin/env python3
"""Installs the npm packages of tests/validators (package.json + package-lock.json, `npm ci`) into
WORKDIR, once: the CTest fixture `validators_npm` that the Frictionless and JSON Schema tests use.
The install is kept in the build directory and redone only when the lock file changes (the lock's
sha256 is stamped next to node_modules), so the suite stays fast; npm's own cache (~/.npm) makes a
re-install cheap too. Missing node/npm or a failing install is a failure, never a skip (as for
tests/e2e/interop.py): these tests are how the shipped files are checked against independent tools.
usage: npm_tools.py SRC_DIR WORKDIR"""
import hashlib, os, shutil, subprocess, sys


def main():
    src, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("FAIL node/npm not installed: run tools/install-deps.sh --test")
        return 1
    lock = open(os.path.join(src, "package-lock.json"), "rb").read()
    stamp_path = os.path.join(work, ".installed-lock.sha256")
    digest = hashlib.sha256(lock + open(os.path.join(src, "package.json"), "rb").read()).hexdigest()
    if (os.path.isdir(os.path.join(work, "node_modules")) and os.path.exists(stamp_path)
            and open(stamp_path).read().strip() == digest):
        print(f"ok   npm packages already installed in {work} (lock unchanged)")
        return 0
    os.makedirs(work, exist_ok=True)
    shutil.rmtree(os.path.join(work, "node_modules"), ignore_errors=True)
    for f in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(src, f), work)
    p = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=work,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
    if p.returncode != 0:
        print(f"FAIL npm ci in {work}: exit {p.returncode}\n  " + (p.stdout + p.stderr).strip()[-1500:])
        return 1
    open(stamp_path, "w").write(digest + "\n")
    print(f"ok   npm ci in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
