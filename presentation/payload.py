"""The one typed payload every reply carries, read by every channel, the staff console and its statistics.

A reply is the first message (text + quick-reply buttons) and a Payload: what was answered and
from where, the details on demand as Sections (the widget shows them expandable, WeChat as
numbered follow-ups, the staff card in full), the citations and figures behind it. Channels and
statistics read payloads through Payload.from_dict, never by poking at dict keys, so the shape
lives here only.
"""

from dataclasses import asdict, dataclass, field, fields
from typing import Optional

from presentation.format import year_label

SCHEMA_VERSION = 2

# What a reply is. "answer" and "articles" come from the knowledge base (in_kb True when found).
KINDS = (
    "answer",
    "articles",
    "calculation",
    "question",
    "clarify",
    "smalltalk",
    "handoff",
    "not_covered",
    "unavailable",
)


@dataclass
class Section:
    """A block of details shown on demand: steps, documents, local figures, legal basis, sources…"""

    id: str
    title: str
    lines: list = field(default_factory=list)


@dataclass
class Payload:
    kind: str
    language: str
    topic: Optional[str] = None  # the intent / topic answered (or asked about)
    answer_id: Optional[str] = None  # the knowledge-base answer used
    in_kb: bool = False  # True when the knowledge base held the answer
    region: Optional[str] = None  # canonical Chinese name of the region answered for
    region_id: Optional[str] = None
    confidence: Optional[str] = None  # worst grade behind the first message (A, B, C)
    year: Optional[str] = None
    verified: Optional[str] = None  # when a person last checked the answer
    caveats: list = field(default_factory=list)  # plain-language caveats shown to citizens
    sections: list = field(default_factory=list)  # Section
    citations: list = field(default_factory=list)  # {"type": "law"|"source", …}
    facts: list = field(default_factory=list)  # regional facts with year, grade and source
    figure: Optional[dict] = None  # the user's own figure: computation, outcome, values, basis
    calculation: Optional[dict] = None  # calculator inputs and results
    tier: Optional[str] = None  # clarify: did_you_mean | lost
    candidates: list = field(default_factory=list)  # clarify: [{"intent", "confidence"}]
    handoff: bool = False
    extra: dict = field(default_factory=dict)  # kind-specific details (e.g. a form's requested slot)
    schema: int = SCHEMA_VERSION

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown payload kind {self.kind!r}")
        self.sections = [s if isinstance(s, Section) else Section(**s) for s in self.sections]
        # a source's year as people read it ('2005–' -> '2005年起' / 'since 2005'), worded once here
        self.citations = [
            {**c, "year_label": year_label(c["year"], self.language)}
            if isinstance(c, dict) and c.get("year") and "year_label" not in c
            else c
            for c in self.citations
        ]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Optional["Payload"]:
        """A payload read back from a channel message or a stored event; None if it is not one."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION or data.get("kind") not in KINDS:
            return None
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Reply:
    """What an adapter sends: the first message, its quick replies, and the payload."""

    text: str
    payload: Payload
    buttons: list = field(default_factory=list)  # [{"title", "payload"}]
