"""Exactly-once answering, the 5-second deadline, splitting and the customer-service API."""

import asyncio
import time

from wx_testkit import APP_ID, APP_SECRET, OPENID, FakeAssistant, Peer, serve, text_xml

from bot.channels.wechat import WeChatInput

WEBHOOK = "/webhooks/wechat/webhook"


def long_answer(target_bytes: int = 5 * 1024) -> str:
    sentences = [
        "参加职工基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，按月领取基本养老金。",
        "灵活就业人员可以按规定自愿参加基本养老保险！",
        "具体缴费基数和比例以当地规定为准？",
        "请咨询当地社保经办机构或拨打12333；\n",
    ]
    text, i = "", 0
    while len(text.encode("utf-8")) < target_bytes:
        text += sentences[i % len(sentences)]
        i += 1
    return text


async def test_same_msgid_three_times_sequentially(wechat_env, http, msg_ids):
    assistant = FakeAssistant("只回答一次")
    msg_id = msg_ids()
    async with serve(WeChatInput.from_credentials(None), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        replies = [await peer.post_plain(text_xml("重复的问题", msg_id)) for _ in range(3)]
    assert len(assistant.calls) == 1
    assert [r.fields()["Content"] for r in replies] == ["只回答一次"] * 3


async def test_same_msgid_three_times_concurrently(wechat_env, http, msg_ids):
    assistant = FakeAssistant("并发也只回答一次", delay=0.4)
    msg_id = msg_ids()
    async with serve(WeChatInput.from_credentials(None), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        replies = await asyncio.gather(*(peer.post_plain(text_xml("并发问题", msg_id)) for _ in range(3)))
    assert len(assistant.calls) == 1
    assert [r.status for r in replies] == [200] * 3
    assert [r.fields()["Content"] for r in replies] == ["并发也只回答一次"] * 3


async def test_events_deduplicate_on_user_and_create_time(wechat_env, http):
    from wx_testkit import event_xml

    async with serve(WeChatInput.from_credentials(None), FakeAssistant()) as base:
        peer = Peer(http, base + WEBHOOK)
        xml = event_xml("subscribe", create_time=int(time.time()))
        replies = await asyncio.gather(*(peer.post_plain(xml) for _ in range(3)))
    assert len({r.fields()["Content"] for r in replies}) == 1


async def test_slow_answer_goes_through_customer_service_api(wechat_env, http, fake_api, msg_ids):
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.3")
    answer = "这个问题需要多想一会儿：退休待遇按缴费年限和基数计算。"
    assistant = FakeAssistant(answer, delay=1.0)
    msg_id = msg_ids()
    async with serve(WeChatInput.from_credentials(None), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        first = await peer.post_plain(text_xml("慢问题", msg_id))
        assert (first.status, first.text) == (200, "success")
        assert first.elapsed < 0.9, first.elapsed
        sends = await fake_api.wait_for_sends(1)
        retry = await peer.post_plain(text_xml("慢问题", msg_id))  # WeChat's retry after the fact
    assert len(sends) == 1
    send = sends[0]
    assert send["path"] == "/cgi-bin/message/custom/send"
    assert send["json"] == {"touser": OPENID, "msgtype": "text", "text": {"content": answer}}
    assert answer.encode("utf-8") in send["raw"]  # raw UTF-8, not \\u escapes
    assert send["access_token"] == "ACCESS_TOKEN_1"
    assert fake_api.token_calls == [{"grant_type": "client_credential", "appid": APP_ID, "secret": APP_SECRET}]
    assert (retry.status, retry.text) == (200, "success")
    assert len(assistant.calls) == 1


async def test_retry_during_slow_answer_waits_then_succeeds(wechat_env, http, fake_api, msg_ids):
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.3")
    assistant = FakeAssistant("迟到的回答", delay=0.8)
    msg_id = msg_ids()
    channel = WeChatInput.from_credentials(None)
    async with serve(channel, assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        replies = await asyncio.gather(*(peer.post_plain(text_xml("慢", msg_id)) for _ in range(3)))
        sends = await fake_api.wait_for_sends(1)
        await channel.settled()  # every answer under way has gone out: nothing more comes
    assert [r.text for r in replies] == ["success"] * 3
    assert len(assistant.calls) == 1 and len(sends) == 1


async def test_token_is_cached_across_sends(wechat_env, http, fake_api, msg_ids):
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.1")
    assistant = FakeAssistant("慢回答", delay=0.4)
    async with serve(WeChatInput.from_credentials(None), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        await peer.post_plain(text_xml("一", msg_ids()))
        await peer.post_plain(text_xml("二", msg_ids()))
        sends = await fake_api.wait_for_sends(2)
    assert len(sends) == 2
    assert len(fake_api.token_calls) == 1
    assert {s["access_token"] for s in sends} == {"ACCESS_TOKEN_1"}


async def test_token_refreshed_once_on_40001(wechat_env, http, fake_api, msg_ids):
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.1")
    fake_api.send_errcodes = [40001]
    channel = WeChatInput.from_credentials(None)
    async with serve(channel, FakeAssistant("回答", delay=0.3)) as base:
        await Peer(http, base + WEBHOOK).post_plain(text_xml("问", msg_ids()))
        sends = await fake_api.wait_for_sends(2)
        await channel.settled()  # every answer under way has gone out: nothing more comes
    assert [s["access_token"] for s in sends] == ["ACCESS_TOKEN_1", "ACCESS_TOKEN_2"]
    assert len(fake_api.token_calls) == 2


async def test_refresh_happens_only_once(wechat_env, http, fake_api, msg_ids):
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.1")
    fake_api.send_errcodes = [42001, 42001, 42001]
    channel = WeChatInput.from_credentials(None)
    async with serve(channel, FakeAssistant("回答", delay=0.3)) as base:
        await Peer(http, base + WEBHOOK).post_plain(text_xml("问", msg_ids()))
        await fake_api.wait_for_sends(2)
        await channel.settled()  # every answer under way has gone out: nothing more comes
    assert len(fake_api.sends) == 2 and len(fake_api.token_calls) == 2


async def test_no_retry_on_45015(wechat_env, http, fake_api, msg_ids, caplog):
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.1")
    fake_api.send_errcodes = [45015]
    channel = WeChatInput.from_credentials(None)
    async with serve(channel, FakeAssistant("回答", delay=0.3)) as base:
        await Peer(http, base + WEBHOOK).post_plain(text_xml("问", msg_ids()))
        await fake_api.wait_for_sends(1)
        await channel.settled()  # every answer under way has gone out: nothing more comes
    assert len(fake_api.sends) == 1 and len(fake_api.token_calls) == 1
    assert "45015" in caplog.text


async def test_long_answer_first_part_passive_rest_via_api(wechat_env, http, fake_api, msg_ids):
    text = long_answer()
    channel = WeChatInput.from_credentials(None)
    async with serve(channel, FakeAssistant(text)) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("详细说说", msg_ids()))
        first = reply.fields()["Content"]
        sends = await fake_api.wait_for_sends(2)
        await channel.settled()  # every answer under way has gone out: nothing more comes
    rest = [s["json"]["text"]["content"] for s in sends]
    parts = [first] + rest
    assert len(parts) == 3
    assert all(len(p.encode("utf-8")) <= 2000 for p in parts)
    assert "".join(parts) == text


async def test_late_long_answer_sends_every_part_via_api(wechat_env, http, fake_api, msg_ids):
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.1")
    text = long_answer()
    async with serve(WeChatInput.from_credentials(None), FakeAssistant(text, delay=0.3)) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("详细说说", msg_ids()))
        sends = await fake_api.wait_for_sends(3)
    assert reply.text == "success"
    assert "".join(s["json"]["text"]["content"] for s in sends) == text


async def test_missing_secret_logs_instead_of_sending(wechat_env, http, fake_api, msg_ids, caplog):
    wechat_env.delenv("WECHAT_APP_SECRET")
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.1")
    channel = WeChatInput.from_credentials(None)
    async with serve(channel, FakeAssistant("回答", delay=0.2)) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("问", msg_ids()))
        await channel.settled()  # every answer under way has gone out: nothing more comes
    assert reply.text == "success" and fake_api.sends == []
    assert "not configured" in caplog.text


async def test_stuck_assistant_is_abandoned_with_an_apology(wechat_env, http, fake_api, msg_ids):
    import dataclasses

    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "0.1")
    base_channel = WeChatInput.from_credentials(None)
    channel = WeChatInput(dataclasses.replace(base_channel.settings, answer_timeout=0.3))
    async with serve(channel, FakeAssistant("永远等不到", delay=30)) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("问", msg_ids()))
        sends = await fake_api.wait_for_sends(1)
    assert reply.text == "success"
    assert "抱歉" in sends[0]["json"]["text"]["content"]
