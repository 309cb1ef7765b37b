"""The generated corpus (corpus.py: every number type × every spelling) against the masker and
the widget's warning; the stores, logs, pages and exports of a running stack are searched for
the same corpus in tests/security/test_security_4_personal_data.py."""

import json

import pytest
from corpus import corpus, found_in_clear
from widget_rules import widget_kinds

from bot.privacy import mask_text

ITEMS = corpus()
CONTEXTS = ["{}", "我的号码是{}，灵活就业怎么交社保", "{} 断缴了怎么补", "联系方式：\n{}\n谢谢"]


@pytest.mark.parametrize("context", CONTEXTS)
def test_no_spelling_of_any_number_survives_masking(context):
    leaked = [item for item in ITEMS if found_in_clear(mask_text(context.format(item.text)), [item])]
    assert not leaked, [(item.kind, item.spelling, item.text) for item in leaked]


def test_the_widget_warns_about_every_spelling(tmp_path):
    kinds = widget_kinds([item.text for item in ITEMS], tmp_path)
    missed = [(item.kind, item.spelling, item.text) for item, seen in zip(ITEMS, kinds, strict=True) if not seen]
    assert not missed, missed


def test_json_escaped_spellings_are_masked_too():
    """Structured logs write non-ASCII text as JSON escapes ("\\uff11" for "１"): masking a log
    line must see through them."""
    leaked = [item for item in ITEMS if found_in_clear(mask_text(json.dumps(f"号码{item.text}")), [item])]
    assert not leaked, [(item.kind, item.spelling, item.text) for item in leaked]
