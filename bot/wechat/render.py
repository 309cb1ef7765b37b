"""Turn the messages Rasa sent to a CollectingOutputChannel into one WeChat text.

WeChat passive replies carry a single text message, so all bot messages are joined; buttons
become numbered options, the payload's citations a short "依据/Source:" line, and its sections
(steps, documents, local figures…) numbered follow-ups ("回复 2：看办理步骤") that the channel
answers itself from the remembered section, without asking the assistant again.
"""

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

from presentation.payload import Payload, Section
from presentation.wording import msg

OPTIONS_HEADER = f"{msg('wx_options_header', 'zh')} ({msg('wx_options_header', 'en')}):"
SOURCE_PREFIX = f"{msg('wx_source_prefix', 'zh')}/{msg('wx_source_prefix', 'en')}: "
MAX_CITATIONS = 3
MAX_OPTIONS = 20
SECTION_PREFIX = "§section:"  # an option that shows a remembered section instead of calling Rasa


@dataclass
class RenderedReply:
    text: str
    payloads: List[str] = field(default_factory=list)


def _format_citation(citation: Dict[str, Any]) -> str:
    law = str(citation.get("law") or "").strip()
    article = str(citation.get("article") or "").strip()
    title = str(citation.get("title") or "").strip()
    year = str(citation.get("year") or "").strip()
    if law:
        text = law if law.startswith("《") else f"《{law}》"
        if article:
            text += msg("wx_article_number", "zh", article=article) if article.isdigit() else article
    elif title:
        text = title
    else:
        text = str(citation.get("url") or "").strip()
    if text and year and year not in text:
        text += f"（{year}）"
    return text


def format_citations(citations: Iterable[Any]) -> str:
    """One short line; duplicates dropped, at most MAX_CITATIONS shown."""
    seen: List[str] = []
    for citation in citations or []:
        if isinstance(citation, dict):
            text = _format_citation(citation)
            if text and text not in seen:
                seen.append(text)
    if not seen:
        return ""
    line = "；".join(seen[:MAX_CITATIONS])
    if len(seen) > MAX_CITATIONS:
        line += msg("wx_more_citations", "zh", count=len(seen))
    return SOURCE_PREFIX + line


def section_option(section: Section, lang: str) -> tuple:
    """(option title, option payload) for a section shown on demand."""
    body = json.dumps({"title": section.title, "lines": section.lines}, ensure_ascii=False)
    return msg("wx_see_section", lang, title=section.title), SECTION_PREFIX + body


def section_text(option_payload: str) -> Optional[str]:
    """The text of a remembered section option, or None when the option is not a section."""
    if not option_payload.startswith(SECTION_PREFIX):
        return None
    try:
        section = json.loads(option_payload[len(SECTION_PREFIX) :])
        return "\n".join([f"【{section['title']}】"] + [f"• {line}" for line in section["lines"]])
    except (ValueError, KeyError, TypeError):
        return None


def render_messages(messages: Iterable[Dict[str, Any]]) -> RenderedReply:
    """Join Rasa's messages; buttons and sections -> "回复 N：title" lines whose payloads are returned."""
    blocks: List[str] = []
    titles: List[str] = []
    payloads: List[str] = []
    sections: List[tuple] = []
    for message in messages:
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            blocks.append(text.strip())
        for url_key in ("image", "attachment"):
            value = message.get(url_key)
            if isinstance(value, str) and value.strip():
                blocks.append(value.strip())
        payload = Payload.from_dict(message.get("custom"))
        if payload is not None:
            line = format_citations(payload.citations)
            if line:
                if blocks:
                    blocks[-1] = f"{blocks[-1]}\n{line}"
                else:
                    blocks.append(line)
            sections += [section_option(s, payload.language) for s in payload.sections if s.lines]
        for button in message.get("buttons") or []:
            if not isinstance(button, dict) or len(titles) >= MAX_OPTIONS:
                continue
            title = str(button.get("title") or button.get("payload") or "").strip()
            payload = str(button.get("payload") or title).strip()
            if title:
                titles.append(title)
                payloads.append(payload)
    for title, payload in sections:
        if len(titles) < MAX_OPTIONS:
            titles.append(title)
            payloads.append(payload)
    if titles:
        lines = [OPTIONS_HEADER] + [msg("wx_option_line", "zh", number=i, title=t) for i, t in enumerate(titles, 1)]
        blocks.append("\n".join(lines))
    return RenderedReply(text="\n\n".join(blocks), payloads=payloads)
