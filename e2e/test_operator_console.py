"""An operator builds the sales tree and adds users through the console."""

import uuid
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import api, browser_session, console_login, screenshot


def _path(browser) -> str:
    return urlparse(browser.current_url).path.rstrip("/")


def _create_org(browser, server, name, kind, program=None, parent=None, region=None) -> str:
    """Fill /console/orgs/new and return the new org's id (from the redirect)."""
    browser.get(server.base_url + "/console/orgs/new")
    browser.find_element(By.ID, "name").send_keys(name)
    browser.find_element(By.CSS_SELECTOR, f"#org-form input[name=kind][value={kind}]").click()
    if program:
        Select(browser.find_element(By.ID, "program")).select_by_value(program)
    if region:
        Select(browser.find_element(By.ID, "region")).select_by_value(region)
    if parent:
        Select(browser.find_element(By.ID, "parent_id")).select_by_visible_text(parent)
    browser.find_element(By.CSS_SELECTOR, "#org-form button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) not in ("/console/orgs/new", "/console/orgs"))
    path = _path(browser)
    assert path.startswith("/console/orgs/"), (path, browser.page_source[:2000])
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    return path.rsplit("/", 1)[1]


def _add_user(browser, name, email, role="member", time_zone="Europe/London", password="a-long-enough-password"):
    for field, value in (("user-name", name), ("user-email", email)):
        element = browser.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)
    Select(browser.find_element(By.ID, "user-role")).select_by_value(role)
    tz = browser.find_element(By.ID, "user-time-zone")
    tz.clear()
    tz.send_keys(time_zone)
    browser.find_element(By.ID, "user-password").send_keys(password)
    browser.find_element(By.XPATH, "//form[@id='user-form']//button[normalize-space()='Add user']").click()


def _table_rows(browser) -> list[list[str]]:
    """Each user's name, email, role, time zone and status (the last column holds actions)."""
    rows = browser.find_elements(By.CSS_SELECTOR, "#users-table tbody tr")
    return [[td.text for td in row.find_elements(By.TAG_NAME, "td")][:5] for row in rows]


def _customer_via_api(server) -> tuple[str, str]:
    client = api(server)
    token = client.login(server.operator_email, server.operator_password)
    name = f"Users Customer {uuid.uuid4().hex[:8]}"
    r = client.call("POST", "/v1/orgs", token, {"kind": "customer", "name": name, "region": "eu"})
    assert r.status_code == 201, r.text
    return r.json()["id"], name


def test_operator_home_shows_the_name_and_the_tree_link(server, browser):
    console_login(browser, server, server.operator_email, server.operator_password)
    assert _path(browser) == "/console"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Welcome, ")
    nav = browser.find_element(By.CSS_SELECTOR, "header.topbar nav")
    assert nav.find_element(By.LINK_TEXT, "Partners and customers").get_attribute("href").endswith("/console/orgs")
    assert browser.find_element(By.ID, "tenant-switcher")
    assert server.operator_email in browser.find_element(By.ID, "signed-in-user").text
    screenshot(browser, "home")


def test_operator_creates_distributor_reseller_customer_and_tree_shows_the_nesting(server, browser):
    tag = uuid.uuid4().hex[:6]
    dist, resl, cust = f"Dist {tag}", f"Reseller {tag}", f"Customer {tag}"
    console_login(browser, server, server.operator_email, server.operator_password)

    browser.get(server.base_url + "/console/orgs")
    browser.find_element(By.LINK_TEXT, "New organisation").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/orgs/new")

    dist_id = _create_org(browser, server, dist, "partner", program="distributor")
    resl_id = _create_org(browser, server, resl, "partner", program="reseller", parent=dist)
    cust_id = _create_org(browser, server, cust, "customer", region="uk", parent=resl)

    browser.get(server.base_url + "/console/orgs")
    screenshot(browser, "operator-tree")
    tree = browser.find_element(By.ID, "org-tree")
    d = tree.find_element(By.XPATH, f".//li[a[@href='/console/orgs/{dist_id}']]")
    r = d.find_element(By.XPATH, f"./ul/li[a[@href='/console/orgs/{resl_id}']]")
    c = r.find_element(By.XPATH, f"./ul/li[a[@href='/console/orgs/{cust_id}']]")
    assert "distributor" in d.text and "reseller" in r.text and "customer" in c.text
    assert "region uk" in c.text
    # the distributor is a root of the tree
    assert d.find_element(By.XPATH, "..").get_attribute("id") == "org-tree"

    client = api(server)
    token = client.login(server.operator_email, server.operator_password)
    org = client.call("GET", f"/v1/orgs/{cust_id}", token).json()
    assert (org["kind"], org["parent_id"], org["region"]) == ("customer", resl_id, "uk")


