"""Multi-turn benchmark: does the last reply hold the fact about the right person?

    python -m offline.person_eval [--model models/current.tar.gz] [--actions URL] [--show]

Runs eval/person_conversations.yml (conversations built around a person's own situation, each
with the fact the first message of the last reply must hold, worked by hand in a comment) through
the real model (in-process agent) and the real action server (started here on loopback when no
URL is given). Reports the share holding their fact, the replies stating a fact about the wrong
person (`wrong`: strings that must not appear), and statements that ended in a fallback.
"""

import argparse
import asyncio
import sys
import tempfile
import uuid
from pathlib import Path

import yaml

from assistant.language import detect
from offline.answer_eval import LIMITS, holds, load_agent, write_report
from offline.train import MODEL
from settings import PROJECT_ROOT

CONVERSATIONS = PROJECT_ROOT / "eval" / "person_conversations.yml"
FALLBACK_KINDS = ("clarify",)


async def _last_replies(model: str, action_url: str, items: list, trace: bool = False) -> list:
    agent = load_agent(model, action_url)
    results = []
    for item in items:
        sender = f"person-eval-{uuid.uuid4().hex[:8]}"
        kinds = []
        first = ""
        for text in item["turns"]:
            replies = await agent.handle_text(text, sender_id=sender)
            if trace:
                print(f"> {text}\n" + "".join(f"  < {r.get('text')!r}\n" for r in replies if r.get("text")))
            first = next((r.get("text") for r in replies if r.get("text")), "")
            kind = next(((r.get("custom") or {}).get("kind") for r in replies if r.get("custom")), None)
            kinds.append(kind)
        results.append((first, kinds))
    return results


def evaluate(model: str, action_url: str, only: str = None, trace: bool = False) -> dict:
    items = yaml.safe_load(CONVERSATIONS.read_text(encoding="utf-8"))["conversations"]
    if only:
        items = [i for i in items if only in i["id"]]
    results = asyncio.run(_last_replies(model, action_url, items, trace))
    rows = []
    for item, (first, kinds) in zip(items, results, strict=True):
        statements = set(item.get("statements") or ())
        rows.append(
            {
                "id": item["id"],
                "holds": holds(first, item["expect"]),
                "wrong": any(w in first for w in item.get("wrong") or ()),
                "fallback": [i for i, k in enumerate(kinds) if k in FALLBACK_KINDS and i in statements],
                "within": len(first) <= LIMITS[detect(item["turns"][-1])],
                "text": first,
            }
        )
    n = len(rows)
    summary = {
        "conversations": n,
        "hold_fact": sum(r["holds"] for r in rows) / n if n else 0,
        "wrong_person": sum(r["wrong"] for r in rows),
        "statement_fallbacks": sum(len(r["fallback"]) for r in rows),
        "within_limit": sum(r["within"] for r in rows) / n if n else 0,
    }
    return {"summary": summary, "rows": rows}


def _action_server(log_dir: Path):
    from deploy.processes import action_server, base_env, free_port

    server = action_server(free_port(), log_dir / "actions.log", base_env())
    server.start()
    server.wait_healthy(240)
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(MODEL))
    parser.add_argument("--actions", help="action server URL; default: start one on loopback")
    parser.add_argument("--only", help="run the conversations whose id contains this")
    parser.add_argument("--show", action="store_true", help="print every last first message")
    parser.add_argument("--trace", action="store_true", help="print every turn and every reply")
    args = parser.parse_args(argv)
    server = None
    if not args.actions:
        server = _action_server(Path(tempfile.mkdtemp(prefix="person-eval-")))
        args.actions = server.health_url.rsplit("/", 1)[0]
    try:
        result = evaluate(args.model, args.actions, args.only, args.trace)
    finally:
        if server is not None:
            server.stop()
    s = result["summary"]
    print(
        f"person conversations: {s['hold_fact']:.0%} of {s['conversations']} hold their fact; "
        f"{s['wrong_person']} about the wrong person; {s['statement_fallbacks']} statements fell back; "
        f"{s['within_limit']:.0%} within the first-message limit"
    )
    for row in result["rows"]:
        bad = not row["holds"] or row["wrong"] or row["fallback"]
        if args.show or bad:
            flag = "ok  " if not bad else ("WRONG" if row["wrong"] else ("FALL" if row["fallback"] else "MISS"))
            print(f"  {flag} {row['id']}: {row['text'][:200]!r}")
    write_report("person_eval.json", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
