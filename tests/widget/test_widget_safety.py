"""Hostile text stays text, failures end in a clear message (never an endless spinner), limits hold."""

import json

import pytest
from servers import free_port
from widget_kit import PageServer, Widget

pytestmark = pytest.mark.slow
XSS = "<img src=x onerror=alert(1)>"

# Everything a compromised or buggy answer could carry, as the webhook would return it.
HOSTILE_REPLY = [
    {
        "text": "<script>alert('t')</script> <b>bold</b> javascript:alert(2) https://example.org/ok",
        "buttons": [{"title": "<img src=x onerror=alert(3)>", "payload": "/greet"}],
    },
    {
        "custom": {
            "topic": "ask_cost",
            "citations": [
                {
                    "type": "source",
                    "title": "<a href=javascript:alert(4)>src</a>",
                    "url": "javascript:alert(5)",
                    "year": "2024",
                },
                {
                    "type": "source",
                    "title": "data url",
                    "url": "data:text/html,<script>alert(6)</script>",
                    "year": "2024",
                },
                {
                    "type": "law",
                    "law": "<svg onload=alert(7)>",
                    "article": 1,
                    "article_label": "第一条",
                    "text": "<iframe src=javascript:alert(8)>",
                    "year": "2018",
                },
            ],
        }
    },
]


@pytest.fixture
def embed(new_page, rasa_url, request):
    """Factory: a page on another origin embedding the widget with one <script> tag pointing at `server`."""
    servers = []

    def make(server: str, timeout_ms: int = 30_000) -> Widget:
        html = (
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>embed</title></head>'
            f'<body><main><h1>某市政府网站</h1></main><script src="{rasa_url}/webhooks/widget/static/widget.js" '
            f'data-server="{server}" data-timeout="{timeout_ms}"></script></body></html>'
        )
        servers.append(PageServer(html))
        page = new_page(viewport={"width": 1280, "height": 800})
        page.goto(servers[-1].url)
        page.locator("[data-part=launcher]").wait_for(state="visible")
        return Widget(page)

    yield make
    for server in servers:
        server.close()


def no_injected_elements(widget: Widget) -> bool:
    return widget.page.evaluate("""() => {
      const r = document.getElementById('shebao-widget').shadowRoot;
      const bad = r.querySelectorAll('img, script, svg, iframe, b, [onerror], [onload]');
      const links = [...r.querySelectorAll('a')].filter(a => !/^https?:/.test(a.getAttribute('href')));
      return bad.length === 0 && links.length === 0;
    }""")


def test_xss_payload_is_shown_literally_and_runs_nothing(widget):
    widget.start()
    widget.ask(XSS)
    assert widget.entries("user").last.locator(".sw-user-text").inner_text() == XSS
    assert no_injected_elements(widget)
    # a reload re-renders the stored history: still text
    widget.page.reload()
    widget.part("panel").wait_for(state="visible")
    assert widget.entries("user").last.locator(".sw-user-text").inner_text() == XSS
    assert no_injected_elements(widget)
    # (the new_page fixture fails the test on any dialog or JavaScript error)


def test_hostile_bot_reply_is_rendered_as_text(widget):
    widget.page.route(
        "**/webhooks/widget/webhook",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(HOSTILE_REPLY)),
    )
    widget.start()
    answer = widget.ask("你好")
    body = answer.inner_text()
    assert "<script>alert('t')</script>" in body and "<b>bold</b>" in body
    assert answer.locator("[data-part=reply]").inner_text() == "<img src=x onerror=alert(3)>"
    assert "<a href=javascript:alert(4)>src</a>" in body and "<svg onload=alert(7)>" in body
    links = answer.locator("a")
    assert links.count() == 1 and links.first.get_attribute("href") == "https://example.org/ok"
    answer.locator("summary").click()
    assert "<iframe src=javascript:alert(8)>" in answer.inner_text()
    assert no_injected_elements(widget)


def test_unreachable_server_gives_12333_and_retry(embed):
    widget = embed(f"http://127.0.0.1:{free_port()}").start()
    widget.ask("灵活就业怎么参保")
    error = widget.entries("error").last  # "unreachable" at once, not the 30 s timeout's message
    assert "12333" in error.inner_text() and "无法连接" in error.inner_text()
    assert error.locator("[data-part=retry]").is_visible()
    assert not widget.part("typing").is_visible() and widget.part("send").is_enabled()
    # retrying while the server is still down: one error message, not a pile
    error.locator("[data-part=retry]").click()
    widget.wait_for_reply(0)
    assert widget.entries("error").count() == 1 and widget.entries("user").count() == 1


def test_server_lost_mid_conversation_then_retry_succeeds(widget):
    widget.start()
    widget.ask("社保断缴了怎么补")
    widget.page.route("**/webhooks/widget/webhook", lambda route: route.abort("connectionrefused"))
    widget.ask("那补缴要带什么材料")
    assert "12333" in widget.entries("error").last.inner_text()
    widget.page.unroute("**/webhooks/widget/webhook")
    before = widget.bot_count() - 1  # the error entry goes away on retry
    widget.entries("error").last.locator("[data-part=retry]").click()
    widget.wait_for_reply(before)
    assert widget.entries("error").count() == 0
    assert widget.entries("user").last.inner_text().endswith("那补缴要带什么材料")
    assert widget.entries("user").count() == 2  # the question was not repeated


def test_a_server_that_never_answers_times_out(embed, rasa_url):
    widget = embed(rasa_url, timeout_ms=2000)
    widget.page.route("**/webhooks/widget/webhook", lambda route: None)  # hangs
    widget.start()
    widget.ask("灵活就业怎么参保")
    error = widget.entries("error").last.inner_text()
    assert "12333" in error and "没有回应" in error


def test_messages_over_the_limit_are_refused_in_the_widget(widget):
    widget.start()
    widget.part("input").fill("社" * 1001)
    assert "最多 1000 个字" in widget.part("warning").inner_text()
    widget.part("input").press("Enter")
    assert widget.entries("user").count() == 0  # not sent
    assert len(widget.part("input").input_value()) == 1001  # and not silently cut


def test_personal_numbers_warn_before_sending(widget):
    widget.start()
    for typed, kind in (
        ("我的手机13812345678", "手机号"),
        ("身份证110101199003071234", "身份证号"),
        ("卡号6222021234567890123", "银行卡号"),
    ):
        widget.part("input").fill(typed)
        assert kind in widget.part("warning").inner_text()
    widget.part("input").fill("我的手机13812345678")
    widget.part("input").press("Enter")
    assert widget.entries("user").count() == 0  # the first Enter only warns
    widget.part("input").press("Enter")
    widget.wait_for_reply(1)
    assert widget.entries("user").count() == 1 and widget.part("warning").inner_text() == ""
