#!/usr/bin/env python3
"""Interoperability of dxcheck's signed decisions with independent tools:
  - plain OpenSSL (pkeyutl / dgst) over a PAE built by a shell script, for Ed25519, P-256 and SM2
    (SM2 with `-pkeyopt distid:1234567812345678`);
  - @sigstore/core (its PAE and signature primitive) and @sigstore/verify (sigstore's verifier with a
    caller-supplied public key, no transparency log), installed from the npm registry with `npm ci`;
  - an envelope signed by Node's crypto with @sigstore/core's PAE verifies with `dxcheck verify`.
Plus the CLI's key handling: a group-readable private key is refused (77), tampering exits 1.
usage: interop.py DXCHECK WORKDIR"""
import datetime, json, os, shutil, subprocess, sys

from certs import Certs
from harness import expect, failures, run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
INTEROP = os.path.join(ROOT, "tests", "interop")
SAMPLE = os.path.join(ROOT, "samples", "wgs-academic-collaboration.json")

def main():
    dx, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    at = ["--at", "2026-12-01"]
    for alg in ("ed25519", "p256", "sm2"):
        key = os.path.join(work, alg)
        expect(f"keygen {alg}", [dx, "keygen", "--alg", alg, "--out", key], 0, "keyid")
        if oct(os.stat(key + ".key").st_mode & 0o777) != "0o600":
            failures.append(f"{alg} key mode"); print(f"FAIL {alg}: private key mode is not 0600")
        env_path = os.path.join(work, alg + ".dsse.json")
        expect(f"check --sign {alg}", [dx, "check", SAMPLE, "--sign", key + ".key", "--out", env_path] + at, 10)
        expect(f"dxcheck verify {alg}", [dx, "verify", env_path, "--key", key + ".pub", "--manifest", SAMPLE], 0, "VALID")
        out_dir = os.path.join(work, "pae_" + alg)
        os.makedirs(out_dir)
        expect(f"PAE by shell {alg}", ["bash", os.path.join(INTEROP, "pae.sh"), env_path, out_dir], 0)
        pae, sig = os.path.join(out_dir, "pae.bin"), os.path.join(out_dir, "sig.bin")
        if alg == "ed25519":
            cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key + ".pub", "-rawin", "-in", pae, "-sigfile", sig]
        elif alg == "p256":
            cmd = ["openssl", "dgst", "-sha256", "-verify", key + ".pub", "-signature", sig, pae]
        else:
            cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key + ".pub", "-rawin", "-digest", "sm3",
                   "-pkeyopt", "distid:1234567812345678", "-in", pae, "-sigfile", sig]
        expect(f"openssl verifies {alg}", cmd, 0, "Verif")
        bad = open(pae, "rb").read().replace(b"contract_or_certification", b"free_flow_flow_flow_flow_", 1)
        open(pae + ".bad", "wb").write(bad)
        cmd_bad = [c if c != pae else pae + ".bad" for c in cmd]
        expect(f"openssl rejects a changed PAE {alg}", cmd_bad, 1)
    # Key handling in the CLI.
    os.chmod(os.path.join(work, "ed25519.key"), 0o640)
    expect("group-readable key refused", [dx, "check", SAMPLE, "--sign", os.path.join(work, "ed25519.key")] + at,
           77, "chmod 600")
    os.chmod(os.path.join(work, "ed25519.key"), 0o600)
    expect("keygen refuses to overwrite", [dx, "keygen", "--out", os.path.join(work, "ed25519")], 74, "refusing to overwrite")
    expect("a private key is not a verification key", [dx, "verify", os.path.join(work, "ed25519.dsse.json"),
           "--key", os.path.join(work, "ed25519.key")], 77, "give the public key")
    # Encrypted keys and where passphrases come from (never argv).
    enc = os.path.join(work, "enc")
    env_ok = dict(os.environ, DX_PASS="correct horse", DX_EMPTY="")
    expect("keygen: empty passphrase variable refused", [dx, "keygen", "--out", enc, "--passphrase-env", "DX_EMPTY"], 64,
           "is not set or empty", env=env_ok)
    expect("keygen: encrypted key", [dx, "keygen", "--out", enc, "--passphrase-env", "DX_PASS"], 0, "encrypted", env=env_ok)
    expect("sign: encrypted key without a passphrase", [dx, "check", SAMPLE, "--sign", enc + ".key"] + at, 77,
           "the private key is encrypted: give its passphrase")
    expect("sign: passphrase from the environment", [dx, "check", SAMPLE, "--sign", enc + ".key", "--passphrase-env", "DX_PASS"] + at,
           10, env=env_ok)
    open(os.path.join(work, "pass.txt"), "w").write("correct horse\n")
    open(os.path.join(work, "wrong.txt"), "w").write("incorrect horse\n")
    expect("sign: passphrase from a file", [dx, "check", SAMPLE, "--sign", enc + ".key", "--passphrase-file",
           os.path.join(work, "pass.txt")] + at, 10)
    expect("sign: wrong passphrase", [dx, "check", SAMPLE, "--sign", enc + ".key", "--passphrase-file",
           os.path.join(work, "wrong.txt")] + at, 77, "wrong passphrase")
    expect("sign: passphrase variable not set", [dx, "check", SAMPLE, "--sign", enc + ".key", "--passphrase-env", "DX_NOPE"] + at,
           64, "the variable is not set")
    # Pinned key directories.
    trust, empty = os.path.join(work, "trust"), os.path.join(work, "empty-trust")
    os.makedirs(trust); os.makedirs(empty)
    shutil.copy(os.path.join(work, "p256.pub"), trust); shutil.copy(os.path.join(work, "ed25519.pub"), trust)
    expect("verify --trust DIR", [dx, "verify", os.path.join(work, "ed25519.dsse.json"), "--trust", trust], 0, "VALID")
    expect("verify --trust with no keys in it", [dx, "verify", os.path.join(work, "ed25519.dsse.json"), "--trust", empty], 77,
           "needs a trusted public key")
    out = expect("verify --format json", [dx, "verify", os.path.join(work, "ed25519.dsse.json"), "--key",
                 os.path.join(work, "ed25519.pub"), "--format", "json"], 0)
    try:
        if json.loads(out)["valid"] is not True: raise ValueError
    except (ValueError, KeyError):
        failures.append("verify json"); print("FAIL verify --format json is not {valid: true}")
    # X.509: a signer with a certificate chain (root -> intermediate -> leaf), made with OpenSSL.
    x = os.path.join(work, "x509")
    os.makedirs(x)
    certs = Certs(x)  # fixed validity dates (certs.py says why)
    certs.root("root", "/CN=root")
    certs.root("other_root", "/CN=other_root")
    certs.key("int")
    certs.request("int.key", "/CN=Signing CA", "int.csr")
    certs.issue("int.csr", "int.crt", "root", "ca.ext")
    key = os.path.join(x, "signer")
    expect("keygen for a certified signer", [dx, "keygen", "--out", key], 0)
    certs.request("signer.key", "/CN=Compliance Officer", "s.csr")
    certs.ext("leaf.ext", "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n")
    certs.issue("s.csr", "s.crt", "int", "leaf.ext")
    chain = os.path.join(x, "chain.pem")
    open(chain, "w").write(open(os.path.join(x, "s.crt")).read() + open(os.path.join(x, "int.crt")).read())
    signed = os.path.join(x, "d.dsse.json")
    expect("check --sign --cert", [dx, "check", SAMPLE, "--sign", key + ".key", "--cert", chain, "--out", signed] + at, 10)
    expect("verify --ca (chain to the root)", [dx, "verify", signed, "--ca", os.path.join(x, "root.crt"), "--manifest", SAMPLE],
           0, "certificate chain: CN=Compliance Officer, leads to a --ca root (CN=root); key usage digitalSignature")
    expect("verify --ca says the signing time is not attested", [dx, "verify", signed, "--ca", os.path.join(x, "root.crt")],
           0, "note  signing time not attested: the certificates are checked on the evaluation date 2026-12-01")
    out = expect("verify --ca --format json", [dx, "verify", signed, "--ca", os.path.join(x, "root.crt"), "--format", "json"], 0)
    try:
        j = json.loads(out)
        if not (j["signer"]["certificate"] is True and any(n.startswith("signing time not attested") for n in j["notes"])):
            raise ValueError
    except (ValueError, KeyError):
        failures.append("verify --ca json notes"); print("FAIL verify --ca --format json lacks signer.certificate / the note\n  " + out)
    out = expect("verify --key (no chain used) has no signing-time note", [dx, "verify", signed, "--key", key + ".pub"], 0)
    if "not attested" in out:
        failures.append("note without chain"); print("FAIL a note about certificates where none was used")
    # Leaves that may not sign, and a --ca root that has expired by the evaluation date (issue 10 #7).
    def leaf(name, ext):
        certs.request("signer.key", "/CN=" + name, name + ".csr")
        certs.issue(name + ".csr", name + ".crt", "int", certs.ext(name + ".ext", ext) if ext else "plain.ext")
        c = os.path.join(x, name + ".chain.pem")
        open(c, "w").write(open(os.path.join(x, name + ".crt")).read() + open(os.path.join(x, "int.crt")).read())
        env = os.path.join(x, name + ".dsse.json")
        expect(f"check --sign --cert ({name})", [dx, "check", SAMPLE, "--sign", key + ".key", "--cert", c, "--out", env] + at, 10)
        return env
    for name, ext, why in (("no-key-usage", "", "has no keyUsage extension"),
                           ("encipher-only", "keyUsage=critical,keyEncipherment\n", "does not allow digitalSignature"),
                           ("tls-server", "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
                            "extendedKeyUsage (1.3.6.1.5.5.7.3.1) allows neither codeSigning")):
        env = leaf(name, ext)
        expect(f"verify --ca refuses a leaf that may not sign ({name})", [dx, "verify", env, "--ca", os.path.join(x, "root.crt")],
               1, why)
    expect("verify --ca accepts documentSigning", [dx, "verify", leaf("doc-signer", "keyUsage=digitalSignature\n"
           "extendedKeyUsage=1.3.6.1.5.5.7.3.36\n"), "--ca", os.path.join(x, "root.crt")], 0, "VALID")
    # A root that expires on 2026-12-02 (UTC); intermediate and leaf for years. Evaluated a week from
    # today (never before 2026-12-08), the leaf and intermediate are valid but the root is not.
    certs.root("short_root", "/CN=short root", end="20261202000000Z")
    certs.request("int.key", "/CN=Signing CA 2", "int2.csr")
    certs.issue("int2.csr", "int2.crt", "short_root", "ca.ext")
    certs.issue("s.csr", "s2.crt", "int2", "leaf.ext", ca_key="int.key")
    chain2 = os.path.join(x, "chain2.pem")
    open(chain2, "w").write(open(os.path.join(x, "s2.crt")).read() + open(os.path.join(x, "int2.crt")).read())
    week = (datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date() + datetime.timedelta(days=7)).isoformat()
    rooted = os.path.join(x, "short_root.dsse.json")
    expect("check --sign --cert, a week from now", [dx, "check", SAMPLE, "--sign", key + ".key", "--cert", chain2, "--out", rooted,
           "--at", week], 10)
    expect("verify --ca: the root is not valid at the evaluation date", [dx, "verify", rooted, "--ca",
           os.path.join(x, "short_root.crt")], 1, "(root, CN=short root) is not valid on " + week)
    expect("verify --ca with another root", [dx, "verify", signed, "--ca", os.path.join(x, "other_root.crt")], 1,
           "does not lead to a --ca root")
    later = os.path.join(x, "later.dsse.json")
    expect("sign with a certificate, evaluated after it expires", [dx, "check", SAMPLE, "--sign", key + ".key", "--cert", chain,
           "--out", later, "--at", "2040-01-01"], 10)
    expect("verify --ca: certificate not valid at the evaluation date", [dx, "verify", later, "--ca", os.path.join(x, "root.crt")],
           1, "is not valid on 2040-01-01")
    expect("--cert that holds no certificate", [dx, "check", SAMPLE, "--sign", key + ".key", "--cert", key + ".pub"] + at,
           77, "no PEM certificate found")
    expect("--cert of another key is refused", [dx, "check", SAMPLE, "--sign", os.path.join(work, "ed25519.key"), "--cert", chain] + at,
           77, "the first certificate is not for the signing key")
    shuffled = os.path.join(x, "shuffled.pem")  # leaf, root, intermediate: not a path
    open(shuffled, "w").write("".join(open(os.path.join(x, f)).read() for f in ("s.crt", "root.crt", "int.crt")))
    expect("--cert not in path order is refused at signing (it would never verify)",
           [dx, "check", SAMPLE, "--sign", key + ".key", "--cert", shuffled, "--out", os.path.join(x, "no.json")] + at,
           77, "certificate 2 (CN=root) did not issue certificate 1 (CN=Compliance Officer)")
    if os.path.exists(os.path.join(x, "no.json")):
        failures.append("shuffled chain wrote"); print("FAIL a refused chain still wrote an envelope")
    # Node: @sigstore/core and @sigstore/verify.
    if shutil.which("node") is None or shutil.which("npm") is None:
        failures.append("node"); print("FAIL node/npm not installed: run tools/install-deps.sh")
    else:
        js = os.path.join(work, "js")
        os.makedirs(js)
        for f in ("package.json", "package-lock.json", "verify_dsse.mjs", "verify_bundle.mjs", "sign_dsse.mjs"):
            shutil.copy(os.path.join(INTEROP, f), js)
        expect("npm ci (@sigstore/core, @sigstore/verify)", ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], 0, cwd=js)
        for alg in ("ed25519", "p256"):
            envp, pub = os.path.join(work, alg + ".dsse.json"), os.path.join(work, alg + ".pub")
            expect(f"@sigstore/core verifies {alg}", ["node", "verify_dsse.mjs", envp, pub], 0, "verified", cwd=js)
            expect(f"@sigstore/verify verifies {alg}", ["node", "verify_bundle.mjs", envp, pub], 0, "verified", cwd=js)
            other = os.path.join(work, "p256.pub" if alg == "ed25519" else "ed25519.pub")
            expect(f"@sigstore/verify rejects the wrong key {alg}", ["node", "verify_bundle.mjs", envp, other], 1, cwd=js)
            if alg == "ed25519":
                expect("@sigstore/verify accepts an envelope carrying a certificate chain",
                       ["node", "verify_bundle.mjs", signed, key + ".pub"], 0, "verified", cwd=js)
            # The other direction: Node signs dxcheck's statement; dxcheck verifies it.
            payload = os.path.join(work, "pae_" + alg, "payload.bin")
            nenv, npub = os.path.join(work, "node_" + alg + ".dsse.json"), os.path.join(work, "node_" + alg + ".pub")
            expect(f"node signs {alg}", ["node", "sign_dsse.mjs", alg, payload, nenv, npub], 0, cwd=js)
            expect(f"dxcheck verifies node's {alg} envelope", [dx, "verify", nenv, "--key", npub, "--manifest", SAMPLE], 0, "VALID")
            env_doc = json.load(open(nenv))
            env_doc["payloadType"] = "application/vnd.in-toto+jsom"
            json.dump(env_doc, open(nenv + ".bad", "w"))
            expect(f"dxcheck rejects node's envelope with a changed type {alg}", [dx, "verify", nenv + ".bad", "--key", npub], 1,
                   "payload type")
    print("FAILED: " + ", ".join(failures) if failures else "all passed")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
