"""The web chat widget for government websites, served by the Rasa server itself.

Mounted by Rasa at /webhooks/widget/ (credentials.yml: ``bot.channels.widget.WidgetInput:``):

    GET  /webhooks/widget/                  health
    GET  /webhooks/widget/static/widget.js  the widget (one <script> tag embeds it; docs/widget.md)
    GET  /webhooks/widget/static/widget.css its style sheet (loaded by widget.js into a shadow root)
    GET  /webhooks/widget/demo              a demo government information page with the widget
    POST /webhooks/widget/webhook           {sender, key?, message} -> Rasa's messages, as the REST channel
    POST /webhooks/widget/feedback          {sender, key, helpful, topic?, comment?} -> app_feedback
    POST /webhooks/widget/handoff           {sender, key, topic?, note?, language?} -> joins the staff queue
    POST /webhooks/widget/handoff/updates   {sender, key, after} -> the request's state and new staff messages
    POST /webhooks/widget/handoff/cancel    {sender, key} -> back to the assistant
    POST /webhooks/widget/callback          {sender, key, phone, consent: true, note?, language?} -> a call back

The widget talks over plain HTTP (one request per turn, and while a hand-off is open a poll of
/handoff/updates every few seconds) rather than socket.io: see docs/widget.md for why. Every
request is checked first; a bad one gets 400/413 with a reason, a storage failure 503, never 500.
Texts are masked before they are stored, a call-back number is encrypted (bot.store.handoff).

Conversation keys (bot.channels.keys): the answer to a conversation's first message carries the
conversation's key in the X-Conversation-Key header; every later request of that conversation
(messages, feedback, hand-off, polling, cancel, call-back) must send it as "key", or gets 403.
Knowing a conversation's id is not enough to read its staff replies or act in it. Hand-off state
is read per channel (bot.store.handoff), so a widget conversation never sees another channel's.

Limits (bot.server.limits): every POST route is counted per sender and per client address; over the
limit the answer is 429 with a polite message in both languages. Feedback, hand-off and call-back
requests are accepted only for a conversation that exists in the tracker store (404 otherwise).
Cross-origin requests: the POST routes answer CORS (no credentials) for the site origins in
WIDGET_ORIGINS (comma-separated, e.g. "https://www.example.gov.cn"); nothing else of the server does.
"""

import functools
import json
import logging
import re
from asyncio import CancelledError
from pathlib import Path

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response

import settings
from bot.channels import keys
from bot.server import limits

logger = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent.parent / "widget"
# Only these files are served; nothing else under bot/widget (the vendored test tools) is.
STATIC = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
}
WIDGET_LABELS = "/* widget labels */ null"  # where widget_script() writes the labels into widget.js
MAX_BODY_BYTES = 16_384
MAX_MESSAGE_CHARS = 1000  # the widget refuses longer messages before sending
MAX_COMMENT_CHARS = 1000  # feedback comment / hand-off note
SENDER = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
TOPIC = re.compile(r"^[A-Za-z0-9_]{1,64}$")
CHANNEL = "widget"
KEY_HEADER = "X-Conversation-Key"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# The demo page runs under a strict policy: no inline script or style, talks only to this server.
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


LIMITS = {
    "messages": limits.EndpointLimits("widget_messages", per_sender=30, per_client=120),
    "feedback": limits.EndpointLimits("widget_feedback", per_sender=10, per_client=30),
    "handoff": limits.EndpointLimits("widget_handoff", per_sender=3, per_client=10),
    # a poll every POLL_SECONDS while a hand-off is open, with room for a few tabs behind one address
    "updates": limits.EndpointLimits("widget_handoff_updates", per_sender=40, per_client=240),
    "cancel": limits.EndpointLimits("widget_handoff_cancel", per_sender=5, per_client=20),
    "callback": limits.EndpointLimits("widget_callback", per_sender=3, per_client=10),
}
CORS_ROUTES = ("/webhook", "/feedback", "/handoff", "/handoff/updates", "/handoff/cancel", "/callback")
MAX_PHONE_CHARS = 40
POLL_SECONDS = 2  # how often the widget asks for staff messages while a hand-off is open


def widget_labels(lang: str) -> dict:
    """The widget's labels in lang, as widget.js names them: widget_<name> from the catalogue under
    <name> in camelCase, plus the list of starter questions and the names of personal-data kinds."""
    from presentation.wording import table

    nested = ("starter_", "pii_kind_")
    labels = {
        re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key): value
        for key, value in table("widget_", lang).items()
        if not key.startswith(nested)
    }
    labels["starters"] = list(table("widget_starter_", lang).values())
    labels["kinds"] = table("widget_pii_kind_", lang)
    return labels


