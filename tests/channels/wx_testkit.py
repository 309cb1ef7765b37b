"""Test kit that plays WeChat / WeCom against the real channel blueprints.

The peer side here is deliberately independent of ``bot.channels``: it signs with its own SHA1,
encrypts with its own AES-CBC code, and talks HTTP to a real Sanic server on 127.0.0.1. A fake of
the platform API (aiohttp) records customer-service sends. Nothing leaves loopback.
"""

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import socket
import struct
import time
import uuid
import xml.etree.ElementTree as ET
from typing import Any, Callable, Dict, List, Optional

import aiohttp
from aiohttp import web
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

TOKEN = "shebao-test-token"
APP_ID = "wx0123456789abcdef"
APP_SECRET = "app-secret-for-tests"
# WeChat's documented sample EncodingAESKey (43 chars).
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
CORP_ID = "ww0123456789abcdef"
WECOM_SECRET = "corp-secret-for-tests"
AGENT_ID = "1000002"
ACCOUNT = "gh_0123456789ab"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"

ALL_ENV = [
    "WECHAT_TOKEN",
    "WECHAT_APP_ID",
    "WECHAT_APP_SECRET",
    "WECHAT_ENCODING_AES_KEY",
    "WECHAT_API_BASE",
    "WECHAT_REDIS_URL",
    "WECHAT_REPLY_DEADLINE",
    "WECOM_TOKEN",
    "WECOM_CORP_ID",
    "WECOM_AGENT_ID",
    "WECOM_SECRET",
    "WECOM_ENCODING_AES_KEY",
    "WECOM_API_BASE",
    "WECOM_REDIS_URL",
    "WECOM_REPLY_DEADLINE",
    "REDIS_URL",
]


# --------------------------------------------------------------------------- protocol (peer)
def wx_sign(*parts: str) -> str:
    """WeChat signature computed independently of wechatpy and of the channel."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def _aes(key43: str) -> Cipher:
    key = base64.b64decode(key43 + "=")
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def aes_encrypt(plaintext: str, receiver_id: str, key43: str = AES_KEY) -> str:
    """random(16) | len(4, big endian) | msg | receiver id, PKCS#7 to 32 bytes, AES-256-CBC."""
    msg = plaintext.encode("utf-8")
    raw = os.urandom(16) + struct.pack(">I", len(msg)) + msg + receiver_id.encode("utf-8")
    pad = 32 - len(raw) % 32
    raw += bytes([pad]) * pad
    encryptor = _aes(key43).encryptor()
    return base64.b64encode(encryptor.update(raw) + encryptor.finalize()).decode("ascii")


def aes_decrypt(ciphertext: str, key43: str = AES_KEY):
    """-> (plaintext, receiver id)."""
    decryptor = _aes(key43).decryptor()
    raw = decryptor.update(base64.b64decode(ciphertext)) + decryptor.finalize()
    raw = raw[: -raw[-1]]
    length = struct.unpack(">I", raw[16:20])[0]
    return raw[20 : 20 + length].decode("utf-8"), raw[20 + length :].decode("utf-8")


def xml_fields(text: str) -> Dict[str, str]:
    root = ET.fromstring(text)
    assert root.tag == "xml"
    return {child.tag: (child.text or "") for child in root}


def text_xml(content: str, msg_id: Any, user: str = OPENID, to: str = ACCOUNT, extra: str = "") -> str:
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName>"
        f"<FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId>{extra}</xml>"
    )


def event_xml(event: str, user: str = OPENID, create_time: Optional[int] = None, to: str = ACCOUNT) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName>"
        f"<FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{create_time or int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event></xml>"
    )


def media_xml(msg_type: str, msg_id: Any, user: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[{msg_type}]]></MsgType><MediaId><![CDATA[media123]]></MediaId>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


class Reply:
    def __init__(self, status: int, body: bytes, elapsed: float) -> None:
        self.status, self.body, self.elapsed = status, body, elapsed
        self.text = body.decode("utf-8", "replace")

    def fields(self) -> Dict[str, str]:
        return xml_fields(self.text)


