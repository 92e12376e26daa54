"""Invitations in a real browser: an admin adds a colleague without a password, the colleague shows as
invited, follows the emailed link, chooses a password and signs in; the spent link then says so."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD, make_world, wait_for

INVITE_LINK = re.compile(r"https?://[^\s/]+/invitation/[A-Za-z0-9_-]+")


def _link_for(mail_dir, email):
    def find():
        if not mail_dir.is_dir():
            return None
        for p in mail_dir.glob("*.eml"):
            text = p.read_text(errors="replace")
            if email in text and "You are invited" in text:
                m = INVITE_LINK.search(text)
                return m.group(0) if m else None
        return None
    return wait_for(find, 15, f"the invitation to {email} in {mail_dir}")


def test_invited_colleague_sets_a_password_once_and_signs_in(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    tag = world.customer["id"][-8:]
    email = f"invited-{tag}@example.com"
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + "/console/users")
    form = browser.find_element(By.ID, "user-form")
    form.find_element(By.ID, "user-name").send_keys(f"Ivy Invited {tag}")
    form.find_element(By.ID, "user-email").send_keys(email)
    Select(form.find_element(By.ID, "user-role")).select_by_value("member")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#users-table tbody tr") if email in r.text)
    assert "invited" in row.text and "Send invitation again" in row.text, row.text
    screenshot(browser, "users-invited")

    link = _link_for(server.dir / "steward-data" / "mail", email)
    browser.delete_all_cookies()
    browser.get(link)
    assert f"Ivy Invited {tag}" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.ID, "password").send_keys("ivy-picks-a-long-one-7")
    browser.find_element(By.ID, "confirm").send_keys("ivy-picks-a-long-one-8")
    form = browser.find_element(By.ID, "invitation-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    assert "does not match" in browser.find_element(By.ID, "form-errors").text
    screenshot(browser, "invitation-mismatch")
    browser.find_element(By.ID, "password").send_keys("ivy-picks-a-long-one-7")
    browser.find_element(By.ID, "confirm").send_keys("ivy-picks-a-long-one-7")
    form = browser.find_element(By.ID, "invitation-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda d: "/login" in d.current_url)
    console_login(browser, server, email, "ivy-picks-a-long-one-7")
    assert "/login" not in browser.current_url

    browser.delete_all_cookies()
    browser.get(link)
    assert "already been used" in browser.find_element(By.ID, "invitation-problem").text
    screenshot(browser, "invitation-used")
