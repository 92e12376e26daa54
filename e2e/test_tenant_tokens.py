"""Tenant-session tokens verified by an independent JWT library (PyJWT) against the published JWKS,
and the signing key surviving a restart."""

import time

import jwt
import requests

from relationship_world import OPERATOR_EMAIL, OPERATOR_PASSWORD, PASSWORD, OwnSteward, make_user, make_world, own_dir, steward_env  # noqa: F401


def _grant(world, analyst_id: str, **extra) -> None:
    rel = world.open()
    admin = world.token(world.customer_admins[0])
    r = world.client.call("POST", f"/v1/relationships/{rel['id']}/approve", admin, {"privilege": "manage"})
    assert r.status_code == 200, r.text
    r = world.client.call("POST", f"/v1/orgs/{world.customer['id']}/licenses", world.operator, {"product": "endpoint", "kind": "paid"})
    assert r.status_code == 201, r.text
    item = {"user_id": analyst_id, "tenant_id": world.customer["id"], "platform_admin": True,
            "products": [{"product": "endpoint", "role": "analyst"}], **extra}
    r = world.client.call("POST", "/v1/memberships", world.token(world.partner_admins[0]), {"items": [item]})
    assert r.status_code == 201, r.text


def _verify(base_url: str, token: str, tenant: str) -> dict:
    jwks = requests.get(base_url + "/.well-known/jwks.json", timeout=10).json()
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWKSet.from_dict(jwks)[kid]
    return jwt.decode(token, key.key, algorithms=["ES256"], audience=tenant, issuer=base_url)


def test_a_tenant_token_verifies_with_pyjwt_and_survives_a_restart(own_dir):
    steward = OwnSteward(own_dir, steward_env())
    steward.start()
    try:
        world = make_world(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, customer_admins=1)
        analyst = make_user(world.client, world.operator, world.partner["id"], f"analyst-{world.customer['id'][-6:]}@example.com", role="member")
        _grant(world, analyst["id"])
        token_for_analyst = world.token(analyst["email"])
        tenants = world.client.call("GET", "/v1/me/tenants", token_for_analyst).json()["items"]
        assert [t["source"] for t in tenants] == ["home", "partner"]

        r = world.client.call("POST", "/v1/tenant-sessions", token_for_analyst, {"tenant_id": world.customer["id"]})
        assert r.status_code == 201, r.text
        token = r.json()["token"]
        claims = _verify(steward.base_url, token, world.customer["id"])
        assert claims["sub"] == analyst["id"] and claims["tenant"] == world.customer["id"]
        assert claims["act"] == {"sub": analyst["id"], "org": world.partner["id"]}
        assert claims["platform_admin"] is True and claims["products"] == {"endpoint": "analyst"}
        assert 0 < claims["exp"] - claims["iat"] <= 900 and claims["exp"] > time.time()
        assert claims["jti"]

        # A forged signature is refused by the same library.
        header, payload, signature = token.split(".")
        forged = ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])
        try:
            _verify(steward.base_url, forged, world.customer["id"])
            raise AssertionError("a forged token verified")
        except jwt.InvalidSignatureError:
            pass

        kid_before = jwt.get_unverified_header(token)["kid"]
        steward.stop()
        steward.start()
        assert jwt.get_unverified_header(token)["kid"] == kid_before
        assert _verify(steward.base_url, token, world.customer["id"])["sub"] == analyst["id"], "the key persists across restarts"
    finally:
        steward.stop()


def test_a_token_never_outlives_the_membership(own_dir):
    steward = OwnSteward(own_dir, steward_env())
    steward.start()
    try:
        world = make_world(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, customer_admins=1)
        analyst = make_user(world.client, world.operator, world.partner["id"], f"short-{world.customer['id'][-6:]}@example.com", role="member")
        _grant(world, analyst["id"], duration_hours=0.05)  # three minutes
        r = world.client.call("POST", "/v1/tenant-sessions", world.token(analyst["email"]), {"tenant_id": world.customer["id"]})
        claims = _verify(steward.base_url, r.json()["token"], world.customer["id"])
        assert claims["exp"] - claims["iat"] <= 180
    finally:
        steward.stop()
