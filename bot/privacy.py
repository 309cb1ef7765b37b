"""Mask personal data before anything is stored: ID cards, phones, bank cards, e-mail, names.

The masked form keeps a short keyed hash so records of the same person can still be linked
without the number itself (PRIVACY_HASH_KEY; a per-deployment secret). Names are recognised by
what people type before them ("我叫张三", "姓名：李四", "我是王小明。", "my name is Zhang San"),
not by guessing at every pair of characters; see mask_names.
"""
import hashlib
import hmac
import os
import re

_PATTERNS = (
    ("ID", re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")),
    ("CARD", re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")),
    ("PHONE", re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")),
    # Bounded repetitions: an unbounded [\w.+-]+ before "@" made long runs of letters quadratic
    # (70,000 characters took half a minute); local parts are at most 64 characters anyway.
    ("EMAIL", re.compile(r"[\w.+-]{1,64}@[\w-]{1,253}\.[\w.-]{1,253}")),
)
_NEEDS = {"EMAIL": "@"}  # a pattern is tried only when its required character occurs
_UNSTORABLE = re.compile("[\\x00\\ud800-\\udfff]")


def _tag(kind: str, value: str) -> str:
    key = os.environ.get("PRIVACY_HASH_KEY", "shebao-dev-key").encode()
    digest = hmac.new(key, re.sub(r"[ -]", "", value).upper().encode(), hashlib.sha256).hexdigest()[:8]
    return f"[{kind}:{digest}]"


def mask_text(text):
    """'我的身份证110101199003071234' -> '我的身份证[ID:1a2b3c4d]'; '我叫张三' -> '我叫[NAME:…]'."""
    if not isinstance(text, str) or not text:
        return text
    if _UNSTORABLE.search(text):  # lone surrogates and NUL cannot be written to PostgreSQL
        text = _UNSTORABLE.sub("\ufffd", text)
    for kind, pattern in _PATTERNS:
        if kind in _NEEDS and _NEEDS[kind] not in text:
            continue
        text = pattern.sub(lambda m, k=kind: _tag(k, m.group(0)), text)
    return mask_names(text)


def contains_personal_data(text: str) -> bool:
    return isinstance(text, str) and (any(p.search(text) for _, p in _PATTERNS) or mask_names(text) != text)


# --- names -----------------------------------------------------------------------------------
# A cue that always introduces a name ("我叫", "姓名：") may be followed by any 2–4 Chinese
# characters; a weaker cue ("我是", "本人") only by a common surname plus one or two characters
# that end the clause, so "我是灵活就业人员" or "本人想咨询" stay as they are.
_HAN = "\u4e00-\u9fff"
_SURNAMES_2 = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
               "司徒", "夏侯", "令狐", "端木", "西门", "独孤", "南宫")
_SURNAMES_1 = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
               "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
               "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
               "关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华"
               "喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
               "瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
# What may follow a name: the end, punctuation, or a word that starts the rest of the sentence.
_AFTER_NAME = ("(?=$|[\\s，,。.!！?？;；、：:（(）)“”\"'~～]|想|要|在|是|的|今年|从|来|请|问|办|咨询|住|交|缴|需|"
               "能|可|怎|打算|准备|身份证|电话|手机|和|跟|今|去|已|现|目前|男|女|岁|我|，)")
_STRONG_CUE = re.compile(
    "(?P<cue>我叫|我名叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名(?:是|为|叫)?\\s*[:：]?\\s*|"
    "联系人\\s*[:：]\\s*|参保人\\s*[:：]\\s*)"
    f"(?P<name>[{_HAN}]{{2,4}}?{_AFTER_NAME}|[{_HAN}]{{2,3}})")
_SURNAME = "(?:" + "|".join(_SURNAMES_2) + f"|[{_SURNAMES_1}])"
_WEAK_CUE = re.compile(
    f"(?P<cue>我是|本人是?|我姓)(?P<name>{_SURNAME}[{_HAN}]{{0,2}}?)"
    "(?=$|[\\s，,。.!！?？;；、])")
_NOT_A_NAME_ENDING = tuple("员者户族工们人士生")  # 程序员, 个体户, 上班族 … are not names
_EN_CUE = re.compile(r"(?i:\b(?:my name is|my name's|my full name is|i am called|i'm called|call me|"
                     r"name\s*:))\s+(?P<name>[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,2})")
_EN_STOP = {"and", "i", "im", "i'm", "from", "in", "at", "my", "but", "so", "to", "who", "with", "the",
            "a", "an", "live", "living", "work", "working", "am", "is", "was", "have", "want", "would",
            "please", "how", "what", "can", "could", "do", "does", "need", "for", "pay", "paying", "about"}


def _mask_zh(match, weak: bool):
    name = match.group("name")
    if weak and ((len(name) < 2 and match.group("cue") != "我姓") or name.endswith(_NOT_A_NAME_ENDING)):
        return match.group(0)
    return match.group("cue") + _tag("NAME", name)


def _mask_en(match):
    words = []
    for word in match.group("name").split():
        if word.lower() in _EN_STOP:
            break
        words.append(word)
    if not words:
        return match.group(0)
    name = " ".join(words)
    start = match.start("name") - match.start(0)
    return match.group(0)[:start] + _tag("NAME", name) + match.group(0)[start + len(name):]


def mask_names(text):
    """'我叫张三，想问社保' -> '我叫[NAME:…]，想问社保'; leaves text without a name cue alone."""
    if not isinstance(text, str) or not text:
        return text
    text = _STRONG_CUE.sub(lambda m: _mask_zh(m, weak=False), text)
    text = _WEAK_CUE.sub(lambda m: _mask_zh(m, weak=True), text)
    return _EN_CUE.sub(_mask_en, text)


def mask_value(value, skip_keys=frozenset()):
    """mask_text applied to every string inside a JSON-like value (dicts, lists, tuples).

    Keys in skip_keys keep their values (event type names, intent names, ids that must match).
    """
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: (item if key in skip_keys else mask_value(item, skip_keys)) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_value(item, skip_keys) for item in value]
    return value


MAX_KEY_CHARS = 128  # the events.sender_id column holds 255; longer IDs are stored as a digest


def storage_key(sender_id: str) -> str:
    """The conversation ID as stored: masked, and bounded in length (deterministic both ways)."""
    if not isinstance(sender_id, str):
        return sender_id
    key = mask_text(sender_id)
    if len(key) > MAX_KEY_CHARS:
        key = f"{key[:64]}~{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}"
    return key
