"""Relationships in the console (SPEC §8): the operator links, the partner admin watches and
terminates, the customer admin approves, limits and revokes, and sets notifications; the
operator reads the outbox."""

import uuid
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import browser_session, console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD, make_customer, make_world, outbox_rows, console_session, wait_for


def _path(browser) -> str:
    return urlparse(browser.current_url).path.rstrip("/")


def _rows(browser, table_id: str) -> list[list[str]]:
    return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in browser.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr")]


def _row(browser, table_id: str, text: str):
    for tr in browser.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr"):
        if text in tr.text:
            return tr
    raise AssertionError(f"no row with {text!r} in #{table_id}: {_rows(browser, table_id)}")


def _sign_out(browser) -> None:
    browser.delete_all_cookies()


def test_link_approve_change_privilege_and_revoke_through_the_console(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    partner, customer = world.partner, world.customer

    # operator: link the partner to the customer
    console_login(browser, server, server.operator_email, server.operator_password)
    browser.find_element(By.CSS_SELECTOR, "header.topbar nav").find_element(By.LINK_TEXT, "Relationships").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/relationships")
    form = browser.find_element(By.ID, "link-form")
    partner_select = Select(form.find_element(By.ID, "partner_id"))
    assert f"{partner['name']} (mssp)" in [o.text for o in partner_select.options]
    partner_select.select_by_value(partner["id"])
    Select(form.find_element(By.ID, "customer_id")).select_by_value(customer["id"])
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # the page before the post may already hold a table: wait for the one the post leads to
    wait_until_replaced(browser, form)
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.ID, "relationships-table"))
    assert "Asked the admins of" in browser.find_element(By.ID, "notice").text
    row = _row(browser, "relationships-table", customer["name"])
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[:4] == [partner["name"], customer["name"], "pending", "—"], cells
    assert browser.find_elements(By.ID, "form-errors") == []
    screenshot(browser, "relationships")

    rels = world.client.call("GET", f"/v1/relationships?customer_id={customer['id']}", world.operator).json()["items"]
    assert [(r["partner_id"], r["status"]) for r in rels] == [(partner["id"], "pending")]
    rel_id = rels[0]["id"]

    # linking the same pair again: 409 with the error shown on the form
    Select(browser.find_element(By.ID, "partner_id")).select_by_value(partner["id"])
    Select(browser.find_element(By.ID, "customer_id")).select_by_value(customer["id"])
    browser.find_element(By.CSS_SELECTOR, "#link-form button[type=submit]").click()
    assert WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "form-errors")).text
    csrf = browser.find_element(By.CSS_SELECTOR, "#link-form input[name=csrf]").get_attribute("value")
    r = browser_session(browser).post(server.base_url + "/console/relationships", allow_redirects=False, timeout=30,
                                      data={"csrf": csrf, "partner_id": partner["id"], "customer_id": customer["id"]})
    assert r.status_code == 409 and 'id="form-errors"' in r.text, (r.status_code, r.text[:300])

    # partner admin: the customer is marked as pending, with nothing to terminate yet
    _sign_out(browser)
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "header.topbar nav").find_element(By.LINK_TEXT, "Manage Customer Access").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/customers")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Manage Customer Access"
    row = _row(browser, "customers-table", customer["name"])
    assert "Pending approval" in row.text
    assert row.find_elements(By.LINK_TEXT, "Terminate") == []
    screenshot(browser, "customers-pending")

    # customer admin: approve with support
    _sign_out(browser)
    console_login(browser, server, world.customer_admins[0], PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "header.topbar nav").find_element(By.LINK_TEXT, "External user settings").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/external")
    assert browser.find_element(By.TAG_NAME, "h1").text == "External user settings"
    pending = browser.find_elements(By.CSS_SELECTOR, "#pending-requests > li")
    assert len(pending) == 1 and partner["name"] in pending[0].text, [p.text for p in pending]
    privilege = Select(pending[0].find_element(By.CSS_SELECTOR, "select[name=privilege]"))
    assert privilege.first_selected_option.get_attribute("value") == "support"
    assert browser.find_elements(By.ID, "partners-table") == []
    screenshot(browser, "external-pending")
    pending[0].find_element(By.XPATH, ".//button[normalize-space()='Approve']").click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.ID, "partners-table"))
    assert browser.find_elements(By.ID, "pending-requests") == []
    got = world.get(rel_id)
    assert (got["status"], got["privilege"]) == ("active", "support"), got

    # change the privilege to manage
    row = _row(browser, "partners-table", partner["name"])
    Select(row.find_element(By.CSS_SELECTOR, "select[name=privilege]")).select_by_value("manage")
    row.find_element(By.XPATH, ".//button[normalize-space()='Change']").click()
    WebDriverWait(browser, 15).until(lambda d: world.get(rel_id)["privilege"] == "manage")
    browser.get(server.base_url + "/console/external")
    row = _row(browser, "partners-table", partner["name"])
    assert Select(row.find_element(By.CSS_SELECTOR, "select[name=privilege]")).first_selected_option.get_attribute("value") == "manage"
    screenshot(browser, "external-partners")

    # revoke, through the confirmation page
    row.find_element(By.LINK_TEXT, "Revoke").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == f"/console/relationships/{rel_id}/revoke")
    message = browser.find_element(By.ID, "confirm-message").text
    assert partner["name"] in message and customer["name"] in message, message
    assert world.get(rel_id)["status"] == "active"  # the confirmation page changes nothing
    screenshot(browser, "revoke-confirm")
    browser.find_element(By.CSS_SELECTOR, "#confirm-form button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/external")
    assert browser.find_elements(By.ID, "partners-table") == []
    assert world.get(rel_id)["status"] == "revoked"

    # and the audit trail, as the customer admin and the partner admin see it
    for who in (world.customer_admins[0], world.partner_admins[0]):
        org = customer["id"] if who in world.customer_admins else partner["id"]
        r = world.client.call("GET", f"/v1/audit?org_id={org}", world.token(who))
        assert r.status_code == 200, (who, r.status_code, r.text)
        actions = [e["action"] for e in r.json()["items"] if e.get("target_id") == rel_id]
        for action in ("relationship.requested", "relationship.approved",
                       "relationship.privilege_changed", "relationship.revoked"):
            assert action in actions, (who, actions)


