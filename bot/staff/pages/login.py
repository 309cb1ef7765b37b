"""Log-in, log-out and the two public static files (they hold no data).

The log-in form carries its own CSRF token in a cookie scoped to /login; a wrong password, a
throttled account or an expired form each get the form again with a clear message.
"""

from __future__ import annotations

import re
import secrets

from sanic import response
from sanic.exceptions import SanicException

from bot.server import limits
from bot.staff import auth, labels
from bot.staff.web import (
    HERE,
    SESSION_COOKIE,
    arg,
    blocking,
    clear_cookie,
    form,
    page,
    safe_next,
    same_origin,
    set_cookie,
    site_of,
    staff_only,
)

LOGIN_CSRF_COOKIE = "staff_login_csrf"
STATIC = {"staff.css": "text/css; charset=utf-8", "staff.js": "application/javascript; charset=utf-8"}


async def static(request, name):
    if name not in STATIC:
        raise SanicException("not found", status_code=404)
    body = (HERE / "static" / name).read_bytes()
    return response.raw(body, content_type=STATIC[name], headers={"Cache-Control": "max-age=300"})


async def favicon(request):
    return response.empty(status=204)


async def login_form(request):
    settings = site_of(request).settings
    staff = await blocking(auth.current_staff, request.cookies.get(SESSION_COOKIE), settings)
    target = safe_next(arg(request, "next", 500))
    if staff is not None:
        return response.redirect(target, status=303)
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", token):
        token = secrets.token_urlsafe(24)
    resp = page(request, "login.html", next=target, csrf=token, error=None)
    set_cookie(request, resp, LOGIN_CSRF_COOKIE, token, 3600, path="/login")
    return resp


async def login_submit(request):
    settings = site_of(request).settings
    target = safe_next(form(request, "next", 500))
    username = form(request, "username", 64).strip()
    password = form(request, "password", auth.MAX_PASSWORD_CHARS)
    new_token = secrets.token_urlsafe(24)

    def again(message, status):
        resp = page(request, "login.html", code=status, next=target, csrf=new_token, error=message)
        set_cookie(request, resp, LOGIN_CSRF_COOKIE, new_token, 3600, path="/login")
        return resp

    if not _form_token_ok(request):
        return again(labels.pair("staff_login_expired"), 403)
    if not username or not password:
        return again(labels.pair("staff_login_missing"), 400)
    client = limits.client_address(request)
    try:
        result = await blocking(auth.login, username, password, client, settings)
    except auth.RateLimited as limited:
        resp = again(labels.pair("staff_login_limited", minutes=limited.retry_after // 60 + 1), 429)
        resp.headers["Retry-After"] = str(limited.retry_after)
        return resp
    if result is None:
        return again(labels.pair("staff_login_wrong"), 401)
    token, _staff = result
    resp = response.redirect(target, status=303)
    set_cookie(request, resp, SESSION_COOKIE, token, settings.absolute_hours * 3600)
    clear_cookie(request, resp, LOGIN_CSRF_COOKIE, path="/login")
    return resp


@staff_only
async def logout(request):
    await blocking(auth.logout, request.cookies.get(SESSION_COOKIE))
    resp = response.redirect("/login", status=303)
    clear_cookie(request, resp, SESSION_COOKIE)
    return resp


def _form_token_ok(request) -> bool:
    """Same origin, and the form's token is the one its cookie holds."""
    cookie_token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    form_token = form(request, "csrf", 200)
    return (
        same_origin(request)
        and bool(cookie_token)
        and secrets.compare_digest(cookie_token.encode(), form_token.encode("utf-8", "replace"))
    )


ROUTES = (
    ("/static/<name>", ["GET"], static),
    ("/favicon.ico", ["GET"], favicon),
    ("/login", ["GET"], login_form),
    ("/login", ["POST"], login_submit),
    ("/logout", ["POST"], logout),
)
