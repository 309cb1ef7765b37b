"""The widget's "about you" line in the browser: what the person told us of themselves and their
family, with change and clear, against the real running assistant."""

import pytest

pytestmark = pytest.mark.slow


def test_about_you_line_shows_changes_and_clears(widget):
    widget.start()
    about = widget.part("about")
    assert not about.is_visible()
    widget.ask("我是女的 1976年8月出生 工人 交了9年")
    widget.ask("那我老公呢 他1974年11月出生 交了20年")
    text = about.inner_text()
    assert "关于您：1976年8月出生、女、工人、已交9年" in text and "您丈夫：1974年11月出生、男、已交20年" in text
    widget.part("about-change").click()
    assert widget.part("input").input_value() == "不对，"
    widget.part("input").fill("")
    widget.part("about-clear").click()
    widget.page.wait_for_function(
        "() => document.getElementById('shebao-widget').shadowRoot.querySelector('[data-part=about]').hidden"
    )
    assert not about.is_visible()
