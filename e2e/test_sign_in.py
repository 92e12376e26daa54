"""Console sign-in and sign-out, through a real browser."""

import uuid
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import api, console_login, wait_until_replaced

PASSWORD = "a-long-enough-password"


def _user(server) -> tuple[str, str]:
    """A fresh partner admin (own email, so throttling in one test never touches another)."""
    client = api(server)
    token = client.login(server.operator_email, server.operator_password)
    tag = uuid.uuid4().hex[:8]
    r = client.call("POST", "/v1/orgs", token, {"kind": "partner", "name": f"Sign-in Partner {tag}", "program": "msp"})
    assert r.status_code == 201, r.text
    email, name = f"signin-{tag}@example.com", f"Sam Signin {tag}"
    r = client.call("POST", f"/v1/orgs/{r.json()['id']}/users", token,
                    {"email": email, "name": name, "role": "admin", "password": PASSWORD})
    assert r.status_code == 201, r.text
    return email, name


def _submit_login(browser, server, email, password):
    browser.get(server.base_url + "/login")
    browser.find_element(By.CSS_SELECTOR, "input[name=email]").send_keys(email)
    browser.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password)
    form = browser.find_element(By.ID, "login-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)  # the answer page has loaded


def _path(browser) -> str:
    return urlparse(browser.current_url).path.rstrip("/")


def test_wrong_password_shows_the_error_and_stays_on_login(server, browser):
    email, _ = _user(server)
    _submit_login(browser, server, email, "not-the-password")
    error = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "login-error"))
    assert "wrong" in error.text.lower()
    assert _path(browser) == "/login"
    assert not [c for c in browser.get_cookies() if c["name"] == "steward_session"]


def test_right_password_lands_on_home_with_the_name_in_the_top_bar(server, browser):
    email, name = _user(server)
    console_login(browser, server, email, PASSWORD)
    assert _path(browser) == "/console"
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Welcome, {name}"
    who = browser.find_element(By.CSS_SELECTOR, "header.topbar #signed-in-user")
    assert name in who.text and email in who.text


def test_session_cookie_is_httponly_and_samesite_strict(server, browser):
    email, _ = _user(server)
    console_login(browser, server, email, PASSWORD)
    cookies = [c for c in browser.get_cookies() if c["name"] == "steward_session"]
    assert len(cookies) == 1, browser.get_cookies()
    assert cookies[0]["httpOnly"] is True
    assert cookies[0]["sameSite"] == "Strict"


def test_sign_out_returns_to_login_and_console_then_redirects_to_login(server, browser):
    email, _ = _user(server)
    console_login(browser, server, email, PASSWORD)
    browser.find_element(By.XPATH, "//header[contains(@class,'topbar')]//button[normalize-space()='Sign out']").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/login")
    assert browser.find_element(By.ID, "login-form")
    browser.get(server.base_url + "/console")
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/login")
    assert browser.find_elements(By.ID, "signed-in-user") == []


def test_five_failed_console_sign_ins_throttle_the_sixth(server, browser):
    email, _ = _user(server)
    for _ in range(5):
        _submit_login(browser, server, email, "not-the-password")
        text = browser.find_element(By.ID, "login-error").text
        assert "wrong" in text.lower(), text
    _submit_login(browser, server, email, PASSWORD)
    assert "too many" in browser.find_element(By.ID, "login-error").text.lower()
    assert _path(browser) == "/login"
