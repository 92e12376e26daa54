"""Oversized bodies are refused with a problem document."""

import json

import requests

from conftest import api


def test_a_2_mib_json_body_to_post_orgs_is_413_problem_json(server):
    client = api(server)
    token = client.login(server.operator_email, server.operator_password)
    body = json.dumps({"kind": "partner", "program": "msp", "name": "Big", "padding": "x" * (2 << 20)})
    r = requests.post(f"{server.base_url}/v1/orgs", data=body, timeout=60,
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert r.status_code == 413, (r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    problem = r.json()
    assert problem["status"] == 413 and problem["title"]

    names = [o["name"] for o in client.call("GET", "/v1/orgs?q=Big", token).json()["items"]]
    assert "Big" not in names