@functools.lru_cache(maxsize=1)
def widget_script() -> bytes:
    """widget.js with its labels written in, so the page needs no second request for them."""
    source = (ASSETS / "widget.js").read_text(encoding="utf-8")
    labels = json.dumps({lang: widget_labels(lang) for lang in ("zh", "en")}, ensure_ascii=False, indent=1)
    labels = labels.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if source.count(WIDGET_LABELS) != 1:
        raise RuntimeError(f"widget.js: expected one {WIDGET_LABELS} to fill")
    return source.replace(WIDGET_LABELS, labels).encode("utf-8")


def allowed_origins() -> set:
    return {o.strip().rstrip("/") for o in settings.get().widget_origins.split(",") if o.strip()}


def cors_headers(request) -> dict:
    """CORS for a configured site origin (same-origin pages need none); never with credentials."""
    origin = request.headers.get("origin", "")
    if origin and origin.rstrip("/") in allowed_origins():
        return {
            "Access-Control-Allow-Origin": origin,
            "Vary": "Origin",
            "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
            "Access-Control-Expose-Headers": KEY_HEADER,
        }
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
        raise BadRequest("invalid JSON") from None
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
    from bot.privacy import contains_personal_data

    return None if contains_personal_data(topic) else topic  # an identifier, never a phone number


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
    return dict(
        conversation_id=body["sender"],
        helpful=helpful,
        topic=optional_topic(body),
        comment=optional_text(body, "comment", MAX_COMMENT_CHARS),
    )


def _language(body: dict) -> str:
    return "en" if body.get("language") == "en" else "zh"


def parse_handoff(request):
    body = read_body(request)
    from bot.store.handoff import known_topic

    return dict(
        conversation_id=body["sender"],
        topic=known_topic(optional_topic(body)),  # one of the topics or nothing
        note=optional_text(body, "note", MAX_COMMENT_CHARS),
        language=_language(body),
    )


def parse_updates(request):
    body = read_body(request)
    after = body.get("after", 0)
    if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after < 2**53:
        raise BadRequest("'after' must be a message id (a whole number)")
    return body["sender"], after


def parse_callback(request):
    body = read_body(request)
    if body.get("consent") is not True:
        raise BadRequest("the citizen's consent ('consent': true) is required")
    phone = body.get("phone")
    if not isinstance(phone, str) or len(phone) > MAX_PHONE_CHARS:
        raise BadRequest("'phone' must be a phone number")
    return dict(
        conversation_id=body["sender"],
        phone=phone,
        note=optional_text(body, "note", MAX_COMMENT_CHARS),
        language=_language(body),
    )


def _json(body: dict, request, status: int = 200):
    return response.json(body, status=status, headers={**SECURITY_HEADERS, **cors_headers(request)})


async def _known(request, sender: str):
    """None when the conversation exists, else the answer to give (404, or 503 on a storage failure)."""

    try:
        known = await conversation_exists(request, sender)
    except Exception:
        logger.exception("widget: could not check the conversation")
        return _error("storage unavailable", 503, cors_headers(request))
    return None if known else _refusal(request, "unknown conversation", "unknown_conversation", 404)


def _refusal(request, error: str, wording: str, status: int):
    """A refusal with the reason and the catalogue's polite message in both languages."""
    from presentation.wording import msg

    return _json({"error": error, "message": {"zh": msg(wording, "zh"), "en": msg(wording, "en")}}, request, status)


def _keyless(request, sender: str):
    """None when the request carries the conversation's key, else the 403 to give."""
    try:
        supplied = request.json.get("key")
    except Exception:
        supplied = None
    if keys.key_matches(sender, supplied):
        return None
    return _refusal(request, "this conversation's key is missing or wrong", "conversation_key_needed", 403)


async def _may_speak(request, sender: str):
    """None when this request may speak in the conversation: it has the key, or the conversation
    does not exist yet (its first message, whose answer hands the key out)."""
    if _keyless(request, sender) is None:
        return None
    try:
        exists = await conversation_exists(request, sender)
    except Exception:
        logger.exception("widget: could not check the conversation")
        return _error("storage unavailable", 503, cors_headers(request))
    return _keyless(request, sender) if exists else None


async def _blocking(fn, *args, **kwargs):
    import asyncio

    return await asyncio.get_running_loop().run_in_executor(None, lambda: fn(*args, **kwargs))


