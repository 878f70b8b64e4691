"""Server memory: the app server's resident set (RSS) after a browser has visited every page
of the province store, against the goal RSS ≤ 2 × the store's Parquet size + the RSS of an
empty Streamlit server (a one-line app, visited once).

The server is ``streamlit run streamlit_app.py`` on 127.0.0.1 (a free port) with
``COUNTY_DATA_DIR`` set; Debian's Chromium (Playwright, ``/usr/bin/chromium``) signs in through
the form (用户名 / 密码 / 登录) and clicks every sidebar link in turn, waiting for each page
to finish. The same walk on an empty store gives the app's own size (its code and libraries),
and on the county-scale store what more data costs once the libraries' first use (charts,
reports) is paid: (province − county) / their Parquet's difference, reported beside the goal.

    python bench/memory.py [--scale province]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, line, machine, store_path  # noqa: E402
from bench.generate import ADMIN, parquet_bytes  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
EMPTY_APP = "import streamlit as st\n\nst.write('empty')\n"
PAGE_TIMEOUT = 600_000  # ms: a cold province page computes its reports first


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Server:
    """``streamlit run script`` on a free 127.0.0.1 port, stopped on exit."""

    def __init__(self, script: str, data_dir: str | None) -> None:
        self.port = free_port()
        env = {**os.environ}
        env.pop("COUNTY_RAISE_ERRORS", None)
        if data_dir:
            env["COUNTY_DATA_DIR"] = data_dir
        self.log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"the server did not start (log: {self.log.name})")

    def rss(self) -> float:
        return rss_mb(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def wait_idle(page) -> None:  # noqa: ANN001
    """Until the script run the click started is over (``stApp``'s script state)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    app = page.locator("[data-testid='stApp']")
    try:  # a run starts within moments of the click (a fast one may already be over)
        page.locator("[data-testid='stApp'][data-test-script-state='running']").wait_for(
            timeout=3000
        )
    except PlaywrightTimeout:
        pass
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        timeout=PAGE_TIMEOUT
    )
    app.wait_for(timeout=PAGE_TIMEOUT)
    page.wait_for_timeout(500)


def visit_every_page(url: str, rss: Callable[[], float] | None = None) -> list[str]:
    from playwright.sync_api import sync_playwright

    visited = []
    with sync_playwright() as play:
        browser = play.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(viewport={"width": 1366, "height": 1000})
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_label("用户名").fill(ADMIN[0], timeout=PAGE_TIMEOUT)
        page.get_by_label("密码").fill(ADMIN[1])
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="总览").wait_for(timeout=PAGE_TIMEOUT)
        wait_idle(page)
        links = page.get_by_test_id("stSidebarNavLink")
        for i in range(links.count()):
            link = links.nth(i)
            title = link.inner_text().strip().splitlines()[-1]
            started = time.perf_counter()
            link.click()
            wait_idle(page)
            took = time.perf_counter() - started
            visited.append(f"{title} {took:.1f} s" + (f", server {rss():.0f} MB" if rss else ""))
            print(f"#   visited {visited[-1]}", flush=True)
        browser.close()
    return visited


def app_floor_rss() -> float:
    """The app's own size: every page visited on an empty store (its code and libraries)."""
    from app.auth import add_account
    from app.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"{tmp}/data")
        store.init(demo=False)
        add_account(store, ADMIN[0], ADMIN[1], "admin")
        return walk(store.root, per_page=False)[1]


def empty_server_rss() -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, dir=ROOT) as fh:
        fh.write(EMPTY_APP)
    try:
        server = Server(fh.name, None)
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as play:
                browser = play.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--headless=new", "--no-sandbox", "--disable-gpu"],
                )
                page = browser.new_page()
                page.goto(server.url)
                page.get_by_text("empty").wait_for(timeout=60_000)
                page.wait_for_timeout(1000)
                browser.close()
            return server.rss()
        finally:
            server.stop()
    finally:
        os.unlink(fh.name)


def walk(data: str, per_page: bool = True) -> tuple[float, float]:
    """The app's server on ``data``: its RSS at start and after every page was visited
    (``per_page``: also printed after each page)."""
    server = Server("streamlit_app.py", data)
    try:
        started = server.rss()
        visit_every_page(server.url, server.rss if per_page else None)
        return started, server.rss()
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="server memory benchmark")
    parser.add_argument("--scale", default="province")
    args = parser.parse_args(argv)
    print(f"# bench/memory.py — {machine()}")
    data = store_path(args.scale)
    parquet = parquet_bytes(data) / 1024 / 1024
    empty = empty_server_rss()
    print(f"# empty Streamlit server: {empty:.0f} MB; {args.scale} store Parquet: {parquet:.1f} MB")
    floor = app_floor_rss()
    print(f"# the app itself (every page visited, an empty store): {floor:.0f} MB")
    small_data = store_path("county")
    small_parquet = parquet_bytes(small_data) / 1024 / 1024
    _, small = walk(small_data)
    print(
        f"# the app on the county-scale store ({small_parquet:.1f} MB of Parquet), every page "
        f"visited: {small:.0f} MB"
    )
    started, after = walk(data)
    budget = 2 * parquet + empty
    print(f"# app server at start {started:.0f} MB")
    line(
        f"server RSS after every page ({args.scale}) − the app on an empty store / Parquet",
        f"{after - floor:.0f} / {parquet:.0f} MB",
        (after - floor) / parquet,
        "(none)",
        None,
    )
    # What more data costs, fixed costs (libraries, their first use by charts and reports)
    # cancelled out: the province's server over the county's, per MB of Parquet more.
    line(
        f"server RSS ({args.scale} − county) / Parquet ({args.scale} − county)",
        f"{after - small:.0f} / {parquet - small_parquet:.0f} MB",
        (after - small) / (parquet - small_parquet),
        "(2×, informative)",
        None,
    )
    line(
        f"server RSS after every page ({args.scale}) / (2 × Parquet + empty server)",
        f"{after:.0f} / {budget:.0f} MB",
        after / budget,
        "≤ 1×",
        after <= budget,
    )
    return 0 if after <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
