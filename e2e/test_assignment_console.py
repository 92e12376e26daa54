"""A partner admin's Manage Customer Access in a real browser: the "Assign user access" wizard on a customer
page (all users or none), the Users tab with "Assign customer access" to many customers at once, removing and
editing from a user's page, and tenant isolation of those pages."""

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD, console_session, make_customer, make_user, make_world

STEP_TITLES = {"users": "Users", "options": "Admin and duration", "products": "Products and roles", "review": "Review"}


# --- helpers ------------------------------------------------------------------------------

def _wait(browser, condition, timeout: float = 15):
    return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def _path(browser) -> str:
    return urlparse(browser.current_url).path.rstrip("/")


def _manage(world, customer: dict, admin_email: str) -> None:
    """Open a relationship from the world's partner to `customer`, approved with privilege manage, and license endpoint."""
    r = world.client.call("POST", "/v1/relationships", world.operator, {"partner_id": world.partner["id"], "customer_id": customer["id"]})
    assert r.status_code == 201, r.text
    r = world.client.call("POST", f"/v1/relationships/{r.json()['id']}/approve", world.token(admin_email), {"privilege": "manage"})
    assert r.status_code == 200, r.text
    r = world.client.call("POST", f"/v1/orgs/{customer['id']}/licenses", world.operator, {"product": "endpoint", "kind": "paid"})
    assert r.status_code == 201, r.text


def _world_with_members(server, members: int = 2):
    """A partner managing one customer (privilege manage, endpoint licensed) and `members` partner members without access."""
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    tag = world.customer["id"][-8:]
    users = [make_user(world.client, world.operator, world.partner["id"], f"member{i}-{tag}@example.com", role="member",
                       name=f"Member {'AB'[i - 1] if i <= 2 else i} {tag}")
             for i in range(1, members + 1)]
    _manage(world, world.customer, world.customer_admins[0])
    return world, users


def _memberships(world, token: str, **query) -> list[dict]:
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    r = world.client.call("GET", f"/v1/memberships?{qs}&limit=500", token)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _step(browser) -> str:
    return browser.find_element(By.ID, "wizard-form").get_attribute("data-step")


def _current_step_title(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "ol.wizard-steps li[aria-current=step]").text


def _press(browser, button_id: str, expect_step: str) -> None:
    """Press a wizard button and wait for the next page to show step `expect_step`."""
    old = browser.find_element(By.ID, "wizard-form")
    browser.find_element(By.ID, button_id).click()
    wait_until_replaced(browser, old)
    _wait(browser, lambda d: _step(d) == expect_step)
    assert STEP_TITLES[expect_step] in _current_step_title(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.wizard-steps li[aria-current=step]")) == 1


def _errors(browser) -> str:
    found = browser.find_elements(By.ID, "form-errors")
    return found[0].text if found else ""


def _open_wizard(browser, server, world) -> None:
    browser.get(f"{server.base_url}/console/customers/{world.customer['id']}")
    browser.find_element(By.ID, "assign-wizard-link").click()
    _wait(browser, lambda d: _path(d) == f"/console/customers/{world.customer['id']}/assign-wizard" and d.find_elements(By.ID, "wizard-form"))
    assert _step(browser) == "users" and "Users" in _current_step_title(browser)


def _check_user(browser, user_id: str) -> None:
    box = browser.find_element(By.CSS_SELECTOR, f"#wizard-form input[name='user_id[]'][value='{user_id}']")
    if not box.is_selected():
        box.click()
    assert box.is_selected()


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _csrf(session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code, page.text[:500])
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:1000]
    return found.group(1)


# --- the wizard ---------------------------------------------------------------------------

