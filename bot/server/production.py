"""Production refuses to start with a missing or placeholder secret.

SHEBAO_ENV=production (deploy/local.py and docs/deploy.md set it) turns this on. Every server
checks what it needs before it serves: the Rasa servers need RASA_API_TOKEN (the HTTP API) and
ACTION_SERVER_TOKEN (to call the action servers); the action servers ACTION_SERVER_TOKEN; all of
them PRIVACY_HASH_KEY (the masking tags); the Rasa servers and the staff console CALLBACK_KEY (the
encryption of call-back numbers, bot.store.secrets). A value is refused when it is empty, shorter than 16
characters or a placeholder such as CHANGE_ME (deploy/env.example ships those on purpose).
"""

import sys
from typing import List

from bot.privacy.tags import is_placeholder, production

NEEDS = {
    "rasa": ("PRIVACY_HASH_KEY", "RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "CALLBACK_KEY"),
    "actions": ("PRIVACY_HASH_KEY", "ACTION_SERVER_TOKEN"),
    "staff": ("PRIVACY_HASH_KEY", "CALLBACK_KEY"),
}


def problems(program: str, environ=None) -> List[str]:
    import os

    env = os.environ if environ is None else environ
    return [
        f"{name} is missing or a placeholder" for name in NEEDS.get(program, ()) if is_placeholder(env.get(name, ""))
    ]


def refuse_unsafe(program: str) -> None:
    """Exit with status 2 and the reasons when production lacks a secret this program needs."""
    if not production():
        return
    found = problems(program)
    if found:
        print(
            f"refusing to start {program} in production: "
            + "; ".join(found)
            + " (set real secrets of at least 16 characters; see docs/deploy.md)",
            file=sys.stderr,
        )
        raise SystemExit(2)
