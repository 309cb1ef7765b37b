"""Malformed, oversized, binary, injection and wrong-encoding requests against every public
endpoint, many of them carrying personal data.

Endpoints: the REST webhook, the socket.io handshake and polling (not routed: a 404 is the right
answer), the widget (if mounted), the WeChat and WeCom webhooks, the ops endpoints and Rasa's HTTP
API (with and without the token; never the model-management routes with the token).

    corpus(api_token)            -> the full list (> 1,000 requests)
    corpus(api_token, limit=150) -> an evenly spread sample of it
"""

import json
import random
import uuid
from dataclasses import dataclass, field
from typing import List, Optional
from urllib.parse import quote

# Personal data planted in the corpus; none of it may be found stored in clear afterwards.

PERSONAL_DATA = {
    "id": "110101199003074518",
    "id_x": "44030519850612341X",
    "phone": "13912345678",
    "phone_spaced": "139 8765 4321",
    "card": "6222021234567890128",
    "name": "欧阳锋",
    "name_en": "Wilhelmina Stroud",
}
PII_TEXTS = [
    f"我叫{PERSONAL_DATA['name']}，身份证{PERSONAL_DATA['id']}，手机{PERSONAL_DATA['phone']}",
    f"银行卡{PERSONAL_DATA['card']}扣社保失败，身份证号{PERSONAL_DATA['id_x']}",
    f"my name is {PERSONAL_DATA['name_en']}, phone {PERSONAL_DATA['phone_spaced']}",
]
# What a stored copy would contain (digits without separators as well).
PII_NEEDLES = sorted(
    {
        PERSONAL_DATA["id"],
        PERSONAL_DATA["id_x"],
        PERSONAL_DATA["phone"],
        "13987654321",
        "139 8765 4321",
        PERSONAL_DATA["card"],
        PERSONAL_DATA["name"],
        PERSONAL_DATA["name_en"],
    }
)

STRINGS = [
    "",
    " ",
    "\n\t\r",
    "？？？",
    "😀" * 50,
    "\u200b\u200e\u202e",
    "\ufeff社保",
    "\ud800",
    "\udfff\ud800",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}",
    "${7*7}",
    "%s%s%s%n%x",
    "'; DROP TABLE events; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "admin'--",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "\x00\x01\x02\x03",
    "\x1b[31mred\x1b[0m",
    "A" * 5000,
    "社" * 1001,
    "how " * 3000,
    "/nonexistent_intent",
    "/inform{broken json",
    '/inform{"region": "<b>x</b>"}',
    '/ask_cost{"region": 5}',
    "/restart",
    "/session_start",
    "/nlu_fallback",
    "/" * 100,
    "{" * 500,
    "[" * 500,
    "社会保険に加入したいです",
    "Как платить социальное страхование?",
    "सामाजिक बीमा",
    "𠀀𠀁𠀂",
    "ｓｈｅｂａｏ",
    "社保\u0000断缴",
    "null",
    "undefined",
    "NaN",
    "-1",
    "1e309",
    "0x41",
] + PII_TEXTS

JSON_VALUES = [None, True, False, 0, -1, 1.5, 1e308, 2**70, [], {}, [1, 2], {"a": {"b": {"c": []}}}, "x" * 70_000]


