"""Names the console shows instead of identifiers: topics (from the knowledge base, plus the
assistant's own kinds of reply), channels and hand-off states. Staff-console wording, zh + en."""

from __future__ import annotations

from knowledge import query

# Replies that are not knowledge-base topics, as the payloads name them.
OTHER_TOPICS = {
    "calculate_contribution": ("缴费计算器", "Contribution calculator"),
    "estimate_pension": ("养老金估算", "Pension estimate"),
    "action_unavailable": ("系统故障，未能回答", "Service failure, not answered"),
    "service_unavailable": ("系统繁忙，未能回答", "Service busy, not answered"),
    "out_of_scope": ("不属于社保的问题", "Not about social insurance"),
    "nlu_fallback": ("没听懂", "Not understood"),
    "request_human": ("转人工", "Asked for a person"),
}
CHANNELS = {
    "widget": ("网页", "Web widget"),
    "wechat": ("微信公众号", "WeChat"),
    "wecom": ("企业微信", "WeCom"),
    "rest": ("REST 接口", "REST API"),
}
STATES = {"waiting": ("等待接入", "Waiting"), "active": ("处理中", "In progress"), "closed": ("已结束", "Closed")}
CLOSE_REASONS = {
    "handed_back": ("已交还智能助手", "Handed back"),
    "cancelled": ("来访者取消", "Cancelled by the citizen"),
    "closed_unanswered": ("未接入即关闭", "Closed without a chat"),
    "recorded": ("仅记录", "Recorded"),
}


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
