"""Licence requests in a real browser: a partner admin asks for an extension from a POC licence's menu, the
vendor's operator answers it in the inbox, and the licensing contact's email is in the outbox."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD
from test_delegated_console import _delegated_world


def test_partner_asks_for_an_extension_and_the_operator_extends(server, browser):
    world, _, _ = _delegated_world(server)
    admin = world.token(world.partner_admins[0])
    r = world.client.call("POST", f"/v1/orgs/{world.customer['id']}/licenses", admin, {"product": "siem", "kind": "poc"})
    assert r.status_code == 201, r.text
    license_id = r.json()["id"]

    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + f"/console/customers/{world.customer['id']}")
    browser.find_element(By.CSS_SELECTOR, f"#license-menu-{license_id} summary").click()
    form = browser.find_element(By.ID, f"license-request-{license_id}")
    form.find_element(By.ID, f"note-{license_id}").send_keys("The customer's evaluation needs two more weeks")
    screenshot(browser, "license-request-menu")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    notice = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "notice")).text
    assert "Asked the vendor for an extension" in notice, notice
    assert "awaiting the vendor" in browser.find_element(By.ID, "licenses-table").text

    browser.delete_all_cookies()
    console_login(browser, server, server.operator_email, server.operator_password)
    browser.find_element(By.LINK_TEXT, "Licence requests").click()
    table = browser.find_element(By.ID, "open-requests").text
    assert world.customer["name"] in table and "two more weeks" in table, table
    screenshot(browser, "license-request-inbox")
    requests_ = world.client.call("GET", "/v1/license-requests?status=open", world.operator).json()["items"]
    request_id = next(item["id"] for item in requests_ if item["license_id"] == license_id)
    form = browser.find_element(By.ID, f"resolve-{request_id}")
    Select(form.find_element(By.ID, f"action-{request_id}")).select_by_value("convert")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    notice = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "notice")).text
    assert "Converted to a paid licence" in notice, notice
    assert "converted" in browser.find_element(By.ID, "answered-requests").text
    screenshot(browser, "license-request-answered")

    outbox = world.client.call("GET", "/v1/license-requests", world.operator).json()["items"]
    assert any(item["id"] == request_id and item["status"] == "converted" for item in outbox)
