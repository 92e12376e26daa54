#!/usr/bin/env python3
"""Measures GET /v1/audit/export over a trail of N events (default 1,000,000).

Usage: scripts/bench-audit-export.py [--events N] [--binary PATH] [--dir DIR] [--format jsonl|csv]

It starts `steward serve` once on a fresh SQLite database (which creates the vendor, the operator and the
key file), stops it, appends N synthetic events to the chain with the key file's audit key (so the trail
still verifies), starts it again, and downloads the operator's full export, sampling the server's RSS
every 50 ms. It prints the time, bytes, lines and the RSS before, at peak and after. Nothing here runs in CI.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

PASSWORD = "correct-horse-battery"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start(binary: str, workdir: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, STEWARD_OPERATOR_EMAIL="bench@example.com", STEWARD_OPERATOR_PASSWORD=PASSWORD, STEWARD_BCRYPT_COST="4")
    log = open(workdir / "server.log", "ab")
    process = subprocess.Popen([binary, "serve", "--port", str(port), "--database", f"sqlite://{workdir}/steward.sqlite"],
                               cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit("steward did not become ready; see " + str(workdir / "server.log"))


def field(value):
    return "-|" if value is None else f"{len(value.encode())}:{value}|"


def append_events(workdir: Path, count: int) -> None:
    key = base64.b64decode(json.loads((workdir / "steward-data" / "keys.json").read_text())["audit_key"])
    db = sqlite3.connect(workdir / "steward.sqlite")
    seq, head = db.execute("SELECT audit_seq, audit_head FROM steward_state WHERE id = 1").fetchone()
    org = db.execute("SELECT id FROM orgs LIMIT 1").fetchone()[0]
    now = int(time.time() * 1000)
    rows = []
    for n in range(count):
        seq += 1
        before = json.dumps({"id": f"org_bench{n}", "name": f"Customer {n}", "version": 1}, sort_keys=True, separators=(",", ":"))
        after = json.dumps({"id": f"org_bench{n}", "name": f"Customer {n} Ltd", "version": 2}, sort_keys=True, separators=(",", ":"))
        event = [str(seq), f"evt_bench{seq:09d}", str(now + n), None, org, org, "org.updated", "org", f"org_bench{n}", before, after, head]
        digest = hmac.new(key, "".join(field(p) for p in event).encode(), hashlib.sha256).hexdigest()
        rows.append((seq, event[1], now + n, None, org, org, "org.updated", "org", event[8], before, after, head, digest))
        head = digest
        if len(rows) == 50_000:
            db.executemany("INSERT INTO audit_events (seq, id, at, actor_user_id, actor_org_id, tenant_id, action, target_type, target_id, "
                           "before_json, after_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            rows = []
    if rows:
        db.executemany("INSERT INTO audit_events (seq, id, at, actor_user_id, actor_org_id, tenant_id, action, target_type, target_id, "
                       "before_json, after_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.execute("UPDATE steward_state SET audit_seq = ?, audit_head = ? WHERE id = 1", (seq, head))
    db.commit()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--binary", default=str(Path(__file__).resolve().parent.parent / ".build" / "release" / "steward"))
    parser.add_argument("--dir", default=None)
    parser.add_argument("--format", default="jsonl", choices=["jsonl", "csv"])
    parser.add_argument("--port", type=int, default=18480)
    args = parser.parse_args()
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="steward-audit-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if not (workdir / "steward.sqlite").exists():
        process = start(args.binary, workdir, args.port)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        began = time.time()
        append_events(workdir, args.events)
        print(f"appended {args.events} events in {time.time() - began:.1f} s")
    process = start(args.binary, workdir, args.port)
    try:
        base = f"http://127.0.0.1:{args.port}"
        token = requests.post(base + "/v1/auth/login", json={"email": "bench@example.com", "password": PASSWORD}, timeout=30).json()["token"]
        before, peak, stop = rss_kib(process.pid), [0], threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_kib(process.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        began = time.time()
        size = lines = 0
        with requests.get(base + f"/v1/audit/export?format={args.format}", headers={"Authorization": f"Bearer {token}"}, stream=True, timeout=600) as r:
            r.raise_for_status()
            for chunk in r.iter_content(chunk_size=1 << 20):
                size += len(chunk)
                lines += chunk.count(b"\n")
        elapsed = time.time() - began
        stop.set()
        sampler.join()
        print(f"exported {lines} lines, {size / 1e6:.1f} MB as {args.format} in {elapsed:.1f} s ({lines / elapsed:,.0f} events/s)")
        print(f"server RSS: {before / 1024:.1f} MiB before, {peak[0] / 1024:.1f} MiB at peak, {rss_kib(process.pid) / 1024:.1f} MiB after")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
