"""Create new customer (POC) in a real browser: a partner admin fills the form on Manage Customer Access, a
mistake comes back next to its field, and the first user then finds the new customer in the tenant picker."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD, make_user, make_world


def test_partner_admin_creates_a_poc_customer_and_its_first_user_picks_it(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    tag = world.customer["id"][-8:]
    first = make_user(world.client, world.operator, world.partner["id"], f"poc-lead-{tag}@example.com", role="member", name=f"Pia POC {tag}")
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + "/console/customers")
    browser.find_element(By.ID, "new-customer-link").click()
    form = browser.find_element(By.ID, "new-customer-form")
    name = f"Hooli {tag}"
    form.find_element(By.ID, "nc-name").send_keys(name)
    Select(form.find_element(By.ID, "nc-region")).select_by_value("eu")
    for field, value in [("nc-line1", "1 Main St"), ("nc-city", "Springfield"), ("nc-postal", "12345"), ("nc-country", "ZZ")]:
        form.find_element(By.ID, field).send_keys(value)
    Select(form.find_element(By.ID, "nc-first-user")).select_by_value(first["id"])
    for product in ["endpoint", "siem"]:
        form.find_element(By.CSS_SELECTOR, f"#nc-products input[value='{product}']").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    # A made-up country comes back next to its field, with everything typed kept.
    assert "ISO 3166-1" in browser.find_element(By.ID, "nc-country-error").text
    assert browser.find_element(By.ID, "nc-name").get_attribute("value") == name
    assert browser.find_element(By.CSS_SELECTOR, "#nc-products input[value='siem']").is_selected()
    screenshot(browser, "new-customer-error")

    country = browser.find_element(By.ID, "nc-country")
    country.clear()
    country.send_keys("GB")
    form = browser.find_element(By.ID, "new-customer-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    notice = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "notice")).text
    assert f"Created {name} with 2 POC licences" in notice, notice
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    licences = browser.find_element(By.ID, "licenses-table").text
    assert "POC ends" in licences and "SIEM" in licences, licences
    screenshot(browser, "new-customer-created")

    browser.delete_all_cookies()
    console_login(browser, server, first["email"], PASSWORD)
    browser.get(server.base_url + "/console/tenants")
    assert name in browser.find_element(By.TAG_NAME, "main").text
