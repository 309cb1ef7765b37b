"""The masking normaliser against every spelling in tests/privacy/spellings.json (the same list
the widget's warning is tested against), the tag's strength and the production key rule."""

import json
from pathlib import Path

import pytest
from widget_rules import widget_kinds

from bot.privacy import is_personal_id, mask_text, storage_key, tags

SPELLINGS = json.loads((Path(__file__).parent / "spellings.json").read_text())


@pytest.mark.parametrize("text, kind", SPELLINGS["personal"], ids=[t for t, _ in SPELLINGS["personal"]])
def test_every_spelling_is_masked(text, kind):
    masked = mask_text(text)
    assert f"[{kind}:" in masked, masked
    assert mask_text(masked) == masked
    outside_tags = tags.TAG.sub("", masked)
    assert sum(ch.isdigit() for ch in outside_tags) < 9, masked


@pytest.mark.parametrize("text", SPELLINGS["ordinary"])
def test_ordinary_text_is_left_alone(text):
    assert mask_text(text) == text


def test_spellings_of_one_number_share_a_tag():
    spelled = [
        "13812345678",
        "１３８１２３４５６７８",
        "138 1234 5678",
        "(138)1234-5678",
        "+86 138 1234 5678",
        "0086 13812345678",
        "一三八一二三四五六七八",
        "幺三八 幺二三四 五六七八",
    ]
    assert len({tags.TAG.search(mask_text(s)).group(0) for s in spelled}) == 1


def test_tags_are_64_bit_and_keyed(monkeypatch):
    monkeypatch.setenv("PRIVACY_HASH_KEY", "k" * 32)
    first = mask_text("13812345678")
    assert len(first.split(":")[1].rstrip("]")) == 16
    monkeypatch.setenv("PRIVACY_HASH_KEY", "another-secret-key-of-32-chars!!")
    assert mask_text("13812345678") != first


@pytest.mark.parametrize("key", [None, "", "CHANGE_ME", "short"])
def test_production_refuses_a_missing_or_placeholder_key(monkeypatch, key):
    monkeypatch.setenv("SHEBAO_ENV", "production")
    if key is None:
        monkeypatch.delenv("PRIVACY_HASH_KEY", raising=False)
    else:
        monkeypatch.setenv("PRIVACY_HASH_KEY", key)
    with pytest.raises(tags.MissingSecret):
        mask_text("13812345678")


def test_a_personal_sender_id_is_never_kept_in_raw_form():
    assert is_personal_id("13812345678") and is_personal_id("+86 138 1234 5678")
    assert not is_personal_id("widget-3f9a1c2b7d")
    key = storage_key("13812345678")
    assert "13812345678" not in key and storage_key(key) == key and not is_personal_id(key)
    long_key = storage_key("x" * 300 + "13812345678")
    assert len(long_key) <= 128 and storage_key(long_key) == long_key


def test_the_widget_warning_sees_the_same_spellings(tmp_path):
    """bot/widget/widget.js's port of these rules, run by Node on the same list."""
    personal = widget_kinds([text for text, _ in SPELLINGS["personal"]], tmp_path)
    ordinary = widget_kinds(SPELLINGS["ordinary"], tmp_path)
    missed = [
        text for (text, kind), kinds in zip(SPELLINGS["personal"], personal, strict=True) if kind.lower() not in kinds
    ]
    flagged = [text for text, kinds in zip(SPELLINGS["ordinary"], ordinary, strict=True) if kinds]
    assert not missed and not flagged, (missed, flagged)
