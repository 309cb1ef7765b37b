"""The unanswered phrasings for trainers: Rasa NLU YAML with TODO intents, or CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

import yaml

from bot.staff.review.rows import Period, local_time


def export_yaml(phrasings: list, period: Period) -> str:
    """Rasa NLU training-data YAML: one TODO intent per best guess, examples to be sorted by a trainer."""
    groups = defaultdict(list)
    for p in phrasings:
        groups[p.best_guess or "unknown"].append(p)
    lines = [
        "# Unanswered phrasings from the staff console, "
        f"{period.first_day.isoformat()} to {period.last_day.isoformat()} (personal numbers masked).",
        "# Each TODO intent groups the phrasings by the model's best guess. Move every example to the",
        "# right data/nlu/<lang>/<intent>.yml (or drop it), then delete this file: TODO intents must",
        "# not be trained.",
        'version: "3.1"',
        "nlu:",
    ]
    for guess in sorted(groups, key=lambda g: (g == "unknown", g)):
        items = groups[guess]
        name = re.sub(r"[^A-Za-z0-9_]", "_", f"TODO_{guess}")
        lines.append(f"- intent: {name}  # best guess {guess}, {sum(p.count for p in items)} time(s)")
        lines.append("  examples: |")
        for p in items:
            text = re.sub(r"[\r\n]+", " ", p.text).strip()
            lines.append(f"    - {text}")
    out = "\n".join(lines) + "\n"
    yaml.safe_load(out)  # always valid YAML
    return out


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def export_csv(phrasings: list) -> str:
    """CSV (UTF-8 with BOM, for spreadsheet programs); cells never start as formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["text", "count", "conversations", "best_guess", "best_guess_confidence", "first_seen", "last_seen", "intent"]
    )
    for p in phrasings:
        text = "'" + p.text if _FORMULA.match(p.text) else p.text
        writer.writerow(
            [
                text,
                p.count,
                p.conversations,
                p.best_guess or "",
                "" if p.best_guess_confidence is None else f"{p.best_guess_confidence:.3f}",
                local_time(p.first_at),
                local_time(p.last_at),
                "TODO",
            ]
        )
    return "\ufeff" + buffer.getvalue()
