"""The one catalogue of user-facing wording, in Chinese and English.

Every fixed string a citizen or staff member reads lives in presentation/wording/*.yml, one file
per area, each key with a zh and an en form. Keys are unique across files; the catalogue is read
once per process and checked when it is read, so a missing language fails at start-up, not in a
conversation.
"""

from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.query import Text

WORDING_DIR = Path(__file__).with_name("wording")
LANGUAGES = ("zh", "en")


class WordingError(ValueError):
    """The catalogue files are inconsistent (a key twice, a language missing)."""


@lru_cache(maxsize=1)
def catalogue() -> dict:
    entries, owner = {}, {}
    for path in sorted(WORDING_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, forms in data.items():
            if key in entries:
                raise WordingError(f"{path.name}: {key}: already defined in {owner[key]}")
            if not isinstance(forms, dict) or any(not isinstance(forms.get(lang), str) for lang in LANGUAGES):
                raise WordingError(f"{path.name}: {key}: needs a zh and an en string")
            entries[key], owner[key] = forms, path.name
    return entries


def msg(key: str, lang: str, **values) -> str:
    """The wording for key in lang ('en', anything else is Chinese), with {placeholders} filled."""
    template = catalogue()[key]["en" if lang == "en" else "zh"]
    return template.format(**values) if values else template


def text(key: str, **values) -> Text:
    """Both languages at once, for results that are rendered later in either."""
    return Text(msg(key, "zh", **values), msg(key, "en", **values))


def both(key: str, **values) -> str:
    """Chinese, then English on the next line: for first contact, when the language is not known yet."""
    return f"{msg(key, 'zh', **values)}\n{msg(key, 'en', **values)}"


def table(prefix: str, lang: str) -> dict:
    """Every key starting with prefix, the prefix cut off, in lang: a page's or a script's labels.

    Placeholders stay unfilled, for the caller to fill."""
    lang = "en" if lang == "en" else "zh"
    return {key[len(prefix) :]: forms[lang] for key, forms in catalogue().items() if key.startswith(prefix)}