def test_partner_admin_terminates_an_active_relationship_after_confirming(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    rel = world.open()
    r = world.client.call("POST", f"/v1/relationships/{rel['id']}/approve", world.token(world.customer_admins[0]))
    assert r.status_code == 200, r.text

    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + "/console/customers")
    row = _row(browser, "customers-table", world.customer["name"])
    assert "active" in row.text and "support" in row.text, row.text
    row.find_element(By.LINK_TEXT, "Terminate").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == f"/console/relationships/{rel['id']}/terminate")
    message = browser.find_element(By.ID, "confirm-message").text
    assert world.partner["name"] in message and world.customer["name"] in message, message
    assert world.get(rel["id"])["status"] == "active"
    screenshot(browser, "terminate-confirm")

    # Cancel goes back and changes nothing
    browser.find_element(By.CSS_SELECTOR, "#confirm-form a.cancel").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/customers")
    assert world.get(rel["id"])["status"] == "active"

    _row(browser, "customers-table", world.customer["name"]).find_element(By.LINK_TEXT, "Terminate").click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.ID, "confirm-form"))
    browser.find_element(By.CSS_SELECTOR, "#confirm-form button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/customers")
    # an ended relationship leaves the list of managed customers for its History
    assert world.customer["name"] not in "".join(r[0] for r in _rows(browser, "customers-table"))
    browser.find_element(By.CSS_SELECTOR, "#customer-history-details summary").click()
    row = _row(browser, "customer-history", world.customer["name"])
    assert "terminated" in row.text and row.find_elements(By.LINK_TEXT, "Terminate") == []
    screenshot(browser, "customers-history")
    assert world.get(rel["id"])["status"] == "terminated"

    # the customer admin cannot terminate, and gets no confirmation page for it
    c = console_session(server.base_url, world.customer_admins[0])
    assert c.get(f"{server.base_url}/console/relationships/{rel['id']}/terminate", timeout=30).status_code in (403, 404)


