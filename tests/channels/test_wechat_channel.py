"""WeChat Official Account channel over real HTTP: verification, modes, message types."""

import base64

from wechatpy.crypto import PrpCrypto
from wx_testkit import (
    ACCOUNT,
    AES_KEY,
    APP_ID,
    OPENID,
    FakeAgent,
    FakeAssistant,
    Peer,
    event_xml,
    media_xml,
    serve,
    text_xml,
    wx_sign,
)

from bot.channels.wechat import WeChatInput
from bot.channels.wx_core import GREETING_TEXT, PLEASE_TYPE_TEXT
from presentation.payload import Payload, Section

WEBHOOK = "/webhooks/wechat/webhook"

# Known answer published in wechatpy's test-suite (tests/test_utils.py).
KNOWN_TOKEN = "test"
KNOWN_TIMESTAMP = "1410685589"
KNOWN_NONCE = "test"
KNOWN_SIGNATURE = "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"


def channel() -> WeChatInput:
    return WeChatInput.from_credentials(None)


def test_peer_signature_matches_published_example():
    assert wx_sign(KNOWN_TOKEN, KNOWN_TIMESTAMP, KNOWN_NONCE) == KNOWN_SIGNATURE


async def test_url_verification_known_answer(wechat_env, http):
    wechat_env.setenv("WECHAT_TOKEN", KNOWN_TOKEN)
    async with serve(channel(), FakeAssistant()) as base:
        peer = Peer(http, base + WEBHOOK)
        good = {
            "signature": KNOWN_SIGNATURE,
            "timestamp": KNOWN_TIMESTAMP,
            "nonce": KNOWN_NONCE,
            "echostr": "5837397520665436492",
        }
        ok = await peer.request("GET", good)
        assert (ok.status, ok.text) == (200, "5837397520665436492")

        bad = dict(good, signature="f21891de399b4e33a1a93c9a7b8a8fffb5a443fe")
        refused = await peer.request("GET", bad)
        assert refused.status == 403 and "5837397520665436492" not in refused.text

        assert (await peer.request("GET", dict(good, nonce="other"))).status == 403
        assert (await peer.request("GET", {"echostr": "1"})).status == 403


async def test_missing_token_loads_but_refuses_everything(clean_env, http, caplog):
    ch = channel()  # must not raise: `rasa run` keeps working without WeChat configured
    assert ch.problem == "WECHAT_TOKEN is not set"
    assistant = FakeAssistant()
    async with serve(ch, assistant) as base:
        peer = Peer(http, base + WEBHOOK, token="")
        get = await peer.request("GET", {"signature": "x", "timestamp": "1", "nonce": "1", "echostr": "1"})
        post = await peer.post_plain(text_xml("你好", 1))
    assert get.status == 403 and post.status == 403
    assert assistant.calls == []
    assert "WECHAT_TOKEN is not set" in caplog.text


async def test_plaintext_text_message(wechat_env, http, msg_ids):
    assistant = FakeAssistant("灵活就业人员可以自愿参加职工养老保险。")
    async with serve(channel(), assistant) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("灵活就业必须交社保吗", msg_ids()))
    assert reply.status == 200
    fields = reply.fields()
    assert fields["ToUserName"] == OPENID and fields["FromUserName"] == ACCOUNT
    assert fields["MsgType"] == "text"
    assert fields["Content"] == "灵活就业人员可以自愿参加职工养老保险。"
    (call,) = assistant.calls
    assert call.text == "灵活就业必须交社保吗"
    assert call.sender_id == f"wechat:{OPENID}"
    assert call.input_channel == "wechat"


async def test_through_rasa_register(wechat_env, http, msg_ids):
    """Mounted by rasa's own ``register`` (as `rasa run` does), handler = agent.handle_message."""
    assistant = FakeAssistant("好的")
    async with serve(channel(), agent=FakeAgent(assistant)) as base:
        peer = Peer(http, base + WEBHOOK)
        reply = await peer.post_plain(text_xml("你好", msg_ids()))
        async with http.get(base + "/webhooks/wechat/") as health:
            assert (health.status, await health.json()) == (200, {"status": "ok"})
    assert reply.fields()["Content"] == "好的"
    assert assistant.texts == ["你好"]


