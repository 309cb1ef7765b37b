"""WeCom (企业微信) channel: encrypted verification, CorpID-bound messages, app message API."""

import asyncio
import dataclasses

from wx_testkit import (
    AGENT_ID,
    CORP_ID,
    WECOM_SECRET,
    FakeAssistant,
    Peer,
    aes_decrypt,
    aes_encrypt,
    serve,
    text_xml,
)

from bot.channels.wecom import WeComInput

WEBHOOK = "/webhooks/wecom/webhook"
USER = "ZhangSan"

# Published in wechatpy's test-suite (tests/test_crypto.py, WeCom/"work" crypto).
KNOWN = dict(
    token="123456",
    aes_key="kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
    corp_id="wx49f0ab532d5d035a",
)
KNOWN_ECHO = dict(
    msg_signature="dd6b9c95b495b3f7e2901bfbc76c664930ffdb96",
    timestamp="1411443780",
    nonce="437374425",
    echostr="4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==",
)
KNOWN_MESSAGE_BODY = (
    "<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<Encrypt><![CDATA["
    "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXz"
    "F6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gY"
    "Nx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2S"
    "jHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En74"
    "9zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=]]></Encrypt>\n<AgentID><![CDATA[1]]></AgentID>\n</xml>"
)
KNOWN_MESSAGE_PARAMS = dict(
    msg_signature="74d92dfeb87ba7c714f89d98870ae5eb62dff26d", timestamp="1411525903", nonce="461056294"
)


def known_env(env):
    env.setenv("WECOM_TOKEN", KNOWN["token"])
    env.setenv("WECOM_ENCODING_AES_KEY", KNOWN["aes_key"])
    env.setenv("WECOM_CORP_ID", KNOWN["corp_id"])


def wecom_text(content, msg_id, user=USER):
    return text_xml(content, msg_id, user=user, to=CORP_ID, extra=f"<AgentID>{AGENT_ID}</AgentID>")


async def test_verification_decrypts_the_published_echostr(wecom_env, http):
    known_env(wecom_env)
    expected, receiver = aes_decrypt(KNOWN_ECHO["echostr"], KNOWN["aes_key"])
    assert receiver == KNOWN["corp_id"] and expected
    async with serve(WeComInput.from_credentials(None), FakeAssistant()) as base:
        peer = Peer(http, base + WEBHOOK, enterprise=True)
        ok = await peer.request("GET", KNOWN_ECHO)
        bad = await peer.request("GET", dict(KNOWN_ECHO, nonce="437374424"))
        unsigned = await peer.request("GET", dict(KNOWN_ECHO, msg_signature=""))
    assert (ok.status, ok.text) == (200, expected)
    assert bad.status == 403 and unsigned.status == 403


async def test_verification_with_own_encrypted_echostr(wecom_env, http):
    from wx_testkit import TOKEN, wx_sign

    echostr = aes_encrypt("8927363719278371", CORP_ID)
    params = {"timestamp": "1700000000", "nonce": "n1", "echostr": echostr}
    params["msg_signature"] = wx_sign(TOKEN, params["timestamp"], params["nonce"], echostr)
    wrong_corp = aes_encrypt("1", "ww_other_corp")
    params_wrong = dict(
        params, echostr=wrong_corp, msg_signature=wx_sign(TOKEN, params["timestamp"], params["nonce"], wrong_corp)
    )
    async with serve(WeComInput.from_credentials(None), FakeAssistant()) as base:
        peer = Peer(http, base + WEBHOOK, enterprise=True)
        ok = await peer.request("GET", params)
        refused = await peer.request("GET", params_wrong)
    assert (ok.status, ok.text) == (200, "8927363719278371")
    assert refused.status == 403


