"""Opening a warehouse file and reading its meta table: what kind of warehouse it is and what days it covers.

Every connection the product opens spills to a private folder beside its file, `<warehouse>.tmp/` (DuckDB's
own default name), created 0700: a load's staging tables hold clear NIKs, and DuckDB would otherwise create
the folder and its spill files with the process's umask (0755/0644 under a usual shell).

A warehouse is published in versions (ucj.warehouse.write.session): `<warehouse>` is a symbolic link to
`<warehouse>.versions/<n>.duckdb`, a checkpointed file nobody writes again. Readers open the version the link
names, read-only, so any number of processes read while a writer prepares the next version beside it. A
warehouse made before versions (a plain file) is read in place and becomes versioned at its first write.
"""
import atexit
import datetime as dt
import os
import shutil
import stat
import tempfile
from pathlib import Path

import duckdb

from ucj.errors import UserError


def require_warehouse(path: Path) -> None:
    if not Path(path).is_file():
        raise UserError(
            f"Gudang data tidak ditemukan di {path}; jalankan 'python -m ucj demo' untuk membuat "
            "gudang data demo, atau tunjuk gudang yang ada dengan --db atau UCJ_DB."
        )


VERSIONS_SUFFIX = ".versions"


def versions_folder(path: Path) -> Path:
    """`<warehouse>.versions/`, where the published versions of a warehouse live."""
    return Path(str(Path(path).absolute()) + VERSIONS_SUFFIX)


def is_versioned(path: Path) -> bool:
    return os.path.islink(path) and Path(path).resolve().parent == versions_folder(path).resolve()


def current_file(path: Path) -> Path:
    """The file a reader opens now: the published version the link names, or the plain file itself. One
    readlink: cheap enough to ask before every query."""
    path = Path(path)
    try:
        target = os.readlink(path)
    except OSError:  # not a link (a warehouse from before versions) or missing: the path itself
        return path.absolute()
    return (path.absolute().parent / target).resolve()


def version(path: Path) -> str:
    """What changes whenever a new version of the warehouse is published: the link's target, or for a plain
    file written in place its inode, size and modification time. A cache key for figures read from it."""
    try:
        return os.readlink(path)
    except OSError:
        try:
            info = os.stat(path)
        except OSError:
            return ""
        return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


# A reader's DuckDB memory (per process and version): the pages read marts in code order, a few blocks each, so
# the buffer pool caches what people look at and evicts the rest; the app process stays within 4 GB at national
# scale (issue 14) instead of DuckDB's default of 80 % of the machine per process
READ_MEMORY_LIMIT = "2GB"


