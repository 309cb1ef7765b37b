"""Send a Reply through the dispatcher: the first message with its buttons, then the typed payload."""
from presentation.payload import Payload


def send(dispatcher, reply) -> None:
    payload = reply.payload.to_dict() if isinstance(reply.payload, Payload) else reply.payload
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None, json_message=payload or None)
