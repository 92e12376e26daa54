"""The audit trail from outside: the chain recomputed from a JSON Lines export with nothing but HMAC-SHA-256
(docs/audit-chain.md), `steward audit verify` naming the first bad event of an edited, deleted or reordered
copy of the database, and the console's audit page."""

import base64
import hashlib
import hmac
import json
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BINARY, console_login, screenshot, wait_until_replaced
from relationship_world import PASSWORD
from test_delegated_console import _delegated_world


def _field(value):
    return "-|" if value is None else f"{len(value.encode())}:{value}|"


def _payload(value):
    """A payload as the hash covers it: compact, keys sorted, nothing escaped that JSON does not require."""
    return None if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _event_hash(key: bytes, event: dict) -> str:
    parts = [str(event["seq"]), event["id"], str(event["at_ms"]), event["actor_user_id"], event["actor_org_id"],
             event["tenant_id"], event["action"], event["target_type"], event["target_id"],
             _payload(event["before"]), _payload(event["after"]), event["prev_hash"]]
    if event["related_org_id"] is not None:
        parts.append(event["related_org_id"])
    return hmac.new(key, "".join(_field(p) for p in parts).encode(), hashlib.sha256).hexdigest()


def _first_break(key: bytes, events: list[dict]) -> tuple[int, str] | None:
    previous, expected = "", 1
    for event in events:
        if event["seq"] != expected:
            return event["seq"], "sequence gap"
        if event["prev_hash"] != previous:
            return event["seq"], "previous hash"
        if _event_hash(key, event) != event["hash"]:
            return event["seq"], "content"
        previous, expected = event["hash"], expected + 1
    return None


def _export(world) -> list[dict]:
    r = world.client.session.get(world.client.base_url + "/v1/audit/export?format=jsonl",
                                 headers={"Authorization": f"Bearer {world.operator}"}, timeout=60)
    assert r.status_code == 200, r.text
    return [json.loads(line) for line in r.text.splitlines()]


def _verify(database: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), "audit", "verify", "--database", f"sqlite://{database}"],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_chain_recomputes_from_a_jsonl_export_with_hmac_sha256(server):
    world, _, _ = _delegated_world(server)
    # Payloads with what JSON escapes and what it must not: quotes, a backslash, a slash, non-ASCII, an emoji.
    r = world.client.call("PATCH", f"/v1/orgs/{world.customer['id']}", world.operator, {"name": 'Globex "Zürich" \\ R&D / 東京 🚀'})
    assert r.status_code == 200, r.text
    events = _export(world)
    assert len(events) > 10
    key = base64.b64decode(json.loads((server.dir / "steward-data" / "keys.json").read_text())["audit_key"])
    assert _first_break(key, events) is None
    assert any("東京" in json.dumps(e["after"], ensure_ascii=False) for e in events if e["action"] == "org.updated")

    # Any edit of an exported line breaks the recomputation at that event.
    tampered = [dict(e) for e in events]
    victim = next(e for e in tampered if e["action"] == "membership.created")
    victim["after"] = dict(victim["after"], platform_admin=not victim["after"]["platform_admin"])
    assert _first_break(key, tampered) == (victim["seq"], "content")

    # `steward audit verify` on the live database reports the same head, unless a background job wrote since.
    verify = _verify(server.dir / "steward.sqlite", server.dir)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    count, head = re.search(r"intact: (\d+) events, head ([0-9a-f]{64})", verify.stdout).groups()
    assert int(count) >= len(events)
    if int(count) == len(events):
        assert head == events[-1]["hash"], (head, events[-1]["hash"])


def test_audit_verify_names_the_first_edited_deleted_or_reordered_event(server):
    world, _, _ = _delegated_world(server)
    events = _export(world)
    target = events[len(events) // 2]
    work = Path(tempfile.mkdtemp(prefix="steward-e2e-audit-"))
    try:
        shutil.copytree(server.dir / "steward-data", work / "steward-data")
        for name, change in [
            ("edited", f"UPDATE audit_events SET action = action || 'x' WHERE seq = {target['seq']}"),
            ("deleted", f"DELETE FROM audit_events WHERE seq = {target['seq']}"),
            ("reordered", None),
        ]:
            copy = work / f"{name}.sqlite"
            source = sqlite3.connect(server.dir / "steward.sqlite")
            destination = sqlite3.connect(copy)
            source.backup(destination)
            source.close()
            if name == "reordered":
                # Swap through a free number: seq is the primary key.
                destination.execute(f"UPDATE audit_events SET seq = -1 WHERE seq = {target['seq']}")
                destination.execute(f"UPDATE audit_events SET seq = {target['seq']} WHERE seq = {target['seq'] + 1}")
                destination.execute(f"UPDATE audit_events SET seq = {target['seq'] + 1} WHERE seq = -1")
            else:
                destination.execute(change)
            destination.commit()
            destination.close()
            verify = _verify(copy, work)
            assert verify.returncode != 0, (name, verify.stdout, verify.stderr)
            said = verify.stdout + verify.stderr
            expected_seq = target["seq"] if name != "deleted" else target["seq"] + 1
            assert f"broken at event {expected_seq} (" in said, (name, said)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_console_audit_page_filters_and_shows_changes(server, browser):
    world, _, _ = _delegated_world(server)
    r = world.client.call("PATCH", f"/v1/orgs/{world.customer['id']}", world.operator, {"name": world.customer["name"] + " Europe"})
    assert r.status_code == 200, r.text
    console_login(browser, server, world.customer_admins[0], PASSWORD)
    browser.find_element(By.LINK_TEXT, "Audit").click()
    table = browser.find_element(By.ID, "audit-table")
    assert "org.updated" in table.text and "membership.created" in table.text, table.text
    browser.find_element(By.CSS_SELECTOR, "#audit-table details summary").click()
    screenshot(browser, "audit-customer")

    Select(browser.find_element(By.ID, "action")).select_by_value("membership.created")
    old = browser.find_element(By.ID, "audit-table")
    browser.find_element(By.CSS_SELECTOR, "#audit-filters button[type=submit]").click()
    wait_until_replaced(browser, old)
    table = browser.find_element(By.ID, "audit-table")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody[id^=event-]")
    assert rows and all("membership.created" in row.text for row in rows)
    rows[0].find_element(By.CSS_SELECTOR, "details summary").click()
    assert "platform_admin" in rows[0].text
    screenshot(browser, "audit-filtered")
    href = browser.find_element(By.ID, "download-csv").get_attribute("href")
    assert "format=csv" in href and "action=membership.created" in href
