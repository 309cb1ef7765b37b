"""E-mail addresses in NFKC text, also when spelled out: "zhang at qq dot com", "zhang(at)qq.com",
"zhang艾特qq点com", "zhang@qq。com", "zhang@qq，com" (＠ is already @, ． a dot and ， a comma
after NFKC; a Chinese keyboard types 。 or ， where the dot belongs). A loosely written dot
(spaced, or comma-like) counts only before a common ending such as com or cn."""

import re
from typing import List, Tuple

_AT = r"(?:\s*@\s*|\s*[(\[]\s*at\s*[)\]]\s*|\s+at\s+|\s*艾特\s*)"
_DOT = r"(?:[.。]|\s*[(\[]\s*dot\s*[)\]]\s*|\s+dot\s+|\s*点\s*)"
# A dot written loosely (spaced, or a comma-like mark: "qq，com") only before a common ending:
# "at home. Register" and "at retirement, you" are English, not addresses.
COMMON_TLDS = (
    "com cn net org edu gov info biz io me co cc top xyz vip club site online "
    "hk tw mo jp kr sg uk us de fr ru au ca in".split()
)
_LOOSE_DOT = r"(?:\s+[.。]\s*|[.。]\s+|[,、・·])"
_LOCAL_DOT = "[.。・·]"  # between the parts of the local part (a comma there ends a list)
_LABEL = "[A-Za-z0-9-]{1,63}"
# Bounded repetitions: an unbounded local part made long runs of letters quadratic.
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9_%+-]{{1,64}}(?:{_LOCAL_DOT}[A-Za-z0-9_%+-]{{1,64}}){{0,4}}){_AT}"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,4}}"
    rf"(?:{_DOT}[A-Za-z]{{2,12}}|{_LOOSE_DOT}(?:{'|'.join(COMMON_TLDS)})))"
    r"(?![A-Za-z0-9-])",
    re.IGNORECASE,
)
_ANY_DOT = f"{_DOT}|{_LOOSE_DOT}"
_CUES = ("@", " at ", "(at)", "[at]", "艾特", " AT ")


def find_emails(plain: str) -> List[Tuple[int, int, str]]:
    if not any(cue in plain for cue in _CUES) and not re.search(r"(?i)[(\[\s]at[)\]\s]", plain):
        return []
    found = []
    for match in _EMAIL.finditer(plain):
        local = re.sub(_LOCAL_DOT, ".", match.group("local"))
        domain = re.sub(_ANY_DOT, ".", match.group("domain"), flags=re.IGNORECASE)
        found.append((match.start(), match.end(), f"{local}@{domain}".lower()))
    return found
