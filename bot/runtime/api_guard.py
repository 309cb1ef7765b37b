"""Request checks in front of Rasa's HTTP API (--enable-api): a malformed body gets 400, never 500.

Rasa 3.6 reads the JSON body of several API routes with `request.json.get(...)` or iterates over
it without checking its type, so `null`, `[]`, a string or a non-string "text" end in an
AttributeError/TypeError and a 500 ("An unexpected error occurred"). bot.channels.ops runs
`problem(request)` as app-level request middleware; it only looks at callers that Rasa would
let through (no token configured, or the right ?token=), so an unauthenticated caller still gets
Rasa's 401 first.

A conversation ID that is itself personal data (a phone or ID number) is refused with 404 on
every /conversations/… route: such IDs are stored only masked (bot.runtime.resilience,
bot.store.tracker_store), and the API must not find a citizen's conversation by the raw number.
"""

import re
from typing import Optional

from sanic import response

import settings

_CONVERSATION = re.compile(r"^/conversations/.+/(messages|trigger_intent|execute|tracker/events|predict)/?$")
_CONVERSATION_ID = re.compile(r"^/conversations/([^/]+)")
_MAX_TEXT = 20_000


def authorised(request) -> bool:
    token = settings.get().rasa_api_token
    if not token:
        return True
    try:
        return request.args.get("token") == token
    except Exception:
        return False


def _body(request):
    if not request.body:
        raise ValueError("the request body is empty")
    try:
        return request.json
    except Exception:
        raise ValueError("the request body is not valid JSON") from None


def _check_object(body, required_strings=(), optional_objects=(), optional_strings=()) -> Optional[str]:
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
    for key in required_strings:
        if not isinstance(body.get(key), str):
            return f"'{key}' must be a string"
        if len(body[key]) > _MAX_TEXT:
            return f"'{key}' is too long"
    for key in optional_strings:
        if key in body and body[key] is not None and not isinstance(body[key], str):
            return f"'{key}' must be a string"
    for key in optional_objects:
        if key in body and body[key] is not None and not isinstance(body[key], dict):
            return f"'{key}' must be a JSON object"
    return None


def _check_number(body: dict, key: str) -> Optional[str]:
    value = body.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"'{key}' must be a number"
    return None


def _check_action(request, name: str) -> Optional[str]:
    agent = getattr(request.app.ctx, "agent", None)
    domain = getattr(agent, "domain", None)
    if domain is not None and name not in domain.action_names_or_texts:
        return f"'{name}' is not an action of this assistant"
    return None


def personal_conversation(request) -> bool:
    """A /conversations/<id>/… request whose id is personal data."""
    from urllib.parse import unquote

    from bot.privacy import is_personal_id

    match = _CONVERSATION_ID.match(request.path)
    return bool(match) and is_personal_id(unquote(match.group(1)))


def _route(path: str) -> Optional[str]:
    """Which checked API route a path is ("parse", "messages", …), or None for any other."""
    if path.rstrip("/") == "/model/parse":
        return "parse"
    match = _CONVERSATION.match(path)
    return match.group(1) if match else None


def _check_parse(request, body) -> Optional[str]:
    return _check_object(body, required_strings=("text",), optional_strings=("message_id",))


def _check_messages(request, body) -> Optional[str]:
    return _check_object(
        body,
        required_strings=("text", "sender"),
        optional_objects=("parse_data",),
        optional_strings=("message_id",),
    ) or (_check_parse_data(body["parse_data"]) if body.get("parse_data") else None)


def _check_execute(request, body) -> Optional[str]:
    return (
        _check_object(body, required_strings=("name",), optional_strings=("policy",))
        or _check_number(body, "confidence")
        or _check_action(request, body["name"])
    )


def _check_trigger_intent(request, body) -> Optional[str]:
    return _check_object(body, required_strings=("name",), optional_objects=("entities",))


