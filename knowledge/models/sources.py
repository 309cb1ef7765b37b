"""sources*.yml (every document a fact may cite), laws.yml and the English article summaries."""

from typing import Any, Optional

from pydantic import validator

from knowledge.models.common import ID_PATTERN, MISSING, Grade, Model, SourceRef, Text, Year


class Source(Model):
    id: Any = MISSING
    title: Any = MISSING
    title_en: Optional[str]
    provenance: Optional[str]
    publisher: Any = None
    url: Optional[Any]
    year: Year = MISSING
    confidence: Grade = MISSING

    @validator("id")
    def _id(cls, value):
        if not ID_PATTERN.match(str(value)):
            raise ValueError("needs an 'id' of lower-case letters, digits, '_' or '-'")
        return value

    @validator("title")
    def _title(cls, value):
        if not str(value if value is not MISSING else "").strip():
            raise ValueError("'title' is required")
        return str(value).strip()

    @validator("title_en", "provenance")
    def _blank_is_none(cls, value):
        return None if value is None else str(value).strip() or None

    @validator("url")
    def _url(cls, value):
        if value is not None and not str(value).startswith("https://"):
            raise ValueError("'url' must be an https:// address")
        return value


class Law(Model):
    title: Text = MISSING
    short: Text = MISSING
    version: Text = MISSING
    source: SourceRef = MISSING
    file: Optional[str]


class Summary(Model):
    """Our own English summary of one article."""

    law: Any = None
    article: Any = None
    en: Any = MISSING

    @validator("en")
    def _en(cls, value):
        if not str(value if value is not MISSING else "").strip():
            raise ValueError("'en' summary is empty")
        return str(value).strip()
