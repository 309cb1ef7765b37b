"""The console's words come from the wording catalogue: every key a template, staff.js's word list
or the Python tables name exists, and the tables keep their codes."""

import re
from pathlib import Path

import pytest

from bot.staff import cards, handoffs, labels, review, web
from bot.staff.review.stats import Stats
from presentation.wording import catalogue

TEMPLATES = Path(web.__file__).with_name("templates")


def test_every_key_a_template_names_is_in_the_catalogue():
    named = set()
    for path in TEMPLATES.glob("*.html"):
        named |= set(re.findall(r"""'((?:staff|handoff)_\w+)'(?!\s*~)""", path.read_text(encoding="utf-8")))
    named |= {f"staff_kind_{kind}" for kind in ("answer", "article", "fact", "document")}  # t('staff_kind_' ~ r.kind)
    named |= {f"staff_page_{part}" for part, _ in Stats(review.Period.parse()).parts}  # t('staff_page_' ~ key)
    assert len(named) > 80
    assert named <= set(catalogue()), sorted(named - set(catalogue()))


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_fixed_chinese_words(path):
    assert not re.search(r"[\u4e00-\u9fff]", path.read_text(encoding="utf-8"))


def test_tables_keep_their_codes_and_show_both_languages():
    assert list(review.REASONS) == ["fallback", "declined", "negative_feedback", "handoff"]
    assert labels.bilingual(labels.CLOSE_REASONS, "cancelled") == "来访者取消 Cancelled by the citizen"
    assert set(labels.STATES) == {"waiting", "active", "closed"}
    assert handoffs.DELIVERY["failed"] == "未送达 Not delivered" and handoffs.DELIVERY["received"] == ""
    assert handoffs.WHO["citizen"] == handoffs.WHO["user"] == "来访者 Citizen"
    assert handoffs.waited_text(3725) == "1 小时 h 2 分 min"
    assert cards.LABELS["zh"].keys() == cards.LABELS["en"].keys() and cards.LABELS["en"]["copy_all"] == "Copy all"


def test_the_script_word_list_covers_every_word_staff_js_asks_for():
    source = (Path(web.__file__).parent / "static" / "staff.js").read_text(encoding="utf-8")
    asked = set(re.findall(r"""\bword\("(\w+)"\)""", source))
    words = web.templates().globals["script_words"]
    assert asked and asked <= set(words), sorted(asked - set(words))
    assert words["delivery"] == handoffs.DELIVERY
