"""Every page of the console in headless Chromium over a busy period: 10,000 conversations to
review, hand-offs waiting, a call-back. What the issue found broken: the review page's size, speed
and layout, statistics that disagree with it, search that opens data cards, the copy button's
label, axe violations and invisible focus. Screenshots: reports/staff-*.png."""

import os
import re
import time
from pathlib import Path

import pytest
from review_data import generate
from staff_kit import BAD_LABEL, axe, button_names, run_cli, sign_in

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
ROWS = 10_000


@pytest.fixture(scope="module")
def busy(tmp_path_factory, kb_url, server_logs):
    """A console over 10,000 generated review rows, two hand-off requests and a call-back."""
    from servers import Server, free_port

    from bot.store.migrate import upgrade
    from deploy.processes import staff_console

    folder = tmp_path_factory.mktemp("busy-staff")
    app_url = f"sqlite:///{folder / 'app.db'}"
    upgrade(app_url)
    counts = generate(folder / "tracker.db", folder / "app.db", ROWS)
    env = {
        **os.environ,
        "KB_DATABASE_URL": kb_url,
        "APP_DATABASE_URL": app_url,
        "HANDOFF_HOURS": "always",
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "STAFF_LOGIN_MAX_FAILURES_PER_CLIENT": "40",
    }
    assert (
        run_cli(
            "create-user",
            "alice",
            "--display-name",
            "王小丽 Alice",
            env={**env, "STAFF_PASSWORD": "correct-horse-staple"},
        ).returncode
        == 0
    )
    previous = os.environ.get("APP_DATABASE_URL")
    os.environ["APP_DATABASE_URL"] = app_url
    try:
        from bot.store import handoff as store

        waiting, _ = store.open_request(
            "widget-busy-waiting", "widget", topic="ask_cost", note="想问缴费基数，电话13812345678"
        )
        active, _ = store.open_request("wechat:oBusyActive", "wechat", language="en", note="need help")
        store.take(active.id, "alice")
        store.add_callback("widget-busy-waiting", "widget", "13912345678", consent="我同意……")
    finally:
        os.environ.pop("APP_DATABASE_URL") if previous is None else os.environ.update(APP_DATABASE_URL=previous)
    counts["handoff"] += 2  # the two requests above
    server = Server.of(staff_console(free_port(), server_logs / "staff-busy.log", env)).start(timeout=120)
    yield {"url": server.health_url.rsplit("/", 1)[0], "counts": counts, "waiting": waiting.id, "active": active.id}
    server.stop()


@pytest.fixture
def page(browser, busy):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=busy["url"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, busy["url"])
    yield page
    context.close()
    assert not errors, errors


def server_ms(page) -> float:
    return float(re.search(r"· (\d+) ms", page.inner_text("#review-summary")).group(1))


