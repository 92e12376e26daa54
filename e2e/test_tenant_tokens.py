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


# --- every claim against /v1/check ------------------------------------------------------------

PRODUCTS = ["endpoint", "siem", "email"]
PERMISSIONS = ["read", "write", "admin"]


def _checks(world, user_id: str, tenant: str) -> dict:
    """What /v1/check answers for every product permission and platform_admin, as the operator asks."""
    checks = [{"user_id": user_id, "tenant_id": tenant, "product": p, "permission": q} for p in PRODUCTS for q in PERMISSIONS]
    checks.append({"user_id": user_id, "tenant_id": tenant, "permission": "platform_admin"})
    r = world.client.call("POST", "/v1/check/batch", world.operator, {"checks": checks})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    allowed = {(c.get("product"), c["permission"]) for c, a in zip(checks, results) if a["allowed"]}
    return {
        "platform_admin": (None, "platform_admin") in allowed,
        "permissions": {p: [q for q in PERMISSIONS if (p, q) in allowed] for p in PRODUCTS if any((p, q) in allowed for q in PERMISSIONS)},
    }


def _claims(world, base_url: str, email_: str, tenant: str) -> dict:
    r = world.client.call("POST", "/v1/tenant-sessions", world.token(email_), {"tenant_id": tenant})
    assert r.status_code == 201, r.text
    return _verify(base_url, r.json()["token"], tenant)


def test_every_claim_is_what_a_check_allows_across_ceilings_licences_and_roles(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    tenant = world.customer["id"]
    rel = world.open()
    cadmin = world.token(world.customer_admins[0])
    assert world.client.call("POST", f"/v1/relationships/{rel['id']}/approve", cadmin, {"privilege": "manage"}).status_code == 200
    # endpoint and email are licensed for good; siem for a few seconds only, so its role must leave the token
    # when its licence ends, as it leaves the checks.
    for product in ["endpoint", "email"]:
        r = world.client.call("POST", f"/v1/orgs/{tenant}/licenses", world.operator, {"product": product, "kind": "paid"})
        assert r.status_code == 201, r.text
    siem_ends = time.time() + 4
    r = world.client.call("POST", f"/v1/orgs/{tenant}/licenses", world.operator,
                          {"product": "siem", "kind": "poc", "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(siem_ends))})
    assert r.status_code == 201, r.text
    analysts = []
    for role in ["viewer", "analyst", "admin"]:
        for admin_flag in [True, False]:
            analyst = make_user(world.client, world.operator, world.partner["id"], f"{role}-{admin_flag}-{tenant[-6:]}@example.com".lower(), role="member")
            item = {"user_id": analyst["id"], "tenant_id": tenant, "platform_admin": admin_flag,
                    "products": [{"product": "endpoint", "role": role}, {"product": "email", "role": "viewer"}, {"product": "siem", "role": "admin"}]}
            r = world.client.call("POST", "/v1/memberships", world.token(world.partner_admins[0]), {"items": [item]})
            assert r.status_code == 201, r.text
            analysts.append((analyst, role))
    assert "siem" in _claims(world, server.base_url, analysts[0][0]["email"], tenant)["products"]
    time.sleep(max(0.0, siem_ends - time.time()) + 1)
    compared = 0
    for ceiling in ["manage", "support"]:
        if ceiling == "support":
            r = world.client.call("PATCH", f"/v1/relationships/{rel['id']}", cadmin, {"privilege": ceiling})
            assert r.status_code == 200, r.text
        for analyst, role in analysts:
            claims = _claims(world, server.base_url, analyst["email"], tenant)
            expected = _checks(world, analyst["id"], tenant)
            assert claims["platform_admin"] == expected["platform_admin"], (ceiling, role, claims)
            assert claims["permissions"] == expected["permissions"], (ceiling, role, claims)
            assert set(claims["products"]) == set(expected["permissions"]), (ceiling, role, claims)
            assert claims["privilege"] == ceiling and "siem" not in claims["products"]
            if ceiling == "support":
                assert claims["platform_admin"] is False and all(v == ["read"] for v in claims["permissions"].values()), claims
            compared += 1
    # The customer's own admin: a home session carries no ceiling.
    home = _claims(world, server.base_url, world.customer_admins[0], tenant)
    assert home["privilege"] is None and home["platform_admin"] is True
    assert home["permissions"] == _checks(world, home["sub"], tenant)["permissions"]
    assert compared == 12


def test_keys_rotate_signs_with_a_new_kid_and_keeps_the_old_one_published(own_dir):
    import subprocess

    from conftest import BINARY

    steward = OwnSteward(own_dir, steward_env())
    steward.start()
    try:
        world = make_world(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, customer_admins=1)
        analyst = make_user(world.client, world.operator, world.partner["id"], f"rot-{world.customer['id'][-6:]}@example.com", role="member")
        _grant(world, analyst["id"])
        token = world.token(analyst["email"])
        before = world.client.call("POST", "/v1/tenant-sessions", token, {"tenant_id": world.customer["id"]}).json()["token"]
        rotated = subprocess.run([str(BINARY), "keys", "rotate"], cwd=own_dir, env=steward.env, capture_output=True, text=True, timeout=60)
        assert rotated.returncode == 0, rotated.stderr
        time.sleep(1.5)  # the server looks at the key file at most once a second
        after = world.client.call("POST", "/v1/tenant-sessions", token, {"tenant_id": world.customer["id"]}).json()["token"]
        old_kid, new_kid = jwt.get_unverified_header(before)["kid"], jwt.get_unverified_header(after)["kid"]
        assert old_kid != new_kid and new_kid in rotated.stdout
        kids = {k["kid"] for k in requests.get(steward.base_url + "/.well-known/jwks.json", timeout=10).json()["keys"]}
        assert kids == {old_kid, new_kid}
        assert _verify(steward.base_url, before, world.customer["id"])["sub"] == analyst["id"], "tokens of the old key still verify"
        assert _verify(steward.base_url, after, world.customer["id"])["sub"] == analyst["id"]
    finally:
        steward.stop()
