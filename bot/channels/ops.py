"""Operations endpoints of one Rasa instance: health, readiness, Prometheus metrics.

Mounted by Rasa at /webhooks/ops/ (credentials.yml: ``bot.channels.ops.OpsInput:``):

    GET /webhooks/ops/health    200 while the process serves HTTP (liveness)
    GET /webhooks/ops/ready     200 when the model is loaded and the tracker store (SQL) and the
                                lock store (Redis) answer; 503 with the failing check otherwise
    GET /webhooks/ops/metrics   Prometheus text format, this instance only

It also installs, once the server has started, the limits of bot.server.limits (1 MB bodies, a total
request deadline, timeouts, a connection cap), app-level middleware that measures every HTTP
request (count by channel/method/status class, latency histogram by channel) and refuses
malformed Rasa HTTP API bodies with 400 (bot.runtime.api_guard), bot.runtime.resilience (graceful answers when
the action server, the database or Redis fail) and the live hand-off's gate around every turn
(bot.channels.handoff: no assistant answers in a conversation a person is handling). Turns,
fallbacks and errors are counted per channel (rest, socketio, widget, wechat, wecom …).
Scrape each instance directly (not through the load balancer): the numbers are per process.
"""

import asyncio
import logging
import time
from typing import Dict, Optional, Text

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response

from bot.channels.handoff import HandoffGate
from bot.runtime import api_guard, resilience, speedups
from bot.server import limits
from bot.store import tracker_store as masking_store

logger = logging.getLogger(__name__)

READY_CHECK_TIMEOUT = 3.0
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60)
FALLBACK_INTENTS = {"nlu_fallback"}
FALLBACK_ACTIONS = {"action_clarify", "action_default_fallback"}

