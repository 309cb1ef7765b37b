"""topics/<intent>.yml: a topic and its answers, the first of them chosen by their 'when'."""

from typing import Any, List, Optional

from pydantic import root_validator, validator

from knowledge.models.common import (
    ID_PATTERN,
    KNOWN,
    MISSING,
    Cite,
    Date,
    Grade,
    Model,
    Text,
    TextList,
    Year,
    as_list,
    at_least_one_cite,
    flat,
)

WHEN_KEYS = {"scheme": "schemes", "insurance_type": "insurance_types"}
WHEN_ALL = tuple(WHEN_KEYS) + ("keywords",)
OFFICES = ("hrss", "medical", "tax")
# The first message is the lead plus the condition line: short enough to read at a glance.
LEAD_LIMITS = {"zh": 140, "en": 320}
CONDITION_LIMITS = {"zh": 50, "en": 110}


class Topic(Model):
    topic: Any = None
    title: Text = MISSING
    region_dependent: bool = False
    keywords: dict = {}
    answers: List[Any] = []

    @validator("answers")
    def _answers(cls, value):
        if not value:
            raise ValueError("needs at least one answer")
        return value


def _when(value) -> dict:
    """{scheme, insurance_type: vocabulary ids; keywords: {zh, en}} with lower-cased keywords."""
    if not isinstance(value, dict):
        raise ValueError(f"'when' only knows {', '.join(WHEN_ALL)}, not {value!r}")
    out = {}
    for key, values in value.items():
        if key not in WHEN_ALL:
            raise ValueError(f"'when' only knows {', '.join(WHEN_ALL)}, not {key!r}")
        if key == "keywords":
            out[key] = _keywords(values)
            continue
        for item in as_list(values):
            if item not in KNOWN.get().vocabulary.get(WHEN_KEYS[key], set()):
                raise ValueError(f"'when.{key}' value {item!r} is not in vocabulary.yml")
        out[key] = as_list(values)
    return out


def _keywords(value) -> tuple:
    """when.keywords: {zh: [...], en: [...]}; the two lists are independent (not translations)."""
    if not isinstance(value, dict) or any(not isinstance(value.get(lang, []), list) for lang in ("zh", "en")):
        raise ValueError("'when.keywords' needs zh and/or en lists")
    zh, en = ([str(k).strip() for k in value.get(lang) or [] if str(k).strip()] for lang in ("zh", "en"))
    if not zh and not en:
        raise ValueError("'when.keywords' needs at least one keyword")
    return zh, en


def _short(name: str, limits: dict):
    def check(cls, text):
        for lang, value in zip(("zh", "en"), text or (), strict=False):
            if len(value) > limits[lang]:
                raise ValueError(f"'{name}' ({lang}) has {len(value)} characters; at most {limits[lang]}")
        return text

    return validator(name, allow_reuse=True)(check)


class Answer(Model):
    """One sub-answer: the lead first, the rest on demand, with its basis and grade."""

    when: dict = {}
    lead: Text = MISSING
    condition: Optional[Text]
    compute: Optional[Any]
    office: Any = None
    script: Optional[Text]
    points: Optional[TextList]
    steps: Optional[TextList]
    documents: List[Any] = []
    regional: List[Any] = []
    cites: List[Cite] = MISSING
    year: Year = MISSING
    confidence: Grade = MISSING
    caveat: Optional[Text]
    verified: Date = MISSING

    _lead = _short("lead", LEAD_LIMITS)
    _condition = _short("condition", CONDITION_LIMITS)
    _cites = validator("cites", pre=True, allow_reuse=True)(at_least_one_cite)

    @validator("when", pre=True)
    def _when(cls, value):
        return _when(value)

    @validator("compute")
    def _compute(cls, value):
        if value is not None and not ID_PATTERN.match(str(value)):
            raise ValueError(f"'compute' must name a computation (lower-case identifier), not {value!r}")
        return value

    @validator("office")
    def _office(cls, value):
        for name in as_list(value) or []:
            if name not in OFFICES:
                raise ValueError(f"'office' values are {', '.join(OFFICES)}, not {name!r}")
        return as_list(value)

    @validator("documents", each_item=True)
    def _document(cls, value):
        if value not in KNOWN.get().documents:
            raise ValueError(f"unknown document {value!r} (not in documents.yml)")
        return value

    @validator("regional", each_item=True)
    def _regional(cls, value):
        if value not in KNOWN.get().fact_kinds:
            raise ValueError(f"unknown regional fact key {value!r}")
        return value

    @root_validator(skip_on_failure=False)
    def _caveat(cls, v):
        if v.get("confidence") == "C" and v.get("caveat") is None:
            raise ValueError("a C-grade answer needs a 'caveat'")
        return v

    def row(self, aid: str, topic: str, position: int) -> dict:
        (kw_zh, kw_en), (points_zh, points_en) = self.when.get("keywords", ([], [])), self.points or ([], [])
        return flat(
            self,
            exclude=("when", "points", "steps"),
            id=aid,
            topic_id=topic,
            position=position,
            when_scheme=self.when.get("scheme"),
            when_insurance_type=self.when.get("insurance_type"),
            when_keywords_zh=[k.lower() for k in kw_zh] or None,
            when_keywords_en=[k.lower() for k in kw_en] or None,
            office=self.office or [],
            points_zh=points_zh,
            points_en=points_en,
            steps=list(zip(*self.steps, strict=False)) if self.steps and self.steps[0] else [],
        )