def test_org_form_with_an_empty_name_shows_the_errors(server, browser):
    console_login(browser, server, server.operator_email, server.operator_password)
    browser.get(server.base_url + "/console/orgs/new")
    # Skip the browser's own `required` check so the server's validation is what we see.
    browser.execute_script("document.getElementById('name').removeAttribute('required')")
    browser.find_element(By.CSS_SELECTOR, "#org-form input[name=kind][value=partner]").click()
    Select(browser.find_element(By.ID, "program")).select_by_value("msp")
    browser.find_element(By.CSS_SELECTOR, "#org-form button[type=submit]").click()
    errors = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "form-errors"))
    assert "name" in errors.text.lower()
    assert browser.find_element(By.ID, "org-form")
    screenshot(browser, "org-new-errors")

    # The same form sent by hand: the status is 400.
    csrf = browser.find_element(By.CSS_SELECTOR, "#org-form input[name=csrf]").get_attribute("value")
    r = browser_session(browser).post(server.base_url + "/console/orgs", allow_redirects=False, timeout=30,
                                      data={"csrf": csrf, "name": "", "kind": "partner", "program": "msp"})
    assert r.status_code == 400 and 'id="form-errors"' in r.text, (r.status_code, r.text[:500])


def test_operator_adds_a_user_to_a_customer_and_sees_it_in_the_table(server, browser):
    cust_id, cust_name = _customer_via_api(server)
    email = f"carla-{uuid.uuid4().hex[:8]}@example.com"
    console_login(browser, server, server.operator_email, server.operator_password)
    browser.get(f"{server.base_url}/console/orgs/{cust_id}")
    assert browser.find_element(By.TAG_NAME, "h1").text == cust_name
    _add_user(browser, "Carla Customer", email, role="admin")
    WebDriverWait(browser, 15).until(lambda d: any(email in r for r in _table_rows(d)))
    row = next(r for r in _table_rows(browser) if email in r)
    assert row == ["Carla Customer", email, "admin", "Europe/London", "active"]
    assert browser.find_elements(By.ID, "form-errors") == []
    screenshot(browser, "org-users")


def test_adding_a_duplicate_email_shows_an_error(server, browser):
    cust_id, _ = _customer_via_api(server)
    email = f"dup-{uuid.uuid4().hex[:8]}@example.com"
    console_login(browser, server, server.operator_email, server.operator_password)
    browser.get(f"{server.base_url}/console/orgs/{cust_id}")
    _add_user(browser, "First Person", email)
    WebDriverWait(browser, 15).until(lambda d: any(email in r for r in _table_rows(d)))
    _add_user(browser, "Second Person", email)
    errors = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "form-errors"))
    assert "email" in errors.text.lower()
    assert [r for r in _table_rows(browser) if email in r] == [["First Person", email, "member", "Europe/London", "active"]]
    screenshot(browser, "org-users-duplicate")

    # The same form sent by hand: the status is 409.
    csrf = browser.find_element(By.CSS_SELECTOR, "#user-form input[name=csrf]").get_attribute("value")
    r = browser_session(browser).post(f"{server.base_url}/console/orgs/{cust_id}/users", allow_redirects=False, timeout=30,
                                      data={"csrf": csrf, "name": "Third Person", "email": email, "role": "member",
                                            "time_zone": "UTC", "password": "a-long-enough-password"})
    assert r.status_code == 409 and 'id="form-errors"' in r.text, (r.status_code, r.text[:500])
