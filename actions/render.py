"""The calculators' reply shape (actions/forms.py, actions/calc_render.py) until they move to presentation/."""
from dataclasses import dataclass, field

from presentation.answer import region_buttons  # noqa: F401  (the calculators' region question)


@dataclass
class Reply:
    text: str
    buttons: list = field(default_factory=list)
    payload: dict = field(default_factory=dict)
