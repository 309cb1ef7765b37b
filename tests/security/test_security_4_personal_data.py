"""Personal numbers in every spelling, planted through every door (REST with a phone number as
sender, the widget, feedback, hand-off, through nginx), then searched for in every database and
log of the stack, of nginx, of this test's temporary folder and under the project's build/.
Runs last: it reads what the whole suite wrote."""

import json
import uuid

from security_kit import NAME, PLANTED, ROOT, client, request, search_everywhere


def test_planted_numbers_are_nowhere_in_any_spelling(stack, proxy, tmp_path, monkeypatch):
    phone_sender = "139 1234 5678"
    spellings = [s for forms in PLANTED.values() for s in forms]
    for number, text in enumerate(spellings):
        message = f"我叫{NAME}，我的号码是{text}，灵活就业怎么交社保" if number % 2 else f"{text} 断缴了怎么补"
        status, _, _ = request(f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": phone_sender, "message": message})
        assert status == 200
    widget = f"pii-{uuid.uuid4().hex[:12]}"
    base = f"{stack.rasa_url}/webhooks/widget"
    address = client("203.0.113.90")
    assert (
        request(f"{base}/webhook", {"sender": widget, "message": "电话一三九一二三四五六七八"}, headers=address)[0]
        == 200
    )
    assert (
        request(
            f"{base}/feedback",
            {"sender": widget, "helpful": False, "comment": "回电 (139)1234-5678 或 lisi.w＠example.com"},
            headers=address,
        )[0]
        == 201
    )
    assert (
        request(
            f"{base}/handoff",
            {"sender": widget, "note": "身份证110105 19491231 002X，卡6217  0012 3456  7890 123"},
            headers=address,
        )[0]
        == 201
    )
    # through the proxy too (nginx's own logs)
    assert (
        request(
            f"{proxy.public_url}/webhooks/widget/webhook",
            {"sender": widget, "message": "0086 13912345678"},
            headers=address,
        )[0]
        == 200
    )

    # the raw number as a conversation id: not stored, and not found through the API
    token = stack.secrets["RASA_API_TOKEN"]
    for raw in ("13912345678", "139%201234%205678"):
        assert request(f"{stack.rasa_url}/conversations/{raw}/tracker?token={token}")[0] == 404
    from bot.privacy import storage_key

    monkeypatch.setenv("PRIVACY_HASH_KEY", stack.secrets["PRIVACY_HASH_KEY"])  # the stack's tags
    status, body, _ = request(f"{stack.rasa_url}/conversations/{storage_key(phone_sender)}/tracker?token={token}")
    assert status == 200 and len(json.loads(body)["events"]) > 10

    for proc in stack.procs + [proxy.nginx]:  # let the logs reach the disk
        assert proc.alive()
    # the stack's build folder and the proxy's, this test's own, and the project's build/ (make run,
    # make bench and the knowledge base write there)
    found = search_everywhere([stack.build_dir, proxy.state_dir, tmp_path, ROOT / "build"])
    if proxy.nginx_tmp:
        found += search_everywhere([proxy.nginx_tmp])
    assert not found, "\n".join(found[:40])
