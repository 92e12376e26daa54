"""A partner admin's customer page in a real browser: its licences listed, a POC licence created with its
product administrator, and the customer renamed."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD
from test_delegated_console import _delegated_world


def test_partner_admin_renames_and_licenses_a_managed_customer(server, browser):
    world, lead, _ = _delegated_world(server)
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + f"/console/customers/{world.customer['id']}")
    table = browser.find_element(By.ID, "licenses-table").text
    assert "Endpoint Protection" in table and "paid" in table, table

    browser.find_element(By.CSS_SELECTOR, "#new-license-details summary").click()
    form = browser.find_element(By.ID, "new-license-form")
    Select(form.find_element(By.ID, "nl-product")).select_by_value("siem")
    Select(form.find_element(By.ID, "nl-admin")).select_by_value(lead["id"])
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    notice = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "notice")).text
    assert "can now evaluate SIEM" in notice, notice
    assert "POC ends" in browser.find_element(By.ID, "licenses-table").text

    browser.find_element(By.CSS_SELECTOR, "#rename-details summary").click()
    name = browser.find_element(By.ID, "rename-name")
    name.clear()
    name.send_keys(world.customer["name"] + " Group")
    old = browser.find_element(By.ID, "rename-form")
    old.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, old)
    assert browser.find_element(By.TAG_NAME, "h1").text == world.customer["name"] + " Group"
    screenshot(browser, "customer-licences-renamed")
