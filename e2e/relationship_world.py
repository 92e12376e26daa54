"""Helpers for the relationship and mail tests: an own steward process (optionally with
SMTP), an in-process SMTP sink (aiosmtpd), orgs and admins made through the API, and
sign-in to the console with plain `requests`.

Not a test module; imported by test_smtp_delivery.py, test_approval_link.py,
test_relationship_console.py and test_relationship_races.py.
"""

import email
import email.policy
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller

from conftest import ARTIFACTS, BINARY, Api, _free_port, _wait_healthy

PASSWORD = "a-long-enough-password"
OPERATOR_EMAIL = "mail-operator@example.com"
OPERATOR_PASSWORD = "correct-horse-battery"
APPROVE_LINK = re.compile(r"(https?://[^\s/]+)/approve/([A-Za-z0-9_-]+)")


# --- an own steward process ---------------------------------------------------------------

def steward_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    env.update(STEWARD_BCRYPT_COST="4", STEWARD_OPERATOR_EMAIL=OPERATOR_EMAIL,
               STEWARD_OPERATOR_PASSWORD=OPERATOR_PASSWORD, **extra)
    return env


class OwnSteward:
    """A steward process of a test's own, on a SQLite file in `dir`; restartable on the same port and DB."""

    def __init__(self, dir: Path, env: dict):
        self.dir, self.env, self.port = dir, env, _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        out = self.dir / f"stdout-{self.starts}.log"
        err = self.dir / f"stderr-{self.starts}.log"
        with open(out, "wb") as o, open(err, "wb") as e:
            self.process = subprocess.Popen(
                [str(BINARY), "serve", "--port", str(self.port),
                 "--database", f"sqlite://{self.dir}/steward.sqlite", "--public-url", self.base_url],
                cwd=self.dir, env=self.env, stdin=subprocess.DEVNULL, stdout=o, stderr=e)
        error = _wait_healthy(self.process, self.base_url)
        assert error is None, f"steward did not start: {error}\n{err.read_text(errors='replace')[-3000:]}"

    def stop(self, timeout: float = 15) -> int | None:
        """SIGTERM, wait up to `timeout` s (then SIGKILL); returns the exit code."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode if self.process else None

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.dir.glob("std*.log")))


@pytest.fixture
def own_dir(request):
    d = Path(tempfile.mkdtemp(prefix="steward-e2e-mail-"))
    yield d
    ARTIFACTS.mkdir(exist_ok=True)
    for log in d.glob("std*.log"):
        shutil.copy(log, ARTIFACTS / f"{request.node.name}-{log.name}")
    shutil.rmtree(d, ignore_errors=True)


# --- an SMTP sink -------------------------------------------------------------------------

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


class Collector:
    """aiosmtpd handler that keeps every accepted envelope."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[Received] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.snapshot() if address.lower() in (a.lower() for a in r.rcpt_tos)]


class SMTPSink:
    def __init__(self, port: int):
        self.port = port
        self.collector = Collector()
        self.controller = None

    def start(self) -> None:
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_port():
    return _free_port()


@pytest.fixture
def smtp_sink(smtp_port):
    sink = SMTPSink(smtp_port)
    yield sink
    sink.stop()


def wait_for(predicate, timeout: float, what: str, interval: float = 0.25):
    """Poll until predicate() is truthy; return its value or fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --- the world: orgs and admins through the API --------------------------------------------

@dataclass
class World:
    client: Api
    operator: str  # token
    partner: dict
    customer: dict
    customer_admins: list[str]  # emails
    partner_admins: list[str]
    tokens: dict = field(default_factory=dict)

    def token(self, email_: str) -> str:
        if email_ not in self.tokens:
            self.tokens[email_] = self.client.login(email_, PASSWORD)
        return self.tokens[email_]

    def open(self) -> dict:
        r = self.client.call("POST", "/v1/relationships", self.operator,
                             {"partner_id": self.partner["id"], "customer_id": self.customer["id"]})
        assert r.status_code == 201, (r.status_code, r.text)
        return r.json()

    def get(self, rel_id: str) -> dict:
        r = self.client.call("GET", f"/v1/relationships/{rel_id}", self.operator)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()


def make_org(client: Api, operator: str, **body) -> dict:
    r = client.call("POST", "/v1/orgs", operator, body)
    assert r.status_code == 201, (body, r.status_code, r.text)
    return r.json()


def make_user(client: Api, operator: str, org_id: str, email_: str, role: str = "admin", name: str | None = None) -> dict:
    r = client.call("POST", f"/v1/orgs/{org_id}/users", operator,
                    {"email": email_, "name": name or email_.split("@")[0].replace("-", " ").title(),
                     "role": role, "password": PASSWORD})
    assert r.status_code == 201, (email_, r.status_code, r.text)
    return r.json()


def make_customer(client: Api, operator: str, tag: str, label: str = "Customer", admins: int = 1) -> tuple[dict, list[str]]:
    customer = make_org(client, operator, kind="customer", name=f"{label} {tag}", region="eu")
    emails = [f"{label.lower().replace(' ', '-')}-admin{i}-{tag}@example.com" for i in range(1, admins + 1)]
    for e in emails:
        make_user(client, operator, customer["id"], e)
    return customer, emails


def make_world(base_url: str, operator_email: str, operator_password: str,
               customer_admins: int = 2, program: str = "mssp") -> World:
    client = Api(base_url)
    operator = client.login(operator_email, operator_password)
    tag = uuid.uuid4().hex[:8]
    partner = make_org(client, operator, kind="partner", name=f"Guardian {tag}", program=program, data_privilege="manage")
    customer, cadmins = make_customer(client, operator, tag, admins=customer_admins)
    padmin = f"partner-admin-{tag}@example.com"
    make_user(client, operator, partner["id"], padmin)
    return World(client, operator, partner, customer, cadmins, [padmin])


# --- the console with plain requests ------------------------------------------------------

def console_session(base_url: str, email_: str, password: str = PASSWORD) -> requests.Session:
    """Sign in through /login with requests; the session then carries the console cookie."""
    s = requests.Session()
    page = s.get(base_url + "/login", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf, page.text[:1000]
    r = s.post(base_url + "/login", timeout=30, allow_redirects=False,
               data={"csrf": csrf.group(1), "next": "/console", "email": email_, "password": password})
    assert r.status_code == 303, (r.status_code, r.text[:500])
    return s


def outbox_rows(session: requests.Session, base_url: str) -> list[dict]:
    """The operator's /console/outbox table as dicts (to, subject, state, error, attempts)."""
    from html import unescape
    page = session.get(base_url + "/console/outbox", timeout=30)
    assert page.status_code == 200, (page.status_code, page.text[:500])
    rows = []
    for tr in re.findall(r"<tr>\s*<td>(.*?)</tr>", page.text, flags=re.S):
        cells = re.findall(r"<td>(.*?)</td>", "<td>" + tr, flags=re.S)
        if len(cells) < 6:
            continue
        state = re.search(r'<span class="status [^"]*">([^<]*)</span>', cells[4])
        error = re.search(r'<div class="muted small">(.*?)</div>', cells[4], flags=re.S)
        subject = re.search(r"<summary>(.*?)</summary>", cells[3], flags=re.S)
        rows.append({
            "created_at": unescape(cells[0]), "kind": unescape(cells[1]), "to": unescape(cells[2]),
            "subject": unescape(subject.group(1)) if subject else "", "state": state.group(1) if state else "",
            "error": unescape(error.group(1)) if error else None, "attempts": int(cells[5].strip() or 0),
        })
    return rows
