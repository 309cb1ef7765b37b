"""The console over real HTTP: access control, CSRF, rate limit, review marks, masking, bad input."""

import csv
import datetime as dt
import io
import re

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from staff_kit import PASSWORD, Console, run_cli
from staff_tracker_data import ID_NUMBER, PHONE

pytestmark = pytest.mark.slow

CONSOLE_GETS = [
    "/",
    "/?q=%E6%9D%90%E6%96%99",
    "/results?q=%E6%9D%90%E6%96%99",
    "/api/search?q=art%2058",
    "/answer/documents-default",
    "/article/social_insurance_law/58",
    "/laws",
    "/review",
    "/review?reason=fallback",
    "/conversation?id=conv-lost",
    "/stats",
    "/export/unanswered.yml",
    "/export/unanswered.csv",
]
CONSOLE_POSTS = ["/review/mark", "/logout"]


def _engine(staff_env):
    return create_engine(staff_env["app_url"], future=True)


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("path", CONSOLE_GETS)
def test_every_console_page_is_refused_without_a_session(console, path):
    reply = console.get(path)
    assert reply.status_code in (303, 401)
    if reply.status_code == 303:
        assert reply.headers["location"].startswith("/login?next=")
    for secret in ("conv-lost", "身份证", "[ID:", "交多少能领多少", "用人单位应当"):
        assert secret not in reply.text


@pytest.mark.parametrize("path", CONSOLE_POSTS)
def test_every_state_change_is_refused_without_a_session(console, path):
    reply = console.post(path, {"conversation_id": "conv-lost", "reason": "fallback", "csrf": "x"})
    assert reply.status_code == 401


def test_forged_or_foreign_cookie_is_refused(console):
    console.http.cookies.set("staff_session", "not-a-real-session-token")
    assert console.get("/review").status_code == 303
    console.http.cookies.set("staff_session", "x" * 5000)
    assert console.get("/review").status_code in (303, 400, 413, 431)


def test_login_sets_a_hardened_cookie_and_opens_the_console(console):
    reply = console.login()
    assert reply.status_code == 303 and reply.headers["location"] == "/"
    cookie = reply.headers["set-cookie"]
    assert "staff_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    home = console.get("/")
    assert home.status_code == 200 and "王小丽 Alice" in home.text
    assert "script-src 'self'" in home.headers["content-security-policy"]
    assert home.headers["cache-control"] == "no-store"


def test_wrong_password_and_unknown_user_are_refused_alike(staff_url):
    wrong = Console(staff_url).login(password="not-the-password")
    nobody = Console(staff_url).login(username="mallory", password="whatever-it-is")
    assert wrong.status_code == nobody.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in nobody.text
    assert "staff_session=" not in wrong.headers.get("set-cookie", "")


def test_login_form_needs_its_csrf_cookie(console):
    reply = console.post("/login", {"username": "alice", "password": PASSWORD, "csrf": "guessed-token-value-123"})
    assert reply.status_code == 403
    assert "staff_session=" not in reply.headers.get("set-cookie", "")


def test_failed_logins_are_rate_limited(staff_env, staff_url):
    run_cli("create-user", "bob", env={**staff_env["env"], "STAFF_PASSWORD": "bob-password-1"})
    client = Console(staff_url)
    statuses = [client.login("bob", f"wrong-{i}-password").status_code for i in range(3)]
    assert statuses == [401, 401, 401]
    blocked = client.login("bob", "bob-password-1")  # the right password, too late
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert "staff_session=" not in blocked.headers.get("set-cookie", "")
    assert Console(staff_url).login().status_code == 303  # other accounts are not locked out


def test_expired_session_is_refused(staff_env, staff_url):
    client = Console(staff_url)
    assert client.login().status_code == 303
    engine = _engine(staff_env)
    with Session(engine) as s, s.begin():
        s.execute(
            text(
                "UPDATE app_staff_sessions SET expires_at = :past WHERE id = (SELECT max(id) FROM app_staff_sessions)"
            ),
            {"past": dt.datetime(2000, 1, 1)},
        )
    assert client.get("/review").status_code == 303
    assert client.get("/api/search?q=x").status_code == 401


