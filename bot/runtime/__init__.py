"""Patches of Rasa and Sanic internals, each written for the versions in WRITTEN_FOR.

They replace private methods, so an upgrade of either library must be checked by hand:
tests/runtime/test_patches.py fails when an installed version differs from WRITTEN_FOR or a
patched attribute is gone. What each module patches, and why:
"""

# (module in bot.runtime, patched attribute as "import.path:Class.attribute", why)
PATCHES = (
    (
        "resilience",
        "rasa.core.actions.action:RemoteAction.run",
        "a failing action server answers with the 12333 apology instead of nothing",
    ),
    (
        "resilience",
        "rasa.core.lock_store:LockStore.lock",
        "a ticket that expired in the queue is replaced instead of waiting for ever",
    ),
    (
        "resilience",
        "rasa.core.agent:Agent.handle_message",
        "a failing tracker or lock store fails the turn politely instead of losing it",
    ),
    (
        "resilience",
        "rasa.core.tracker_store:FailSafeTrackerStore",
        "the fail-safe wrapper (which forgets conversations on errors) is unwrapped",
    ),
    (
        "speedups",
        "rasa.core.actions.action:RemoteAction._validate_action_result",
        "the action response schema is compiled once instead of on every call",
    ),
    (
        "deadline",
        "sanic.server.protocols.http_protocol:HttpProtocol.data_received",
        "a request's deadline is not extended by each byte a slow client sends",
    ),
    (
        "deadline",
        "sanic.server.protocols.http_protocol:HttpProtocol.check_timeouts",
        "only a client still sending is cut off, never a request waiting for a busy server",
    ),
    (
        "deadline",
        "sanic.server.protocols.http_protocol:HttpProtocol.connection_made",
        "connections beyond MAX_CONNECTIONS are closed at once",
    ),
    (
        "api_guard",
        "rasa.server:create_app",
        "malformed bodies of Rasa's HTTP API get 400 (app-level middleware, not a method patch)",
    ),
)

WRITTEN_FOR = {"rasa": "3.6.21", "sanic": "21.12.2", "jsonschema": "4.17.3"}

__doc__ += "\n".join(f"- {module}: {target} — {why}" for module, target, why in PATCHES)
