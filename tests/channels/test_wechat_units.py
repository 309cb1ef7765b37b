"""Pure helpers: splitting, rendering, numbered options, XML hardening."""

import pytest
from wx_testkit import xml_fields

from bot.wechat.options import parse_choice
from bot.wechat.render import format_citations, render_messages, section_text
from bot.wechat.split import split_utf8
from bot.wechat.xml import XmlRejected, cdata_safe, parse_flat_xml
from presentation.payload import Payload, Section


def five_kb_chinese() -> str:
    text, n = "", 0
    while len(text.encode("utf-8")) < 5 * 1024:
        n += 1
        text += f"第{n}点：用人单位应当自用工之日起三十日内为其职工申请办理社会保险登记。"
        if n % 3 == 0:
            text += "\n"
    return text


def test_five_kb_chinese_answer_is_split_at_sentences():
    text = five_kb_chinese()
    parts = split_utf8(text, 2000)
    assert len(parts) == 3
    assert "".join(parts) == text
    for part in parts:
        encoded = part.encode("utf-8")
        assert len(encoded) <= 2000
        assert encoded.decode("utf-8") == part
    for part in parts[:-1]:
        assert part.rstrip("\n")[-1] in "。！？；\n"


def test_split_without_sentence_ends_cuts_between_characters():
    text = "保" * 1000 + "😀" * 300  # 3-byte and 4-byte characters, no punctuation
    parts = split_utf8(text, 2000)
    assert "".join(parts) == text
    assert all(len(p.encode("utf-8")) <= 2000 for p in parts)
    assert all(p.encode("utf-8").decode("utf-8") == p for p in parts)


def test_split_respects_ascii_sentence_ends_and_short_text():
    assert split_utf8("short.", 2000) == ["short."]
    assert split_utf8("", 2000) == []
    text = ("Pension rules v3.5 apply. " * 200).strip()
    parts = split_utf8(text, 500)
    assert "".join(parts) == text
    assert all(p.endswith(". ") for p in parts[:-1])


def test_render_buttons_and_citations():
    rendered = render_messages(
        [
            {"recipient_id": "u", "text": "第一段"},
            {
                "recipient_id": "u",
                "text": "请选择：",
                "buttons": [{"title": "养老", "payload": "/pension"}, {"title": "医疗", "payload": "/medical"}],
            },
            {
                "recipient_id": "u",
                "custom": Payload(
                    kind="answer",
                    language="zh",
                    topic="t",
                    citations=[
                        {"law": "社会保险法", "article": "58", "year": 2018},
                        {"law": "社会保险法", "article": "58", "year": 2018},
                        {"title": "某地经办指南", "url": "https://example.invalid/guide"},
                    ],
                ).to_dict(),
            },
        ]
    )
    assert rendered.payloads == ["/pension", "/medical"]
    assert rendered.text == (
        "第一段\n\n请选择：\n依据/Source: 《社会保险法》第58条（2018）；某地经办指南\n\n"
        "请回复数字选择 (reply with a number):\n回复 1：养老\n回复 2：医疗"
    )


def test_sections_become_numbered_follow_ups_shown_without_asking_again():
    payload = Payload(
        kind="answer",
        language="zh",
        topic="ask_process",
        sections=[Section("steps", "办理步骤", ["带身份证", "到窗口登记"]), Section("empty", "空", [])],
    )
    rendered = render_messages(
        [
            {"recipient_id": "u", "text": "可以自己交。", "buttons": [{"title": "深圳", "payload": "/inform"}]},
            {"recipient_id": "u", "custom": payload.to_dict()},
        ]
    )
    assert rendered.text.endswith("回复 1：深圳\n回复 2：看办理步骤")
    assert rendered.payloads[0] == "/inform" and len(rendered.payloads) == 2
    assert section_text(rendered.payloads[1]) == "【办理步骤】\n• 带身份证\n• 到窗口登记"
    assert section_text("/inform") is None and section_text("§section:{broken") is None


def test_old_or_foreign_payloads_are_ignored():
    rendered = render_messages(
        [
            {
                "recipient_id": "u",
                "text": "好的",
                "custom": {"topic": "t", "citations": [{"law": "社会保险法", "article": "58"}]},
            }
        ]
    )
    assert rendered.text == "好的" and rendered.payloads == []


def test_citation_line_is_short():
    many = [{"law": f"条例{i}", "article": str(i)} for i in range(10)]
    line = format_citations(many)
    assert line.startswith("依据/Source: ") and line.endswith("等10项")
    assert format_citations([]) == "" and format_citations(["junk", None]) == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1", 1),
        ("１", 1),
        (" 2 ", 2),
        ("\t3\n", 3),
        ("１２", 12),
        ("", None),
        ("a", None),
        ("1.", None),
        ("1 2", None),
        ("-1", None),
        ("123", None),
        ("一", None),
    ],
)
def test_parse_choice(text, expected):
    assert parse_choice(text) == expected


def test_cdata_safe_survives_a_round_trip():
    nasty = "a]]>b]]]]>c\x01d"
    xml = f"<xml><Content><![CDATA[{cdata_safe(nasty)}]]></Content></xml>"
    assert xml_fields(xml)["Content"] == "a]]>b]]]]>cd"


def test_parse_flat_xml_refuses_dtds():
    with pytest.raises(XmlRejected):
        parse_flat_xml('<!DOCTYPE xml [<!ENTITY a "b">]><xml><A>&a;</A></xml>')
    with pytest.raises(XmlRejected):
        parse_flat_xml('<!DOCTYPE xml SYSTEM "http://example.invalid/x.dtd"><xml/>')
    assert parse_flat_xml("<xml><A>1</A><!-- c --><B/></xml>") == {"A": "1", "B": ""}
