"""The whole live hand-off in two browsers: a citizen in the widget asks for a person, a staff
member takes the conversation in the console and replies, the reply appears in the widget, the
citizen answers back, and the staff member hands the conversation back to the assistant.
Screenshots: reports/handoff-*.png."""

import re
import time
from pathlib import Path

import pytest
from staff_kit import Console, sign_in
from widget_kit import Widget

pytestmark = pytest.mark.slow

REPORTS = Path(__file__).resolve().parents[2] / "reports"
REPLY = "您好，我是人工客服。断缴后可以补缴，请问您在哪个城市参保？"


def wait_for(check, timeout: float = 20.0, step: float = 0.05):
    """Poll `check` until it returns something true; returns (value, seconds waited)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        value = check()
        if value:
            return value, time.perf_counter() - started
        time.sleep(step)
    raise AssertionError(f"not seen within {timeout} s")


def test_citizen_to_staff_and_back(browser, rasa_url, loop_console):
    citizen = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    ).new_page()
    errors = []
    citizen.on("pageerror", lambda e: errors.append(str(e)))
    citizen.goto(f"{rasa_url}/webhooks/widget/demo")
    widget = Widget(citizen).start()
    widget.ask("社保断缴了怎么补")
    widget.part("handoff").click()
    widget.part("handoff-note").fill("想问补缴，我的电话13812345678")
    widget.part("handoff-submit").click()
    widget.part("handoff-status").wait_for(state="visible")
    assert "正在等待工作人员接入" in widget.part("handoff-status").inner_text()
    before = widget.bot_count()
    widget.part("input").fill("我是2015年断缴的")
    widget.part("input").press("Enter")
    widget.page.locator("[data-part=sent-to-staff]").last.wait_for()
    assert widget.bot_count() == before, "the assistant answered a conversation waiting for a person"
    session = widget.session_state()["session"]

    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff = staff_context.new_page()
    staff.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(staff, loop_console, "bob")
    staff.goto(loop_console + "/handoffs")
    row = staff.locator("#queue-table tr", has_text="想问补缴")
    assert "13812345678" not in row.inner_text() and re.search(r"\d+ 秒 s|\d+ 分 min", row.inner_text())
    handoff_id = row.get_attribute("data-handoff")
    row.locator("button.take").click()
    staff.wait_for_url(f"**/handoffs/{handoff_id}")
    staff.locator("#thread li", has_text="我是2015年断缴的").wait_for()

    other = Console(loop_console)  # a second staff member is a moment too late
    assert other.login("carol").status_code == 303
    late = other.post(f"/handoffs/{handoff_id}/take", {"csrf": other.csrf}, headers={"Accept": "application/json"})
    assert late.status_code == 409 and "李工 Bob" in late.json()["error"]

    widget.page.locator("li[data-role=system]", has_text="工作人员已接入").wait_for()
    staff.fill("#reply-text", REPLY)
    sent = time.perf_counter()
    staff.click("#send-reply")
    widget.page.locator("li[data-role=staff]", has_text="断缴后可以补缴").wait_for(timeout=20_000)
    to_citizen = time.perf_counter() - sent
    assert "工作人员正在为您服务" in widget.part("handoff-status").inner_text()
    widget.screenshot("handoff-widget-staff-reply.png")

    widget.part("input").fill("我在深圳，谢谢")
    sent = time.perf_counter()
    widget.part("input").press("Enter")
    staff.locator("#thread li", has_text="我在深圳，谢谢").wait_for(timeout=20_000)
    to_staff = time.perf_counter() - sent
    delivered, _ = wait_for(lambda: "已送达" in staff.inner_text("#thread"))
    staff.screenshot(path=str(REPORTS / "handoff-staff-conversation.png"), full_page=True)
    print(
        f"hand-off loop: staff reply shown in the widget after {to_citizen:.2f} s, "
        f"the citizen's answer in the console after {to_staff:.2f} s"
    )
    assert to_citizen < 10 and to_staff < 10

    staff.click("#hand-back")
    widget.page.locator("li[data-role=system]", has_text="智能助手继续为您解答").wait_for(timeout=20_000)
    wait_for(lambda: widget.part("handoff-status").is_hidden())
    answer = widget.ask("灵活就业人员怎么参保")  # the assistant is back
    assert answer.inner_text().strip() and widget.session_state()["session"] == session
    staff.goto(loop_console + "/handoffs")
    assert "已交还智能助手" in staff.inner_text("main")
    staff_context.close()
    citizen.context.close()
    assert not errors, errors


def test_a_new_chat_withdraws_the_open_request(browser, rasa_url, server_app_db):
    from bot.store import handoff as store

    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
    page.goto(f"{rasa_url}/webhooks/widget/demo")
    widget = Widget(page).start()
    widget.ask("社保断缴了怎么补")
    widget.part("handoff").click()
    widget.part("handoff-submit").click()
    widget.part("handoff-status").wait_for(state="visible")
    session = widget.session_state()["session"]
    assert store.current(session) is not None
    widget.part("new").click()
    widget.part("confirm-new").click()
    wait_for(lambda: store.current(session) is None)  # nobody waits for a person who has left
    assert widget.session_state()["session"] != session
    page.context.close()
