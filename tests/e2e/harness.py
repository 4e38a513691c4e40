"""What the end-to-end scripts share: run a command (no stdin, a timeout, stdout and stderr
together) and check its exit code and output, collecting failures instead of stopping at the first."""
import subprocess

failures = []


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300, **kw)
    return p.returncode, p.stdout + p.stderr


def expect(name, cmd, code, contains=None, **kw):
    """Runs cmd (kw: cwd, env); records a failure unless it exits `code` and prints `contains`."""
    rc, out = run(cmd, **kw)
    if rc != code or (contains and contains not in out):
        failures.append(name)
        print(f"FAIL {name}: exit {rc} (expected {code})\n  " + out.strip()[-900:])
    else:
        print(f"ok   {name}")
    return out
