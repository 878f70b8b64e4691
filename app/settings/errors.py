"""The error a settings file gets, naming the key at fault."""

from __future__ import annotations


class SettingsError(ValueError):
    """A settings file names an unknown key or a value of the wrong type."""