@dataclass
class Request:
    category: str
    endpoint: str
    method: str
    path: str
    body: Optional[bytes] = None
    headers: dict = field(default_factory=dict)


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _bodies_for_message_endpoint() -> List[tuple]:
    """(category, body bytes, content type) for {sender, message}-style JSON endpoints."""
    out = []
    for text in STRINGS:
        out.append(("text", _json({"sender": f"bad-{uuid.uuid4().hex[:8]}", "message": text}), "application/json"))
    for value in JSON_VALUES:
        out.append(("types", _json({"sender": "bad-types", "message": value}), "application/json"))
        out.append(("types", _json({"sender": value, "message": "社保"}), "application/json"))
        out.append(("types", _json({"sender": "bad-meta", "message": "社保", "metadata": value}), "application/json"))
    out += [
        ("malformed", b"", "application/json"),
        ("malformed", b"not json", "application/json"),
        ("malformed", b"{", "application/json"),
        ("malformed", b'{"sender": "a", "message": "x"', "application/json"),
        ("malformed", b"[]", "application/json"),
        ("malformed", b"null", "application/json"),
        ("malformed", b'"just a string"', "application/json"),
        ("malformed", b"{'sender': 'a'}", "application/json"),
        ("malformed", b'{"sender": "a", "message": "x", "sender": 5}', "application/json"),
        ("malformed", b'{"message": "\\ud800"}', "application/json"),
        ("malformed", b"[" * 5000 + b"]" * 5000, "application/json"),
        ("malformed", b'{"a":' * 3000 + b"1" + b"}" * 3000, "application/json"),
        ("binary", bytes(range(256)), "application/json"),
        ("binary", b"\xff\xfe\x00\x00garbage", "application/json"),
        ("binary", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png"),
        ("binary", random.Random(1).randbytes(4096), "application/octet-stream"),
        ("encoding", '{"sender": "enc", "message": "社保怎么交"}'.encode("gbk"), "application/json"),
        ("encoding", '{"sender": "enc", "message": "社保怎么交"}'.encode("utf-16"), "application/json"),
        (
            "encoding",
            '{"sender": "enc", "message": "社保怎么交"}'.encode("gb18030"),
            "application/json; charset=gb18030",
        ),
        ("encoding", b'{"sender": "enc", "message": "caf\xe9"}', "application/json"),
        ("encoding", '{"sender": "enc", "message": "社保"}'.encode("utf-8-sig"), "application/json"),
        ("encoding", _json({"sender": "enc", "message": "社保"}), "text/plain"),
        ("encoding", b"sender=a&message=%E7%A4%BE%E4%BF%9D", "application/x-www-form-urlencoded"),
        (
            "encoding",
            b'--x\r\nContent-Disposition: form-data; name="message"\r\n\r\nhi\r\n--x--',
            "multipart/form-data; boundary=x",
        ),
        ("oversized", _json({"sender": "big", "message": "社" * 60_000}), "application/json"),
        ("oversized", _json({"sender": "big", "message": "x" * 900_000}), "application/json"),
        ("oversized", _json({"sender": "s" * 100_000, "message": "hi"}), "application/json"),
        ("oversized", _json({"sender": "big", "message": "hi", "metadata": {"k": "v" * 200_000}}), "application/json"),
        ("oversized", b"x" * 2_000_000, "application/json"),
    ]
    for text in PII_TEXTS:
        out.append(
            (
                "pii",
                _json(
                    {
                        "sender": PERSONAL_DATA["phone"],
                        "message": text,
                        "metadata": {"phone": PERSONAL_DATA["phone"], "note": text},
                    }
                ),
                "application/json",
            )
        )
        out.append(("pii", _json({"sender": f"pii-{uuid.uuid4().hex[:8]}", "message": text}), "application/json"))
    return out


def _rest(add, message_bodies) -> None:
    """REST webhook: every body, plus wrong methods and odd query strings."""
    for category, body, content_type in message_bodies:
        add(category, "rest", "POST", "/webhooks/rest/webhook", body, content_type)
    for category, body, content_type in message_bodies[:40]:
        add(category, "rest", "POST", "/webhooks/rest/webhook?stream=true", body, content_type)
    for method in ("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"):
        add("method", "rest", method, "/webhooks/rest/webhook")
    add("method", "rest", "GET", "/webhooks/rest/")
    for query in ("?stream=maybe", "?stream=" + "x" * 3000, "?%ff%fe=1", "?a=%00", "?" + "&".join(["a=1"] * 500)):
        add(
            "query",
            "rest",
            "POST",
            "/webhooks/rest/webhook" + query,
            _json({"sender": "q", "message": "社保"}),
            "application/json",
        )


def _widget(add, message_bodies) -> None:
    """Widget (same message shape, plus feedback and hand-off)."""
    for category, body, content_type in message_bodies:
        add(category, "widget", "POST", "/webhooks/widget/webhook", body, content_type)
    for category, body, content_type in message_bodies[::3]:
        add(category, "widget", "POST", "/webhooks/widget/feedback", body, content_type)
        add(category, "widget", "POST", "/webhooks/widget/handoff", body, content_type)
    for text in PII_TEXTS + STRINGS[:12]:
        add(
            "pii",
            "widget",
            "POST",
            "/webhooks/widget/feedback",
            _json(
                {
                    "sender": f"widget-{uuid.uuid4().hex[:10]}",
                    "helpful": False,
                    "topic": "ask_cost",
                    "comment": text,
                }
            ),
            "application/json",
        )
        add(
            "pii",
            "widget",
            "POST",
            "/webhooks/widget/handoff",
            _json({"sender": f"widget-{uuid.uuid4().hex[:10]}", "topic": "ask_cost", "note": text}),
            "application/json",
        )
    for name in (
        "../../credentials.yml",
        "..%2f..%2fendpoints.yml",
        "widget.js%00.png",
        "x" * 3000,
        "%ff",
        "widget.js?x=1",
        ".env",
        "test-tools.js",
    ):
        add("path", "widget", "GET", "/webhooks/widget/static/" + name)


def _socketio(add) -> None:
    """Socket.io: handshake and polling with garbage."""
    for query in (
        "",
        "?EIO=4&transport=polling",
        "?EIO=3&transport=polling",
        "?EIO=99&transport=polling",
        "?EIO=4&transport=websocket",
        "?EIO=4&transport=flash",
        "?EIO=4&transport=polling&sid=nope",
        "?EIO=4&transport=polling&sid=" + "A" * 5000,
        "?EIO=%ff&transport=%00",
        "?EIO=4&t=" + "x" * 4000,
        "?EIO=4&transport=polling&b64=1&sid=" + quote(PERSONAL_DATA["phone"]),
    ):
        add("handshake", "socketio", "GET", "/socket.io/" + query)
        add("handshake", "socketio", "POST", "/socket.io/" + query, b"40", "text/plain;charset=UTF-8")
    for body in (
        b"",
        b"garbage",
        b"4" * 10000,
        bytes(range(256)),
        b'42["user_uttered",{"message":5}]',
        b'42["user_uttered",' + _json({"message": PII_TEXTS[0], "session_id": "x"}) + b"]",
        b"\xff\xfe",
        b"2probe",
        b"1" * 200_000,
    ):
        add(
            "polling",
            "socketio",
            "POST",
            "/socket.io/?EIO=4&transport=polling&sid=doesnotexist",
            body,
            "text/plain;charset=UTF-8",
        )


def _wechat(add) -> None:
    """WeChat and WeCom: bad signatures, garbage XML, XXE, huge bodies."""
    xml_bodies = [
        b"",
        b"not xml",
        b"<xml>",
        b"<xml><Content>" + "社保".encode() + b"</Content></xml>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Content>&c;</Content></xml>',
        b"<xml>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</xml>",
        bytes(range(256)),
        b"<xml>" + b"x" * 500_000 + b"</xml>",
        (
            "<xml><Content>"
            + PII_TEXTS[0]
            + "</Content><FromUserName>"
            + PERSONAL_DATA["phone"]
            + "</FromUserName></xml>"
        ).encode(),
        "<xml><Content>社保</Content></xml>".encode("gbk"),
    ]
    for channel in ("wechat", "wecom"):
        for query in (
            "",
            "?signature=x&timestamp=1&nonce=2&echostr=hi",
            "?msg_signature=" + "f" * 40 + "&timestamp=1&nonce=1&echostr=abc",
            "?timestamp=" + "9" * 400,
            "?signature=%ff%fe&timestamp=-1&nonce=%00",
            "?echostr=" + "x" * 5000,
        ):
            add("signature", channel, "GET", f"/webhooks/{channel}/webhook{query}")
        for body in xml_bodies:
            for query in (
                "",
                "?signature=abc&timestamp=1700000000&nonce=1",
                "?msg_signature=abc&timestamp=1700000000&nonce=1&encrypt_type=aes",
            ):
                add("xml", channel, "POST", f"/webhooks/{channel}/webhook{query}", body, "text/xml")
        add("method", channel, "PUT", f"/webhooks/{channel}/webhook")
        add("method", channel, "GET", f"/webhooks/{channel}/")


def _ops(add) -> None:
    """Ops endpoints."""
    for path in (
        "/webhooks/ops/health",
        "/webhooks/ops/ready",
        "/webhooks/ops/metrics",
        "/webhooks/ops/",
        "/webhooks/ops/nope",
        "/webhooks/ops/health?" + "x" * 4000,
        "/webhooks/ops/ready?%ff",
    ):
        for method in ("GET", "POST", "DELETE", "HEAD", "OPTIONS"):
            add("ops", "ops", method, path, b"garbage" if method == "POST" else None, "application/json")


def _api(add, api_token) -> None:
    """Rasa HTTP API: without / with a wrong token everything is refused; with the token, garbage."""
    # bodies to the conversation and parse routes (never train, replace or unload the model).
    conversation_ids = [
        "api-" + uuid.uuid4().hex[:8],
        PERSONAL_DATA["phone"],
        quote("我叫" + PERSONAL_DATA["name"]),
        "%ff%fe",
        "x" * 300,
        "..%2f..%2f",
        "%00",
    ]
    api_bodies = [
        b"",
        b"garbage",
        b"[]",
        b"{}",
        b"null",
        _json({"text": 5}),
        _json({"text": None}),
        _json({"text": "社" * 50_000}),
        _json({"text": PII_TEXTS[0]}),
        _json({"text": PII_TEXTS[1], "message_id": 5}),
        _json({"event": "user", "text": PII_TEXTS[0]}),
        _json([{"event": "user", "text": PII_TEXTS[1]}]),
        _json([{"event": "nope"}]),
        _json([{"event": "slot", "name": "region", "value": PERSONAL_DATA["id"]}]),
        _json([{"event": "user"}]),
        _json([{"event": "bot", "text": 5}]),
        _json({"name": "action_answer"}),
        _json({"name": "utter_nope"}),
        _json({"name": 5, "policy": [], "confidence": "x"}),
        _json({"name": "greet", "entities": "x"}),
        _json({"name": "ask_cost", "entities": {"region": [1]}}),
        _json({"name": "greet", "entities": {"region": [1]}}),
        _json({"name": "action_listen", "confidence": "x"}),
        _json({"name": "action_answer", "confidence": 2, "policy": "x"}),
        _json({"sender": "x", "text": PII_TEXTS[2], "parse_data": "nope"}),
        bytes(range(256)),
        _json({"event": "user", "text": "hi", "timestamp": "yesterday"}),
        _json([{"event": "restart"}] * 3),
        _json({"a": {"b": [1] * 10000}}),
    ]
    tokens = [("none", ""), ("wrong", "?token=wrong"), ("valid", f"?token={api_token}" if api_token else "")]
    for token_name, token_query in tokens:
        suffix = token_query
        for body in api_bodies:
            add(f"api-{token_name}", "api", "POST", "/model/parse" + suffix, body, "application/json")
            add(
                f"api-{token_name}",
                "api",
                "POST",
                "/model/parse" + (suffix + "&" if suffix else "?") + "emulation_mode=nope",
                body,
                "application/json",
            )
        for cid in conversation_ids:
            base = f"/conversations/{cid}"
            add(f"api-{token_name}", "api", "GET", base + "/tracker" + suffix)
            add(
                f"api-{token_name}",
                "api",
                "GET",
                base + "/tracker" + (suffix + "&" if suffix else "?") + "until=abc&include_events=nope",
            )
            add(f"api-{token_name}", "api", "GET", base + "/story" + suffix)
            for body in api_bodies[::2]:
                for route in ("/messages", "/tracker/events", "/predict", "/execute", "/trigger_intent"):
                    add(f"api-{token_name}", "api", "POST", base + route + suffix, body, "application/json")
                add(f"api-{token_name}", "api", "PUT", base + "/tracker/events" + suffix, body, "application/json")
    for path in (
        "/",
        "/status",
        "/version",
        "/domain",
        "/domain?token=wrong",
        "/model",
        "/nope",
        "/%ff",
        "/" + "a" * 5000,
        "/webhooks/",
        "/webhooks/nope/webhook",
        "/conversations",
        "/conversations/",
        "/..%2f..%2fetc%2fpasswd",
        "/model/train",
        "/model/test/intents",
        "/model/test/stories",
    ):
        add("api-misc", "api", "GET", path)
    for path in ("/model/train", "/model/test/intents", "/model/test/stories", "/model/predict", "/model"):
        add("api-misc", "api", "POST", path + "?token=wrong", b"garbage", "application/x-yaml")
    add("api-misc", "api", "PUT", "/model?token=wrong", b"{}", "application/json")
    add("api-misc", "api", "DELETE", "/model?token=wrong")
    add("api-misc", "api", "PUT", "/model", b"{}", "application/json")
    add("api-misc", "api", "DELETE", "/model")
    for header in (
        {"Content-Length": "abc"},
        {"Transfer-Encoding": "chunked, identity"},
        {"Host": "x" * 3000},
        {"Accept": "application/x-yaml"},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic " + "A" * 5000},
        {"Cookie": "a=" + "b" * 6000},
    ):
        add("headers", "api", "GET", "/domain", None, None, header)
        add(
            "headers",
            "rest",
            "POST",
            "/webhooks/rest/webhook",
            _json({"sender": "h", "message": "社保"}),
            "application/json",
            header,
        )


def corpus(api_token: str = "", widget: bool = True, limit: int = None, seed: int = 3) -> List[Request]:
    requests: List[Request] = []
    message_bodies = _bodies_for_message_endpoint()

    def add(category, endpoint, method, path, body=None, content_type=None, headers=None):
        h = dict(headers or {})
        if content_type:
            h["Content-Type"] = content_type
        requests.append(Request(category, endpoint, method, path, body, h))

    _rest(add, message_bodies)
    if widget:
        _widget(add, message_bodies)
    _socketio(add)
    _wechat(add)
    _ops(add)
    _api(add, api_token)

    # Interleave endpoints and conversations as real traffic would (deterministic order).
    random.Random(seed).shuffle(requests)
    if limit and limit < len(requests):
        rng = random.Random(seed)
        by_endpoint = {}
        for request in requests:
            by_endpoint.setdefault(request.endpoint, []).append(request)
        share = max(1, limit // len(by_endpoint))
        sample = []
        for items in by_endpoint.values():
            pii = [r for r in items if r.category == "pii"]
            rest = [r for r in items if r.category != "pii"]
            sample += pii[: share // 3] + rng.sample(rest, min(len(rest), share - min(len(pii), share // 3)))
        requests = sample
    return requests
