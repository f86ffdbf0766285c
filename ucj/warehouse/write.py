"""The one way into the warehouse: one lock, one transaction helper, mart refresh, audits, the import log.

Every writer (the demo build, roster imports, boundary loads) does the same four things here:

    with write.lock(path):                       # one writer per warehouse file, across threads and processes
        with write.transaction(con) as w:        # begin; a cursor of its own
            w.insert("anggota_kelompok", frame)  # every INSERT/DELETE is a method of Writer
            w.refresh_marts(...)                 # marts rebuilt from what was written, in the same transaction
        # on leaving: the audits (ucj/warehouse/audits/*.sql) that read a table written here run against the
        # warehouse as it would be; any row they return rolls everything back and raises AuditFailed

A write never changes the version readers have open: `session(path)` copies the published version to a new
file beside it, the transactions run there, and when the session ends what they committed is checkpointed,
synced and published by swapping the warehouse's link (`publish`); a failed or killed write leaves only a
`.partial` file, removed by the next writer. Writers queue on the lock; readers never wait.

    with write.session(path) as con:             # the lock, and a private copy of the current version
        loading.load(con, ...)                   # its transaction(s), audits included
    # published: the next query of every reader (every process) reads the new version

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
from ucj.warehouse import marts
from ucj.warehouse.connection import (checkpoint, current_file, is_demo, set_memory_limit, temp_directory,
                                      use_temp_directory, versions_folder)
from ucj.warehouse.reading import read

AUDIT_DIR = Path(__file__).resolve().parent / "audits"
TABLES = marts.SCHEMA_TABLES

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
    key = str(_lock_key(path))
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


def _lock_key(path: Path) -> Path:
    """The warehouse's own name, its folder resolved: not the version its link names, which changes with
    every write."""
    path = Path(path)
    return path.absolute().parent.resolve() / path.name


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

    def insert_generated(self, table: str, select: str, params: dict) -> None:
        """Insert the rows a generator's SELECT makes on the transaction's own cursor (the national demo's SQL,
        ucj/demo/sql/national/): rows drawn in DuckDB, never through Python one by one."""
        self.insert(table, self.reads.sql(select, params=params))

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

    def refresh_marts(self, only: tuple[str, ...] | None = None, provinces: list[str] | None = None,
                      participants: tuple[str, str, tuple] | None = None) -> None:
        """Rebuild the marts (all, or the files named) from what the transaction sees: whole, or the rows of
        the provinces named where a mart is built by province. After a load of participants, `participants` is
        (temporary table of the stored versions it changed, of the loaded versions, the data range before it):
        the marts take those changes instead of being rebuilt (marts.refresh_after_participants)."""
        if participants is not None:
            marts.refresh_after_participants(self._cursor, *participants)
        else:
            marts.build_marts(self._cursor, only=only, provinces=provinces)
        self.written |= marts.mart_tables(only)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, audit: bool = True, previous: Path | None = None):
    """Take the warehouse file's lock, begin a transaction on a cursor of its own, yield a Writer, then audit
    and commit; on any error (a failed audit included) roll back, so nothing is half-written. `previous`, a
    warehouse file attached read-only for the transaction, is where Writer.copy_previous reads from."""
    path = database_file(con)
    draft = _SESSIONS.get(str(path)) if path else None
    if draft is not None:
        path = draft.warehouse  # the session's copy: the lock is the warehouse's, already held by the session
    key = str(_lock_key(path)) if path else None
    open_here = getattr(_HELD, "transactions", None)
    if open_here is None:
        open_here = _HELD.transactions = set()
    if key in open_here:
        # a second transaction would commit on its own, whatever happens to the first
        raise RuntimeError(f"a write transaction on {path} is already open in this thread; use its Writer")
    with lock(path) if path else _nothing():
        open_here.add(key)
        try:
            yield from _transaction(con, audit, previous, draft)
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


def _transaction(con: duckdb.DuckDBPyConnection, audit: bool, previous: Path | None, draft: "_Draft | None" = None):
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
        if draft is not None and writer.written:
            draft.changed = True  # something committed: the session publishes it, whatever follows
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


# ---------------------------------------------------------------------------------------------
# Versions: a write works on a copy and publishes it whole

KEEP_ENV = "UCJ_KEEP_VERSIONS"  # older versions kept for rollback besides the published one (default 2)
MEMORY_ENV = "UCJ_MEMORY_LIMIT"  # DuckDB's memory for a write (a load, an import, a mart build): beyond it, it spills
_MEMORY = re.compile(r"(\d{1,6})\s*(MB|GB)", re.I)
PARTIAL = ".partial"


@dataclass
class _Draft:
    warehouse: Path  # the warehouse's path (its link), for the lock and the publish
    changed: bool = False


_SESSIONS: dict[str, _Draft] = {}  # a session's copy (as DuckDB names it) -> its draft


def keep_versions() -> int:
    text = os.environ.get(KEEP_ENV, "2").strip()
    if not text.isdigit():
        raise UserError(f"{KEEP_ENV}={text} harus bilangan bulat 0 atau lebih (versi lama yang disimpan untuk "
                        f"pemulihan), misalnya {KEEP_ENV}=2.")
    return int(text)


def memory_limit() -> str:
    """The memory a write may use: UCJ_MEMORY_LIMIT ('6GB', '800MB'), else half the machine's memory up to 8 GB, so
    that a load at national scale spills to disk rather than take the memory the app's processes serve from
    (DuckDB's own default is 80 % of the machine)."""
    text = os.environ.get(MEMORY_ENV, "").strip()
    if text:
        if not (match := _MEMORY.fullmatch(text)) or int(match.group(1)) == 0:
            raise UserError(f"{MEMORY_ENV}={text} tidak dapat dibaca; tulis jumlah memori untuk memuat data dalam MB "
                            f"atau GB, misalnya {MEMORY_ENV}=6GB.")
        return f"{match.group(1)}{match.group(2).upper()}"
    half = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2 // 2**20
    return f"{min(half, 8 * 1024)}MB"


@contextmanager
def session(path: Path, on_wait=None):
    """One write on a new version of the warehouse at `path`: take the lock, copy the published version (a
    reflink where the file system has them), yield a read-write connection to the copy for the caller's
    transactions, then checkpoint, sync and publish it. Whatever committed is published even when a later
    step raises (a second file of a load refused after the first was saved); nothing committed, nothing is
    published and the copy is removed."""
    path = Path(path)
    memory = memory_limit()  # a wrong setting is said before anything is copied
    with lock(path, on_wait):
        source = adopt(path)
        folder = versions_folder(path)
        for leftover in folder.glob(f"*{PARTIAL}*"):  # a killed writer's copy: only the lock's holder makes one
            leftover.unlink(missing_ok=True)
        work = folder / f"{_next_number(folder):06d}.duckdb{PARTIAL}"
        try:
            copy_file(source, work)
        except OSError as exc:  # a full disk, most likely: the published version is untouched
            _remove(work)
            raise UserError(f"Versi baru gudang data tidak dapat dibuat di {folder} ({exc.strerror}); tidak ada yang "
                            "berubah. Sediakan ruang disk sebesar gudang data lalu ulangi.") from exc
        try:
            con = duckdb.connect(str(work))
            use_temp_directory(con, temp_directory(path))
            set_memory_limit(con, memory)
        except BaseException:
            _remove(work)
            raise
        draft = _SESSIONS[str(work)] = _Draft(path)
        published = False
        try:
            try:
                yield con
            finally:
                try:
                    if draft.changed:
                        checkpoint(con)
                finally:
                    con.close()
                    _SESSIONS.pop(str(work), None)
                if draft.changed:
                    publish(path, work)
                    published = True
        finally:
            if not published:
                _remove(work)


def adopt(path: Path) -> Path:
    """The published version's file, after turning a warehouse from before versions (a plain file) into one: the
    file is hard-linked as the first version (no copy, the same bytes readers have open) and the link swapped
    into its place. Its WAL, if any, is checkpointed first, since a version is one file."""
    path = Path(path)
    if os.path.islink(path):
        return current_file(path)
    if not path.is_file():
        raise UserError(f"Gudang data tidak ditemukan di {path}; jalankan 'python -m ucj demo' atau 'python -m ucj "
                        "init' lebih dulu.")
    if Path(str(path) + ".wal").exists():
        con = duckdb.connect(str(path))
        try:
            use_temp_directory(con, temp_directory(path))
            checkpoint(con)
        finally:
            con.close()
    folder = _versions_folder(path)
    first = folder / f"{_next_number(folder):06d}.duckdb"
    os.link(path, first)
    _swap_link(path, first)
    return first


def publish(path: Path, new_file: Path, exclusive: bool = False) -> Path:
    """Make `new_file` (complete, checkpointed, closed; on the warehouse's file system) the warehouse at `path`:
    synced, renamed to the next version and the link swapped with a rename, which readers see whole or not at
    all. `exclusive`: `path` must not exist yet (init never replaces anything). Keeps `keep_versions()` older
    versions. Called with the lock held."""
    path, new_file = Path(path), Path(new_file)
    folder = _versions_folder(path)
    if not exclusive and os.path.lexists(path):
        adopt(path)
    os.chmod(new_file, 0o600)
    _fsync(new_file)
    final = folder / f"{_next_number(folder):06d}.duckdb"
    os.rename(new_file, final)
    _fsync(folder)
    if exclusive:
        try:
            os.symlink(_link_target(path, final), path)  # fails when the name was taken meanwhile
        except FileExistsError:
            _remove(final)
            raise
        _fsync(path.absolute().parent)
    else:
        _swap_link(path, final)
    prune(path)
    return final


def versions(path: Path) -> list[Path]:
    """The published versions kept, oldest first."""
    folder = versions_folder(path)
    return sorted((p for p in folder.glob("*.duckdb") if p.stem.isdigit()), key=lambda p: int(p.stem))


def prune(path: Path) -> None:
    """Remove versions older than the kept ones. A reader still reading one keeps its open file (on Linux the
    bytes go when the last reader closes), and readers open the version the link names, never an older one."""
    current = current_file(path)
    older = [v for v in versions(path) if v != current and int(v.stem) < int(current.stem)]
    keep = keep_versions()
    for old in older[:max(0, len(older) - keep)]:
        _remove(old)


def copy_file(source: Path, target: Path) -> None:
    """A new file (0600) with the bytes of `source`: a reflink (FICLONE) where the file system shares blocks
    (btrfs, XFS), else copy_file_range in the kernel, else a plain copy."""
    with open(source, "rb") as src:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                fcntl.ioctl(fd, _FICLONE, src.fileno())
                return
            except OSError:
                pass
            size = os.fstat(src.fileno()).st_size
            copied = 0
            try:
                while copied < size:
                    n = os.copy_file_range(src.fileno(), fd, size - copied, copied, copied)
                    if n == 0:
                        break
                    copied += n
            except OSError:
                os.lseek(fd, copied, os.SEEK_SET)
                src.seek(copied)
                while block := src.read(1 << 22):
                    os.write(fd, block)
        finally:
            os.close(fd)


_FICLONE = 0x40049409


def _versions_folder(path: Path) -> Path:
    folder = versions_folder(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _next_number(folder: Path) -> int:
    """After the last published version (a session's `.partial` copy takes the number it will be published as)."""
    numbers = [int(p.stem) for p in folder.glob("*.duckdb") if p.stem.isdigit()]
    return max(numbers, default=0) + 1


def _link_target(path: Path, version_file: Path) -> str:
    """Relative (`ucj.duckdb.versions/000007.duckdb`): the folder can be moved or restored elsewhere whole."""
    return f"{versions_folder(path).name}/{version_file.name}"


def _swap_link(path: Path, version_file: Path) -> None:
    """rename(2) of a new link over the old name: atomic, so a reader finds the old version or the new one."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.link-{os.getpid()}-{threading.get_ident()}")
    temporary.unlink(missing_ok=True)
    os.symlink(_link_target(path, version_file), temporary)
    os.replace(temporary, path)
    _fsync(path.absolute().parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(file: Path) -> None:
    for name in (file, Path(str(file) + ".wal")):
        Path(name).unlink(missing_ok=True)
