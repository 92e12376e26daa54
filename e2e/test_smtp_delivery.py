"""Relationship mail through a real SMTP server (aiosmtpd, in-process): delivered once,
retried while the server is down, and never lost over a restart (SPEC §6)."""

import time
from collections import Counter

from relationship_world import (APPROVE_LINK, OPERATOR_EMAIL, OPERATOR_PASSWORD, OwnSteward, console_session,
                                make_world, outbox_rows, own_dir, smtp_port, smtp_sink, steward_env, wait_for)

__all__ = ["own_dir", "smtp_port", "smtp_sink"]  # fixtures


def _no_duplicates(received) -> None:
    """Every (Message-ID, recipient) pair arrived once."""
    pairs = Counter((r.message_id, rcpt.lower()) for r in received for rcpt in r.rcpt_tos)
    dups = {k: n for k, n in pairs.items() if n > 1}
    assert not dups, f"delivered more than once: {dups}"
    ids = Counter(r.message_id for r in received)
    assert all(n == 1 for n in ids.values()), f"one Message-ID in several envelopes: {ids}"


def test_request_and_approval_mail_arrive_once_over_smtp(own_dir, smtp_sink, smtp_port):
    smtp_sink.start()
    steward = OwnSteward(own_dir, steward_env(STEWARD_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}"))
    try:
        steward.start()
        world = make_world(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, customer_admins=2)
        rel = world.open()
        assert rel["status"] == "pending" and rel["privilege"] is None and rel["approval_expires_at"], rel

        mails = smtp_sink.collector
        wait_for(lambda: all(mails.to(a) for a in world.customer_admins), 10,
                 "the request mail to both customer admins")
        for admin in world.customer_admins:
            got = mails.to(admin)
            assert len(got) == 1, [(m.subject, m.rcpt_tos) for m in got]
            msg = got[0]
            assert msg.subject == f"{world.partner['name']} asks to manage {world.customer['name']}", msg.subject
            link = APPROVE_LINK.search(msg.body)
            assert link and link.group(1) == steward.base_url, msg.body
            assert msg.message["X-Steward-Kind"] == "relationship.requested"
            assert msg.message_id.startswith("<msg_") and msg.message_id.endswith("@steward>"), msg.message_id
            assert admin in msg.message["To"]
        # the partner hears nothing about a request
        assert mails.to(world.partner_admins[0]) == []

        r = world.client.call("POST", f"/v1/relationships/{rel['id']}/approve",
                              world.token(world.customer_admins[0]), {"privilege": "manage"})
        assert r.status_code == 200, r.text
        assert (r.json()["status"], r.json()["privilege"]) == ("active", "manage")

        approved = wait_for(lambda: mails.to(world.partner_admins[0]), 10, "the approval mail to the partner admin")
        assert len(approved) == 1
        assert approved[0].subject == f"{world.customer['name']} approved {world.partner['name']}", approved[0].subject
        assert "manage privilege" in approved[0].body
        assert approved[0].message["X-Steward-Kind"] == "relationship.approved"
        # no customer admin gets the approval
        assert all(m.message["X-Steward-Kind"] != "relationship.approved"
                   for a in world.customer_admins for m in mails.to(a))

        time.sleep(4)  # several worker passes: nothing is sent again
        received = mails.snapshot()
        _no_duplicates(received)
        assert len(received) == 2, [(r.subject, r.rcpt_tos) for r in received]
        assert sorted(len(mails.to(a)) for a in world.customer_admins + world.partner_admins) == [1, 1, 1]

        ops = console_session(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD)
        rows = outbox_rows(ops, steward.base_url)
        assert len(rows) == 2 and {r["state"] for r in rows} == {"sent"}, rows
    finally:
        steward.stop()


def test_mail_waits_while_smtp_is_down_and_is_delivered_once_it_is_up(own_dir, smtp_sink, smtp_port):
    steward = OwnSteward(own_dir, steward_env(STEWARD_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}"))
    try:
        steward.start()
        world = make_world(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, customer_admins=2)
        world.open()
        ops = console_session(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD)

        def failed_row():
            rows = [r for r in outbox_rows(ops, steward.base_url) if world.customer_admins[0] in r["to"]]
            return rows[0] if rows and rows[0]["attempts"] >= 1 and rows[0]["error"] else None
        row = wait_for(failed_row, 10, "a failed delivery attempt in /console/outbox")
        assert row["state"] in ("queued", "failed"), row
        assert row["state"] == "queued", f"a retryable failure should stay queued: {row}"
        assert str(smtp_port) in row["error"] or "connect" in row["error"].lower(), row

        smtp_sink.start()
        got = wait_for(lambda: smtp_sink.collector.to(world.customer_admins[0]), 30,
                       "delivery once the SMTP server is up")
        assert APPROVE_LINK.search(got[0].body), got[0].body
        time.sleep(4)
        received = smtp_sink.collector.snapshot()
        _no_duplicates(received)
        assert len(received) == 1 and sorted(a.lower() for a in received[0].rcpt_tos) == sorted(world.customer_admins)

        row = next(r for r in outbox_rows(ops, steward.base_url) if world.customer_admins[0] in r["to"])
        assert row["state"] == "sent" and row["attempts"] >= 2, row
    finally:
        steward.stop()


def test_queued_mail_survives_a_restart_and_is_delivered_once(own_dir, smtp_sink, smtp_port):
    steward = OwnSteward(own_dir, steward_env(STEWARD_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}"))
    try:
        steward.start()
        world = make_world(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, customer_admins=1)
        world.open()
        ops = console_session(steward.base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD)
        wait_for(lambda: any(r["attempts"] >= 1 and r["state"] == "queued" for r in outbox_rows(ops, steward.base_url)),
                 10, "a failed attempt on the queued message")
        code = steward.stop(timeout=60)  # graceful, however long it takes (see the test below)
        assert code == 0, f"SIGTERM should end steward cleanly, exit code {code}\n{steward.logs()}"

        smtp_sink.start()
        time.sleep(1)
        assert smtp_sink.collector.snapshot() == []  # nothing is sent while steward is down
        steward.start()
        got = wait_for(lambda: smtp_sink.collector.to(world.customer_admins[0]), 30,
                       "the queued request mail after the restart")
        assert APPROVE_LINK.search(got[0].body)
        time.sleep(4)
        received = smtp_sink.collector.snapshot()
        _no_duplicates(received)
        assert len(received) == 1, [(r.subject, r.rcpt_tos) for r in received]
    finally:
        steward.stop()


def test_sigterm_stops_steward_with_its_mail_worker_within_10_seconds(own_dir, smtp_port):
    """Container runtimes SIGKILL 10 s after SIGTERM: graceful shutdown must fit in that."""
    steward = OwnSteward(own_dir, steward_env(STEWARD_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}"))
    try:
        steward.start()
        time.sleep(2)  # let the background jobs settle into their loops
        started = time.monotonic()
        steward.process.terminate()
        try:
            code = steward.process.wait(timeout=60)
        finally:
            elapsed = time.monotonic() - started
        assert code == 0, f"exit code {code}"
        assert elapsed < 10, f"SIGTERM took {elapsed:.1f} s to stop steward"
    finally:
        steward.stop()


def test_file_mail_without_smtp_writes_eml_files_with_the_approval_link(server):
    world = make_world(server.base_url, server.operator_email, server.operator_password, customer_admins=2)
    rel = world.open()
    mail_dir = server.dir / "steward-data" / "mail"

    def mine():
        if not mail_dir.is_dir():
            return []
        return [p for p in mail_dir.glob("*.eml") if world.customer_admins[0] in p.read_text(errors="replace")]
    files = wait_for(mine, 10, f".eml files in {mail_dir}")
    assert len(files) == 1, files
    text = files[0].read_text()
    assert files[0].name.startswith("msg_")
    assert f"Message-ID: <{files[0].stem}@steward>" in text
    assert f"Subject: {world.partner['name']} asks to manage {world.customer['name']}" in text
    assert all(a in text for a in world.customer_admins)
    link = APPROVE_LINK.search(text)
    assert link and link.group(1) == server.base_url, text
    assert b"\r\n" in files[0].read_bytes()  # RFC 5322 line ends

    # approving through the link written in the file works
    r = world.client.call("POST", f"/v1/relationships/{rel['id']}/approve", world.token(world.customer_admins[1]))
    assert r.status_code == 200 and r.json()["privilege"] == "support", r.text
    approved = wait_for(lambda: [p for p in mail_dir.glob("*.eml")
                                 if world.partner_admins[0] in p.read_text(errors="replace")], 10,
                        "the approval .eml for the partner admin")
    assert "approved" in approved[0].read_text()