def open_warehouse(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open an existing warehouse. It never creates one: a missing file is a person's mistake. Read-only opens
    the version published now (it stays that version: ask `version(path)` to see whether a newer one came);
    read-write is for a warehouse from before versions only: a published version is never written in place
    (ucj.warehouse.write.session writes the next one)."""
    path = Path(path)
    require_warehouse(path)
    versioned = is_versioned(path)
    if versioned and not read_only:
        raise RuntimeError(f"{path} is published in versions: write through ucj.warehouse.write.session")
    file = current_file(path) if versioned else path
    try:
        con = duckdb.connect(str(file), read_only=read_only)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            # the dashboard and every reader open a published version read-only, and writers write the next one:
            # only a program holding a plain (not yet versioned) file open for writing gets here
            raise UserError(f"Gudang data {path} sedang dibuka untuk ditulis oleh program lain yang membuka berkasnya "
                            "langsung; tunggu sampai program itu selesai atau hentikan, lalu ulangi.") from exc
        raise UserError(
            f"Berkas {path} tidak dapat dibuka sebagai gudang data DuckDB ({type(exc).__name__}); "
            "periksa berkasnya atau buat ulang dengan 'python -m ucj demo'."
        ) from exc
    if not has_table(con, "meta"):
        con.close()
        raise UserError(
            f"Berkas {path} bukan gudang data UCJ (tabel meta tidak ada); "
            "tunjuk gudang yang benar dengan --db atau buat dengan 'python -m ucj demo'."
        )
    try:  # only for a warehouse: another DuckDB file the person pointed at is left as it was
        use_temp_directory(con, _reader_folder(path, file) if versioned else _private_folder(path, read_only))
        if read_only:
            set_memory_limit(con, READ_MEMORY_LIMIT)
    except BaseException:
        con.close()
        raise
    _owner_only(file)
    return con


def create(path: Path) -> duckdb.DuckDBPyConnection:
    """A new, empty database file (the demo build writes one next to its target, then moves it). Its spill
    folder is `<path>.tmp/`; the builder removes it with `remove_temp_directory` when it is done."""
    folder = temp_directory(path)
    con = duckdb.connect(str(path))
    try:
        use_temp_directory(con, folder)
    except BaseException:
        con.close()
        raise
    return con


def temp_directory(database: Path) -> Path:
    """`<database>.tmp/`, created if missing, and made 0700. A symbolic link or a folder of another user
    there is refused: it would send the spills, clear NIKs included, wherever it points."""
    folder = Path(str(Path(database).absolute()) + ".tmp")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            raise UserError(f"{folder} bukan folder milik pengguna ini; pindahkan atau hapus lalu ulangi, karena "
                            "gudang data menaruh data sementaranya di sana.")
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(folder, 0o700)
    except OSError as exc:
        raise UserError(f"Folder sementara {folder} tidak dapat dibuat ({exc.strerror}); periksa izin tulis "
                        "folder gudang data.") from exc
    return folder


def remove_temp_directory(database: Path) -> None:
    shutil.rmtree(Path(str(Path(database).absolute()) + ".tmp"), ignore_errors=True)


def use_temp_directory(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Point the database's spills at `folder`. The setting belongs to the database instance, which DuckDB
    shares between the connections of one process to one file, so it is set only when it differs: DuckDB
    refuses to switch once the folder has been used (and then it is already this one, its default)."""
    current = con.execute("select current_setting('temp_directory')").fetchone()[0]
    if current != str(folder):
        try:
            con.execute("set temp_directory = ?", [str(folder)])
        except duckdb.Error:
            if Path(current).absolute() != folder:
                raise


_FALLBACK: list[Path] = []
_READER_FOLDERS: list[Path] = []


def _reader_folder(path: Path, file: Path) -> Path:
    """A reader of a versioned warehouse spills to a folder of its own inside `<warehouse>.tmp/`, one per process
    and version: several processes (and a process's instances of two versions) spilling into one folder would
    overwrite each other's files, which DuckDB names alike. Removed when the process ends; folders of processes
    that are gone are removed by the next reader."""
    try:
        base = temp_directory(path)
    except UserError:
        return _private_folder(path, True)
    for stale in base.glob("p*-*"):
        pid = stale.name[1:].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(stale, ignore_errors=True)
    folder = base / f"p{os.getpid()}-{file.stem}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder not in _READER_FOLDERS:
        _READER_FOLDERS.append(folder)
        atexit.register(shutil.rmtree, folder, True)
    return folder


def _private_folder(path: Path, read_only: bool) -> Path:
    """The warehouse's own spill folder; for reading a warehouse in a folder this user may not write (a
    mounted snapshot), a private folder of this process instead (tempfile makes it 0700)."""
    try:
        return temp_directory(path)
    except UserError:
        if not read_only:
            raise
    if not _FALLBACK:
        _FALLBACK.append(Path(tempfile.mkdtemp(prefix="ucj-duckdb-")))
        atexit.register(shutil.rmtree, _FALLBACK[0], True)
    return _FALLBACK[0]


def _owner_only(path: Path) -> None:
    """A warehouse made before files were private (0644) becomes its owner's only when its owner opens it."""
    for name in (path, Path(str(path) + ".wal")):
        try:
            info = os.stat(name)
            if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
                os.chmod(name, stat.S_IMODE(info.st_mode) & 0o700)
        except OSError:
            pass  # no WAL, or not ours to change: reading it is still allowed


def set_memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """A bound on the memory DuckDB may use in this database instance ('8GB'): a big build spills beyond it."""
    con.execute("set memory_limit = ?", [limit])


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ?", [name]
    ).fetchall()[0]
    return row[0] > 0


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select key, value from meta").fetchall())


def data_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """First and last day the warehouse has figures for."""
    values = meta(con)
    return dt.date.fromisoformat(values["data_mulai"]), dt.date.fromisoformat(values["data_sampai"])


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return meta(con).get("is_demo") == "true"


Error = duckdb.Error
Connection = duckdb.DuckDBPyConnection


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write the WAL into the file, so the file alone is the whole warehouse (before it is moved into place)."""
    con.execute("checkpoint")
