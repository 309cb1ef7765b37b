"""Graceful degradation inside the Rasa server: never a silent turn, never a 500.

What Rasa 3.6 does by itself when something behind it fails, and what this module changes:

- **Action server unreachable or failing** (connection refused, 5xx, timeout): Rasa's
  RemoteAction raises, MessageProcessor logs "the actions events are lost" and the user gets
  *no reply at all* (an empty list on REST). Here the failed action instead answers with a
  short apology in the user's language that points to 12333 and the local office
  (`install_graceful_actions`, a wrapper around RemoteAction.run; rejections, which Rasa
  handles itself, pass through).
- **Tracker store (PostgreSQL) or lock store (Redis) unreachable**: Rasa wraps every tracker
  store in FailSafeTrackerStore, which on a failed read continues with an *empty* tracker and on
  a failed write keeps the conversation in that instance's memory; with several instances this
  forgets the region, splits conversations and loses turns without telling anyone; a Redis
  failure raises out of the turn (REST answers an empty list). Here a failing store fails the
  turn and the user is asked, politely, to send the message again (or call 12333); nothing is
  half-stored, and the next turn after the database or Redis is back works normally
  (`guard_agent`, a wrapper around Agent.handle_message, and `unwrap_fail_safe`).
- **A lock ticket that expires while it waits** (Rasa's ticket lock: a crashed instance leaves
  its ticket in Redis; a turn retried on another instance queues behind it, and when both tickets
  expire together the waiting one is never served — the request hangs until the client gives
  up): the waiting turn takes a new ticket instead, and no turn waits longer than the ticket
  lifetime plus a margin (then it gets the polite retry message). `install_lock_recovery`, a
  replacement for LockStore.lock with the same tickets and the same Redis keys.
- **Calls to the action server** go through one pooled HTTP session per process
  (`ActionClient`) instead of Rasa's new session and new connection per call: at most
  ACTION_CONNECTIONS (32) connections, kept idle for 5 s — less than the action server keeps them
  (bot.server.action_server: 30 s), so the client never writes into a connection the server has just
  closed — and a call whose connection is reset or dropped is sent once more. Each call carries
  the shared secret ACTION_SERVER_TOKEN (header X-Action-Token) that the action server requires.
- **A turn that produced no reply at all** (REST, widget and other collecting channels; e.g.
  Rasa's circuit breaker stopped a prediction loop): the same polite retry message.
- **A conversation ID that is personal data** (a phone number as REST sender): replaced by its
  masked form at the door (`guard_agent`), so actions, project tables and logs never see it.

bot.channels.ops installs all of this when the Rasa server starts (it is listed in
credentials.yml), and counts every degraded turn in its Prometheus metrics.
"""

import asyncio
import functools
import logging
import time
from contextlib import asynccontextmanager
from typing import Callable, Optional

import settings
from assistant.language import detect
from bot.privacy import mask_text, storage_key
from presentation.payload import Payload
from presentation.wording import msg

logger = logging.getLogger(__name__)

# Observers (set by bot.channels.ops): on_turn(channel, seconds, outcome), outcome in
# {"ok", "failed", "silent"}; on_action_failure(channel, action_name).
on_turn: Optional[Callable] = None
on_action_failure: Optional[Callable] = None

# Gates around every turn (bot.channels.ops installs the live hand-off's, bot.channels.handoff):
# `await gate.before(message)` is True when the gate handled the message without the assistant;
# `await gate.after(message, replies)` sees what the assistant sent (collecting channels).
gates: list = []

# Rasa's control payloads that legitimately produce no reply.
SILENT_COMMANDS = {"/restart", "/session_start"}


def language_of(text: Optional[str], previous: Optional[str] = None) -> str:
    return detect(text or "", previous)


def payload(kind: str, language: str) -> dict:
    """The typed payload of an apology: which service failed, and that resending helps."""
    return Payload(
        kind="unavailable",
        language=language,
        topic="service_unavailable" if kind == "unavailable" else "action_unavailable",
        extra={"retry": True, "hotline": "12333"},
    ).to_dict()


# --- action server ---------------------------------------------------------------------------
ACTION_KEEPALIVE_SECONDS = 5.0


