"""Fixtures for the widget's browser tests: headless Chromium and a fresh page on the demo."""

from pathlib import Path

import pytest
from widget_kit import CHROMIUM, CHROMIUM_ARGS, Widget


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/services.sh (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_url(rasa_url) -> str:
    return f"{rasa_url}/webhooks/widget/demo"


@pytest.fixture
def app_db_url(server_logs) -> str:
    """The project database the running servers write to (see tests/conftest.py, tests/servers.py)."""
    return f"sqlite:///{server_logs / 'app.db'}"


class PageProblems:
    def __init__(self):
        self.errors, self.dialogs = [], []


def _new_page(browser, **context_options):
    context = browser.new_context(locale="zh-CN", **context_options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = PageProblems()
    page.on("pageerror", lambda error: problems.errors.append(str(error)))
    page.on("dialog", lambda dialog: (problems.dialogs.append(dialog.message), dialog.dismiss()))
    return page, problems


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def new_page(browser, request, tmp_path):
    """Factory: a page in a fresh browser context (own storage) with the given context options."""

    def make(**options):
        page, problems = _new_page(browser, **options)
        pages.append((page, problems))
        return page

    pages = []
    yield make
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # what the page looked like, for the failure report
        for number, (page, _) in enumerate(pages):
            path = tmp_path / f"failure-{number}.png"
            page.screenshot(path=str(path))
            print(f"screenshot of the failing page: {path}")
    for page, _ in pages:
        page.context.close()
    for _, problems in pages:
        assert not problems.errors, f"JavaScript errors on the page: {problems.errors}"
        assert not problems.dialogs, f"dialogs opened: {problems.dialogs}"


@pytest.fixture
def widget(new_page, demo_url) -> Widget:
    """The demo page at desktop size with the widget loaded (closed)."""
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto(demo_url)
    page.locator("[data-part=launcher]").wait_for(state="visible")
    return Widget(page)
