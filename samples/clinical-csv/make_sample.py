#!/usr/bin/env python3
"""Writes the clinical-csv sample: a site's CSV export of a phase II trial (48 synthetic subjects) and
the datapackage.json describing it, with the files' bytes and sha256. Deterministic: running it again
gives the same bytes (tests/e2e/samples.py checks that the committed files are what it writes).

Every person is made up: subject ids CSP-101-0001.., birth dates spread over 1950-1999, region code
110101 in the resident ID numbers of the emergency-contact file with a valid GB 11643 check digit, and
mobile numbers 138/139 followed by the subject number. No real person is in it.
usage: make_sample.py [DIR]   (default: this script's directory)"""
import hashlib
import json
import os
import sys

N = 48
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
TERMS = [("HEADACHE", "MILD"), ("NAUSEA", "MILD"), ("FATIGUE", "MODERATE"), ("RASH", "MILD"),
         ("NEUTROPENIA", "SEVERE"), ("DIARRHOEA", "MODERATE")]


def subject(i):
    return f"CSP-101-{i + 1:04d}"


def birth(i):
    return f"{1950 + (i * 7) % 50:04d}-{1 + i % 12:02d}-{1 + (i * 5) % 28:02d}"


def resident_id(i):
    y, m, d = birth(i).split("-")
    body = f"110101{y}{m}{d}{(i * 37) % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]


def mobile(i):
    return f"1{38 + i % 2}{20260000 + i:08d}"


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\r\n")
        for r in rows:
            f.write(",".join(r) + "\r\n")


def digest(path):
    data = open(path, "rb").read()
    return len(data), "sha256:" + hashlib.sha256(data).hexdigest()


def field(name, description, type_="string", categories=None):
    f = {"name": name, "type": type_, "description": description}
    if categories:
        f["dxcheck"] = {"categories": categories}
    return f


def resource(d, name, path, title, fields, records):
    n, h = digest(os.path.join(d, path))
    return {"profile": "tabular-data-resource", "name": name, "title": title, "path": path, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": n, "hash": h,
            "schema": {"fields": fields}, "dxcheck": {"records": records}}


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    dm = [["CSP-101", subject(i), f"{101 + i % 4}", birth(i), "F" if i % 3 else "M",
           "TRT" if i % 2 else "PBO", "CHN"] for i in range(N)]
    write_csv(os.path.join(d, "dm.csv"), ["STUDYID", "USUBJID", "SITEID", "BRTHDTC", "SEX", "ARMCD", "COUNTRY"], dm)
    ae = []
    for i in range(N):
        for k in range(i % 3):
            term, sev = TERMS[(i + k) % len(TERMS)]
            ae.append([subject(i), term, sev, f"2026-{3 + (i + k) % 6:02d}-{1 + (i * 3 + k) % 28:02d}"])
    write_csv(os.path.join(d, "ae.csv"), ["USUBJID", "AETERM", "AESEV", "AESTDTC"], ae)
    # Identity and contact data stay at the site in a real export; this file is here to show the
    # content detectors at work: the schema calls the columns by neutral names, the values say what they are.
    ct = [[subject(i), resident_id(i), mobile(i)] for i in range(N)]
    write_csv(os.path.join(d, "contact.csv"), ["USUBJID", "REF_NO", "CALLBACK"], ct)
    resources = [
        resource(d, "dm", "dm.csv", "Demographics", [
            field("STUDYID", "Study Identifier", categories=["clinical.trial"]),
            field("USUBJID", "Unique Subject Identifier"), field("SITEID", "Study Site Identifier"),
            field("BRTHDTC", "Date/Time of Birth"), field("SEX", "Sex"), field("ARMCD", "Planned Arm Code"),
            field("COUNTRY", "Country", categories=["nonpersonal"])], N),
        resource(d, "ae", "ae.csv", "Adverse events", [
            field("USUBJID", "Unique Subject Identifier"), field("AETERM", "Reported Term for the Adverse Event"),
            field("AESEV", "Severity/Intensity"), field("AESTDTC", "Start Date/Time of Adverse Event")], len(ae)),
        resource(d, "contact", "contact.csv", "Subject reference and call-back data for SAE follow-up", [
            field("USUBJID", "Unique Subject Identifier"),
            field("REF_NO", "reference number", categories=["pi.identity"]),
            field("CALLBACK", "call-back number", categories=["pi.identity"])], N),
    ]
    manifest = {
        "profile": "tabular-data-package",
        "name": "csp-101-site-export",
        "title": "Phase II trial CSP-101, site CSV export to the sponsor (synthetic subjects)",
        "resources": resources,
        "dxcheck": {
            "manifestVersion": "1", "transferId": "CSP-101-CSV-2026-11",
            "exporter": {"name": "苏州示例生物医药有限公司", "uscc": "91320100MA1X000009", "ciio": False,
                         "sector": "biomedicine", "zone": "CN-JS-FTZ-SZ", "exportsFromZone": True},
            "recipients": [{"name": "Example Pharma Inc. (sponsor)", "country": "US", "entityType": "sponsor"}],
            "transfer": {"scenario": "clinical_trial", "purpose": "interim safety analysis by the sponsor",
                         "date": "2026-12-01"},
            "subjects": {"personal": N, "sensitive": N, "countingKey": "USUBJID"},
            "deidentification": "pseudonymized",
            "status": {"standardContract": {"reference": "苏网信备-SCC-2026-0412", "filedOn": "2026-10-20"},
                       "separateConsent": True, "piImpactAssessment": {"completedOn": "2026-09-30"},
                       "ftzFiling": {"reference": "苏自贸-数据-备案-2026-0088", "filedOn": "2026-10-25"}}},
    }
    with open(os.path.join(d, "datapackage.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
