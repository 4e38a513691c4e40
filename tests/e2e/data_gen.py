"""Synthetic test data for `check --data` (tests/e2e/data_check.py, samples, bench): resident ID
numbers with a valid GB 11643 check digit, mainland mobile numbers, e-mail addresses, Luhn-valid bank
card numbers, and manifests describing the files written. Every person is made up: region 110101
(Beijing Dongcheng), sequential birth dates and sequence numbers, 138/139 mobile numbers."""
import hashlib
import json
import os

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(i):
    """The i-th synthetic 18-character resident ID number (valid check digit and birth date)."""
    year, day = 1950 + i % 50, 1 + i % 28
    month = 1 + (i // 28) % 12
    body = f"110101{year:04d}{month:02d}{day:02d}{i % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]


def mobile(i):
    return f"1{38 + i % 2}{i % 100000000:08d}"


def email(i):
    return f"person{i}@example.com"


def bank_card(i):
    body = f"6222{i:011d}"
    digits = [int(c) for c in body]
    total = 0
    for k, d in enumerate(reversed(digits)):
        total += (d * 2 - 9 if d * 2 > 9 else d * 2) if k % 2 == 0 else d
    return body + str((10 - total % 10) % 10)


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest(), os.path.getsize(path)


def base_dxcheck(personal, sensitive, key="USUBJID", **extra):
    d = {"manifestVersion": "1", "transferId": "T-DATA-1",
         "exporter": {"name": "苏州示例生物医药有限公司", "uscc": "91320100MA1X000009", "ciio": False,
                      "sector": "biomedicine"},
         "recipients": [{"name": "Example Pharma Inc.", "country": "US"}],
         "transfer": {"scenario": "clinical_trial", "purpose": "pooled analysis", "date": "2026-12-01"},
         "subjects": {"personal": personal, "sensitive": sensitive},
         "deidentification": "pseudonymized",
         "status": {"standardContract": {"reference": "SCC-1", "filedOn": "2026-10-20"}, "separateConsent": True,
                    "piImpactAssessment": {"completedOn": "2026-09-30"}}}
    if key:
        d["subjects"]["countingKey"] = key
    d.update(extra)
    return d


def resource(dirpath, name, relpath, fields, **extra):
    """A resource for the file dirpath/relpath as it is now (bytes and sha256 measured)."""
    h, n = digest(os.path.join(dirpath, relpath))
    r = {"name": name, "path": relpath, "bytes": n, "hash": h, "schema": {"fields": fields}}
    r.update(extra)
    return r


def write_manifest(dirpath, dx, resources, name="datapackage.json"):
    path = os.path.join(dirpath, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"name": "data-test", "dxcheck": dx, "resources": resources}, f, ensure_ascii=False, indent=1)
    return path


def write_csv(path, header, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(delimiter.join(header) + "\n")
        for r in rows:
            f.write(delimiter.join(r) + "\n")
