"""A citizen's conversation in the browser against the real running assistant."""

import re

import pytest
from sqlalchemy import create_engine, text
from widget_kit import Widget

from bot.privacy import storage_key

pytestmark = pytest.mark.slow

WATCH_TYPING = """() => {
  const r = document.getElementById('shebao-widget').shadowRoot;
  window.__typingSeen = false;
  new MutationObserver(() => {
    if (r.querySelector('.sw-typing--on') && /正在回复|replying/.test(r.querySelector('.sw-typing').textContent)) {
      window.__typingSeen = true;
    }
  }).observe(r, {subtree: true, attributes: true, childList: true});
}"""


def test_chinese_question_gets_an_answer_with_citations(widget):
    page = widget.page
    widget.open()
    # the privacy notice comes before the first message: no input until it is acknowledged
    assert widget.part("privacy").is_visible() and "身份证号" in widget.part("privacy").inner_text()
    assert not widget.part("input").is_visible()
    widget.accept()
    assert page.evaluate(WATCH_TYPING) is None
    answer = widget.ask("灵活就业人员可以自己交社保吗")
    assert page.evaluate("() => window.__typingSeen"), "no typing indicator while the assistant worked"
    assert not widget.part("typing").is_visible()
    assert "灵活就业" in answer.inner_text()
    widget.screenshot("widget-conversation-desktop.png")  # as the citizen sees it: question, answer start
    assert answer.locator("ul li").count() >= 2, "'•' lines are not rendered as a list"
    # the law and article, expandable to the article's text; sources with their year
    citation = answer.locator("[data-part=article]").filter(has_text="第十条").first
    assert "社会保险法" in citation.inner_text() and "年版" in citation.inner_text()
    assert citation.get_attribute("open") is None
    citation.locator("summary").click()
    assert citation.get_attribute("open") == "" and "个体工商户" in citation.inner_text()
    sources = answer.locator("[data-part=source]")
    if sources.count():
        assert "年" in sources.first.inner_text()
        link = sources.first.locator("a")
        assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener noreferrer"
        assert link.get_attribute("href").startswith(("https://", "http://"))
    # the answer was announced to screen readers
    page.wait_for_function(
        "() => document.getElementById('shebao-widget').shadowRoot"
        ".querySelector('[data-part=live]').textContent.includes('灵活就业')"
    )
    answer.locator("[data-part=feedback]").scroll_into_view_if_needed()
    widget.screenshot("widget-citations-desktop.png")


def test_english_labels_and_answer(widget):
    widget.start()
    widget.part("lang").click()
    assert widget.part("send").inner_text() == "Send"
    assert widget.part("lang").inner_text() == "中文"
    assert widget.page.locator(".sw").get_attribute("lang") == "en"
    assert widget.part("input").get_attribute("placeholder") == "Type your question…"
    answer = widget.ask("Is it possible to pay social insurance myself as a freelancer?")
    assert "freelancer" in answer.inner_text().lower() or "flexible" in answer.inner_text().lower()
    citation = answer.locator("[data-part=article]").filter(has_text="Social Insurance Law, Art. 10").first
    citation.locator("summary").click()
    assert "Official text (Chinese)" in citation.inner_text()
    assert "Hello!" in widget.entries("bot").first.inner_text()  # the greeting follows the language
    # the choice of language survives a reload
    widget.page.reload()
    widget.part("send").wait_for(state="visible")
    assert widget.part("send").inner_text() == "Send"


def test_quick_reply_sends_the_payload_and_shows_the_title(widget):
    widget.start()
    answer = widget.ask("灵活就业社保每月交多少")
    replies = answer.locator("[data-part=reply]")
    assert replies.count() >= 5
    hangzhou = replies.filter(has_text="杭州市")
    before = widget.bot_count()
    hangzhou.click()
    widget.wait_for_reply(before)
    assert widget.entries("user").last.inner_text().endswith("杭州市")  # the title, not the payload
    assert "/inform" not in widget.entries("user").last.inner_text()
    assert "杭州" in widget.last_turn()
    # the buttons of an answer the user has moved past are spent
    assert answer.locator("[data-part=reply]").first.is_disabled()


def test_history_survives_reload_and_navigation_and_new_conversation_starts_afresh(widget, demo_url):
    widget.start()
    widget.ask("社保断缴了怎么补")
    before = widget.entries().all_inner_texts()
    session = widget.session_state()["session"]
    widget.page.reload()
    widget.part("panel").wait_for(state="visible")  # it stays open
    assert widget.entries().all_inner_texts() == before
    widget.page.goto(demo_url + "?next-page")
    widget.part("panel").wait_for(state="visible")
    assert widget.entries().all_inner_texts() == before
    assert widget.session_state()["session"] == session
    # the conversation goes on in the same Rasa session: a follow-up still knows the topic
    widget.ask("那上海呢")
    assert "上海" in widget.last_turn()
    widget.part("new").click()
    widget.part("confirm-new").click()  # "新对话" asks first (tests/widget/test_widget_handoff.py)
    assert widget.entries().count() == 1 and widget.entries("bot").count() == 1  # just the greeting
    assert widget.session_state()["session"] != session
    assert widget.active()["part"] == "input"


def test_feedback_and_handoff_reach_the_database_masked(widget, app_db_url):
    widget.start()
    answer = widget.ask("社保是强制交的吗，我可以不交吗")
    answer.locator("[data-part=not-helpful]").click()
    assert widget.active()["part"] == "comment"  # focus moves to the optional comment
    answer.locator("[data-part=comment]").fill("没说清楚，请打我电话13812345678")
    answer.locator("[data-part=submit-feedback]").click()
    widget.entries("bot").last.get_by_text("谢谢您的反馈").wait_for()

    widget.part("handoff").click()
    assert widget.active()["part"] == "handoff-note"
    widget.part("handoff-note").fill("我的身份证110101199003071234，想找人工问清楚")
    assert "身份证号" in widget.page.locator("#sw-handoff-warning").inner_text()
    widget.part("handoff-submit").click()
    widget.entries("system").last.get_by_text("正在为您转接人工客服").wait_for()
    assert widget.part("sheet").is_hidden() and "正在等待工作人员接入" in widget.part("handoff-status").inner_text()

    session = widget.session_state()["session"]
    # letters only: a digit run in a random id would be masked like a phone number when stored
    assert re.fullmatch(r"widget-[a-p]{32}", session) and storage_key(session) == session
    with create_engine(app_db_url).connect() as db:
        feedback = db.execute(
            text("select channel, topic, helpful, comment from app_feedback where conversation_id = :s"), {"s": session}
        ).all()
        handoffs = db.execute(
            text("select channel, topic, note from app_handoff_requests where conversation_id = :s"), {"s": session}
        ).all()
    assert len(feedback) == 1 and feedback[0][:3] == ("widget", "ask_voluntary", False)
    assert "13812345678" not in feedback[0][3] and "[PHONE:" in feedback[0][3]
    assert len(handoffs) == 1 and handoffs[0][:2] == ("widget", "ask_voluntary")
    assert "110101199003071234" not in handoffs[0][2] and "[ID:" in handoffs[0][2]


def test_screenshot_of_the_demo_page(widget):
    widget.page.get_by_role("heading", level=1).wait_for()
    widget.page.evaluate("document.fonts.ready")
    widget.screenshot("widget-demo.png")
    widget.open()
    assert Widget(widget.page).part("accept").is_visible()