def test_the_assign_wizard_walks_four_steps_checks_each_and_assigns_both_users(server, browser):
    world, (ada, bob) = _world_with_members(server)
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    _open_wizard(browser, server, world)
    screenshot(browser, "wizard-users")

    # step users: nothing chosen
    _press(browser, "wizard-next", "users")
    assert "choose at least one user" in _errors(browser)
    assert browser.find_elements(By.ID, "wizard-back") == [], "the first step has no Back"
    _check_user(browser, ada["id"])
    _check_user(browser, bob["id"])
    _press(browser, "wizard-next", "options")
    assert "Users" in browser.find_element(By.CSS_SELECTOR, "ol.wizard-steps li.done").text
    assert _errors(browser) == ""

    # step options: a custom duration that is not a number
    assert not browser.find_element(By.CSS_SELECTOR, "#wizard-form input[name=platform_admin]").is_selected()
    browser.find_element(By.CSS_SELECTOR, "#wizard-form input[name=duration][value=custom]").click()
    browser.find_element(By.ID, "wizard-hours").send_keys("abc")
    _press(browser, "wizard-next", "options")
    errors = _errors(browser)
    assert "Custom hours must be a positive number of hours" in errors and "custom_hours" not in errors, errors
    assert browser.find_element(By.CSS_SELECTOR, "#wizard-form input[name=duration][value=custom]").is_selected(), "the choice is kept"
    assert browser.find_element(By.ID, "wizard-hours").get_attribute("value") == "abc"
    screenshot(browser, "wizard-options-error")
    browser.find_element(By.CSS_SELECTOR, "#wizard-form input[name=duration][value='48']").click()
    screenshot(browser, "wizard-options")
    _press(browser, "wizard-next", "products")

    # step products
    role = Select(browser.find_element(By.ID, "wizard-role-endpoint"))
    assert role.first_selected_option.get_attribute("value") == ""
    role.select_by_value("analyst")
    screenshot(browser, "wizard-products")
    _press(browser, "wizard-next", "review")

    # step review, then back to products and forward again
    review = browser.find_element(By.ID, "wizard-review").text
    for expected in (ada["name"], bob["name"], ada["email"], bob["email"], "48 hours", "Endpoint Protection: analyst"):
        assert expected in review, (expected, review)
    assert browser.find_elements(By.ID, "wizard-next") == []
    screenshot(browser, "wizard-review")
    _press(browser, "wizard-back", "products")
    assert Select(browser.find_element(By.ID, "wizard-role-endpoint")).first_selected_option.get_attribute("value") == "analyst"
    _press(browser, "wizard-next", "review")
    review = browser.find_element(By.ID, "wizard-review").text
    assert ada["name"] in review and bob["name"] in review and "48 hours" in review and "Endpoint Protection: analyst" in review, review

    old = browser.find_element(By.ID, "wizard-form")
    submitted_at = datetime.now(timezone.utc)
    browser.find_element(By.ID, "wizard-submit").click()
    wait_until_replaced(browser, old)
    _wait(browser, lambda d: _path(d) == f"/console/customers/{world.customer['id']}" and d.find_elements(By.ID, "assigned-table"))
    rows = {r.find_element(By.TAG_NAME, "td").text.splitlines()[0]: r.text for r in browser.find_elements(By.CSS_SELECTOR, "#assigned-table tbody tr")}
    assert set(rows) == {ada["name"], bob["name"]}, rows
    for text in rows.values():
        assert "Endpoint Protection: analyst" in text and "until" in text, text
    screenshot(browser, "wizard-done")

    # the API agrees
    items = _memberships(world, world.token(world.partner_admins[0]), tenant_id=world.customer["id"])
    by_user = {m["user_id"]: m for m in items}
    assert set(by_user) == {ada["id"], bob["id"]}, items
    for m in by_user.values():
        assert m["status"] == "active" and m["source"] == "partner" and m["platform_admin"] is False, m
        assert m["products"] == [{"product": "endpoint", "role": "analyst"}], m
        assert m["expires_at"], m
        ahead = _parse_time(m["expires_at"]) - submitted_at
        assert timedelta(hours=47, minutes=50) < ahead < timedelta(hours=48, minutes=10), (m["expires_at"], submitted_at)


