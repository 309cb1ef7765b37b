"""Answer first: the first message answers the question in a few lines; details are on demand.

Rules and wording on the small fixture knowledge base (tests/fixtures/kb).
"""

import re

from assistant.answering import AskRegion, respond
from assistant.turn import read_turn
from presentation.answer import FIRST_MESSAGE_LIMITS
from presentation.payload import Payload
from presentation.render import render


def answer(text, intent, lang="zh", **slots):
    turn = read_turn({"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}, slots.get)
    outcome = respond(turn)
    return render(outcome.steps[-1], lang), outcome


def sections(reply) -> dict:
    return {s.id: s for s in reply.payload.sections}


def test_first_message_leads_with_the_answer_and_stays_short(fixture_kb):
    reply, _ = answer("乙市交多少", "ask_cost", region="乙市")
    lines = reply.text.split("\n")
    assert lines[0] == "费用取决于险种和地区。"
    # the province's figure, said to be the province's (the fixture has no source that it is
    # province-wide), with its year (and, since 2026, that the 2026 figure is not in the fixture yet)
    assert any(line.startswith("乙市暂无本地数字，甲省养老保险缴费基数：4,200–21,000元/月（2025年") for line in lines)
    assert len(reply.text) <= FIRST_MESSAGE_LIMITS["zh"]
    assert "法律依据" not in reply.text and "来源" not in reply.text  # details are on demand


def test_details_are_sections_with_year_and_source(fixture_kb):
    reply, _ = answer("乙市交多少", "ask_cost", region="乙市")
    local = sections(reply)["local"]
    assert local.title == "乙市的规定"
    assert local.lines[0].startswith(
        "养老保险缴费基数（适用甲省规定）：4,200–21,000元/月（2025年；某市缴费基数通知（测试））"
    )
    assert "医保费率：各来源说法不一致，请以当地经办机构的答复为准。8%（2024年）、9%（2025年）" in local.lines[-1]
    assert sections(reply)["legal"].lines[0].startswith("《迷你法》第二条：灵活就业人员可以参加")
    assert "最近核实：2026-11-21" in sections(reply)["where"].lines[-1]


def test_a_weak_basis_gets_a_plain_caveat_not_a_grade(fixture_kb):
    reply, _ = answer("交多少", "ask_cost")
    assert "二手资料" in reply.text and "C级" not in reply.text and "本库" not in reply.text
    assert reply.payload.confidence == "C" and reply.payload.caveats


def test_region_picker_only_when_the_answer_depends_on_an_unknown_region(fixture_kb):
    reply, _ = answer("交多少", "ask_cost")
    assert reply.text.endswith("各地规定不同，您在哪个城市？")
    assert reply.buttons[0] == {"title": "其他地区", "payload": '/inform{"choice": "other_region"}'}
    known, _ = answer("乙市交多少", "ask_cost", region="乙市")
    assert all("choice" not in b["payload"] for b in known.buttons)
    independent, _ = answer("要什么材料", "ask_documents")
    assert independent.buttons == []


def test_keyword_sub_answer_answers_the_question_asked(fixture_kb):
    reply, _ = answer("社保卡丢了怎么办", "ask_documents", lang="en")
    assert reply.text.split("\n")[:2] == [
        "Report a lost card first, then apply for a new one.",
        "Bring your own ID card.",
    ]
    assert "(12333)" not in reply.text  # not region-dependent: where to ask is a detail
    assert [s.id for s in reply.payload.sections] == ["documents", "legal", "where"]
    assert "(12333)" in sections(reply)["where"].lines[0]
    assert reply.payload.answer_id == "documents-lost-card"


def test_payload_round_trips_through_its_schema(fixture_kb):
    reply, _ = answer("乙市交多少", "ask_cost", region="乙市")
    again = Payload.from_dict(reply.payload.to_dict())
    assert again == reply.payload and again.in_kb and again.kind == "answer"
    assert Payload.from_dict({"topic": "ask_cost"}) is None


def test_other_place_asks_for_the_city(fixture_kb):
    turn = read_turn(
        {
            "text": "/inform",
            "intent": {"name": "inform", "confidence": 1.0},
            "entities": [{"entity": "choice", "value": "other_region"}],
        },
        {}.get,
    )
    outcome = respond(turn)
    assert outcome.steps == [AskRegion(unknown=False)]
    assert "城市或省份" in render(outcome.steps[0], "zh").text


def test_article_look_up_quotes_the_official_text_and_summarises_in_english(use_kb):
    turn = read_turn(
        {"text": "社会保险法第58条", "intent": {"name": "ask_legal_basis", "confidence": 0.9}, "entities": []}, {}.get
    )
    zh = render(respond(turn).steps[-1], "zh")
    assert zh.text.startswith("《社会保险法》第五十八条（2018年修正）：\n用人单位应当自用工之日起三十日内")
    assert "其他灵活就业人员" in zh.text and len(zh.text) <= 400
    en = render(respond(turn).steps[-1], "en")
    assert en.text.startswith("Social Insurance Law, Article 58") and "In short:" in en.text
    official = {s.id: s for s in en.payload.sections}["official_58"]
    assert official.title == "Official Chinese text of 第五十八条" and official.lines[0].startswith("用人单位应当")


def test_a_rule_past_its_end_date_says_so_and_never_leads(fixture_kb):
    reply, _ = answer("乙市交多少", "ask_cost", region="乙市")
    local = sections(reply)["local"].lines
    old = next(line for line in local if "4,000–20,000" in line)
    assert old.endswith("这条规定适用到2025-06-30，之后的规定请以当地最新公告为准。")
    assert "4,000–20,000" not in reply.text


def test_a_figure_whose_next_year_is_due_names_its_year_and_says_the_next_is_missing(fixture_kb):
    """The fixture's newest base is for 2025: from 2026 on, answers say the newer one is not here."""
    reply, _ = answer("乙市交多少", "ask_cost", region="乙市")
    first = re.search(r"4,200–21,000元/月（2025年；(\d{4})年标准未收录）", reply.text)
    assert first and int(first.group(1)) >= 2026
    detail = sections(reply)["local"].lines[0].split("\n  ")[1]
    assert detail == f"{first.group(1)}年的标准应该已经公布，这里还没有收录；请以当地最新公告为准。"
    english, _ = answer("how much in city b", "ask_cost", lang="en", region="乙市")
    assert f"(2025; {first.group(1)} figure not yet here)" in english.text


def test_a_second_question_in_the_same_message_is_offered_as_one_tap(fixture_kb):
    turn = read_turn(
        {
            "text": "乙市要什么材料，交多少钱",
            "intent": {"name": "ask_documents", "confidence": 0.9},
            "entities": [],
            "second_question": {"intent": "ask_cost", "confidence": 0.6, "text": "交多少钱"},
        },
        {"region": "乙市"}.get,
    )
    reply = render(respond(turn).steps[-1], "zh")
    assert reply.payload.topic == "ask_documents"
    assert {"title": "再问：缴费标准", "payload": "/ask_cost"} in reply.buttons


def test_a_correction_re_answers_the_last_question_with_the_right_value(fixture_kb):
    turn = read_turn(
        {
            "text": "不是医保，是养老",
            "intent": {"name": "inform", "confidence": 0.9},
            "entities": [{"entity": "insurance_type", "value": "医保"}, {"entity": "insurance_type", "value": "养老"}],
        },
        {"last_topic": "ask_cost", "insurance_type": "医保"}.get,
    )
    outcome = respond(turn)
    assert outcome.slots["insurance_type"] == "pension"
    assert render(outcome.steps[-1], "zh").payload.answer_id == "cost-pension"


def test_a_follow_up_re_asks_the_same_sub_question_for_the_new_place(fixture_kb):
    first, outcome = answer("社保卡丢了怎么办", "ask_documents")
    assert outcome.slots["last_answer"] == "documents-lost-card"
    turn = read_turn(
        {
            "text": "那乙市呢",
            "intent": {"name": "inform", "confidence": 0.9},
            "entities": [{"entity": "region", "value": "乙市"}],
        },
        {"last_topic": "ask_documents", "region": "乙市"}.get,
    )
    again = respond(turn, last_answer="documents-lost-card")
    assert render(again.steps[-1], "zh").payload.answer_id == "documents-lost-card"
