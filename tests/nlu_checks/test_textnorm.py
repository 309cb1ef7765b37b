"""The normaliser every reader of questions shares (knowledge/textnorm.py) and its pipeline component."""

import random

import pytest

from knowledge.textnorm import key, normalize


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("我是靈活就業 在深圳 每個月繳多少", "我是灵活就业 在深圳 每个月缴多少"),
        ("ＡＢＣ１２３社保", "ABC123社保"),
        ("社保，怎麼交？", "社保 怎么交 "),
        ("年交3,000元 按60%基数 3.5万", "年交3,000元 按60%基数 3.5万"),
        ("好.", "好 "),
        ("視同繳費年限", "视同缴费年限"),
        ("tab\there\u3000and\u00a0nbsp", "tab here and nbsp"),
        ("ask_documents", "ask_documents"),
    ],
)
def test_normal_form(typed, expected):
    assert normalize(typed) == expected


def test_key_ignores_script_width_case_spacing_and_punctuation():
    assert (
        key("我是靈活就業　在深圳，每個月繳多少？")
        == key("我是灵活就业在深圳每个月缴多少")
        == "我是灵活就业在深圳每个月缴多少"
    )
    assert key("How much? ") == key("how much") == "howmuch"


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x1f\x7f控制",
        "\u200b\u200d\ufeff零宽",
        "\ud800\udfff孤立代理",
        "\U0001f600表情\U0001f1e8\U0001f1f3",
        "\U000e0001标签\U0010ffff私用\ue000",
        "½ ㈱ ﬁ ㍿ ̈",
        "\u202e从右到左\u202c",
        "𠀀𪚥繁體",
        "",
    ],
)
def test_unusual_code_points_never_crash_and_keep_the_length(text):
    out = normalize(text)
    assert isinstance(out, str) and len(out) == len(text)
    assert not any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\u200b\ufeff\u202e" for ch in out)


def test_random_text_keeps_offsets():
    rng = random.Random(13)
    for _ in range(200):
        text = "".join(
            chr(
                rng.choice(
                    [
                        rng.randrange(0, 0x3000),
                        rng.randrange(0x4E00, 0x9FFF),
                        rng.randrange(0xD800, 0xE000),
                        rng.randrange(0x10000, 0x110000),
                    ]
                )
            )
            for _ in range(rng.randrange(1, 60))
        )
        out = normalize(text)
        assert len(out) == len(text)


@pytest.mark.timeout(120)  # a guard against a hang, not a speed target (make eval times parsing)
def test_huge_input_keeps_every_offset():
    text = "我是靈活就業，在深圳每個月繳多少？ＡＢＣ\x00" * 20000  # 400k characters
    assert len(normalize(text)) == len(text)


def test_the_pipeline_component_normalises_messages_and_training_examples():
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlp.normalizer import TextNormalizer

    component = TextNormalizer()
    message = Message(data={TEXT: "長護險怎麼申請？"})
    component.process([message])
    assert message.get(TEXT) == "长护险怎么申请 "
    example = Message(data={TEXT: "靈活就業，交多少", "intent": "ask_cost"})
    component.process_training_data(TrainingData([example]))
    assert example.get(TEXT) == "灵活就业 交多少"
