"""Dashboard speed at 100,000 synthetic statements: filter re-render, cold start, image export.

Three figures, printed as a table:
- server time of a filter change re-rendering each page (AppTest, warm cache): median and p90,
  target ≤ 300 ms;
- time from starting `streamlit run` over a built store until the first page is on screen in
  headless chromium, side by side with a trivial one-chart Streamlit app: target ≤ 1.5× it;
- the server's peak resident memory over the re-render runs (target ≤ 2.5 GB at 10M);
- per-image export time with kaleido's persistent Chromium versus a browser per image.

Knobs (environment): BENCH_DASHBOARD_N (statements, default 100000), BENCH_DASHBOARD_REPEATS
(filter changes per page, default 10), BENCH_DASHBOARD_STARTS (cold starts, default 3),
BENCH_DASHBOARD_STORE (an existing store to measure instead of a fresh one, e.g. the 10M store
benchmarks/bench_store.py leaves in its cache folder).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from analysis.settings import CHROMIUM, CHROMIUM_ARGS, PROJECT_DIR
from analysis.store import Store

APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART_ON_SCREEN = '[data-testid="stPlotlyChart"] .main-svg'
RERENDER_TARGET_MS = 300
STARTUP_TARGET_RATIO = 1.5  # against a trivial one-chart app started the same way
MEMORY_TARGET_GB = 2.5
TRIVIAL_APP = """import plotly.express as px
import streamlit as st

st.plotly_chart(px.bar(x=["a", "b", "c"], y=[1, 3, 2]))
"""
# Values the benchmark cycles through so every run is a real filter change.
THEME_CYCLE = (["military_bases"], ["astana_format", "ceasefire_security"], ["humanitarian"], [])


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def build_store(root: Path, n_statements: int) -> Path:
    """A Parquet store holding n synthetic statements (written through Store.write)."""
    from analysis.store import Store
    from analysis.synthetic import synthetic_tables

    store = root / "store"
    Store(store).write(synthetic_tables(n_statements, seed=0))
    return store


# -- filter change → re-render, per page (AppTest) ---------------------------------------------
def page_paths() -> list[str]:
    """The pages app.py routes to, in its order."""
    import ast

    tree = ast.parse((PROJECT_DIR / "app.py").read_text(encoding="utf-8"))
    pages = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "Page"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    return pages or sorted(f"pages/{p.name}" for p in (PROJECT_DIR / "pages").glob("*.py"))


def rerender_times(store: Path, repeats: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of at.run() after a theme filter change, per page: the store
    version's snapshot is open (built once), the per-view counts cache is emptied before each
    run so every change is computed afresh.

    CPU time (this process, all threads) is reported beside wall time: on a shared machine
    the wall time mostly measures the other tenants.
    """
    import logging

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def quiet() -> None:  # AppTest's bare-mode "missing ScriptRunContext" warnings are noise
        for name in list(logging.root.manager.loggerDict):
            if name.startswith("streamlit"):
                logging.getLogger(name).setLevel(logging.ERROR)

    quiet()
    os.environ["SYRIA_DASH_STORE"] = str(store)
    os.environ.pop("SYRIA_DASH_SYNTHETIC", None)
    results: dict[str, list[tuple[float, float]]] = {}
    for page in page_paths():
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=600)
        at.run()
        quiet()
        at.switch_page(page)
        at.run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        times = []
        for i in range(repeats + 1):
            at.multiselect(key="theme").set_value(THEME_CYCLE[i % len(THEME_CYCLE)])
            st.cache_data.clear()
            started, cpu = time.perf_counter(), time.process_time()
            at.run()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].message}")
            if i:  # the first change may still fill small caches: not counted
                times.append((elapsed, cpu))
        results[page] = times
    return results


