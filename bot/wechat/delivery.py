"""Staff replies pushed to WeChat and WeCom citizens by the platforms' APIs.

WeChat through the customer-service message API, WeCom through message/send (both within the
platform's own limits, e.g. 48 hours after the citizen last wrote). The widget fetches its
messages itself (bot/channels/widget.py) and REST at its next turn (bot/channels/handoff.py).
"""

import asyncio
import logging
from typing import Optional

from bot.store import handoff as store
from bot.wechat.platforms import PLATFORMS
from bot.wechat.split import split_utf8
from bot.wechat.store import make_store

logger = logging.getLogger(__name__)

PUSHED = tuple(PLATFORMS)  # the platform API delivers at once

_apis: dict = {}


def _run(fn, *args):
    return asyncio.get_running_loop().run_in_executor(None, fn, *args)


def _make_api(channel: str):
    """The platform API of a WeChat-family channel, configured like the channel itself."""
    settings_from_env, api_class = PLATFORMS[channel]
    settings = settings_from_env()
    # the same token cache key as the channel: with Redis both share one access token
    return api_class(
        settings, make_store(settings.redis_url), f"{channel}:{settings.receiver_id or 'default'}:access_token"
    )


async def _api(channel: str):
    key = (channel, id(asyncio.get_running_loop()))
    if key not in _apis:
        _apis[key] = await _run(_make_api, channel)
    return _apis[key]


async def deliver(handoff: store.Handoff, message: store.Message) -> Optional[bool]:
    """Send a stored staff reply or notice to the citizen, as stored (masked: what the citizen
    reads is what the project keeps).

    True/False when a platform API was asked (and says whether it took it); None when the
    citizen's channel fetches it itself (widget, REST). The stored message is updated to match.
    """
    if handoff.channel not in PUSHED:
        return None
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
