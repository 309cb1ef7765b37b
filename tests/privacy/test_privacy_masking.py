"""bot.privacy: personal numbers (unchanged behaviour), names, storable text, linear time."""

import re

import pytest

from bot.privacy import contains_personal_data, mask_names, mask_text, mask_value


@pytest.mark.parametrize(
    "text, kind, raw",
    [
        ("我的身份证110101199003071234", "ID", "110101199003071234"),
        ("身份证号44030519850612341X请查", "ID", "44030519850612341X"),
        ("电话13800138000", "PHONE", "13800138000"),
        ("call +86 138-0013-8000 please", "PHONE", "138-0013-8000"),
        ("手机 139 8765 4321", "PHONE", "139 8765 4321"),
        ("银行卡6222021234567890128扣款", "CARD", "6222021234567890128"),
        ("卡号 6222 0212 3456 7890", "CARD", "6222 0212 3456 7890"),
        ("邮箱 zhang.san@example.com", "EMAIL", "zhang.san@example.com"),
    ],
)
def test_personal_numbers_are_masked_as_before(text, kind, raw):
    masked = mask_text(text)
    assert raw not in masked and f"[{kind}:" in masked
    assert contains_personal_data(text) and not contains_personal_data(masked)


def test_mask_is_deterministic_and_idempotent():
    once = mask_text("我叫张三，电话13800138000")
    assert once == mask_text("我叫张三，电话13800138000")
    assert mask_text(once) == once
    assert mask_text("电话13800138000") != mask_text("电话13900139000")


@pytest.mark.parametrize(
    "text, name",
    [
        ("我叫张三，想问社保怎么交", "张三"),
        ("我叫张三想问一下", "张三"),
        ("我的名字是李四，电话在下面", "李四"),
        ("姓名：欧阳娜娜", "欧阳娜娜"),
        ("联系人：赵六 13912345678", "赵六"),
        ("我是王小明。我在深圳", "王小明"),
        ("我是张三", "张三"),
        ("我姓张，在深圳交社保", "张"),
        ("my name is Zhang San and I live in Shenzhen", "Zhang San"),
        ("Hello, my name's Wilhelmina Stroud.", "Wilhelmina Stroud"),
    ],
)
def test_names_after_a_cue_are_masked(text, name):
    masked = mask_names(text)
    assert "[NAME:" in masked
    assert name not in masked


@pytest.mark.parametrize(
    "text",
    [
        "我是灵活就业人员",
        "本人想咨询一下",
        "我是程序员，在深圳",
        "我是个体户。",
        "我是深圳的",
        "我是上海户口",
        "我是外地人，能交吗",
        "我在深圳，灵活就业养老保险每月交多少？",
        "I am a freelancer",
        "What is my pension?",
        '/inform{"region": "杭州市"}',
        "社会保险法第58条说什么",
    ],
)
def test_ordinary_questions_are_left_alone(text):
    assert mask_text(text) == text


def test_text_is_made_storable():
    assert mask_text("a\x00b\ud800c😀") == "a\ufffdb\ufffdc😀"


HUGE = {
    "letters": "x" * 70_000,
    "email": "A" * 70_000 + "@b.com",
    "digits": "1" * 70_000,
    "han": "社" * 70_000,
    "cues": "我叫" * 30_000,
    "en-cues": "my name is " * 10_000,
    "spaced-digits": "1 " * 50_000,
}


@pytest.mark.timeout(60)  # a guard against quadratic blow-ups (70,000 letters once took ~30 s)
@pytest.mark.parametrize("text", HUGE.values(), ids=HUGE.keys())
def test_masking_finishes_on_huge_input(text):
    masked = mask_text(text)
    assert masked and not re.search(r"\d{9}", masked)  # no long digit run left in clear


def test_mask_value_walks_json_and_keeps_structure():
    value = {
        "event": "user",
        "text": "我叫张三",
        "parse_data": {"intent": {"name": "greet"}, "entities": [{"entity": "phone", "value": "13800138000"}]},
        "n": 5,
        "tags": ["13800138000"],
    }
    masked = mask_value(value, skip_keys={"event", "name", "entity"})
    assert masked["event"] == "user" and masked["parse_data"]["intent"]["name"] == "greet"
    assert masked["parse_data"]["entities"][0]["entity"] == "phone"
    assert "13800138000" not in str(masked) and "张三" not in str(masked) and masked["n"] == 5