class Peer:
    """Plays the WeChat (or WeCom) server posting to the channel's webhook."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        token: str = TOKEN,
        receiver_id: str = APP_ID,
        key43: str = AES_KEY,
        enterprise: bool = False,
    ) -> None:
        self.session, self.url, self.token = session, url, token
        self.receiver_id, self.key43, self.enterprise = receiver_id, key43, enterprise

    async def request(
        self, method: str, params: Dict[str, str], data: Any = None, headers: Optional[Dict[str, str]] = None
    ) -> Reply:
        started = time.monotonic()
        async with self.session.request(method, self.url, params=params, data=data, headers=headers) as r:
            body = await r.read()
        return Reply(r.status, body, time.monotonic() - started)

    def base_params(self, timestamp: Optional[int] = None, nonce: str = "1320562132") -> Dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        params = {"timestamp": ts, "nonce": nonce}
        if not self.enterprise:
            params["signature"] = wx_sign(self.token, ts, nonce)
            params["openid"] = OPENID
        return params

    async def post_plain(self, xml: Any, **kw) -> Reply:
        data = xml.encode("utf-8") if isinstance(xml, str) else xml
        return await self.request("POST", self.base_params(**kw), data)

    async def post_encrypted(
        self,
        inner_xml: str,
        *,
        compatible_fields: str = "",
        receiver_id: Optional[str] = None,
        encrypt: Optional[str] = None,
        bad_msg_signature: bool = False,
        **kw,
    ) -> Reply:
        encrypt = (
            encrypt if encrypt is not None else aes_encrypt(inner_xml, receiver_id or self.receiver_id, self.key43)
        )
        params = self.base_params(**kw)
        msg_signature = wx_sign(self.token, params["timestamp"], params["nonce"], encrypt)
        if bad_msg_signature:
            msg_signature = msg_signature[::-1]
        params.update(msg_signature=msg_signature)
        if not self.enterprise:
            params["encrypt_type"] = "aes"
        to = self.receiver_id if self.enterprise else ACCOUNT
        body = (
            f"<xml><ToUserName><![CDATA[{to}]]></ToUserName>{compatible_fields}"
            f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        )
        return await self.request("POST", params, body.encode("utf-8"))

    def open_encrypted(self, reply: Reply) -> Dict[str, str]:
        """Check the reply envelope's signature, decrypt it and return the inner fields."""
        envelope = reply.fields()
        expected = wx_sign(self.token, envelope["TimeStamp"], envelope["Nonce"], envelope["Encrypt"])
        assert envelope["MsgSignature"] == expected
        plaintext, receiver = aes_decrypt(envelope["Encrypt"], self.key43)
        assert receiver == self.receiver_id
        return xml_fields(plaintext)


# --------------------------------------------------------------------------- fake assistant
class FakeAssistant:
    """Stands in for Rasa: answers through the collector, optionally slowly or with buttons."""

    def __init__(
        self,
        reply: Any = "您好，这是测试回答。",
        buttons: Optional[List[Dict]] = None,
        custom: Optional[Dict] = None,
        delay: float = 0.0,
        fail: bool = False,
    ) -> None:
        self.reply, self.buttons, self.custom = reply, buttons, custom
        self.delay, self.fail = delay, fail
        self.calls: List[UserMessage] = []

    @property
    def texts(self) -> List[str]:
        return [m.text for m in self.calls]

    async def __call__(self, message: UserMessage) -> None:
        self.calls.append(message)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("assistant exploded")
        text = self.reply(message.text) if callable(self.reply) else self.reply
        out = message.output_channel
        if self.buttons:
            await out.send_text_with_buttons(message.sender_id, text, list(self.buttons))
        elif text:
            await out.send_text_message(message.sender_id, text)
        if self.custom:
            await out.send_custom_json(message.sender_id, dict(self.custom))


class FakeAgent:
    """What ``rasa.core.channels.channel.register`` expects in ``app.ctx.agent``."""

    def __init__(self, assistant: FakeAssistant) -> None:
        self.assistant = assistant

    async def handle_message(self, message: UserMessage) -> None:
        await self.assistant(message)


# --------------------------------------------------------------------------- fake platform API
class FakePlatformApi:
    """Local stand-in for api.weixin.qq.com / qyapi.weixin.qq.com."""

    def __init__(self) -> None:
        self.token_calls: List[Dict[str, str]] = []
        self.sends: List[Dict[str, Any]] = []
        self.send_errcodes: List[int] = []  # scripted errcodes for the next sends
        self.issued = 0
        self.base_url = ""
        self._runner: Optional[web.AppRunner] = None
        self._changed = asyncio.Event()

    async def _token(self, request: web.Request) -> web.Response:
        self.token_calls.append(dict(request.query))
        self.issued += 1
        return web.json_response({"access_token": f"ACCESS_TOKEN_{self.issued}", "expires_in": 7200})

    async def _send(self, request: web.Request) -> web.Response:
        raw = await request.read()
        self.sends.append(
            {
                "path": request.path,
                "access_token": request.query.get("access_token"),
                "raw": raw,
                "json": json.loads(raw.decode("utf-8")),
            }
        )
        self._changed.set()
        if self.send_errcodes:
            code = self.send_errcodes.pop(0)
            return web.json_response({"errcode": code, "errmsg": f"scripted {code}"})
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_get("/cgi-bin/gettoken", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._send)
        app.router.add_post("/cgi-bin/message/send", self._send)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def wait_for_sends(self, count: int, timeout: float = 5.0) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sends) < count and time.monotonic() < deadline:
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), max(0.01, deadline - time.monotonic()))
        return self.sends


# --------------------------------------------------------------------------- server
@contextlib.asynccontextmanager
async def serve(channel, assistant: Optional[Callable] = None, agent: Any = None):
    """Mount the channel in a real Sanic app on 127.0.0.1 and yield its base URL.

    With ``agent`` the channel goes through Rasa's own ``register`` (handler = agent.handle_message);
    with ``assistant`` the blueprint gets that coroutine as ``on_new_message``, mounted exactly
    where ``register`` would put it.
    """
    Sanic.test_mode = True  # lets several apps start in one process (TouchUp, name registry)
    app = Sanic(f"wxtest_{uuid.uuid4().hex}")
    app.config.MOTD = False
    if agent is not None:
        app.ctx.agent = agent
        register([channel], app, route="/webhooks/")
    else:
        app.blueprint(channel.blueprint(assistant), url_prefix=f"/webhooks/{channel.url_prefix()}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        for connection in list(server.connections):
            connection.close_if_idle()
        server.close()
        await server.wait_closed()
        await server.after_stop()
        sock.close()