async def _store(request, writer, fields: dict):
    from bot.store import records

    refused = _keyless(request, fields["conversation_id"]) or await _known(request, fields["conversation_id"])
    if refused is not None:
        return refused
    try:
        row_id = await _blocking(getattr(records, writer), channel=CHANNEL, **fields)
    except Exception:  # the citizen gets a clear answer; the details go to the log
        logger.exception("widget: could not store %s", writer)
        return _error("storage unavailable", 503, cors_headers(request))
    return _json({"ok": True, "id": row_id}, request, 201)


def handoff_state(found, language: str) -> dict:
    """What the widget shows about a request: its state, place in the queue, when someone looks."""
    from assistant import staffed_hours
    from bot.store import handoff as store
    from presentation import handoff as words

    schedule = staffed_hours.current()
    hours = {"staffed_now": schedule.staffed(), "opens": words.opens_text(schedule, language)}
    if found is None:  # the hand-off sheet asks before a request: is anyone on duty, and from when
        return {"state": None, **hours}
    return {
        "id": found.id,
        "state": found.state,
        "staffed": found.staffed,
        "position": store.position(found),
        "waited": round(found.waited()),
        "silenced": found.open and found.silences(schedule),
        **hours,
        # the call-back sheet needs it whichever way the request began (the button or typed 转人工)
        "consent": consent_text(language),
    }


def open_handoff(fields: dict) -> tuple:
    """(state, created, message): the request queued (live when someone is on duty) and its wording."""
    from assistant import staffed_hours
    from bot.store import handoff as store
    from presentation import handoff as words

    schedule = staffed_hours.current()
    reply = words.requested(fields["language"], schedule, about=fields["topic"])
    found, created = store.open_request(
        fields["conversation_id"],
        CHANNEL,
        language=fields["language"],
        staffed=reply.payload.extra["staffed"],
        topic=fields["topic"],
        note=fields["note"],
    )
    return handoff_state(found, fields["language"]), created, reply.text


def consent_text(language: str) -> str:
    from bot.store import handoff as store
    from presentation.wording import msg

    return msg("callback_consent", language, days=store.callback_days())


def save_callback(fields: dict) -> dict:
    from assistant import staffed_hours
    from bot.store import handoff as store
    from presentation import handoff as words
    from presentation.wording import msg

    language = fields["language"]
    days = store.callback_days()
    opens = words.opens_text(staffed_hours.current(), language) or msg("handoff_soon", language)
    consent = consent_text(language)
    saved = store.add_callback(
        fields["conversation_id"], CHANNEL, fields["phone"], consent, language=language, note=fields["note"]
    )
    return {
        "ok": True,
        "id": saved.id,
        "last4": saved.phone_last4,
        "days": days,
        "message": msg("callback_saved", language, opens=opens, last4=saved.phone_last4, days=days),
    }


# ---------------------------------------------------------------- the routes (all but the message, which
# needs the agent and is defined in WidgetInput.blueprint)


async def health(_request):
    return response.json({"status": "ok"})


async def static(_request, name: str):
    if name not in STATIC:
        return _error("not found", 404)
    if name == "widget.js":
        return response.raw(
            widget_script(),
            content_type=STATIC[name],
            headers={**SECURITY_HEADERS, "Cache-Control": "public, max-age=300"},
        )
    return await response.file(
        ASSETS / name,
        mime_type=STATIC[name],
        headers={**SECURITY_HEADERS, "Cache-Control": "public, max-age=300"},
    )


async def demo(_request):
    return await response.file(
        ASSETS / "demo.html",
        mime_type="text/html; charset=utf-8",
        headers={**SECURITY_HEADERS, "Content-Security-Policy": DEMO_CSP, "Cache-Control": "no-cache"},
    )


async def preflight(request):
    headers = cors_headers(request)
    return response.empty(status=204 if headers else 403, headers={**SECURITY_HEADERS, **headers})


async def feedback(request):
    try:
        fields = parse_feedback(request)
    except BadRequest as bad:
        return _error(bad.reason, bad.status, cors_headers(request))
    return limited(request, "feedback") or await _store(request, "record_feedback", fields)


async def _may_write(request, endpoint: str, sender: str):
    """The refusal (429, 403 or 404) for a request that writes to a conversation, or None."""
    return limited(request, endpoint) or _keyless(request, sender) or await _known(request, sender)


async def handoff(request):
    try:
        fields = parse_handoff(request)
    except BadRequest as bad:
        return _error(bad.reason, bad.status, cors_headers(request))
    refused = await _may_write(request, "handoff", fields["conversation_id"])
    if refused is not None:
        return refused
    try:
        state, created, message = await _blocking(open_handoff, fields)
    except Exception:
        logger.exception("widget: could not queue the hand-off")
        return _error("storage unavailable", 503, cors_headers(request))
    return _json({"ok": True, "message": message, **state}, request, 201 if created else 200)


