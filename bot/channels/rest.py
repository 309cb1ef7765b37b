"""Rasa's REST channel with the request checked first: a malformed body gets 400, never 500.

Rasa 3.6's RestInput calls request.json.get(...) directly, so an empty body or a JSON array
raises inside the handler and Sanic answers 500. Mounted under the same name, so the URL stays
/webhooks/rest/webhook.
"""

from rasa.core.channels.rest import RestInput
from sanic import response

from presentation.wording import msg

MAX_MESSAGE_CHARS = 20_000
ERROR = {"zh": msg("rest_malformed", "zh"), "en": msg("rest_malformed", "en")}


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


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message):
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def validate(request):
            if request.method == "POST" and request.path.rstrip("/").endswith("/webhook"):
                reason = problem(request)
                if reason:
                    status = 413 if reason == "message too long" else 400
                    return response.json({"error": reason, "message": ERROR}, status=status)
            return None

        return blueprint
