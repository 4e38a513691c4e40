#!/usr/bin/env python3
"""Which libraries a Release dxcheck links from archives (checker/CMakeLists.txt).

Configures the source tree four times in temporary build folders (configure only,
about 4 s each) and reads the link line Ninja would run for the dxcheck executable:

- Release, defaults: libcrypto, RE2, SQLite, htslib and zlib from their .a archives;
  libcsv, ReadStat and htscodecs shared.
- Release with -DDXCHECK_STATIC_DATA_LIBS=OFF, and Release on a machine without
  SQLite's archive (its cache entry set empty): the fallback, SQLite, htslib and zlib
  shared, libcrypto and RE2 still static; configure says why.
- Debug: everything shared.

Building each variant would take minutes on the CI machine; the fallback was built and
run once by hand (README.md, "Building and testing"). Usage: static_link.py SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

FAILS = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


def configure(src, build, *args):
    p = subprocess.run(["cmake", "-S", src, "-B", build, "-G", "Ninja", *args],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        sys.exit("configure failed (%s):\n%s" % (" ".join(args), p.stdout[-3000:]))
    with open(os.path.join(build, "build.ninja")) as f:
        ninja = f.read()
    # The dxcheck executable's link edge, then its LINK_LIBRARIES variable.
    m = re.search(r"^build dxcheck: CXX_EXECUTABLE_LINKER\S* .*?\n((?:  .*\n)+)", ninja, re.M)
    if m is None:
        sys.exit("no link edge for dxcheck in %s/build.ninja" % build)
    libs = re.search(r"^  LINK_LIBRARIES = (.*)$", m.group(1), re.M)
    return p.stdout, (libs.group(1).split() if libs else [])


def linked(libs, name):
    """'static', 'shared' or None: how lib<name> appears on the link line."""
    how = set()
    for a in libs:
        base = os.path.basename(a)
        if base == "lib%s.a" % name:
            how.add("static")
        elif re.fullmatch(r"lib%s\.so(\.\d+)*" % re.escape(name), base) or a == "-l" + name:
            how.add("shared")
    if len(how) > 1:
        return "both"
    return how.pop() if how else None


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="dxcheck-link-") as tmp:
        common = ["-DDXCHECK_BUILD_BENCH=OFF", "-DDXCHECK_NESTED_SUITES=OFF"]
        _, rel = configure(src, os.path.join(tmp, "release"), "-DCMAKE_BUILD_TYPE=Release", *common)
        for lib in ("crypto", "re2", "sqlite3", "hts", "z"):
            check(linked(rel, lib) == "static", "Release: lib%s from its archive" % lib)
        for lib in ("readstat", "htscodecs"):  # no archive in Debian; htscodecs via htslib
            check(linked(rel, lib) in ("shared", None), "Release: lib%s not from an archive" % lib)
        check(linked(rel, "csv") == "shared", "Release: libcsv shared (LGPL-2.1, relinkable)")

        fallbacks = (("off", "-DDXCHECK_STATIC_DATA_LIBS=OFF",
                      "SQLite, htslib and zlib linked shared (DXCHECK_STATIC_DATA_LIBS=OFF)"),
                     ("missing", "-DDXCHECK_sqlite3_STATIC=",
                      "SQLite, htslib and zlib linked shared; not found: libsqlite3.a"))
        for name, option, says in fallbacks:
            out, libs = configure(src, os.path.join(tmp, name), "-DCMAKE_BUILD_TYPE=Release",
                                  option, *common)
            check(says in out, "fallback (%s): configure says: %s" % (option, says))
            for lib in ("crypto", "re2"):
                check(linked(libs, lib) == "static",
                      "fallback (%s): lib%s still from its archive" % (option, lib))
            for lib in ("sqlite3", "hts", "z"):
                check(linked(libs, lib) == "shared", "fallback (%s): lib%s shared" % (option, lib))
            for lib in ("deflate", "lzma", "bz2"):
                check(linked(libs, lib) != "static",
                      "fallback (%s): lib%s not from an archive" % (option, lib))

        _, dbg = configure(src, os.path.join(tmp, "debug"), "-DCMAKE_BUILD_TYPE=Debug", *common)
        check(not any(a.endswith(".a") and os.path.basename(a).startswith("lib") and
                      not os.path.basename(a).startswith("libdxcheck") for a in dbg),
              "Debug: no system archive on the link line")
    if FAILS:
        sys.exit("%d check(s) failed" % len(FAILS))
    print("static_link: all checks passed")


if __name__ == "__main__":
    main()
