"""A delegated customer admin in a real browser: an analyst with the admin flag on a managed customer finds
"Customers you administer", gives a colleague access there with a form that offers no more than their own,
and sees the confirmation."""

from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD, make_user, make_world


def _delegated_world(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    tag = world.customer["id"][-8:]
    r = world.client.call("POST", "/v1/relationships", world.operator, {"partner_id": world.partner["id"], "customer_id": world.customer["id"]})
    assert r.status_code == 201, r.text
    r = world.client.call("POST", f"/v1/relationships/{r.json()['id']}/approve", world.token(world.customer_admins[0]), {"privilege": "manage"})
    assert r.status_code == 200, r.text
    r = world.client.call("POST", f"/v1/orgs/{world.customer['id']}/licenses", world.operator, {"product": "endpoint", "kind": "paid"})
    assert r.status_code == 201, r.text
    lead = make_user(world.client, world.operator, world.partner["id"], f"lead-{tag}@example.com", role="member", name=f"Lena Lead {tag}")
    colleague = make_user(world.client, world.operator, world.partner["id"], f"colleague-{tag}@example.com", role="member", name=f"Carl Colleague {tag}")
    ends = (datetime.now(timezone.utc) + timedelta(hours=72)).strftime("%Y-%m-%dT%H:%M:%SZ")
    r = world.client.call("POST", "/v1/memberships", world.token(world.partner_admins[0]), {"items": [{
        "user_id": lead["id"], "tenant_id": world.customer["id"], "platform_admin": True, "expires_at": ends,
        "products": [{"product": "endpoint", "role": "analyst"}],
    }]})
    assert r.status_code == 201, r.text
    return world, lead, colleague


def test_delegated_admin_assigns_a_colleague_within_their_own_access(server, browser):
    world, lead, colleague = _delegated_world(server)
    console_login(browser, server, lead["email"], PASSWORD)
    browser.get(server.base_url + "/console")
    browser.find_element(By.LINK_TEXT, "Customers you administer").click()
    browser.find_element(By.LINK_TEXT, world.customer["name"]).click()

    form = browser.find_element(By.ID, "delegated-assign-form")
    roles = [o.get_attribute("value") for o in Select(form.find_element(By.ID, "da-role-endpoint")).options]
    assert roles == ["", "viewer", "analyst"], roles
    durations = [e.get_attribute("value") for e in form.find_elements(By.NAME, "duration")]
    assert "permanent" not in durations and "24" in durations, durations
    assert "Your own access here ends" in form.find_element(By.ID, "da-limits").text
    screenshot(browser, "delegated-customer")

    Select(form.find_element(By.ID, "da-user")).select_by_value(colleague["id"])
    form.find_element(By.CSS_SELECTOR, 'input[name="duration"][value="24"]').click()
    Select(form.find_element(By.ID, "da-role-endpoint")).select_by_value("viewer")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)

    notice = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "notice")).text
    assert colleague["name"] in notice and "Endpoint Protection: viewer" in notice, notice
    table = browser.find_element(By.ID, "assigned-table").text
    assert colleague["name"] in table and "(you)" in table, table
    screenshot(browser, "delegated-assigned")

    r = world.client.call("POST", "/v1/check", world.operator, {
        "user_id": colleague["id"], "tenant_id": world.customer["id"], "product": "endpoint", "permission": "read",
    })
    assert r.status_code == 200 and r.json()["allowed"] is True, r.text