# One registry per process (not the global default) so importing this module twice in tests
# cannot register a metric twice.
REGISTRY = CollectorRegistry(auto_describe=True)
HTTP_REQUESTS = Counter(
    "shebao_http_requests_total",
    "HTTP requests by channel, method and status class",
    ["channel", "method", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "shebao_http_request_seconds",
    "HTTP request latency by channel",
    ["channel"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
TURNS = Counter(
    "shebao_turns_total",
    "User messages handled, by channel and outcome (ok/failed)",
    ["channel", "outcome"],
    registry=REGISTRY,
)
TURN_LATENCY = Histogram(
    "shebao_turn_seconds",
    "Time to handle one user message, by channel",
    ["channel"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
FALLBACKS = Counter(
    "shebao_fallbacks_total",
    "Turns answered with a clarification or fallback, by channel",
    ["channel"],
    registry=REGISTRY,
)
ERRORS = Counter(
    "shebao_errors_total",
    "Errors by channel and kind (http_5xx, turn_failed, action_failed)",
    ["channel", "kind"],
    registry=REGISTRY,
)
READY = Gauge("shebao_ready", "1 when the last readiness check passed", registry=REGISTRY)
STARTED = Gauge("shebao_start_time_seconds", "Unix time this instance started", registry=REGISTRY)

_known_channels = {"rest", "socketio", "ops", "widget", "wechat", "wecom"}


def channel_of_path(path: Text) -> Text:
    if path.startswith("/socket.io"):
        return "socketio"
    if path.startswith("/webhooks/"):
        name = path.split("/")[2]
        return name if name in _known_channels else "other"
    return "api"


def _status_class(status: int) -> Text:
    return f"{status // 100}xx"


# --- observers for bot.runtime.resilience and the tracker store --------------------------------------
def _on_turn(channel: Text, seconds: float, outcome: Text) -> None:
    channel = channel if channel in _known_channels else "other"
    TURNS.labels(channel, outcome).inc()
    TURN_LATENCY.labels(channel).observe(seconds)
    if outcome != "ok":
        ERRORS.labels(channel, "turn_failed" if outcome == "failed" else f"turn_{outcome}").inc()


def _on_action_failure(channel: Text, _action: Text) -> None:
    ERRORS.labels(channel if channel in _known_channels else "other", "action_failed").inc()


def _on_save(tracker, stored_events) -> None:
    if not any(event.get("event") == "user" for event in stored_events):
        return
    fallback = any(
        (
            event.get("event") == "user"
            and ((event.get("parse_data") or {}).get("intent") or {}).get("name") in FALLBACK_INTENTS
        )
        or (event.get("event") == "action" and event.get("name") in FALLBACK_ACTIONS)
        for event in stored_events
    )
    if fallback:
        channel = tracker.get_latest_input_channel() or "unknown"
        FALLBACKS.labels(channel if channel in _known_channels else "other").inc()


# --- readiness -------------------------------------------------------------------------------
def _tracker_store_check(agent) -> Optional[str]:
    store = getattr(agent, "tracker_store", None)
    store = getattr(store, "_tracker_store", store)  # Rasa's FailSafe wrapper, if still there
    if hasattr(store, "ping"):
        store.ping()
        return "ok"
    return f"not checked ({type(store).__name__})"


def _lock_store_check(agent) -> Optional[str]:
    store = getattr(agent, "lock_store", None)
    client = getattr(store, "red", None)
    if client is not None:
        client.ping()
        return "ok"
    return f"not checked ({type(store).__name__})"


async def readiness(app) -> Dict[str, str]:
    agent = getattr(app.ctx, "agent", None)
    checks = {"model": "ok" if agent is not None and agent.is_ready() else "not loaded"}
    loop = asyncio.get_running_loop()
    for name, check in (("tracker_store", _tracker_store_check), ("lock_store", _lock_store_check)):
        if agent is None:
            checks[name] = "no agent"
            continue
        try:
            checks[name] = await asyncio.wait_for(loop.run_in_executor(None, check, agent), READY_CHECK_TIMEOUT)
        except asyncio.TimeoutError:
            checks[name] = "timeout"
        except Exception as error:
            checks[name] = f"error: {type(error).__name__}"
    return checks


def _is_ok(value: str) -> bool:
    return value == "ok" or value.startswith("not checked")


# --- middleware ----------------------------------------------------------------------------
async def _before(request):
    request.ctx.shebao_started = time.perf_counter()
    if (
        request.path.startswith("/conversations/")
        and api_guard.authorised(request)
        and api_guard.personal_conversation(request)
    ):
        return api_guard.refuse("conversation not found", 404)
    reason = api_guard.problem(request)
    if reason:
        return api_guard.refuse(reason)
    return None


async def _after(request, resp):
    started = getattr(request.ctx, "shebao_started", None)
    channel = channel_of_path(request.path)
    status = getattr(resp, "status", 500)
    HTTP_REQUESTS.labels(
        channel,
        request.method if request.method in {"GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"} else "OTHER",
        _status_class(status),
    ).inc()
    if started is not None:
        HTTP_LATENCY.labels(channel).observe(time.perf_counter() - started)
    if status >= 500:
        ERRORS.labels(channel, "http_5xx").inc()
    if channel != "ops":
        resilience.guard_agent(getattr(request.app.ctx, "agent", None))  # a model swapped by the API


def _drop_app_wide_cors(app) -> None:
    """Rasa applies sanic_cors to every route (`--cors`); CORS here is the widget's business, for
    its own routes and WIDGET_ORIGINS only (bot.channels.widget), so Rasa's middleware goes."""
    from sanic_cors.extension import unapplied_cors_request_middleware, unapplied_cors_response_middleware

    cors = (unapplied_cors_request_middleware, unapplied_cors_response_middleware)
    for chain in (app.request_middleware, app.response_middleware):
        for middleware in [m for m in chain if getattr(m, "func", None) in cors]:
            chain.remove(middleware)


def install(app) -> None:
    """Middleware, observers and bot.runtime.resilience on the Rasa server `app` (idempotent)."""
    if getattr(app.ctx, "shebao_ops_installed", False):
        resilience.guard_agent(getattr(app.ctx, "agent", None))
        return
    app.ctx.shebao_ops_installed = True
    limits.harden(app, max_body=limits.MB)
    _drop_app_wide_cors(app)
    for channel in getattr(app.ctx, "input_channels", []) or []:
        _known_channels.add(channel.name())
    app.register_middleware(_before, "request")
    app.register_middleware(_after, "response")
    resilience.on_turn = _on_turn
    resilience.on_action_failure = _on_action_failure
    if not any(isinstance(gate, HandoffGate) for gate in resilience.gates):
        resilience.gates.append(HandoffGate())
    if _on_save not in masking_store.SAVE_HOOKS:
        masking_store.SAVE_HOOKS.append(_on_save)
    resilience.install(app)
    STARTED.set(time.time())


class OpsInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "ops"

    def blueprint(self, on_new_message) -> Blueprint:
        from bot.server import production

        production.refuse_unsafe("rasa")
        ops = Blueprint("shebao_ops", __name__)
        speedups.install()
        resilience.install_graceful_actions()
        resilience.install_lock_recovery()

        @ops.listener("after_server_start")
        async def _install(app, _loop):
            install(app)

        @ops.route("/", methods=["GET"])
        @ops.route("/health", methods=["GET"])
        async def health(_request):
            return response.json({"status": "ok"})

        @ops.route("/ready", methods=["GET"])
        async def ready(request):
            checks = await readiness(request.app)
            ok = all(_is_ok(value) for value in checks.values())
            READY.set(1 if ok else 0)
            return response.json({"ready": ok, "checks": checks}, status=200 if ok else 503)

        @ops.route("/metrics", methods=["GET"])
        async def metrics(_request):
            return response.raw(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)

        return ops
