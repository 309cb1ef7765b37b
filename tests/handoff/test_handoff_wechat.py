"""A hand-off on WeChat: the citizen's 转人工 through the real channel and gate, a staff member in
the real console (its own process), and the replies delivered through the fake customer-service
message API (tests/channels/wx_testkit.py)."""

import asyncio
import os

import pytest
from handoff_kit import ANSWER, FakeAgent
from staff_kit import PASSWORD, Console, run_cli
from wx_testkit import ALL_ENV, APP_ID, APP_SECRET, OPENID, TOKEN, FakePlatformApi, Peer, serve, text_xml

from bot.channels.handoff import HandoffGate
from bot.channels.wechat import WeChatInput
from bot.runtime import resilience
from bot.store import handoff as store

pytestmark = pytest.mark.slow
WEBHOOK = "/webhooks/wechat/webhook"
REPLY = "您好，我是人工客服。退休手续可以在网上办，请问您是哪一年出生？"


@pytest.fixture
async def fake_api():
    api = FakePlatformApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
def wechat(monkeypatch, app_db, fake_api, kb_url):
    for name in ALL_ENV:
        monkeypatch.delenv(name, raising=False)
    settings = {
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_APP_ID": APP_ID,
        "WECHAT_APP_SECRET": APP_SECRET,
        "WECHAT_API_BASE": fake_api.base_url,
        "WECHAT_REPLY_DEADLINE": "3",
        "HANDOFF_HOURS": "always",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(resilience, "gates", [HandoffGate()])
    agent = FakeAgent()
    resilience.guard_agent(agent)
    return {"agent": agent, "env": {**os.environ, **settings, "APP_DATABASE_URL": app_db, "KB_DATABASE_URL": kb_url}}


@pytest.fixture
def console(wechat, server_logs):
    from servers import Server, free_port

    from deploy.processes import staff_console

    assert (
        run_cli(
            "create-user", "bob", "--display-name", "李工 Bob", env={**wechat["env"], "STAFF_PASSWORD": PASSWORD}
        ).returncode
        == 0
    )
    server = Server.of(staff_console(free_port(), server_logs / "staff-wechat.log", wechat["env"])).start(timeout=120)
    client = Console(server.health_url.rsplit("/", 1)[0])
    assert client.login("bob").status_code == 303
    yield client
    server.stop()


async def staff(console, action: str, handoff_id: int, **form):
    """A console request, off the event loop (the fake WeChat API answers on this loop)."""
    reply = await asyncio.get_running_loop().run_in_executor(
        None,
        lambda: console.post(
            f"/handoffs/{handoff_id}/{action}", {"csrf": console.csrf, **form}, headers={"Accept": "application/json"}
        ),
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


async def test_a_staff_reply_reaches_wechat_through_the_customer_service_api(wechat, console, fake_api, http, msg_ids):
    async with serve(WeChatInput.from_credentials(None), agent=wechat["agent"]) as base:
        peer = Peer(http, base + WEBHOOK)
        asked = await peer.post_plain(text_xml("转人工", msg_ids()))
        assert "转接人工客服" in asked.fields()["Content"]
        request = store.current(f"wechat:{OPENID}")
        assert request is not None and request.channel == "wechat" and request.state == "waiting"
        quiet = await peer.post_plain(text_xml("我想问退休手续", msg_ids()))
        assert quiet.status == 200 and quiet.text == "success"  # relayed to staff, no assistant answer
        assert wechat["agent"].seen == ["转人工"]

        await staff(console, "take", request.id)
        sends = await fake_api.wait_for_sends(1, timeout=30)
        assert sends[0]["path"] == "/cgi-bin/message/custom/send" and sends[0]["json"]["touser"] == OPENID
        assert "工作人员已接入" in sends[0]["json"]["text"]["content"]
        answer = await staff(console, "reply", request.id, text=REPLY)
        assert answer["delivered"] is True
        sends = await fake_api.wait_for_sends(2, timeout=30)
        assert sends[1]["json"] == {"touser": OPENID, "msgtype": "text", "text": {"content": REPLY}}
        assert [m.delivery for m in store.messages(request.id) if m.author == "staff"] == ["delivered"]

        await staff(console, "hand-back", request.id)
        sends = await fake_api.wait_for_sends(3, timeout=30)
        assert "智能助手继续为您解答" in sends[2]["json"]["text"]["content"]
        back = await peer.post_plain(text_xml("退休手续怎么办", msg_ids()))
        assert back.fields()["Content"] == ANSWER  # the assistant answers again
