"""The gate in front of the assistant (bot.channels.handoff through bot.runtime.resilience.guard_agent):
a conversation a person handles gets no assistant answers, on any channel; no servers."""

import pytest
from handoff_kit import FakeAgent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.handoff import HandoffGate
from bot.runtime import resilience
from bot.store import handoff as store
from presentation.payload import Payload


@pytest.fixture
def agent(app_db, monkeypatch):
    monkeypatch.setattr(resilience, "gates", [HandoffGate()])
    monkeypatch.setenv("HANDOFF_HOURS", "always")
    fake = FakeAgent()
    resilience.guard_agent(fake)
    return fake


async def say(agent, text, sender="rest-user-1", channel="rest"):
    out = CollectingOutputChannel()
    await agent.handle_message(UserMessage(text, out, sender, input_channel=channel))
    return out.messages


def texts(messages):
    return [m["text"] for m in messages if m.get("text")]


def payloads(messages):
    return [p for p in (Payload.from_dict(m.get("custom")) for m in messages) if p is not None]


async def test_a_conversation_with_a_person_gets_no_assistant_answers(agent):
    assert texts(await say(agent, "你好")) == ["助手的回答"]
    queued = await say(agent, "转人工")
    assert "转接人工客服" in texts(queued)[0] and store.current("rest-user-1").state == "waiting"
    relayed = await say(agent, "我想问退休的事")
    assert texts(relayed) == [] and payloads(relayed)[0].extra["relayed"] is True
    assert agent.seen == ["你好", "转人工"]  # the assistant never saw the relayed message
    request = store.current("rest-user-1")
    assert [m.text for m in store.messages(request.id)] == ["我想问退休的事"]
    store.take(request.id, "alice")
    store.reply(request.id, "alice", "您好，我是工作人员")
    # REST has no other way to receive it: the reply comes with the citizen's next message
    assert texts(await say(agent, "在吗")) == ["您好，我是工作人员"]
    store.hand_back(request.id, "alice")
    store.notice(request.id, "工作人员已结束本次人工服务")
    assert texts(await say(agent, "谢谢")) == ["工作人员已结束本次人工服务", "助手的回答"]
    assert agent.seen == ["你好", "转人工", "谢谢"]


async def test_silence_holds_on_every_channel_and_cancel_returns(agent):
    for channel, sender in (("widget", "widget-abcdef12"), ("wechat", "wechat:oUpF8uMuAJO"), ("wecom", "wecom:zhang")):
        await say(agent, "转人工", sender, channel)
        assert texts(await say(agent, "还要等多久", sender, channel)) == []
        cancelled = await say(agent, "取消", sender, channel)
        assert "已取消转人工" in texts(cancelled)[0] and payloads(cancelled)[-1].extra["state"] == "closed"
        assert texts(await say(agent, "社保怎么交", sender, channel)) == ["助手的回答"]
    assert agent.seen.count("还要等多久") == 0


async def test_outside_staffed_hours_the_request_is_noted_and_the_assistant_goes_on(agent, monkeypatch):
    monkeypatch.setenv("HANDOFF_HOURS", "never")
    reply = await say(agent, "转人工", "rest-night")
    assert "12333" in texts(reply)[0] and store.current("rest-night").staffed is False
    assert texts(await say(agent, "社保怎么交", "rest-night")) == ["助手的回答"]


async def test_the_gate_fails_open(agent, monkeypatch):
    monkeypatch.setenv("APP_DATABASE_URL", "postgresql://nobody:x@127.0.0.1:9/none")
    assert texts(await say(agent, "社保怎么交", "rest-open")) == ["助手的回答"]


async def test_a_conversation_id_on_another_channel_does_not_reach_the_request(agent):
    """The same id over REST neither relays into, cancels nor receives a widget conversation's
    hand-off (issue 21: the id was the only credential across channels)."""
    sender = "shared-id-abcdefgh"
    await say(agent, "转人工", sender, "widget")
    request = store.current(sender, channel="widget")
    store.take(request.id, "alice")
    store.reply(request.id, "alice", "只给网页上的这位市民")
    assert texts(await say(agent, "取消", sender, "rest")) == ["助手的回答"]  # the assistant answers REST
    assert store.current(sender, channel="widget").state == "active"
    assert [m.text for m in store.messages(request.id) if m.author == "citizen"] == []
    assert texts(await say(agent, "在吗", sender, "rest")) == ["助手的回答"]  # no staff reply handed over
    assert [m.delivery for m in store.messages(request.id) if m.author == "staff"] == ["pending"]
    assert [m.text for m in store.updates(sender, channel="widget")] == ["只给网页上的这位市民"]


async def test_requests_for_a_person_are_limited_per_address(agent, monkeypatch):
    from bot.channels import handoff as gate
    from bot.server import limits

    monkeypatch.setattr(gate, "REQUEST_LIMITS", limits.EndpointLimits("test_requests", per_sender=3, per_client=2))
    limits.CALLER.set("203.0.113.77")
    try:
        for number in range(4):
            await say(agent, "转人工", f"flood-sender-{number}")
    finally:
        limits.CALLER.set(None)
    queued = [store.current(f"flood-sender-{number}") for number in range(4)]
    assert [q is not None for q in queued] == [True, True, False, False]
