"""The live hand-off on the channel side: the gate in front of the assistant, and delivery of
staff replies to each channel.

Every channel (REST, the widget, WeChat, WeCom) passes a citizen's message to the agent, and
bot.runtime.resilience.guard_agent runs this gate around that one call, so no channel can bypass it:

- `before`: when the conversation's open request silences it (bot.store.handoff: a staff member
  has it, or it waits in the staffed period it was made in), the message is relayed to the staff
  queue (masked) instead of the assistant, and the turn answers only a `handoff` payload with
  `extra.relayed` and no text (WeChat sends nothing, the widget marks the message "sent to staff").
  "取消" / "cancel" withdraws the request. REST gets waiting staff replies in-band here, since it
  has no other way to receive them.
- `after`: when the assistant's reply is a hand-off (action_handoff's payload), the request joins
  the staff queue — live while someone is on duty, else noted for the next shift.

Everything here is per channel (bot.store.handoff): a conversation id arriving over another
channel does not see, relay into or cancel a request, and receives none of its staff replies.

The gate fails open: if the project database cannot be read, the assistant answers as usual
(and the error is logged); a hand-off must never cost a citizen their answer.

`deliver` sends a staff reply or notice: WeChat through the customer-service message API, WeCom
through message/send (both within the platform's own limits, e.g. 48 hours after the citizen last
wrote); the widget fetches its messages itself (bot/channels/widget.py) and REST at its next turn.
"""

import asyncio
import logging
import os
import re
import unicodedata
from typing import Optional

from assistant import staffed_hours
from bot.server import limits
from bot.store import handoff as store
from presentation.payload import Payload
from presentation.wording import msg

logger = logging.getLogger(__name__)

PUSHED = ("wechat", "wecom")  # the platform API delivers at once
POLLED = ("widget",)  # the channel fetches its own messages
# Requests for a person asked in conversation (typed, or the button's /request_human), per sender
# and per client address (REST and the widget set limits.CALLER): a flood of senders from one
# address cannot fill the staff queue.
REQUEST_LIMITS = limits.EndpointLimits("handoff_requests", per_sender=3, per_client=10)
CANCEL_WORDS = {"取消", "取消转人工", "不用了", "不用人工了", "返回", "返回智能助手", "cancel", "stop", "back"}


def _run(fn, *args, **kwargs):
    return asyncio.get_running_loop().run_in_executor(None, lambda: fn(*args, **kwargs))


def status(handoff: store.Handoff, relayed: bool = False) -> dict:
    """A `handoff` payload describing the request's state, for channels and clients."""
    extra = {"state": handoff.state, "id": handoff.id, "staffed": handoff.staffed}
    if relayed:
        extra["relayed"] = True
    return Payload(
        kind="handoff", language=handoff.language, topic="request_human", handoff=True, extra=extra
    ).to_dict()


def is_cancel(text: str) -> bool:
    plain = re.sub(r"[\s。.!！,，]+", "", unicodedata.normalize("NFKC", text or "")).lower()
    return plain in CANCEL_WORDS


class HandoffGate:
    """Installed into bot.runtime.resilience.gates by bot.channels.ops."""

    async def before(self, message) -> bool:
        """True when the message was handled here and must not reach the assistant."""
        sender, channel, output = message.sender_id, message.input_channel or "unknown", message.output_channel
        try:
            latest = await _run(store.latest, sender, channel=channel)
            if latest is None:
                return False
            if channel not in PUSHED + POLLED:
                for waiting in await _run(store.undelivered, sender, channel=channel):
                    await output.send_text_message(sender, waiting.text)
            if not latest.open or not latest.silences(staffed_hours.current()):
                return False
            text = (message.text or "").strip()
            if is_cancel(text):
                await _run(store.cancel, sender, channel=channel)
                await output.send_text_message(sender, msg("handoff_cancelled", latest.language))
                closed = await _run(store.latest, sender, channel=channel)
                await output.send_custom_json(sender, status(closed))
                return True
            if text and not text.startswith("/"):
                await _run(store.relay, latest.id, text)
            await output.send_custom_json(sender, status(latest, relayed=True))
            return True
        except Exception:
            logger.exception("hand-off gate: could not read the hand-off state; the assistant answers")
            return False

    async def after(self, message, replies: list) -> None:
        """Queue the request when the assistant's reply was a hand-off."""
        payload = next(
            (
                p
                for p in map(Payload.from_dict, (r.get("custom") for r in replies))
                if p is not None and p.kind == "handoff" and not p.extra.get("relayed")
            ),
            None,
        )
        if payload is None:
            return
        channel = message.input_channel or "unknown"
        if REQUEST_LIMITS.check_caller(limits.CALLER.get(), f"{channel}:{message.sender_id}"):
            await message.output_channel.send_text_message(message.sender_id, msg("rate_limited", payload.language))
            return
        try:
            await _run(
                store.open_request,
                message.sender_id,
                channel,
                language=payload.language,
                staffed=bool(payload.extra.get("staffed")),
                topic=payload.extra.get("about"),
                note=message.text,
            )
        except Exception:
            logger.exception("hand-off gate: could not queue the request")
            await message.output_channel.send_text_message(message.sender_id, msg("handoff_failed", payload.language))


# ---------------------------------------------------------------- delivery from the staff console

_apis: dict = {}


def _make_api(channel: str):
    """The platform API of a WeChat-family channel, configured like the channel itself. Importing
    the channels loads Rasa (seconds), so the staff console calls this off its event loop."""
    from bot.channels.wechat import OfficialAccountApi, WeChatInput
    from bot.channels.wecom import WeComApi, WeComInput
    from bot.channels.wx_store import make_store

    kind, api_class = {"wechat": (WeChatInput, OfficialAccountApi), "wecom": (WeComInput, WeComApi)}[channel]
    settings = kind.settings_from_env(os.environ)
    # the same token cache key as the channel: with Redis both share one access token
    return api_class(
        settings, make_store(settings.redis_url), f"{channel}:{settings.receiver_id or 'default'}:access_token"
    )


async def _api(channel: str):
    key = (channel, id(asyncio.get_running_loop()))
    if key not in _apis:
        _apis[key] = await _run(_make_api, channel)
    return _apis[key]


def preload() -> None:
    """Import the WeChat channels ahead of the first reply (call in a worker thread)."""
    import importlib

    for name in ("bot.channels.wechat", "bot.channels.wecom"):
        importlib.import_module(name)


async def deliver(handoff: store.Handoff, message: store.Message) -> Optional[bool]:
    """Send a stored staff reply or notice to the citizen, as stored (masked: what the citizen
    reads is what the project keeps).

    True/False when a platform API was asked (and says whether it took it); None when the
    citizen's channel fetches it itself (widget, REST). The stored message is updated to match.
    """
    if handoff.channel not in PUSHED:
        return None
    from bot.channels.wx_split import split_utf8

    user = handoff.conversation_id.split(":", 1)[1] if ":" in handoff.conversation_id else handoff.conversation_id
    api = await _api(handoff.channel)
    sent = True
    for part in split_utf8(message.text):
        if not await api.send_text(user, part):
            sent = False
            break
    await _run(store.set_delivery, message.id, sent)
    if not sent:
        logger.warning("hand-off %s: the %s API did not take the reply", handoff.id, handoff.channel)
    return sent