def test_idle_session_is_refused(staff_env, staff_url):
    client = Console(staff_url)
    assert client.login().status_code == 303
    engine = _engine(staff_env)
    with Session(engine) as s, s.begin():
        s.execute(
            text(
                "UPDATE app_staff_sessions SET last_seen_at = :past WHERE id = (SELECT max(id) FROM app_staff_sessions)"
            ),
            {"past": dt.datetime(2000, 1, 1)},
        )
    assert client.get("/").status_code == 303


def test_logout_ends_the_session(signed_in):
    token = signed_in.http.cookies.get("staff_session")
    reply = signed_in.post("/logout", {"csrf": signed_in.csrf})
    assert reply.status_code == 303 and reply.headers["location"] == "/login"
    signed_in.http.cookies.set("staff_session", token)  # replaying the old cookie does not help
    assert signed_in.get("/").status_code == 303


def _marks(staff_env, conversation_id: str) -> int:
    with Session(_engine(staff_env)) as s:
        return s.execute(
            text("SELECT count(*) FROM app_review_marks WHERE conversation_id = :c"), {"c": conversation_id}
        ).scalar()


def test_state_changes_without_the_csrf_token_are_refused(staff_env, signed_in):
    form = {"conversation_id": "conv-lost", "reason": "fallback"}
    before = _marks(staff_env, "conv-lost")
    assert signed_in.post("/review/mark", form).status_code == 403
    assert signed_in.post("/review/mark", {**form, "csrf": "wrong"}).status_code == 403
    foreign = signed_in.post(
        "/review/mark", {**form, "csrf": signed_in.csrf}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert signed_in.post("/logout", {}).status_code == 403
    assert _marks(staff_env, "conv-lost") == before
    assert signed_in.get("/").status_code == 200  # the refused logout did not end the session


def test_passwords_are_salted_scrypt_hashes(staff_env):
    run_cli("create-user", "carol", env={**staff_env["env"], "STAFF_PASSWORD": PASSWORD})
    with Session(_engine(staff_env)) as s:
        hashes = dict(s.execute(text("SELECT username, password_hash FROM app_staff_accounts")).all())
    assert hashes["alice"].startswith("scrypt$") and PASSWORD not in hashes["alice"]
    assert hashes["alice"] != hashes["carol"]  # same password, different salt


def test_create_user_command(staff_env):
    env = staff_env["env"]
    duplicate = run_cli("create-user", "alice", env={**env, "STAFF_PASSWORD": "another-password"})
    assert duplicate.returncode == 2 and "exists" in duplicate.stderr
    short = run_cli("create-user", "dave", env={**env, "STAFF_PASSWORD": "short"})
    assert short.returncode == 2
    no_password = run_cli("create-user", "erin", env={k: v for k, v in env.items() if k != "STAFF_PASSWORD"}, stdin="")
    assert no_password.returncode == 2 and "STAFF_PASSWORD" in no_password.stderr


# ---------------------------------------------------------------- lookup


def test_search_page_opens_the_best_answer_card(signed_in):
    page = signed_in.get("/?q=" + "灵活就业 材料" + "&region=shenzhen")
    assert page.status_code == 200
    assert 'data-answer="documents-default"' in page.text
    assert "身份证" in page.text and "最近核实" in page.text and "复制" in page.text


def test_a_place_in_the_query_opens_its_card_with_its_figure_read_out(signed_in):
    page = signed_in.get("/?q=宁波 灵活就业 缴费基数").text
    assert 'data-answer="cost-default"' in page and "宁波市（浙江省统一标准）" in page
    script = re.search(r'<p id="script-text">([^<]*)</p>', page).group(1)
    assert script.startswith("宁波市执行浙江省统一的养老保险缴费基数") and "哪个城市" not in script


def test_answer_card_has_script_steps_documents_figures_and_articles(signed_in):
    card = signed_in.get("/answer/cost-pension-flexible?region=shenzhen").text
    assert 'id="script-text"' in card and "读给来电人" in card
    assert "地区数据" in card and "深圳市" in card and "2025" in card  # figures with year and source
    assert "法律条文" in card and "第十二条" in card and "用人单位应当" in card  # full article text
    assert "最近核实 2026-" in card
    process = signed_in.get("/answer/process-default").text
    assert "办理步骤" in process and "<ol>" in process


def test_law_browser_lists_every_article_by_chapter(signed_in, use_kb):
    from knowledge import query

    page = signed_in.get("/laws").text
    count = query.article_count("social_insurance_law")
    assert count > 90 and len(re.findall(r'class="article" id="a\d+"', page)) == count
    assert "第一章" in page and "第十二章" in page and 'id="a58"' in page


def test_api_search_returns_ranked_json(signed_in):
    reply = signed_in.get("/api/search?q=Art.%2058&limit=3")
    data = reply.json()
    assert reply.status_code == 200 and data["results"][0]["ref"] == "social_insurance_law:58"


# ---------------------------------------------------------------- review


def test_review_lists_show_every_reason_masked(signed_in):
    page = signed_in.get("/review?status=all").text
    for conversation in ("conv-lost", "conv-declined", "conv-human", "conv-feedback"):
        assert conversation in page
    assert "conv-answered" not in page and "conv-smalltalk" not in page
    assert ID_NUMBER not in page and PHONE not in page and "[ID:" in page and "[PHONE:" in page
    declined = signed_in.get("/review?reason=declined").text
    assert "交多少能领多少" in declined and "ask_cost" in declined and "0.41" in declined
    feedback = signed_in.get("/review?reason=negative_feedback").text
    assert "conv-feedback" in feedback and "conv-lost" not in feedback


def test_transcript_is_masked_with_intent_and_confidence(signed_in):
    page = signed_in.get("/conversation?id=conv-lost").text
    assert ID_NUMBER not in page and "[ID:" in page
    assert "nlu_fallback 0.50" in page and "ask_check_records 0.11" in page and "lost" in page


def test_hand_off_and_review_show_what_the_citizen_said_about_themselves(staff_env, signed_in):
    with Session(_engine(staff_env)) as s:
        handoff_id = s.execute(
            text("SELECT id FROM app_handoff_requests WHERE conversation_id='conv-human'")
        ).scalar_one()
    for path in (f"/handoffs/{handoff_id}", "/conversation?id=conv-human"):
        page = signed_in.get(path).text
        block = page.split('id="about-person"', 1)[1].split("</section>", 1)[0]
        assert "关于来访者 About the person" in block and "来访者本人 The citizen" in block, path
        assert "1970年5月出生、男、已交12年" in block and "born 1970-05, man, paid 12 years" in block
        assert "您妻子 Your wife" in block and "flexible worker" in block
        assert PHONE not in page and ID_NUMBER not in page
    assert 'id="about-person"' not in signed_in.get("/conversation?id=conv-lost").text


def test_handled_mark_is_stored_with_name_and_time(staff_env, signed_in):
    reply = signed_in.post(
        "/review/mark",
        {
            "conversation_id": "conv-declined",
            "reason": "declined",
            "csrf": signed_in.csrf,
            "note": f"回电 {PHONE} 已解释",
        },
    )
    assert reply.status_code == 303
    with Session(_engine(staff_env)) as s:
        row = s.execute(
            text(
                "SELECT handled_by, handled_at, note FROM app_review_marks "
                "WHERE conversation_id='conv-declined' AND reason='declined'"
            )
        ).one()
    assert row[0] == "王小丽 Alice" and row[1] and PHONE not in row[2]
    open_items = signed_in.get("/review?reason=declined").text
    assert "conv-declined" not in open_items
    handled = signed_in.get("/review?reason=declined&status=handled").text
    assert "conv-declined" in handled and "王小丽 Alice" in handled
    assert "conv-declined" in signed_in.get("/review?reason=fallback").text  # other reasons stay open


def test_stats_table_and_chart(signed_in):
    page = signed_in.get("/stats").text
    assert 'id="stats-table"' in page and "<svg" in page and "cdn" not in page.lower()
    numbers = dict(re.findall(r'<tr[^>]*><th scope="row">([^<]+)</th><td[^>]*>(?:<span[^>]*>)?(\d+)', page))
    assert numbers["提问 Questions asked"] == "7" and numbers["已答 Answered"] == "4"
    assert numbers["未答 Not answered"] == "2"
    parts = ("已答 Answered", "未答 Not answered", "超出范围 Out of scope", "要求转人工 Asked for a person")
    assert sum(int(numbers[p]) for p in parts) + int(numbers["其他（以上都不是） Other (none of the above)"]) == 7
    assert "50%" in page  # one helpful feedback of two
    assert "ask_cost" not in page and "缴费标准" in page  # topics by name
    assert ID_NUMBER not in page


def test_unanswered_export_as_nlu_yaml_and_csv(signed_in):
    reply = signed_in.get("/export/unanswered.yml")
    assert reply.status_code == 200 and "attachment" in reply.headers["content-disposition"]
    data = yaml.safe_load(reply.content.decode("utf-8"))
    intents = {item["intent"]: item["examples"] for item in data["nlu"]}
    assert "TODO_ask_cost" in intents and "交多少能领多少" in intents["TODO_ask_cost"]
    assert ID_NUMBER not in reply.text
    table = list(csv.DictReader(io.StringIO(signed_in.get("/export/unanswered.csv").content.decode("utf-8-sig"))))
    assert {row["text"] for row in table} >= {"交多少能领多少"} and all(row["intent"] == "TODO" for row in table)


# ---------------------------------------------------------------- bad input

BAD_GETS = [
    "/?q=" + "x" * 3000,
    "/?q=%FF%FE%00",
    "/?q=%E0%A4%A",
    "/?region=%E7%81%AB%E6%98%9F&q=a",
    "/?open=answer:nope&q=a",
    "/?open=article:social_insurance_law:abc",
    "/?open=fact:-1",
    "/?open=%00",
    "/?lang=xx&q=a",
    "/answer/..%2F..%2Fetc",
    "/answer/" + "a" * 500,
    "/article/nope/1",
    "/article/social_insurance_law/99999",
    "/article/social_insurance_law/-1",
    "/laws?law=nope",
    "/review?from=2026-13-45",
    "/review?from=yesterday",
    "/review?from=2026-11-20&to=2026-11-01",
    "/review?reason=<script>",
    "/review?status=zzz",
    "/conversation",
    "/conversation?id=",
    "/conversation?id=nobody",
    "/conversation?id=" + "%F0%9F%98%80" * 100,
    "/stats?from=0000-00-00",
    "/stats?from=1900-01-01&to=2100-01-01",
    "/export/unanswered.exe",
    "/export/unanswered.yml?from=bad",
    "/api/search?q=a&limit=abc",
    "/api/search?q=a&limit=-5",
    "/api/search?region=nowhere&q=a",
    "/static/../app.py",
    "/nothing-here",
    "/results?q=%00%00",
]


@pytest.mark.parametrize("path", BAD_GETS)
def test_bad_input_is_never_a_server_error(signed_in, path):
    reply = signed_in.get(path)
    assert reply.status_code < 500, f"{path}: {reply.status_code} {reply.text[:200]}"


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b"conversation_id=&reason=fallback", "application/x-www-form-urlencoded"),
        (b"conversation_id=abc&reason=nonsense", "application/x-www-form-urlencoded"),
        (b'{"conversation_id": "abc"}', "application/json"),
        (b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', "multipart/form-data; boundary=x"),
        (b"a" * 200_000, "application/x-www-form-urlencoded"),
    ],
)
def test_bad_posts_are_never_a_server_error(signed_in, body, content_type):
    reply = signed_in.post("/review/mark", body, headers={"Content-Type": content_type, "X-CSRF-Token": signed_in.csrf})
    assert reply.status_code < 500


def test_bad_login_posts_are_never_a_server_error(console):
    for body in (b"\xff\xfe", b"username=" + b"a" * 10000, b"", b"csrf=&username=&password="):
        reply = console.post("/login", body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert reply.status_code < 500


def test_lookup_command(staff_env):
    done = run_cli("lookup", "灵活就业 材料", "--region", "深圳", env=staff_env["env"])
    assert done.returncode == 0, done.stderr
    assert "answer:documents-default" in done.stdout and "读给来电人" in done.stdout
    assert "深圳市" in done.stdout and "最近核实" in done.stdout
    unknown = run_cli("lookup", "材料", "--region", "火星", env=staff_env["env"])
    assert unknown.returncode == 2 and "unknown region" in unknown.stderr
