"""Split long answers into WeChat-sized parts (the platform limit is 2048 bytes of UTF-8).

Cuts happen after a sentence end (。！？； newline, or . ! ? followed by a space) when one lies in
the latter three quarters of the window, otherwise at the last whole character that fits. Parts
concatenate back to the original text exactly.
"""

from typing import List

DEFAULT_LIMIT_BYTES = 2000
_CJK_ENDS = frozenset("。！？；\n")
_ASCII_ENDS = frozenset(".!?")


def _fitting_chars(text: str, limit: int) -> int:
    """How many leading characters fit in ``limit`` UTF-8 bytes."""
    used = 0
    for index, char in enumerate(text):
        used += len(char.encode("utf-8"))
        if used > limit:
            return index
    return len(text)


def _cut_after_sentence(text: str, window: int) -> int:
    """Index right after the last sentence end in text[:window] (0 if none is usable)."""
    for index in range(window - 1, window // 4 - 1, -1):
        char = text[index]
        is_end = char in _CJK_ENDS or (char in _ASCII_ENDS and (index + 1 >= len(text) or text[index + 1].isspace()))
        if is_end:
            cut = index + 1
            while cut < window and text[cut] in " \t\n":
                cut += 1  # keep trailing whitespace with the sentence it ends
            return cut
    return 0


def split_utf8(text: str, limit: int = DEFAULT_LIMIT_BYTES) -> List[str]:
    """Parts of at most ``limit`` bytes each, never cutting inside a character."""
    if limit < 4:
        raise ValueError("limit must allow at least one UTF-8 character")
    parts: List[str] = []
    rest = text
    while len(rest.encode("utf-8")) > limit:
        window = _fitting_chars(rest, limit)
        cut = _cut_after_sentence(rest, window) or window
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts
