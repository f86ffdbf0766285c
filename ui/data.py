"""The app's only way to the warehouse: read-only connections to the published version, a cursor per read,
writes through the write seam on a version of their own.

Every app process (`python -m ucj serve --workers N` runs several) reads the version the warehouse's link names,
read-only, so the command line and other processes read and write beside it. Before each read the link is read
again (one readlink): when another process (or this one) has published a new version, the next read opens that
one, and the figures cached for the old one are not used again, since every cached read is keyed by the version
(st.cache_data.clear() would reach this process only). Imports and loads (Sinkronisasi) write through
ucj.warehouse.write.session: a copy of the published version, published whole when it commits. Every figure is
read through `ucj.warehouse.read` (module ucj.warehouse.reading) as the session's viewer (`viewer()`), so access
rules reach every page and download.
"""
import datetime as dt
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import streamlit as st

from ucj import access, accounts, demo, warehouse
from ucj.errors import UserError
from ucj.ingest import extracts, limits, nik, rosters
from ucj.paths import warehouse_path
from ucj.warehouse import loading, write


def current_path() -> str:
    return str(warehouse_path())


ACCOUNT_KEY = "akun"  # session_state: the logged-in ucj.accounts.Account (ui/auth.py puts it there)
DEMO_KEY = "akun_demo"  # session_state: True while the demo is open without login on loopback (ui/auth.py)
DEMO_VIEWER = access.Viewer.for_role("demo", "admin")


def viewer() -> access.Viewer:
    """Who reads on this session: the logged-in account, or on the demo served on loopback an admin named 'demo'.
    Anything else is a fault (the login gate did not run): fail closed rather than read as the operator."""
    account = st.session_state.get(ACCOUNT_KEY)
    if account is not None:
        return account.viewer()
    if st.session_state.get(DEMO_KEY):
        return DEMO_VIEWER
    raise RuntimeError("no account in this session: ui.auth.gate() must run before any figure is read")


def ensure_warehouse() -> None:
    """On a fresh clone there is no warehouse: build the demo one, showing progress. Then load the
    boundary file named by UCJ_BOUNDARIES, once per server process and only if it is new."""
    path = Path(current_path())
    if not path.exists():
        _build_demo(path)
    if os.environ.get("UCJ_BOUNDARIES"):
        _load_boundaries_at_start(str(path), os.environ["UCJ_BOUNDARIES"])
    if _missing_marts(str(path), version(str(path))):
        # before the login: the sentence names no path
        st.error("Gudang data ini dibuat oleh versi aplikasi sebelumnya dan belum punya mart yang dibaca versi ini; "
                 "admin perlu menjalankan sekali 'python -m ucj marts' untuk gudang ini, lalu muat ulang halaman.",
                 icon=":material/error:")
        st.stop()


@st.cache_data(show_spinner=False)
def _missing_marts(path: str, published: str) -> set[str]:
    from ucj.warehouse.marts import missing_marts

    with cursor(path) as cur:
        return missing_marts(cur)


@st.cache_resource(show_spinner="Memuat batas wilayah…")
def _load_boundaries_at_start(path: str, boundary_file: str) -> str:
    """Once per server process; several processes find the file loaded by the first (its digest is stored)."""
    from ucj.ingest import boundaries  # geopandas loads only when boundaries are loaded

    try:
        con = warehouse.open_warehouse(Path(path), read_only=True)
        try:
            if boundaries.loaded_digest(con, Path(boundary_file)):
                return "sudah dimuat"
        finally:
            con.close()
        with write.session(Path(path)) as con:
            if boundaries.loaded_digest(con, Path(boundary_file)):  # another process loaded it meanwhile
                return "sudah dimuat"
            report = boundaries.load(con, Path(boundary_file))
    except UserError as exc:
        st.warning(f"UCJ_BOUNDARIES: {exc}")
        return str(exc)
    return "\n".join(report.lines())


def _build_demo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with st.status("Menyiapkan gudang data demo (sekali saja, sekitar setengah menit)…", expanded=True) as status:
        bar = st.progress(0.0, text="Memulai")
        # two sessions starting at once must not build twice: the second waits for the first's lock
        with write.lock(path):
            if not path.exists():
                demo.build(path, progress=lambda fraction, text: bar.progress(fraction, text=text))
        status.update(label="Gudang data demo siap", state="complete", expanded=False)


_OPEN: dict[str, tuple[str, warehouse.Connection]] = {}  # warehouse path -> (version, read-only connection)
_RETIRED: dict[str, warehouse.Connection] = {}  # the version before: reads begun on it finish there
_OPENING = threading.Lock()


def version(path: str) -> str:
    """The version published now (what the warehouse's link names): the key of every cached read."""
    return warehouse.version(Path(path))


