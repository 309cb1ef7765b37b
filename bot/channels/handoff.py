"""The live hand-off on the channel side: the gate in front of the assistant.

Every channel (REST, the widget, WeChat, WeCom) passes a citizen's message to the agent, and
bot.runtime.resilience.guard_agent runs this gate around that one call, so no channel can bypass it:

- `before`: when the conversation's open request silences it (bot.store.handoff: a staff member
  has it, or it waits in the staffed period it was made in), the message is relayed to the staff
  queue (masked) instead of the assistant, and the turn answers only a `handoff` payload with
  `extra.relayed` and no text (WeChat sends nothing, the widget marks the message "sent to staff").
  "取消" / "cancel" withdraws an open request (also one noted outside staffed hours). REST gets
  waiting staff replies in-band here, since it has no other way to receive them.
- `after`: when the assistant's reply is a hand-off (action_handoff's payload), the request joins
  the staff queue — live while someone is on duty, else noted for the next shift.

Everything here is per channel (bot.store.handoff): a conversation id arriving over another
channel does not see, relay into or cancel a request, and receives none of its staff replies.

The gate fails open: if the project database cannot be read, the assistant answers as usual
(and the error is logged); a hand-off must never cost a citizen their answer.

Staff replies reach WeChat and WeCom through bot/wechat/delivery.py; the widget fetches its
messages itself (bot/channels/widget.py) and REST gets them here, at its next turn.
"""

import asyncio
import logging
import re
import unicodedata

from assistant import staffed_hours
from bot.server import limits
from bot.store import handoff as store
from bot.wechat.delivery import PUSHED
from presentation.payload import Payload
from presentation.wording import msg

logger = logging.getLogger(__name__)

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
            if not latest.open:
                return False
            text = (message.text or "").strip()
            if is_cancel(text):  # also a request noted outside staffed hours, which does not silence
                await _run(store.cancel, sender, channel=channel)
                await output.send_text_message(sender, msg("handoff_cancelled", latest.language))
                closed = await _run(store.latest, sender, channel=channel)
                await output.send_custom_json(sender, status(closed))
                return True
            if not latest.silences(staffed_hours.current()):
                return False
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
