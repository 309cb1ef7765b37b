"""Send a Reply through the dispatcher: the first message with its buttons, then the typed payload."""


def send(dispatcher, reply) -> None:
    """reply: presentation.payload.Reply."""
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None, json_message=reply.payload.to_dict())
