"""The command line is one package without an import circle: ``python -m app`` and
``python -m app.cli`` offer every command, and each module under ``app/cli`` imports on its own."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
CLI_DIR = ROOT / "app" / "cli"

# Every command, in --help order. A new command is added here and to app.cli.COMMANDS.
EXPECTED = [
    "init",
    "datasets",
    "bulletin",
    "quarterly",
    "export-month",
    "ingest",
    "template",
    "history",
    "rollback",
    "export",
    "report",
    "supervise",
    "users",
    "maintain",
    "backup",
    "restore",
]

# Importing app.cli.__main__ runs the command line, so it is checked by running it instead.
MODULES = sorted(
    "app.cli" if path.stem == "__init__" else f"app.cli.{path.stem}"
    for path in CLI_DIR.glob("*.py")
    if path.stem != "__main__"
)


def python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def commands(parser_help: str) -> list[str]:
    """The command names in the usage line's ``{a,b,…}``."""
    found = re.search(r"\{([a-z,-]+)\}", parser_help)
    assert found, parser_help
    return found.group(1).split(",")


def test_the_parser_has_every_command():
    parser = build_parser()
    assert commands(parser.format_help()) == EXPECTED


@pytest.mark.parametrize("module", ["app.cli", "app"])
def test_help_lists_every_command(module):
    done = python("-m", module, "--help")
    assert done.returncode == 0, done.stderr
    assert commands(done.stdout) == EXPECTED
    for name in EXPECTED:
        assert re.search(rf"^\s+{re.escape(name)}\s", done.stdout, re.M), name


def test_both_entry_points_print_the_same_help():
    assert python("-m", "app.cli", "--help").stdout == python("-m", "app", "--help").stdout


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_on_its_own(module):
    done = python("-c", f"import {module}")
    assert done.returncode == 0, done.stderr


def test_the_package_has_the_command_modules():
    assert {
        "app.cli",
        "app.cli.common",
        "app.cli.store_commands",
        "app.cli.data",
        "app.cli.reports",
        "app.cli.users",
        "app.cli.bulletin",
    } <= set(MODULES)
    assert not list((ROOT / "app").glob("cli*.py"))  # the old flat modules are gone


@pytest.mark.parametrize("path", sorted(CLI_DIR.glob("*.py")), ids=lambda p: p.name)
def test_command_modules_import_only_common_from_the_package(path):
    """No module under app/cli imports app.cli itself (the package), except the entry points."""
    if path.stem in ("__init__", "__main__"):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.level:  # relative: from . import x / from .common import y
                names = [f"app.cli.{node.module}" if node.module else "app.cli"]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name == "app.cli" or name.startswith("app.cli."):
                assert name == "app.cli.common", f"{path.name} imports {name}"
