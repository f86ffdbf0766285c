"""The one way into the warehouse: one lock, one transaction helper, mart refresh, audits, the import log.

Every writer (the demo build, roster imports, boundary loads) does the same four things here:

    with write.lock(path):                       # one writer per warehouse file, across threads and processes
        with write.transaction(con) as w:        # begin; a cursor of its own
            w.insert("anggota_kelompok", frame)  # every INSERT/DELETE is a method of Writer
            w.refresh_marts(...)                 # marts rebuilt from what was written, in the same transaction
        # on leaving: the audits (ucj/warehouse/audits/*.sql) that read a table written here run against the
        # warehouse as it would be; any row they return rolls everything back and raises AuditFailed

Table names reach SQL text only from the schema's own list (`TABLES`); every value is a bound parameter.
"""
import datetime as dt
import fcntl
import json
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ucj import access
from ucj.errors import UserError
from ucj.paths import SQL_DIR
from ucj.warehouse import marts
from ucj.warehouse.connection import is_demo
from ucj.warehouse.reading import read

AUDIT_DIR = Path(__file__).resolve().parent / "audits"
TABLES = frozenset(re.findall(r"create table if not exists (\w+)", (SQL_DIR / "schema.sql").read_text(encoding="utf-8")))

# ---------------------------------------------------------------------------------------------
# The lock

_GUARD = threading.Lock()
_LOCKS: dict[str, threading.RLock] = {}
_HELD = threading.local()


@contextmanager
def lock(path: Path, on_wait=None):
    """One writer per warehouse file: a lock per file in this process (sessions of the app are threads) and a
    lock file beside the warehouse across processes. Taken before DuckDB opens the file read-write. Re-entrant
    in the same thread, so a writer that calls another writer does not wait for itself."""
    key = str(Path(path).resolve())
    with _GUARD:
        process_lock = _LOCKS.setdefault(key, threading.RLock())
    if not process_lock.acquire(blocking=False):
        if on_wait:
            on_wait()
            on_wait = None  # said once, even if the lock file makes it wait again
        process_lock.acquire()
    held = getattr(_HELD, "files", None)
    if held is None:
        held = _HELD.files = {}
    try:
        if held.get(key):
            held[key] += 1
            try:
                yield
            finally:
                held[key] -= 1
            return
        handle = _lock_file(key + ".lock", path, on_wait)
        held[key] = 1
        try:
            yield
        finally:
            held[key] = 0
            # removed while still held, so that a waiter which opened the old file sees it is stale and retries
            Path(key + ".lock").unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
    finally:
        process_lock.release()