def test_notification_settings_are_saved_and_shown_again(server, browser):
    tag = uuid.uuid4().hex[:8]
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    cust = world.customer["id"]
    r = world.client.call("GET", f"/v1/orgs/{cust}/notification-settings", world.token(world.customer_admins[0]))
    assert r.status_code == 200, r.text
    assert (r.json()["on_access_granted"], r.json()["on_access_removed"], r.json()["recipients"]) == (True, True, [])

    console_login(browser, server, world.customer_admins[0], PASSWORD)
    browser.get(server.base_url + "/console/external")
    form = browser.find_element(By.ID, "notifications-form")
    granted = form.find_element(By.CSS_SELECTOR, "input[name=on_access_granted]")
    removed = form.find_element(By.CSS_SELECTOR, "input[name=on_access_removed]")
    assert granted.is_selected() and removed.is_selected()
    granted.click()
    recipients = [f"soc-{tag}@example.com", f"it-{tag}@example.com"]
    # one per line, as the label asks (a browser sends the textarea's line breaks as CRLF)
    form.find_element(By.ID, "recipients").send_keys("\n".join(recipients))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    errors = browser.find_elements(By.ID, "form-errors")
    assert errors == [], f"saving {recipients} one per line: {errors[0].text!r}"
    assert _path(browser) == "/console/external"

    browser.get(server.base_url + "/console/external")
    form = browser.find_element(By.ID, "notifications-form")
    assert not form.find_element(By.CSS_SELECTOR, "input[name=on_access_granted]").is_selected()
    assert form.find_element(By.CSS_SELECTOR, "input[name=on_access_removed]").is_selected()
    assert form.find_element(By.ID, "recipients").get_attribute("value").split() == recipients
    r = world.client.call("GET", f"/v1/orgs/{cust}/notification-settings", world.token(world.customer_admins[0]))
    assert (r.json()["on_access_granted"], r.json()["on_access_removed"], r.json()["recipients"]) == (False, True, recipients)

    # a bad address is refused with the form's errors, and nothing changes
    form.find_element(By.ID, "recipients").send_keys(", not-an-address")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "not a valid email" in WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "form-errors")).text
    r = world.client.call("GET", f"/v1/orgs/{cust}/notification-settings", world.token(world.customer_admins[0]))
    assert r.json()["recipients"] == recipients


def test_operator_outbox_lists_the_relationship_mail(server, browser):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=2)
    rel = world.open()
    r = world.client.call("POST", f"/v1/relationships/{rel['id']}/reject", world.token(world.customer_admins[1]))
    assert r.status_code == 200 and r.json()["status"] == "rejected", r.text

    ops = console_session(server.base_url, server.operator_email, server.operator_password)

    def mine():
        rows = [r for r in outbox_rows(ops, server.base_url)
                if world.customer_admins[0] in r["to"] or world.partner_admins[0] in r["to"]]
        return rows if len(rows) == 2 and all(r["state"] == "sent" for r in rows) else None
    rows = wait_for(mine, 10, "both messages sent in the outbox")
    by_kind = {r["kind"]: r for r in rows}
    assert set(by_kind) == {"relationship.requested", "relationship.rejected"}, rows
    assert by_kind["relationship.requested"]["subject"] == f"{world.partner['name']} asks to manage {world.customer['name']}"
    assert all(a in by_kind["relationship.requested"]["to"] for a in world.customer_admins)
    assert by_kind["relationship.rejected"]["to"] == world.partner_admins[0]
    assert all(r["attempts"] == 1 and r["error"] is None for r in rows), rows

    console_login(browser, server, server.operator_email, server.operator_password)
    browser.find_element(By.CSS_SELECTOR, "header.topbar nav").find_element(By.LINK_TEXT, "Outbox").click()
    WebDriverWait(browser, 15).until(lambda d: _path(d) == "/console/outbox")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Mail outbox"
    texts = [tr.text for tr in browser.find_elements(By.CSS_SELECTOR, "#outbox-table tbody tr")]
    assert any(world.customer["name"] in t and "sent" in t for t in texts), texts
    screenshot(browser, "outbox")

    # not for anyone but operators
    for who in (world.customer_admins[0], world.partner_admins[0]):
        s = console_session(server.base_url, who)
        assert s.get(server.base_url + "/console/outbox", timeout=30).status_code == 403
