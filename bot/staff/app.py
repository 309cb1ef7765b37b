"""The hotline staff console: a Sanic app of its own (python -m bot.staff serve), assembled from its
pages (bot/staff/pages, one module each) and what they share (bot/staff/web.py)."""

from __future__ import annotations

import itertools
import logging

from sanic import Sanic

from bot.server import limits
from bot.staff import auth, web
from bot.staff.pages import conversation, handoffs, laws, login, review, search, stats

PAGES = (login, search, laws, review, conversation, stats, handoffs)
_names = itertools.count()


def create_app(settings: auth.Settings = None) -> Sanic:
    app = Sanic(f"shebao_staff_{next(_names)}")
    limits.harden(app, max_body=64 * 1024)
    app.config.FORWARDED_SECRET = None
    app.ctx.site = web.Site(settings or auth.Settings.from_env())
    app.on_response(web.security_headers)
    app.exception(Exception)(web.on_error)
    for module in PAGES:
        for uri, methods, handler in module.ROUTES:
            app.add_route(handler, uri, methods=methods)
    app.after_server_start(search.warm_up)
    return app


def serve(host: str = "127.0.0.1", port: int = 5080) -> None:
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    app.run(host=host, port=port, access_log=False, motd=False, workers=1)


__all__ = ["create_app", "serve"]
