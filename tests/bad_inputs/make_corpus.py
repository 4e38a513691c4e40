#!/usr/bin/env python3
"""Writes the manifest files of the bad-input corpus from one valid base, one
defect each. Run it after changing the base; the .expect files are written by
hand (they pin messages and must not be regenerated from the program's output)."""
import copy, json, os

BASE = {
    "name": "bad-input",
    "resources": [{
        "name": "trial", "path": "data/trial.csv", "bytes": 2048,
        "hash": "sha256:" + "ab" * 32,
        "schema": {"fields": [
            {"name": "USUBJID", "type": "string", "dxcheck": {"categories": ["pi.identity"]}},
            {"name": "AETERM", "type": "string", "dxcheck": {"categories": ["pi.health"]}}]}}],
    "dxcheck": {
        "manifestVersion": "1", "transferId": "T-BAD",
        "exporter": {"name": "示例公司", "uscc": "91310000MA1FL0000N", "ciio": False,
                     "sector": "biomedicine"},
        "recipients": [{"name": "Acme Inc.", "country": "US"}],
        "transfer": {"scenario": "clinical_trial", "purpose": "analysis", "date": "2026-12-01"},
        "subjects": {"personal": 100, "sensitive": 100}}}

def edit(path, value, base=BASE):
    doc = copy.deepcopy(base)
    keys = path.strip("/").split("/")
    cur = doc
    for k in keys[:-1]:
        cur = cur[int(k)] if isinstance(cur, list) else cur.setdefault(k, {})
    last = keys[-1]
    if value is DELETE:
        del cur[last]
    elif isinstance(cur, list):
        cur[int(last)] = value
    else:
        cur[last] = value
    return doc

DELETE = object()
CASES = {
    # consistency errors of spec/manifest.md
    "personal-field-no-count": edit("/dxcheck/subjects", {}),
    "sensitive-field-no-count": edit("/dxcheck/subjects", {"personal": 100}),
    "sensitive-exceeds-personal": edit("/dxcheck/subjects", {"personal": 10, "sensitive": 20}),
    "minors-exceed-sensitive": edit("/dxcheck/subjects", {"personal": 10, "sensitive": 5, "minorsUnder14": 6}),
    "genomic-without-hgr": edit("/resources/0/schema/fields/1", {"name": "genotype"}),
    "sequencing-without-hgr": edit("/dxcheck/hgr", {"sequencingSubjects": 12}),
    "recipient-cn": edit("/dxcheck/recipients/0/country", "CN"),
    "recipient-not-iso": edit("/dxcheck/recipients/0/country", "UK"),
    "bad-uscc": edit("/dxcheck/exporter/uscc", "91310000MA1FL00001"),
    "invalid-date": edit("/dxcheck/transfer/date", "2026-02-29"),
    "null-value": edit("/dxcheck/exporter/ciio", None),
    "fractional-count": edit("/dxcheck/subjects/personal", 100.5),
    "negative-count": edit("/dxcheck/subjects/personal", -1),
    "empty-string": edit("/dxcheck/transfer/purpose", ""),
    "no-resources": edit("/resources", []),
    "schema-not-inline": edit("/resources/0/schema", "https://example.org/schema.json"),
    "hash-md5": edit("/resources/0/hash", "0123456789abcdef0123456789abcdef"),
    "hash-uppercase": edit("/resources/0/hash", "sha256:" + "AB" * 32),
    "status-missing-key": edit("/dxcheck/status", {"standardContract": {"reference": "SCC-1"}}),
    "bad-sector": edit("/dxcheck/exporter/sector", "Life Sciences"),
    "bad-zone": edit("/dxcheck/exporter/zone", "Suzhou"),
    "counting-key-unknown": edit("/dxcheck/subjects/countingKey", "SUBJID"),
    "unknown-key-nested": edit("/dxcheck/transfer/exemptions", "hr"),
    "unknown-category": edit("/resources/0/schema/fields/0/dxcheck/categories", ["person.email"]),
    "wrong-type": edit("/dxcheck/recipients", {"name": "Acme"}),
}

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, doc in CASES.items():
        with open(os.path.join(here, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")
    with open(os.path.join(here, "valid-base.json"), "w", encoding="utf-8") as f:
        json.dump(BASE, f, ensure_ascii=False, indent=2)
        f.write("\n")

if __name__ == "__main__":
    main()
