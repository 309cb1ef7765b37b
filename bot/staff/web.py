"""What every page of the console shares: the templates, reading arguments and forms, cookies,
the staff-only guard (session, CSRF token, same origin), security headers and error pages.

Every page and API needs a signed-in staff member (server-side session, HttpOnly SameSite=Strict
cookie); state-changing requests also need the session's CSRF token and a same-origin Origin or
Referer. Only /login and the two static files are public, and they hold no data.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import urllib.parse
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import response
from sanic.exceptions import SanicException

from bot.staff import auth, handoffs, labels, review
from presentation.wording import msg, table

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "staff_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
NOT_HTML = ("/api/", "/export/", "/results")  # paths that answer JSON or files, never a page


class BadInput(SanicException):
    status_code = 400


def templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # t(key): a catalogue entry as "中文 English" (presentation/wording/staff.yml); msg(key, lang): one language
    env.globals.update(
        t=labels.pair, msg=msg, reasons=review.REASONS, local_time=review.local_time, group_id=review.group_id
    )
    words = {name: labels.pair("staff_js_" + name) for name in table("staff_js_", "zh")}
    env.globals["script_words"] = {**words, "delivery": handoffs.DELIVERY}
    env.filters["pct"] = lambda v: "—" if v is None else f"{v * 100:.0f}%"
    env.filters["conf"] = lambda v: "" if v is None else f"{float(v):.2f}"
    env.filters["urlq"] = lambda v: urllib.parse.quote(str(v or ""), safe="")
    return env


async def blocking(fn, *args, **kwargs):
    """Run database / CPU work off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args, **kwargs))


def arg(request, name: str, limit: int = 100) -> str:
    value = request.args.get(name, "")
    return str(value)[:limit].strip() if value is not None else ""


def form(request, name: str, limit: int = 1000) -> str:
    try:
        fields = request.form or {}
    except Exception:  # a malformed body is simply no form
        return ""
    value = fields.get(name, "")
    return str(value)[:limit] if value is not None else ""


def wants_json(request) -> bool:
    return request.headers.get("accept", "").startswith("application/json")


def safe_next(target: str) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or "\n" in target:
        return "/"
    return target[:500]


def same_origin(request) -> bool:
    """Origin (or, without it, Referer) must name this host; a request with neither passes on the token alone."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin:
        return urllib.parse.urlsplit(origin).netloc == host and origin != "null"
    referer = request.headers.get("referer")
    if referer:
        return urllib.parse.urlsplit(referer).netloc == host
    return True


class Site:
    """What one console app's pages share: its settings and its templates (app.ctx.site)."""

    def __init__(self, settings: auth.Settings):
        self.settings, self.env = settings, templates()


def site_of(request) -> Site:
    return request.app.ctx.site


def page(request, template: str, code: int = 200, **context):
    staff = getattr(request.ctx, "staff", None)
    html = site_of(request).env.get_template(template).render(staff=staff, path=request.path, **context)
    return response.html(html, status=code)


def fragment(request, template: str, **context) -> str:
    return site_of(request).env.get_template(template).render(**context)


def set_cookie(request, resp, name, value, max_age: int, path: str = "/"):
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = path
    cookie["max-age"] = max_age
    if site_of(request).settings.secure_cookie:
        cookie["secure"] = True


def clear_cookie(request, resp, name, path: str = "/"):
    set_cookie(request, resp, name, "", 0, path)


def refuse(request):
    """Not signed in: pages send the browser to the log-in form, APIs answer 401."""
    if request.method == "GET" and not request.path.startswith(NOT_HTML):
        target = request.path + (("?" + request.query_string) if request.query_string else "")
        resp = response.redirect("/login?next=" + urllib.parse.quote(target, safe=""), status=303)
    else:
        resp = response.json({"error": "login required"}, status=401)
    if request.cookies.get(SESSION_COOKIE):
        clear_cookie(request, resp, SESSION_COOKIE)
    return resp


def staff_only(handler):
    """Signed-in staff only; a state-changing request also needs the CSRF token and the same origin."""

    @functools.wraps(handler)
    async def wrapper(request, *args, **kwargs):
        staff = await blocking(auth.current_staff, request.cookies.get(SESSION_COOKIE), site_of(request).settings)
        if staff is None:
            return refuse(request)
        request.ctx.staff = staff
        if request.method not in SAFE_METHODS:
            supplied = request.headers.get("x-csrf-token") or form(request, "csrf", 200)
            if not same_origin(request) or not auth.csrf_ok(staff, supplied):
                return page(request, "error.html", code=403, title="403", message=labels.pair("staff_error_csrf"))
        return await handler(request, *args, **kwargs)

    return wrapper


async def security_headers(request, resp):
    resp.headers.setdefault("Content-Security-Policy", CSP)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Referrer-Policy"] = "same-origin"
    if request is None or not request.path.startswith("/static/"):
        resp.headers["Cache-Control"] = "no-store"


async def on_error(request, exc):
    """Errors as a page, or JSON for the APIs; an unexpected one is logged and says nothing more."""
    if isinstance(exc, SanicException):
        status = getattr(exc, "status_code", 500) or 500
        message = str(exc) or labels.pair("staff_error_bad_request")
    else:
        log.exception("staff console error")
        status, message = 500, labels.pair("staff_error_internal")
    if request is None:
        return response.text(message, status=status)
    if request.path.startswith(NOT_HTML):
        return response.json({"error": message}, status=status)
    try:
        return page(request, "error.html", code=status, title=str(status), message=message)
    except Exception:
        return response.text(message, status=status)


def period_of(get, request) -> review.Period:
    """The review period from query arguments (get=arg) or a form (get=form); a clear 400 when malformed."""
    try:
        return review.Period.parse(get(request, "from", 10), get(request, "to", 10))
    except ValueError as exc:
        raise BadInput(f"{labels.pair('staff_error_period')}: {exc}") from None
