"""The app's only way to the warehouse: one cached read-only connection, a cursor per query."""
import fcntl
import os
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from ucj import boundaries, db, demo
from ucj.errors import UserError
from ucj.paths import warehouse_path


def current_path() -> str:
    return str(warehouse_path())


def ensure_warehouse() -> None:
    """On a fresh clone there is no warehouse: build the demo one, showing progress. Then load the
    boundary file named by UCJ_BOUNDARIES, once per server process and only if it is new."""
    path = Path(current_path())
    if not path.exists():
        _build_demo(path)
    if os.environ.get("UCJ_BOUNDARIES"):
        _load_boundaries_at_start(str(path), os.environ["UCJ_BOUNDARIES"])


@st.cache_resource(show_spinner="Memuat batas wilayah…")
def _load_boundaries_at_start(path: str, boundary_file: str) -> str:
    """Runs before the shared read-only connection is opened (one process cannot hold both)."""
    try:
        with open(path + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            con = db.open_warehouse(Path(path), read_only=False)
            try:
                if boundaries.loaded_digest(con, Path(boundary_file)):
                    return "sudah dimuat"
                report = boundaries.load(con, Path(boundary_file))
            finally:
                con.close()
    except UserError as exc:
        st.warning(f"UCJ_BOUNDARIES: {exc}")
        return str(exc)
    return "\n".join(report.lines())


def _build_demo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with st.status("Menyiapkan gudang data demo (sekali saja, sekitar setengah menit)…", expanded=True) as status:
        bar = st.progress(0.0, text="Memulai")
        # two sessions starting at once must not build twice
        with open(str(path) + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists():
                demo.build(path, progress=lambda fraction, text: bar.progress(fraction, text=text))
        status.update(label="Gudang data demo siap", state="complete", expanded=False)


@st.cache_resource(show_spinner=False)
def connection(path: str) -> duckdb.DuckDBPyConnection:
    # read-only, shared by all sessions; every query takes its own cursor (ucj.db.run)
    return db.open_warehouse(Path(path), read_only=True)


@st.cache_data(ttl=600, show_spinner=False)
def query(path: str, name: str, **params) -> pl.DataFrame:
    return db.run(connection(path), name, **params)


@st.cache_data(ttl=600, show_spinner=False)
def warehouse_meta(path: str) -> dict[str, str]:
    cursor = connection(path).cursor()
    try:
        return db.meta(cursor)
    finally:
        cursor.close()