# -- cold start: serve.py (as `make run` starts it) → first page on screen ------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/_stcore/health", timeout=1) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def startup_times(
    store: Path, starts: int, script: Path | None = None
) -> list[tuple[float, float, float]]:
    """Per cold start: seconds to healthy, seconds to the first page with its chart on screen,
    and the CPU seconds the streamlit process used until then. `script`: a plain Streamlit
    script run with `streamlit run` instead of the dashboard's serve.py."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        try:
            for _ in range(starts):
                port = _free_port()
                url = f"http://127.0.0.1:{port}"
                launcher = (
                    [sys.executable, "-m", "streamlit", "run", str(script)]
                    if script
                    else [sys.executable, str(PROJECT_DIR / "serve.py")]  # as `make run` does
                )
                command = [
                    *launcher,
                    "--server.port", str(port), "--server.address", "127.0.0.1",
                    "--server.headless", "true", "--browser.gatherUsageStats", "false",
                    "--server.fileWatcherType", "none",
                ]  # fmt: skip
                env = {**os.environ, "SYRIA_DASH_STORE": str(store)}
                env.pop("SYRIA_DASH_SYNTHETIC", None)
                started = time.perf_counter()
                process = subprocess.Popen(
                    command,
                    cwd=PROJECT_DIR,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
                try:
                    while not _healthy(url):
                        if process.poll() is not None:
                            raise RuntimeError("streamlit exited during start")
                        if time.perf_counter() - started > 120:
                            raise RuntimeError("streamlit not healthy after 120 s")
                        time.sleep(0.05)
                    healthy = time.perf_counter() - started
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    page.goto(url)
                    page.wait_for_selector(APP_READY, timeout=120_000)
                    page.wait_for_selector(CHART_ON_SCREEN, timeout=120_000)
                    on_screen = time.perf_counter() - started
                    cpu = _cpu_seconds(process.pid)
                    context.close()
                finally:
                    os.killpg(process.pid, signal.SIGTERM)
                    try:
                        process.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                        process.wait()
                results.append((healthy, on_screen, cpu))
        finally:
            browser.close()
    return results


# -- image export: persistent kaleido server versus one browser per image --------------------
def export_times(store: Path, images: int) -> dict[str, list[float]]:
    """Seconds per PNG of the timeline chart: one-shot kaleido, then the persistent server."""
    from analysis.query.filters import Filters
    from analysis.render import export
    from analysis.render.catalogue import render_chart
    from analysis.store import Store

    tables = Store(store).tables()
    figure, footer = render_chart("timeline", Filters(), tables)

    def timed(make: Callable[[], bytes]) -> float:
        started = time.perf_counter()
        data = make()
        elapsed = time.perf_counter() - started
        assert data.startswith(b"\x89PNG")
        return elapsed

    export.stop_image_server()
    oneshot = [
        timed(lambda: export.figure_bytes(figure, "png", footer, persistent=False))
        for _ in range(images)
    ]
    started = time.perf_counter()
    export.start_image_server()
    first = timed(lambda: export.figure_bytes(figure, "png", footer))
    first += time.perf_counter() - started - first  # include the server start
    warm = [timed(lambda: export.figure_bytes(figure, "png", footer)) for _ in range(images)]
    export.stop_image_server()
    return {"oneshot": oneshot, "server_first": [first], "server_warm": warm}


# -- report ------------------------------------------------------------------------------------
def _peak_rss_gb() -> float:
    """This process's peak resident memory (the AppTest server ran in it), in GB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


SNAPSHOT_SCRIPT = """import sys, time
from analysis.query.snapshot import build_snapshot
from analysis.reference import load_themes
from analysis.store import Store
store = Store(sys.argv[1])
began = time.perf_counter()
build_snapshot(store, store.latest(), [t.id for t in load_themes()])
print(f"{time.perf_counter() - began:.1f}")
"""