async def handoff_updates(request):
    from bot.store import handoff as store

    try:
        sender, after = parse_updates(request)
    except BadRequest as bad:
        return _error(bad.reason, bad.status, cors_headers(request))
    # the hand-off sheet asks before the conversation's first message: no key yet, nothing to read
    refused = limited(request, "updates") or await _may_speak(request, sender)
    if refused is not None:
        return refused
    language = _language(request.json)
    try:
        found = await _blocking(store.latest, sender, channel=CHANNEL)
        state = await _blocking(handoff_state, found, language)
        fresh = await _blocking(store.updates, sender, after, channel=CHANNEL) if found is not None else []
    except Exception:
        logger.exception("widget: could not read the hand-off")
        return _error("storage unavailable", 503, cors_headers(request))
    messages = [{"id": m.id, "author": m.author, "text": m.text, "at": m.created_at.isoformat() + "Z"} for m in fresh]
    return _json({**state, "messages": messages, "poll": POLL_SECONDS}, request)


async def handoff_cancel(request):
    from bot.store import handoff as store
    from presentation.wording import msg

    try:
        sender = read_body(request)["sender"]
    except BadRequest as bad:
        return _error(bad.reason, bad.status, cors_headers(request))
    refused = limited(request, "cancel") or _keyless(request, sender)
    if refused is not None:
        return refused
    try:
        cancelled = await _blocking(store.cancel, sender, channel=CHANNEL)
    except Exception:
        logger.exception("widget: could not cancel the hand-off")
        return _error("storage unavailable", 503, cors_headers(request))
    return _json(
        {
            "ok": True,
            "state": "closed" if cancelled else None,
            "message": msg("handoff_cancelled", _language(request.json)),
        },
        request,
    )


async def callback(request):
    try:
        fields = parse_callback(request)
    except BadRequest as bad:
        return _error(bad.reason, bad.status, cors_headers(request))
    refused = await _may_write(request, "callback", fields["conversation_id"])
    if refused is not None:
        return refused
    try:
        saved = await _blocking(save_callback, fields)
    except ValueError:
        return _error("'phone' must be a Chinese mobile or landline number", 400, cors_headers(request))
    except Exception:
        logger.exception("widget: could not store the call-back request")
        return _error("storage unavailable", 503, cors_headers(request))
    return _json(saved, request, 201)


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
        blueprint.add_route(health, "/", methods=["GET"])
        blueprint.add_route(static, "/static/<name>", methods=["GET", "HEAD"])
        blueprint.add_route(demo, "/demo", methods=["GET", "HEAD"])
        blueprint.add_route(feedback, "/feedback", methods=["POST"])
        blueprint.add_route(handoff, "/handoff", methods=["POST"])
        blueprint.add_route(handoff_updates, "/handoff/updates", methods=["POST"])
        blueprint.add_route(handoff_cancel, "/handoff/cancel", methods=["POST"])
        blueprint.add_route(callback, "/callback", methods=["POST"])

        for route in CORS_ROUTES:
            blueprint.add_route(preflight, route, methods=["OPTIONS"], name=f"preflight{route.replace('/', '_')}")

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request):
            cors = cors_headers(request)
            try:
                sender, text, metadata = parse_message(request)
            except BadRequest as bad:
                return _error(bad.reason, bad.status, cors)
            too_many = limited(request, "messages") or await _may_speak(request, sender)
            if too_many:
                return too_many
            collector = WholeMessages()
            limits.CALLER.set(limits.client_address(request))  # the hand-off gate limits per address
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except CancelledError:
                logger.error("widget: message handling was cancelled")
            except Exception:
                logger.exception("widget: message handling failed")
            finally:
                limits.CALLER.set(None)
            # the key of a conversation this request may speak in (its first message may have begun it)
            key = {KEY_HEADER: keys.conversation_key(sender)}
            if not collector.messages:
                if text.lstrip().startswith("/"):  # a command payload such as /restart may answer nothing
                    return response.json([], headers={**SECURITY_HEADERS, **cors, **key})
                return _error("the assistant did not answer", 503, {**cors, **key})  # the widget offers retry / 12333
            messages = [{k: v for k, v in m.items() if k != "recipient_id"} for m in collector.messages]
            return response.json(messages, headers={**SECURITY_HEADERS, **cors, **key})

        return blueprint
