"""A stand-in for the Rasa agent that answers like the real actions do (for the hand-off tests
that are about the gate and the channels, not about the model)."""

from actions.dispatch import send
from assistant.staffed_hours import Schedule
from presentation.handoff import requested

ANSWER = "助手的回答"


class Dispatcher:
    """What actions.dispatch.send needs: utter_message into the turn's output channel."""

    def __init__(self):
        self.calls = []

    def utter_message(self, text=None, buttons=None, json_message=None):
        self.calls.append((text, json_message))


class FakeAgent:
    """Answers every message, and a request for a person the way action_handoff does."""

    def __init__(self):
        self.seen = []

    async def handle_message(self, message):
        self.seen.append(message.text)
        out, sender = message.output_channel, message.sender_id
        if message.text in ("转人工", "/request_human"):
            dispatcher = Dispatcher()
            send(dispatcher, requested("zh", Schedule.from_env()))
            for text, custom in dispatcher.calls:
                await out.send_text_message(sender, text)
                await out.send_custom_json(sender, custom)
        else:
            await out.send_text_message(sender, ANSWER)
