"""Schemathesis against the served OpenAPI document, bounded by time and seeded: no server error, and every
answer's status, content type and body as the document says. The run uses an operator's API token; it is not
given the two operations that end its own credential (revoking an API token, signing out), which the Swift
suites test."""

import os
import subprocess
import sys

import pytest
import requests

from relationship_world import OPERATOR_EMAIL, OPERATOR_PASSWORD, OwnSteward, own_dir, steward_env  # noqa: F401

SECONDS = int(os.environ.get("STEWARD_SCHEMATHESIS_SECONDS", "150"))
SEED = int(os.environ.get("STEWARD_SCHEMATHESIS_SEED", "20261201"))


def test_schemathesis_finds_no_server_error_and_no_schema_violation(own_dir):
    try:
        import schemathesis  # noqa: F401
    except ImportError:
        pytest.fail("schemathesis is not installed (scripts/test.sh installs it)", pytrace=False)
    # The CLI of the same Python the tests run in, wherever pip put its script.
    cli = [sys.executable, "-c", "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'schemathesis'; sys.exit(schemathesis())"]
    steward = OwnSteward(own_dir, steward_env())
    steward.start()
    try:
        login = requests.post(f"{steward.base_url}/v1/auth/login", json={"email": OPERATOR_EMAIL, "password": OPERATOR_PASSWORD}, timeout=30)
        session = login.json()["token"]
        token = requests.post(f"{steward.base_url}/v1/api-tokens", json={"name": "schemathesis", "scopes": ["admin"]},
                              headers={"Authorization": f"Bearer {session}"}, timeout=30).json()["token"]
        report = own_dir / "schemathesis-report"
        run = subprocess.run(
            cli + ["run", f"{steward.base_url}/openapi.json", "-H", f"Authorization: Bearer {token}",
             "--include-path-regex", "^/(v1/|healthz|readyz|metrics|openapi)",
             "--exclude-operation-id", "revokeAPIToken", "--exclude-operation-id", "logout",
             "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
             "--seed", str(SEED), "--max-time", str(SECONDS), "--workers", "2", "--no-color",
             # Hypothesis's health checks time data generation; on a loaded CI machine "too slow" stopped
             # the coverage phase with a runtime error once, which says nothing about the server.
             "--suppress-health-check", "all",
             "--generation-database", "none", "--report", "junit", "--report-dir", str(report)],
            capture_output=True, text=True, timeout=SECONDS + 300)
        summary = run.stdout[run.stdout.find("SUMMARY"):] if "SUMMARY" in run.stdout else run.stdout[-3000:]
        print(summary)
        # The first error's head, not the tail of a long traceback, says what went wrong.
        first_error = run.stdout.find("ERRORS") if "ERRORS" in run.stdout else run.stdout.find("FAILURES")
        assert run.returncode == 0, run.stdout[max(first_error, 0):][:6000] + "\n...\n" + summary[-3000:] + run.stderr[-3000:]
        assert "generated" in summary and "passed" in summary, summary
        # The credential it was given survived the run: everything it tested, it tested signed in.
        assert requests.get(f"{steward.base_url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code == 200
        logs = "\n".join(p.read_text(errors="replace") for p in own_dir.glob("std*.log"))
        assert "unexpected error" not in logs, [line for line in logs.splitlines() if "unexpected error" in line][:5]
    finally:
        steward.stop()
