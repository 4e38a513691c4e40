#!/usr/bin/env python3
"""dxcheck serve through real clients (issue 16): curl, Python's urllib and Node's fetch, on
127.0.0.1 with a port the service picks (--listen 127.0.0.1:0, read from its first log line).
Functional: /v1/check gives the CLI's decision for every sample (200 whatever the verdict, the exit
code in the body and the Dxcheck-Exit-Code header), 422 with the CLI's diagnostic codes and pointers,
options by query and header, /v1/verify, /v1/lists, /healthz, /readyz, /metrics (read by the npm
parser parse-prometheus-text-format), bearer tokens. Faults: truncated bodies, wrong content types,
a 10 MB body, 10,000 headers, a slowloris client, too many connections, invalid UTF-8 — each a
precise 4xx (eight concurrent 10 MB bodies: peak RSS bounded), a wrong method a 405 with Allow, the
service still answering after. Reload (SIGHUP x20 under load, two lists changed each time: each
rule-set version answers with one set of list digests; a broken list keeps the old set) and drain
(SIGTERM with requests half sent: each answered, exit 0; SIGTERM under load: every request the
service logged reached its client whole). A service that does not start is a failure, never a skip.
usage: serve.py DXCHECK SOURCE_DIR NPM_DIR WORKDIR"""
import gzip
import json, os, re, shutil, signal, socket, stat, subprocess, sys, threading, time
import urllib.error, urllib.request

DX, SRC, NPM, WORK = (os.path.abspath(a) for a in sys.argv[1:5])
SAMPLES = os.path.join(SRC, "samples")
AT = "2026-12-01"
failures = []


def check(name, ok, detail=""):
    if ok:
        print(f"ok   {name}")
    else:
        failures.append(name)
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))


class Service:
    """One `dxcheck serve` on 127.0.0.1:0; its stderr (the JSON log) collected in self.log."""

    def __init__(self, *args):
        self.log_path = os.path.join(WORK, f"serve-{time.time_ns()}.log")
        self.log_file = open(self.log_path, "w+")
        self.proc = subprocess.Popen([DX, "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.DEVNULL, stderr=self.log_file,
                                     stdin=subprocess.DEVNULL)
        self.port = None
        deadline = time.time() + 15
        while time.time() < deadline and self.proc.poll() is None:
            m = re.search(r'"event":"listening","address":"127\.0\.0\.1:(\d+)"', self.log())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.05)
        if self.port is None:
            raise RuntimeError(f"dxcheck serve did not start: {self.log()[-800:]}")
        self.url = f"http://127.0.0.1:{self.port}"

    def log(self):
        return open(self.log_path).read()

    def log_lines(self):
        return [json.loads(l) for l in self.log().splitlines() if l.startswith("{")]

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return "timeout"


def peak_rss_kb(svc):
    """The service's peak resident set (VmHWM), in kB."""
    for line in open(f"/proc/{svc.proc.pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/PID/status")


def http(method, url, body=None, headers=None, timeout=20):
    """(status, headers, body bytes) through urllib, 4xx/5xx included."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def post_check(svc, body, query="", headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return http("POST", svc.url + "/v1/check" + query, body, h)


def raw(port, data, shut_write=False, timeout=10, every_response=False):
    """Sends raw bytes; returns what the server answers: its first whole response, or with
    `every_response` everything until it closes the connection (or `timeout` passes without a
    byte), however many responses that is."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        if shut_write:
            s.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            head, sep, rest = out.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
            if not every_response and sep and m and len(rest) >= int(m.group(1)):
                break  # one whole response: do not wait for the connection to close
        return out
    finally:
        s.close()


def raw_all(port, data, timeout=5):
    return raw(port, data, timeout=timeout, every_response=True)


def status_of(resp):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    return int(m.group(1)) if m else None