def _check_events(request, body) -> Optional[str]:
    """tracker/events: one event object or a list of them, each with a string "event"."""
    events = body if isinstance(body, list) else [body]
    if not events:
        return "no events in the request body"
    for event in events:
        problem_ = _check_event(event)
        if problem_:
            return problem_
    return None


def _check_event(event) -> Optional[str]:
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        return "every event must be a JSON object with a string 'event'"
    for key in ("text", "name", "message_id"):
        if key in event and event[key] is not None and not isinstance(event[key], str):
            return f"event field '{key}' must be a string"
    for key in ("metadata", "parse_data", "data"):
        if key in event and event[key] is not None and not isinstance(event[key], dict):
            return f"event field '{key}' must be a JSON object"
    if "timestamp" in event and event["timestamp"] is not None and not isinstance(event["timestamp"], (int, float)):
        return "event field 'timestamp' must be a number"
    return _unreadable(event)


# The body check of each route; "predict" takes no body and is not checked.
_CHECKS = {
    "parse": _check_parse,
    "messages": _check_messages,
    "execute": _check_execute,
    "trigger_intent": _check_trigger_intent,
    "tracker/events": _check_events,
}


def problem(request) -> Optional[str]:
    """Why Rasa's API would fail on this request with a 500, or None."""
    if request.method not in ("POST", "PUT"):
        return None
    route = _route(request.path)
    if route is None or not authorised(request):
        return None
    check = _CHECKS.get(route)
    if check is None:
        return None
    try:
        body = _body(request)
    except ValueError as error:
        return str(error)
    return check(request, body)


def _check_parse_data(parse_data: dict) -> Optional[str]:
    """Rasa takes a given parse_data as the message's NLU result (parse_data["intent"]["name"],
    each entity's "entity" and "value" …) and answers 500 when its shape is wrong."""
    intent = parse_data.get("intent")
    if not isinstance(intent, dict) or not isinstance(intent.get("name"), str):
        return "'parse_data.intent' must be an object with a string 'name'"
    if "confidence" in intent and (
        isinstance(intent["confidence"], bool) or not isinstance(intent["confidence"], (int, float))
    ):
        return "'parse_data.intent.confidence' must be a number"
    entities = parse_data.get("entities", [])
    if not isinstance(entities, list):
        return "'parse_data.entities' must be a list"
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("entity"), str) or "value" not in entity:
            return "every entity in 'parse_data.entities' must be an object with a string 'entity' and a 'value'"
        for key in ("start", "end"):
            if key in entity and (isinstance(entity[key], bool) or not isinstance(entity[key], int)):
                return f"entity field '{key}' must be a whole number"
        for key in ("role", "group", "extractor"):
            if entity.get(key) is not None and not isinstance(entity[key], str):
                return f"entity field '{key}' must be a string"
    ranking = parse_data.get("intent_ranking", [])
    if not isinstance(ranking, list) or not all(isinstance(item, dict) for item in ranking):
        return "'parse_data.intent_ranking' must be a list of objects"
    if parse_data.get("text") is not None and not isinstance(parse_data["text"], str):
        return "'parse_data.text' must be a string"
    return None


def _unreadable(event: dict) -> Optional[str]:
    """Rasa deserialises events after its schema check and fails with a 500 on some that pass it
    (a user event without parse_data, for one)."""
    from rasa.shared.core.events import Event

    try:
        Event.from_parameters(event)
    except Exception as error:
        return f"event '{event.get('event')}' cannot be read: {type(error).__name__}"
    return None


def refuse(reason: str, status: int = 400):
    """Rasa's own error format, status 400 (or the given status)."""
    import rasa

    return response.json(
        {
            "version": rasa.__version__,
            "status": "failure",
            "message": reason,
            "reason": "BadRequest" if status == 400 else "NotFound",
            "details": {},
            "help": None,
            "code": status,
        },
        status=status,
    )
