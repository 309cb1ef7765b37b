"""bot.runtime.resilience without servers: failing actions, failing stores and silent turns answer politely;
a lock ticket left by a crashed instance does not block a conversation for ever."""

import asyncio

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from servers import free_port

from bot.runtime import resilience

DOMAIN = Domain.from_yaml('version: "3.1"\nintents: [greet]\nactions: [action_answer]\n')


async def test_unreachable_action_server_answers_with_12333():
    resilience.install_graceful_actions()
    action = RemoteAction("action_answer", EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"))
    for text, expected in (("灵活就业怎么交社保", "12333"), ("how do I pay?", "12333 hotline")):
        tracker = DialogueStateTracker.from_events("s", [UserUttered(text, intent={"name": "greet"})])
        events = await action.run(CollectingOutputChannel(), None, tracker, DOMAIN)
        assert len(events) == 1 and isinstance(events[0], BotUttered)
        assert expected in events[0].text and events[0].data["custom"]["topic"] == "action_unavailable"


class FakeAgent:
    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.seen = []

    async def handle_message(self, message):
        self.seen.append(message.sender_id)
        return await self.behaviour(message)


async def test_failing_turn_gets_the_retry_message():
    async def fail(_message):
        raise ConnectionError("redis is down")

    agent = FakeAgent(fail)
    resilience.guard_agent(agent)
    collector = CollectingOutputChannel()
    await agent.handle_message(UserMessage("社保怎么交", collector, "u1", input_channel="rest"))
    assert "12333" in collector.messages[0]["text"]
    assert collector.messages[-1]["custom"]["topic"] == "service_unavailable"


async def test_silent_turn_gets_the_retry_message_but_restart_does_not():
    async def silent(_message):
        return None

    agent = FakeAgent(silent)
    resilience.guard_agent(agent)
    collector = CollectingOutputChannel()
    await agent.handle_message(UserMessage("hello there", collector, "u2", input_channel="rest"))
    assert "12333" in collector.messages[0]["text"]
    quiet = CollectingOutputChannel()
    await agent.handle_message(UserMessage("/restart", quiet, "u2", input_channel="rest"))
    assert quiet.messages == []


async def test_personal_conversation_id_is_masked_at_the_door():
    async def echo(message):
        await message.output_channel.send_text_message(message.sender_id, "ok")

    agent = FakeAgent(echo)
    resilience.guard_agent(agent)
    await agent.handle_message(UserMessage("hi", CollectingOutputChannel(), "13800138000", input_channel="rest"))
    await agent.handle_message(UserMessage("hi", CollectingOutputChannel(), "web-3f9a2c1d", input_channel="rest"))
    assert agent.seen[0].startswith("[PHONE:") and agent.seen[1] == "web-3f9a2c1d"


async def test_a_ticket_left_by_a_crashed_instance_does_not_block_for_ever():
    """Rasa 3.6 waits for ever when the waiting ticket expires together with a dead one."""
    from rasa.core.lock_store import InMemoryLockStore

    resilience.install_lock_recovery()
    store = InMemoryLockStore()
    store.issue_ticket("conversation", 1.0)  # the crashed instance's ticket: never cleaned up
    started = asyncio.get_running_loop().time()
    async with store.lock("conversation", lock_lifetime=1.0):
        waited = asyncio.get_running_loop().time() - started
    assert 0.9 <= waited < 3
    assert store.get_lock("conversation") is None  # cleaned up after the turn


async def test_turns_of_one_conversation_still_run_one_at_a_time():
    from rasa.core.lock_store import InMemoryLockStore

    resilience.install_lock_recovery()
    store, running, overlaps = InMemoryLockStore(), [], []

    async def turn():
        async with store.lock("c"):
            overlaps.append(len(running))
            running.append(1)
            await asyncio.sleep(0.05)
            running.pop()

    await asyncio.gather(*(turn() for _ in range(5)))
    assert overlaps == [0] * 5
