"""End to end: a Chinese question through the wechat webhook into a real trained Rasa model."""

import re

import pytest
from wx_testkit import OPENID, Peer, serve, text_xml

from bot.channels.wechat import WeChatInput

WEBHOOK = "/webhooks/wechat/webhook"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.slow
async def test_chinese_question_answered_by_trained_model(trained_model, action_url, wechat_env, http, msg_ids):
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig
    from servers import ACTION_SERVER_TOKEN

    # the action server answers only callers with its shared secret (bot/server/action_server.py)
    endpoints = AvailableEndpoints(
        action=EndpointConfig(url=f"{action_url}/webhook", headers={"X-Action-Token": ACTION_SERVER_TOKEN})
    )
    agent = await load_agent(model_path=str(trained_model), endpoints=endpoints)
    assert agent.is_ready()
    await agent.handle_text("你好", sender_id="wechat-e2e-warmup")  # first prediction warms up TF
    # Generous deadline: this test is about the model path, not about the 5 s window.
    wechat_env.setenv("WECHAT_REPLY_DEADLINE", "30")
    async with serve(WeChatInput.from_credentials(None), agent=agent) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("社保是强制交的吗", msg_ids()))
    assert reply.status == 200, reply.text
    fields = reply.fields()
    assert fields["MsgType"] == "text" and fields["ToUserName"] == OPENID
    assert CJK.search(fields["Content"]), fields["Content"]
    # The answer comes from the knowledge base through the action server, with its legal basis.
    assert "社会保险法" in fields["Content"], fields["Content"]
    tracker = await agent.tracker_store.retrieve(f"wechat:{OPENID}")
    assert tracker is not None and tracker.latest_message.text == "社保是强制交的吗"
