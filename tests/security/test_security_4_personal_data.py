"""Personal numbers in every spelling, planted through every door, then searched for everywhere.

What is planted: the generated corpus (tests/privacy/corpus.py: every number type × every
spelling, e-mails in every spelling), a name in several forms, and one number per request field
that is not message text. The doors: REST and widget messages, feedback comments, hand-off notes,
the widget's hand-off and feedback `topic`, REST's `input_channel` and metadata keys, a REST
sender that is a phone number, the staff console's login name and the conversation id of a "mark
handled", also through nginx. Where it is searched: every database and log of the stack, of
nginx and of this test's temporary folder, the staff console's pages (review list, conversations,
hand-off queue and requests, statistics), the review export that feeds training data, and Rasa's
tracker API. The search (corpus.found_in_clear) folds every digit form on its own.

Stands alone: it plants everything it searches for, so it passes alone and in any order.
"""

import re
import sys
import uuid
from pathlib import Path

from security_kit import PASSWORD, Console, client, request, stored_texts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "privacy"))
from corpus import Item, corpus, found_in_clear  # noqa: E402

NAME = "诸葛明亮"
NAME_FORMS = ["我叫诸葛明亮，", "联系人诸葛明亮 ", "我叫诸\u200b葛明亮，", "姓名：诸葛 明亮。"]
# One number per request field, so that a finding names the door it came through.
DOORS = {
    "handoff-topic": "15499361253",
    "feedback-topic": "13577210934",
    "input_channel": "18612093475",
    "metadata-key": "17709385126",
    "rest-sender": "13912345678",
    "login-name": "13345098127",
    "mark-handled-id": "19923874501",
}
DOOR_ITEMS = [Item(f"door:{door}", "plain", number, number) for door, number in DOORS.items()]
BUNDLE = 4  # corpus items per REST message


def letters_id(prefix: str) -> str:
    """A conversation id without digits (a digit run in an id is itself masked)."""
    return prefix + uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))[:16]


def chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def plant_rest(stack, items) -> list:
    senders = []
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    for number, bundle in enumerate(chunks(items, BUNDLE)):
        sender = letters_id("pii-rest-")
        text = "；".join(item.text for item in bundle)
        message = f"{NAME_FORMS[number % len(NAME_FORMS)]}我的号码是{text}" if number % 2 else f"{text} 断缴了怎么补"
        # an address per few requests keeps within the (low) REST limits of the test stack
        address = client(f"203.0.113.{200 + number // 8}")
        assert request(url, {"sender": sender, "message": message}, headers=address)[0] == 200
        senders.append(sender)
    # request fields that are not text: a client chooses metadata freely; an input_channel other
    # than "rest" is refused (400) before anything is stored or logged
    body = {
        "sender": letters_id("pii-rest-"),
        "message": "灵活就业怎么交社保",
        "metadata": {DOORS["metadata-key"]: "callback", "note": items[0].text},
    }
    assert request(url, body)[0] == 200
    foreign = {"sender": letters_id("pii-rest-"), "message": "你好", "input_channel": DOORS["input_channel"]}
    assert request(url, foreign)[0] == 400
    assert request(url, {"sender": "139 1234 5678", "message": "你好"})[0] == 200
    return senders + [body["sender"]]


def plant_widget(stack, proxy, items) -> list:
    """Messages, feedback and hand-off notes, each door with its share of the corpus; a sender
    and a client address per few requests keep within the (low) limits of the test stack."""
    base = f"{stack.rasa_url}/webhooks/widget"
    senders = []
    shares = {"message": items[0::3], "feedback": items[1::3], "handoff": items[2::3]}
    for number, text in enumerate(item.text for item in shares["message"]):
        if number % 5 == 0:
            sender, address = letters_id("pii-widget-"), client(f"203.0.113.{100 + number // 5}")
            senders.append(sender)
        assert request(f"{base}/webhook", {"sender": sender, "message": text}, headers=address)[0] == 200
    for number, bundle in enumerate(chunks(shares["feedback"], 8)):
        sender, address = letters_id("pii-feedback-"), client(f"203.0.113.{150 + number}")
        assert request(f"{base}/webhook", {"sender": sender, "message": "社保怎么交"}, headers=address)[0] == 200
        body = {"sender": sender, "helpful": False, "comment": "回电 " + "，".join(item.text for item in bundle)}
        if number == 0:
            body["topic"] = DOORS["feedback-topic"]
        assert request(f"{base}/feedback", body, headers=address)[0] == 201
        senders.append(sender)
    for number, bundle in enumerate(chunks(shares["handoff"], 12)):
        sender, address = letters_id("pii-handoff-"), client(f"203.0.113.{180 + number}")
        assert request(f"{base}/webhook", {"sender": sender, "message": "社保怎么交"}, headers=address)[0] == 200
        note = NAME_FORMS[number % len(NAME_FORMS)] + "，".join(item.text for item in bundle)
        body = {"sender": sender, "note": note, "topic": DOORS["handoff-topic"] if number == 0 else None}
        assert request(f"{base}/handoff", body, headers=address)[0] == 201
        senders.append(sender)
    # through the proxy too (nginx's own logs)
    sender = letters_id("pii-proxy-")
    status = request(
        f"{proxy.public_url}/webhooks/widget/webhook",
        {"sender": sender, "message": items[-1].text},
        headers=client("203.0.113.99"),
    )[0]
    assert status == 200
    return senders + [sender]


