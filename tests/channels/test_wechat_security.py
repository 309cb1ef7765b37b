"""Hostile or broken input must be refused with 4xx (or a safe 200), never a 500."""

import os
import time

import pytest
from wx_testkit import AES_KEY, OPENID, TOKEN, FakeAssistant, Peer, serve, text_xml, wx_sign

from bot.channels.wechat import WeChatInput

WEBHOOK = "/webhooks/wechat/webhook"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[o_x]]></FromUserName>
<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[o_x]]></FromUserName>
<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>"""


@pytest.fixture
def assistant():
    return FakeAssistant("不应出现")


@pytest.fixture
async def peer(wechat_env, http, assistant):
    async with serve(WeChatInput.from_credentials(None), assistant) as base:
        yield Peer(http, base + WEBHOOK)
    assert assistant.calls == [], "hostile input reached the assistant"


@pytest.fixture
async def safe_peer(wechat_env, http, assistant):
    wechat_env.setenv("WECHAT_ENCODING_AES_KEY", AES_KEY)
    async with serve(WeChatInput.from_credentials(None), assistant) as base:
        yield Peer(http, base + WEBHOOK)
    assert assistant.calls == [], "hostile input reached the assistant"


@pytest.mark.parametrize(
    "body, status",
    [
        (BILLION_LAUGHS, 400),
        (EXTERNAL_ENTITY, 400),
        (b"", 400),
        (b"   \n", 400),
        (b"this is not xml", 400),
        (os.urandom(2048), 400),
        (b"\x00\x01\x02\xff\xfe<xml>", 400),
        (b"<html><body>hi</body></html>", 400),
        (b"<xml><MsgType>text</MsgType><MsgType>event</MsgType></xml>", 400),
        (b"<xml><ToUserName>a</ToUserName></xml>", 400),
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "empty",
        "blank",
        "not-xml",
        "random-binary",
        "binary-prefix",
        "wrong-root",
        "duplicate-element",
        "no-fields",
    ],
)
async def test_malformed_plaintext_bodies(peer, body, status):
    reply = await peer.post_plain(body)
    assert reply.status == status, reply.text
    assert "root:" not in reply.text


async def test_oversized_body_with_content_length(peer):
    reply = await peer.post_plain(text_xml("大" * 30_000, 1))  # ~90 KB
    assert reply.status == 413


async def test_oversized_chunked_body(peer):
    async def chunks():
        for _ in range(20):
            yield b"<xml>" + b"A" * 8192

    reply = await peer.request("POST", peer.base_params(), chunks())
    assert reply.status == 413


async def test_bad_signature(peer):
    params = peer.base_params()
    params["signature"] = "0" * 40
    reply = await peer.request("POST", params, text_xml("你好", 1).encode())
    assert reply.status == 403


async def test_missing_signature(peer):
    params = peer.base_params()
    del params["signature"]
    assert (await peer.request("POST", params, text_xml("你好", 1).encode())).status == 403


@pytest.mark.parametrize("skew", [-301, 301, 10_000])
async def test_stale_timestamp_is_refused(peer, skew):
    reply = await peer.post_plain(text_xml("你好", 1), timestamp=int(time.time()) + skew)
    assert reply.status == 403


async def test_malformed_timestamp_is_refused(peer):
    params = {"timestamp": "soon", "nonce": "1", "signature": wx_sign(TOKEN, "soon", "1")}
    assert (await peer.request("POST", params, text_xml("你好", 1).encode())).status == 403


async def test_bad_msg_signature(safe_peer):
    reply = await safe_peer.post_encrypted(text_xml("你好", 1), bad_msg_signature=True)
    assert reply.status == 403


async def test_wrong_app_id_inside_ciphertext(safe_peer):
    reply = await safe_peer.post_encrypted(text_xml("你好", 1), receiver_id="wxffffffffffffffff")
    assert reply.status == 403


@pytest.mark.parametrize(
    "encrypt",
    ["!!!not-base64!!!", "QUJD", "A" * 64, os.urandom(48).hex(), "aGVsbG8gd29ybGQgMTIzNDU2Nzg5MDEyMzQ1Ng=="],
    ids=["not-base64", "short", "aligned-garbage", "hex-garbage", "unaligned"],
)
async def test_garbage_ciphertext(safe_peer, encrypt):
    reply = await safe_peer.post_encrypted("", encrypt=encrypt)
    assert reply.status in (400, 403), reply.text


async def test_ciphertext_under_another_key(safe_peer):
    from wx_testkit import APP_ID, aes_encrypt

    other_key = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
    encrypt = aes_encrypt(text_xml("你好", 1), APP_ID, other_key)
    reply = await safe_peer.post_encrypted("", encrypt=encrypt)
    assert reply.status in (400, 403)


async def test_entity_payload_inside_ciphertext(safe_peer):
    reply = await safe_peer.post_encrypted(BILLION_LAUGHS.decode())
    assert reply.status == 400


async def test_encrypted_body_without_encrypt_element(safe_peer):
    params = safe_peer.base_params()
    params.update(encrypt_type="aes", msg_signature="0" * 40)
    reply = await safe_peer.request("POST", params, b"<xml><ToUserName>gh</ToUserName></xml>")
    assert reply.status == 400


async def test_encrypted_message_without_configured_key(peer):
    reply = await peer.post_encrypted(text_xml("你好", 1))
    assert reply.status == 400


async def test_reply_text_is_cdata_safe(wechat_env, http):
    nasty = "结尾]]><evil/>\x00\x07正常"
    async with serve(WeChatInput.from_credentials(None), FakeAssistant(nasty)) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("你好", 77))
    assert reply.fields()["Content"] == "结尾]]><evil/>正常"
    assert reply.fields()["ToUserName"] == OPENID


async def test_invalid_aes_key_refuses_instead_of_crashing(wechat_env, http):
    wechat_env.setenv("WECHAT_ENCODING_AES_KEY", "too-short")
    channel = WeChatInput.from_credentials(None)
    assert "EncodingAESKey" in channel.problem
    async with serve(channel, FakeAssistant()) as base:
        reply = await Peer(http, base + WEBHOOK).post_plain(text_xml("你好", 1))
    assert reply.status == 403
