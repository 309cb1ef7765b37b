"""Names the console shows instead of identifiers: topics (from the knowledge base, plus the
assistant's own kinds of reply), channels and hand-off states. The words come from the wording
catalogue (staff_* keys in presentation/wording/staff.yml); the codes stay here as data keys."""

from __future__ import annotations

from knowledge import query
from presentation.wording import msg, table


def pairs(prefix: str) -> dict:
    """code -> (zh, en) for every catalogue key prefix + code, in catalogue order."""
    zh, en = table(prefix, "zh"), table(prefix, "en")
    return {code: (zh[code], en[code]) for code in zh}


def pair(key: str, **values) -> str:
    """'中文 English' on one line, as the console shows its notices and errors."""
    return f"{msg(key, 'zh', **values)} {msg(key, 'en', **values)}"


# Replies that are not knowledge-base topics, as the payloads name them.
OTHER_TOPICS = pairs("staff_topic_")
CHANNELS = pairs("staff_channel_")
STATES = pairs("staff_state_")
CLOSE_REASONS = pairs("staff_closed_")


def topic_names(lang: str = "zh") -> dict:
    """topic id -> the name staff read: '缴费标准（要交多少钱）' for ask_cost, '缴费计算器' for
    calculate_contribution. Read once per page; `name_of` falls back to the id."""
    i = 1 if lang == "en" else 0
    names = {key: value[i] for key, value in OTHER_TOPICS.items()}
    names.update({t.id: (t.title.en if lang == "en" else t.title.zh) for t in query.topics()})
    return names


def name_of(names: dict, topic_id) -> str:
    return names.get(topic_id, str(topic_id)) if topic_id else "—"


def bilingual(table: dict, key) -> str:
    names = table.get(key)
    return f"{names[0]} {names[1]}" if names else str(key or "—")
