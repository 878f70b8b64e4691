"""Catalogues: zh and en hold the same keys; every dataset and enumeration has labels."""

from __future__ import annotations

import re
from pathlib import Path

from app.i18n import catalogue, enum_label, translate
from schemas import DATASETS
from schemas.common import FRAMEWORK_ITEMS, FRAMEWORK_LEVELS


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    assert set(zh) == set(en)
    for key in zh:
        assert set(re.findall(r"{(\w+)}", zh[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_dataset_and_enumeration_is_labelled_in_both_languages() -> None:
    for lang in ("zh", "en"):
        for name in DATASETS:
            assert translate(f"dataset.{name}", lang) != f"dataset.{name}"
        for item in FRAMEWORK_ITEMS:
            assert enum_label("item", item, lang) != item
        for level in FRAMEWORK_LEVELS:
            assert enum_label("framework_level", level, lang) != level
    assert DATASETS["survey_results"].title_zh == "满意度测评"
    assert DATASETS["survey_results"].title_en == "Survey results"
    assert enum_label("category", "party_mass", "zh") == "党群部门"


def test_every_message_key_used_in_code_exists() -> None:
    root = Path(__file__).resolve().parents[1]
    keys = set(catalogue("zh"))
    # Whole keys only (a prefix like "auth.role." joined with a value is checked elsewhere).
    pattern = re.compile(r"""\b(?:t|translate|_t)\(\s*["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']""")
    missing = set()
    for path in (
        list(root.glob("app/**/*.py")) + list(root.glob("pages/*.py")) + [root / "streamlit_app.py"]
    ):
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if key not in keys:
                missing.add(f"{path.name}: {key}")
    assert not missing, sorted(missing)
