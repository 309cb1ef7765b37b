"""Shared core of the WeChat Official Account and WeCom input channels.

Both platforms post signed (optionally AES-encrypted) XML, give up on an answer after 5 s,
retry up to three times, and offer an API to send messages later. This base class owns that
pipeline -- body cap -> signature/replay checks -> defusedxml -> wechatpy parsing -> exactly-once
answering under a deadline -> passive reply (encrypted when the request was) with late or extra
parts sent through the API -- and never answers with a 500. Subclasses only know their query
parameters, envelopes and API endpoints.
"""

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Set, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.wechat.api import PlatformApi
from bot.wechat.crypto import MessageCipher, RequestRejected, check_timestamp
from bot.wechat.dedupe import Deduplicator
from bot.wechat.options import OptionMemory
from bot.wechat.platforms import ChannelSettings
from bot.wechat.render import render_messages, section_text
from bot.wechat.split import split_utf8
from bot.wechat.store import make_store
from bot.wechat.xml import XmlRejected, cdata_safe, clean_text, parse_flat_xml
from presentation.wording import both

logger = logging.getLogger(__name__)

GREETING_TEXT = both("wx_greeting")
PLEASE_TYPE_TEXT = both("wx_text_only")
APOLOGY_TEXT = both("wx_apology")
GREETING_EVENTS = frozenset({"subscribe", "subscribe_scan"})
SUCCESS = "success"  # tells WeChat "received, no passive reply, do not retry"
MAX_ECHOSTR_CHARS = 1024
XML_CONTENT_TYPE = "application/xml; charset=utf-8"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


@dataclass(frozen=True)
class Inbound:
    """An authenticated message: its (decrypted) XML and whether the reply must be encrypted."""

    xml: str
    fields: Dict[str, str]
    encrypted: bool


def mask(user: str) -> str:
    """Enough of an OpenID/UserID to correlate log lines, not enough to identify anyone."""
    return f"{user[:4]}…" if len(user) > 4 else "…"


def parse_xml_or_reject(data) -> Dict[str, str]:
    try:
        return parse_flat_xml(data)
    except XmlRejected as exc:
        raise RequestRejected(400, f"bad XML: {exc}") from None


