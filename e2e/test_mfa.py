"""TOTP driven by an independent implementation (pyotp): the API's enrolment, sign-in with codes and recovery
codes, and the console's set-up page, with STEWARD_REQUIRE_MFA making enrolment compulsory."""

import re
import time

import pyotp
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS, console_login
from relationship_world import OPERATOR_EMAIL, OPERATOR_PASSWORD, PASSWORD, OwnSteward, make_world, own_dir, steward_env  # noqa: F401


def _login(world, email, password=PASSWORD, totp=None):
    body = {"email": email, "password": password}
    if totp is not None:
        body["totp"] = totp
    return world.client.call("POST", "/v1/auth/login", json=body)


def test_api_enrolment_and_sign_in_with_pyotp(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    email = world.customer_admins[0]
    token = world.token(email)
    r = world.client.call("POST", "/v1/me/mfa/totp", token)
    assert r.status_code == 201 and r.headers["cache-control"] == "no-store", r.text
    secret, url = r.json()["secret"], r.json()["otpauth_url"]
    assert pyotp.parse_uri(url).secret == secret
    totp = pyotp.TOTP(secret)
    r = world.client.call("POST", "/v1/me/mfa/totp/confirm", token, {"code": totp.now()})
    assert r.status_code == 200, r.text
    recovery = r.json()["recovery_codes"]
    assert len(recovery) == 10

    r = _login(world, email)
    assert r.status_code == 401 and r.json().get("mfa_required") is True, r.text
    # The code of the step after the one spent at confirmation: pyotp's own clock, one step ahead if needed.
    code = totp.at(time.time() + 30)
    assert _login(world, email, totp=code).status_code == 200
    assert _login(world, email, totp=code).status_code == 401, "spent"
    assert _login(world, email, totp=recovery[3]).status_code == 200
    assert _login(world, email, totp=recovery[3]).status_code == 401, "each recovery code once"
    assert _login(world, email, totp="000000").status_code == 401


def test_required_enrolment_in_the_console_with_pyotp(own_dir, browser):
    steward = OwnSteward(own_dir, steward_env(STEWARD_REQUIRE_MFA="admins"))
    steward.start()
    try:
        # Through the API first: the token reaches only the enrolment.
        r = requests.post(f"{steward.base_url}/v1/auth/login", json={"email": OPERATOR_EMAIL, "password": OPERATOR_PASSWORD}, timeout=30)
        assert r.status_code == 200 and r.json()["mfa_enrolment_required"] is True, r.text
        headers = {"Authorization": f"Bearer {r.json()['token']}"}
        assert requests.get(f"{steward.base_url}/v1/orgs", headers=headers, timeout=30).status_code == 403

        console_login(browser, steward, OPERATOR_EMAIL, OPERATOR_PASSWORD)
        wait = WebDriverWait(browser, 15)
        wait.until(lambda d: d.current_url.endswith("/console/mfa"))
        assert browser.find_element(By.ID, "mfa-required").is_displayed()
        browser.get(steward.base_url + "/console/orgs")
        assert browser.current_url.endswith("/console/mfa"), "every other page sends a restricted session back here"
        browser.find_element(By.CSS_SELECTOR, "#mfa-start-form button").click()
        secret = wait.until(lambda d: d.find_element(By.ID, "mfa-secret")).text.replace(" ", "")
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "mfa-setup.png"))
        browser.find_element(By.ID, "confirm-code").send_keys(pyotp.TOTP(secret).now())
        browser.find_element(By.CSS_SELECTOR, "#mfa-confirm-form button").click()
        wait.until(lambda d: d.find_elements(By.ID, "recovery-codes"))
        codes = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
        assert len(codes) == 10 and all(re.fullmatch(r"[A-Z2-7]{5}-[A-Z2-7]{5}", c) for c in codes), codes
        browser.save_screenshot(str(ARTIFACTS / "mfa-recovery-codes.png"))
        browser.get(steward.base_url + "/console/orgs")
        assert browser.current_url.endswith("/console/orgs"), "enrolled: the whole console again"
        assert requests.get(f"{steward.base_url}/v1/orgs", headers=headers, timeout=30).status_code == 200, "and the API token too"

        # Signing in again asks for the code.
        browser.delete_all_cookies()
        browser.get(steward.base_url + "/login")
        browser.find_element(By.ID, "email").send_keys(OPERATOR_EMAIL)
        browser.find_element(By.ID, "password").send_keys(OPERATOR_PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
        error = wait.until(lambda d: d.find_element(By.ID, "login-error"))
        assert "authenticator" in error.text, error.text
        browser.save_screenshot(str(ARTIFACTS / "mfa-login-code.png"))
        browser.find_element(By.ID, "password").send_keys(OPERATOR_PASSWORD)
        browser.find_element(By.ID, "totp").send_keys(codes[0])
        browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
        wait.until(lambda d: "/login" not in d.current_url)
    finally:
        steward.stop()