class ActionClient:
    """The action endpoint's HTTP client: pooled, authenticated, retried once on a reset."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self._sessions = {}

    def _session(self):
        import aiohttp

        loop = asyncio.get_running_loop()
        session = self._sessions.get(id(loop))
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(
                limit=settings.get().action_connections,
                keepalive_timeout=ACTION_KEEPALIVE_SECONDS,
            )
            session = self._sessions[id(loop)] = aiohttp.ClientSession(connector=connector)
        return session

    def headers(self, content_type: Optional[str]) -> dict:
        headers = {"Content-Type": content_type} if content_type else {}
        headers.update(self.endpoint.headers or {})
        secret = settings.get().action_server_token
        if secret:
            headers["X-Action-Token"] = secret
        return headers

    async def request(
        self,
        method: str = "post",
        subpath: Optional[str] = None,
        content_type: Optional[str] = "application/json",
        compress: bool = False,
        **kwargs,
    ):
        """EndpointConfig.request's contract (JSON or None; ClientResponseError on >= 400)."""
        import aiohttp
        from aiohttp.client_exceptions import ContentTypeError
        from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
        from rasa.utils.endpoints import ClientResponseError, concat_url

        url = concat_url(self.endpoint.url, subpath)
        headers = {**self.headers(content_type), **kwargs.pop("headers", {})}
        params = self.endpoint.combine_parameters(kwargs)
        timeout = kwargs.pop("timeout", DEFAULT_REQUEST_TIMEOUT)
        for attempt in (1, 2):
            try:
                async with self._session().request(
                    method,
                    url,
                    headers=headers,
                    params=params,
                    compress=compress,
                    timeout=aiohttp.ClientTimeout(total=timeout),
                    **kwargs,
                ) as response:
                    if response.status >= 400:
                        raise ClientResponseError(response.status, response.reason, await response.content.read())
                    try:
                        return await response.json()
                    except ContentTypeError:
                        return None
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as error:
                if attempt == 2:
                    raise
                logger.warning("action server connection lost (%s); sending the call once more", type(error).__name__)


def _action_client(action) -> None:
    """Give a RemoteAction the pooled client (once per endpoint object)."""
    endpoint = getattr(action, "action_endpoint", None)
    if endpoint is None or getattr(endpoint, "_shebao_client", None) is not None:
        return
    client = _CLIENTS.get(endpoint.url)
    if client is None:
        client = _CLIENTS[endpoint.url] = ActionClient(endpoint)
    endpoint._shebao_client = client
    endpoint.request = client.request


_CLIENTS: dict = {}


def install_graceful_actions() -> None:
    """Make a failing custom action answer with the 12333 apology instead of nothing."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    if getattr(RemoteAction.run, "_shebao_graceful", False):
        return
    original = RemoteAction.run

    @functools.wraps(original)
    async def run(self, output_channel, nlg, tracker, domain):
        try:
            _action_client(self)
            return await original(self, output_channel, nlg, tracker, domain)
        except (ActionExecutionRejection, asyncio.CancelledError):
            raise
        except Exception as error:
            from rasa.shared.core.events import BotUttered

            latest = tracker.latest_message
            language = language_of(
                latest.text if latest else None, tracker.get_slot("language") if "language" in tracker.slots else None
            )
            channel = tracker.get_latest_input_channel() or "unknown"
            cause = error.__cause__ or error.__context__
            logger.error(
                "custom action %s failed (%s: %s%s); answered with the 12333 message",
                self.name(),
                type(error).__name__,
                error,
                f"; cause {type(cause).__name__}: {str(cause)[:200]}" if cause else "",
            )
            if on_action_failure:
                on_action_failure(channel, self.name())
            return [
                BotUttered(
                    msg("action_failed", language),
                    data={"custom": payload("action_failed", language)},
                    metadata={"degraded": "action_server"},
                )
            ]

    run._shebao_graceful = True
    RemoteAction.run = run


# --- lock store ----------------------------------------------------------------------------
LOCK_POLL_SECONDS = 0.2  # Rasa polls every second; a waiting turn is served sooner this way
LOCK_WAIT_MARGIN = 10.0  # seconds a turn may wait beyond one ticket lifetime


def install_lock_recovery() -> None:
    """LockStore.lock without the endless wait for a ticket that expired in the queue."""
    from rasa.core import lock_store as module

    if getattr(module.LockStore.lock, "_shebao_recovering", False):
        return

    @asynccontextmanager
    async def lock(self, conversation_id, lock_lifetime=None, wait_time_in_seconds: float = 1):
        lifetime = lock_lifetime or module.LOCK_LIFETIME
        poll = min(wait_time_in_seconds, LOCK_POLL_SECONDS)
        ticket = self.issue_ticket(conversation_id, lifetime)
        deadline = time.monotonic() + lifetime + LOCK_WAIT_MARGIN
        try:
            while True:
                current = self.get_lock(conversation_id)
                if current is None or ticket not in {t.number for t in current.tickets}:
                    # our ticket expired while we waited (Rasa would now wait for ever): queue again
                    ticket = self.issue_ticket(conversation_id, lifetime)
                    continue
                if not current.is_locked(ticket):
                    break
                if time.monotonic() > deadline:
                    raise module.LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                await asyncio.sleep(poll)
                self.update_lock(conversation_id)
            yield current
        finally:
            self.cleanup(conversation_id, ticket)

    lock._shebao_recovering = True
    module.LockStore.lock = lock


# --- tracker store / lock store ------------------------------------------------------------
def unwrap_fail_safe(agent) -> bool:
    """Use our tracker store directly (see module doc); True when something was unwrapped."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    from bot.store.tracker_store import MaskingSQLTrackerStore

    store = getattr(agent, "tracker_store", None)
    inner = getattr(store, "_tracker_store", None)
    if not (isinstance(store, FailSafeTrackerStore) and isinstance(inner, MaskingSQLTrackerStore) and inner.fail_fast):
        return False
    agent.tracker_store = inner
    if getattr(agent, "processor", None) is not None:
        agent.processor.tracker_store = inner
    return True


