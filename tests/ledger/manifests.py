"""Test manifests for the ledger tests: one exporter, a filed standard contract, consent and an impact
assessment, so that a transfer decided free_flow or contract_or_certification may proceed (and is recorded)
while one needing a security assessment may not."""
import hashlib, json

USCC = "91310000MA1FL0000N"


def manifest(transfer_id, personal, sensitive=0, date="2026-06-01", uscc=USCC):
    cats = ["pi.health"] if sensitive else ["pi.contact"]
    doc = {
        "name": "ledger-test-" + transfer_id.lower(),
        "resources": [{
            "name": "people", "path": "people.csv", "format": "csv", "bytes": 1000,
            "hash": "sha256:" + hashlib.sha256(transfer_id.encode()).hexdigest(),
            "schema": {"fields": [{"name": "value", "type": "string", "dxcheck": {"categories": cats}}]},
            "dxcheck": {"records": max(personal, 1)},
        }],
        "dxcheck": {
            "manifestVersion": "1",
            "transferId": transfer_id,
            "exporter": {"name": "上海示例医药有限公司", "uscc": uscc, "ciio": False, "sector": "biomedicine"},
            "recipients": [{"name": "Example Inc.", "country": "US", "entityType": "affiliate"}],
            "transfer": {"scenario": "clinical_trial", "purpose": "analysis", "date": date},
            "subjects": {"personal": personal, "sensitive": sensitive},
            "deidentification": "identified",
            "status": {
                "standardContract": {"reference": "SCC-2026-1", "filedOn": "2026-01-02"},
                "separateConsent": True,
                "piImpactAssessment": {"completedOn": "2026-01-01"},
            },
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)
