#!/usr/bin/env bash
# Installs every build dependency of dxcheck from Debian 12's packages; with
# --test also what the test suite needs beyond the build (Node.js and npm for
# the interoperability tests, Chromium and a CJK font for the report test,
# poppler-utils (pdftotext) for the filing drafts' print test,
# clang and libFuzzer for the fuzz smoke test, the PostgreSQL server the ledger tests start).
# Idempotent: safe to run again; apt-get skips what is already installed.
# Run as root (or through sudo) on Debian 12 (bookworm).
#   usage: tools/install-deps.sh [--test]
set -euo pipefail
with_tests=0
case "${1:-}" in
  --test) with_tests=1 ;;
  "") ;;
  *) echo "usage: tools/install-deps.sh [--test]" >&2; exit 64 ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config git   # toolchain
  rapidjson-dev        # JSON parsing and writing (header-only)
  libre2-dev           # field classification patterns (RE2::Set)
  libssl-dev openssl   # SHA-256 digests, signatures (OpenSSL 3)
  libarchive-dev       # audit bundles: deterministic tar / tar.gz
  zlib1g-dev           # audit bundles: strict gzip reading (CRC, length, trailing data)
  doctest-dev          # unit tests
  libcli11-dev         # command-line parsing
  libcsv-dev           # check --data: CSV/TSV (strict, streaming)
  libreadstat-dev      # check --data: SAS xpt/sas7bdat, SPSS sav, Stata dta
  libhts-dev           # check --data: VCF, vcf.gz, BCF (sample ids are persons)
  libcpp-httplib-dev   # dxcheck serve: the HTTP server (cpp-httplib 0.11)
  libbenchmark-dev     # bench/ (Google Benchmark)
  libsimdjson-dev      # bench/: simdjson measured against the manifest parse (simdjson_bench.cc)
  libsqlite3-dev       # the transfer ledger's embedded store (sqlite:PATH)
  libpq-dev            # the transfer ledger's shared store (postgresql://…)
  python3              # the conformance runner
)

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps.sh: run as root (or install sudo)" >&2; exit 77; fi
else
  SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Node.js and npm run the interoperability tests (independent DSSE verifiers from
# npm). A machine that already has a node (e.g. from NodeSource) keeps it:
# Debian's npm package conflicts with NodeSource's nodejs.
if [ "$with_tests" = 1 ]; then
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
  packages+=(chromium fonts-wqy-zenhei)   # report.html rendered in a real browser
  packages+=(poppler-utils)               # pdftotext: the filing drafts printed to PDF by Chromium, read back
  packages+=(libxml2-utils)               # xmllint: JUnit XML of dxcheck test --format junit
  packages+=(clang libclang-rt-dev)       # fuzz preset: clang++ 14 and libFuzzer (libclang_rt.fuzzer)
  packages+=(postgresql)                  # the ledger tests start their own server (initdb, pg_ctl)
  packages+=(curl wrk)                    # dxcheck serve: the curl client test, bench/serve_load.sh
fi
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "install-deps.sh: dependencies installed"
