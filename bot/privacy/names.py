"""Names, recognised by what people type before them, in NFKC text.

"我叫张三", "我叫 张三", "姓名：欧阳娜娜", "我是王小明。", "my name is Zhang San". A cue that
always introduces a name ("我叫", "姓名：") may be followed by any 2–4 Chinese characters (single
spaces between them allowed); a weaker cue ("我是", "本人", "我姓") only by a common surname plus
one or two characters that end the clause, so "我是灵活就业人员" or "本人想咨询" stay as they are.
Guessing at every pair of characters would mask half of every question.
"""

import re
from typing import List, Tuple

_HAN = "\u4e00-\u9fff"
_SURNAMES_2 = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "令狐",
    "端木",
    "西门",
    "独孤",
    "南宫",
)
_SURNAMES_1 = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
    "关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华"
    "喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
    "瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝張劉陳楊黃趙"
    "吳孫馬鄭謝韓馮鄧蕭葉蘇呂盧鍾譚陸賈鄒錢龔嚴莊聶"
)
# What may follow a name: the end, punctuation, or a word that starts the rest of the sentence.
_AFTER_NAME = (
    "(?=$|[\\s,.!?;:()\"'~、。，！？；：（）“”～]|想|要|在|是|的|今年|从|來|来|请|問|问|办|咨询|住|交|缴|需|"
    "能|可|怎|打算|准备|身份证|电话|手机|和|跟|今|去|已|现|目前|男|女|岁|我)"
)
# one space or a middle dot may stand between the characters ("张 三", "阿依·买买提"); zero-width
# characters are gone already (bot.privacy.normalise)
_NAME_CHARS = f"[{_HAN}](?:[ ·・]?[{_HAN}])"
_STRONG_CUE = re.compile(
    "(?P<cue>我叫|我名叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名(?:是|为|叫)?\\s*:?|联系人\\s*:|参保人\\s*:)\\s*"
    f"(?P<name>[{_HAN}]{{1,4}}[·・][{_HAN}]{{1,6}}|{_NAME_CHARS}{{1,3}}?{_AFTER_NAME}|[{_HAN}]{{2,3}})"
)
_SURNAME = "(?:" + "|".join(_SURNAMES_2) + f"|[{_SURNAMES_1}])"
_WEAK_CUE = re.compile(
    f"(?P<cue>我是|本人是?|我姓|(?:联系人|参保人|申请人|持卡人)(?:是|为|叫)?)\\s*:?\\s*"
    f"(?P<name>{_SURNAME}(?:[ ·・]?[{_HAN}]){{0,2}}?)(?=$|[\\s,.!?;、。，！？；])"
)
_NOT_A_NAME_ENDING = tuple("员者户族工们人士生")  # 程序员, 个体户, 上班族 … are not names
_EN_CUE = re.compile(
    r"(?i:\b(?:my name is|my name's|my full name is|i am called|i'm called|call me|"
    r"name\s*:))\s+(?P<name>[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,2})"
)
# "I'm Zhang San", "I am Wang Fang": two capitalised words ("I'm Chinese", "I am retired" stay)
_EN_INTRO = re.compile(r"\b(?i:i'm|i am|this is)\s+(?P<name>[A-Z][a-z'-]+\s+[A-Z][a-z'-]+)\b")
_EN_STOP = {
    "and",
    "i",
    "im",
    "i'm",
    "from",
    "in",
    "at",
    "my",
    "but",
    "so",
    "to",
    "who",
    "with",
    "the",
    "a",
    "an",
    "live",
    "living",
    "work",
    "working",
    "am",
    "is",
    "was",
    "have",
    "want",
    "would",
    "please",
    "how",
    "what",
    "can",
    "could",
    "do",
    "does",
    "need",
    "for",
    "pay",
    "paying",
    "about",
    "back",
}

Span = Tuple[int, int, str]  # start, end, canonical form


def _zh(text: str) -> List[Span]:
    found = []
    for match in _STRONG_CUE.finditer(text):
        found.append((match.start("name"), match.end("name"), re.sub("[ ·・]", "", match.group("name"))))
    for match in _WEAK_CUE.finditer(text):
        name = match.group("name")
        if (len(name) < 2 and match.group("cue") != "我姓") or name.endswith(_NOT_A_NAME_ENDING):
            continue
        found.append((match.start("name"), match.end("name"), re.sub("[ ·・]", "", name)))
    return found


def _en(text: str) -> List[Span]:
    found = []
    for match in _EN_CUE.finditer(text):
        words = []
        for word in match.group("name").split():
            if word.lower() in _EN_STOP:
                break
            words.append(word)
        if words:
            start = match.start("name")
            end = start + _length_of(match.group("name"), len(words))
            found.append((start, end, " ".join(words).lower()))
    for match in _EN_INTRO.finditer(text):
        words = match.group("name").split()
        if not any(word.lower() in _EN_STOP for word in words):
            found.append((match.start("name"), match.end("name"), " ".join(words).lower()))
    return found


def _length_of(text: str, words: int) -> int:
    """Characters of `text` up to the end of its first `words` words."""
    count, i = 0, 0
    for m in re.finditer(r"\S+", text):
        count += 1
        i = m.end()
        if count == words:
            break
    return i


def find_names(plain: str) -> List[Span]:
    """Spans of names in NFKC text."""
    return _zh(plain) + _en(plain)
