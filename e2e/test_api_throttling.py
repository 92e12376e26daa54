"""Sign-in throttling and enumeration resistance over the JSON API."""

import uuid

from conftest import api
from relationship_world import own_dir  # noqa: F401

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


def test_an_attackers_failures_from_one_address_never_lock_the_real_user_out_from_another(own_dir):
    """Behind a trusted proxy (127.0.0.1 here) the client address comes from X-Forwarded-For: the attacker's
    address is throttled, for this email and then for every email, while the real user signs in from theirs."""
    import requests

    from relationship_world import OPERATOR_EMAIL, OPERATOR_PASSWORD, OwnSteward, steward_env

    steward = OwnSteward(own_dir, steward_env(STEWARD_TRUSTED_PROXIES="127.0.0.1/32,::1"))
    steward.start()
    try:
        def login(address: str, email: str, password: str) -> requests.Response:
            return requests.post(f"{steward.base_url}/v1/auth/login", json={"email": email, "password": password},
                                 headers={"X-Forwarded-For": address}, timeout=30)

        attacker, user = "192.0.2.66", "198.51.100.20"
        for i in range(5):
            assert login(attacker, OPERATOR_EMAIL, f"guess-{i}").status_code == 401
        assert login(attacker, OPERATOR_EMAIL, OPERATOR_PASSWORD).status_code == 429, "the attacker's address is throttled for this email"
        assert login(user, OPERATOR_EMAIL, OPERATOR_PASSWORD).status_code == 200, "the real user, from their own address, is not"
        # A spoofed header from an untrusted peer cannot pick someone else's address: only the proxy's word counts,
        # so the right-most entry (what the proxy appended) is the one believed.
        assert login(f"{user}, {attacker}", OPERATOR_EMAIL, OPERATOR_PASSWORD).status_code == 429
        # Across emails: fifty attempts that failed from one address throttle it for every email. Seven are
        # counted already (a refused attempt counts too: it is counted before it is judged).
        answers = [login(attacker, f"spray-{i}@example.com", "whatever-it-is-1").status_code for i in range(50)]
        assert answers[:43] == [401] * 43 and set(answers[43:]) == {429}, answers
        assert login(user, OPERATOR_EMAIL, OPERATOR_PASSWORD).status_code == 200
    finally:
        steward.stop()
