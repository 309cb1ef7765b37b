"""HTTP helpers every end-to-end test shares: plain requests and one conversation over REST."""

import json
import urllib.error
import urllib.request
import uuid


def post(url: str, body, content_type: str = "application/json", timeout: float = 90):
    """(status, raw body) of a POST; a bytes body is sent as it is, anything else as JSON."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get(url: str, timeout: float = 30):
    """(status, raw body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def letters_id(prefix: str) -> str:
    """A random conversation id without digit runs (a run of nine digits would be stored masked)."""
    return f"{prefix}-" + uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))


class Chat:
    """One conversation over the REST webhook; with several base URLs, turns go round them."""

    def __init__(self, *base_urls: str, sender: str = None, prefix: str = "chat"):
        self.urls = [f"{u}/webhooks/rest/webhook" for u in base_urls]
        self.sender = sender or letters_id(prefix)
        self.turns = 0

    def say(self, text: str) -> dict:
        """The reply as {'text', 'custom' (the last payload), 'buttons'}; a blank reply fails."""
        url = self.urls[self.turns % len(self.urls)]
        self.turns += 1
        status, body = post(url, {"sender": self.sender, "message": text})
        assert status == 200, body[:500]
        messages = json.loads(body)
        texts = [m["text"] for m in messages if m.get("text")]
        customs = [m["custom"] for m in messages if m.get("custom")]
        assert texts, f"blank reply to {text!r}: {messages}"
        buttons = [b for m in messages for b in m.get("buttons", [])]
        return {"text": "\n".join(texts), "custom": customs[-1] if customs else {}, "buttons": buttons}
