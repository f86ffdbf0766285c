"""An empty real warehouse (`python -m ucj init`): the schema, the national wilayah reference, no data yet.

It is written beside its target and published as its first version only when complete (ucj.warehouse.write),
readable by its owner only, and it never replaces a file that exists: a real warehouse holds what an office loaded over months.
"""
import datetime as dt
import os
import tempfile
from pathlib import Path

import polars as pl

from ucj.errors import UserError
from ucj.ingest import nik
from ucj.warehouse import write
from ucj.warehouse.connection import checkpoint, create, remove_temp_directory
from ucj.warehouse.reference import (NATIONAL_FILE, REFERENCE_SOURCE, REFERENCE_VERSION, WORKER_GROUPS,
                                     read_national_csv, with_ancestors)


def init(path: Path, key: bytes, today: dt.date | None = None) -> dict[str, int]:
    """Create the warehouse at `path`; returns the number of regions per level of its reference."""
    path = Path(path)
    if os.path.lexists(path):  # a symbolic link, even to nothing, is a name taken
        raise UserError(f"Berkas {path} sudah ada; 'init' tidak pernah menimpa gudang data. Pilih nama lain dengan "
                        "--db, atau pindahkan berkas itu lebih dulu bila memang ingin memulai dari kosong.")
    if not path.parent.is_dir():
        raise UserError(f"Folder {path.parent} tidak ada; buat foldernya dulu atau tunjuk --db ke folder lain.")
    today = today or dt.date.today()
    wilayah = with_ancestors(read_national_csv()).with_columns(versi=pl.lit(REFERENCE_VERSION))
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".tmp-", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB creates the file itself
    try:
        with write.lock(path):
            if os.path.lexists(path):
                raise UserError(f"Berkas {path} baru saja dibuat proses lain; 'init' tidak menimpanya.")
            con = create(tmp)
            try:
                with write.transaction(con) as w:
                    w.create_schema()
                    w.add_reference(wilayah, REFERENCE_VERSION, f"{REFERENCE_SOURCE} ({NATIONAL_FILE})", WORKER_GROUPS)
                    # nothing loaded yet: the data range is today's month, and loads widen it
                    w.set_meta({
                        "is_demo": "false", "data_mulai": today.isoformat(), "data_sampai": today.isoformat(),
                        "wilayah_versi": REFERENCE_VERSION, "nik_key_id": nik.key_id(key),
                        "dibuat_at": dt.datetime.now().isoformat(timespec="seconds"),
                    })
                    w.refresh_marts()
                checkpoint(con)
            finally:
                con.close()
            os.chmod(tmp, 0o600)  # who is covered, desa by desa: for the warehouse's owner only
            try:
                # its first version; the link fails if the path appeared meanwhile, where a rename would replace it
                write.publish(path, tmp, exclusive=True)
            except FileExistsError as exc:  # made by something that does not take the lock
                raise UserError(f"Berkas {path} baru saja dibuat proses lain; 'init' tidak menimpanya.") from exc
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
        remove_temp_directory(tmp)
    return dict(wilayah.group_by("tingkat").len().iter_rows())
