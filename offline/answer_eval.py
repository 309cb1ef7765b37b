"""Answer-first evaluation: does the first message hold the fact asked for, within its length limit?

    python -m offline.answer_eval [--model models/current.tar.gz] [--show]

Runs eval/answer_first.yml through the real model (in-process agent) and the real action server,
prints the share of first messages holding their fact and within the limit, and the median and
90th-percentile length of first messages per language.
"""

import argparse
import asyncio
import json
import logging
import statistics
import sys
import uuid

import yaml

from assistant.language import detect
from offline.train import MODEL
from settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "answer_first.yml"
LIMITS = {"zh": 200, "en": 400}


def holds(text: str, expect: list) -> bool:
    return all(any(option in text for option in entry.split("|")) for entry in expect)


def percentile(values: list, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0


async def _first_messages(model: str, action_url: str, items: list) -> list:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = Agent.load(model, action_endpoint=EndpointConfig(f"{action_url}/webhook"))
    firsts = []
    for item in items:
        sender = f"eval-{uuid.uuid4().hex[:8]}"
        replies = []
        for text in item["turns"]:
            replies = await agent.handle_text(text, sender_id=sender)
        firsts.append(next((r.get("text") for r in replies if r.get("text")), ""))
    return firsts


def evaluate(model: str, action_url: str) -> dict:
    items = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    firsts = asyncio.run(_first_messages(model, action_url, items))
    rows = []
    for item, first in zip(items, firsts, strict=False):
        lang = detect(item["turns"][-1])
        limit = item.get("limit", LIMITS[lang])
        rows.append(
            {
                "id": item["id"],
                "lang": lang,
                "chars": len(first),
                "limit": limit,
                "holds": holds(first, item["expect"]),
                "within": len(first) <= limit,
                "text": first,
            }
        )
    summary = {
        "questions": len(rows),
        "hold_fact": sum(r["holds"] for r in rows) / len(rows),
        "within_limit": sum(r["within"] for r in rows) / len(rows),
    }
    for lang in ("zh", "en"):
        lengths = [r["chars"] for r in rows if r["lang"] == lang]
        summary[lang] = {
            "questions": len(lengths),
            "median_chars": statistics.median(lengths) if lengths else 0,
            "p90_chars": percentile(lengths, 0.9),
        }
    return {"summary": summary, "rows": rows}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(MODEL))
    parser.add_argument("--actions", required=True, help="action server URL, e.g. http://127.0.0.1:5055")
    parser.add_argument("--show", action="store_true", help="print every first message")
    args = parser.parse_args(argv)
    result = evaluate(args.model, args.actions)
    s = result["summary"]
    print(
        f"answer first: {s['hold_fact']:.0%} of {s['questions']} first messages hold their fact; "
        f"{s['within_limit']:.0%} within the length limit"
    )
    for lang in ("zh", "en"):
        print(
            f"  {lang}: median {s[lang]['median_chars']} chars, p90 {s[lang]['p90_chars']} "
            f"({s[lang]['questions']} questions)"
        )
    for row in result["rows"]:
        if args.show or not (row["holds"] and row["within"]):
            flag = "ok " if row["holds"] and row["within"] else ("LONG" if row["holds"] else "MISS")
            print(f"  {flag} {row['id']} ({row['chars']}/{row['limit']}): {row['text'][:160]!r}")
    out = PROJECT_ROOT / "reports" / "answer_first.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
