"""The web chat widget for government websites, served by the Rasa server itself.

Mounted by Rasa at /webhooks/widget/ (credentials.yml: ``bot.channels.widget.WidgetInput:``):

    GET  /webhooks/widget/                  health
    GET  /webhooks/widget/static/widget.js  the widget (one <script> tag embeds it; docs/widget.md)
    GET  /webhooks/widget/static/widget.css its style sheet (loaded by widget.js into a shadow root)
    GET  /webhooks/widget/demo              a demo government information page with the widget
    POST /webhooks/widget/webhook           {sender, message} -> Rasa's messages, as the REST channel
    POST /webhooks/widget/feedback          {sender, helpful, topic?, comment?} -> app_feedback
    POST /webhooks/widget/handoff           {sender, topic?, note?} -> app_handoff_requests

The widget talks over plain HTTP (one request per turn) rather than socket.io: see docs/widget.md
for why. Every request is checked first; a bad one gets 400/413 with a reason, a storage failure
503, never 500. Feedback comments and hand-off notes are masked by bot.store.records.

Limits (bot.limits): messages, feedback and hand-off requests are counted per sender and per
client address; over the limit the answer is 429 with a polite message in both languages.
Feedback and hand-off requests are accepted only for a conversation that exists in the tracker
store (404 otherwise). Cross-origin requests: these three POST routes answer CORS (no
credentials) for the site origins in WIDGET_ORIGINS (comma-separated, e.g.
"https://www.example.gov.cn"); nothing else of the server does.
"""
import logging
import os
import re
from asyncio import CancelledError
from pathlib import Path

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response

from bot import limits

logger = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent.parent / "widget"
# Only these files are served; nothing else under bot/widget (the vendored test tools) is.
STATIC = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
}
MAX_BODY_BYTES = 16_384
MAX_MESSAGE_CHARS = 1000     # the widget refuses longer messages before sending
MAX_COMMENT_CHARS = 1000     # feedback comment / hand-off note
SENDER = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
TOPIC = re.compile(r"^[A-Za-z0-9_]{1,64}$")
CHANNEL = "widget"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# The demo page runs under a strict policy: no inline script or style, talks only to this server.
DEMO_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


LIMITS = {
    "messages": limits.EndpointLimits("widget_messages", per_sender=30, per_client=120),
    "feedback": limits.EndpointLimits("widget_feedback", per_sender=10, per_client=30),
    "handoff": limits.EndpointLimits("widget_handoff", per_sender=3, per_client=10),
}
CORS_ROUTES = ("/webhook", "/feedback", "/handoff")


def allowed_origins() -> set:
    return {o.strip().rstrip("/") for o in os.environ.get("WIDGET_ORIGINS", "").split(",") if o.strip()}


def cors_headers(request) -> dict:
    """CORS for a configured site origin (same-origin pages need none); never with credentials."""
    origin = request.headers.get("origin", "")
    if origin and origin.rstrip("/") in allowed_origins():
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                "Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "600"}
    return {}


def _sender_of(request):
    try:
        body = request.json
    except Exception:
        return None
    sender = body.get("sender") if isinstance(body, dict) else None
    return sender if isinstance(sender, str) and SENDER.match(sender) else None


def limited(request, kind: str):
    """The 429 answer when this sender or client address is over the limit, else None."""
    wait = LIMITS[kind].check(request, _sender_of(request))
    if not wait:
        return None
    try:
        language = request.json.get("language")
    except Exception:
        language = None
    return limits.too_many(wait, language, headers={**SECURITY_HEADERS, **cors_headers(request)})


async def conversation_exists(request, sender: str) -> bool:
    """Whether the tracker store holds this conversation (feedback and hand-off need one)."""
    agent = getattr(request.app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    store = getattr(store, "_tracker_store", store)
    if store is None:
        return False
    if hasattr(store, "has_conversation"):
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, store.has_conversation, sender)
    from bot.privacy import storage_key

    tracker = await store.retrieve(storage_key(sender))
    return tracker is not None and len(tracker.events) > 0


class BadRequest(Exception):
    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason, self.status = reason, status


def _error(reason: str, status: int, headers: dict = None):
    return response.json({"error": reason}, status=status, headers={**SECURITY_HEADERS, **(headers or {})})


def read_body(request) -> dict:
    """The request's JSON object, or BadRequest with the reason."""
    if len(request.body or b"") > MAX_BODY_BYTES:
        raise BadRequest("request too large", 413)
    try:
        body = request.json
    except Exception:  # Sanic raises on invalid JSON or bytes that are not UTF-8
        raise BadRequest("invalid JSON")
    if not isinstance(body, dict):
        raise BadRequest("body is not a JSON object")
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER.match(sender):
        raise BadRequest("'sender' must be 8-80 letters, digits, '-' or '_'")
    return body


def optional_text(body: dict, key: str, limit: int):
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"'{key}' must be a string")
    if len(value) > limit:
        raise BadRequest(f"'{key}' is longer than {limit} characters", 413)
    return value.strip() or None


def optional_topic(body: dict):
    topic = body.get("topic")
    if topic is None or topic == "":
        return None
    if not isinstance(topic, str) or not TOPIC.match(topic):
        raise BadRequest("'topic' must be an identifier of at most 64 characters")
    return topic


