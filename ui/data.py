"""The app's only way to the warehouse: one cached connection, a cursor per query, writes in one place.

The connection is opened read-write because imports (Sinkronisasi) write from inside the app: DuckDB lets
one process hold a file read-write, and a process cannot hold the same file both read-only and read-write.
Readers keep reading their own snapshot while an import's transaction is open.
"""
import fcntl
import os
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from ucj import boundaries, db, demo, roster_import
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
    # shared by all sessions; every query takes its own cursor (ucj.db.run), imports their own transaction
    return db.open_warehouse(Path(path), read_only=False)


def plan_import(path: str, table, **options) -> roster_import.Plan:
    """The dry run: what the import would do now. Reads only."""
    cursor = connection(path).cursor()
    try:
        key = roster_import.nik_key(cursor)
        return roster_import.make_plan(cursor, table, key=key, **options)
    finally:
        cursor.close()


def commit_import(path: str, confirmed: roster_import.Plan, by: str) -> roster_import.Plan:
    """Write the confirmed dry run in one transaction, then forget every cached figure."""
    con = connection(path)
    cursor = con.cursor()  # the shared connection itself is never used from a session's thread
    try:
        key = roster_import.nik_key(cursor)
    finally:
        cursor.close()
    with roster_import.warehouse_lock(Path(path)):
        plan = roster_import.commit(
            con, confirmed.table, file_name=confirmed.file_name, file_sha256=confirmed.file_sha256,
            kind=confirmed.kind, region=confirmed.region, data_date=confirmed.data_date, source=confirmed.source,
            key=key, by=by, confirmed=confirmed)
    st.cache_data.clear()
    return plan


def default_data_date(path: str):
    cursor = connection(path).cursor()
    try:
        return roster_import.default_data_date(cursor)
    finally:
        cursor.close()


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


@st.cache_data(ttl=600, show_spinner="Menyusun bahan Musrenbang…")
def briefing(path: str, region: str, as_of, claims_from, claims_to, monthly_idr: int,
             funding: tuple[tuple[str, int], ...] = (), asn: int = 0, band_limits: tuple = ()):
    """`funding` ((source, workers), ...) and `asn` are the scenario chosen; empty: the recorded plans."""
    from ucj import briefing as musrenbang

    cursor = connection(path).cursor()
    try:
        return musrenbang.gather(cursor, region, as_of, claims_from, claims_to, monthly_contribution_idr=monthly_idr,
                                 funding=dict(funding), asn_for_sertakan=asn,
                                 **({"band_limits": tuple(band_limits)} if band_limits else {}))
    finally:
        cursor.close()
