"""The person and their family without Rasa (assistant/people.py, situation.py, personal.py and
presentation/person.py), on the fixture knowledge base (the reform, minimum-years, resident and
unemployment rules are the national ones). Figures hand-worked in the comments, as of 2026-12."""

import datetime as dt

import pytest

from assistant import people as persons
from assistant.answering import respond
from assistant.personal import Cleared, PersonAnswer
from assistant.profile import Profile
from assistant.situation import RESIDENT, situation
from assistant.turn import read_turn
from presentation.render import render

TODAY = (2026, 12)


def talk(turns, intents=None, lang=None):
    """Every turn through respond() and render(), the slots carried as an action would: the last Reply."""
    slots, reply = {}, None
    for i, text in enumerate(turns):
        intent = (intents or {}).get(i, "inform")
        message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
        turn = read_turn(message, slots.get)
        outcome = respond(turn, persons.from_slot(slots.get("profile")), today=dt.date(*TODAY, 8))
        slots.update(outcome.slots)
        reply = render(outcome.steps[-1], turn.lang)
    return reply, slots


def test_a_family_member_is_a_person_of_their_own(fixture_kb):
    people = persons.People()
    for text in ("我是女的 1976年8月出生 在长沙一家工厂当工人", "我交了9年社保 还差几年"):
        people = persons.read(people, text, TODAY).people
    reading = persons.read(people, "那我老公呢 他是1974年11月出生的 交了20年了", TODAY)
    assert reading.switched and reading.opened and reading.people.about == "husband"
    # nothing carried over but what is said of him (老公 → male)
    assert reading.people.current == Profile(birth_year=1974, birth_month=11, sex="male", paid_months=240)
    assert reading.people.persons["self"].female_age == 50 and reading.people.persons["self"].paid_months == 108
    back = persons.read(reading.people, "那我呢", TODAY)
    assert back.people.about == "self" and back.switched


def test_he_or_she_gives_the_sex_of_a_relation_that_has_none():
    reading = persons.read(persons.People(), "我爱人1975年2月出生 交了8年 他还差几年", TODAY)
    assert reading.people.about == "spouse" and reading.people.current.sex == "male"


def test_an_older_flat_profile_is_the_persons_own():
    people = persons.from_slot({"age": 38, "sex": "male"})
    assert people.about == "self" and people.current == Profile(age=38, sex="male")
    assert persons.from_slot(persons.to_slot(people)) == people
    assert persons.from_slot({"about": "nobody", "persons": {"ghost": {"age": 3}}}) == persons.People()


def test_the_chain_for_the_issue_couple(fixture_kb):
    # wife 1976-08, worker: (1976-08)-(1975-01) = 19 months → 19//2+1 = 10 → 50y10m → 2027-06;
    # 108 + 6 months to go = 114 → 180 − 114 = 66 months short; before 2030: no one-off payment.
    wife = situation(Profile(birth_year=1976, birth_month=8, sex="female", female_age=50, paid_months=108), TODAY)
    assert (wife.retirement["year"], wife.retirement["month"]) == (2027, 6)
    assert (wife.minimum_months, wife.paid_at_retirement, wife.short_months) == (180, 114, 66)
    assert wife.options == ("keep_paying", "resident")
    # husband 1974-11: 118 → 118//4+1 = 30 → 62y6m → 2037-05; minimum 19 years; 20 paid → enough.
    husband = situation(Profile(birth_year=1974, birth_month=11, sex="male", paid_months=240), TODAY, "husband")
    assert (husband.retirement["age_years"], husband.retirement["age_months"]) == (62, 6)
    assert (husband.retirement["year"], husband.retirement["month"], husband.minimum_months) == (2037, 5, 228)
    assert husband.short_months == 0 and husband.options == ()


def test_past_the_statutory_age_and_a_rural_late_starter(fixture_kb):
    # 62, born 1964 (June assumed): 60 in 2024-06, before the reform; 11 of 15 years → 4 short.
    past = situation(Profile(age=62, sex="male", paid_months=132), TODAY)
    assert past.retirement["reached"] and past.short_months == 48 and "keep_paying" in past.options
    # 57, rural, never paid: the resident pension from 60 (2029-06); 30 months to go → 150 short.
    rural = situation(Profile(age=57, sex="male", paid_months=0, rural=True), TODAY)
    assert rural.scheme == RESIDENT and (rural.retirement["year"], rural.retirement["month"]) == (2029, 6)
    assert (rural.paid_at_retirement, rural.short_months, rural.options) == (30, 150, ("back_pay",))
    # a woman whose track is unknown: that is what is asked, nothing is guessed
    assert situation(Profile(birth_year=1976, birth_month=3, sex="female"), TODAY).needs[0] == "female_age"


