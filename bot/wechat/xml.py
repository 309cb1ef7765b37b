"""Hardened XML parsing and CDATA-safe text for WeChat / WeCom payloads.

Bodies are attacker-controlled until proven otherwise, and wechatpy parses XML with xmltodict
(expat), which accepts DTDs. Everything therefore goes through defusedxml first: DTDs, entity
declarations and external references are refused outright, so billion-laughs and XXE payloads
never reach expat's entity machinery.
"""

import re
from typing import Dict, Union
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

# Characters XML 1.0 forbids even inside CDATA; WeChat rejects replies containing them.
_ILLEGAL_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class XmlRejected(ValueError):
    """The payload is not a well-formed, DTD-free, flat ``<xml>`` document."""


def parse_flat_xml(data: Union[bytes, str]) -> Dict[str, str]:
    """Parse a WeChat ``<xml>`` document into {child tag: text}.

    Duplicate children are refused: a second parser (wechatpy's xmltodict) must never see a
    different value than the one we checked.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or not data.strip():
        raise XmlRejected("empty body")
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, ValueError, UnicodeError) as exc:
        raise XmlRejected(f"{type(exc).__name__}: {exc}") from None
    if root.tag != "xml":
        raise XmlRejected(f"unexpected root element <{root.tag}>")
    fields: Dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue  # comments / processing instructions
        if child.tag in fields:
            raise XmlRejected(f"duplicate element <{child.tag}>")
        fields[child.tag] = child.text or ""
    return fields


def clean_text(text: str) -> str:
    """Drop characters that XML 1.0 cannot carry at all."""
    return _ILLEGAL_XML_CHARS.sub("", text)


def cdata_safe(text: str) -> str:
    """Make text safe inside ``<![CDATA[...]]>`` (wechatpy does not escape ``]]>``)."""
    return clean_text(text).replace("]]>", "]]]]><![CDATA[>")
