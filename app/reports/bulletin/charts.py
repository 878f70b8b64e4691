"""Chart images: Altair charts from :mod:`app.charts` as PNG through ``vl-convert``, with a
font that covers Chinese."""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CJK_FAMILY = "Noto Sans CJK SC"
CJK_FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/noto",
)
CHART_WIDTH = 560  # px; the PNG is drawn at twice this and placed 15 cm wide


def _fc_list_families() -> list[str]:
    """Families of the installed fonts covering Chinese (fontconfig), [] without fontconfig."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


@cache
def chart_font() -> str | None:
    """The font family charts use for Chinese, registered with vl-convert once per process;
    None (with a warning) when no CJK font is found: charts still render, glyphs may not."""
    try:
        import vl_convert as vlc
    except ImportError:  # pragma: no cover - a requirement; charts are skipped without it
        return None
    for directory in CJK_FONT_DIRS:
        path = Path(directory)
        if path.is_dir() and any(p.name.startswith("NotoSansCJK") for p in path.iterdir()):
            try:
                vlc.register_font_directory(str(path))
                return CJK_FAMILY
            except Exception as exc:  # noqa: BLE001 - a font problem must not stop the bulletin
                log.warning("could not register fonts in %s: %s", path, exc)
    families = _fc_list_families()
    if families:  # vl-convert also sees the system's fonts
        return CJK_FAMILY if CJK_FAMILY in families else families[0]
    log.warning("no CJK font found (install fonts-noto-cjk): Chinese in charts may not render")
    return None


def _clip_bars(spec: dict[str, Any]) -> None:
    """Clip bars drawn against an axis that does not start at zero (e.g. scores from 67):
    unclipped, they run out of the plot, over the labels, and widen the picture."""
    for layer in [spec, *spec.get("layer", [])]:
        mark = layer.get("mark")
        encoding = layer.get("encoding", {})
        if (mark == "bar" or (isinstance(mark, dict) and mark.get("type") == "bar")) and any(
            "domain" in (encoding.get(axis, {}).get("scale") or {}) for axis in ("x", "y")
        ):
            layer["mark"] = {**(mark if isinstance(mark, dict) else {"type": "bar"}), "clip": True}


def _order_y(spec: dict[str, Any], order: list[str]) -> None:
    """Pin the categories' order on every layer: a sort such as ``-x`` is dropped when a
    layered chart merges its layers' y domains, and the bars come out unordered."""
    for layer in [spec, *spec.get("layer", [])]:
        y = layer.get("encoding", {}).get("y")
        if isinstance(y, dict) and y.get("type") == "nominal":
            y["sort"] = list(order)


def chart_png(chart: Any, width: int = CHART_WIDTH, order: list[str] | None = None) -> bytes | None:
    """An Altair chart as PNG (scale 2); None, with a warning, when it cannot be drawn.
    ``order``: the y categories, top to bottom."""
    try:
        import vl_convert as vlc
    except ImportError:
        log.warning("vl-convert-python is not installed: the bulletin has no charts")
        return None
    try:
        spec = chart.to_dict()
        spec["width"] = width  # "container" means nothing outside a browser
        _clip_bars(spec)
        if order:
            _order_y(spec, order)
        font = chart_font()
        if font:
            spec.setdefault("config", {})["font"] = font
        return vlc.vegalite_to_png(spec, scale=2)
    except Exception as exc:  # noqa: BLE001 - a chart must not stop the bulletin
        log.warning("chart not rendered: %s", exc)
        return None
