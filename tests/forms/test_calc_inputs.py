"""Reading calculator inputs from natural messages (assistant/calc_inputs.py): no model, no database."""

import pytest

from assistant.calc_inputs import INSURANCES, is_stop, normalise, parse


def found(text, expecting=None, context=None):
    return parse(text, expecting=expecting, context=context, latest_year=2026).found()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我38岁，交了5年，按60%交", {"age": 38, "paid_months": 60, "base": "60%"}),
        ("三十八岁，交了十年，百分之六十", {"age": 38, "paid_months": 120, "base": "60%"}),
        ("born March 1985", {"birth_year": 1985, "birth_month": 3}),
        ("1985年3月出生", {"birth_year": 1985, "birth_month": 3}),
        ("85年3月出生的", {"birth_year": 1985, "birth_month": 3}),
        ("03/1985", {"birth_year": 1985, "birth_month": 3}),
        ("1985.03", {"birth_year": 1985, "birth_month": 3}),
        ("男", {"sex": "male"}),
        ("我是女的", {"sex": "female"}),
        ("女，原来55岁退休的", {"sex": "female", "female_age": 55}),
        ("我是女工人", {"sex": "female", "female_age": 50, "category": "worker"}),
        ("I'm a woman, I was supposed to retire at 50", {"sex": "female", "female_age": 50}),
        ("按最低档", {"base": "lowest"}),
        ("the highest please", {"base": "highest"}),
        ("第3档", {"base": "grade 3"}),
        ("第二档", {"base": "grade 2"}),
        ("grade 12", {"base": "grade 12"}),
        ("base 8000", {"base": "8000"}),
        ("按八千交", {"base": "8000"}),
        ("按社平工资交", {"base": "100%"}),
        ("500%", {"base": "500%"}),
        ("交了3年半", {"paid_months": 42}),
        ("交了半年", {"paid_months": 6}),
        ("60岁退休能领多少", {"retire_age": 60}),
        ("打算2035年退休", {"retire_year": 2035}),
        ("I plan to retire at 62", {"retire_age": 62}),
        ("我是农村户口", {"rural": True}),
        ("我是4050人员", {"group": "4050"}),
        ("就业困难人员", {"group": "hardship"}),
        ("应届毕业生", {"group": "graduate"}),
        ("我38岁 男 在广州 交了5年 按60%交", {"age": 38, "sex": "male", "paid_months": 60, "base": "60%"}),
        ("女，55岁退休", {"sex": "female", "female_age": 55}),
        ("养老保险交了3年6个月", {"paid_months": 42}),
        ("I have paid 10 years of contributions", {"paid_months": 120}),
        ("从来没交过", {"paid_months": 0}),
        ("account balance 20k", {"balance": "20000"}),
        ("个人账户余额3.5万", {"balance": "35000"}),
        ("I'm 38, paid for 5 years, 60% base", {"age": 38, "paid_months": 60, "base": "60%"}),
        ("我1988年出生，男，交了8年社保", {"birth_year": 1988, "sex": "male", "paid_months": 96}),
    ],
)
def test_values_in_any_order_and_natural_form(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("不对，我是40岁", {"age": 40}),
        ("actually 1986", {"birth_year": 1986}),
        ("actually I'm 40", {"age": 40}),
        ("不对，是1986年3月生的", {"birth_year": 1986, "birth_month": 3}),
        ("不对，我是1987年的", {"birth_year": 1987}),
        ("1987年", {"birth_year": 1987}),
    ],
)
def test_corrections_are_read_as_new_values(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expecting, expected",
    [
        ("38", "birth", {"age": 38}),
        ("1985", "birth", {"birth_year": 1985}),
        ("3", "birth_month", {"birth_month": 3}),
        ("3月", "birth_month", {"birth_month": 3}),
        ("March", "birth_month", {"birth_month": 3}),
        ("13", "birth_month", {"birth_month": 13}),  # read as said; the validation refuses it
        ("55", "female_age", {"female_age": 55}),
        ("55岁", "female_age", {"female_age": 55}),
        ("5年", "paid", {"paid_months": 60}),
        ("5", "paid", {"paid_months": 60}),
        ("60个月", "paid", {"paid_months": 60}),
        ("8000", "base", {"base": "8000"}),
        ("60", "base", {"base": "60%"}),
        ("2万", "balance", {"balance": "20000"}),
        ("不知道", "balance", {"balance": "unknown"}),
        ("skip", "balance", {"balance": "unknown"}),
        ("没有", "balance", {"balance": "0"}),
        ("female", "calc_sex", {"sex": "female"}),
        ("交了10年", "female_age", {"paid_months": 120}),
        ("大概5年吧", "paid", {"paid_months": 60}),
        ("about 5", "paid", {"paid_months": 60}),
        ("其实是1986", "birth", {"birth_year": 1986}),
        ("300岁", "birth", {"age": 300}),
    ],
)
def test_bare_answers_fill_the_slot_that_was_asked(text, expecting, expected):
    assert found(text, expecting) == expected


def test_insurance_types_and_comparison_only_for_contributions():
    assert found("全部", "insurances", "contribution") == {"insurances": INSURANCES}
    assert found("养老和医保", "insurances", "contribution") == {"insurances": ("pension", "medical")}
    assert found("pension only", "insurances", "contribution") == {"insurances": ("pension",)}
    assert found("按最低档，和城乡居民比较一下", context="contribution") == {"base": "lowest", "compare": True}
    assert found("帮我算算养老金") == {}


@pytest.mark.parametrize(
    "text",
    ["算了", "不算了", "stop", "Stop!", "cancel", "never mind", "forget it", "退出计算", "我不想算了", "不用算了谢谢"],
)
def test_stop_phrases(text):
    assert is_stop(text)
    assert parse(text).stop


@pytest.mark.parametrize(
    "text", ["how do I stop paying social insurance", "不对，我是40岁", "社保可以不交吗", "算一下", "帮我算了一下基数"]
)
def test_not_stop(text):
    assert not is_stop(text)


@pytest.mark.parametrize(
    "text, context",
    [
        ("社保可以不交吗", None),
        ("社会保险法第58条说什么", None),
        ("帮我算一下北京社保每月交多少", "contribution"),
        ("2025年北京的基数是多少", "contribution"),
        ("2025年的计发基数", None),
        ("2025年的计发基数是多少", None),
        ("", None),
        ("/estimate_pension", None),
        ("how do I stop paying", None),
        ("子女可以继承吗", None),
    ],
)
def test_questions_hold_no_values(text, context):
    assert found(text, context=context) == {}


@pytest.mark.parametrize(
    "text, expecting",
    [
        ("社会保险法第12条说什么", "base"),
        ("what does article 12 of the social insurance law say", "paid"),
        ("12333的电话打不通怎么办", "birth"),
        ("what does article 12 say", "base"),
    ],
)
def test_a_question_with_a_number_is_not_an_answer(text, expecting):
    assert found(text, expecting) == {}


def test_restart_and_normalising():
    assert parse("重新计算").restart and parse("start over").restart
    assert normalise("百分之六十") == "60%"
    assert normalise("ＢＡＳＥ ８，０００") == "base 8000"
    assert normalise("算一下") == "算一下"  # numerals become digits only before a unit
