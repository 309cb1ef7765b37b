"""Rasa's REST channel with the request checked first: a malformed body gets 400, never 500.

Rasa 3.6's RestInput calls request.json.get(...) directly, so an empty body or a JSON array
raises inside the handler and Sanic answers 500. Mounted under the same name, so the URL stays
/webhooks/rest/webhook.

A REST caller speaks for REST conversations only: a sender with another channel's prefix
("wechat:…", "wecom:…") or an `input_channel` other than "rest" is refused (400), so a hand-off
asked for over REST is a REST hand-off and staff replies are never pushed to someone's WeChat.
Each answer's `recipient_id` is the sender as the caller wrote it, never the stored (masked) id:
the keyed tag of a phone number must not be handed to whoever names the number.

Limits (bot.server.limits): turns per sender and per client address, 429 over the limit.
"""

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from sanic import response

from bot.server import limits
from presentation.wording import msg

MAX_MESSAGE_CHARS = 20_000
ERROR = {"zh": msg("rest_malformed", "zh"), "en": msg("rest_malformed", "en")}
FOREIGN = {"zh": msg("rest_foreign_channel", "zh"), "en": msg("rest_foreign_channel", "en")}
OTHER_CHANNELS = ("wechat", "wecom", "widget", "ops", "socketio")
LIMITS = limits.EndpointLimits("rest_messages", per_sender=30, per_client=300)


def problem(request):
    """None when the body is a usable message, else the reason it is not."""
    try:
        body = request.json
    except Exception:  # Sanic raises on invalid JSON; any parsing failure is the client's.
        return "invalid JSON"
    if not isinstance(body, dict):
        return "body is not a JSON object"
    if not isinstance(body.get("message"), str):
        return "'message' must be a string"
    if "sender" in body and not isinstance(body["sender"], (str, int)):
        return "'sender' must be a string"
    if len(body["message"]) > MAX_MESSAGE_CHARS:
        return "message too long"
    return None


def foreign(body: dict):
    """Why this REST request claims another channel's conversation, or None."""
    channel = body.get("input_channel")
    if channel not in (None, "", "rest"):
        return "'input_channel' must be 'rest' (or left out)"
    sender = str(body.get("sender", ""))
    prefix = sender.split(":", 1)[0].strip().lower() if ":" in sender else ""
    if prefix in OTHER_CHANNELS:
        return f"a REST sender cannot begin with '{prefix}:'"
    return None


class _AsWritten:
    """Output channels that answer with the sender as the caller wrote it (see the module doc)."""

    sender = None

    async def _persist_message(self, message) -> None:
        await super()._persist_message({**message, "recipient_id": self.sender})


class CallerCollector(_AsWritten, CollectingOutputChannel):
    pass


class CallerQueue(_AsWritten, QueueOutputChannel):
    pass


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_input_channel(self, req) -> str:
        return self.name()  # foreign() has refused any other

    def blueprint(self, on_new_message):
        async def as_written(message):
            output = message.output_channel
            if type(output) in (CollectingOutputChannel, QueueOutputChannel):
                streamed = type(output) is QueueOutputChannel
                replacement = CallerQueue(output.messages) if streamed else CallerCollector()
                # the same list (or queue) Rasa answers from, so what is collected here is answered
                replacement.sender, replacement.messages = message.sender_id, output.messages
                message.output_channel = replacement
            try:
                return await on_new_message(message)
            finally:
                limits.CALLER.set(None)  # set by `validate` for this request only

        blueprint = super().blueprint(as_written)

        @blueprint.middleware("request")
        async def validate(request):
            if request.method == "POST" and request.path.rstrip("/").endswith("/webhook"):
                reason = problem(request)
                if reason:
                    status = 413 if reason == "message too long" else 400
                    return response.json({"error": reason, "message": ERROR}, status=status)
                reason = foreign(request.json)
                if reason:
                    return response.json({"error": reason, "message": FOREIGN}, status=400)
                sender = request.json.get("sender")
                wait = LIMITS.check(request, str(sender) if sender is not None else None)
                if wait:
                    return limits.too_many(wait, request.json.get("language"))
                limits.CALLER.set(limits.client_address(request))  # the hand-off gate limits per address
            return None

        return blueprint
