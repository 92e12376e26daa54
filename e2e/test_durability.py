"""State survives a hard kill; the first start prints a generated password once."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from conftest import ARTIFACTS, BINARY, Api, _free_port, _wait_healthy

PASSWORD = "correct-horse-battery"


class Steward:
    """A steward process of this test's own, on a SQLite file in `dir`."""

    def __init__(self, dir: Path, env: dict):
        self.dir, self.env, self.port = dir, env, _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def start(self) -> str:
        """Start and wait for /healthz; returns what it wrote on stdout so far."""
        self.starts += 1
        self.out = self.dir / f"stdout-{self.starts}.log"
        self.err = self.dir / f"stderr-{self.starts}.log"
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.process = subprocess.Popen(
                [str(BINARY), "serve", "--port", str(self.port),
                 "--database", f"sqlite://{self.dir}/steward.sqlite", "--public-url", self.base_url],
                cwd=self.dir, env=self.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        error = _wait_healthy(self.process, self.base_url)
        assert error is None, f"steward did not start: {error}\n{self.err.read_text(errors='replace')[-3000:]}"
        time.sleep(0.3)  # let the last startup lines reach the file
        return self.out.read_text(errors="replace")

    def kill9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def steward_dir(request):
    d = Path(tempfile.mkdtemp(prefix="steward-e2e-own-"))
    yield d
    ARTIFACTS.mkdir(exist_ok=True)
    for log in d.glob("std*.log"):
        shutil.copy(log, ARTIFACTS / f"{request.node.name}-{log.name}")
    shutil.rmtree(d, ignore_errors=True)


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    env.update(STEWARD_BCRYPT_COST="4", **extra)
    return env


def test_an_org_created_just_before_kill_9_is_there_after_restart(steward_dir):
    email = "durable@example.com"
    steward = Steward(steward_dir, _env(STEWARD_OPERATOR_EMAIL=email, STEWARD_OPERATOR_PASSWORD=PASSWORD))
    try:
        steward.start()
        client = Api(steward.base_url)
        token = client.login(email, PASSWORD)
        r = client.call("POST", "/v1/orgs", token, {"kind": "partner", "name": "Survivor Ltd", "program": "msp"})
        assert r.status_code == 201, r.text
        steward.kill9()
        org = r.json()

        steward.start()
        client = Api(steward.base_url)
        token = client.login(email, PASSWORD)
        r = client.call("GET", f"/v1/orgs/{org['id']}", token)
        assert r.status_code == 200, r.text
        assert (r.json()["name"], r.json()["kind"], r.json()["program"]) == ("Survivor Ltd", "partner", "msp")
    finally:
        steward.stop()


def test_first_start_prints_a_generated_password_once_and_it_signs_in(steward_dir):
    steward = Steward(steward_dir, _env())
    try:
        first = steward.start()
        match = re.search(r"with this password, shown only now: (\S+)", first)
        assert match, f"no password line on stdout:\n{first}"
        password = match.group(1)
        email = re.search(r"/login as (\S+)", first)
        assert email, first
        email = email.group(1)
        token = Api(steward.base_url).login(email, password)
        me = requests.get(f"{steward.base_url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert me.status_code == 200 and me.json()["user"]["email"] == email
        steward.stop()

        second = steward.start()
        assert "password" not in second.lower(), second
        assert password not in second and password not in steward.err.read_text(errors="replace")
        Api(steward.base_url).login(email, password)
    finally:
        steward.stop()


def _audit_verify(steward: Steward) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), "audit", "verify", "--database", f"sqlite://{steward.dir}/steward.sqlite"],
                          cwd=steward.dir, env=steward.env, capture_output=True, text=True, timeout=120)


def test_kill_9_in_a_stream_of_writes_loses_no_acknowledged_write_and_the_chain_verifies(steward_dir):
    """Ten cycles, seeded: writes stream from a thread, the server is killed at a random moment, and after each
    restart every write it acknowledged is there and `steward audit verify` passes."""
    import random
    import threading

    email = "stream@example.com"
    steward = Steward(steward_dir, _env(STEWARD_OPERATOR_EMAIL=email, STEWARD_OPERATOR_PASSWORD=PASSWORD))
    rng = random.Random(20261201)
    acknowledged: list[str] = []
    cycles, lost = 10, []
    try:
        for cycle in range(cycles):
            steward.start()
            client = Api(steward.base_url)
            token = client.login(email, PASSWORD)
            for org_id in acknowledged:
                if client.call("GET", f"/v1/orgs/{org_id}", token).status_code != 200:
                    lost.append(org_id)
            verify = _audit_verify(steward) if cycle else None
            assert verify is None or verify.returncode == 0, (cycle, verify.stdout, verify.stderr)
            stop = threading.Event()

            def stream():
                session = requests.Session()
                n = 0
                while not stop.is_set():
                    n += 1
                    try:
                        r = session.post(f"{steward.base_url}/v1/orgs", json={"kind": "customer", "name": f"Stream {cycle}-{n}"},
                                         headers={"Authorization": f"Bearer {token}"}, timeout=5)
                    except requests.RequestException:
                        return
                    if r.status_code == 201:
                        acknowledged.append(r.json()["id"])

            writer = threading.Thread(target=stream)
            writer.start()
            time.sleep(rng.uniform(0.2, 1.0))
            steward.kill9()
            stop.set()
            writer.join(timeout=10)
        steward.start()
        client = Api(steward.base_url)
        token = client.login(email, PASSWORD)
        lost += [o for o in acknowledged if client.call("GET", f"/v1/orgs/{o}", token).status_code != 200]
        verify = _audit_verify(steward)
        assert verify.returncode == 0 and "intact" in verify.stdout and "(keyed)" in verify.stdout, (verify.stdout, verify.stderr)
        print(f"kill -9 loop: {cycles} cycles, {len(acknowledged)} acknowledged writes, {len(lost)} lost")
        assert not lost, f"{len(lost)} acknowledged writes lost: {lost[:5]}"
        assert len(acknowledged) >= cycles, "the stream wrote too little to prove anything"
    finally:
        steward.stop()


def test_audit_verify_names_an_edited_event_and_needs_the_key_file(steward_dir):
    import sqlite3

    email = "verify@example.com"
    steward = Steward(steward_dir, _env(STEWARD_OPERATOR_EMAIL=email, STEWARD_OPERATOR_PASSWORD=PASSWORD))
    try:
        steward.start()
        client = Api(steward.base_url)
        token = client.login(email, PASSWORD)
        for n in range(3):
            assert client.call("POST", "/v1/orgs", token, {"kind": "customer", "name": f"Audited {n}"}).status_code == 201
        steward.stop()
        assert _audit_verify(steward).returncode == 0
        keys = steward.dir / "steward-data" / "keys.json"
        assert keys.exists() and (keys.stat().st_mode & 0o777) == 0o600
        db = sqlite3.connect(steward.dir / "steward.sqlite")
        db.execute("UPDATE audit_events SET action = 'org.deleted' WHERE seq = 2")
        db.commit()
        db.close()
        broken = _audit_verify(steward)
        assert broken.returncode == 1 and "event 2" in broken.stderr, (broken.stdout, broken.stderr)
        moved = keys.rename(steward.dir / "keys.away")
        missing = _audit_verify(steward)
        assert missing.returncode == 1 and "key file" in missing.stderr, (missing.stdout, missing.stderr)
        moved.rename(keys)
    finally:
        steward.stop()