def prepare_snapshot(store: Path) -> None:
    """The store version's snapshot, built in its own process as the first view of a new
    version builds it once: the figures below are those of a server that serves it."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6
    done = subprocess.run(
        [sys.executable, "-c", SNAPSHOT_SCRIPT, str(store)],
        check=True,
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6)
    seconds = done.stdout.strip().splitlines()[-1]
    print(
        f"snapshot of the store version: {seconds} s (0.0 when it was built before), "
        f"its builder's peak resident memory {peak:.2f} GB"
    )


def report_rerender(store: Path, repeats: int) -> None:
    print(f"\nfilter change → page re-render (server time, AppTest, {repeats} changes/page)")
    print(
        f"{'page':<22}{'median ms':>10}{'p90 ms':>8}{'max ms':>8}{'cpu med':>9}{'cpu p90':>9}"
        "  target ≤ 300 ms median, ≤ 600 ms p90"
    )
    for page, runs in rerender_times(store, repeats).items():
        wall = [w * 1000 for w, _ in runs]
        cpu = [c * 1000 for _, c in runs]
        within = (
            statistics.median(wall) <= RERENDER_TARGET_MS and _p90(wall) <= 2 * RERENDER_TARGET_MS
        )
        verdict = "ok" if within else "OVER"
        print(
            f"{page:<22}{statistics.median(wall):>10.0f}{_p90(wall):>8.0f}{max(wall):>8.0f}"
            f"{statistics.median(cpu):>9.0f}{_p90(cpu):>9.0f}  {verdict}"
        )
    peak = _peak_rss_gb()
    verdict = "ok" if peak <= MEMORY_TARGET_GB else "OVER"
    print(f"server peak resident memory: {peak:.2f} GB — target ≤ {MEMORY_TARGET_GB} GB: {verdict}")


def report_startup(store: Path, starts: int) -> None:
    if not CHROMIUM.exists():
        print(f"\ncold start: skipped ({CHROMIUM} is absent)")
        return
    with tempfile.TemporaryDirectory(prefix="bench-trivial-") as folder:
        trivial = Path(folder) / "trivial.py"
        trivial.write_text(TRIVIAL_APP, encoding="utf-8")
        baseline = [s for _, s, _ in startup_times(store, starts, trivial)]
    runs = startup_times(store, starts)
    shown = [s for _, s, _ in runs]
    ratio = statistics.median(shown) / statistics.median(baseline)
    verdict = "ok" if ratio <= STARTUP_TARGET_RATIO else "OVER"
    print(f"\ncold start → first page + chart on screen in chromium ({starts} runs each)")
    print(f"  trivial one-chart app: {' / '.join(f'{s:.2f}' for s in baseline)} s")
    print(f"  dashboard (serve.py):  {' / '.join(f'{s:.2f}' for s in shown)} s")
    print(f"  ratio of medians {ratio:.2f}× — target ≤ {STARTUP_TARGET_RATIO}×: {verdict}")
    print(f"  dashboard server CPU until then: {statistics.median(c for _, _, c in runs):.2f} s")


def report_exports(store: Path) -> None:
    try:
        times = export_times(store, images=5)
    except Exception as error:  # noqa: BLE001 - no Chromium for kaleido: say so
        print(f"\nimage export: skipped ({type(error).__name__}: {error})")
        return
    print("\nPNG export of the timeline chart, per image (seconds)")
    print(f"  a browser per image (no server):    median {statistics.median(times['oneshot']):.2f}")
    print(f"  persistent server, first with start: {times['server_first'][0]:.2f}")
    warm = statistics.median(times["server_warm"])
    print(f"  persistent server, warm:            median {warm:.2f}")


def main() -> None:
    n = _int_env("BENCH_DASHBOARD_N", 100_000)
    repeats = _int_env("BENCH_DASHBOARD_REPEATS", 10)
    starts = _int_env("BENCH_DASHBOARD_STARTS", 3)
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder:
        began = time.perf_counter()
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{os.cpu_count()} CPUs, load average {load} at the start")
        given = os.environ.get("BENCH_DASHBOARD_STORE")
        if given:
            store = Path(given)
            print(f"store {store}: {Store(store).count('statements'):,} statements")
        else:
            store = build_store(Path(folder), n)
            print(
                f"store of {n:,} synthetic statements built in {time.perf_counter() - began:.1f} s"
            )
        prepare_snapshot(store)
        report_rerender(store, repeats)
        report_startup(store, starts)
        if not given:  # the export benchmark reads every table: not at 10M
            report_exports(store)


if __name__ == "__main__":
    main()