def plant_console(stack) -> Console:
    Console(stack.staff_url, "203.0.113.240").login(DOORS["login-name"], "not-the-password-1")
    console = Console(stack.staff_url, "203.0.113.241")
    assert console.login("alice", PASSWORD).status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', console.get("/").text).group(1)
    reply = console.http.post(
        console.base + "/review/mark",
        data={"conversation_id": DOORS["mark-handled-id"], "reason": "fallback", "csrf": csrf},
        headers={"Origin": console.base},
        allow_redirects=False,
        timeout=60,
    )
    assert reply.status_code in (303, 200), reply.text[:300]
    return console


def console_pages(console, conversation_ids) -> dict:
    pages = {}
    paths = ["/", "/review?status=all", "/handoffs", "/handoffs/queue", "/stats"]
    paths += ["/export/unanswered.yml", "/export/unanswered.csv"]
    paths += [f"/conversation?id={cid}" for cid in conversation_ids]
    for path in paths:
        reply = console.get(path)
        assert reply.status_code == 200, (path, reply.status_code)
        pages[path] = reply.text
        if path == "/handoffs":
            for handoff in sorted(set(re.findall(r'href="/handoffs/(\d+)"', reply.text))):
                pages[f"/handoffs/{handoff}"] = console.get(f"/handoffs/{handoff}").text
    return pages


def name_in(text: str) -> bool:
    return NAME in re.sub(r"[\s·・\u200b-\u200d\ufeff]", "", text)


def test_planted_personal_data_is_nowhere_in_any_spelling(stack, proxy, tmp_path, monkeypatch):
    items = corpus()
    senders = plant_rest(stack, items) + plant_widget(stack, proxy, items)
    console = plant_console(stack)

    from bot.privacy import storage_key

    monkeypatch.setenv("PRIVACY_HASH_KEY", stack.secrets["PRIVACY_HASH_KEY"])  # the stack's tags
    token = stack.secrets["RASA_API_TOKEN"]
    surfaces = {}
    for sender in senders[:6] + [storage_key("139 1234 5678")]:
        status, body, _ = request(f"{stack.rasa_url}/conversations/{sender}/tracker?token={token}")
        assert status == 200
        surfaces[f"tracker API {sender}"] = body.decode("utf-8", "replace")
    # the raw number as a conversation id is not found through the API
    assert request(f"{stack.rasa_url}/conversations/{DOORS['rest-sender']}/tracker?token={token}")[0] == 404
    pages = console_pages(console, senders[:: max(1, len(senders) // 8)])
    surfaces.update((f"console {path}", text) for path, text in pages.items())
    for proc in stack.procs + [proxy.nginx]:  # let the logs reach the disk
        assert proc.alive()
    folders = [stack.build_dir, proxy.state_dir, tmp_path] + ([proxy.nginx_tmp] if proxy.nginx_tmp else [])
    surfaces.update(stored_texts(folders))

    planted = items + DOOR_ITEMS
    found = {}
    for where, text in surfaces.items():
        for item in found_in_clear(text, planted):
            found.setdefault(item, []).append(where)
        if name_in(text):
            found.setdefault(Item("name", "forms", NAME, NAME), []).append(where)
    report = [f"{item.kind} / {item.spelling}: {item.text!r} in {places[:3]}" for item, places in found.items()]
    assert not found, f"{len(found)} of {len(planted) + 1} planted values found in clear:\n" + "\n".join(report)
