"""HTTP helpers, a staff console client and the stored texts to search (tests/security)."""

import json
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Tuple

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "correct-horse-staple-9"
SITE = "https://www.site.example"  # the one site origin the widget is configured for
REQUEST_TIMEOUT = 3  # seconds: the whole request must have arrived by then

# The stack's settings beyond `make run`'s defaults: low limits, a short request deadline.
STACK_ENV = {
    "TRUSTED_PROXIES": "127.0.0.1",
    "WIDGET_ORIGINS": SITE,
    "SHEBAO_REQUEST_TIMEOUT": str(REQUEST_TIMEOUT),
    "LIMIT_WIDGET_MESSAGES_PER_SENDER": "6",
    "LIMIT_WIDGET_MESSAGES_PER_CLIENT": "60",
    "LIMIT_WIDGET_FEEDBACK_PER_SENDER": "3",
    "LIMIT_WIDGET_FEEDBACK_PER_CLIENT": "8",
    "LIMIT_WIDGET_HANDOFF_PER_SENDER": "2",
    "LIMIT_WIDGET_HANDOFF_PER_CLIENT": "5",
    "LIMIT_REST_MESSAGES_PER_SENDER": "18",  # test_security_4 plants 17 spellings through one REST sender
    "LIMIT_REST_MESSAGES_PER_CLIENT": "25",
    "LIMIT_HANDOFF_REQUESTS_PER_CLIENT": "3",
    "STAFF_LOGIN_MAX_FAILURES": "3",
    "STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT": "8",
    "STAFF_LOGIN_MAX_FAILURES_PER_CLIENT": "5",
    "LOG_LEVEL": "DEBUG",  # Rasa then logs every message and tracker: the masking is tested on all of it
}


# Widget conversation keys handed out to this "browser" (X-Conversation-Key), by sender: request()
# sends them back as widget.js does, unless the body names its own "key" or key=False.
KEYS: Dict[str, str] = {}


def request(
    url: str, body=None, method: str = None, headers: Dict[str, str] = None, timeout: float = 60, key: bool = True
) -> Tuple[int, bytes, Dict[str, str]]:
    sender = body.get("sender") if isinstance(body, dict) else None
    if key and "/webhooks/widget/" in url and sender in KEYS and "key" not in body:
        body = {**body, "key": KEYS[sender]}
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:
            answer = reply.status, reply.read(), {k.lower(): v for k, v in reply.headers.items()}
    except urllib.error.HTTPError as error:
        answer = error.code, error.read(), {k.lower(): v for k, v in error.headers.items()}
    if isinstance(sender, str) and "x-conversation-key" in answer[2]:
        KEYS[sender] = answer[2]["x-conversation-key"]
    return answer


def client(address: str) -> Dict[str, str]:
    """Headers of a citizen at `address`, as nginx would forward them."""
    return {"X-Forwarded-For": address}


def create_user(env: dict, name: str, password: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.staff", "create-user", name],
        cwd=ROOT,
        env={**env, "STAFF_PASSWORD": password},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def listening_addresses(port: int) -> List[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.append(_address(address))
    return found


def _address(hex_address: str) -> str:
    if len(hex_address) == 8:
        return socket.inet_ntop(socket.AF_INET, bytes.fromhex(hex_address)[::-1])
    raw = b"".join(bytes.fromhex(hex_address[i : i + 8])[::-1] for i in range(0, 32, 8))
    return socket.inet_ntop(socket.AF_INET6, raw)


# --- where planted personal data could end up ---------------------------------------------------
def sqlite_text(path: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        parts = []
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                parts.append(" | ".join(str(v) for v in row))
        return "\n".join(parts)
    finally:
        connection.close()


def stored_texts(folders: Iterable[Path]) -> Iterator[Tuple[str, str]]:
    """(where, text) of every database and log under the folders."""
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if not path.is_file():
                continue
            if path.suffix == ".db":
                yield str(path), sqlite_text(path)
            elif path.suffix in (".log", ".out", ".json", ".yml", ".csv", ".env", ".txt") or "log" in path.name:
                yield str(path), path.read_text(errors="replace")


class Console:
    """The staff console as a browser at `address` (behind the proxy, which forwards it)."""

    def __init__(self, base: str, address: str):
        import requests

        self.base, self.http = base, requests.Session()
        self.http.headers["X-Forwarded-For"] = address

    def get(self, path: str):
        return self.http.get(self.base + path, allow_redirects=False, timeout=60)

    def login(self, username: str, password: str):
        page = self.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        return self.http.post(
            self.base + "/login",
            data={"username": username, "password": password, "csrf": token, "next": "/"},
            allow_redirects=False,
            timeout=60,
        )
