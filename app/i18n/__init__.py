"""Message catalogues: Simplified Chinese (default) and English.

Every user-facing string lives in ``zh.json`` and ``en.json`` under the same key; an area may
keep its own pair of fragments (``zh.views.json`` / ``en.views.json``), merged in.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"
_HERE = Path(__file__).parent


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        lang = DEFAULT_LANG
    merged: dict[str, str] = {}
    for path in sorted(_HERE.glob(f"{lang}.*json")):
        with open(path, encoding="utf-8") as fh:
            merged.update(json.load(fh))
    return merged


def translate(key: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, formatted with ``params``; the key itself if missing."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**params) if params else text


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    return key in catalogue(lang)


def enum_label(kind: str, value: Any, lang: str = DEFAULT_LANG) -> str:
    """The label of an enumeration value (``enum.category.vertical`` → 垂直管理部门)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    key = f"enum.{kind}.{value}"
    return translate(key, lang) if has(key, lang) else str(value)
