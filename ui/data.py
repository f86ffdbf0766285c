"""The app's only way to the warehouse: one cached read-only connection, a cursor per query."""
import fcntl
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from ucj import db, demo
from ucj.paths import warehouse_path


def current_path() -> str:
    return str(warehouse_path())


def ensure_warehouse() -> None:
    """On a fresh clone there is no warehouse: build the demo one, showing progress."""
    path = Path(current_path())
    if path.exists():
        return
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
