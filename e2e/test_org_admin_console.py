"""A partner's own admin manages its users; a member cannot; neither reaches other orgs."""

import uuid
from urllib.parse import urlparse

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import api, console_login, screenshot

PASSWORD = "a-long-enough-password"


@pytest.fixture(scope="module")
def partner(server):
    client = api(server)
    token = client.login(server.operator_email, server.operator_password)
    tag = uuid.uuid4().hex[:8]
    r = client.call("POST", "/v1/orgs", token, {"kind": "partner", "name": f"Admin Partner {tag}", "program": "mssp"})
    assert r.status_code == 201, r.text
    org = r.json()
    r = client.call("POST", "/v1/orgs", token, {"kind": "partner", "name": f"Other Partner {tag}", "program": "msp"})
    assert r.status_code == 201, r.text
    other = r.json()
    people = {}
    for role in ("admin", "member"):
        email = f"{role}-{tag}@example.com"
        r = client.call("POST", f"/v1/orgs/{org['id']}/users", token,
                        {"email": email, "name": f"Pat {role.title()} {tag}", "role": role, "password": PASSWORD})
        assert r.status_code == 201, r.text
        people[role] = email
    return {"org": org, "other": other, **people}


def _path(browser) -> str:
    return urlparse(browser.current_url).path.rstrip("/")


def test_org_admin_opens_users_and_adds_a_user(server, browser, partner):
    console_login(browser, server, partner["admin"], PASSWORD)
    nav = browser.find_element(By.CSS_SELECTOR, "header.topbar nav")
    assert nav.find_elements(By.LINK_TEXT, "Partners and customers") == []
    nav.find_element(By.LINK_TEXT, "Users").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/users")
    assert browser.find_element(By.TAG_NAME, "h1").text == partner["org"]["name"]

    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    browser.find_element(By.ID, "user-name").send_keys("Nia Newcomer")
    browser.find_element(By.ID, "user-email").send_keys(email)
    Select(browser.find_element(By.ID, "user-role")).select_by_value("member")
    browser.find_element(By.ID, "user-password").send_keys(PASSWORD)
    browser.find_element(By.XPATH, "//form[@id='user-form']//button[normalize-space()='Add user']").click()

    def rows(d):
        return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                for tr in d.find_elements(By.CSS_SELECTOR, "#users-table tbody tr")]
    # The page is replaced after the post: a row read while the old one goes is stale, not missing.
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: any(email in r for r in rows(d)))
    row = next(r for r in rows(browser) if email in r)
    assert row[:3] == ["Nia Newcomer", email, "member"] and row[4] == "active"
    assert {partner["admin"], partner["member"], email} <= {r[1] for r in rows(browser)}
    screenshot(browser, "org-admin-users")

    client = api(server)
    users = client.call("GET", f"/v1/orgs/{partner['org']['id']}/users", client.login(partner["admin"], PASSWORD)).json()
    assert email in [u["email"] for u in users["items"]]


def test_member_sees_no_users_link_and_users_page_is_403(server, browser, partner):
    console_login(browser, server, partner["member"], PASSWORD)
    who = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "signed-in-user"))
    assert partner["member"] in who.text
    assert browser.find_elements(By.CSS_SELECTOR, "a[href='/console/users']") == []
    assert browser.find_elements(By.CSS_SELECTOR, "a[href='/console/orgs']") == []
    browser.get(server.base_url + "/console/users")
    assert browser.find_element(By.ID, "error-detail").text
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("403")
    assert browser.find_elements(By.ID, "user-form") == []


def test_org_admin_cannot_open_another_orgs_page(server, browser, partner):
    console_login(browser, server, partner["admin"], PASSWORD)
    browser.get(f"{server.base_url}/console/orgs/{partner['other']['id']}")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("404")
    assert browser.find_element(By.ID, "error-detail")
    assert partner["other"]["name"] not in browser.page_source
    assert browser.find_elements(By.ID, "users-table") == []