def connection(path: str) -> warehouse.Connection:
    """The process's read-only connection to the version published now; opened at the first read after a new
    version is published. The previous one is kept until the next switch, so that reads begun on it finish (a
    connection closed under its cursors would end them); the one before that is let go."""
    current = version(path)
    held = _OPEN.get(path)
    if held is not None and held[0] == current:
        return held[1]
    with _OPENING:  # one session opens the new version; the others waiting here then use it
        held = _OPEN.get(path)
        current = version(path)
        if held is None or held[0] != current:
            if held is not None:
                _RETIRED[path] = held[1]
            held = _OPEN[path] = (current, warehouse.open_warehouse(Path(path), read_only=True))
    return held[1]


@contextmanager
def cursor(path: str):
    """A cursor of the shared connection for one piece of work (the connection itself is never used from a
    session's thread)."""
    cur = connection(path).cursor()
    try:
        yield cur
    finally:
        cur.close()


def _audit(path: str) -> accounts.Store:
    """The accounts file beside the warehouse: its audit log and the hourly limit on rows checked."""
    return accounts.Store(accounts.accounts_path(path))


def plan_import(path: str, table, **options) -> rosters.Plan:
    """The dry run: what the import would do now. Reads only the warehouse; logs the file's hash and rows in the
    audit log and counts them against the account's hourly limit before any row is matched."""
    who = viewer()
    charge = limits.charge(_audit(path), who.name, "periksa", options["file_sha256"],
                           rosters.resolve_group(options["group"]))
    with cursor(path) as cur:
        return rosters.make_plan(cur, table, key=rosters.nik_key(cur), viewer=who, charge=charge, **options)


def commit_import(path: str, confirmed: rosters.Plan, by: str) -> rosters.Plan:
    """Write the confirmed dry run in one transaction, then forget every cached figure. Logged as 'impor'; its
    rows were counted against the hourly limit by the dry run the person confirmed."""
    who = viewer()
    with cursor(path) as cur:
        key = rosters.nik_key(cur)
    with write.session(Path(path)) as con:
        plan = rosters.commit(
            con, confirmed.table, file_name=confirmed.file_name, file_sha256=confirmed.file_sha256,
        group=confirmed.group, region=confirmed.region, data_date=confirmed.data_date, source=confirmed.source,
            key=key, by=by, viewer=who, confirmed=confirmed,
            charge=limits.charge(_audit(path), who.name, "impor", confirmed.file_sha256, confirmed.group,
                                 counted=False))
    st.cache_data.clear()  # this process's memory back; every process reads the new version at its next query
    return plan


def default_data_date(path: str):
    with cursor(path) as cur:
        return rosters.default_data_date(cur)


def query(path: str, name: str, **params) -> pl.DataFrame:
    """queries/<name>.sql for this session's viewer (cached per viewer and parameters); a query of the reference
    (no region, no counts: the same rows for every account) from the app-wide cache of the reference, the entry the
    sidebar's pickers read too."""
    if is_reference(name):
        return reference(path, name, **params)
    return _read(path, version(path), viewer(), name, **params)


@st.cache_data(ttl=600, show_spinner=False)
def _read(path: str, published: str, who: access.Viewer, name: str, **params) -> pl.DataFrame:
    with cursor(path) as cur:
        return warehouse.read(cur, name, who, **params)


def is_reference(name: str) -> bool:
    """queries/<name>.sql names no region and counts nobody: the seam has nothing to check or hide in it."""
    from ucj.warehouse.reading import query as declared

    q = declared(name)
    return not q.region_param and not q.counts


def reference(path: str, name: str, **params) -> pl.DataFrame:
    """queries/<name>.sql, one that names no region and counts nobody (the reference, the default region of a given
    scope, the finder's results): the same rows for every account, so cached per warehouse version and parameters
    only, not per session or viewer as figures are (`query`). Read as the session's viewer; the seam has nothing to
    check or hide in such a query."""
    if not is_reference(name):
        raise ValueError(f"query {name} holds figures of a region: read it with ui.data.query")
    return _reference(path, version(path), name, viewer(), **params)


@st.cache_data(ttl=600, show_spinner=False, max_entries=5000)
def _reference(path: str, published: str, name: str, _who: access.Viewer, **params) -> pl.DataFrame:
    # `published` keys the entry by the warehouse's version: another process's load shows at the next rerun
    with cursor(path) as cur:
        return warehouse.read(cur, name, _who, **params)


def total(path: str, name: str, columns: tuple[str, ...], by: tuple[str, ...] = (), **params) -> pl.DataFrame:
    """The region's own total of queries/<name>.sql's columns (per `by`), small-cell protected as one figure: what
    a card or a 'Jumlah' beside a viewer's rows shows, since a sum of rows with a hidden cell is hidden.

    For a viewer without a minimum count (admin, analyst: the seam hides nothing from them) the rows `query` reads
    are the exact rows, so the total is summed from them (the same `suppression.total` as `read_total`'s) and the
    query runs once for the rows and their total; for a viewer with one, `read_total` sums the exact rows apart."""
    who = viewer()
    if who.min_count <= 1:
        from ucj import suppression
        from ucj.warehouse.reading import query as declared

        q = declared(name)
        if not set(columns) <= {c for count, deps in q.rules.counts for c in (count, *deps)}:
            raise TypeError(f"query {name}: only declared counts and their dependents add up, not {columns}")
        return suppression.total(query(path, name, **params), q.rules, tuple(columns), who.min_count,
                                 params[q.region_param] if q.region_param else None, by=tuple(by))
    return _total(path, version(path), who, name, tuple(columns), tuple(by), **params)


