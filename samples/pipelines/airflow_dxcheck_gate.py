"""An Airflow DAG with dxcheck as the gate before a cross-border upload.

The check task fails (and the upload does not run) unless dxcheck exits 0;
the decision JSON is pushed to XCom for the audit trail. Exit codes: 0 may
proceed, 5 duties open, 10 contract filing, 20 security assessment, 30
prohibited, 64-77 the check could not run.
"""
import json
import subprocess
from datetime import datetime

from airflow import DAG
from airflow.exceptions import AirflowFailException
from airflow.operators.python import PythonOperator

MANIFEST = "/data/exports/abc-123/datapackage.json"
REASONS = {5: "duties open", 10: "standard contract filing needed", 20: "security assessment needed",
           30: "prohibited under the cross-border data regime"}


def dxcheck_gate(**context):
    p = subprocess.run(["dxcheck", "check", MANIFEST, "--format", "json"], capture_output=True, text=True)
    if p.returncode in (0, 5, 10, 20, 30):
        decision = json.loads(p.stdout)
        context["ti"].xcom_push(key="decision", value=decision)
    if p.returncode != 0:
        # AirflowFailException: no retries — a compliance block is not a transient error.
        raise AirflowFailException(f"dxcheck exit {p.returncode}: {REASONS.get(p.returncode, p.stderr.strip())}")


def upload(**context):
    print("uploading", MANIFEST)  # the real transfer goes here


with DAG("cross_border_export", start_date=datetime(2026, 12, 1), schedule=None, catchup=False) as dag:
    gate = PythonOperator(task_id="dxcheck_gate", python_callable=dxcheck_gate)
    send = PythonOperator(task_id="upload", python_callable=upload)
    gate >> send
