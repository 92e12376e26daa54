"""Partner settings in a real browser: a partner admin keeps its contact and its mail routing, one address at
a time, and a mistyped range comes back next to its list; the vendor's operator sets the partner's terms."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD, make_world


def _submit(browser, form_id):
    form = browser.find_element(By.ID, form_id)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)


def test_partner_admin_keeps_details_and_routing_and_the_operator_sets_terms(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + "/console")
    browser.find_element(By.LINK_TEXT, "Partner settings").click()
    browser.find_element(By.ID, "contact-name").send_keys("Pat Partner")
    browser.find_element(By.ID, "contact-email").send_keys("pat@guardian.example")
    browser.find_element(By.ID, "contact-phone").send_keys("+44 20 7946 0000")
    _submit(browser, "details-form")
    assert "Your details are saved" in WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "notice")).text

    for address in ["198.51.100.0/24", "2001:db8::/32"]:
        browser.find_element(By.ID, "outbound-address").send_keys(address)
        _submit(browser, "add-outbound")
    browser.find_element(By.ID, "inbound-address").send_keys("203.0.113.7")
    _submit(browser, "add-inbound")
    browser.find_element(By.ID, "outbound-address").send_keys("198.51.100.1/24")
    _submit(browser, "add-outbound")
    assert "bits set past its prefix" in browser.find_element(By.ID, "outbound-error").text
    outbound = browser.find_element(By.ID, "outbound").text
    assert "198.51.100.0/24" in outbound and "2001:db8::/32" in outbound, outbound
    smarthost = browser.find_element(By.ID, "smarthost")
    smarthost.clear()
    smarthost.send_keys("smtp.guardian.example:2525")
    _submit(browser, "smarthost-form")
    browser.execute_script("document.getElementById('outbound').scrollIntoView()")
    screenshot(browser, "partner-settings")

    r = world.client.call("GET", f"/v1/partners/{world.partner['id']}/config", world.token(world.partner_admins[0]))
    assert r.json()["outbound_ips"] == ["198.51.100.0/24", "2001:db8::/32"] and r.json()["smarthost"] == "smtp.guardian.example:2525", r.text

    browser.delete_all_cookies()
    console_login(browser, server, server.operator_email, server.operator_password)
    browser.get(server.base_url + f"/console/orgs/{world.partner['id']}")
    browser.find_element(By.ID, "partner-settings-link").click()
    Select(browser.find_element(By.ID, "status")).select_by_value("technical")
    _submit(browser, "status-form")
    Select(browser.find_element(By.ID, "price-product")).select_by_value("endpoint")
    browser.find_element(By.ID, "price-amount").send_keys("4.75")
    browser.find_element(By.ID, "price-currency").send_keys("GBP")
    _submit(browser, "price-form")
    assert "4.75 GBP" in browser.find_element(By.ID, "prices-table").text
    assert browser.find_element(By.ID, "partner-status").text == "technical"
    screenshot(browser, "partner-settings-operator")