async def read_body(request: Request, limit: int) -> bytes:
    """Read at most ``limit`` bytes; refuse bigger bodies before buffering them."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise RequestRejected(413, f"body of {declared} bytes exceeds {limit}")
        except ValueError:
            raise RequestRejected(400, "malformed Content-Length") from None
    if request.body:
        body = bytes(request.body)
    elif getattr(request, "stream", None) is not None:
        if hasattr(request.stream, "request_max_size"):
            request.stream.request_max_size = limit  # also bounds Sanic's own draining
        chunks, total = [], 0
        try:
            async for chunk in request.stream:
                total += len(chunk)
                if total > limit:
                    raise RequestRejected(413, f"body exceeds {limit} bytes")
                chunks.append(chunk)
        except SanicException as exc:
            status = 413 if getattr(exc, "status_code", 400) == 413 else 400
            raise RequestRejected(status, f"body read failed: {exc}") from None
        body = b"".join(chunks)
    else:
        body = b""
    if len(body) > limit:
        raise RequestRejected(413, f"body exceeds {limit} bytes")
    if not body.strip():
        raise RequestRejected(400, "empty body")
    return body


class WeChatChannelBase(InputChannel):
    """Pipeline shared by ``WeChatInput`` and ``WeComInput``; see the module docstring."""

    enterprise = False

    # -- configuration ----------------------------------------------------------------------
    @classmethod
    def env_prefix(cls) -> str:
        return cls.name().upper()

    @classmethod
    def settings_from_env(cls) -> ChannelSettings:
        raise NotImplementedError

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """Secrets come from the environment only, never from credentials.yml."""
        if credentials:
            logger.warning(
                "%s: values under its key in credentials.yml are ignored; configure it with %s_* environment variables",
                cls.name(),
                cls.env_prefix(),
            )
        return cls(cls.settings_from_env())

    def config_problem(self) -> Optional[str]:
        """Why this instance must refuse every request, or None when it is usable."""
        raise NotImplementedError

    def make_api(self, store, cache_key: str) -> PlatformApi:
        raise NotImplementedError

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        self.problem = self.config_problem()
        self.cipher: Optional[MessageCipher] = None
        if self.problem:
            logger.error("%s channel loaded but will refuse all requests: %s", self.name(), self.problem)
        elif settings.aes_key:
            self.cipher = MessageCipher(settings.token, settings.aes_key, settings.receiver_id or "", self.enterprise)
        self.store = make_store(settings.redis_url)
        namespace = f"{self.name()}:{settings.receiver_id or 'default'}"
        self.dedupe = Deduplicator(self.store, namespace, settings.dedupe_ttl)
        self.options = OptionMemory(self.store, namespace)
        self.api = self.make_api(self.store, f"{namespace}:access_token")
        if not self.problem and not self.api.is_configured():
            logger.warning(
                "%s: API credentials incomplete; answers slower than %.1f s and the extra parts "
                "of long answers cannot be delivered",
                self.name(),
                settings.reply_deadline,
            )
        self._jobs: Set[asyncio.Task] = set()

    # -- platform specifics -----------------------------------------------------------------
    def verify_url(self, args: Mapping[str, Any]) -> str:
        """Answer to the URL-verification GET (the echostr to echo)."""
        raise NotImplementedError

    def authenticate(self, args: Mapping[str, Any], body: bytes) -> Inbound:
        """Check signatures and decrypt; raise RequestRejected on any failure."""
        raise NotImplementedError

    def parse_message(self, xml: str):
        raise NotImplementedError

    def render_reply(self, message, text: str) -> str:
        """Passive text reply XML; ``text`` is already CDATA-safe."""
        raise NotImplementedError

    def sender_id(self, user: str) -> str:
        """Prefixed so WeChat users cannot collide with other channels' sender ids."""
        return f"{self.name()}:{user}"

    # -- Sanic wiring -----------------------------------------------------------------------
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint(f"{self.name()}_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            return await self._guarded(self._verify, request)

        @bp.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await self._guarded(self._receive, request, on_new_message)

        @bp.listener("before_server_stop")
        async def drain(app, loop) -> None:
            await self.shutdown()

        return bp

    async def _guarded(self, handler, request: Request, *args) -> HTTPResponse:
        try:
            return await handler(request, *args)
        except RequestRejected as exc:
            logger.warning("%s: refused request (%s): %s", self.name(), exc.status, exc.reason)
            return response.text(f"refused: {exc.status}", status=exc.status)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("%s: unexpected error; answering 'success'", self.name())
            return response.text(SUCCESS)

    def _require_configured(self) -> None:
        if self.problem:
            raise RequestRejected(403, f"channel not configured: {self.problem}")

    async def _verify(self, request: Request) -> HTTPResponse:
        self._require_configured()
        return response.text(self.verify_url(request.args))

    async def _receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        started = asyncio.get_running_loop().time()
        self._require_configured()
        check_timestamp(request.args.get("timestamp"), self.settings.timestamp_window)
        body = await read_body(request, self.settings.max_body_bytes)
        inbound = self.authenticate(request.args, body)
        try:
            message = self.parse_message(inbound.xml)
        except Exception as exc:
            raise RequestRejected(400, f"unparsable message ({type(exc).__name__})") from None
        if not inbound.fields.get("FromUserName") or not inbound.fields.get("MsgType"):
            raise RequestRejected(400, "message without FromUserName/MsgType")
        text = await self._dispatch(message, inbound, on_new_message, started)
        if not text:
            return response.text(SUCCESS)
        xml = self.render_reply(message, cdata_safe(text))
        if inbound.encrypted:
            xml = self.cipher.encrypt_reply(xml, secrets.token_hex(8), str(int(time.time())))
        return response.text(xml, content_type=XML_CONTENT_TYPE)

    # -- answering --------------------------------------------------------------------------
    async def _dispatch(self, message, inbound: Inbound, on_new_message, started) -> Optional[str]:
        if message.type == "text":
            compute = lambda: self._ask_assistant(message, inbound, on_new_message)  # noqa: E731
            return await self._answer_once(inbound, compute, started)
        if message.type == "event":
            if str(getattr(message, "event", "")).lower() in GREETING_EVENTS:
                return await self._answer_once(inbound, self._greeting, started)
            return None  # unsubscribe, menu clicks, location reports ...: nothing to say
        return PLEASE_TYPE_TEXT

    async def _greeting(self) -> str:
        return GREETING_TEXT

    async def _ask_assistant(self, message, inbound: Inbound, on_new_message) -> str:
        user = inbound.fields["FromUserName"]
        content = (message.content or "").strip()
        if not content:
            return PLEASE_TYPE_TEXT
        chosen = await self.options.resolve(user, content)
        shown = section_text(chosen) if chosen is not None else None
        if shown is not None:  # a section of the last answer: its options stay as they are
            return shown
        collector = CollectingOutputChannel()
        await on_new_message(
            UserMessage(
                chosen if chosen is not None else content,
                collector,
                self.sender_id(user),
                input_channel=self.name(),
                metadata={
                    self.name(): {
                        "to_user": inbound.fields.get("ToUserName"),
                        "msg_id": inbound.fields.get("MsgId"),
                        "agent_id": inbound.fields.get("AgentID"),
                    }
                },
            )
        )
        rendered = render_messages(collector.messages)
        await self.options.remember(user, rendered.payloads)
        return rendered.text

    @staticmethod
    def dedupe_key(fields: Mapping[str, str]) -> str:
        """MsgId for messages; FromUserName + CreateTime for events (they have no MsgId)."""
        msg_id = (fields.get("MsgId") or "").strip()
        if msg_id and fields.get("MsgType") != "event":
            return f"id:{msg_id}"
        return f"ev:{fields.get('FromUserName')}:{(fields.get('CreateTime') or '').strip()}"

    async def _answer_once(self, inbound: Inbound, compute, started: float) -> Optional[str]:
        """The passive reply text, or None ("success") when the answer goes out later."""
        loop = asyncio.get_running_loop()
        key = self.dedupe_key(inbound.fields)
        user = inbound.fields["FromUserName"]
        deadline = started + self.settings.reply_deadline
        if not await self.dedupe.claim(key):
            outcome = await self.dedupe.wait(key, deadline - loop.time())
            logger.info("%s: retry of %s answered from the first delivery", self.name(), key)
            return outcome.passive if outcome else None
        passive: asyncio.Future = loop.create_future()
        self._spawn(self._produce(key, user, compute, passive))
        try:
            return await asyncio.wait_for(asyncio.shield(passive), timeout=max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            if passive.done() and not passive.cancelled():
                return passive.result()
            logger.info(
                "%s: answer for %s not ready in %.2f s; replying 'success', sending it via API",
                self.name(),
                mask(user),
                self.settings.reply_deadline,
            )
            return None
        finally:
            if not passive.done():
                passive.cancel()  # tells _produce that nobody waits for a passive reply

    async def _produce(self, key: str, user: str, compute, passive: asyncio.Future) -> None:
        """Compute once; hand the first part to the waiting request, the rest to the API."""
        try:
            text = await asyncio.wait_for(compute(), timeout=self.settings.answer_timeout)
        except asyncio.CancelledError:
            raise
        except asyncio.TimeoutError:
            logger.error("%s: assistant gave no answer within %.0f s", self.name(), self.settings.answer_timeout)
            text = APOLOGY_TEXT
        except Exception:
            logger.exception("%s: assistant failed for %s", self.name(), mask(user))
            text = APOLOGY_TEXT
        text = clean_text(text or "").strip()
        parts = split_utf8(text, self.settings.reply_limit_bytes) if text else []
        if not passive.done():
            first = parts[0] if parts else None
            passive.set_result(first)
            await self.dedupe.finish(key, first)
            if len(parts) > 1:
                await asyncio.sleep(self.settings.followup_delay)  # let the passive reply land first
                await self._deliver(user, parts[1:])
        else:
            await self.dedupe.finish(key, None)
            await self._deliver(user, parts)

    async def _deliver(self, user: str, parts) -> None:
        for index, part in enumerate(parts, start=1):
            if not await self.api.send_text(user, part):
                logger.error("%s: could not deliver part %d/%d to %s", self.name(), index, len(parts), mask(user))
                return

    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._jobs.add(task)
        task.add_done_callback(self._job_done)

    def _job_done(self, task: asyncio.Task) -> None:
        self._jobs.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("%s: background job failed", self.name(), exc_info=task.exception())

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until every answer under way has gone out (or failed): nothing more is sent after."""
        while self._jobs:
            _done, pending = await asyncio.wait(set(self._jobs), timeout=timeout)
            if pending:
                return

    async def shutdown(self, timeout: float = 10.0) -> None:
        """Let in-flight answers go out, then release HTTP and Redis connections."""
        await self.settled(timeout)
        await self.api.close()
        await self.store.close()