@st.cache_data(ttl=600, show_spinner=False)
def _total(path: str, published: str, who: access.Viewer, name: str, columns: tuple[str, ...], by: tuple[str, ...],
           **params) -> pl.DataFrame:
    from ucj.warehouse.reading import read_total

    with cursor(path) as cur:
        return read_total(cur, name, who, columns, by, **params)


def warehouse_meta(path: str) -> dict[str, str]:
    return _meta(path, version(path))


@st.cache_data(ttl=600, show_spinner=False)
def _meta(path: str, published: str) -> dict[str, str]:
    with cursor(path) as cur:
        return warehouse.meta(cur)


def first_day(path: str) -> dt.date:
    """The first day the warehouse has figures for."""
    return dt.date.fromisoformat(warehouse_meta(path)["data_mulai"])


def briefing(path: str, region: str, as_of, claims_from, claims_to, monthly_idr: int,
             funding: tuple[tuple[str, int], ...] = (), asn: int = 0, band_limits: tuple = ()):
    """`funding` ((source, workers), ...) and `asn` are the scenario chosen; empty: the recorded plans."""
    return _briefing(path, version(path), viewer(), region, as_of, claims_from, claims_to, monthly_idr, funding, asn,
                     band_limits)


@st.cache_data(ttl=600, show_spinner="Menyusun bahan Musrenbang…")
def _briefing(path: str, published: str, who: access.Viewer, region: str, as_of, claims_from, claims_to,
              monthly_idr: int, funding: tuple[tuple[str, int], ...], asn: int, band_limits: tuple):
    from ucj.reports import briefing as musrenbang

    with cursor(path) as cur:
        return musrenbang.gather(cur, region, as_of, claims_from, claims_to, monthly_contribution_idr=monthly_idr,
                                 funding=dict(funding), asn_for_sertakan=asn,
                                 **({"band_limits": tuple(band_limits)} if band_limits else {}), viewer=who)


@contextmanager
def _readable(file_name: str, data: bytes):
    """Where DuckDB reads an uploaded extract: a CSV or Parquet goes to a copy in the private folder (0700,
    locked while in use, removed afterwards, and removed by the next upload if a kill left it); an XLSX is read
    from the bytes themselves. The server's limits on the bytes come first (size, an XLSX's zip)."""
    limits.check_size(len(data), file_name)
    if Path(file_name).suffix.lower() == ".xlsx":
        yield Path(file_name), data
        return
    descriptor, name = extracts.private_copy(Path(file_name).suffix.lower())
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        yield name, None
    finally:
        extracts.release_copy(name)


def _nik_key(kind: extracts.Kind) -> bytes | None:
    return nik.configured_key() if kind.needs_nik_key else None


def dry_run_extract(path: str, kind_name: str, file_name: str, data: bytes) -> loading.Plan:
    """What loading the uploaded extract would do, counted exactly as `python -m ucj load --dry-run`; writes nothing."""
    kind = extracts.KINDS[kind_name]
    key = _nik_key(kind)
    who = viewer()
    if not who.may("sinkronisasi"):
        raise UserError("Memuat ekstrak hanya untuk admin gudang data; minta admin memuat berkas ini.")
    with _readable(file_name, data) as (file_path, content), cursor(path) as cur:
        opened = extracts.open_file(cur, file_path, kind, data=content, name=file_name)
        try:
            return loading.dry_run(cur, opened.source, kind, opened.mapping, opened.headers, key=key,
                                   charge=limits.charge(_audit(path), who.name, "periksa", opened.sha256, kind.name))
        finally:
            opened.close()  # the UTF-8 copy of a Windows-1252 CSV, if one was made


def load_extract(path: str, kind_name: str, file_name: str, data: bytes, by: str) -> loading.Plan:
    """Load the uploaded extract in one transaction (the warehouse's lock, marts refreshed, logged as an import),
    then forget every cached figure so that every page shows the new ones."""
    if not by.strip():
        raise UserError("Nama petugas yang memuat belum diisi; isi nama agar pemuatan tercatat.")
    kind = extracts.KINDS[kind_name]
    key = _nik_key(kind)
    who = viewer()
    if not who.may("sinkronisasi"):
        raise UserError("Memuat ekstrak hanya untuk admin gudang data; minta admin memuat berkas ini.")
    with _readable(file_name, data) as (file_path, content), write.session(Path(path)) as con:
        opened = extracts.open_file(con, file_path, kind, data=content, name=file_name)
        try:
            plan = loading.load(con, opened.source, kind, opened.mapping, opened.headers, key=key,
                                file_sha256=opened.sha256, by=by.strip(), label=file_name,
                                charge=limits.charge(_audit(path), who.name, "muat", opened.sha256, kind.name,
                                                     counted=False))
        finally:
            opened.close()
    st.cache_data.clear()  # this process's memory back; every process reads the new version at its next query
    return plan
