"""Console forms need the session's CSRF token, whatever cookies come with them."""

import uuid

from selenium.webdriver.common.by import By

from conftest import api, browser_session, console_login


def test_console_post_with_a_wrong_csrf_field_is_403_and_creates_nothing(server, browser):
    client = api(server)
    token = client.login(server.operator_email, server.operator_password)
    r = client.call("POST", "/v1/orgs", token, {"kind": "customer", "name": f"CSRF Customer {uuid.uuid4().hex[:8]}"})
    assert r.status_code == 201, r.text
    org_id = r.json()["id"]

    console_login(browser, server, server.operator_email, server.operator_password)
    browser.get(f"{server.base_url}/console/orgs/{org_id}")
    real = browser.find_element(By.CSS_SELECTOR, "#user-form input[name=csrf]").get_attribute("value")
    session = browser_session(browser)
    assert "steward_session" in session.cookies

    email = f"csrf-{uuid.uuid4().hex[:8]}@example.com"
    form = {"name": "Eve Forger", "email": email, "role": "admin", "time_zone": "UTC", "password": "a-long-enough-password"}
    for csrf in ("wrong-" + real, None):
        data = dict(form, csrf=csrf) if csrf is not None else form
        r = session.post(f"{server.base_url}/console/orgs/{org_id}/users", data=data, allow_redirects=False, timeout=30)
        assert r.status_code == 403, (csrf is not None, r.status_code, r.text[:500])

    users = client.call("GET", f"/v1/orgs/{org_id}/users", token).json()["items"]
    assert email not in [u["email"] for u in users]
