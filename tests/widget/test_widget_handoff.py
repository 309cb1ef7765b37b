"""The widget's own space for the hand-off, the "new chat?" question, labels in the user's
language, details on demand, and the visible text of every button (headless Chromium against the
real servers). Screenshots: reports/widget-handoff-*.png."""

import re

import pytest
from widget_kit import Widget

pytestmark = pytest.mark.slow

BAD_LABEL = re.compile(r"undefined|null|\[object|built-in method|\{\w+\}|NaN")
BUTTON_TEXTS = """() => {
  const r = document.getElementById('shebao-widget').shadowRoot;
  return [...r.querySelectorAll('button')].filter(b => b.offsetParent !== null)
    .map(b => ({part: b.dataset.part || '', text: b.innerText.trim(), label: b.getAttribute('aria-label') || ''}));
}"""


def long_conversation(widget: Widget):
    """Two questions, every detail of the last answer open: the conversation is longer than the panel."""
    widget.ask("社保断缴了怎么补")
    answer = widget.ask("灵活就业人员怎么参保")
    for summary in answer.locator("summary").all():
        summary.click()
    return answer


def inside(box, width, height) -> bool:
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width + 0.5
        and box["y"] + box["height"] <= height + 0.5
    )


@pytest.mark.parametrize("width, height", [(320, 568), (375, 740), (1280, 800)])
def test_the_handoff_form_has_its_own_space(new_page, demo_url, width, height):
    page = new_page(viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500)
    page.goto(demo_url)
    widget = Widget(page).start()
    long_conversation(widget)
    widget.part("handoff").click()
    sheet = widget.part("sheet")
    sheet.wait_for(state="visible")
    panel = widget.part("panel").bounding_box()
    box = sheet.bounding_box()
    assert box["height"] >= 0.6 * panel["height"], f"the form is squeezed to {box['height']:.0f} px"
    for part in ("handoff-note", "handoff-submit", "sheet-cancel"):
        assert widget.part(part).is_visible() and inside(widget.part(part).bounding_box(), width, height), part
    title = page.locator("#sw-sheet-title")
    assert inside(title.bounding_box(), width, height) and title.inner_text() == "转人工服务"
    assert inside(page.locator("#sw-handoff-text").bounding_box(), width, height)
    assert widget.active()["part"] == "handoff-note"
    widget.screenshot(f"widget-handoff-{width}.png")
    page.keyboard.press("Escape")
    assert sheet.is_hidden() and widget.part("input").is_visible() and widget.active()["part"] == "handoff"


def test_submit_is_in_view_in_a_fresh_conversation_on_desktop(widget):
    widget.start()
    widget.part("handoff").click()
    assert inside(widget.part("handoff-submit").bounding_box(), 1280, 800)


def test_new_chat_asks_first(widget):
    widget.start()
    widget.ask("社保是强制交的吗")
    before = widget.entries().count()
    session = widget.session_state()["session"]
    widget.part("new").click()
    assert widget.part("sheet").is_visible() and "开始新对话" in widget.page.locator("#sw-sheet-title").inner_text()
    widget.part("sheet-cancel").click()  # keep this chat
    assert widget.entries().count() == before and widget.session_state()["session"] == session
    widget.part("new").click()
    widget.part("confirm-new").click()
    assert widget.entries().count() == 1 and widget.session_state()["session"] != session


def test_labels_follow_the_language_the_user_writes_in(widget):
    widget.start()
    assert widget.part("send").inner_text() == "发送"
    widget.ask("How do I pay social insurance as a freelancer?")
    assert widget.part("send").inner_text() == "Send" and widget.part("handoff").inner_text() == "Talk to a person"
    assert widget.part("input").get_attribute("placeholder") == "Type your question…"
    answer = widget.entries("bot").last
    if answer.locator("[data-part=sections]").count():
        assert "More details" in answer.locator("[data-part=sections]").inner_text()
    widget.ask("灵活就业怎么交社保")
    assert widget.part("send").inner_text() == "发送"


def test_details_are_found_and_feedback_is_only_on_answers(widget):
    widget.start()
    answer = widget.ask("灵活就业人员怎么参保")
    sections = answer.locator("[data-part=sections]")
    assert "详细内容" in sections.inner_text()
    first = answer.locator("[data-part=section]").first
    assert first.get_attribute("open") is None
    first.locator("summary").click()
    assert first.get_attribute("open") is not None and first.locator("li").first.is_visible()
    assert answer.locator("[data-part=feedback]").count() == 1
    unclear = widget.ask("qwxz zzkj ppfh")
    assert unclear.locator("[data-part=feedback]").count() == 0  # a clarification is not rated


@pytest.mark.parametrize(
    "typed, kind",
    [("我的手机１３８１２３４５６７８", "手机号"), ("身份证１１０１０１１９９００３０７１２３４", "身份证号")],
)
def test_full_width_personal_numbers_are_warned_about(widget, typed, kind):
    widget.start()
    widget.part("input").fill(typed)
    assert kind in widget.part("warning").inner_text()


def test_every_button_shows_its_words(widget):
    widget.start()
    answer = widget.ask("灵活就业社保每月交多少")
    answer.locator("[data-part=not-helpful]").click()
    seen = widget.page.evaluate(BUTTON_TEXTS)
    widget.part("handoff").click()
    seen += widget.page.evaluate(BUTTON_TEXTS)
    widget.part("lang").click()
    seen += widget.page.evaluate(BUTTON_TEXTS)
    assert len(seen) > 10
    for button in seen:
        name = button["text"] or button["label"]
        assert name and not BAD_LABEL.search(name), button
    expected = {
        "send": "发送",
        "handoff": "转人工",
        "new": "新对话",
        "handoff-submit": "请求人工服务",
        "sheet-cancel": "取消",
        "helpful": "有帮助",
        "not-helpful": "没帮助",
    }
    for part, text in expected.items():
        assert any(b["part"] == part and b["text"] == text for b in seen), (part, text)
    assert any(b["part"] == "handoff-submit" and b["text"] == "Ask for a person" for b in seen)
