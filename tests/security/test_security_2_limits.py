"""Limits: per sender and per client address (429, polite, bilingual), feedback and hand-off only
for conversations that exist, body sizes, slow clients cut off by a total deadline, and the staff
lock-out keyed on the real client behind the proxy, slowing down instead of locking out."""

import json
import socket
import time
import uuid

from security_kit import PASSWORD, REQUEST_TIMEOUT, client, request


def widget(stack, path, body, address):
    return request(f"{stack.rasa_url}/webhooks/widget/{path}", body, headers=client(address))


def sender() -> str:
    return f"attack-{uuid.uuid4().hex[:12]}"


def test_widget_messages_are_limited_per_sender_with_a_polite_bilingual_429(stack):
    who = sender()
    statuses = [widget(stack, "webhook", {"sender": who, "message": "你好"}, "203.0.113.20")[0] for _ in range(6)]
    assert statuses == [200] * 6
    status, body, headers = widget(
        stack, "webhook", {"sender": who, "message": "你好", "language": "zh"}, "203.0.113.20"
    )
    reply = json.loads(body)
    assert status == 429 and int(headers["retry-after"]) > 0
    assert "12333" in reply["message"]["zh"] and "minute" in reply["message"]["en"] and reply["text"]
    # another citizen at the same time is not affected
    assert widget(stack, "webhook", {"sender": sender(), "message": "你好"}, "203.0.113.21")[0] == 200


def test_hand_off_rows_are_bounded_per_sender_and_per_address(stack, monkeypatch):
    from sqlalchemy import create_engine, text

    from bot.privacy import storage_key

    address = "203.0.113.30"
    senders = [sender() for _ in range(4)]
    for who in senders:  # conversations that exist
        assert widget(stack, "webhook", {"sender": who, "message": "你好"}, "203.0.113.31")[0] == 200
    statuses = [widget(stack, "handoff", {"sender": senders[0], "note": "请回电"}, address)[0] for _ in range(4)]
    # the second request joins the conversation's open one (200): one row per conversation
    assert statuses[:2] == [201, 200] and statuses[2:] == [429, 429]
    # every request counts against its address (5 a minute in this stack), whichever sender it names
    more = [widget(stack, "handoff", {"sender": who}, address)[0] for who in senders[1:] for _ in range(2)]
    assert more == [201] + [429] * 5
    monkeypatch.setenv("PRIVACY_HASH_KEY", stack.secrets["PRIVACY_HASH_KEY"])  # ids are stored as storage_key
    stored = [storage_key(who) for who in senders]  # (a random id with nine digits in a row is masked too)
    engine = create_engine(stack.env["APP_DATABASE_URL"])
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT count(*) FROM app_handoff_requests WHERE conversation_id IN "
                f"({','.join(repr(s) for s in stored)})"
            )
        ).scalar()
    engine.dispose()
    assert rows == 2


def test_feedback_and_hand_off_only_for_conversations_that_exist(stack):
    from bot.channels.keys import conversation_key

    stranger = sender()
    key = conversation_key(stranger, secret=stack.secrets["PRIVACY_HASH_KEY"])  # even with its key
    for path, body in (("feedback", {"sender": stranger, "helpful": False}), ("handoff", {"sender": stranger})):
        status, reply, _ = widget(stack, path, {**body, "key": key}, "203.0.113.40")
        assert status == 404 and json.loads(reply)["message"]["zh"]


def test_bodies_over_the_limit_are_refused_without_a_500_or_a_huge_log(stack):
    log = stack.logs / "rasa.log"
    before = log.stat().st_size
    token = stack.secrets["RASA_API_TOKEN"]
    big = json.dumps({"text": "社" * 1_200_000}).encode()
    for path in (
        f"/model/test/intents?token={token}",
        f"/model/parse?token={token}",
        "/webhooks/rest/webhook",
        "/webhooks/widget/webhook",
    ):
        try:
            status = request(stack.rasa_url + path, big, timeout=30)[0]
        except (ConnectionError, OSError):
            status = 413  # Sanic may close the connection while the body is still being sent
        assert status == 413, path
    assert log.stat().st_size - before < 50_000
    assert request(f"{stack.rasa_url}/version")[0] == 200


def _seconds_until_closed(port: int, head: bytes, drip: bytes, limit: float) -> float:
    """Send `head`, then one byte of `drip` every 0.3 s; seconds until the server hangs up."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
        connection.sendall(head)
        for byte in drip:
            if time.monotonic() - started > limit:
                return float("inf")
            try:
                connection.sendall(bytes([byte]))
                connection.settimeout(0.3)
                if connection.recv(1024) == b"":
                    return time.monotonic() - started
            except socket.timeout:
                continue
            except OSError:
                return time.monotonic() - started
            return time.monotonic() - started  # an answer (408/503): the request was ended
    return float("inf")


def test_slow_clients_are_cut_off_by_a_total_deadline(stack):
    limit = REQUEST_TIMEOUT * 3
    drip_headers = b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
    body_head = (
        b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 500\r\n\r\n"
    )
    for port in (stack.ports["rasa"], stack.ports["staff"]):  # the public ones (the action server: loopback, secret)
        assert _seconds_until_closed(port, b"", drip_headers, limit) < REQUEST_TIMEOUT + 3, port
        assert _seconds_until_closed(port, body_head, b"{" + b" " * 400, limit) < REQUEST_TIMEOUT + 3, port


def test_staff_lock_out_keys_on_the_real_client_and_slows_down(proxy):
    from security_kit import Console

    staff = f"http://127.0.0.1:{proxy.staff_port}"
    attacker = Console(staff, "203.0.113.66")
    for _ in range(3):
        assert attacker.login("alice", "wrong-password").status_code == 401
    locked = attacker.login("alice", PASSWORD)
    assert locked.status_code == 429
    # the real alice, behind the same proxy but at her own address, signs in at once (no 429)
    assert Console(staff, "203.0.113.67").login("alice", PASSWORD).status_code == 303
    # an address that keeps failing on made-up names is slowed down (each attempt must wait longer:
    # 429 with the wait), never locked out for the whole window
    answers = []
    for number in range(12):
        answers.append(attacker.login(f"nobody{number}", "wrong-password"))
        if answers[-1].status_code == 429:
            break
    slowed = answers[-1]
    assert slowed.status_code == 429 and 1 <= int(slowed.headers["retry-after"]) <= 31, [a.status_code for a in answers]
