"""Every division from the official codes, found in free text by the one resolver of places."""

import pytest

from knowledge import query, textnorm


@pytest.mark.parametrize(
    "text, code",
    [
        ("宁波灵活就业社保一个月多少钱", "330200"),
        ("我在昆山", "320583"),
        ("义乌交社保", "330782"),
        ("晋江", "350582"),
        ("黔南州医保", "522700"),
        ("How much in Kunshan?", "320583"),
        ("福州鼓楼区", "350102"),
        ("北京朝阳", "110105"),
        ("江苏苏州昆山", "320583"),
        ("Gulou, Fuzhou", "350102"),
    ],
)
def test_a_place_resolves_to_its_division(use_kb, text, code):
    assert query.resolve_region(text).code == code


def test_a_place_without_an_entry_inherits_its_city_province_and_national(use_kb):
    kunshan = query.resolve_region("昆山")
    assert not kunshan.in_kb and kunshan.key == "江苏省苏州市昆山市"
    assert query.region_chain(kunshan.id) == [kunshan.id, "320500", "jiangsu", "national"]
    assert {f.region_id for f in query.region_facts(kunshan.id, ["pension_base"])} == {"jiangsu"}


def test_the_knowledge_regions_keep_their_ids(use_kb):
    assert query.resolve_region("我在深圳").id == "shenzhen"
    assert query.resolve_region("440300").id == "shenzhen"
    assert query.resolve_region("吉林").id == "jilin"  # the province before 吉林市


def test_a_shared_name_is_a_choice_until_something_tells_them_apart(use_kb):
    (gulou,) = query.place_mentions("鼓楼区灵活就业社保多少钱")
    assert len(gulou) >= 3 and query.resolve_region("鼓楼区") is None
    nanjing = query.resolve_region("南京")
    assert [r.key for r in query.place_mentions("鼓楼区", known=nanjing)[0]] == ["江苏省南京市鼓楼区"]


@pytest.mark.parametrize("text", ["合作医疗怎么交", "城市中心的社保局", "我想开发票", "光明正大", "安全生产"])
def test_everyday_words_are_not_places(use_kb, text):
    assert query.place_mentions(text) == []


def test_pinyin_key_is_the_sound_of_the_comparison_form():
    assert textnorm.pinyin_key("灵活就叶") == textnorm.pinyin_key("靈活就業") == "linghuojiuye"
