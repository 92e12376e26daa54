"""The emailed approval link (SPEC §2, API.md "Relationships"): sign-in required, only an
admin of that customer, single use, the privilege chosen on the page."""

import re
import secrets
from pathlib import Path
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import browser_session, console_login, screenshot
from relationship_world import (APPROVE_LINK, OPERATOR_EMAIL, OPERATOR_PASSWORD, PASSWORD, OwnSteward,
                                console_session, make_customer, make_world, own_dir, steward_env, wait_for)

__all__ = ["own_dir"]


def _link_for(mail_dir: Path, admin: str, customer_name: str) -> str:
    """The approval URL from the request .eml sent to `admin` about `customer_name`."""
    def find():
        if not mail_dir.is_dir():
            return None
        for p in mail_dir.glob("*.eml"):
            text = p.read_text(errors="replace")
            if admin in text and "asks to manage" in text and customer_name in text:
                m = APPROVE_LINK.search(text)
                return m.group(0) if m else None
        return None
    return wait_for(find, 10, f"the request mail to {admin} in {mail_dir}")


def _message(browser) -> tuple[str, str]:
    title = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "message-title"))
    return title.text, browser.find_element(By.ID, "message-detail").text


def _csrf(session, base_url) -> str:
    page = session.get(base_url + "/console", timeout=30)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_signed_out_admin_follows_the_link_signs_in_and_approves_with_manage(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    rel = world.open()
    mail_dir = server.dir / "steward-data" / "mail"
    link = _link_for(mail_dir, world.customer_admins[0], world.customer["name"])
    token = link.rsplit("/", 1)[1]

    # signed out: to the sign-in page, which keeps where to go next
    browser.get(link)
    WebDriverWait(browser, 15).until(lambda d: urlparse(d.current_url).path == "/login")
    assert urlparse(browser.current_url).query == f"next=/approve/{token}", browser.current_url
    browser.find_element(By.ID, "email").send_keys(world.customer_admins[0])
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda d: urlparse(d.current_url).path == f"/approve/{token}")

    form = browser.find_element(By.ID, "approve-form")
    assert world.partner["name"] in browser.find_element(By.TAG_NAME, "h1").text
    assert world.customer["name"] in browser.page_source
    support = form.find_element(By.CSS_SELECTOR, "input[name=privilege][value=support]")
    manage = form.find_element(By.CSS_SELECTOR, "input[name=privilege][value=manage]")
    assert support.is_selected() and not manage.is_selected()
    assert browser.find_element(By.ID, "reject-form")
    # opening the page changed nothing (mail scanners follow links)
    assert world.get(rel["id"])["status"] == "pending"
    screenshot(browser, "approve-page")

    manage.click()
    form.find_element(By.XPATH, ".//button[normalize-space()='Approve']").click()
    title, detail = _message(browser)
    assert title == "Partner approved", (title, detail)
    assert "manage" in detail
    screenshot(browser, "approve-done")

    got = world.get(rel["id"])
    assert (got["status"], got["privilege"]) == ("active", "manage"), got

    # the link is single use
    browser.get(link)
    title, _ = _message(browser)
    assert title == "This link has already been used"
    assert browser_session(browser).get(link, timeout=30).status_code == 410

    # a made-up token of the right shape, and one of the wrong shape
    fake = f"{server.base_url}/approve/{secrets.token_urlsafe(32)}"
    browser.get(fake)
    assert _message(browser)[0] == "This approval link is not valid"
    assert browser_session(browser).get(fake, timeout=30).status_code == 404
    assert browser_session(browser).get(f"{server.base_url}/approve/nope", timeout=30).status_code == 404

    # replaying the answer by hand changes nothing
    s = browser_session(browser)
    r = s.post(link, data={"csrf": _csrf(s, server.base_url), "decision": "reject"}, timeout=30)
    assert r.status_code == 410 and "already been used" in r.text, (r.status_code, r.text[:300])
    assert world.get(rel["id"])["status"] == "active"


def test_an_admin_of_another_customer_cannot_use_the_link(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    rel = world.open()
    other, other_admins = make_customer(world.client, world.operator, secrets.token_hex(4), label="Other Customer")
    link = _link_for(server.dir / "steward-data" / "mail", world.customer_admins[0], world.customer["name"])

    console_login(browser, server, other_admins[0], PASSWORD)
    browser.get(link)
    title, _ = _message(browser)
    assert title == "This approval link is not valid"
    assert world.partner["name"] not in browser.page_source and world.customer["name"] not in browser.page_source
    s = browser_session(browser)
    assert s.get(link, timeout=30).status_code == 404
    r = s.post(link, data={"csrf": _csrf(s, server.base_url), "decision": "approve", "privilege": "manage"}, timeout=30)
    assert r.status_code == 404, (r.status_code, r.text[:300])
    assert world.get(rel["id"])["status"] == "pending"

    # a partner admin (the requester) cannot answer either
    p = console_session(server.base_url, world.partner_admins[0])
    assert p.get(link, timeout=30).status_code == 404
    assert world.get(rel["id"])["status"] == "pending"

    # the right admin can still reject through it
    c = console_session(server.base_url, world.customer_admins[0])
    r = c.post(link, data={"csrf": _csrf(c, server.base_url), "decision": "reject"}, timeout=30)
    assert r.status_code == 200 and "Request rejected" in r.text, (r.status_code, r.text[:300])
    assert world.get(rel["id"])["status"] == "rejected"


def test_a_link_to_a_request_answered_elsewhere_says_so(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=2)
    rel = world.open()
    link = _link_for(server.dir / "steward-data" / "mail", world.customer_admins[0], world.customer["name"])
    r = world.client.call("POST", f"/v1/relationships/{rel['id']}/approve", world.token(world.customer_admins[1]))
    assert r.status_code == 200, r.text

    s = console_session(server.base_url, world.customer_admins[0])
    r = s.get(link, timeout=30)
    assert r.status_code == 409 and "This request was already answered" in r.text, (r.status_code, r.text[:300])
    r = s.post(link, data={"csrf": _csrf(s, server.base_url), "decision": "reject"}, timeout=30)
    assert r.status_code == 409, (r.status_code, r.text[:300])
    assert world.get(rel["id"])["status"] == "active"


def test_a_link_past_the_approval_window_has_expired(own_dir):
    steward = OwnSteward(own_dir, steward_env(STEWARD_APPROVAL_WINDOW="2s"))
    try:
        steward.start()
        world = make_world(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, customer_admins=1)
        rel = world.open()
        link = _link_for(own_dir / "steward-data" / "mail", world.customer_admins[0], world.customer["name"])
        wait_for(lambda: world.get(rel["id"])["status"] == "expired", 10, "the request to read as expired")
        s = console_session(steward.base_url, world.customer_admins[0])
        r = s.get(link, timeout=30)
        assert r.status_code == 410 and "This request has expired" in r.text, (r.status_code, r.text[:300])
        r = s.post(link, data={"csrf": _csrf(s, steward.base_url), "decision": "approve"}, timeout=30)
        assert r.status_code == 410, (r.status_code, r.text[:300])
        r = world.client.call("POST", f"/v1/relationships/{rel['id']}/approve", world.token(world.customer_admins[0]))
        assert r.status_code == 409, (r.status_code, r.text)
    finally:
        steward.stop()
