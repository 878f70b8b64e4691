"""Settings: defaults from the speech, overridable from county.toml or COUNTY_SETTINGS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.settings import Settings, SettingsError, load_settings


def test_defaults_are_the_speeches_numbers() -> None:
    s = Settings()
    assert s.project_year.fai_target == 100.0
    assert s.project_year.industry_share_target == 0.40
    assert (s.project_year.funds_floor, s.project_year.funds_stretch) == (25.5, 30.0)
    assert s.project_year.fai_per_capita_target == 10_000
    assert s.project_year.population == 950_000
    assert s.field_days.required_days == {"county": 60, "unit": 90, "township": 120}
    assert s.field_days.liaison_min_days_per_month == 5
    assert s.survey.bottom_n == {"party_mass": 1, "government": 2}
    assert s.survey.rectification_days == 10
    assert s.petitions.spring_festival == dt.date(2011, 2, 3)
    assert (s.petitions.before_festival_min, s.petitions.in_year_min) == (1, 2)
    assert s.lights.yellow_band_pp == 5.0


def test_county_toml_beside_the_data_overrides(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("COUNTY_SETTINGS", raising=False)
    (tmp_path / "county.toml").write_text(
        'year = 2012\n[project_year]\nfai_target = 120\n[petitions]\nspring_festival = "2012-01-23"\n'
        "[field_days.required_days]\ncounty = 45\n",
        encoding="utf-8",
    )
    s = load_settings(str(tmp_path))
    assert s.year == 2012
    assert s.project_year.fai_target == 120.0
    assert s.project_year.funds_floor == 25.5  # untouched defaults stay
    assert s.petitions.spring_festival == dt.date(2012, 1, 23)
    assert s.field_days.required_days == {"county": 45, "unit": 90, "township": 120}


def test_county_settings_env_wins(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "other.toml"
    path.write_text("[survey.bottom_n]\ngovernment = 3\n", encoding="utf-8")
    monkeypatch.setenv("COUNTY_SETTINGS", str(path))
    assert load_settings(str(tmp_path)).survey.bottom_n["government"] == 3


def test_unknown_or_mistyped_keys_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[project_year]\nfai_targte = 1\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="fai_targte"):
        load_settings(path=bad)
    bad.write_text('[project_year]\nfai_target = "lots"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="fai_target"):
        load_settings(path=bad)
