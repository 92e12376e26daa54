"""Sign-in throttling and enumeration resistance over the JSON API."""

import uuid

from conftest import api

PASSWORD = "a-long-enough-password"


def _user(server) -> str:
    client = api(server)
    token = client.login(server.operator_email, server.operator_password)
    tag = uuid.uuid4().hex[:8]
    r = client.call("POST", "/v1/orgs", token, {"kind": "partner", "name": f"Throttle Partner {tag}", "program": "msp"})
    assert r.status_code == 201, r.text
    email = f"throttle-{tag}@example.com"
    r = client.call("POST", f"/v1/orgs/{r.json()['id']}/users", token,
                    {"email": email, "name": "Tess Throttle", "role": "member", "password": PASSWORD})
    assert r.status_code == 201, r.text
    return email


def test_five_wrong_passwords_then_even_the_right_one_is_429_problem_json(server):
    email = _user(server)
    client = api(server)
    for i in range(5):
        r = client.call("POST", "/v1/auth/login", json={"email": email, "password": f"wrong-{i}"})
        assert r.status_code == 401, (i, r.status_code, r.text)
    r = client.call("POST", "/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 429 and body["title"] and "token" not in body


def test_unknown_email_and_wrong_password_give_identical_401_bodies(server):
    email = _user(server)
    client = api(server)
    wrong = client.call("POST", "/v1/auth/login", json={"email": email, "password": "not-the-password"})
    unknown = client.call("POST", "/v1/auth/login",
                          json={"email": f"nobody-{uuid.uuid4().hex[:8]}@example.com", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == unknown.headers["content-type"]
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert wrong.content == unknown.content
