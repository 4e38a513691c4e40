#!/usr/bin/env python3
"""A throwaway PostgreSQL server for the ledger tests (Debian's `postgresql` package).

    pg_server.py start STATE_FILE   initdb + pg_ctl start in a new temp dir; writes STATE_FILE (JSON: url, ...)
    pg_server.py stop STATE_FILE    pg_ctl stop (immediate) and remove the temp dir

The server runs as the unprivileged `postgres` user when started by root (CI runs as root; PostgreSQL refuses
to run as root), listens on a Unix socket in the temp dir only (listen_addresses='', no TCP port to clash),
and has one role, `dxtest`, whose password is random and planted so that the tests can grep every output for
it. Under CI=true a server that cannot be started fails the step; elsewhere `start` exits 77 (skip) after saying
why, loudly."""
import glob, json, os, secrets, shutil, subprocess, sys, tempfile


def fail(msg):
    print("pg_server: " + msg, file=sys.stderr)
    if os.environ.get("CI") == "true":
        print("pg_server: CI=true: PostgreSQL is required here (tools/install-deps.sh --test installs it)",
              file=sys.stderr)
        sys.exit(1)
    print("pg_server: SKIPPING the PostgreSQL half of the ledger tests (install the Debian package "
          "`postgresql`, or run tools/install-deps.sh --test)", file=sys.stderr)
    sys.exit(77)


def bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return os.path.dirname(found[-1]) if found else None


def as_server_user(cmd):
    return (["runuser", "-u", "postgres", "--"] + cmd) if os.geteuid() == 0 else cmd


def start(state_file):
    bins = bindir()
    if not bins:
        fail("no /usr/lib/postgresql/*/bin/initdb: the Debian package `postgresql` is not installed")
    base = tempfile.mkdtemp(prefix="dxpg-", dir="/tmp")
    os.chmod(base, 0o755)
    password = "Pl4nted-" + secrets.token_hex(12)
    pwfile = os.path.join(base, "pw")
    with open(pwfile, "w") as f:
        f.write(password + "\n")
    if os.geteuid() == 0:
        import pwd
        pw = pwd.getpwnam("postgres")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        os.chown(pwfile, pw.pw_uid, pw.pw_gid)
    data, log = os.path.join(base, "data"), os.path.join(base, "server.log")
    r = subprocess.run(as_server_user([bins + "/initdb", "-D", data, "-U", "dxtest", "--pwfile", pwfile,
                                       "-A", "scram-sha-256", "--no-sync", "-E", "UTF8", "--no-locale"]),
                       capture_output=True, text=True)
    os.unlink(pwfile)
    if r.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        fail("initdb failed: " + r.stderr[-2000:])
    opts = f"-c listen_addresses='' -k {base} -c fsync=off -c max_connections=60"
    r = subprocess.run(as_server_user([bins + "/pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o", opts,
                                       "start"]), capture_output=True, text=True)
    if r.returncode != 0:
        tail = open(log).read()[-2000:] if os.path.exists(log) else ""
        shutil.rmtree(base, ignore_errors=True)
        fail("pg_ctl start failed: " + r.stderr[-2000:] + tail)
    state = {"base": base, "data": data, "bindir": bins, "password": password,
             "url": f"postgresql://dxtest:{password}@/postgres?host={base}",
             "url_without_password": f"postgresql://dxtest@/postgres?host={base}"}
    with open(state_file, "w") as f:
        json.dump(state, f)
    print(f"pg_server: PostgreSQL {os.path.basename(os.path.dirname(bins))} up on the Unix socket in {base}")


def stop(state_file):
    if not os.path.exists(state_file):
        return
    with open(state_file) as f:
        s = json.load(f)
    subprocess.run(as_server_user([s["bindir"] + "/pg_ctl", "-D", s["data"], "-m", "immediate", "-w", "stop"]),
                   capture_output=True)
    shutil.rmtree(s["base"], ignore_errors=True)
    os.unlink(state_file)
    print("pg_server: stopped and removed " + s["base"])


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit(__doc__)
    (start if sys.argv[1] == "start" else stop)(sys.argv[2])
