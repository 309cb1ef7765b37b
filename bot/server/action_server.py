"""The action server as the Rasa servers' private back end: rasa-sdk's app, closed.

    python -m bot.server.action_server [--actions actions] [--port 5055] [--host 127.0.0.1]

What differs from `rasa run actions`:
- it listens on 127.0.0.1 unless ACTION_HOST (or --host) says otherwise;
- POST /webhook and GET /actions need the shared secret ACTION_SERVER_TOKEN in the
  X-Action-Token header (compared in constant time; 401 otherwise). bot.runtime.resilience sends it from
  every Rasa server. GET /health stays open: it says nothing but "ok". Production
  (SHEBAO_ENV=production) refuses to start without a real secret (bot.server.production);
- no CORS (only the Rasa servers call it, never a browser);
- a 1 MB body limit and the connection cap of bot.server.limits, with a lenient request deadline
  (ACTION_REQUEST_TIMEOUT, 60 s): its one client is a Rasa server, whose event loop, busy with
  other turns, may send the body of a call seconds after its headers — not an attack, and cutting
  it off turned into the 12333 apology under load;
- an error answers 500 without echoing the request: rasa-sdk's own handler sends the whole
  tracker back and logs it, personal data included;
- Sanic keeps idle connections KEEP_ALIVE_TIMEOUT (15 s) seconds, longer than the Rasa side
  keeps them (bot.runtime.resilience: 5 s), so the client never writes into a connection this side has
  just closed (the stale keep-alive "Can not write request body" failures under load).
"""

import argparse
import hmac
import logging

from sanic import response

import settings
from bot.server import limits

logger = logging.getLogger(__name__)
TOKEN_HEADER = "X-Action-Token"
OPEN_PATHS = {"/health"}


def token() -> str:
    return settings.get().action_server_token


def authorised(request, expected: str) -> bool:
    supplied = request.headers.get(TOKEN_HEADER, "")
    return hmac.compare_digest(supplied.encode("utf-8", "replace"), expected.encode())


def create_app(actions: str = "actions"):
    from rasa_sdk.endpoint import create_app as sdk_app

    app = sdk_app(actions, cors_origins=None)
    limits.harden(app, max_body=limits.MB, request_timeout=settings.get().action_request_timeout)
    expected = token()

    @app.on_request
    async def require_token(request):
        if expected and request.path not in OPEN_PATHS and not authorised(request, expected):
            return response.json({"error": "unauthorised"}, status=401)
        return None

    @app.exception(Exception)
    async def on_error(request, exception):
        status = getattr(exception, "status_code", 500) or 500
        if status >= 500:
            logger.error(
                "action server error on %s: %s: %s",
                getattr(request, "path", "?"),
                type(exception).__name__,
                exception,
                exc_info=exception,
            )
            return response.json({"error": "internal error"}, status=500)
        return response.json({"error": str(exception)}, status=status)

    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="the project's action server (loopback, shared secret)")
    parser.add_argument("--actions", default="actions")
    parser.add_argument("--port", type=int, default=settings.get().action_port)
    parser.add_argument("--host", default=settings.get().action_host)
    args = parser.parse_args(argv)
    from bot.server import production

    production.refuse_unsafe("actions")
    if not token():
        logger.warning("ACTION_SERVER_TOKEN is not set: any local process can call this action server")
    app = create_app(args.actions)
    logger.info("action server on http://%s:%s", args.host, args.port)
    app.run(
        args.host,
        args.port,
        workers=1,
        access_log=False,
        motd=False,
        backlog=settings.get().sanic_backlog,
    )


if __name__ == "__main__":
    main()
