"""Where a page's time goes on the demo warehouse: queries, Polars, Plotly figure building and serialisation,
tables, downloads, and the bytes Streamlit sends, per page and region, beside the bare-DuckDB anchor.

Each case (a page at a link) is run through Streamlit's AppTest in this process, as a new session would open it:

* cold: every st.cache_data cleared first (the first person to ask for these figures);
* warm: a new session asking for the same link again (what the next person with the same request gets).

Wall times are the medians of `--runs` runs without instrumentation; `cpu` is the median of the same runs' CPU
time of this process (every thread: the script's, DuckDB's), less moved by other processes on a shared machine
than the wall time. One more run of each kind is sampled: a
thread looks at the script thread's stack every 0,5 ms and files the time under the first phase it finds:

    queries   inside the read seam (ucj.warehouse.reading: DuckDB, the Polars frame, small-cell protection)
    docs      the briefing's PDF/PPTX/PNG (ucj.reports.documents)
    plotly>json  st.plotly_chart turning a figure into its JSON spec (plotly.tools, plotly.io)
    arrow     st.dataframe turning a table into Arrow
    xlsx      the CSV/XLSX bytes of the download buttons
    plotly    building figures (plotly.graph_objects)
    polars    Polars outside the seam (the screens' frames)
    sidebar   the rest of the sidebar's work (ui/filters.py)
    st        the rest of Streamlit (elements, widgets, protobuf)
    other     the rest of the Python (the page scripts, ucj.fmt, ...)

`sent KB` is the size of every ForwardMsg the run produced (what the server serialises and sends over the
websocket), `ser ms` the time to serialise them (done on the server's event loop, not in the script thread), `top`
the element types carrying most bytes. `anchor ms` is the page's recorded queries (the seam's calls, same texts and
parameters) on bare DuckDB (`execute(...).fetchall()`), measured in the same run.

    python benchmarks/page_profile.py [--db PATH | --boundaries GEOJSON] [--runs 5] [--only ringkasan,target]
"""
import argparse
import collections
import logging
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's 'missing ScriptRunContext' lines

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit import logger as streamlit_logger  # noqa: E402
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from ucj import demo  # noqa: E402
from ucj.warehouse import reading  # noqa: E402

PERIOD = {"periode": "2025-03"}
# the benchmark's links (benchmarks/pages.py) first, then a mix of levels: province, kabupaten, kecamatan, desa
CASES = [
    ("ringkasan", {"wilayah": "12.10", "periode": "2025-03"}),
    ("klaim", {"wilayah": "12.10", "periode": "2025-03", "dari": "2024-01", "sampai": "2025-03"}),
    ("kesenjangan", {"wilayah": "12.10", "periode": "2025-04"}),
    ("target", {"wilayah": "12.10", "periode": "2025-10"}),
    ("peta", {"wilayah": "12.10", "periode": "2025-03", "tingkat_peta": "desa_kelurahan"}),
    ("briefing", {"wilayah": "12.10", "periode": "2025-03"}),
    ("briefing", {"wilayah": "12", **PERIOD}),
    ("briefing", {"wilayah": "12.10.01", **PERIOD}),
    ("ringkasan", {"wilayah": "12", **PERIOD}),
    ("ringkasan", {"wilayah": "12.09.08", **PERIOD}),
    ("ringkasan", {"wilayah": "12.10.01.1001", **PERIOD}),
    ("klaim", {"wilayah": "12", **PERIOD}),
    ("klaim", {"wilayah": "12.22", **PERIOD}),
    ("klaim", {"wilayah": "12.10.01", **PERIOD}),
    ("kesenjangan", {"wilayah": "12", **PERIOD}),
    ("kesenjangan", {"wilayah": "12.10.01", **PERIOD}),
    ("target", {"wilayah": "12", "periode": "2025-10"}),
    ("target", {"wilayah": "12.23", "periode": "2025-10"}),
    ("target", {"wilayah": "12.10.01", "periode": "2025-10"}),
    ("peta", {"wilayah": "12", **PERIOD}),
]

PHASES = ("queries", "docs", "plotly>json", "arrow", "xlsx", "plotly", "polars", "sidebar", "st", "other")