def test_review_with_10000_rows_is_paged_grouped_wrapped_and_fast(page, busy):
    base = busy["url"]
    started = time.perf_counter()
    page.goto(base + "/review?status=all")
    first = (time.perf_counter() - started) * 1000, server_ms(page)
    loads = []
    for _ in range(3):  # while nothing new arrives, the list is read from the kept index
        response = page.goto(base + "/review?status=all", wait_until="domcontentloaded")
        timing = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
          return [n.responseEnd - n.requestStart, n.domContentLoadedEventEnd - n.startTime]; }""")
        loads.append((server_ms(page), *timing, len(response.body())))
    print(
        f"review, {ROWS} rows: first load {first[0]:.0f} ms (server {first[1]:.0f} ms); then "
        + ", ".join(
            f"server {srv:.0f} ms / response {resp:.0f} ms / ready {ready:.0f} ms" for srv, resp, ready, _ in loads
        )
        + f"; {loads[-1][3] // 1024} KB"
    )
    assert max(srv for srv, *_ in loads) < 300 and max(resp for _, resp, _, _ in loads) < 300
    assert loads[-1][3] < 400_000, "one page of the review must stay small"
    summary = page.inner_text("#review-summary")
    conversations = int(re.search(r"(\d+) 个会话", summary).group(1))
    assert conversations == sum(busy["counts"].values())
    rows = page.locator("#review-table tbody tr")
    assert rows.count() == 50 and "第 1 /" in page.inner_text(".pager")
    assert page.locator("#review-table tbody tr").filter(has_text="×").count() > 10  # identical phrasings grouped
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "a long string overflows"
    widths = page.evaluate(
        "[...document.querySelectorAll('#review-table td.text')].map(td => td.scrollWidth - td.clientWidth)"
    )
    assert max(widths) <= 1
    page.screenshot(path=str(REPORTS / "staff-review-10000.png"))
    page.click("#page-next")
    page.wait_for_url("**page=2**")
    assert page.locator("#review-table tbody tr").count() == 50


def test_bulk_mark_handled(page, busy):
    page.goto(busy["url"] + "/review?reason=fallback")
    before = int(re.search(r"(\d+) 个会话", page.inner_text("#review-summary")).group(1))
    picked = page.locator("#review-table input[name=group]")
    chosen = sum(int(picked.nth(i).locator("xpath=ancestor::tr").get_attribute("data-open")) for i in range(3))
    for i in range(3):
        picked.nth(i).check()
    page.fill("#bulk-note", "已汇总给培训组")
    page.click("#mark-selected")
    page.wait_for_load_state()
    after = int(re.search(r"(\d+) 个会话", page.inner_text("#review-summary")).group(1))
    assert after == before - chosen
    page.goto(busy["url"] + "/review?reason=fallback&status=handled")
    assert "王小丽 Alice" in page.inner_text("#review-table")


def test_stats_count_what_review_lists_and_name_the_topics(page, busy):
    base = busy["url"]
    page.goto(base + "/stats")
    stats = {reason: int(page.inner_text(f"#count-{reason}")) for reason in busy["counts"]}
    for reason, number in stats.items():
        page.goto(f"{base}/review?status=all&reason={reason}")
        assert int(re.search(r"(\d+) 个会话", page.inner_text("#review-summary")).group(1)) == number, reason
    assert stats["handoff"] == busy["counts"]["handoff"]  # the widget button's requests too
    page.goto(base + "/stats")
    text = page.inner_text("main")
    assert "calculate_contribution" not in text and "action_unavailable" not in text and "缴费计算器" in text
    clipped = page.evaluate("""() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
        const width = svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox();
            return b.x < -0.5 || b.x + b.width > width + 0.5
          || t.textContent.includes('…'); }).map(t => t.textContent); })""")
    assert clipped == [], clipped
    page.screenshot(path=str(REPORTS / "staff-stats-10000.png"), full_page=True)


def test_search_opens_the_answer_with_its_data(page, busy):
    page.goto(busy["url"] + "/")
    assert page.locator("h1").count() == 1
    page.fill("#q", "灵活就业 材料 深圳")  # live search: no Enter
    page.wait_for_selector("#card[data-answer='documents-default']")
    card = page.inner_text("#card")
    assert "深圳市" in card and not re.search(r"[【】\[\]]", page.inner_text("#script-text"))
    assert page.locator(".result").first.get_attribute("class").split()[1] == "kind-answer"
    page.fill("#q", "退休年龄 女 1975")
    page.wait_for_selector("#card[data-answer='retirement-age']")
    page.click("#copy-script")
    page.wait_for_selector("#copy-script.done")
    assert page.inner_text("#copy-script") == "已复制 ✓"
    for _ in range(40):  # the label comes back (polled from here: the page's CSP forbids evaluated strings)
        if page.inner_text("#copy-script") == "复制":
            break
        page.wait_for_timeout(100)
    assert page.inner_text("#copy-script") == "复制"
    assert page.evaluate("navigator.clipboard.readText()").strip() == page.inner_text("#script-text").strip()
    page.goto(busy["url"] + "/?q=深圳 医保&open=fact:42")  # a data card says its figure in words
    script = page.inner_text("#script-text")
    assert script.startswith("深圳市") and not re.search(r"[【】\[\]（(]", script)


def test_the_card_comes_first_on_a_narrow_screen(browser, busy):
    context = browser.new_context(viewport={"width": 700, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, busy["url"])
    page.goto(busy["url"] + "/?q=" + "养老保险 交多少")
    card, results = page.locator("#card").bounding_box(), page.locator("#results").bounding_box()
    assert card["y"] < results["y"] and card["width"] > 600
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(REPORTS / "staff-lookup-700.png"))
    assert axe(page) == []
    context.close()


PAGES = [
    "/",
    "/?q=灵活就业 材料 深圳",
    "/answer/cost-pension-flexible?region=shenzhen",
    "/laws",
    "/review",
    "/review?status=handled",
    "/stats",
    "/handoffs",
]


def test_axe_finds_nothing_and_every_button_shows_its_words(browser, page, busy):
    base = busy["url"]
    found = {}
    plain = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    plain.goto(base + "/login")
    found["/login"] = axe(plain)
    plain.context.close()
    names = []
    for path in PAGES + [f"/handoffs/{busy['waiting']}", f"/handoffs/{busy['active']}"]:
        page.goto(base + path)
        found[path] = axe(page)
        names += [(path, *button) for button in button_names(page)]
    print("axe violations per page:", {path: len(v) for path, v in found.items()})
    assert {path: v for path, v in found.items() if v} == {}
    assert len(names) > 20
    for path, ident, text, label in names:
        assert (text or label) and not BAD_LABEL.search(text or label), (path, ident, text)


def test_focus_is_visible_everywhere(page, busy):
    for path in ("/", "/review", f"/handoffs/{busy['waiting']}"):
        page.goto(busy["url"] + path)
        page.locator("body").click(position={"x": 1, "y": 1})
        seen = 0
        for _ in range(12):
            page.keyboard.press("Tab")
            # (a date field's own calendar button has the browser's ring: the field itself is not :focus then)
            style = page.evaluate("""() => { const a = document.activeElement;
              if (!a || a === document.body || !a.matches(':focus')) return null;
              const s = getComputedStyle(a); return [a.tagName, s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }""")  # noqa: E501
            if style is None:
                continue
            seen += 1
            assert style[1] != "none" and style[2] >= 2, (path, style)
        assert seen >= 8, path


def test_handoff_queue_shows_the_waiting_time_and_the_call_back(page, busy):
    page.goto(busy["url"] + "/handoffs")
    queue = page.inner_text("#queue-table")
    assert "等待接入" in queue and "处理中" in queue and "想问缴费基数" in queue and "13812345678" not in queue
    assert page.locator(f"#take-{busy['waiting']}").is_visible()
    assert "尾号 ending 5678" in page.inner_text("#callback-table") and "13912345678" not in page.content()
    page.screenshot(path=str(REPORTS / "staff-handoff-queue.png"), full_page=True)
    page.click("#callback-table button:has-text('显示号码')")
    assert page.inner_text("#callback-number") == "13912345678"


def test_the_statistics_add_up_with_other_named(page, busy):
    page.goto(busy["url"] + "/stats")
    asked = int(page.inner_text("#stat-asked"))
    parts = {key: int(page.inner_text(f"#stat-{key}")) for key in ("answered", "not_answered", "out_of_scope")}
    parts.update({key: int(page.inner_text(f"#stat-{key}")) for key in ("asked_for_person", "other")})
    assert asked > 0 and sum(parts.values()) == asked, (asked, parts)
    other = page.locator("tr.part", has=page.locator("#stat-other")).inner_text()
    assert "其他" in other and "Other" in other


def test_the_handoff_page_shows_the_note_and_the_call_back(page, busy):
    page.goto(f"{busy['url']}/handoffs/{busy['waiting']}")
    assert "想问缴费基数" in page.inner_text("#handoff-note")
    callbacks = page.inner_text("#handoff-callbacks")
    assert "尾号 ending 5678" in callbacks and "13912345678" not in page.content() and "13812345678" not in callbacks
    page.click("#handoff-callbacks button:has-text('显示号码')")
    assert page.inner_text("#callback-number") == "13912345678"


def test_source_years_read_naturally_on_the_card(page, busy):
    page.goto(busy["url"] + "/answer/social-security-card-lost")
    sources = page.inner_text("#card")
    assert not re.search(r"现行年|\d–年|\d–[，,）]", sources), sources
    assert "现行有效" in sources