def _lock_file(name: str, path: Path, on_wait):
    """Open and lock the lock file; retry when the file was removed by its previous holder meanwhile."""
    while True:
        try:
            # empty, but beside the warehouse and named after it: its owner's only, like every file made here
            handle = os.fdopen(os.open(name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a")
        except OSError as exc:
            raise UserError(f"Berkas kunci di samping {path} tidak dapat dibuat ({exc.strerror}); periksa izin "
                            "tulis folder gudang data.") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
                on_wait = None
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            current = os.stat(name).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(handle.fileno()).st_ino:
            return handle
        handle.close()


# ---------------------------------------------------------------------------------------------
# Audits


@dataclass(frozen=True)
class Audit:
    name: str
    text: str
    tables: frozenset[str]  # the tables it reads: it runs after a write to any of them
    demo_only: bool  # a property of the demo's construction, not of every warehouse


def audits() -> list[Audit]:
    known = TABLES | marts.mart_tables()
    out = []
    for path in sorted(AUDIT_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        read_tables = set(re.findall(r"\b(?:from|join)\s+(\w+)", marts.strip_comments(text), re.I)) & known
        out.append(Audit(path.stem, text, frozenset(read_tables), bool(re.search(r"^-- scope: demo", text, re.M))))
    return out


class AuditFailed(UserError):
    pass


def run_audits(con: duckdb.DuckDBPyConnection, written: set[str] | None = None) -> dict[str, int]:
    """Rows each audit finds (only the audits that read a table in `written`; all when None)."""
    demo = is_demo(con)
    found = {}
    for audit in audits():
        if audit.demo_only and not demo:
            continue
        if written is not None and not (audit.tables & written):
            continue
        found[audit.name] = len(con.execute(audit.text).fetchall())  # an audit returns few rows, usually none
    return found


def audit_rows(con: duckdb.DuckDBPyConnection, name: str) -> set[tuple]:
    """The rows one audit finds; none where its tables do not exist yet (a warehouse being created)."""
    text = next(a.text for a in audits() if a.name == name)
    try:
        return set(con.execute(text).fetchall())
    except duckdb.CatalogException:
        return set()


# ---------------------------------------------------------------------------------------------
# The transaction


class ReadOnly:
    """The transaction's cursor for reading what it has written so far (warehouse.read, meta): anything but a
    SELECT through it is refused, so no write escapes the Writer's bookkeeping and the audits."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor

    @staticmethod
    def _check(sql: str) -> None:
        if not re.match(r"\s*(select|with)\b", marts.strip_comments(sql), re.I):
            raise PermissionError("writes go through ucj.warehouse.write.Writer, not through its read cursor")

    def sql(self, sql: str, **kwargs):
        self._check(sql)
        return self._cursor.sql(sql, **kwargs)

    def execute(self, sql: str, *args):
        self._check(sql)
        return self._cursor.execute(sql, *args)


class Writer:
    """What a writer may do inside its transaction. Reads go through the read seam on the same cursor
    (`reads`), so they see what this transaction has written."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor
        self.reads = ReadOnly(cursor)
        self.written: set[str] = set()

    def read(self, name: str, **params) -> pl.DataFrame:
        return read(self._cursor, name, access.OPERATOR, **params)

    def _table(self, table: str) -> str:
        if table not in TABLES:  # identifiers come only from the schema's own list
            raise ValueError(f"not a warehouse table: {table}")
        self.written.add(table)
        return table

    def create_schema(self) -> None:
        """Tables a warehouse built by an older version lacks are created (all are 'if not exists')."""
        marts.create_schema(self._cursor)

    def insert(self, table: str, frame) -> None:
        """Append a polars or pandas frame, columns matched by name."""
        name = self._table(table)
        self._cursor.register("incoming", frame)
        try:
            self._cursor.execute(f"insert into {name} by name select * from incoming")
        finally:
            self._cursor.unregister("incoming")

    def replace(self, table: str, frame) -> None:
        """Every row of the table replaced by the frame's."""
        self._cursor.execute(f"delete from {self._table(table)}")
        self.insert(table, frame)

    def scratch_cursor(self) -> duckdb.DuckDBPyConnection:
        """The transaction's cursor, for a load's temporary staging tables (ucj.warehouse.loading.Scratch, which
        refuses anything but temporary tables and reads on it)."""
        return self._cursor

    def merge(self, table: str, source: str, key: tuple[str, ...]) -> None:
        """Rows of the temporary table `source` replace the rows of `table` with the same key, and are added where
        there are none: what a load changed."""
        name = self._table(table)
        if not re.fullmatch(r"[a-z_]+", source) or not all(re.fullmatch(r"[a-z_]+", k) for k in key):
            raise ValueError("merge takes the load's own temporary table and key column names")
        on = " and ".join(f"{name}.{k} = incoming.{k}" for k in key)
        self._cursor.execute(f"delete from {name} using temp.{source} as incoming where {on}")
        self._cursor.execute(f"insert into {name} by name select * from temp.{source}")

    def end_office_periods(self, kabupaten: list[str]) -> None:
        """Each period an office serves one of these kabupaten/kota ends the day before the next one begins."""
        self._table("kantor_wilayah")
        self._cursor.execute("""
            update kantor_wilayah as kw
            set berlaku_sampai = n.berlaku_sampai
            from (
                select kode_kabupaten, berlaku_mulai,
                       cast(lead(berlaku_mulai) over (partition by kode_kabupaten order by berlaku_mulai)
                            - interval 1 day as date) as berlaku_sampai
                from kantor_wilayah
                where list_contains($kabupaten, kode_kabupaten)
            ) as n
            where kw.kode_kabupaten = n.kode_kabupaten and kw.berlaku_mulai = n.berlaku_mulai
              and kw.berlaku_sampai is distinct from n.berlaku_sampai
        """, {"kabupaten": kabupaten})

    def set_meta(self, values: dict[str, str]) -> None:
        self._table("meta")
        self._cursor.executemany("insert or replace into meta values (?, ?)", list(values.items()))

    def add_reference(self, wilayah: pl.DataFrame, version: str, source: str, groups) -> None:
        self._table("wilayah_versi")
        self._cursor.execute("insert into wilayah_versi values (?, ?, ?)", [version, source, dt.datetime.now()])
        self.insert("wilayah", wilayah)
        self._table("kelompok_pekerja")
        self._cursor.executemany("insert into kelompok_pekerja values (?, ?, ?)", [list(g) for g in groups])

    def add_roster(self, members: pl.DataFrame, *, group: str, source: str, data_date: dt.date, impor_id: int) -> None:
        """Roster members (nik_hash, kode_desa), numbered after the rows already stored, in the frame's order."""
        self._table("anggota_kelompok")
        incoming = members.select("nik_hash", "kode_desa").with_row_index("urutan", offset=1)
        self._cursor.register("incoming_anggota", incoming)
        try:
            self._cursor.execute("""
                insert into anggota_kelompok
                    (anggota_id, nik_hash, kode_desa, kelompok_pekerja, sumber, tanggal_data, impor_id)
                select (select coalesce(max(anggota_id), 0) from anggota_kelompok) + urutan,
                       nik_hash, kode_desa, $kelompok, $source, $data_date, $impor_id
                from incoming_anggota
                order by urutan
            """, {"kelompok": group, "source": source, "data_date": data_date, "impor_id": impor_id})
        finally:
            self._cursor.unregister("incoming_anggota")

    def next_import_id(self) -> int:
        return int(self.read("impor_berikutnya").item(0, "impor_id"))

    def log_import(self, *, impor_id: int, group: str, file_name: str, file_sha256: str, by: str, rows_read: int,
                   new: int, summary: dict) -> None:
        """The import log: who, when, which file (by hash), how many rows; the summary holds counts only."""
        self._table("impor_log")
        self._cursor.execute("insert into impor_log values (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            impor_id, group, file_name, file_sha256, by.strip(), dt.datetime.now(), rows_read, new,
            json.dumps(summary, ensure_ascii=False)])

    def log_boundaries(self, source: str, sha256: str, at: dt.datetime, shapes: int) -> None:
        self._table("batas_sumber")
        self._cursor.execute("insert into batas_sumber values (?, ?, ?, ?)", [source, sha256, at, shapes])

    def copy_previous(self, tables: tuple[str, ...]) -> None:
        """Rows of these tables from the warehouse file attached as `previous` (transaction(previous=...)):
        the boundaries kept when the demo is rebuilt."""
        present = {r[0] for r in self._cursor.execute(
            "select table_name from information_schema.tables where table_catalog = 'previous'").fetchall()}
        for table in tables:
            if table in present:
                # by name: a column added since (batas_wilayah.geojson_ringkas) stays empty until the next load
                self._cursor.execute(f"insert into {self._table(table)} by name select * from previous.{table}")

    def refresh_marts(self, only: tuple[str, ...] | None = None, provinces: list[str] | None = None) -> None:
        """Rebuild the marts (all, or the files named) from what the transaction sees: whole, or the rows of
        the provinces named where a mart is built by province."""
        marts.build_marts(self._cursor, only=only, provinces=provinces)
        self.written |= marts.mart_tables(only)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, audit: bool = True, previous: Path | None = None):
    """Take the warehouse file's lock, begin a transaction on a cursor of its own, yield a Writer, then audit
    and commit; on any error (a failed audit included) roll back, so nothing is half-written. `previous`, a
    warehouse file attached read-only for the transaction, is where Writer.copy_previous reads from."""
    path = database_file(con)
    key = str(path.resolve()) if path else None
    open_here = getattr(_HELD, "transactions", None)
    if open_here is None:
        open_here = _HELD.transactions = set()
    if key in open_here:
        # a second transaction would commit on its own, whatever happens to the first
        raise RuntimeError(f"a write transaction on {path} is already open in this thread; use its Writer")
    with lock(path) if path else _nothing():
        open_here.add(key)
        try:
            yield from _transaction(con, audit, previous)
        finally:
            open_here.discard(key)


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file the connection's database lives in (None in memory): the lock belongs to it."""
    cursor = con.cursor()  # the app's shared connection itself is never used from a session's thread
    try:
        row = cursor.execute(
            "select path from duckdb_databases() where database_name = current_database()").fetchall()[0]
    finally:
        cursor.close()
    return Path(row[0]) if row and row[0] else None


@contextmanager
def _nothing():
    yield


def _new_failures(con: duckdb.DuckDBPyConnection, cursor: duckdb.DuckDBPyConnection, written: set[str]) -> dict[str, int]:
    """Rows the audits find that this write brought: a fault already stored (in a table the write did not
    touch, say) does not block every later write; it is the loader's to fix, not the next import's."""
    failing = [name for name, n in run_audits(cursor, written).items() if n]
    if not failing:
        return {}
    before = con.cursor()  # outside the transaction: the warehouse as it was
    try:
        new = {name: len(audit_rows(cursor, name) - audit_rows(before, name)) for name in failing}
    finally:
        before.close()
    return {name: n for name, n in new.items() if n}


def _transaction(con: duckdb.DuckDBPyConnection, audit: bool, previous: Path | None):
    cursor = con.cursor()
    try:
        if previous is not None:
            cursor.execute("attach ? as previous (read_only)", [str(previous)])
        cursor.execute("begin transaction")
        writer = Writer(cursor)
        yield writer
        if audit and writer.written:
            failed = _new_failures(con, cursor, writer.written)
            if failed:
                raise AuditFailed(
                    "Penyimpanan dibatalkan karena data tidak lolos pemeriksaan gudang ("
                    + ", ".join(f"{name}: {n} baris" for name, n in sorted(failed.items()))
                    + "), jadi tidak ada yang berubah; periksa data masukan lalu ulangi.")
        cursor.execute("commit")
    except BaseException:
        try:
            cursor.execute("rollback")
        except duckdb.Error:
            pass  # the transaction was never opened or is already gone
        raise
    finally:
        if previous is not None:
            try:
                cursor.execute("detach previous")
            except duckdb.Error:
                pass  # never attached
        cursor.close()
