"""The tenant picker and switcher, and a customer admin's view of everyone with access, in a real browser."""

from urllib.parse import urlparse

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD, make_user, make_world


def _world_with_access(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    analyst = make_user(world.client, world.operator, world.partner["id"], f"picker-{world.customer['id'][-8:]}@example.com", role="member")
    rel = world.open()
    r = world.client.call("POST", f"/v1/relationships/{rel['id']}/approve", world.token(world.customer_admins[0]), {"privilege": "manage"})
    assert r.status_code == 200, r.text
    r = world.client.call("POST", f"/v1/orgs/{world.customer['id']}/licenses", world.operator, {"product": "endpoint", "kind": "paid"})
    assert r.status_code == 201, r.text
    item = {"user_id": analyst["id"], "tenant_id": world.customer["id"], "platform_admin": True, "duration_hours": 48,
            "products": [{"product": "endpoint", "role": "analyst"}]}
    r = world.client.call("POST", "/v1/memberships", world.token(world.partner_admins[0]), {"items": [item]})
    assert r.status_code == 201, r.text
    return world, analyst


def test_an_analyst_picks_a_customer_after_sign_in_and_the_top_bar_switches(server, browser):
    world, analyst = _world_with_access(server)
    console_login(browser, server, analyst["email"], PASSWORD)
    assert urlparse(browser.current_url).path == "/console/tenants"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Select customer"
    names = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#tenant-picker button.tenant-choice")]
    assert names == [world.partner["name"], world.customer["name"]]
    screenshot(browser, "tenant-picker")

    browser.find_element(By.XPATH, f"//button[normalize-space()='{world.customer['name']}']").click()
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: urlparse(d.current_url).path == "/console")
    assert f"Working in {world.customer['name']}" in browser.find_element(By.ID, "current-tenant").text
    switcher = Select(browser.find_element(By.ID, "tenant-switcher"))
    assert switcher.first_selected_option.text == world.customer["name"]
    screenshot(browser, "tenant-home")

    switcher.select_by_visible_text(world.partner["name"])
    browser.find_element(By.CSS_SELECTOR, "form.switcher button[type=submit]").click()
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: f"Working in {world.partner['name']}" in d.find_element(By.ID, "current-tenant").text)


def test_a_customer_admin_sees_everyone_with_access_and_removes_one(server, browser):
    world, analyst = _world_with_access(server)
    console_login(browser, server, world.customer_admins[0], PASSWORD)
    browser.get(server.base_url + "/console/external")
    rows = browser.find_elements(By.CSS_SELECTOR, "#people-table tbody tr")
    assert len(rows) == 1 and analyst["email"] in rows[0].text and "admin" in rows[0].text
    screenshot(browser, "external-people")
    rows[0].find_element(By.LINK_TEXT, "Remove").click()
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: d.find_elements(By.ID, "confirm-form"))
    browser.find_element(By.CSS_SELECTOR, "#confirm-form button[type=submit]").click()
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: urlparse(d.current_url).path == "/console/external")
    assert not browser.find_elements(By.CSS_SELECTOR, "#people-table tbody tr")
    r = world.client.call("POST", "/v1/check", world.operator,
                          {"user_id": analyst["id"], "tenant_id": world.customer["id"], "product": "endpoint", "permission": "read"})
    assert r.json()["reason"] == "no_access"


def test_a_partner_admin_quick_adds_and_previews_an_edit(server, browser):
    world, analyst = _world_with_access(server)
    colleague = make_user(world.client, world.operator, world.partner["id"], f"colleague-{world.customer['id'][-8:]}@example.com", role="member")
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + "/console/customers")
    browser.find_element(By.LINK_TEXT, world.customer["name"]).click()
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: d.find_elements(By.ID, "quick-add-form"))
    assert analyst["email"] in browser.find_element(By.ID, "assigned-table").text
    Select(browser.find_element(By.ID, "qa-user")).select_by_value(colleague["id"])
    browser.find_element(By.CSS_SELECTOR, "#quick-add-form input[name=duration][value='24']").click()
    Select(browser.find_element(By.ID, "qa-role-endpoint")).select_by_value("viewer")
    old = browser.find_element(By.ID, "quick-add-form")
    browser.find_element(By.CSS_SELECTOR, "#quick-add-form button[type=submit]").click()
    wait_until_replaced(browser, old)
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: colleague["email"] in d.find_element(By.ID, "assigned-table").text)
    screenshot(browser, "customer-assigned")

    row = [r for r in browser.find_elements(By.CSS_SELECTOR, "#assigned-table tbody tr") if colleague["email"] in r.text][0]
    row.find_element(By.LINK_TEXT, "Edit").click()
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: d.find_elements(By.ID, "edit-form"))
    browser.find_element(By.CSS_SELECTOR, "#edit-form input[name=platform_admin]").click()
    Select(browser.find_element(By.ID, "edit-role-endpoint")).select_by_value("analyst")
    old = browser.find_element(By.ID, "edit-form")
    browser.find_element(By.CSS_SELECTOR, "#edit-form button[value=preview]").click()
    wait_until_replaced(browser, old)
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: d.find_elements(By.ID, "preview-panel"))
    assert world.partner_admins[0] in browser.find_element(By.ID, "signed-in-user").text, "the top bar still names who is signed in"
    changes = browser.find_element(By.ID, "preview-changes").text
    assert "Endpoint Protection: viewer → analyst" in changes and "Platform administrator: no → yes" in changes
    screenshot(browser, "edit-preview")
    browser.find_element(By.CSS_SELECTOR, "#edit-form button[value=save]").click()
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: urlparse(d.current_url).path == f"/console/customers/{world.customer['id']}")
    r = world.client.call("POST", "/v1/check", world.operator,
                          {"user_id": colleague["id"], "tenant_id": world.customer["id"], "product": "endpoint", "permission": "write"})
    assert r.json()["reason"] == "allowed"