def test_the_issue_conversation_answers_the_husband_as_a_man(fixture_kb):
    reply, slots = talk(
        [
            "我是女的 1976年8月出生 在长沙一家工厂当工人",
            "我什么时候可以退休",
            "我交了9年社保 还差几年",
            "那我老公呢 他是1974年11月出生的 交了20年了 他什么时候退休 要交满多少年",
        ],
        {1: "ask_retirement_procedures", 2: "ask_minimum_years"},
    )
    assert reply.text.startswith("您丈夫（1974年11月出生、男、已交20年）：")
    assert "62岁6个月" in reply.text and "2037年5月" in reply.text and "19年" in reply.text
    assert "50岁" not in reply.text and len(reply.text) <= 200
    lines = [p["line"] for p in reply.payload.person["people"]]
    assert lines[0].startswith("关于您：1976年8月出生、女、工人、已交9年") and lines[1].startswith("您丈夫：")
    assert slots["profile"]["about"] == "husband"


def test_the_wife_is_told_how_short_she_is(fixture_kb):
    reply, _ = talk(["我是女的 1976年8月出生 在长沙一家工厂当工人", "我交了9年社保 还差几年"])
    assert "2027年6月" in reply.text and "还差约5年6个月" in reply.text and "继续交" in reply.text


@pytest.mark.parametrize(
    "turns, expected",
    [
        (["社保交了12年了"], "哪年哪月出生"),
        (["社保交了12年了", "我是男的 1970年5月出生", "不对，我是1971年的"], "2033年1月"),
        (["我62岁 男 交了11年社保 能领养老金吗"], "还差4年"),
        (["我57岁 男 农村的 从来没交过社保 还能交吗"], "补缴"),
        (["我交了6年失业保险 失业金能领几个月"], "18个月"),
        (["我是男的 1970年5月出生", "那我老婆呢 她1976年3月出生"], "工人还是干部"),
    ],
)
def test_statements_corrections_and_questions(fixture_kb, turns, expected):
    reply, _ = talk(turns)
    assert expected in reply.text and reply.payload.kind in ("answer", "question")


def test_the_question_for_a_womans_track_has_buttons(fixture_kb):
    reply, _ = talk(["我是男的 1970年5月出生", "那我老婆呢 她1976年3月出生"])
    assert [b["title"] for b in reply.buttons][:2] == ["工人", "干部岗位"] and reply.payload.kind == "question"
    reply, _ = talk(["我是男的 1970年5月出生", "那我老婆呢 她1976年3月出生", "工人"])
    assert reply.text.startswith("您妻子") and "2026年11月" in reply.text and "1970" not in reply.text


def test_clearing_forgets_everyone(fixture_kb):
    slots = {}
    turn = read_turn({"text": "清除我的信息", "intent": {"name": "inform"}}, slots.get)
    outcome = respond(turn, persons.People(persons={"self": Profile(age=40)}), today=dt.date(2026, 12, 8))
    assert isinstance(outcome.steps[-1], Cleared) and outcome.slots["profile"] is None
    assert render(outcome.steps[-1], "zh").payload.person == {"about": "self", "people": []}


def test_english_says_whom_it_is_about(fixture_kb):
    reply, _ = talk(
        [
            "I'm a woman, born Aug 1976, factory worker, paid 9 years",
            "and my husband? born November 1974, paid 20 years",
        ]
    )
    assert reply.text.startswith("Your husband (born 1974-11, man, paid 20 years):") and "2037-05" in reply.text


def test_a_general_question_is_not_taken_for_a_person(fixture_kb):
    turn = read_turn({"text": "最低缴费年限是多少年", "intent": {"name": "ask_minimum_years"}}, {}.get)
    outcome = respond(turn, today=dt.date(2026, 12, 8))
    assert not any(isinstance(s, PersonAnswer) for s in outcome.steps)


def test_wechat_shows_the_about_you_line(fixture_kb):
    from bot.wechat.render import render_messages

    reply, _ = talk(["我是女的 1976年8月出生 工人 交了9年", "那我老公呢 他1974年11月出生 交了20年"])
    message = {"text": reply.text, "buttons": reply.buttons, "custom": reply.payload.to_dict()}
    text = render_messages([message]).text
    assert "关于您：1976年8月出生、女、工人、已交9年 · 您丈夫：1974年11月出生、男、已交20年" in text


def test_a_birth_year_without_its_month_reads_as_a_year():
    from assistant.profile import Profile
    from presentation.person import facts

    assert "1972年出生" in facts(Profile(birth_year=1972), "zh")
    assert "born 1972" in facts(Profile(birth_year=1972), "en")