def guard_agent(agent) -> None:
    """Wrap agent.handle_message: a failing turn answers politely instead of silently."""
    if agent is None or getattr(agent.handle_message, "_shebao_guarded", False):
        return
    unwrap_fail_safe(agent)
    original = agent.handle_message

    async def handle_message(message):
        message.input_channel = mask_text(message.input_channel)  # REST clients choose it freely
        channel = message.input_channel or "unknown"
        if isinstance(message.sender_id, str):
            # A conversation ID that is itself personal data (a phone number as REST sender) is
            # replaced by its masked form before anything sees it: tracker, actions, project
            # tables, logs, lock keys. Ordinary IDs (UUIDs, WeChat OpenIDs) are unchanged.
            message.sender_id = storage_key(message.sender_id)
        started = time.perf_counter()
        outcome = "ok"
        output = message.output_channel
        collected = getattr(output, "messages", None)
        before = len(collected) if isinstance(collected, list) else None
        try:
            if (
                getattr(agent, "processor", None) is not None
                and agent.processor.tracker_store is not agent.tracker_store
            ):
                unwrap_fail_safe(agent)  # a model loaded through the HTTP API made a new processor
            for gate in gates:
                if await gate.before(message):
                    return collected if before is not None else None
            result = await original(message)
            if before is not None:
                for gate in gates:
                    await gate.after(message, collected[before:])
            if before is not None and len(collected) == before and (message.text or "").strip() not in SILENT_COMMANDS:
                # Rasa produced nothing (e.g. its circuit breaker stopped a prediction loop)
                outcome = "silent"
                logger.error("turn on channel %s produced no reply; answered with the retry message", channel)
                await _apologise(message)
            return result
        except asyncio.CancelledError:
            outcome = "failed"
            raise
        except Exception as error:
            outcome = "failed"
            logger.error(
                "turn failed on channel %s (%s: %s); answered with the retry message",
                channel,
                type(error).__name__,
                error,
                exc_info=True,
            )
            await _apologise(message)
            from rasa.core.channels.channel import CollectingOutputChannel

            output = message.output_channel
            return output.messages if isinstance(output, CollectingOutputChannel) else None
        finally:
            if on_turn:
                on_turn(channel, time.perf_counter() - started, outcome)

    handle_message._shebao_guarded = True
    agent.handle_message = handle_message


async def _apologise(message) -> None:
    language = language_of(message.text)
    try:
        await message.output_channel.send_text_message(message.sender_id, msg("unavailable", language))
        await message.output_channel.send_custom_json(message.sender_id, payload("unavailable", language))
    except Exception:  # the client may be gone (socket closed); nothing more to do
        logger.warning("could not deliver the retry message on %s", message.input_channel)


def install(app) -> None:
    """Everything above, for the Rasa server `app` (after its agent is loaded)."""
    install_graceful_actions()
    install_lock_recovery()
    guard_agent(getattr(app.ctx, "agent", None))
