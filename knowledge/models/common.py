"""The field types every YAML source shares, declared once as pydantic (v1) types.

Each type raises the knowledge base's own message ("'lead' needs non-empty zh and en texts"), so a
failed validation reads 'file: entry: problem' exactly as reviewers know it. A missing required
field and an explicit null are the same thing (MISSING), and validate_all makes every required
field's validator see it. Cross-references (sources, law articles, fact kinds, vocabulary,
documents) are checked against KNOWN, the part of the knowledge base already read.
"""

import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import BaseModel, Extra, ValidationError, root_validator

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
GRADES = ("A", "B", "C")
FACT_GRADES = GRADES + ("UNCONFIRMED",)


class _Missing:
    """A required field that is absent or null; shown as None in messages, as before."""

    def __repr__(self) -> str:
        return "None"

    def __deepcopy__(self, memo):  # pydantic copies defaults: keep the one sentinel
        return self


MISSING: Any = _Missing()


@dataclass
class Known:
    """What later files may refer to: filled in file order by knowledge.loader."""

    sources: dict = field(default_factory=dict)
    articles: dict = field(default_factory=dict)  # (law id, number) -> article row
    fact_kinds: dict = field(default_factory=dict)  # key -> value type
    vocabulary: dict = field(default_factory=dict)  # section -> ids
    documents: set = field(default_factory=set)
    terms: tuple = ()  # words naming social insurance (knowledge/scope.py and the vocabulary)


KNOWN: ContextVar = ContextVar("knowledge_known")


class Model(BaseModel):
    class Config:
        extra = Extra.ignore
        validate_all = True
        arbitrary_types_allowed = True

    @root_validator(pre=True)
    def _null_is_missing(cls, values):
        return {k: v for k, v in values.items() if v is not None}


def problems(model, data, file: str, entry: str):
    """(the validated model or None, the 'file: entry: problem' lines)."""
    if not isinstance(data, dict):
        return None, [f"{file}: {entry}: must be a mapping"]
    try:
        return model.parse_obj(data), []
    except ValidationError as exc:
        return None, [f"{file}: {entry}: {error['msg']}" for error in exc.errors()]


class Bi(NamedTuple):
    zh: str
    en: str


def field_type(check):
    """A pydantic type validated by check(value, field), which raises the knowledge base's message."""
    name = check.__name__.strip("_").title().replace("_", "")
    return type(name, (), {"__get_validators__": classmethod(lambda cls: iter([check]))})


def _text(value, field):
    """{zh, en}, both non-empty: anything a user sees."""
    if isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k].strip() for k in ("zh", "en")):
        return Bi(value["zh"].strip(), value["en"].strip())
    raise ValueError(f"'{field.alias}' needs non-empty zh and en texts")


def _text_list(value, field):
    """{zh: [...], en: [...]} of the same length."""
    name = field.alias
    if not isinstance(value, dict) or not all(isinstance(value.get(k), list) for k in ("zh", "en")):
        raise ValueError(f"'{name}' needs zh and en lists")
    zh, en = value["zh"], value["en"]
    if len(zh) != len(en):
        raise ValueError(f"'{name}' has {len(zh)} zh items but {len(en)} en items")
    if not all(isinstance(item, str) and item.strip() for item in zh + en):
        raise ValueError(f"'{name}' items must be non-empty strings")
    return Bi([i.strip() for i in zh], [i.strip() for i in en])


def _year(value):
    """The year or period a statement applies to ("2025", "2019–")."""
    if value is MISSING or str(value).strip() == "":
        raise ValueError("'year' is required")
    return str(value).strip()


def _date(value, field):
    """YYYY-MM-DD (YAML may already have read it as a date), kept as ISO text."""
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(f"'{field.alias}' must be a date YYYY-MM-DD, not {value!r}") from None


def choice(allowed: tuple, show_value: bool = True):
    """A value from allowed: "'confidence' must be one of A, B, C, not 'D'"."""

    def _choice(value, field):
        if value in allowed:
            return value
        tail = f", not {value!r}" if show_value else ""
        raise ValueError(f"'{field.alias}' must be one of {', '.join(allowed)}{tail}")

    return field_type(_choice)


def _source_ref(value):
    """The id of an entry of sources*.yml."""
    if value not in KNOWN.get().sources:
        raise ValueError(f"unknown source {value!r} (not in sources.yml)")
    return value


def cite(require_summary: bool = True):
    """A citation: a law article (with our English summary, unless not required) or a source."""

    def _cite(value):
        if not isinstance(value, dict):
            raise ValueError(f"citation {value!r} must be a mapping")
        if "law" in value:
            law, number = value.get("law"), value.get("article")
            article = KNOWN.get().articles.get((law, number))
            if article is None:
                raise ValueError(f"cites {law} art. {number}, which does not exist")
            if require_summary and not article["summary_en"]:
                raise ValueError(f"cites {law} art. {number}, which has no English summary in legal/summaries_en.yml")
            return {"law_id": law, "article": number, "source_id": None}
        if "source" in value:
            return {"law_id": None, "article": None, "source_id": _source_ref(value["source"])}
        raise ValueError(f"citation {value!r} needs 'law'+'article' or 'source'")

    return field_type(_cite)


def at_least_one_cite(value):
    """pre-validator of 'cites': a non-empty list."""
    if not isinstance(value, list) or not value:
        raise ValueError("'cites' needs at least one citation")
    return value


Text, TextList, Year, Date, SourceRef = map(field_type, (_text, _text_list, _year, _date, _source_ref))
Grade, FactGrade, Cite = choice(GRADES), choice(FACT_GRADES), cite()


RENAMES = {"source": "source_id", "parent": "parent_id", "type": "kind"}


def flat(model, exclude=(), **extra) -> dict:
    """The model as a database row: a bilingual text (or list) becomes name_zh and name_en,
    a reference gets its column name (source -> source_id); extra adds or replaces columns."""
    row = {}
    for name, spec in model.__fields__.items():
        value = getattr(model, name)
        if name in exclude or name in extra:
            continue
        if spec.type_ in (Text, TextList):
            row[f"{name}_zh"], row[f"{name}_en"] = value or (None, None)
        else:
            row[RENAMES.get(name, name)] = value
    return {**row, **extra}


def as_list(value):
    if value is None:
        return None
    return list(value) if isinstance(value, list) else [value]