def cli_decision(path, *args):
    p = subprocess.run([DX, "check", path, "--at", AT, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def samples():
    return sorted(os.path.join(SAMPLES, f) for f in os.listdir(SAMPLES) if f.endswith(".json"))


def functional():
    svc = Service()
    try:
        # Every sample: the service's decision is the CLI's, document and exit code.
        for path in samples():
            name = os.path.basename(path)
            rc, out, _ = cli_decision(path)
            st, h, body = post_check(svc, open(path, "rb").read(), f"?at={AT}")
            ok = st == 200 and json.loads(body) == json.loads(out) and \
                int(h.get("Dxcheck-Exit-Code", -1)) == rc == json.loads(body)["exitCode"]
            check(f"urllib /v1/check {name}: the CLI's decision, exit {rc} in body and header", ok,
                  f"status {st}, headers {h}")
        # curl, as a pipeline would call it.
        sample = samples()[0]
        p = subprocess.run(["curl", "-sS", "-D", "-", "-H", "Content-Type: application/json",
                            "--data-binary", "@" + sample, f"{svc.url}/v1/check?at={AT}"],
                           capture_output=True, text=True)
        check("curl /v1/check: 200 with Dxcheck-Exit-Code and Dxcheck-Verdict",
              p.returncode == 0 and "HTTP/1.1 200" in p.stdout and "Dxcheck-Exit-Code:" in p.stdout
              and "Dxcheck-Verdict:" in p.stdout, p.stdout[:300] + p.stderr)
        # Options: query and header forms agree with the CLI flags.
        for sample in samples():
            rc, out, _ = cli_decision(sample, "--no-clearance")
            if json.loads(out)["exitCode"] != json.loads(cli_decision(sample)[1])["exitCode"]:
                break
        body = open(sample, "rb").read()
        q = post_check(svc, body, f"?at={AT}&noClearance=true")
        hd = post_check(svc, body, "", {"Dxcheck-At": AT, "Dxcheck-No-Clearance": "true"})
        check("noClearance by query and by header = --no-clearance",
              q[0] == hd[0] == 200 and json.loads(q[2]) == json.loads(hd[2]) == json.loads(out))
        rc_s, out_s, _ = cli_decision(os.path.join(SRC, "tests/e2e/unclassified.json"), "--strict")
        st, _, b = post_check(svc, open(os.path.join(SRC, "tests/e2e/unclassified.json"), "rb").read(),
                              f"?at={AT}&strict")
        check("strict: an unclassified field is a 422 (CLI --strict exits 65)",
              rc_s == 65 and st == 422 and json.loads(b)["exitCode"] == 65, f"{rc_s} {st}")
        for query, what in [("?at=2026-13-01", "a malformed date"), ("?bogus=1", "an unknown option"),
                            ("?strict=maybe", "a bad boolean"), ("?at=2026-12-01&at=2026-12-02", "a repeat"),
                            ("?record=true", "record without a ledger")]:
            st, _, b = post_check(svc, body, query)
            check(f"400 for {what} ({query})", st == 400 and b"\"error\"" in b, f"{st} {b[:200]}")
        # Invalid manifests: 422 with the CLI's codes and pointers.
        bad_dir = os.path.join(SRC, "tests/bad_inputs")
        for f in ["duplicate-key.json", "invalid-utf8.json", "sensitive-exceeds-personal.json",
                  "not-an-object.json", "recipient-cn.json"]:
            path = os.path.join(bad_dir, f)
            rc, _, err = cli_decision(path)
            st, h, b = post_check(svc, open(path, "rb").read(), f"?at={AT}")
            doc = json.loads(b) if st == 422 else {}
            diags = [d for d in doc.get("diagnostics", []) if d["severity"] == "error"]
            cli = re.findall(r"error\[(E\d+)\]", err)
            ok = st == 422 and rc == 65 and [d["code"] for d in diags] == cli and \
                all((d["pointer"] or "") in err for d in diags) and h.get("Dxcheck-Exit-Code") == "65"
            check(f"422 {f}: codes {cli} and pointers as the CLI", ok, f"{st} {b[:300]}")
        # Content types, routes, malformed requests.
        st, _, b = post_check(svc, body, "", {"Content-Type": "text/plain"})
        check("415 for Content-Type text/plain", st == 415, f"{st}")
        st, _, b = http("GET", svc.url + "/v1/nothing")
        check("404 for an unknown route, naming the routes", st == 404 and b"/v1/check" in b)
        p = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-d", "@-",
                            f"{svc.url}/v1/check?at={AT}"], input=body, capture_output=True)
        check("415 for curl -d's default application/x-www-form-urlencoded", p.stdout == b"415",
              p.stdout + p.stderr)
        resp = raw(svc.port, b"POST /v1/check?at=2026-12-01 HTTP/1.1\r\nHost: x\r\nContent-Length: "
                             b"%d\r\nConnection: close\r\n\r\n" % len(body) + body)
        check("no Content-Type at all: read as JSON, 200", status_of(resp) == 200, resp[:100])
        st, _, _ = http("POST", svc.url + "/v1/verify", b"{}", {"Content-Type": "application/xml"})
        check("415 for /v1/verify with application/xml", st == 415, f"{st}")
        # A wrong method on a known route: 405 with Allow (not 404).
        for method, route, allow in [("GET", "/v1/check", "POST"), ("PUT", "/v1/check", "POST"),
                                     ("DELETE", "/v1/verify", "POST"),
                                     ("POST", "/healthz", "GET, HEAD"),
                                     ("PATCH", "/metrics", "GET, HEAD"),
                                     ("POST", "/v1/lists", "GET, HEAD")]:
            st, h, b = http(method, svc.url + route, b"{}" if method != "GET" else None,
                            {"Content-Type": "application/json"})
            check(f"405 for {method} {route}, Allow: {allow}",
                  st == 405 and h.get("Allow") == allow and b'"status":405' in b, f"{st} {h} {b[:200]}")
        st, h, _ = http("HEAD", svc.url + "/healthz")
        check("HEAD /healthz 200", st == 200, f"{st}")
        check("400 for a garbage request line",
              status_of(raw(svc.port, b"BLAH\r\n\r\n")) == 400)
        # A body cut short but complete as declared: the JSON is truncated, 422 E-code.
        st, _, b = post_check(svc, body[: len(body) // 2], f"?at={AT}")
        check("422 for a manifest cut in half", st == 422 and b"diagnostics" in b, f"{st}")
        # 10 MB body: 413 (the limit is 4 MiB), the service reads and drops it.
        p = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                            "Content-Type: application/json", "--data-binary", "@-",
                            svc.url + "/v1/check"], input=b"{" + b" " * (10 << 20) + b"}",
                           capture_output=True)
        check("413 for a 10 MB body", p.stdout == b"413", p.stdout + p.stderr)
        # Eight 10 MB bodies at once, declared and sent: each a 413, none of them held in memory.
        rss_before = peak_rss_kb(svc)
        big = b"{" + b" " * (10 << 20) + b"}"
        codes = []
        def big_post():
            try:
                codes.append(post_check(svc, big, f"?at={AT}")[0])
            except OSError as e:  # the service may close before the client has sent it all
                codes.append(type(e).__name__)
        ts = [threading.Thread(target=big_post) for _ in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        grew = (peak_rss_kb(svc) - rss_before) / 1024
        check(f"8 concurrent 10 MB bodies: {codes}; peak RSS grew {grew:.1f} MB (bound 64 MB)",
              all(c in (413, "ConnectionResetError", "BrokenPipeError") for c in codes)
              and 413 in codes and grew < 64)
        # 10,000 headers: 431.
        many = b"".join(b"X-H%d: v\r\n" % i for i in range(10000))
        resp = raw(svc.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
        check("431 for 10,000 header fields", status_of(resp) == 431, resp[:100])
        # Invalid UTF-8 in an option: 400 (not a crash, not a 200).
        resp = raw(svc.port, b"POST /v1/check?at=\xff\xfe HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             b"application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        check("400 for invalid UTF-8 in the query", status_of(resp) == 400, resp[:100])
        # Lists, health, readiness.
        st, _, b = http("GET", svc.url + "/v1/lists")
        lists = json.loads(b)
        check("/v1/lists: ids, versions, sha256", st == 200 and all(
            set(l) >= {"id", "version", "sha256"} for l in lists["lists"]) and lists["lists"])
        check("/healthz 200", http("GET", svc.url + "/healthz")[0] == 200)
        check("/readyz 200 with the rule-set version",
              json.loads(http("GET", svc.url + "/readyz")[2]).get("rulesVersion") == 1)
        # The service is still up after all of the above, and its log is one JSON line per request.
        check("still answering after the bad input", post_check(svc, body, f"?at={AT}")[0] == 200)
        print(f"--   peak RSS after the bad input: {peak_rss_kb(svc) / 1024:.1f} MB")
        metrics_node(svc)
    finally:
        rc = svc.stop()
    lines = svc.log_lines()
    reqs = [l for l in lines if "route" in l]
    check("one JSON log line per request, with route, status, duration; exit 0 on SIGTERM",
          rc == 0 and len(reqs) >= 20 and all({"time", "route", "status", "durationMs", "verdict",
                                               "transferId"} <= set(l) for l in reqs), f"rc {rc}")
    check("the log carries no manifest content beyond the transfer id",
          "exporter" not in svc.log() and "resources" not in svc.log())


def metrics_node(svc):
    """Node's fetch (a client nobody here wrote) reads /metrics and /v1/check; the npm parser
    parse-prometheus-text-format reads the exposition."""
    script = r"""
const parse = require('parse-prometheus-text-format');
const [url, manifest] = process.argv.slice(1);
(async () => {
  const body = require('fs').readFileSync(manifest);
  const c = await fetch(url + '/v1/check?at=2026-12-01', {method: 'POST', body,
                        headers: {'Content-Type': 'application/json'}});
  const d = await c.json();
  const m = await fetch(url + '/metrics');
  const families = parse(await m.text());
  console.log(JSON.stringify({status: c.status, exit: c.headers.get('dxcheck-exit-code'),
    bodyExit: d.exitCode, ctype: m.headers.get('content-type'),
    families: Object.fromEntries(families.map(f => [f.name, {type: f.type, metrics: f.metrics}]))}));
})().catch(e => { console.error(e); process.exit(1); });
"""
    env = dict(os.environ, NODE_PATH=os.path.join(NPM, "node_modules"))
    p = subprocess.run(["node", "-e", script, svc.url, samples()[0]], capture_output=True, text=True,
                       env=env, timeout=60)
    if p.returncode != 0:
        check("node fetch + parse-prometheus-text-format", False, p.stderr[-600:])
        return
    r = json.loads(p.stdout)
    check("node fetch /v1/check: 200, exit code header = body", r["status"] == 200 and
          int(r["exit"]) == r["bodyExit"])
    f = r["families"]
    reqs = f.get("dxcheck_requests_total", {})
    hist = f.get("dxcheck_request_duration_seconds", {})
    ok = reqs.get("type") == "COUNTER" and hist.get("type") == "HISTOGRAM" and \
        f.get("dxcheck_rule_set_version", {}).get("type") == "GAUGE" and \
        "dxcheck_ledger_errors_total" in f and \
        any(m["labels"].get("route") == "/v1/check" and m["labels"].get("status") == "422"
            for m in reqs.get("metrics", [])) and \
        any(m["labels"].get("verdict") not in (None, "none") for m in reqs.get("metrics", []))
    check("/metrics parsed by parse-prometheus-text-format: requests by route/status/verdict, "
          "latency histogram, rule-set version, ledger errors", ok, json.dumps(f)[:600])
    check("/metrics Content-Type text/plain; version=0.0.4", "version=0.0.4" in (r["ctype"] or ""))


def tokens():
    tok = "s3cr3t-token-0123456789abcdef"
    path = os.path.join(WORK, "tokens.txt")
    open(path, "w").write("# CI pipelines\n" + tok + "\n")
    os.chmod(path, 0o644)
    p = subprocess.run([DX, "serve", "--listen", "127.0.0.1:0", "--tokens", path],
                       capture_output=True, text=True, timeout=20)
    check("--tokens readable by others: refused (77)", p.returncode == 77 and "chmod 600" in p.stderr,
          p.stderr)
    os.chmod(path, 0o600)
    svc = Service("--tokens", path)
    try:
        body = open(samples()[0], "rb").read()
        st, h, _ = post_check(svc, body, f"?at={AT}")
        check("401 without a token, with WWW-Authenticate", st == 401 and "Bearer" in
              h.get("WWW-Authenticate", ""), f"{st}")
        st, _, _ = post_check(svc, body, f"?at={AT}", {"Authorization": "Bearer " + tok[:-1] + "X"})
        check("401 with a wrong token", st == 401)
        st, _, _ = post_check(svc, body, f"?at={AT}", {"Authorization": "Bearer " + tok})
        check("200 with the token", st == 200)
        check("/healthz needs no token", http("GET", svc.url + "/healthz")[0] == 200)
    finally:
        svc.stop()


def signing():
    prefix = os.path.join(WORK, "signer")
    for f in (prefix + ".key", prefix + ".pub"):
        if os.path.exists(f):
            os.remove(f)
    subprocess.run([DX, "keygen", "--alg", "ed25519", "--out", prefix], check=True,
                   capture_output=True)
    svc = Service("--sign", prefix + ".key")
    try:
        sample = samples()[0]
        body = open(sample, "rb").read()
        st, h, env = post_check(svc, body, f"?at={AT}")
        env_path = os.path.join(WORK, "served.dsse.json")
        open(env_path, "wb").write(env)
        p = subprocess.run([DX, "verify", env_path, "--key", prefix + ".pub", "--manifest", sample],
                           capture_output=True, text=True)
        check("--sign: a DSSE envelope that dxcheck verify accepts with the manifest",
              st == 200 and "dsse" in h.get("Content-Type", "") and p.returncode == 0,
              p.stdout[-300:] + p.stderr[-300:])
        req = json.dumps({"envelope": env.decode(), "manifest": body.decode()}).encode()
        st, _, b = http("POST", svc.url + "/v1/verify", req, {"Content-Type": "application/json"})
        check("/v1/verify envelope + manifest: valid", st == 200 and json.loads(b).get("valid") is True,
              b[:300])
        tampered = env.replace(b'"payload":"', b'"payload":"A', 1)
        st, _, b = http("POST", svc.url + "/v1/verify", tampered, {"Content-Type": "application/json"})
        check("/v1/verify a tampered envelope: 200, valid false", st == 200 and
              json.loads(b).get("valid") is False, b[:300])
    finally:
        svc.stop()


def slow_clients():
    svc = Service("--request-timeout", "1", "--keep-alive", "1", "--max-connections", "4",
                  "--io-timeout", "1")
    try:
        # Truncated body: Content-Length says more than is sent, then the client stops sending
        # (and waits): 400 once a read times out.
        body = open(samples()[0], "rb").read()
        start = time.time()
        resp = raw(svc.port, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 5000\r\n\r\n" + body[:100], timeout=5)
        check(f"400 for a truncated body ({time.time() - start:.1f} s)", status_of(resp) == 400,
              resp[:100])
        # Slowloris: a header byte every 0.3 s. The service closes it after the deadline (2 s).
        s = socket.create_connection(("127.0.0.1", svc.port), timeout=10)
        start, closed = time.time(), False
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        while time.time() - start < 8:
            try:
                s.sendall(b"X")
                s.settimeout(0.3)
                if s.recv(100) == b"":
                    closed = True
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
        held = time.time() - start
        s.close()
        check(f"slowloris closed after {held:.1f} s (deadline 2 s)", closed and held < 5)
        # Too many connections: 10 idle sockets, at most 4 kept.
        socks = [socket.create_connection(("127.0.0.1", svc.port)) for _ in range(10)]
        time.sleep(0.6)
        alive = 0
        for c in socks:
            c.setblocking(False)
            try:
                alive += c.recv(1) != b""
            except BlockingIOError:
                alive += 1
            except OSError:
                pass
            c.close()
        check(f"connection limit: {alive} of 10 idle connections kept (limit 4)", alive <= 4)
        st, _, b = http("GET", svc.url + "/metrics")
        check("still answering; closed connections counted",
              st == 200 and re.search(rb'connections_closed_total\{reason="timeout"\} [1-9]', b)
              and re.search(rb'connections_closed_total\{reason="limit"\} [1-9]', b))
    finally:
        svc.stop()


def reload():
    rules = os.path.join(WORK, "rules")
    shutil.rmtree(rules, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "rules"), rules, ignore=shutil.ignore_patterns("tests"))
    svc = Service("--rules", rules)
    import hashlib
    # Two lists change at each step, so a check that mixed two rule sets would show.
    changed = ["cn-hgr", "cn-baseline"]
    paths = {c: os.path.join(rules, c + ".json") for c in changed}
    originals = {c: open(paths[c], "rb").read() for c in changed}
    states = {c: [hashlib.sha256(originals[c]).hexdigest()] for c in changed}
    hgr, original = paths["cn-hgr"], originals["cn-hgr"]
    body = open(samples()[0], "rb").read()
    seen, bad, stop = [], [], threading.Event()

    def client():
        while not stop.is_set():
            try:
                st, h, b = post_check(svc, body, f"?at={AT}")
            except OSError as e:
                bad.append(type(e).__name__)
                continue
            if st != 200:
                bad.append(st)
                continue
            d = json.loads(b)
            seen.append((int(h.get("Dxcheck-Rules-Version", 0)),
                         tuple(sorted((l["id"], l["sha256"]) for l in d["lists"]))))

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(20):
            time.sleep(0.15)
            for c in changed:
                content = originals[c] + b"\n" * (i + 1)  # new bytes, same list
                open(paths[c] + ".tmp", "wb").write(content)
                os.replace(paths[c] + ".tmp", paths[c])
                states[c].append(hashlib.sha256(content).hexdigest())
            svc.proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join()
    by_version = {}
    for version, lists in seen:
        by_version.setdefault(version, set()).add(lists)
    unchanged = {(i, d) for _, lists in seen[:1] for i, d in lists if i not in changed}
    def known(lists):  # unchanged lists as at start, the changed ones in a state written to disk
        return {(i, d) for i, d in lists if i not in changed} == unchanged and \
            all(d in states[i] for i, d in lists if i in changed)
    reloads = [l for l in svc.log_lines() if l.get("event") == "reload" and l.get("result") == "ok"]
    check(f"SIGHUP x20 under load (4 urllib clients): {len(seen)} decisions, 0 errors, "
          f"{len(reloads)} reloads logged, {len(by_version)} rule-set versions answered, each with "
          f"one set of list digests", not bad and seen and len(by_version) >= 2 and
          all(v > 0 and len(sets) == 1 for v, sets in by_version.items()) and
          all(known(l) for _, l in seen),
          f"errors {bad[:5]}; versions {sorted(by_version)}")
    states = states["cn-hgr"]
    # A reload takes as long as loading the lists (seconds under ASan): poll for the newest, bounded.
    deadline = time.time() + 30
    while True:
        st, _, b = post_check(svc, body, f"?at={AT}")
        last = [l["sha256"] for l in json.loads(b)["lists"] if l["id"] == "cn-hgr"][0]
        if last == states[-1] or time.time() > deadline:
            break
        time.sleep(0.2)
    check("after the reloads the newest list is in force", last == states[-1])
    # A broken list: the reload fails, the old set stays, the log says why.
    open(hgr, "w").write("{ not json")
    svc.proc.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    st, _, b = post_check(svc, body, f"?at={AT}")
    still = [l["sha256"] for l in json.loads(b)["lists"] if l["id"] == "cn-hgr"][0]
    failed = [l for l in svc.log_lines() if l.get("event") == "reload" and l.get("result") == "failed"]
    check("a failed reload keeps the old set and logs why",
          st == 200 and still == states[-1] and failed and "cn-hgr.json" in failed[0]["reason"],
          str(failed)[:300])
    for c in changed:
        open(paths[c], "wb").write(originals[c])
    check("SIGTERM after reloads: exit 0", svc.stop() == 0)


def drain():
    svc = Service()
    body = open(samples()[0], "rb").read()
    head = (b"POST /v1/check?at=2026-12-01 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    socks = []
    for _ in range(5):
        s = socket.create_connection(("127.0.0.1", svc.port), timeout=10)
        s.sendall(head + body[: len(body) // 2])
        socks.append(s)
    time.sleep(0.3)
    svc.proc.send_signal(signal.SIGTERM)
    time.sleep(0.4)
    try:
        socket.create_connection(("127.0.0.1", svc.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    answers = []
    for s in socks:
        s.sendall(body[len(body) // 2:])
        out = b""
        while b"\r\n\r\n" not in out or len(out.split(b"\r\n\r\n", 1)[1]) < 100:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        answers.append(status_of(out))
        s.close()
    rc = svc.stop(timeout=20)
    check(f"SIGTERM drains: new connections refused, the 5 half-sent requests answered {answers}, "
          f"exit {rc}", refused and answers == [200] * 5 and rc == 0)


def drain_under_load():
    """SIGTERM while 6 clients post checks back to back (a new connection each): every request the
    service accepted (logged) reached its client whole; none was cut; exit 0. Bounded: the clients
    stop at their first refused connection or after 15 s."""
    svc = Service()
    body = open(samples()[0], "rb").read()
    req = (b"POST /v1/check?at=2026-12-01 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
    outcomes, lock, sent_term = [], threading.Lock(), threading.Event()
    term_at = [0.0]

    def client():
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                s = socket.create_connection(("127.0.0.1", svc.port), timeout=10)
            except OSError:
                with lock:
                    outcomes.append(("refused", time.time()))
                return
            out = b""
            try:
                s.sendall(req)
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    out += chunk
            except OSError:
                pass
            finally:
                s.close()
            head, sep, rest = out.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
            whole = bool(sep and m and len(rest) == int(m.group(1)))
            kind = "answered" if whole and status_of(out) == 200 else "empty" if not out else "cut"
            with lock:
                outcomes.append((kind, time.time()))

    threads = [threading.Thread(target=client) for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    term_at[0] = time.time()
    svc.proc.send_signal(signal.SIGTERM)
    for t in threads:
        t.join()
    rc = svc.stop(timeout=20)
    logged = [l for l in svc.log_lines() if l.get("route") == "/v1/check"]
    count = {k: sum(1 for o, _ in outcomes if o == k) for k in ("answered", "empty", "cut", "refused")}
    after = sum(1 for o, t in outcomes if o == "answered" and t > term_at[0])
    check(f"SIGTERM under load: {count['answered']} answered ({after} after the signal), "
          f"{len(logged)} logged by the service, {count['empty']} closed unread, {count['cut']} cut, "
          f"{count['refused']} refused; exit {rc}",
          rc == 0 and count["cut"] == 0 and count["answered"] == len(logged) > 0 and
          all(l["status"] == 200 for l in logged) and count["refused"] == 6)


def framing():
    """Bodies the HTTP library would read whole before any limit (chunked, unframed, gzip'd), and
    bodies left unread that would be parsed as the next request (request smuggling)."""
    svc = Service()
    try:
        before = peak_rss_kb(svc)
        chunk = b" " * (1 << 20)
        s = socket.create_connection(("127.0.0.1", svc.port), timeout=10)
        s.sendall(b"POST /nope HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        # The answer comes from the headers alone, before any of the body is sent.
        try:
            first = s.recv(200)
        except OSError:
            first = b""
        sent = 0
        try:
            for _ in range(64):
                s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n"); sent += 1
        except OSError:
            pass
        s.close()
        grew = peak_rss_kb(svc) - before
        check(f"a chunked body (to any path, no token) is refused before it is read: 411, "
              f"{sent} of 64 MiB taken, peak memory +{grew} kB", status_of(first) == 411 and grew < 32 * 1024,
              first[:120])
        # (Not half-closed: cpp-httplib answers nothing to a client that shut its side.)
        resp = raw(svc.port, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n{}")
        check("a POST without Content-Length: 411", status_of(resp) == 411, resp[:120])
        gz = gzip.compress(b"{" + b" " * (8 << 20) + b"}")
        resp = raw(svc.port, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(gz) + gz)
        check("a gzip'd body (8 MiB inflated, under the limit compressed): 415", status_of(resp) == 415, resp[:120])
        inner = b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
        for label, want, req in (("a GET with a body", b"400", b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"),
                                 ("a refused method with a body", b"405", b"PUT /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n")):
            s = socket.create_connection(("127.0.0.1", svc.port), timeout=5)
            s.sendall(req % len(inner)); time.sleep(0.2); s.sendall(inner)
            out = b""
            try:
                while True:
                    d = s.recv(65536)
                    if not d:
                        break
                    out += d
            except OSError:
                pass
            s.close()
            answers = re.findall(rb"HTTP/1\.1 (\d{3})", out)
            check(f"{label}: one answer, then the connection is closed (no smuggled request)",
                  answers == [want], out[:300])
        # Content-Length that a proxy in front may read otherwise than the service (request smuggling):
        # each refused with exactly one 400 before the body is read, then the connection closed, so
        # the request hidden in the body is never answered.
        n = len(inner)
        for label, fields in (("Content-Length 0 and N", [b"0", b"%d" % n]),
                              ("Content-Length N and 0", [b"%d" % n, b"0"]),
                              ("two differing Content-Length", [b"%d" % n, b"%d" % (n + 1)]),
                              ("two equal Content-Length", [b"%d" % n, b"%d" % n]),
                              ("Content-Length and content-length", [b"%d" % n, b"%d" % n])):
            names = [b"Content-Length", b"content-length" if "content-length" in label else b"Content-Length"]
            head = b"".join(k + b": " + v + b"\r\n" for k, v in zip(names, fields))
            req = (b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + head +
                   b"\r\n" + inner)
            answers = re.findall(rb"HTTP/1\.1 (\d{3})", raw_all(svc.port, req))
            check(f"{label}: exactly one 400, then closed", answers == [b"400"], str(answers))
        for value in (b"+%d" % n, b"-%d" % n, b"0x%x" % n, b"%d, %d" % (n, n), b"%d %d" % (n, n),
                      b"0%d" % n, b"0" * 30 + b"%d" % n, b"%d\x0b" % n, b"%de0" % n, b"99999999999999999999999",
                      b"abc"):
            req = (b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   b"Content-Length: " + value + b"\r\n\r\n" + inner)
            answers = re.findall(rb"HTTP/1\.1 (\d{3})", raw_all(svc.port, req))
            check(f"Content-Length {value!r}: exactly one 400, then closed", answers == [b"400"], str(answers))
        # Field names that are not tokens: a space before the colon, a folded line. cpp-httplib would
        # ignore them; a proxy in front may take them for the length.
        for label, head in (("a space before the colon", b"Content-Length : %d\r\n" % n),
                            ("a folded Content-Length line", b"X-A: b\r\n Content-Length: %d\r\n" % n),
                            ("Transfer-Encoding with a space before the colon", b"Transfer-Encoding : chunked\r\n")):
            req = (b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 0\r\n" +
                   head + b"\r\n" + inner)
            answers = re.findall(rb"HTTP/1\.1 (\d{3})", raw_all(svc.port, req))
            check(f"{label}: exactly one 400, then closed", answers == [b"400"], str(answers))
        st, _, _ = post_check(svc, open(samples()[0], "rb").read(), "?at=2026-12-01")
        check("a framed request still answers", st == 200, str(st))
    finally:
        svc.stop()


def main():
    os.makedirs(WORK, exist_ok=True)
    for step in (functional, tokens, signing, slow_clients, framing, reload, drain, drain_under_load):
        t0 = time.time()
        try:
            step()
            print(f"--   {step.__name__}: {time.time() - t0:.1f} s")
        except Exception as e:  # a service that does not start fails the test, never skips it
            check(f"{step.__name__}: {type(e).__name__}: {e}", False)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
