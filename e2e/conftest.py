"""Fixtures and helpers for the browser tests.

Fixtures: `server` (one steward process per session, on SQLite in a temp dir)
and `browser` (headless Chromium per test). Helpers, imported by tests with
`from conftest import api, console_login, screenshot`.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

E2E_DIR = Path(__file__).resolve().parent
REPO = E2E_DIR.parent
# STEWARD_BIN lets the tests run against a copy of the binary while `swift build`
# relinks .build/debug/steward (keep the resource bundle next to the copy).
BINARY = Path(os.environ.get("STEWARD_BIN") or REPO / ".build" / "debug" / "steward")
ARTIFACTS = E2E_DIR / "artifacts"

OPERATOR_EMAIL = "operator@example.com"
OPERATOR_PASSWORD = "correct-horse-battery"
START_TIMEOUT = 30.0


@dataclass
class Server:
    base_url: str
    operator_email: str
    operator_password: str
    log_path: Path
    dir: Path  # the server's cwd; emailed links land in dir/steward-data/mail/
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(process: subprocess.Popen, base_url: str) -> str | None:
    """None once GET /healthz answers 200, else why not."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            return f"it exited with code {process.returncode}"
        try:
            if requests.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return None
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            return f"/healthz not 200 after {START_TIMEOUT:.0f} s"
        time.sleep(0.2)


@pytest.fixture(scope="session")
def server():
    if not BINARY.exists():
        pytest.fail(f"{BINARY} not found: run `swift build` first", pytrace=False)
    port = _free_port()
    tmp = Path(tempfile.mkdtemp(prefix="steward-e2e-"))
    log_path = tmp / "server.log"
    base_url = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        STEWARD_OPERATOR_EMAIL=OPERATOR_EMAIL,
        STEWARD_OPERATOR_PASSWORD=OPERATOR_PASSWORD,
        STEWARD_BCRYPT_COST="4",
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(BINARY), "serve", "--port", str(port),
             "--database", f"sqlite://{tmp}/steward.sqlite",
             "--public-url", base_url],
            cwd=tmp, env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT,
        )
    error = _wait_healthy(process, base_url)
    if error:
        _stop(process)
        print(f"--- {log_path} (tail) ---\n{_log_tail(log_path)}")
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.fail(f"steward did not start: {error}", pytrace=False)

    yield Server(base_url, OPERATOR_EMAIL, OPERATOR_PASSWORD, log_path, tmp, process)

    _stop(process)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(log_path, ARTIFACTS / "server.log")
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(browser, name: str) -> Path:
    """Save the current page as e2e/artifacts/NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    browser.save_screenshot(str(path))
    return path


class Api:
    """A tiny JSON client for the steward HTTP API."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def call(self, method: str, path: str, token: str | None = None, json=None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.session.request(method, self.base_url + path, headers=headers, json=json, timeout=30)

    def login(self, email: str, password: str) -> str:
        r = self.call("POST", "/v1/auth/login", json={"email": email, "password": password})
        assert r.status_code == 200, f"login as {email}: {r.status_code} {r.text}"
        return r.json()["token"]


def api(server: Server) -> Api:
    return Api(server.base_url)


def console_login(browser, server: Server, email: str, password: str) -> None:
    """Sign in through the console's /login form and wait to leave /login."""
    browser.get(server.base_url + "/login")
    browser.find_element(By.CSS_SELECTOR, "input[name=email]").send_keys(email)
    browser.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(
        lambda d: urlparse(d.current_url).path.rstrip("/") != "/login"
    )


def browser_session(browser) -> requests.Session:
    """A requests session carrying the browser's cookies (to send hand-made console forms)."""
    session = requests.Session()
    for c in browser.get_cookies():
        session.cookies.set(c["name"], c["value"], path=c.get("path", "/"))
    return session


def wait_until_replaced(browser, element, timeout: float = 15) -> None:
    """Wait until `element`'s page has been replaced by the next one (after a form post).

    Chromium sometimes answers a query about a node of the page being unloaded with "Node with given id does not
    belong to the document" instead of a stale-element error; both mean the old page is gone.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    WebDriverWait(browser, timeout).until(gone)
