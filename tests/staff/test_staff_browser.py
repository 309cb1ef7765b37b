"""The console in headless Chromium (Debian's, driven by Playwright): sign in, look up an answer,
copy the script, review a fallback conversation and mark it handled. Screenshots: reports/staff-*.png."""

from pathlib import Path

import pytest
from staff_kit import PASSWORD, sign_in
from staff_tracker_data import ID_NUMBER, PHONE

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"


def test_lookup_copy_and_review_in_a_browser(browser, staff_url):
    REPORTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=staff_url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(staff_url + "/review")  # not signed in: the login page, nothing else
    assert "/login" in page.url and "conv-lost" not in page.content()
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.screenshot(path=str(REPORTS / "staff-login.png"))
    page.click("#login-button")
    page.wait_for_url("**/review")

    page.goto(staff_url + "/")
    page.fill("#q", "鹏城 灵活就业 材料")
    page.press("#q", "Enter")
    page.wait_for_selector("#card[data-answer='documents-default']")
    assert "深圳市" in page.inner_text("#card")
    page.fill("#q", "第五十八条")  # live search refreshes the list while typing
    page.wait_for_selector("a[data-spec='article:social_insurance_law:58']")
    page.click("a[data-spec='article:social_insurance_law:58']")
    page.wait_for_selector("#card >> text=个人社会保障号码为公民身份号码")
    page.goto(staff_url + "/?q=" + "深圳 灵活就业 养老 交多少")
    page.wait_for_selector("#card")
    page.click("#copy-script")
    page.wait_for_selector("#copy-script.done")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied and copied.strip() == page.inner_text("#script-text").strip()
    page.screenshot(path=str(REPORTS / "staff-lookup.png"), full_page=True)

    page.goto(staff_url + "/laws")
    page.wait_for_selector("#a58")
    page.screenshot(path=str(REPORTS / "staff-laws.png"))

    page.goto(staff_url + "/review?reason=fallback")
    page.screenshot(path=str(REPORTS / "staff-review.png"), full_page=True)
    row = page.locator("#review-table tr", has_text="[ID:")
    assert ID_NUMBER not in page.content()
    row.locator("a.conv-link").click()
    page.wait_for_selector("#transcript")
    assert "nlu_fallback" in page.inner_text("#transcript") and ID_NUMBER not in page.content()
    page.fill("input[name=note]", "已回电说明查询缴费记录的方法")
    page.click("#mark-handled")
    page.wait_for_selector("#marks >> text=王小丽 Alice")
    page.screenshot(path=str(REPORTS / "staff-conversation.png"), full_page=True)

    page.goto(staff_url + "/review?reason=fallback&status=handled")
    assert "王小丽 Alice" in page.inner_text("#review-table")
    page.goto(staff_url + "/stats")
    page.wait_for_selector("svg.chart")
    page.screenshot(path=str(REPORTS / "staff-stats.png"), full_page=True)
    assert not errors, errors
    context.close()


def test_the_conversation_page_shows_what_the_citizen_wrote_with_the_request(browser, staff_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, staff_url)
    page.goto(staff_url + "/conversation?id=conv-human&reason=handoff")
    note = page.inner_text("#handoff-note")
    assert "我要找人工客服" in note and PHONE not in page.content()
    assert page.locator("#handoff-note a").get_attribute("href").startswith("/handoffs/")
    context.close()
