"""Helpers shared by the staff-console tests (a uniquely named module: every test folder has a
conftest.py, so `from conftest import …` would pick whichever was imported first)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "correct-horse-staple"


def run_cli(*args, env: dict, stdin: str = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.staff", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class Console:
    """A browser-like client: cookies, no automatic redirects, CSRF token from the pages."""

    def __init__(self, base: str):
        import requests

        self.base = base
        self.http = requests.Session()
        self.csrf = None

    def get(self, path: str, **kwargs):
        return self.http.get(self.base + path, allow_redirects=False, timeout=30, **kwargs)

    def post(self, path: str, data=None, **kwargs):
        return self.http.post(self.base + path, data=data, allow_redirects=False, timeout=30, **kwargs)

    def login_token(self) -> str:
        page = self.get("/login")
        return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)

    def login(self, username: str = "alice", password: str = PASSWORD):
        reply = self.post(
            "/login", {"username": username, "password": password, "csrf": self.login_token(), "next": "/"}
        )
        if reply.status_code == 303:
            home = self.get("/")
            self.csrf = re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)
        return reply


# ---------------------------------------------------------------- in the browser
BAD_LABEL = re.compile(r"undefined|\bnull\b|\[object|built-in method|\{\w+\}|NaN")
AXE = ROOT / "bot" / "widget" / "vendor" / "axe-core" / "axe.min.js"


def axe(page) -> list:
    """axe-core (vendored) on the whole page, every rule and impact; returns the violations."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")  # through DevTools: the CSP stays
    return page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                          nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")


def button_names(page) -> list:
    """(id, visible text, aria-label) of every visible button."""
    return page.evaluate("""() => [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null)
      .map(b => [b.id || b.className, b.innerText.trim(), b.getAttribute('aria-label') || ''])""")


def sign_in(page, base: str, username: str = "alice", password: str = PASSWORD) -> None:
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-button")
    page.wait_for_url(lambda url: "/login" not in url)
