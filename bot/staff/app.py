"""The hotline staff console: a Sanic app of its own (python -m bot.staff serve).

Every page and API needs a signed-in staff member (server-side session, HttpOnly SameSite=Strict
cookie); state-changing requests also need the session's CSRF token and a same-origin Origin or
Referer. Only /login and the two static files are public, and they hold no data.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import os
import re
import secrets
import urllib.parse
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.exceptions import SanicException

from bot.privacy import mask_text
from bot.server import limits
from bot.staff import auth, cards, charts, handoff_routes, handoffs, labels, review
from knowledge import query, search
from presentation.wording import msg, table

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "staff_session"
LOGIN_CSRF_COOKIE = "staff_login_csrf"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_QUERY_CHARS = 200
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
STATIC = {"staff.css": "text/css; charset=utf-8", "staff.js": "application/javascript; charset=utf-8"}
_names = itertools.count()


class BadInput(SanicException):
    status_code = 400


def _env() -> Environment:
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


def _arg(request, name: str, limit: int = 100) -> str:
    value = request.args.get(name, "")
    return str(value)[:limit].strip() if value is not None else ""


def _form(request, name: str, limit: int = 1000) -> str:
    try:
        form = request.form or {}
    except Exception:  # a malformed body is simply no form
        return ""
    value = form.get(name, "")
    return str(value)[:limit] if value is not None else ""


def _safe_next(target: str) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or "\n" in target:
        return "/"
    return target[:500]


def _same_origin(request) -> bool:
    """Origin (or, without it, Referer) must name this host; a request with neither passes on the token alone."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin:
        return urllib.parse.urlsplit(origin).netloc == host and origin != "null"
    referer = request.headers.get("referer")
    if referer:
        return urllib.parse.urlsplit(referer).netloc == host
    return True


