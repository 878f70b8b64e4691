"""Shared fixtures: settings, empty and demo stores (the demo built once per session)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.settings import Settings
from app.store import Store

# In tests a page error fails the test instead of becoming a friendly message.
os.environ.setdefault("COUNTY_RAISE_ERRORS", "1")


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    store = Store(str(tmp_path / "data"))
    store.init(demo=False)
    return store


@pytest.fixture(scope="session")
def demo_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.demo import seed_demo

    path = tmp_path_factory.mktemp("demo") / "data"
    seed_demo(Store(str(path)), Settings())
    return path


@pytest.fixture
def demo_store(demo_store_template: Path, tmp_path: Path) -> Store:
    """A private copy of the demo store, free to modify."""
    path = tmp_path / "data"
    shutil.copytree(demo_store_template, path)
    return Store(str(path))


@pytest.fixture(scope="session")
def demo_frames() -> dict:
    from app.demo import build_demo

    return build_demo(Settings())


@pytest.fixture(scope="session")
def upload_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real-looking upload files, good and bad (tests/fixtures/build.py), built once."""
    from tests.fixtures.build import build_all

    return build_all(tmp_path_factory.mktemp("uploads"))
