"""Driving the chat widget in headless Chromium (Debian's package) with Playwright for Python.

Playwright's CSS locators pierce the widget's open shadow root, so `[data-part=…]` finds its parts.
"""

import http.server
import json
import os
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
AXE = ROOT / "bot" / "widget" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ANSWER_TIMEOUT = 60_000  # ms: one turn of the real assistant on a busy 2-core machine

# The text of the widget's shadow root's focused element, for keyboard tests.
ACTIVE = """() => {
  const host = document.getElementById('shebao-widget');
  const a = host && host.shadowRoot ? host.shadowRoot.activeElement : null;
  if (!a) return null;
  const style = getComputedStyle(a);
  return {part: a.getAttribute('data-part'), tag: a.tagName.toLowerCase(), text: a.textContent.trim(),
          outline: style.outlineStyle + ' ' + style.outlineWidth};
}"""


# Conversation keys the widget's server handed out (X-Conversation-Key), by sender: post() sends
# them back like widget.js does, unless the body names its own "key" (or key=False).
KEYS = {}


def post(url: str, body, timeout: float = 60, key=True):
    """(status, parsed JSON or raw bytes) of a POST; bytes bodies are sent as they are."""
    sender = body.get("sender") if isinstance(body, dict) else None
    if key and isinstance(sender, str) and sender in KEYS and "key" not in body:
        body = {**body, "key": KEYS[sender]}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, issued = response.status, response.read(), response.headers.get("X-Conversation-Key")
    except urllib.error.HTTPError as error:
        status, raw, issued = error.code, error.read(), None
    if issued and isinstance(sender, str):
        KEYS[sender] = issued
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


class PageServer:
    """One HTML page served on a loopback port (another origin than the assistant's), in a thread."""

    def __init__(self, html: str):
        body = html.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/page"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Widget:
    """One page with the widget on it."""

    def __init__(self, page):
        self.page = page

    def part(self, name: str):
        return self.page.locator(f"[data-part={name}]")

    def entries(self, role: str = None):
        return self.page.locator(f"li[data-role={role}]" if role else "li[data-entry]")

    def open(self):
        self.part("launcher").click()
        self.part("panel").wait_for(state="visible")
        return self

    def accept(self):
        self.part("accept").click()
        self.part("input").wait_for(state="visible")
        return self

    def start(self):
        return self.open().accept()

    def bot_count(self) -> int:
        return self.entries("bot").count() + self.entries("error").count() + self.entries("system").count()

    def wait_for_reply(self, before: int):
        """Wait until an answer (or an error) has been added and the typing indicator has gone."""
        self.page.wait_for_function(
            """(before) => {
              const r = document.getElementById('shebao-widget').shadowRoot;
              const n = r.querySelectorAll('li[data-role=bot], li[data-role=error], li[data-role=system]').length;
              return n > before && !r.querySelector('.sw-typing--on');
            }""",
            arg=before,
            timeout=ANSWER_TIMEOUT,
        )

    def ask(self, text: str):
        """Type a question and press Enter; returns the (pinned) last assistant entry once it has arrived."""
        before = self.bot_count()
        self.part("input").fill(text)
        self.part("input").press("Enter")
        self.wait_for_reply(before)
        return self.entries("bot").nth(self.entries("bot").count() - 1)

    def last_turn(self) -> str:
        """The text of everything the assistant said after the user's last message."""
        return self.page.evaluate("""() => {
          const items = [...document.getElementById('shebao-widget').shadowRoot.querySelectorAll('li[data-entry]')];
          const last = items.map(li => li.dataset.role).lastIndexOf('user');
          return items.slice(last + 1).map(li => li.innerText).join('\\n');
        }""")

    def session_state(self) -> dict:
        return self.page.evaluate("""() => {
          const key = Object.keys(sessionStorage).find(k => k.startsWith('shebao-widget:v1:'));
          return key ? JSON.parse(sessionStorage.getItem(key)) : null;
        }""")

    def active(self):
        return self.page.evaluate(ACTIVE)

    def tab_to(self, part: str, shift: bool = False, limit: int = 60):
        """Press Tab (or Shift+Tab) until the focused widget element has data-part=part."""
        for _ in range(limit):
            active = self.active()
            if active and active["part"] == part:
                return active
            self.page.keyboard.press("Shift+Tab" if shift else "Tab")
        raise AssertionError(f"could not reach {part!r} with the keyboard; focus is on {self.active()}")

    def screenshot(self, name: str):
        REPORTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(REPORTS / name))

    def axe(self, context: str = "document"):
        """axe-core (vendored, WCAG 2.0/2.1 A and AA rules) on the page; returns the violations."""
        if not self.page.evaluate("() => !!window.axe"):
            # evaluated through the DevTools protocol, so the demo page's strict CSP stays in force
            self.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
        return self.page.evaluate(
            """async (context) => {
          const result = await axe.run(context === 'document' ? document : document.querySelector(context),
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
             resultTypes: ['violations']});
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                              nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""",
            context,
        )