def test_the_wizard_assigns_nobody_when_one_chosen_user_is_deactivated_before_submit(server, browser):
    world, (ada, bob) = _world_with_members(server)
    console_login(browser, server, world.partner_admins[0], PASSWORD)
    _open_wizard(browser, server, world)
    _check_user(browser, ada["id"])
    _check_user(browser, bob["id"])
    _press(browser, "wizard-next", "options")
    browser.find_element(By.CSS_SELECTOR, "#wizard-form input[name=duration][value='24']").click()
    _press(browser, "wizard-next", "products")
    Select(browser.find_element(By.ID, "wizard-role-endpoint")).select_by_value("viewer")
    _press(browser, "wizard-next", "review")

    # meanwhile the operator deactivates one of them
    r = world.client.call("DELETE", f"/v1/users/{bob['id']}", world.operator)
    assert r.status_code in (200, 204), (r.status_code, r.text)
    assert world.client.call("GET", f"/v1/users/{bob['id']}", world.operator).json()["status"] == "deactivated"

    _press(browser, "wizard-submit", "review")
    assert _path(browser) == f"/console/customers/{world.customer['id']}/assign-wizard"
    errors = _errors(browser)
    assert errors, "the refusal is shown on the review step"
    assert bob["name"] in errors, f"the error names the failing user: {errors!r}"
    assert "deactivated" in errors, f"and says why: {errors!r}"
    assert ada["name"] not in errors, errors
    screenshot(browser, "wizard-all-or-nothing")

    items = _memberships(world, world.operator, tenant_id=world.customer["id"])
    assert [m for m in items if m["user_id"] in (ada["id"], bob["id"])] == [], f"nothing was written: {items}"
    r = world.client.call("POST", "/v1/check", world.operator,
                          {"user_id": ada["id"], "tenant_id": world.customer["id"], "product": "endpoint", "permission": "read"})
    assert r.json()["allowed"] is False, r.json()


# --- the Users tab --------------------------------------------------------------------------