def phase_of(frame) -> str:
    """The phase a stack is in: the outermost marker found wins for the seam and Streamlit's serialisers, the
    innermost library otherwise."""
    files, names = [], set()
    while frame is not None:
        files.append(frame.f_code.co_filename)
        names.add(frame.f_code.co_name)
        frame = frame.f_back
    joined = "\n".join(files)
    if "ucj/warehouse/reading.py" in joined:
        return "queries"
    if "ucj/reports/documents.py" in joined:
        return "docs"
    if "streamlit/elements/plotly_chart.py" in joined:
        return "plotly>json"
    if "streamlit/elements/arrow.py" in joined:
        return "arrow"
    if "ui/components.py" in joined and "downloads" in names:
        return "xlsx"
    for name in files:  # innermost first
        if "/plotly/" in name or "_plotly_utils" in name:
            return "plotly"
        if "/polars/" in name:
            return "polars"
    if "ui/filters.py" in joined:
        return "sidebar"
    if "/streamlit/" in files[0] or "/google/protobuf/" in files[0]:
        return "st"
    return "other"


class Sampler:
    """Files the script thread's time under phases, sampling its stack."""

    def __init__(self, interval: float = 0.0005):
        self.interval = interval
        self.spent = collections.Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _script_frame(self):
        for ident, frame in sys._current_frames().items():
            if ident == threading.get_ident() or ident == threading.main_thread().ident:
                continue
            probe = frame
            while probe is not None:
                if probe.f_code.co_filename.endswith("dashboard.py"):
                    return frame
                probe = probe.f_back
        return None

    def _run(self):
        last = time.perf_counter()
        while not self._stop.is_set():
            time.sleep(self.interval)
            now = time.perf_counter()
            frame = self._script_frame()
            if frame is not None:
                self.spent[phase_of(frame)] += now - last
            last = now

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class Recorder:
    """The seam's calls (name, params) and their time, and every ForwardMsg enqueued."""

    def __init__(self):
        self.calls: list[tuple[str, str, dict]] = []
        self.call_ms: list[float] = []
        self.seam_s = 0.0
        self.messages = []
        self._patched = []

    def _wrap(self, kind, real):
        def recorded(con, name, viewer, *args, **kwargs):
            start = time.perf_counter()
            try:
                return real(con, name, viewer, *args, **kwargs)
            finally:
                self.seam_s += time.perf_counter() - start
                self.calls.append((kind, name, kwargs))
                self.call_ms.append((time.perf_counter() - start) * 1000)
        return recorded

    def __enter__(self):
        wrappers = {reading.read: self._wrap("read", reading.read),
                    reading.read_total: self._wrap("total", reading.read_total)}
        # every module holding the seam's functions (ucj.warehouse, ucj.reports.summary, ...), reading itself too
        for module in list(sys.modules.values()):
            for attribute, value in list(getattr(module, "__dict__", {}).items()):
                if callable(value) and any(value is real for real in wrappers):
                    self._patched.append((module, attribute, value))
                    setattr(module, attribute, wrappers[value])
        real_enqueue = ForwardMsgQueue.enqueue

        def enqueue(queue, msg):
            self.messages.append(msg)
            return real_enqueue(queue, msg)
        self._patched.append((ForwardMsgQueue, "enqueue", real_enqueue))
        ForwardMsgQueue.enqueue = enqueue
        return self

    def __exit__(self, *exc):
        for module, attribute, value in reversed(self._patched):
            setattr(module, attribute, value)

    def sent(self) -> tuple[int, float, list[tuple[str, int]]]:
        """Bytes of all messages, ms to serialise them, bytes per element type (largest first)."""
        per_type = collections.Counter()
        start = time.perf_counter()
        total = 0
        for msg in self.messages:
            size = len(msg.SerializeToString())
            total += size
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                kind = msg.delta.new_element.WhichOneof("type")
            per_type[kind] += size
        return total, (time.perf_counter() - start) * 1000, per_type.most_common(3)


