"""Relationship transitions over HTTP: concurrent answers, wrong states, strangers (API.md
"Relationships": wrong state 409, not visible 404)."""

import threading
import uuid

import requests

from conftest import Api
from relationship_world import make_customer, make_world


def _approve_concurrently(base_url: str, rel_id: str, tokens: list[str], privileges: list[str]) -> list[requests.Response]:
    barrier = threading.Barrier(len(tokens))
    results: list = [None] * len(tokens)

    def go(i):
        client = Api(base_url)  # a session (and connection) per thread
        barrier.wait()
        results[i] = client.call("POST", f"/v1/relationships/{rel_id}/approve", tokens[i], {"privilege": privileges[i]})
    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_admins_approving_at_once_one_wins_one_gets_409(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=2)
    tokens = [world.token(a) for a in world.customer_admins]
    for round_ in range(5):  # several rounds: a race that is lost only sometimes still shows
        rel = world.open()
        results = _approve_concurrently(server.base_url, rel["id"], tokens, ["support", "manage"])
        codes = sorted(r.status_code for r in results)
        assert codes == [200, 409], (round_, [(r.status_code, r.text[:200]) for r in results])
        winner = next(r for r in results if r.status_code == 200).json()
        loser = next(r for r in results if r.status_code == 409)
        assert loser.headers["Content-Type"].startswith("application/problem+json"), loser.headers
        got = world.get(rel["id"])
        assert (got["status"], got["privilege"]) == ("active", winner["privilege"]), (got, winner)

        # exactly one approval in the audit trail
        events = world.client.call("GET", f"/v1/audit?org_id={world.customer['id']}&action=relationship.approved",
                                   world.operator).json()["items"]
        assert len([e for e in events if e.get("target_id") == rel["id"]]) == 1, events

        r = world.client.call("POST", f"/v1/relationships/{rel['id']}/terminate", world.operator)
        assert r.status_code == 200, r.text


def test_the_same_admin_approving_twice_at_once_one_wins(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    token = world.token(world.customer_admins[0])
    rel = world.open()
    results = _approve_concurrently(server.base_url, rel["id"], [token] * 4, ["support"] * 4)
    assert sorted(r.status_code for r in results) == [200, 409, 409, 409], [(r.status_code, r.text[:200]) for r in results]


def test_wrong_states_answer_409(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    admin = world.token(world.customer_admins[0])
    partner_admin = world.token(world.partner_admins[0])
    rel = world.open()
    path = f"/v1/relationships/{rel['id']}"

    # pending: only approve or reject
    assert world.client.call("POST", path + "/revoke", admin).status_code == 409
    assert world.client.call("POST", path + "/terminate", partner_admin).status_code == 409
    assert world.client.call("PATCH", path, admin, {"privilege": "manage"}).status_code == 409
    # opening the same pair again while one is open
    r = world.client.call("POST", "/v1/relationships", world.operator,
                          {"partner_id": world.partner["id"], "customer_id": world.customer["id"]})
    assert r.status_code == 409, r.text

    r = world.client.call("POST", path + "/approve", admin)
    assert r.status_code == 200 and r.json()["privilege"] == "support", r.text
    assert world.client.call("POST", path + "/approve", admin).status_code == 409
    assert world.client.call("POST", path + "/reject", admin).status_code == 409
    r = world.client.call("PATCH", path, admin, {"privilege": "manage"})
    assert r.status_code == 200 and r.json()["privilege"] == "manage", r.text

    r = world.client.call("POST", path + "/revoke", admin)
    assert r.status_code == 200 and r.json()["status"] == "revoked", r.text
    for method, suffix, body in (("POST", "/approve", {"privilege": "manage"}), ("POST", "/reject", None),
                                 ("POST", "/revoke", None), ("PATCH", "", {"privilege": "support"})):
        r = world.client.call(method, path + suffix, admin, body)
        assert r.status_code == 409, (method, suffix, r.status_code, r.text)
    assert world.client.call("POST", path + "/terminate", partner_admin).status_code == 409
    got = world.get(rel["id"])
    assert (got["status"], got["privilege"]) == ("revoked", "manage"), got

    # once it is closed, a new request for the pair may be opened
    assert world.open()["status"] == "pending"


def test_strangers_get_404_and_the_wrong_party_403(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    rel = world.open()
    path = f"/v1/relationships/{rel['id']}"
    other, other_admins = make_customer(world.client, world.operator, uuid.uuid4().hex[:8], label="Stranger")
    stranger = world.token(other_admins[0])

    for method, suffix, body in (("GET", "", None), ("POST", "/approve", {"privilege": "manage"}),
                                 ("POST", "/reject", None), ("PATCH", "", {"privilege": "manage"}),
                                 ("POST", "/revoke", None), ("POST", "/terminate", None)):
        r = world.client.call(method, path + suffix, stranger, body)
        assert r.status_code == 404, (method, suffix, r.status_code, r.text)
        assert world.customer["name"] not in r.text and world.partner["name"] not in r.text
    assert world.get(rel["id"])["status"] == "pending"

    # the partner admin sees it but may not answer for the customer
    partner_admin = world.token(world.partner_admins[0])
    assert world.client.call("GET", path, partner_admin).status_code == 200
    r = world.client.call("POST", path + "/approve", partner_admin, {"privilege": "manage"})
    assert r.status_code == 403, (r.status_code, r.text)
    # a distributor cannot hold a relationship
    dist = world.client.call("POST", "/v1/orgs", world.operator,
                             {"kind": "partner", "name": f"Dist {uuid.uuid4().hex[:6]}", "program": "distributor"}).json()
    r = world.client.call("POST", "/v1/relationships", world.operator, {"partner_id": dist["id"], "customer_id": other["id"]})
    assert r.status_code == 400, r.text
    assert world.get(rel["id"])["status"] == "pending"
