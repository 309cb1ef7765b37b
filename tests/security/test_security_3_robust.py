"""Robustness: out-of-range article numbers, control characters in the export, one retry when the
action server's connection resets, and a burst of concurrent citizens with no 5xx and no apology
(the full 200-client, 60-second run is `make bench`)."""

import asyncio
import json
import time
import uuid

import yaml
from security_kit import PASSWORD, Console, client, request

APOLOGY_TOPICS = {"action_unavailable", "service_unavailable"}


def turn(stack, text: str, who: str = None, address: str = "203.0.113.50"):
    status, body, _ = request(
        f"{stack.rasa_url}/webhooks/widget/webhook",
        {"sender": who or f"robust-{uuid.uuid4().hex[:10]}", "message": text},
        headers=client(address),
    )
    return status, json.loads(body)


def test_a_huge_article_number_gets_an_answer_not_an_apology(stack):
    for text in ("社会保险法第99999999999999999999999条", "第九千九百九十九万条说什么", "Article 99999999999999999999"):
        status, messages = turn(stack, text)
        topics = {m.get("custom", {}).get("topic") for m in messages}
        assert status == 200 and not topics & APOLOGY_TOPICS, (text, messages)
    console = Console(stack.staff_url, "203.0.113.51")
    assert console.login("alice", PASSWORD).status_code == 303
    page = console.get("/?open=article:social_insurance_law:99999999999999999999999")
    assert page.status_code == 404
    assert console.get("/article/social_insurance_law/999999").status_code == 404


def test_the_export_strips_control_characters(stack):
    weird = "qwzx\x01 vb\x1b[31m"  # short gibberish: the assistant does not understand it (a fallback)
    status, _ = turn(stack, weird)
    assert status == 200
    console = Console(stack.staff_url, "203.0.113.52")
    assert console.login("alice", PASSWORD).status_code == 303
    for name in ("unanswered.yml", "unanswered.csv"):
        reply = console.get(f"/export/{name}")
        assert reply.status_code == 200, name
        assert not any(ord(ch) < 32 and ch not in "\r\n\t" for ch in reply.text)
    exported = yaml.safe_load(console.get("/export/unanswered.yml").text)
    examples = "".join(item["examples"] for item in exported["nlu"])
    assert "qwzx" in examples and "\x1b" not in examples


def test_an_action_call_is_sent_once_more_when_the_connection_resets(unused_port=None):
    """ActionClient against a loopback server that resets the first connection it accepts."""
    from rasa.utils.endpoints import EndpointConfig

    from bot.runtime.resilience import ActionClient

    async def scenario():
        accepted = []

        async def handle(reader, writer):
            accepted.append(1)
            await reader.readuntil(b"\r\n\r\n")
            if len(accepted) == 1:
                writer.transport.abort()  # connection reset
                return
            body = b'{"events": [], "responses": []}'
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            client_ = ActionClient(EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
            result = await client_.request(json={"next_action": "x"}, method="post", timeout=5)
            for session in client_._sessions.values():
                await session.close()
        return result, len(accepted)

    result, attempts = asyncio.run(scenario())
    assert result == {"events": [], "responses": []} and attempts == 2


def test_a_burst_of_concurrent_citizens_gets_answers(stack):
    import aiohttp

    questions = ["灵活就业怎么交社保", "社保断缴了怎么补", "深圳养老保险每月交多少", "how do I pay medical insurance?"]

    async def citizen(session, index, deadline, outcomes):
        number = 0
        while time.monotonic() < deadline:
            number += 1
            body = {"sender": f"burst-{index}-{number}", "message": questions[(index + number) % len(questions)]}
            address = {"X-Forwarded-For": f"198.51.100.{index + 1}"}  # each citizen at an address of their own
            async with session.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, headers=address) as reply:
                data = await reply.json(content_type=None) if reply.status == 200 else None
                topics = {m.get("custom", {}).get("topic") for m in data or [] if isinstance(m, dict)}
                outcomes.append("apology" if topics & APOLOGY_TOPICS else reply.status)

    async def burst():
        outcomes = []
        deadline = time.monotonic() + 12
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=60)) as session:
            await asyncio.gather(*(citizen(session, i, deadline, outcomes) for i in range(40)))
        return outcomes

    outcomes = asyncio.run(burst())
    assert len(outcomes) >= 40 and set(outcomes) == {200}, {o: outcomes.count(o) for o in set(outcomes)}
    assert not stack.dead()