def create_app(settings: auth.Settings = None) -> Sanic:
    settings = settings or auth.Settings.from_env()
    app = Sanic(f"shebao_staff_{next(_names)}")
    limits.harden(app, max_body=64 * 1024)
    app.config.FORWARDED_SECRET = None
    env = _env()

    def page(request, template: str, code: int = 200, **context):
        staff = getattr(request.ctx, "staff", None)
        html = env.get_template(template).render(staff=staff, path=request.path, **context)
        return response.html(html, status=code)

    def refuse(request):
        wants_html = request.method == "GET" and not request.path.startswith(("/api/", "/export/", "/results"))
        if wants_html:
            target = request.path + (("?" + request.query_string) if request.query_string else "")
            resp = response.redirect("/login?next=" + urllib.parse.quote(target, safe=""), status=303)
        else:
            resp = response.json({"error": "login required"}, status=401)
        if request.cookies.get(SESSION_COOKIE):
            _clear(resp, SESSION_COOKIE)
        return resp

    def staff_only(handler):
        @functools.wraps(handler)
        async def wrapper(request, *args, **kwargs):
            staff = await blocking(auth.current_staff, request.cookies.get(SESSION_COOKIE), settings)
            if staff is None:
                return refuse(request)
            request.ctx.staff = staff
            if request.method not in SAFE_METHODS:
                supplied = request.headers.get("x-csrf-token") or _form(request, "csrf", 200)
                if not _same_origin(request) or not auth.csrf_ok(staff, supplied):
                    return page(
                        request,
                        "error.html",
                        code=403,
                        title="403",
                        message=labels.pair("staff_error_csrf"),
                    )
            return await handler(request, *args, **kwargs)

        return wrapper

    def _set_cookie(resp, name, value, max_age: int, path: str = "/"):
        resp.cookies[name] = value
        cookie = resp.cookies[name]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = path
        cookie["max-age"] = max_age
        if settings.secure_cookie:
            cookie["secure"] = True

    def _clear(resp, name, path: str = "/"):
        _set_cookie(resp, name, "", 0, path)

    # ------------------------------------------------------------ middleware and errors

    @app.on_response
    async def security_headers(request, resp):
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "same-origin"
        if request is None or not request.path.startswith("/static/"):
            resp.headers["Cache-Control"] = "no-store"

    @app.exception(Exception)
    async def on_error(request, exc):
        if isinstance(exc, SanicException):
            status = getattr(exc, "status_code", 500) or 500
            message = str(exc) or labels.pair("staff_error_bad_request")
        else:
            log.exception("staff console error")
            status, message = 500, labels.pair("staff_error_internal")
        if request is None:
            return response.text(message, status=status)
        if request.path.startswith(("/api/", "/export/", "/results")):
            return response.json({"error": message}, status=status)
        try:
            return page(request, "error.html", code=status, title=str(status), message=message)
        except Exception:
            return response.text(message, status=status)

    # ------------------------------------------------------------ public: login and static files

    @app.get("/static/<name>")
    async def static(request, name):
        if name not in STATIC:
            raise SanicException("not found", status_code=404)
        body = (HERE / "static" / name).read_bytes()
        return response.raw(body, content_type=STATIC[name], headers={"Cache-Control": "max-age=300"})

    @app.get("/favicon.ico")
    async def favicon(request):
        return response.empty(status=204)

    @app.get("/login")
    async def login_form(request):
        staff = await blocking(auth.current_staff, request.cookies.get(SESSION_COOKIE), settings)
        target = _safe_next(_arg(request, "next", 500))
        if staff is not None:
            return response.redirect(target, status=303)
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        if not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", token):
            token = secrets.token_urlsafe(24)
        resp = page(request, "login.html", next=target, csrf=token, error=None)
        _set_cookie(resp, LOGIN_CSRF_COOKIE, token, 3600, path="/login")
        return resp

    @app.post("/login")
    async def login_submit(request):
        target = _safe_next(_form(request, "next", 500))
        username = _form(request, "username", 64).strip()
        password = _form(request, "password", auth.MAX_PASSWORD_CHARS)
        cookie_token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        form_token = _form(request, "csrf", 200)
        new_token = secrets.token_urlsafe(24)

        def again(message, status):
            resp = page(request, "login.html", code=status, next=target, csrf=new_token, error=message)
            _set_cookie(resp, LOGIN_CSRF_COOKIE, new_token, 3600, path="/login")
            return resp

        if (
            not _same_origin(request)
            or not cookie_token
            or not secrets.compare_digest(cookie_token.encode(), form_token.encode("utf-8", "replace"))
        ):
            return again(labels.pair("staff_login_expired"), 403)
        if not username or not password:
            return again(labels.pair("staff_login_missing"), 400)
        client = limits.client_address(request)
        try:
            result = await blocking(auth.login, username, password, client, settings)
        except auth.RateLimited as limited:
            resp = again(
                labels.pair("staff_login_limited", minutes=limited.retry_after // 60 + 1),
                429,
            )
            resp.headers["Retry-After"] = str(limited.retry_after)
            return resp
        if result is None:
            return again(labels.pair("staff_login_wrong"), 401)
        token, _staff = result
        resp = response.redirect(target, status=303)
        _set_cookie(resp, SESSION_COOKIE, token, settings.absolute_hours * 3600)
        _clear(resp, LOGIN_CSRF_COOKIE, path="/login")
        return resp

    @app.post("/logout")
    @staff_only
    async def logout(request):
        await blocking(auth.logout, request.cookies.get(SESSION_COOKIE))
        resp = response.redirect("/login", status=303)
        _clear(resp, SESSION_COOKIE)
        return resp

    # ------------------------------------------------------------ lookup

    def _filters(request) -> dict:
        return {name: _arg(request, name, 60) for name in ("region", "topic", "insurance_type", "scheme")}

    def _choices() -> dict:
        return {
            "regions": [(r.id, r.name_zh) for r in query.regions() if r.id != query.NATIONAL],
            "topics": [(t.id, t.title.zh) for t in query.topics()],
            "insurance_types": [(t.id, t.name.zh) for t in query.vocabulary("insurance_type")],
            "schemes": [(t.id, t.name.zh) for t in query.vocabulary("scheme")],
        }

    def _run_search(q: str, filters: dict, limit: int = 20):
        try:
            return search.search(q, limit=limit, **{k: v or None for k, v in filters.items()}), None
        except ValueError as exc:
            raise BadInput(f"{labels.pair('staff_error_filter')}: {exc}") from None
        except LookupError as exc:
            raise SanicException(str(exc), status_code=503) from None

    def _open_card(spec: str, region: str, lang: str):
        kind, _, ref = spec.partition(":")
        if kind == "answer":
            return cards.answer_view(ref, region or None, lang)
        if kind == "article":
            law_id, _, number = ref.partition(":")
            return cards.article_view(law_id, number)
        if kind == "fact":
            return cards.fact_card(ref, lang)
        if kind == "document":
            return cards.document_card(ref, lang)
        return None

    def _lookup(q, filters, open_spec, lang, with_choices=True):
        results = _run_search(q, filters)[0] if q else []
        card = None
        if open_spec:
            card = _open_card(open_spec, filters.get("region") or _result_region(results, open_spec), lang)
        elif results:
            top = results[0]
            card = _open_card(_spec(top), top.region_id or filters.get("region"), lang)
        return results, card, _choices() if with_choices else None

    @app.get("/")
    @staff_only
    async def home(request):
        q = _arg(request, "q", MAX_QUERY_CHARS)
        filters = _filters(request)
        lang = cards.lang_of(_arg(request, "lang", 4))
        open_spec = _arg(request, "open", 200)
        started = asyncio.get_running_loop().time()
        results, card, choices = await blocking(_lookup, q, filters, open_spec, lang)
        if open_spec and card is None:
            raise SanicException(labels.pair("staff_missing_entry"), status_code=404)
        elapsed = (asyncio.get_running_loop().time() - started) * 1000
        return page(
            request,
            "search.html",
            q=q,
            filters=filters,
            results=results,
            card=card,
            lang=lang,
            choices=choices,
            open=open_spec or (_spec(results[0]) if results else ""),
            elapsed=elapsed,
            spec=_spec,
            highlight=_highlight,
        )

    @app.get("/results")
    @staff_only
    async def results_fragment(request):
        """Live search: the result list and the top entry's card, as HTML fragments in JSON."""
        q = _arg(request, "q", MAX_QUERY_CHARS)
        filters = _filters(request)
        lang = cards.lang_of(_arg(request, "lang", 4))
        started = asyncio.get_running_loop().time()
        results, card, _ = await blocking(_lookup, q, filters, "", lang, False)
        elapsed = (asyncio.get_running_loop().time() - started) * 1000
        top = _spec(results[0]) if results else ""
        listing = env.get_template("_results.html").render(
            results=results,
            q=q,
            filters=filters,
            lang=lang,
            open=top,
            spec=_spec,
            highlight=_highlight,
            elapsed=elapsed,
        )
        shown = env.get_template("_card.html").render(card=card) if card else ""
        return response.json({"list": listing, "card": shown, "open": top}, ensure_ascii=False)

    @app.get("/api/search")
    @staff_only
    async def api_search(request):
        q = _arg(request, "q", MAX_QUERY_CHARS)
        try:
            limit = max(1, min(50, int(_arg(request, "limit", 4) or 10)))
        except ValueError:
            raise BadInput("limit must be a number") from None
        results = (await blocking(_run_search, q, _filters(request), limit))[0] if q else []
        return response.json(
            {
                "query": q,
                "results": [
                    {
                        "kind": r.kind,
                        "ref": r.ref,
                        "title": r.title,
                        "title_en": r.title_en,
                        "snippet": r.snippet,
                        "score": r.score,
                        "topic": r.topic_id,
                        "region_id": r.region_id,
                        "law_id": r.law_id,
                        "article": r.article,
                    }
                    for r in results
                ],
            },
            ensure_ascii=False,
        )

    @app.get("/answer/<answer_id>")
    @staff_only
    async def answer_page(request, answer_id):
        lang = cards.lang_of(_arg(request, "lang", 4))
        region = _arg(request, "region", 60)
        card = await blocking(cards.answer_view, answer_id[:80], region or None, lang)
        if card is None:
            raise SanicException(labels.pair("staff_missing_answer"), status_code=404)
        choices = await blocking(_choices)
        return page(request, "card_page.html", card=card, lang=lang, choices=choices, region=region)

    @app.get("/article/<law_id>/<number>")
    @staff_only
    async def article_page(request, law_id, number):
        card = await blocking(cards.article_view, law_id[:64], number[:6])
        if card is None:
            raise SanicException(labels.pair("staff_missing_article"), status_code=404)
        return page(request, "card_page.html", card=card, lang="zh", choices=None, region="")

    @app.get("/laws")
    @staff_only
    async def laws_page(request):
        law_id = _arg(request, "law", 64) or "social_insurance_law"
        laws = await blocking(query.laws)
        if law_id not in dict(laws):
            raise SanicException(labels.pair("staff_missing_law"), status_code=404)
        chapters = await blocking(cards.law_chapters, law_id)
        version = await blocking(query.law_version, law_id)
        return page(
            request, "laws.html", laws=laws, law_id=law_id, law=dict(laws)[law_id], chapters=chapters, version=version
        )

    # ------------------------------------------------------------ review

    def _period(request) -> review.Period:
        try:
            return review.Period.parse(_arg(request, "from", 10), _arg(request, "to", 10))
        except ValueError as exc:
            raise BadInput(f"{labels.pair('staff_error_period')}: {exc}") from None

    @app.get("/review")
    @staff_only
    async def review_page(request):
        period = _period(request)
        reason = _arg(request, "reason", 32)
        status = _arg(request, "status", 10) or "open"
        if reason and reason not in review.REASONS:
            raise BadInput(labels.pair("staff_error_reason"))
        if status not in ("open", "handled", "all"):
            raise BadInput(labels.pair("staff_error_status"))
        try:
            number = max(1, int(_arg(request, "page", 6) or 1))
        except ValueError:
            raise BadInput(labels.pair("staff_error_page")) from None
        started = asyncio.get_running_loop().time()
        listing = await blocking(review.review_page, period, reason, status, number)
        elapsed = (asyncio.get_running_loop().time() - started) * 1000
        return page(
            request,
            "review.html",
            listing=listing,
            reason=reason,
            status=status,
            period=period,
            elapsed=elapsed,
            names=labels.topic_names(),
        )

    @app.post("/review/mark-groups")
    @staff_only
    async def mark_groups(request):
        """Mark every open conversation of the chosen groups (same reason, same phrasing) handled."""
        try:
            period = review.Period.parse(_form(request, "from", 10), _form(request, "to", 10))
        except ValueError as exc:
            raise BadInput(f"{labels.pair('staff_error_period')}: {exc}") from None
        try:
            chosen = [str(v)[:80] for v in (request.form or {}).getlist("group", [])][:500]
        except Exception:
            chosen = []
        if not chosen:
            raise BadInput(labels.pair("staff_error_nothing_selected"))
        count = await blocking(
            review.mark_groups, period, chosen, request.ctx.staff.display_name, _form(request, "note", 1000)
        )
        target = _safe_next(_form(request, "next", 500)) if _form(request, "next", 500) else "/review"
        if request.headers.get("accept", "").startswith("application/json"):
            return response.json({"ok": True, "marked": count})
        return response.redirect(target, status=303)

    @app.get("/conversation")
    @staff_only
    async def conversation_page(request):
        conversation_id = _arg(request, "id", 255)
        if not conversation_id:
            raise BadInput(labels.pair("staff_error_no_conversation_id"))
        lines = await blocking(review.transcript, conversation_id)
        marks = await blocking(review.marks_for, conversation_id)
        if not lines and not marks:
            raise SanicException(labels.pair("staff_missing_conversation"), status_code=404)
        reason = _arg(request, "reason", 32)
        return page(
            request,
            "conversation.html",
            conversation_id=conversation_id,
            shown_id=mask_text(conversation_id),
            lines=lines,
            marks=marks,
            reason=reason if reason in review.REASONS else "",
        )

    @app.post("/review/mark")
    @staff_only
    async def mark(request):
        conversation_id = _form(request, "conversation_id", 300)
        reason = _form(request, "reason", 40)
        note = _form(request, "note", 1000)
        try:
            await blocking(review.mark_handled, conversation_id, reason, request.ctx.staff.display_name, note)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
        target = (
            _safe_next(_form(request, "next", 500))
            if _form(request, "next", 500)
            else "/conversation?id=" + urllib.parse.quote(conversation_id, safe="")
        )
        if request.headers.get("accept", "").startswith("application/json"):
            return response.json({"ok": True, "handled_by": request.ctx.staff.display_name})
        return response.redirect(target, status=303)

    @app.get("/stats")
    @staff_only
    async def stats_page(request):
        period = _period(request)
        result = await blocking(review.stats, period)
        names = await blocking(labels.topic_names)
        topics = [(labels.name_of(names, t), n) for t, n in result.top_topics]
        return page(
            request,
            "stats.html",
            stats=result,
            period=period,
            topics=topics,
            names=names,
            daily_svg=charts.daily_chart(result.daily),
            topics_svg=charts.bar_chart(topics, labels.pair("staff_chart_top_topics")),
            regions_svg=charts.bar_chart(result.top_regions, labels.pair("staff_chart_top_regions"), "#72b7b2"),
        )

    @app.get("/export/<name>")
    @staff_only
    async def export(request, name):
        if name not in ("unanswered.yml", "unanswered.csv"):
            raise SanicException("not found", status_code=404)
        fmt = name.rsplit(".", 1)[1]
        period = _period(request)
        phrasings = await blocking(review.unanswered, period)
        name = f"unanswered-{period.first_day.isoformat()}_{period.last_day.isoformat()}.{fmt}"
        body = review.export_yaml(phrasings, period) if fmt == "yml" else review.export_csv(phrasings)
        content_type = "application/x-yaml; charset=utf-8" if fmt == "yml" else "text/csv; charset=utf-8"
        return response.raw(
            body.encode("utf-8"),
            content_type=content_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    handoff_routes.install(app, page, staff_only, blocking, env, _form)

    @app.after_server_start
    async def warm_up(app_, _loop):
        """Load the search index and jieba once, so the first caller does not wait for it; load the
        WeChat channels (and Rasa under them) when configured, for the first hand-off reply."""
        try:
            await blocking(search.search, "社保", limit=1)
        except Exception as exc:  # no knowledge base yet: pages say so when used
            log.warning("search index not ready: %s", exc)
        if os.environ.get("WECHAT_TOKEN") or os.environ.get("WECOM_TOKEN"):
            from bot.channels.handoff import preload

            await blocking(preload)

    return app


def _spec(result) -> str:
    return f"{result.kind}:{result.ref}"


def _result_region(results, spec: str):
    for r in results:
        if _spec(r) == spec:
            return r.region_id
    return None


def _highlight(text: str, words):
    """Escape text and wrap the matched query words in <mark>."""
    from markupsafe import Markup, escape

    plain = sorted(
        {w for w in words or () if len(w) >= 2 and not re.fullmatch(r"x(reg|ins|sch|law|art)[a-z0-9]*", w)},
        key=len,
        reverse=True,
    )
    if not plain:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in plain[:20]), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup("<mark>") + escape(m.group(0)) + Markup("</mark>"))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def serve(host: str = "127.0.0.1", port: int = 5080) -> None:
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    app.run(host=host, port=port, access_log=False, motd=False, workers=1)


__all__ = ["create_app", "serve"]