def test_users_tab_assigns_one_user_to_two_customers_then_removes_and_edits_from_the_user_page(server, browser):
    world, (ada,) = _world_with_members(server, members=1)
    second, second_admins = make_customer(world.client, world.operator, world.customer["id"][-8:], label="Second Customer")
    _manage(world, second, second_admins[0])
    user = world.client.call("GET", f"/v1/users/{ada['id']}", world.operator).json()
    user_page = f"/console/partner-users/{ada['id']}"

    console_login(browser, server, world.partner_admins[0], PASSWORD)
    browser.get(server.base_url + "/console/customers")
    tabs = browser.find_element(By.CSS_SELECTOR, "nav.tabs")
    assert tabs.find_element(By.CSS_SELECTOR, "a[aria-current=page]").text == "Customers"
    tabs.find_element(By.LINK_TEXT, "Users").click()
    _wait(browser, lambda d: _path(d) == "/console/partner-users" and d.find_elements(By.ID, "partner-users-table"))
    assert browser.find_element(By.CSS_SELECTOR, "nav.tabs a[aria-current=page]").text == "Users"
    table = browser.find_element(By.ID, "partner-users-table").text
    assert ada["email"] in table and world.partner_admins[0] in table, table
    screenshot(browser, "partner-users")

    browser.find_element(By.CSS_SELECTOR, "#partner-users-table").find_element(By.LINK_TEXT, ada["name"]).click()
    _wait(browser, lambda d: _path(d) == user_page and d.find_elements(By.ID, "user-details"))
    assert browser.find_element(By.TAG_NAME, "h1").text == ada["name"]
    details = browser.find_element(By.ID, "user-details").text
    assert ada["email"] in details and user["time_zone"] in details, (details, user)
    assert browser.find_elements(By.ID, "user-access-table") == []

    form = browser.find_element(By.ID, "assign-customers-form")
    for customer in (world.customer, second):
        box = form.find_element(By.CSS_SELECTOR, f"input[name='customer_id[]'][value='{customer['id']}']")
        assert "licensed: Endpoint Protection" in box.find_element(By.XPATH, "..").text
        box.click()
    form.find_element(By.CSS_SELECTOR, "input[name=platform_admin]").click()
    form.find_element(By.CSS_SELECTOR, "input[name=duration][value='24']").click()
    # roles are chosen per customer (SPEC §4)
    for customer in (world.customer, second):
        Select(browser.find_element(By.ID, f"ac-{customer['id']}-role-endpoint")).select_by_value("viewer")
    screenshot(browser, "partner-user-assign")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, form)
    _wait(browser, lambda d: _path(d) == user_page and len(d.find_elements(By.CSS_SELECTOR, "#user-access-table tbody tr")) == 2)
    assert _errors(browser) == ""
    rows = browser.find_elements(By.CSS_SELECTOR, "#user-access-table tbody tr")
    assert {r.find_element(By.TAG_NAME, "td").text for r in rows} == {world.customer["name"], second["name"]}
    for r in rows:
        cells = [td.text for td in r.find_elements(By.TAG_NAME, "td")]
        assert cells[1] == "yes" and cells[2] == "Endpoint Protection: viewer" and cells[4].startswith("until"), cells
    screenshot(browser, "partner-user-access")
    assert browser.find_elements(By.ID, "assign-customers-form") == [], "no customer is left to assign"

    # remove one: the confirm page returns to this user's page
    row = [r for r in rows if world.customer["name"] in r.text][0]
    row.find_element(By.LINK_TEXT, "Remove").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "confirm-form"))
    assert ada["name"] in browser.find_element(By.ID, "confirm-message").text
    confirm = browser.find_element(By.ID, "confirm-form")
    confirm.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until_replaced(browser, confirm)
    _wait(browser, lambda d: _path(d) == user_page and d.find_elements(By.ID, "user-details"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#user-access-table tbody tr")
    assert len(rows) == 1 and second["name"] in rows[0].text, [r.text for r in rows]
    left = _memberships(world, world.operator, user_id=ada["id"], source="partner")
    assert [m["tenant_id"] for m in left] == [second["id"]], left
    # the removed customer is open for assignment again
    assert browser.find_elements(By.CSS_SELECTOR, f"#assign-customers-form input[name='customer_id[]'][value='{world.customer['id']}']")

    # edit: the back link and saving both return to this user's page
    rows[0].find_element(By.LINK_TEXT, "Edit").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "edit-form"))
    back = browser.find_element(By.LINK_TEXT, "← Back")
    assert urlparse(back.get_attribute("href")).path == user_page, back.get_attribute("href")
    back.click()
    _wait(browser, lambda d: _path(d) == user_page and d.find_elements(By.ID, "user-details"))

    browser.find_element(By.CSS_SELECTOR, "#user-access-table tbody tr").find_element(By.LINK_TEXT, "Edit").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "edit-form"))
    Select(browser.find_element(By.ID, "edit-role-endpoint")).select_by_value("analyst")
    edit = browser.find_element(By.ID, "edit-form")
    edit.find_element(By.CSS_SELECTOR, "button[name=action][value=save]").click()
    wait_until_replaced(browser, edit)
    _wait(browser, lambda d: _path(d) == user_page and d.find_elements(By.ID, "user-access-table"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#user-access-table tbody tr")
    assert len(rows) == 1 and "Endpoint Protection: analyst" in rows[0].text, [r.text for r in rows]
    [m] = _memberships(world, world.operator, user_id=ada["id"], source="partner")
    assert m["tenant_id"] == second["id"] and m["products"] == [{"product": "endpoint", "role": "analyst"}], m


# --- isolation ------------------------------------------------------------------------------

def test_partner_user_pages_and_the_wizard_are_404_outside_the_admins_own_partner(server, browser):
    world, (ada,) = _world_with_members(server, members=1)
    other = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=1)
    customer = world.customer["id"]

    stranger = console_session(server.base_url, other.partner_admins[0])
    for path in (f"/console/partner-users/{ada['id']}", f"/console/customers/{customer}/assign-wizard",
                 f"/console/customers/{customer}"):
        r = stranger.get(server.base_url + path, timeout=30, allow_redirects=False)
        assert r.status_code == 404, (path, r.status_code, r.text[:500])
    own = stranger.get(server.base_url + "/console/partner-users", timeout=30)
    assert own.status_code == 200 and other.partner_admins[0] in own.text
    assert ada["email"] not in own.text and world.partner_admins[0] not in own.text, "another partner's users are not listed"
    # writes are refused too, with a valid CSRF token of the stranger's own
    csrf = _csrf(stranger, server.base_url + "/console/partner-users")
    r = stranger.post(f"{server.base_url}/console/partner-users/{ada['id']}/assign", timeout=30, allow_redirects=False,
                      data={"csrf": csrf, "customer_id[]": other.customer["id"], "duration": "permanent"})
    assert r.status_code == 404, (r.status_code, r.text[:500])
    r = stranger.post(f"{server.base_url}/console/customers/{customer}/assign-wizard", timeout=30, allow_redirects=False,
                      data={"csrf": csrf, "step": "review", "go": "submit", "duration": "permanent"})
    assert r.status_code == 404, (r.status_code, r.text[:500])
    assert _memberships(world, world.operator, tenant_id=customer, source="partner") == []

    # a customer admin and a partner member have no Users tab of their own
    for who in (world.customer_admins[0], ada["email"]):
        s = console_session(server.base_url, who)
        for path in ("/console/partner-users", f"/console/partner-users/{ada['id']}", f"/console/customers/{customer}/assign-wizard"):
            r = s.get(server.base_url + path, timeout=30, allow_redirects=False)
            assert r.status_code == 404, (who, path, r.status_code, r.text[:300])

    # and in the browser, the stranger sees the not-found page
    console_login(browser, server, other.partner_admins[0], PASSWORD)
    browser.get(f"{server.base_url}/console/partner-users/{ada['id']}")
    assert "404" in browser.find_element(By.TAG_NAME, "h1").text, browser.page_source[:500]
    assert ada["email"] not in browser.page_source
    screenshot(browser, "partner-user-404")


def test_hand_made_ids_of_another_partner_reveal_no_names(server):
    """Posting ids of another partner's user or customer by hand gets refusals that never name them."""
    world, (ada,) = _world_with_members(server, members=1)
    other, (own,) = _world_with_members(server, members=1)
    stranger = console_session(server.base_url, other.partner_admins[0])
    csrf = _csrf(stranger, server.base_url + "/console/partner-users")

    # the wizard on the stranger's own customer, skipping ahead to the review with someone else's user
    r = stranger.post(f"{server.base_url}/console/customers/{other.customer['id']}/assign-wizard", timeout=30,
                      data={"csrf": csrf, "step": "products", "go": "next", "user_id[]": ada["id"], "duration": "permanent"})
    assert r.status_code == 200 and 'data-step="review"' in r.text, r.text[:500]
    assert ada["name"] not in r.text and ada["email"] not in r.text and "unknown user" in r.text
    r = stranger.post(f"{server.base_url}/console/customers/{other.customer['id']}/assign-wizard", timeout=30,
                      data={"csrf": csrf, "step": "review", "go": "submit", "user_id[]": ada["id"], "duration": "permanent"})
    assert r.status_code == 400 and ada["name"] not in r.text, r.text[:500]

    # assign customer access for the stranger's own member, naming someone else's customer
    r = stranger.post(f"{server.base_url}/console/partner-users/{own['id']}/assign", timeout=30,
                      data={"csrf": csrf, "customer_id[]": world.customer["id"], "duration": "permanent"})
    assert r.status_code == 400 and world.customer["name"] not in r.text, r.text[:500]
    assert _memberships(world, world.operator, tenant_id=world.customer["id"], source="partner") == []
