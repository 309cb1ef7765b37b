"""Dependencies point down only: knowledge ← assistant ← presentation ← adapters (docs/architecture.md).

Every import counts: `import x`, `from x import y` and `importlib.import_module("x")` or
`__import__("x")` with a constant name, at module level or inside functions.

Among the adapters, the thin actions (the action server) never import bot/ (the Rasa server's
channels, the staff console and the project's own tables): a hand-off is worded by the action and
recorded by the channel side, which sees its payload go out (bot/channels/handoff.py). Inside
bot/, the rooms do not import each other sideways: the channels and the staff console both stand
on the stores and privacy, never on each other; stores and privacy stand on nothing above them.
The WeChat platforms' clients (bot/wechat) import no Rasa and no channel: the staff console
pushes its replies through them. Tools (deploy/, bench/, offline/) may use the layers; no layer uses a tool.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = {"deploy", "bench", "offline"}
ABOVE_ADAPTERS = TOOLS | {"tests"}
# For each folder, the modules it must never import (a name forbids the package and everything in it).
PROJECT = {"knowledge", "assistant", "presentation", "actions", "bot"} | TOOLS
FORBIDDEN = {
    "settings": PROJECT | {"tests"},
    "knowledge": {"assistant", "presentation", "actions", "bot", "rasa", "rasa_sdk"} | ABOVE_ADAPTERS,
    "assistant": {"presentation", "actions", "bot", "rasa", "rasa_sdk"} | ABOVE_ADAPTERS,
    "presentation": {"actions", "bot", "rasa", "rasa_sdk"} | ABOVE_ADAPTERS,
    "actions": {"bot"} | ABOVE_ADAPTERS,
    "bot": ABOVE_ADAPTERS,
    "deploy": {"bench", "offline", "tests"},
    "offline": {"bench", "tests"},
    "bench": {"offline", "tests"},
    # the rooms of bot/
    "bot/privacy": {"bot.channels", "bot.staff", "bot.store", "bot.server", "bot.runtime", "bot.nlp"},
    "bot/store": {"bot.channels", "bot.staff", "bot.server", "bot.runtime", "bot.nlp"},
    "bot/nlp": {"bot.channels", "bot.staff", "bot.store", "bot.server", "bot.runtime"},
    "bot/runtime": {"bot.channels", "bot.staff", "bot.server", "bot.nlp"},
    "bot/wechat": {"bot.channels", "bot.staff", "bot.server", "bot.runtime", "bot.nlp", "rasa"},
    "bot/channels": {"bot.staff", "bot.nlp"},
    "bot/staff": {"bot.channels", "bot.nlp", "bot.runtime"},
}


def _import_name(node):
    """The constant module name given to importlib.import_module(...) or __import__(...), if any."""
    if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
        return None
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return node.args[0].value if called in ("import_module", "__import__") else None


def imported_modules(path: Path) -> set:
    """Every module name `path` imports, dotted in full."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(name := _import_name(node), str):
            found.add(name)
    return found


def _forbidden(name: str, forbidden: set) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def violations(folder: str) -> dict:
    wrong = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        names = sorted(n for n in imported_modules(path) if _forbidden(n, FORBIDDEN[folder]))
        if names:
            wrong[str(path.relative_to(ROOT))] = names
    return wrong


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_a_folder_never_imports_one_above_or_beside_it(folder):
    assert violations(folder) == {}


def test_importlib_calls_count_as_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import importlib\n\ndef f():\n    return importlib.import_module('bot.staff.app')\n")
    assert "bot.staff.app" in imported_modules(module)
    module.write_text("def f():\n    return __import__('offline.train')\n")
    assert "offline.train" in imported_modules(module)


def test_every_top_level_package_has_rules():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages <= {f.split("/")[0] for f in FORBIDDEN}, packages
