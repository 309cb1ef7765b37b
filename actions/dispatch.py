"""Send a rendered Reply through the dispatcher: text + buttons, then the machine payload."""
from actions.render import Reply


def send(dispatcher, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None,
                             json_message=reply.payload or None)
