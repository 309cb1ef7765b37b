"""The action server as the Rasa servers' private back end: rasa-sdk's app, closed.

    python -m bot.server.action_server [--actions actions] [--port 5055] [--host 127.0.0.1]

What differs from `rasa run actions`:
- it listens on 127.0.0.1 unless ACTION_HOST (or --host) says otherwise;
- POST /webhook and GET /actions need the shared secret ACTION_SERVER_TOKEN in the
  X-Action-Token header (compared in constant time; 401 otherwise). bot.runtime.resilience sends it from
  every Rasa server. GET /health stays open: it says nothing but "ok". Production
  (SHEBAO_ENV=production) refuses to start without a real secret (bot.server.production);
- no CORS (only the Rasa servers call it, never a browser);
- a 1 MB body limit and the connection cap of bot.server.limits, with a lenient request deadline
  (ACTION_REQUEST_TIMEOUT, 60 s): its one client is a Rasa server, whose event loop, busy with
  other turns, may send the body of a call seconds after its headers — not an attack, and cutting
  it off turned into the 12333 apology under load;
- a call that is not shaped like the ones Rasa sends (not a JSON object, a tracker that is not
  one, slots of the wrong type, a latest message whose intent is not an object, JSON nested
  deeper than MAX_DEPTH) gets 400 before any action reads it: actions trust Rasa's shapes;
- an error answers 500 without echoing the request: rasa-sdk's own handler sends the whole
  tracker back and logs it, personal data included;
- Sanic keeps idle connections KEEP_ALIVE_TIMEOUT (15 s) seconds, longer than the Rasa side
  keeps them (bot.runtime.resilience: 5 s), so the client never writes into a connection this side has
  just closed (the stale keep-alive "Can not write request body" failures under load).
"""

import argparse
import functools
import hmac
import json
import logging
from typing import Optional

from sanic import response

import settings
from bot.server import limits

logger = logging.getLogger(__name__)
TOKEN_HEADER = "X-Action-Token"
OPEN_PATHS = {"/health"}
MAX_DEPTH = 32  # Rasa's calls nest about 8 deep


@functools.lru_cache(maxsize=1)
def slot_types() -> dict:
    """name -> type of the assistant's slots (domain.yml)."""
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    return {name: (spec or {}).get("type") for name, spec in (domain.get("slots") or {}).items()}


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, level + 1) for child in children)
    return deepest


def _slot_problem(slots) -> Optional[str]:
    if not isinstance(slots, dict):
        return "'tracker.slots' must be an object"
    for name, value in slots.items():
        kind = slot_types().get(name)
        if value is None or kind is None:
            continue
        if kind == "any" and not isinstance(value, dict):
            return f"slot '{name}' must be an object"
        if kind in ("text", "categorical") and not isinstance(value, (str, int, float)):
            return f"slot '{name}' must be a string"
    return None


def _message_problem(message) -> Optional[str]:
    if not isinstance(message, dict):
        return "'tracker.latest_message' must be an object"
    if message.get("text") is not None and not isinstance(message["text"], str):
        return "'latest_message.text' must be a string"
    intent = message.get("intent")
    if intent is not None and not (isinstance(intent, dict) and isinstance(intent.get("name", ""), (str, type(None)))):
        return "'latest_message.intent' must be an object with a string 'name'"
    entities = message.get("entities", [])
    if entities is not None and not (isinstance(entities, list) and all(isinstance(e, dict) for e in entities)):
        return "'latest_message.entities' must be a list of objects"
    return None


def call_problem(body: bytes) -> tuple:
    """(why an action call is not one Rasa would send, or None; the parsed call)."""
    try:
        call = json.loads(body or b"null")
    except (ValueError, RecursionError):
        return "the body is not valid JSON", None
    return _shape_problem(call), call


def _shape_problem(call) -> Optional[str]:
    if not isinstance(call, dict) or not isinstance(call.get("next_action"), str):
        return "the body must be an object with a string 'next_action'"
    if _depth(call) > MAX_DEPTH:
        return "the body is nested too deeply"
    tracker, domain = call.get("tracker"), call.get("domain", {})
    if not isinstance(tracker, dict) or not isinstance(tracker.get("sender_id", ""), str):
        return "'tracker' must be an object with a string 'sender_id'"
    if not isinstance(domain, (dict, type(None))):
        return "'domain' must be an object"
    events = tracker.get("events", [])
    if not isinstance(events, list) or not all(isinstance(e, dict) and isinstance(e.get("event"), str) for e in events):
        return "'tracker.events' must be a list of event objects"
    return _slot_problem(tracker.get("slots", {})) or _message_problem(tracker.get("latest_message", {}))


def token() -> str:
    return settings.get().action_server_token


def authorised(request, expected: str) -> bool:
    supplied = request.headers.get(TOKEN_HEADER, "")
    return hmac.compare_digest(supplied.encode("utf-8", "replace"), expected.encode())


def create_app(actions: str = "actions"):
    from rasa_sdk.endpoint import create_app as sdk_app

    app = sdk_app(actions, cors_origins=None)
    limits.harden(app, max_body=limits.MB, request_timeout=settings.get().action_request_timeout)
    expected = token()

    @app.on_request
    async def require_token(request):
        if expected and request.path not in OPEN_PATHS and not authorised(request, expected):
            return response.json({"error": "unauthorised"}, status=401)
        if request.method == "POST" and request.path.rstrip("/") == "/webhook":
            problem, call = call_problem(request.body)
            if problem:
                return response.json({"error": problem}, status=400)
            request.parsed_json = call  # parsed once
        return None

    @app.exception(Exception)
    async def on_error(request, exception):
        status = getattr(exception, "status_code", 500) or 500
        if status >= 500:
            logger.error(
                "action server error on %s: %s: %s",
                getattr(request, "path", "?"),
                type(exception).__name__,
                exception,
                exc_info=exception,
            )
            return response.json({"error": "internal error"}, status=500)
        return response.json({"error": str(exception)}, status=status)

    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="the project's action server (loopback, shared secret)")
    parser.add_argument("--actions", default="actions")
    parser.add_argument("--port", type=int, default=settings.get().action_port)
    parser.add_argument("--host", default=settings.get().action_host)
    args = parser.parse_args(argv)
    from bot.server import production

    production.refuse_unsafe("actions")
    if not token():
        logger.warning("ACTION_SERVER_TOKEN is not set: any local process can call this action server")
    app = create_app(args.actions)
    logger.info("action server on http://%s:%s", args.host, args.port)
    app.run(
        args.host,
        args.port,
        workers=1,
        access_log=False,
        motd=False,
        backlog=settings.get().sanic_backlog,
    )


if __name__ == "__main__":
    main()
