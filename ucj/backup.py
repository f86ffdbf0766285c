"""`python -m ucj backup FOLDER`: a consistent copy of the warehouse and of the accounts file, while the app runs.

The warehouse: the published version its link names, a file nobody writes again (ucj.warehouse.write), copied
as it is; a warehouse from before versions is first published as one. The accounts: SQLite's online backup API,
which copies a consistent state even while a login writes. Both are written beside their final name and renamed,
0600, and never replace a file.
"""
import datetime as dt
import os
from pathlib import Path

from ucj import accounts, warehouse
from ucj.errors import UserError
from ucj.warehouse import write
from ucj.warehouse.connection import current_file, remove_temp_directory


def backup(db: Path, folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """The files written: the warehouse copy and, if there is an accounts file, its copy."""
    db, folder = Path(db), Path(folder)
    warehouse.require_warehouse(db)
    if not folder.is_dir():
        raise UserError(f"Folder cadangan {folder} tidak ada; buat foldernya dulu (misalnya 'install -d -m 0700 "
                        f"{folder}') lalu ulangi.")
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    copies = [folder / f"{db.name.removesuffix('.duckdb')}-{stamp}.duckdb"]
    source_accounts = accounts.accounts_path(db)
    if source_accounts.exists():
        copies.append(folder / f"{source_accounts.stem}-{stamp}.sqlite")
    for target in copies:
        if os.path.lexists(target):
            raise UserError(f"Berkas {target} sudah ada; cadangan tidak menimpa berkas. Tunggu satu detik atau pilih "
                            "folder lain.")
    if not os.path.islink(db):
        with write.lock(db):
            write.adopt(db)  # a plain warehouse, maybe with a WAL: published as a version, one file
    _whole(copies[0], lambda partial: write.copy_file(current_file(db), partial))
    check = warehouse.open_warehouse(copies[0], read_only=True)  # the copy opens as a warehouse
    check.close()
    remove_temp_directory(copies[0])  # made by opening it; nothing spilled
    if len(copies) > 1:
        _whole(copies[1], lambda partial: accounts.copy_online(source_accounts, partial))
    return copies


def _whole(target: Path, make) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        make(partial)
        os.chmod(partial, 0o600)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.link(partial, target)  # never replaces: fails if the name appeared meanwhile
    except OSError as exc:
        raise UserError(f"Cadangan {target} tidak dapat ditulis ({exc.strerror}); periksa ruang dan izin tulis "
                        "folder cadangan lalu ulangi.") from exc
    finally:
        partial.unlink(missing_ok=True)
