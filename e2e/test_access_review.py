"""Access review in a real browser: a customer admin sees who from outside holds access, sorts the table,
chooses two accesses, confirms once, and both are gone with their audit events."""

from selenium.webdriver.common.by import By

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD
from test_delegated_console import _delegated_world


def test_customer_admin_reviews_and_removes_external_access(server, browser):
    world, lead, colleague = _delegated_world(server)
    r = world.client.call("POST", "/v1/memberships", world.token(world.partner_admins[0]), {"items": [{
        "user_id": colleague["id"], "tenant_id": world.customer["id"], "platform_admin": False,
        "products": [{"product": "endpoint", "role": "viewer"}],
    }]})
    assert r.status_code == 201, r.text
    colleague_membership = r.json()["items"][0]["id"]
    review = world.client.call("GET", f"/v1/access-review?customer_id={world.customer['id']}", world.token(world.customer_admins[0])).json()["items"]
    lead_membership = next(item["id"] for item in review if item["user_id"] == lead["id"])

    console_login(browser, server, world.customer_admins[0], PASSWORD)
    browser.find_element(By.LINK_TEXT, "Access review").click()
    table = browser.find_element(By.ID, "review-table")
    assert lead["name"] in table.text and colleague["name"] in table.text, table.text
    assert "2 accesses" in browser.find_element(By.ID, "review-summary").text
    old = table
    browser.find_element(By.LINK_TEXT, "Person").click()
    wait_until_replaced(browser, old)
    names = [row.find_elements(By.TAG_NAME, "td")[1].text.split("\n")[0] for row in browser.find_elements(By.CSS_SELECTOR, "#review-table tbody tr")]
    assert names == sorted(names, key=str.lower), names
    screenshot(browser, "access-review")

    for membership in (lead_membership, colleague_membership):
        browser.find_element(By.CSS_SELECTOR, f"#review-{membership} input[type=checkbox]").click()
    old = browser.find_element(By.ID, "review-form")
    browser.find_element(By.ID, "remove-chosen").click()
    wait_until_replaced(browser, old)
    message = browser.find_element(By.ID, "confirm-message").text
    assert "these 2 accesses" in message and "All are removed, or none" in message, message
    screenshot(browser, "access-review-confirm")
    old = browser.find_element(By.ID, "confirm-form")
    browser.find_element(By.CSS_SELECTOR, "#confirm-form button[type=submit]").click()
    wait_until_replaced(browser, old)
    assert "Removed 2 accesses" in browser.find_element(By.ID, "notice").text
    assert browser.find_elements(By.ID, "review-empty")
    for membership in (lead_membership, colleague_membership):
        assert world.client.call("GET", f"/v1/memberships/{membership}", world.operator).status_code == 404
