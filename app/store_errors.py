"""The store's errors: what it cannot do, a writer that committed first, a rollback refused."""

from __future__ import annotations

from typing import Any


class StoreError(RuntimeError):
    """The store cannot do what was asked (no such store, a version that does not exist…)."""


class StoreConflict(StoreError):
    """Another writer (another server) committed to the table since the caller read it."""


class RollbackRefused(StoreError):
    """A rollback the store refuses, with a message for the clerk (``ops.rollback.*``)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("zh"))

    def message(self, lang: str) -> str:
        from app.i18n import translate

        return translate(self.key, lang, **self.params)
