"""WCAG 2.1 AA in practice: keyboard only, axe-core, a 360-px phone, 200% zoom."""

import pytest
from widget_kit import Widget

pytestmark = pytest.mark.slow


def serious(violations):
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_a_whole_conversation_with_the_keyboard_only(widget):
    page, keyboard = widget.page, widget.page.keyboard
    widget.tab_to("launcher")
    assert widget.active()["outline"].startswith("solid"), "no visible focus on the launcher"
    keyboard.press("Enter")
    assert widget.part("panel").is_visible()
    assert widget.active()["part"] == "accept"  # focus moves into the panel
    keyboard.press("Enter")
    assert widget.active()["part"] == "input"
    keyboard.type("灵活就业")
    keyboard.press("Shift+Enter")  # a new line, not a send
    keyboard.type("社保缴费基数怎么定")
    assert widget.part("input").input_value() == "灵活就业\n社保缴费基数怎么定"
    assert widget.entries("user").count() == 0
    before = widget.bot_count()
    keyboard.press("Enter")
    widget.wait_for_reply(before)
    assert widget.active()["part"] == "input"

    # back from the input to the answer's quick replies, and choose one with the keyboard
    reply = widget.tab_to("reply", shift=True)
    assert widget.active()["outline"].startswith("solid")
    before = widget.bot_count()
    keyboard.press("Enter")
    widget.wait_for_reply(before)
    assert widget.entries("user").last.inner_text().endswith(reply["text"])
    assert widget.active()["part"] == "input"

    # open a cited article
    widget.tab_to("article-summary", shift=True)
    keyboard.press("Enter")
    assert page.locator("details[open]").count() == 1

    # rate the answer and send a comment
    widget.tab_to("helpful")
    keyboard.press("Space")
    assert widget.active()["part"] == "comment"
    keyboard.type("清楚")
    keyboard.press("Tab")
    assert widget.active()["part"] == "submit-feedback"
    keyboard.press("Enter")
    widget.page.locator(".sw-thanks").wait_for()
    assert widget.active()["part"] == "input"

    # switch language from the header and close with Escape: focus goes back to the launcher
    widget.tab_to("lang", shift=True)
    keyboard.press("Enter")
    assert widget.part("send").inner_text() == "Send" and widget.active()["part"] == "lang"
    keyboard.press("Escape")
    assert widget.part("panel").is_hidden()
    assert widget.active()["part"] == "launcher"
    assert widget.part("launcher").get_attribute("aria-expanded") == "false"
    keyboard.press("Enter")
    assert widget.active()["part"] == "input"  # the notice was accepted already


def test_axe_finds_no_serious_violations(widget):
    seen = {}

    def check(state):
        violations = widget.axe()
        seen[state] = [(v["id"], v["impact"]) for v in violations]
        assert serious(violations) == [], (state, violations)

    check("demo page, widget closed")
    widget.open()
    check("privacy notice")
    widget.accept()
    answer = widget.ask("灵活就业人员可以自己交社保吗")
    answer.locator("summary").first.click()
    answer.locator("[data-part=helpful]").click()
    widget.part("input").fill("我的手机13812345678")  # the warning is shown
    check("answer, citation open, feedback form, warning")
    widget.part("handoff").click()
    widget.part("lang").click()
    check("hand-off form, English")
    print("axe violations of lower impact:", seen)


def test_phone_360px(new_page, demo_url):
    page = new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(demo_url)
    widget = Widget(page)
    widget.part("launcher").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    widget.start()
    box = widget.part("panel").bounding_box()
    assert box["x"] == 0 and box["width"] == 360 and box["height"] == 740  # the whole screen
    answer = widget.ask("灵活就业社保每月交多少")
    answer.locator("[data-part=reply]").first.wait_for()
    assert page.evaluate("""() => {
      const r = document.getElementById('shebao-widget').shadowRoot;
      return [...r.querySelectorAll('.sw-panel, .sw-body, .sw-bubble, .sw-replies')]
        .every(e => e.scrollWidth <= e.clientWidth + 1);
    }"""), "horizontal scrolling inside the widget at 360 px"
    for part in ("send", "input", "close", "handoff", "lang", "new"):
        target = widget.part(part).bounding_box()
        assert target["x"] >= 0 and target["x"] + target["width"] <= 360, part
        assert target["height"] >= 24 and target["width"] >= 24, f"{part} is too small to tap"
    widget.screenshot("widget-phone.png")
    # Tab stays inside the full-screen panel
    widget.part("send").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        assert widget.active() is not None, "focus left the full-screen panel"


def test_usable_at_200_percent_zoom(new_page, demo_url):
    # 1280x800 at 200% zoom is a 640x400 CSS-pixel viewport
    page = new_page(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page.goto(demo_url)
    widget = Widget(page).start()
    widget.ask("社保断缴了怎么补")
    for part in ("input", "send", "close"):
        box = widget.part(part).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 400 and box["x"] + box["width"] <= 640, part
    assert page.evaluate("""() => {
      const b = document.getElementById('shebao-widget').shadowRoot.querySelector('.sw-body');
      return b.scrollWidth <= b.clientWidth + 1 && b.scrollHeight > b.clientHeight;
    }"""), "the messages must scroll vertically, never sideways"
