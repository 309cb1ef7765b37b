"""Which language to answer in: the one the user wrote in, else the one used before."""

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
DEFAULT = "zh"


def detect(text: str, previous: str = None) -> str:
    """'zh' when the text has Chinese characters, 'en' when it is mostly Latin words.

    Mixed messages ('社保 base 怎么选') count as Chinese, the primary language. Messages with
    neither (numbers, emoji, button payloads) keep the previous language.
    """
    text = text or ""
    if text.startswith("/"):
        return previous or DEFAULT
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk:
        return "zh"
    if latin >= 2:
        return "en"
    return previous or DEFAULT