async def test_published_message_decrypts_but_is_stale(wecom_env, http):
    """wechatpy's 2014 sample: refused by the replay window, accepted without it."""
    known_env(wecom_env)
    assistant = FakeAssistant("收到")
    stale_channel = WeComInput.from_credentials(None)
    async with serve(stale_channel, assistant) as base:
        stale = await Peer(http, base + WEBHOOK, enterprise=True).request(
            "POST", KNOWN_MESSAGE_PARAMS, KNOWN_MESSAGE_BODY.encode()
        )
    assert stale.status == 403 and assistant.calls == []

    timeless = WeComInput(dataclasses.replace(stale_channel.settings, timestamp_window=10**10))
    async with serve(timeless, assistant) as base:
        peer = Peer(
            http,
            base + WEBHOOK,
            token=KNOWN["token"],
            receiver_id=KNOWN["corp_id"],
            key43=KNOWN["aes_key"],
            enterprise=True,
        )
        reply = await peer.request("POST", KNOWN_MESSAGE_PARAMS, KNOWN_MESSAGE_BODY.encode())
    assert reply.status == 200
    assert [(c.text, c.sender_id) for c in assistant.calls] == [("test", "wecom:messense")]
    inner = peer.open_encrypted(reply)
    assert inner["Content"] == "收到" and inner["ToUserName"] == "messense"


async def test_encrypted_text_message_round_trip(wecom_env, http, msg_ids):
    assistant = FakeAssistant("企业微信回答")
    async with serve(WeComInput.from_credentials(None), assistant) as base:
        peer = Peer(http, base + WEBHOOK, receiver_id=CORP_ID, enterprise=True)
        reply = await peer.post_encrypted(wecom_text("企业微信提问", msg_ids()))
    assert reply.status == 200
    inner = peer.open_encrypted(reply)
    assert inner["Content"] == "企业微信回答"
    assert inner["ToUserName"] == USER and inner["FromUserName"] == CORP_ID
    assert inner["AgentID"] == AGENT_ID
    (call,) = assistant.calls
    assert (call.text, call.sender_id, call.input_channel) == ("企业微信提问", f"wecom:{USER}", "wecom")


async def test_wrong_corp_id_and_bad_signature_are_refused(wecom_env, http, msg_ids):
    assistant = FakeAssistant()
    async with serve(WeComInput.from_credentials(None), assistant) as base:
        peer = Peer(http, base + WEBHOOK, receiver_id=CORP_ID, enterprise=True)
        wrong = await peer.post_encrypted(wecom_text("问", msg_ids()), receiver_id="ww_someone_else")
        badsig = await peer.post_encrypted(wecom_text("问", msg_ids()), bad_msg_signature=True)
        plain = await peer.request("POST", peer.base_params(), wecom_text("问", msg_ids()).encode())
    assert (wrong.status, badsig.status, plain.status) == (403, 403, 400)
    assert assistant.calls == []


async def test_late_answer_uses_app_message_api(wecom_env, http, fake_api, msg_ids):
    wecom_env.setenv("WECOM_REPLY_DEADLINE", "0.2")
    assistant = FakeAssistant("稍后送达的回答", delay=0.6)
    async with serve(WeComInput.from_credentials(None), assistant) as base:
        peer = Peer(http, base + WEBHOOK, receiver_id=CORP_ID, enterprise=True)
        reply = await peer.post_encrypted(wecom_text("慢问题", msg_ids()))
        sends = await fake_api.wait_for_sends(1)
        await asyncio.sleep(0.1)
    assert reply.text == "success"
    assert fake_api.token_calls == [{"corpid": CORP_ID, "corpsecret": WECOM_SECRET}]
    (send,) = sends
    assert send["path"] == "/cgi-bin/message/send"
    assert send["json"] == {
        "touser": USER,
        "msgtype": "text",
        "agentid": int(AGENT_ID),
        "text": {"content": "稍后送达的回答"},
    }


async def test_wecom_without_token_refuses(clean_env, http):
    channel = WeComInput.from_credentials(None)
    assert channel.problem == "WECOM_TOKEN is not set"
    async with serve(channel, FakeAssistant()) as base:
        reply = await Peer(http, base + WEBHOOK, enterprise=True).request("GET", KNOWN_ECHO)
    assert reply.status == 403
