"""Test certificates with fixed validity dates, made with `openssl ca -startdate/-enddate`.

The e2e tests sign and verify at fixed evaluation dates (--at 2026-12-01), and dxcheck checks a chain on
the evaluation day in Asia/Shanghai time. A certificate made "now" with `openssl x509 -days N` starts at
the moment the test runs, so it stops covering a fixed past date as soon as the test runs later than that
day (from 16:00 UTC on 2026-12-01 itself). These certificates start on 2026-01-01 instead."""
import os

from harness import failures, run

START = "20260101000000Z"
END = "20361231235959Z"

CA_CNF = """[ca]
default_ca = dx
[dx]
database = index.txt
new_certs_dir = .
serial = serial
default_md = default
policy = any
unique_subject = no
email_in_dn = no
[any]
commonName = supplied
"""


class Certs:
    """A directory of keys, requests and certificates; every command runs in it (names are relative)."""

    def __init__(self, x):
        self.x = x
        open(os.path.join(x, "ca.cnf"), "w").write(CA_CNF)
        open(os.path.join(x, "index.txt"), "w").close()
        open(os.path.join(x, "serial"), "w").write("1000\n")
        self.ext("ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n")
        # A v3 certificate without keyUsage or extendedKeyUsage.
        self.ext("plain.ext", "subjectKeyIdentifier=hash\n")

    def ossl(self, *args):
        rc, out = run(["openssl"] + list(args), cwd=self.x)
        if rc != 0:
            failures.append("openssl " + args[0])
            print("FAIL openssl " + " ".join(args) + "\n  " + out[:400])

    def ext(self, name, text):
        open(os.path.join(self.x, name), "w").write(text)
        return name

    def key(self, name):
        self.ossl("genpkey", "-algorithm", "ed25519", "-out", name + ".key")

    def request(self, key, subject, csr):
        self.ossl("req", "-new", "-key", key, "-subj", subject, "-out", csr)

    def _sign(self, csr, out, ext, end, issuer):
        self.ossl("ca", "-batch", "-config", "ca.cnf", "-in", csr, "-out", out, "-startdate", START,
                  "-enddate", end, "-extfile", ext, "-notext", *issuer)

    def root(self, name, subject, end=END):
        """name.key (made here) and the self-signed CA certificate name.crt."""
        self.key(name)
        self.request(name + ".key", subject, name + ".csr")
        self._sign(name + ".csr", name + ".crt", "ca.ext", end, ["-selfsign", "-keyfile", name + ".key"])

    def issue(self, csr, out, ca, ext="plain.ext", end=END, ca_key=None):
        """Certificate `out` for request `csr`, issued by CA `ca` (ca.crt, and ca.key unless ca_key)."""
        self._sign(csr, out, ext, end, ["-cert", ca + ".crt", "-keyfile", ca_key or ca + ".key"])
