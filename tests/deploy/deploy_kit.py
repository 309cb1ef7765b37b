"""HTTP helpers for tests/deploy (a module of its own: `conftest` is not importable by name)."""

import json
import urllib.error
import urllib.request
import uuid


def post(url: str, body, timeout: float = 90):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get(url: str, timeout: float = 30):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Chat:
    """One conversation over the REST webhook; each turn may go to a different base URL."""

    def __init__(self, *base_urls, sender: str = None):
        self.urls = [f"{u}/webhooks/rest/webhook" for u in base_urls]
        # letters only: a run of nine digits in a random id would be stored masked (bot.privacy)
        self.sender = sender or "deploy-" + uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))
        self.turns = 0

    def say(self, text: str) -> dict:
        url = self.urls[self.turns % len(self.urls)]
        self.turns += 1
        status, body = post(url, {"sender": self.sender, "message": text})
        assert status == 200, body[:300]
        messages = json.loads(body)
        texts = [m["text"] for m in messages if m.get("text")]
        customs = [m["custom"] for m in messages if m.get("custom")]
        assert texts, f"no reply to {text!r}: {messages}"
        return {"text": "\n".join(texts), "custom": customs[-1] if customs else {}}