def open_case(page: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "ringkasan":
        at.switch_page(f"app_pages/{page}.py")
    return at


def run_case(page: str, params: dict, cpu: list | None = None) -> float:
    at = open_case(page, params)
    start, start_cpu = time.perf_counter(), time.process_time()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if cpu is not None:
        cpu.append((time.process_time() - start_cpu) * 1000)
    if at.exception:
        raise RuntimeError(f"{page} {params}: {at.exception}")
    return elapsed


def anchor_ms(path: Path, calls, runs: int = 5) -> float:
    """The recorded queries on bare DuckDB, a cursor each as the app does (median of runs)."""
    con = duckdb.connect(str(path), read_only=True)  # the app holds it read-only in this process
    try:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            for _kind, name, kwargs in calls:
                cursor = con.cursor()
                cursor.execute(reading.query(name).text, kwargs or None).fetchall()
                cursor.close()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        con.close()
    return statistics.median(times)


def profile(page: str, params: dict, runs: int, path: Path) -> dict:
    result = {}
    for kind in ("cold", "warm"):
        walls, cpus = [], []
        for _ in range(runs):
            if kind == "cold":
                st.cache_data.clear()
            walls.append(run_case(page, params, cpus))
        if kind == "cold":
            st.cache_data.clear()
        with Recorder() as recorder, Sampler() as sampler:
            run_case(page, params)
        sent, serialise_ms, top = recorder.sent()
        result[kind] = dict(wall=statistics.median(walls), cpu=statistics.median(cpus), queries=len(recorder.calls), seam_ms=recorder.seam_s * 1000,
                            phases={p: sampler.spent[p] * 1000 for p in PHASES}, sent=sent, ser=serialise_ms, top=top,
                            calls=recorder.calls, call_ms=recorder.call_ms)
    result["anchor"] = anchor_ms(path, result["cold"]["calls"])
    return result


def link(page: str, params: dict) -> str:
    return f"{page}?" + "&".join(f"{k}={v}" for k, v in params.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="warehouse to measure (default: a fresh demo warehouse)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="pages to measure, comma-separated")
    parser.add_argument("--queries", action="store_true", help="also list each cold run's reads, slowest first")
    parser.add_argument("--boundaries", type=Path, help="a desa GeoJSON loaded into the fresh demo warehouse (Peta's "
                                                        "and the briefing's maps; default none)")
    args = parser.parse_args()
    if args.db:
        path = Path(args.db)
    else:
        path = Path(tempfile.mkdtemp()) / "ucj.duckdb"
        print("building the demo warehouse …", file=sys.stderr)
        demo.build(path)
        if args.boundaries:
            from ucj.ingest import boundaries

            con = duckdb.connect(str(path))
            try:
                boundaries.load(con, args.boundaries)
                con.execute("checkpoint")
            finally:
                con.close()
    os.environ["UCJ_DB"] = str(path)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    streamlit_logger.set_log_level("error")
    only = set(args.only.split(",")) if args.only else None

    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"python {platform.python_version()} · duckdb {duckdb.__version__} · streamlit {st.__version__}")
    print(f"# warehouse {path} ({path.stat().st_size / 1e6:.0f} MB), wall = median of {args.runs} runs; phases (ms) "
          "from one sampled run")
    run_case("ringkasan", CASES[0][1])  # imports and the connection, once, outside every figure
    for name in list(logging.root.manager.loggerDict):  # AppTest's 'missing ScriptRunContext' on every run
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    header = (f"{'link':<58} {'run':<4} {'wall':>6} {'cpu':>6} {'q':>3} {'seam':>6} {'anchor':>6} "
              + " ".join(f"{p:>7}" for p in PHASES) + f" {'script':>6} {'sent KB':>8} {'ser ms':>6}  top")
    print(header)
    for page, params in CASES:
        if only and page not in only:
            continue
        r = profile(page, params, args.runs, path)
        for kind in ("cold", "warm"):
            m = r[kind]
            top = ", ".join(f"{name} {size / 1000:.0f}" for name, size in m["top"])
            print(f"{link(page, params) if kind == 'cold' else '':<58} {kind:<4} {m['wall']:>6.0f} {m['cpu']:>6.0f} "
                  f"{m['queries']:>3} "
                  f"{m['seam_ms']:>6.0f} {r['anchor'] if kind == 'cold' else 0:>6.0f} "
                  + " ".join(f"{m['phases'][p]:>7.0f}" for p in PHASES)
                  + f" {sum(m['phases'].values()):>6.0f} {m['sent'] / 1000:>8.1f} {m['ser']:>6.1f}  {top}", flush=True)
        if args.queries:
            reads = sorted(zip(r["cold"]["call_ms"], r["cold"]["calls"]), key=lambda pair: -pair[0])
            print("    reads: " + ", ".join(f"{name}{' (total)' if kind == 'total' else ''} {ms:.0f}"
                                         for ms, (kind, name, _) in reads), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
