"""Property-based: a personal number written with random separators and random digit forms is
masked; ordinary figures (years, ages, amounts, percentages, article numbers) are not.

The search for a number in the masked text (corpus.collapse) is independent of bot.privacy."""

import datetime as dt

from corpus import collapse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.privacy import mask_text

# Zeros of decimal digit blocks (any block works: the Unicode decimal property), plus the
# compatibility forms NFKC folds (full-width, mathematical bold / double-struck / sans /
# sans-bold / monospace).
ZEROS = [0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0E50, 0x0F20, 0x1040, 0x17E0, 0x1810]
ZEROS += [0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6]
CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨"
CHINESE = ["〇一二三四五六七八九", "零壹贰叁肆伍陆柒捌玖", "洞幺两三四五六拐八勾"]
SEPARATORS = list("，,、。・~ \n\t\u3000\u200b\u200c\u200d\ufeff-‐‑‒–—―−_./\\*()·；…'\"!?#")
SEPARATORS.append("\r\n")


@st.composite
def digit_form(draw):
    """How one group is written: a function of its ASCII digits."""
    choice = draw(st.sampled_from(["block", "circled", "chinese"]))
    if choice == "block":
        zero = draw(st.sampled_from(ZEROS))
        return lambda digits: "".join(chr(zero + int(d)) for d in digits)
    if choice == "circled":
        return lambda digits: "".join(CIRCLED[int(d)] for d in digits)
    table = draw(st.sampled_from(CHINESE))
    # a lone Chinese numeral is a word ("三年"): numerals come two or more together
    return lambda digits: "".join(table[int(d)] for d in digits) if len(digits) > 1 else digits


@st.composite
def phone(draw):
    number = "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    prefix = draw(st.sampled_from(["", "+86", "0086", "86", "+86 "]))
    return prefix, number, "", number


@st.composite
def id_card(draw):
    region = draw(st.integers(110000, 659999))
    born = draw(st.dates(dt.date(1930, 1, 1), dt.date(2024, 12, 31)))
    serial = draw(st.integers(0, 999))
    if draw(st.booleans()):
        check = draw(st.sampled_from("0123456789X"))
        digits = f"{region}{born:%Y%m%d}{serial:03d}"
        return "", digits, check, digits
    digits = f"{region}{born:%y%m%d}{serial:03d}"
    return "", digits, "", digits


@st.composite
def bank_card(draw):
    length = draw(st.integers(16, 19))
    digits = "62" + draw(st.text("0123456789", min_size=length - 2, max_size=length - 2))
    return "", digits, "", digits


@st.composite
def spelled(draw, number):
    prefix, digits, tail, secret = draw(number)
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=len(digits) - 1)))
    groups = [digits[a:b] for a, b in zip([0] + cuts, cuts + [len(digits)], strict=True)]
    parts = []
    for index, group in enumerate(groups):
        if index:
            parts.append("".join(draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=4))))
        parts.append(draw(digit_form())(group))
    return prefix + "".join(parts) + tail, secret


CONTEXTS = ["{}", "我的号码是{}，谢谢", "{} 断缴了怎么补", "please call {}!", "号码：\n{}\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(spelled(phone()), spelled(id_card()), spelled(bank_card())), st.sampled_from(CONTEXTS))
def test_a_number_in_any_spelling_is_masked(item, context):
    text, secret = item
    masked = mask_text(context.format(text))
    assert secret not in collapse(masked), (text, masked)


@st.composite
def email(draw):
    local = draw(st.from_regex(r"[a-z][a-z0-9]{2,8}", fullmatch=True))
    host = draw(st.from_regex(r"[a-z][a-z0-9]{1,8}", fullmatch=True))
    tld = draw(st.sampled_from(["com", "cn", "net", "org"]))
    at = draw(st.sampled_from(["@", "＠", " at ", "(at)", "艾特", " @ "]))
    dot = draw(st.sampled_from([".", "。", "，", "．", " dot ", "(dot)", "点", "、"]))
    return f"{local}{at}{host}{dot}{tld}", local


@settings(max_examples=200, deadline=None)
@given(email(), st.sampled_from(CONTEXTS))
def test_an_email_in_any_spelling_is_masked(item, context):
    text, local = item
    masked = mask_text(context.format(text))
    assert local not in masked, (text, masked)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1950, 2060),
    st.integers(1, 12),
    st.integers(16, 70),
    st.integers(1, 45),
    st.integers(100, 999999),
    st.integers(1, 100),
    st.integers(1, 200),
)
def test_ordinary_figures_survive(year, month, age, years, amount, percent, article):
    text = (
        f"我{year}年{month}月出生，今年{age}岁，交了{years}年，基数{amount}元，比例{percent}%，"
        f"第{article}条；{year}-{month:02d}-01起，{amount}元到{amount + 1000}元之间"
    )
    assert mask_text(text) == text
