"""Page speed: warm reruns of every page (``pages/*.py``, signed in as ``admin``) at county
and province scale, with Streamlit's ``AppTest`` (the script runs as in the server, without
a browser). Goal: province ≤ 1.5× county for every page. Also reported: each page against a
trivial page (the cost of the app's frame: sign-in check, sidebar, navigation) and the cold
first render at province scale (every cache emptied first).

    python bench/pages.py [--reruns 5] [--pages overview,indicators]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, line, machine, store_path  # noqa: E402

PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
TRIVIAL = "import streamlit as st\n\nst.title('trivial')\nst.write('nothing to compute')\n"


# The harness's scan of the installed packages for Streamlit components, which a new AppTest
# makes on its first run (0.5 s or more here) and a server once at its start: made once per
# bench process and handed to every AppTest, so that a first view measures the page, not it.
_components: list = []


def _app(data_dir: str):  # noqa: ANN202 - AppTest
    from streamlit.testing.v1 import AppTest

    os.environ["COUNTY_DATA_DIR"] = data_dir
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    at.session_state["lang"] = "zh"
    at.session_state["user"] = "admin"
    at.session_state["signed_in_at"] = dt.datetime.now(dt.UTC)
    if _components:
        at._bidi_component_manager = _components[0]
    return at


def _run(at) -> float:  # noqa: ANN001
    if not _components and getattr(at, "_bidi_component_manager", None) is None:
        from streamlit.components.v2.component_manager import BidiComponentManager

        manager = BidiComponentManager()  # the once-per-server scan, outside any timing
        manager.discover_and_register_components(start_file_watching=False)
        _components.append(manager)
        at._bidi_component_manager = manager
    started = time.perf_counter()
    at.run()
    took = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"page failed: {at.exception[0].message}")
    return took


def clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def page_times(data_dir: str, page: str, reruns: int, cold: bool) -> tuple[float | None, float]:
    """(first render of the page with empty caches, or None; median warm rerun)."""
    if cold:
        clear_caches()
    at = _app(data_dir)
    at.switch_page(f"pages/{page}.py")  # straight to the page, signed in
    first = _run(at)
    warm = statistics.median(_run(at) for _ in range(reruns))
    return (first if cold else None), warm


def trivial_time(reruns: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(TRIVIAL, default_timeout=60)
    _run(at)
    return statistics.median(_run(at) for _ in range(reruns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="page benchmark")
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--pages", help="comma-separated page names (default: every page)")
    args = parser.parse_args(argv)
    pages = args.pages.split(",") if args.pages else PAGES
    os.chdir(ROOT)
    os.environ.setdefault("COUNTY_RAISE_ERRORS", "1")

    print(f"# bench/pages.py — {machine()}")
    county, province = store_path("county"), store_path("province")
    trivial = trivial_time(args.reruns)
    results: dict[str, dict[str, float]] = {}
    for page in pages:
        # Cold first: the province page with every cache emptied, then its warm reruns; the
        # county's warm reruns after a first render of its own.
        cold, warm_province = page_times(province, page, args.reruns, cold=True)
        _, warm_county = page_times(county, page, args.reruns, cold=False)
        results[page] = {"cold": cold or 0.0, "province": warm_province, "county": warm_county}
    print(f"# trivial page: warm rerun {trivial * 1000:.0f} ms")
    ok_all = True
    for page, r in results.items():
        ratio = r["province"] / r["county"]
        ok_all &= ratio <= 1.5
        line(
            f"page {page}: warm rerun province / county",
            f"{r['province'] * 1000:.0f} / {r['county'] * 1000:.0f} ms",
            ratio,
            "≤ 1.5×",
            ratio <= 1.5,
        )
    for page, r in results.items():
        line(
            f"page {page}: warm rerun province / trivial page",
            f"{r['province'] * 1000:.0f} / {trivial * 1000:.0f} ms",
            r["province"] / trivial,
            "(none)",
            None,
        )
    for page, r in results.items():
        line(
            f"page {page}: cold first render, province",
            f"{r['cold']:.2f} s",
            r["cold"] / r["province"],
            "(none; ÷ warm)",
            None,
        )
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