def parse_message(request):
    body = read_body(request)
    message = body.get("message")
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    if len(message) > MAX_MESSAGE_CHARS:
        raise BadRequest(f"message longer than {MAX_MESSAGE_CHARS} characters", 413)
    if not message.strip():
        raise BadRequest("'message' is empty")
    language = body.get("language")
    metadata = {"ui_language": language} if language in ("zh", "en") else {}
    return body["sender"], message, metadata


def parse_feedback(request):
    body = read_body(request)
    helpful = body.get("helpful")
    if not isinstance(helpful, bool):
        raise BadRequest("'helpful' must be true or false")
    return dict(conversation_id=body["sender"], helpful=helpful, topic=optional_topic(body),
                comment=optional_text(body, "comment", MAX_COMMENT_CHARS))


def parse_handoff(request):
    body = read_body(request)
    return dict(conversation_id=body["sender"], topic=optional_topic(body),
                note=optional_text(body, "note", MAX_COMMENT_CHARS))


async def _store(request, writer, fields: dict):
    from bot.store import records
    from presentation.wording import msg

    cors = cors_headers(request)
    try:
        known = await conversation_exists(request, fields["conversation_id"])
    except Exception:
        logger.exception("widget: could not check the conversation")
        return _error("storage unavailable", 503, cors)
    if not known:
        return response.json({"error": "unknown conversation",
                              "message": {"zh": msg("unknown_conversation", "zh"),
                                          "en": msg("unknown_conversation", "en")}},
                             status=404, headers={**SECURITY_HEADERS, **cors})
    try:
        row_id = getattr(records, writer)(channel=CHANNEL, **fields)
    except Exception:  # the citizen gets a clear answer; the details go to the log
        logger.exception("widget: could not store %s", writer)
        return _error("storage unavailable", 503, cors)
    return response.json({"ok": True, "id": row_id}, status=201, headers={**SECURITY_HEADERS, **cors})


class WholeMessages(CollectingOutputChannel):
    """Collects what the actions sent, one message per utterance.

    Rasa's collector splits a text on blank lines into several messages (an answer with a list
    would arrive as five bubbles); the widget lays out paragraphs and lists itself.
    """

    async def send_text_message(self, recipient_id: str, text: str, **kwargs) -> None:
        await self._persist_message(self._message(recipient_id, text=text))


class WidgetInput(InputChannel):
    """Web chat widget: static assets, demo page, message, feedback and hand-off endpoints."""

    @classmethod
    def name(cls) -> str:
        return "widget"

    def blueprint(self, on_new_message):
        blueprint = Blueprint("widget_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_request):
            return response.json({"status": "ok"})

        @blueprint.route("/static/<name>", methods=["GET", "HEAD"])
        async def static(_request, name: str):
            if name not in STATIC:
                return _error("not found", 404)
            return await response.file(ASSETS / name, mime_type=STATIC[name],
                                       headers={**SECURITY_HEADERS, "Cache-Control": "public, max-age=300"})

        @blueprint.route("/demo", methods=["GET", "HEAD"])
        async def demo(_request):
            return await response.file(ASSETS / "demo.html", mime_type="text/html; charset=utf-8",
                                       headers={**SECURITY_HEADERS, "Content-Security-Policy": DEMO_CSP,
                                                "Cache-Control": "no-cache"})

        @blueprint.route("/webhook", methods=["OPTIONS"])
        @blueprint.route("/feedback", methods=["OPTIONS"])
        @blueprint.route("/handoff", methods=["OPTIONS"])
        async def preflight(request):
            headers = cors_headers(request)
            return response.empty(status=204 if headers else 403, headers={**SECURITY_HEADERS, **headers})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request):
            cors = cors_headers(request)
            try:
                sender, text, metadata = parse_message(request)
            except BadRequest as bad:
                return _error(bad.reason, bad.status, cors)
            too_many = limited(request, "messages")
            if too_many:
                return too_many
            collector = WholeMessages()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))
            except CancelledError:
                logger.error("widget: message handling was cancelled")
            except Exception:
                logger.exception("widget: message handling failed")
            if not collector.messages:
                if text.lstrip().startswith("/"):  # a command payload such as /restart may answer nothing
                    return response.json([], headers={**SECURITY_HEADERS, **cors})
                return _error("the assistant did not answer", 503, cors)  # the widget offers retry / 12333
            messages = [{k: v for k, v in m.items() if k != "recipient_id"} for m in collector.messages]
            return response.json(messages, headers={**SECURITY_HEADERS, **cors})

        @blueprint.route("/feedback", methods=["POST"])
        async def feedback(request):
            try:
                fields = parse_feedback(request)
            except BadRequest as bad:
                return _error(bad.reason, bad.status, cors_headers(request))
            return limited(request, "feedback") or await _store(request, "record_feedback", fields)

        @blueprint.route("/handoff", methods=["POST"])
        async def handoff(request):
            try:
                fields = parse_handoff(request)
            except BadRequest as bad:
                return _error(bad.reason, bad.status, cors_headers(request))
            return limited(request, "handoff") or await _store(request, "record_handoff", fields)

        return blueprint
