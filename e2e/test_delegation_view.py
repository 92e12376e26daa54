"""The delegation view on a partner user's page in a real browser: a checkbox per managed customer, checked
where the user administers it; Update applies every change at once."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD
from test_delegated_console import _delegated_world


def test_partner_admin_delegates_and_withdraws_with_checkboxes(server, browser):
    world, lead, colleague = _delegated_world(server)
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + f"/console/partner-users/{colleague['id']}")
    box = browser.find_element(By.CSS_SELECTOR, f"#delegation-form input[type=checkbox][value='{world.customer['id']}']")
    assert not box.is_selected()
    box.click()
    form = browser.find_element(By.ID, "delegation-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    notice = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "notice")).text
    assert "administration of 1 customer" in notice, notice
    assert browser.find_element(By.CSS_SELECTOR, f"#delegation-form input[type=checkbox][value='{world.customer['id']}']").is_selected()
    browser.execute_script("document.getElementById('delegation-form').scrollIntoView()")
    screenshot(browser, "delegation-view")
    r = world.client.call("POST", "/v1/check", world.operator, {"user_id": colleague["id"], "tenant_id": world.customer["id"], "permission": "platform_admin"})
    assert r.json()["reason"] == "allowed", r.text
