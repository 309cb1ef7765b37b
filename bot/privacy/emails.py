"""E-mail addresses in NFKC text, also when spelled out: "zhang at qq dot com", "zhang(at)qq.com",
"zhang艾特qq点com", "zhang@qq。com", "zhang@qq，com" (＠ is already @, ． a dot and ， a comma
after NFKC; a Chinese keyboard types 。 or ， where the dot belongs)."""

import re
from typing import List, Tuple

_AT = r"(?:\s*@\s*|\s*[(\[]\s*at\s*[)\]]\s*|\s+at\s+|\s*艾特\s*)"
# A comma-like dot only right between two parts ("qq，com"); "at home, but" is English.
_DOT = r"(?:\s*[.。]\s*|[,、・·]|\s*[(\[]\s*dot\s*[)\]]\s*|\s+dot\s+|\s*点\s*)"
_LOCAL_DOT = "[.。・·]"  # between the parts of the local part (a comma there ends a list)
# Bounded repetitions: an unbounded local part made long runs of letters quadratic.
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9_%+-]{{1,64}}(?:{_LOCAL_DOT}[A-Za-z0-9_%+-]{{1,64}}){{0,4}}){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]{{1,63}}(?:{_DOT}[A-Za-z0-9-]{{1,63}}){{0,4}}{_DOT}[A-Za-z]{{2,12}})"
    r"(?![A-Za-z0-9-])",
    re.IGNORECASE,
)
# A loosely written domain ("at home. Register", "qq . com") counts only with a common ending.
_LOOSE = re.compile(r"\s|[,、・·]")
COMMON_TLDS = frozenset(
    "com cn net org edu gov info biz io me co cc top xyz vip club site online "
    "hk tw mo jp kr sg uk us de fr ru au ca in".split()
)
_CUES = ("@", " at ", "(at)", "[at]", "艾特", " AT ")


def find_emails(plain: str) -> List[Tuple[int, int, str]]:
    if not any(cue in plain for cue in _CUES) and not re.search(r"(?i)[(\[\s]at[)\]\s]", plain):
        return []
    found = []
    for match in _EMAIL.finditer(plain):
        local = re.sub(_LOCAL_DOT, ".", match.group("local"))
        domain = re.sub(_DOT, ".", match.group("domain"), flags=re.IGNORECASE)
        if _LOOSE.search(match.group(0)) and domain.rsplit(".", 1)[-1].lower() not in COMMON_TLDS:
            continue
        found.append((match.start(), match.end(), f"{local}@{domain}".lower()))
    return found
