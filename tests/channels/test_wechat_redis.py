"""Dedupe across processes: two channel instances sharing one real Redis see one MsgId once.

Needs the ``redis-server`` binary (Debian package ``redis-server``); skipped only when absent.
"""

import asyncio
import shutil
import socket
import subprocess
import time

import pytest
from wx_testkit import FakeAssistant, Peer, serve, text_xml

from bot.channels.wechat import WeChatInput

WEBHOOK = "/webhooks/wechat/webhook"
REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server not on PATH (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(tmp_path),
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_two_processes_share_dedupe_through_redis(wechat_env, http, redis_url, msg_ids):
    wechat_env.setenv("REDIS_URL", redis_url)
    first_assistant = FakeAssistant("Redis 去重回答", delay=0.4)
    second_assistant = FakeAssistant("Redis 去重回答", delay=0.4)
    first, second = WeChatInput.from_credentials(None), WeChatInput.from_credentials(None)
    assert type(first.store).__name__ == "RedisStore"
    msg_id = msg_ids()
    async with serve(first, first_assistant) as base_a, serve(second, second_assistant) as base_b:
        peers = [Peer(http, base_a + WEBHOOK), Peer(http, base_b + WEBHOOK)]
        replies = await asyncio.gather(*(peers[i % 2].post_plain(text_xml("跨进程", msg_id)) for i in range(4)))
        later = await peers[1].post_plain(text_xml("跨进程", msg_id))
    assert len(first_assistant.calls) + len(second_assistant.calls) == 1
    assert [r.fields()["Content"] for r in replies + [later]] == ["Redis 去重回答"] * 5


async def test_options_are_shared_through_redis(wechat_env, http, redis_url, msg_ids):
    wechat_env.setenv("WECHAT_REDIS_URL", redis_url)
    buttons = [{"title": "养老", "payload": "/pension"}]
    first_assistant = FakeAssistant("选哪个？", buttons=buttons)
    second_assistant = FakeAssistant("好的")
    first, second = WeChatInput.from_credentials(None), WeChatInput.from_credentials(None)
    async with serve(first, first_assistant) as base_a, serve(second, second_assistant) as base_b:
        await Peer(http, base_a + WEBHOOK).post_plain(text_xml("社保", msg_ids()))
        await Peer(http, base_b + WEBHOOK).post_plain(text_xml("1", msg_ids()))
    assert second_assistant.texts == ["/pension"]


async def test_unreachable_redis_fails_open(wechat_env, http, msg_ids):
    wechat_env.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    assistant = FakeAssistant("Redis 不可用也要回答")
    async with serve(WeChatInput.from_credentials(None), assistant) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("你好", msg_ids()))
    assert reply.fields()["Content"] == "Redis 不可用也要回答"