async def test_compatible_mode_trusts_only_the_ciphertext(wechat_env, http, msg_ids):
    wechat_env.setenv("WECHAT_ENCODING_AES_KEY", AES_KEY)
    assistant = FakeAssistant("兼容模式回答")
    msg_id = msg_ids()
    inner = text_xml("密文里的问题", msg_id)
    plaintext_copy = (
        f"<FromUserName><![CDATA[attacker]]></FromUserName><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[明文里的问题]]></Content><MsgId>{msg_id}</MsgId>"
    )
    async with serve(channel(), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        reply = await peer.post_encrypted(inner, compatible_fields=plaintext_copy)
    assert reply.status == 200
    inner_reply = peer.open_encrypted(reply)
    assert inner_reply["Content"] == "兼容模式回答"
    assert inner_reply["ToUserName"] == OPENID
    assert assistant.texts == ["密文里的问题"]


async def test_safe_mode_round_trip(wechat_env, http, msg_ids):
    wechat_env.setenv("WECHAT_ENCODING_AES_KEY", AES_KEY)
    assistant = FakeAssistant("安全模式回答 ]]> 仍然完整")
    async with serve(channel(), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        reply = await peer.post_encrypted(text_xml("安全模式提问", msg_ids()))
    assert reply.status == 200
    assert "安全模式回答" not in reply.text  # the wire carries ciphertext only
    inner = peer.open_encrypted(reply)
    assert inner["Content"] == "安全模式回答 ]]> 仍然完整"
    assert inner["FromUserName"] == ACCOUNT and inner["ToUserName"] == OPENID


async def test_safe_mode_with_wechatpy_prpcrypto(wechat_env, http, msg_ids):
    """Ciphertext produced by wechatpy's PrpCrypto (as a second, independent encoder)."""
    wechat_env.setenv("WECHAT_ENCODING_AES_KEY", AES_KEY)
    encrypt = PrpCrypto(base64.b64decode(AES_KEY + "=")).encrypt(text_xml("第三方加密", msg_ids()), APP_ID)
    assistant = FakeAssistant("收到")
    async with serve(channel(), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        reply = await peer.post_encrypted("", encrypt=encrypt.decode())
    assert peer.open_encrypted(reply)["Content"] == "收到"
    assert assistant.texts == ["第三方加密"]


async def test_plaintext_refused_when_aes_key_is_set(wechat_env, http, msg_ids):
    wechat_env.setenv("WECHAT_ENCODING_AES_KEY", AES_KEY)
    assistant = FakeAssistant()
    async with serve(channel(), assistant) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("明文", msg_ids()))
    assert reply.status == 403 and assistant.calls == []


async def test_subscribe_greets_and_unsubscribe_is_silent(wechat_env, http):
    assistant = FakeAssistant()
    async with serve(channel(), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        hello = await peer.post_plain(event_xml("subscribe"))
        bye = await peer.post_plain(event_xml("unsubscribe"))
        click = await peer.post_plain(event_xml("CLICK"))
    greeting = hello.fields()["Content"]
    assert greeting == GREETING_TEXT and "社会保险" in greeting and "Hi!" in greeting
    assert (bye.status, bye.text) == (200, "success")
    assert (click.status, click.text) == (200, "success")
    assert assistant.calls == []


async def test_non_text_messages_get_a_polite_prompt(wechat_env, http, msg_ids):
    assistant = FakeAssistant()
    async with serve(channel(), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        for msg_type in ("voice", "image", "video", "location", "link", "weird_new_type"):
            reply = await peer.post_plain(media_xml(msg_type, msg_ids()))
            assert reply.status == 200, msg_type
            assert reply.fields()["Content"] == PLEASE_TYPE_TEXT
    assert "请输入文字提问" in PLEASE_TYPE_TEXT and "type your question" in PLEASE_TYPE_TEXT
    assert assistant.calls == []


async def test_citations_are_rendered_under_the_answer(wechat_env, http, msg_ids):
    custom = Payload(
        kind="answer",
        topic="voluntary",
        region="全国",
        language="zh",
        citations=[
            {
                "law": "社会保险法",
                "article": "10",
                "title": "职工基本养老保险",
                "url": "https://example.invalid",
                "year": 2018,
            },
            {"law": "《社会保险费征缴暂行条例》", "article": "第三条", "year": 2019},
        ],
    ).to_dict()
    assistant = FakeAssistant("职工应当参加基本养老保险。", custom=custom)
    async with serve(channel(), assistant) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("必须交吗", msg_ids()))
    content = reply.fields()["Content"]
    assert content.startswith("职工应当参加基本养老保险。\n依据/Source: ")
    assert "《社会保险法》第10条（2018）" in content
    assert "《社会保险费征缴暂行条例》第三条（2019）" in content


async def test_numbered_options_round_trip(wechat_env, http, msg_ids):
    buttons = [
        {"title": "养老保险", "payload": "/ask_pension"},
        {"title": "医疗保险", "payload": '/ask_medical{"insurance_type": "医保"}'},
    ]
    assistant = FakeAssistant("您想了解哪一项？", buttons=buttons)
    async with serve(channel(), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        first = (await peer.post_plain(text_xml("社保", msg_ids()))).fields()["Content"]
        await peer.post_plain(text_xml("１", msg_ids()))
        await peer.post_plain(text_xml(" 2 ", msg_ids()))
        await peer.post_plain(text_xml("3", msg_ids()))
        await peer.post_plain(text_xml("2", msg_ids(), user="someone_else"))
    assert "回复 1：养老保险" in first and "回复 2：医疗保险" in first
    assert assistant.texts == ["社保", "/ask_pension", '/ask_medical{"insurance_type": "医保"}', "3", "2"]


async def test_a_section_number_shows_the_detail_without_asking_the_assistant(wechat_env, http, msg_ids):
    custom = Payload(
        kind="answer",
        language="zh",
        topic="ask_process",
        sections=[
            Section("steps", "办理步骤", ["带身份证", "到窗口登记"]),
            Section("documents", "所需材料", ["身份证"]),
        ],
    ).to_dict()
    assistant = FakeAssistant("可以自己到窗口办理。", custom=custom)
    async with serve(channel(), assistant) as base:
        peer = Peer(http, base + WEBHOOK)
        first = (await peer.post_plain(text_xml("怎么办", msg_ids()))).fields()["Content"]
        steps = (await peer.post_plain(text_xml("1", msg_ids()))).fields()["Content"]
        documents = (await peer.post_plain(text_xml("2", msg_ids()))).fields()["Content"]
    assert "回复 1：看办理步骤" in first and "回复 2：看所需材料" in first
    assert steps == "【办理步骤】\n• 带身份证\n• 到窗口登记" and documents == "【所需材料】\n• 身份证"
    assert assistant.texts == ["怎么办"]


async def test_assistant_failure_gives_an_apology(wechat_env, http, msg_ids):
    async with serve(channel(), FakeAssistant(fail=True)) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("你好", msg_ids()))
    assert reply.status == 200 and "抱歉" in reply.fields()["Content"]


async def test_unexpected_error_answers_success_not_500(wechat_env, http, msg_ids, monkeypatch):
    ch = channel()

    def explode(*args, **kwargs):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(ch, "render_reply", explode)
    async with serve(ch, FakeAssistant()) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("你好", msg_ids()))
    assert (reply.status, reply.text) == (200, "success")


async def test_empty_assistant_answer_is_success(wechat_env, http, msg_ids):
    async with serve(channel(), FakeAssistant("")) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("你好", msg_ids()))
    assert (reply.status, reply.text) == (200, "success")
