"""Dependencies point down only: knowledge ← assistant ← presentation ← adapters (docs/architecture.md).

Among the adapters, the thin actions (the action server) never import bot/ (the Rasa server's
channels, the staff console and the project's own tables): a hand-off is worded by the action and
recorded by the channel side, which sees its payload go out (bot/channels/handoff.py).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# For each layer, the top-level packages it must never import (anywhere, including inside functions).
FORBIDDEN = {
    "knowledge": {"assistant", "presentation", "actions", "bot", "rasa", "rasa_sdk"},
    "assistant": {"presentation", "actions", "bot", "rasa", "rasa_sdk"},
    "presentation": {"actions", "bot", "rasa", "rasa_sdk"},
    "actions": {"bot"},
}


def imported_packages(path: Path) -> set:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_one_above_it(layer):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[layer])
        for path in (ROOT / layer).rglob("*.py")
    }
    assert {path: names for path, names in wrong.items() if names} == {}
