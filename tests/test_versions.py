"""A warehouse published in versions (ucj.warehouse.write.session): a write works on a copy and publishes it by
swapping the warehouse's link, so readers in any process read while a load runs, never see half of it and never
wait; older versions are kept for rollback, a failed write leaves the published one as it was, and a warehouse
from before versions (a plain file) becomes versioned at its first write."""
import os
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
from banyumas import write_csv
from conftest import TEST_NIK_KEY, make_account, run_cli

from ucj import warehouse
from ucj.errors import UserError
from ucj.warehouse import write
from ucj.warehouse.connection import current_file, versions_folder

TARGET = ["kode_wilayah", "tahun", "target_pct", "sumber"]


def load_target(db: Path, folder: Path, pct: str, env: dict | None = None):
    extract = write_csv(folder / f"target_{pct.replace(',', '_')}.csv", [TARGET, ["33.02", "2025", pct, "RPJMD"]])
    return run_cli("load", "target", extract, "--db", str(db), "--by", "penguji",
                   env={"UCJ_NIK_KEY": TEST_NIK_KEY, **(env or {})})


def target_of(con) -> list[tuple]:
    return con.execute("select target_pct from target_ucj where kode_wilayah = ?", ["33.02"]).fetchall()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_plain_warehouse_becomes_versioned_at_its_first_write_and_each_write_is_a_new_version(real_db, tmp_path):
    assert not os.path.islink(real_db)  # a warehouse from before versions
    before = warehouse.open_warehouse(real_db, read_only=True)
    try:
        assert target_of(before) == []
        result = load_target(real_db, tmp_path, "35,5")
        assert result.returncode == 0, result.stderr
        assert os.readlink(real_db) == "ucj.duckdb.versions/000002.duckdb"
        versions = real_db.with_name("ucj.duckdb.versions")
        assert names(versions) == ["000001.duckdb", "000002.duckdb"]  # the old file kept as version 1, unchanged
        assert (mode(versions), mode(versions / "000002.duckdb")) == (0o700, 0o600)
        # the reader opened before the load still reads the version it opened, whole; a new reader the new one
        assert target_of(before) == []
        after = warehouse.open_warehouse(real_db, read_only=True)
        try:
            assert [float(v) for (v,) in target_of(after)] == [35.5]
        finally:
            after.close()
    finally:
        before.close()
    assert warehouse.version(real_db) == "ucj.duckdb.versions/000002.duckdb"
    # a load that changes nothing publishes nothing
    assert load_target(real_db, tmp_path, "35,5").returncode == 0
    assert names(versions) == ["000001.duckdb", "000002.duckdb"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ucj.duckdb.link")]


def test_two_older_versions_are_kept_by_default_and_a_reader_of_a_removed_one_reads_on(real_db, tmp_path):
    assert load_target(real_db, tmp_path, "30").returncode == 0  # versions 1 (adopted) and 2
    oldest_reader = warehouse.open_warehouse(real_db, read_only=True)  # opened on version 2
    try:
        for pct in ("31", "32", "33"):
            assert load_target(real_db, tmp_path, pct).returncode == 0
        versions = real_db.with_name("ucj.duckdb.versions")
        assert names(versions) == ["000003.duckdb", "000004.duckdb", "000005.duckdb"]
        # version 2's file is gone from the folder; its reader still has it open (Linux keeps the bytes)
        assert [float(v) for (v,) in target_of(oldest_reader)] == [30.0]
    finally:
        oldest_reader.close()
    assert load_target(real_db, tmp_path, "34", env={write.KEEP_ENV: "0"}).returncode == 0
    assert names(real_db.with_name("ucj.duckdb.versions")) == ["000006.duckdb"]
    refused = load_target(real_db, tmp_path, "35", env={write.KEEP_ENV: "dua"})
    assert refused.returncode == 2
    assert refused.stderr == (f"{write.KEEP_ENV}=dua harus bilangan bulat 0 atau lebih (versi lama yang disimpan "
                              f"untuk pemulihan), misalnya {write.KEEP_ENV}=2.\n")


def test_a_failed_write_leaves_the_published_version_and_no_copy(real_db, tmp_path):
    assert load_target(real_db, tmp_path, "30").returncode == 0
    published = warehouse.version(real_db)
    versions = real_db.with_name("ucj.duckdb.versions")
    with pytest.raises(RuntimeError, match="halfway"):
        with write.session(real_db) as con:
            with write.transaction(con) as w:
                w.set_meta({"catatan": "tidak pernah terbit"})
                raise RuntimeError("halfway")
    assert warehouse.version(real_db) == published
    assert names(versions) == ["000001.duckdb", "000002.duckdb"]
    # a killed writer's copy (what SIGKILL leaves) is removed by the next writer, who takes the lock first
    (versions / "000003.duckdb.partial").write_bytes(b"sisa")
    (versions / "000003.duckdb.partial.wal").write_bytes(b"sisa")
    assert load_target(real_db, tmp_path, "31").returncode == 0
    assert names(versions) == ["000001.duckdb", "000002.duckdb", "000003.duckdb"]


def test_what_committed_is_published_even_when_a_later_step_fails(real_db):
    with pytest.raises(UserError):
        with write.session(real_db) as con:
            with write.transaction(con) as w:
                w.set_meta({"catatan": "tersimpan"})
            raise UserError("berkas kedua ditolak")
    con = warehouse.open_warehouse(real_db, read_only=True)
    try:
        assert warehouse.meta(con)["catatan"] == "tersimpan"
    finally:
        con.close()


def test_readers_in_other_processes_never_wait_for_a_writer(real_db, tmp_path):
    """The command line reads while a write holds the lock with its transaction open: before versions it was
    refused ('sedang dipakai proses lain')."""
    inside, release = threading.Event(), threading.Event()

    def writer() -> None:
        with write.session(real_db) as con, write.transaction(con) as w:
            w.set_meta({"catatan": "sedang ditulis"})
            inside.set()
            release.wait(120)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert inside.wait(120)
        result = run_cli("summary", "--region", "33.02", "--as-of", warehouse_day(real_db), "--db", str(real_db),
                         "--json")
        assert result.returncode == 0, result.stderr
        assert '"region_code": "33.02"' in result.stdout
    finally:
        release.set()
        thread.join()
    assert warehouse.version(real_db).endswith("000002.duckdb")  # and the write was published afterwards


def warehouse_day(db: Path) -> str:
    con = warehouse.open_warehouse(db, read_only=True)
    try:
        return warehouse.data_range(con)[1].isoformat()
    finally:
        con.close()


def test_a_published_version_is_never_opened_for_writing_in_place(real_db, tmp_path):
    assert load_target(real_db, tmp_path, "30").returncode == 0
    with pytest.raises(RuntimeError, match="write.session"):
        warehouse.open_warehouse(real_db, read_only=False)


def test_a_plain_warehouse_with_a_wal_is_checkpointed_before_it_becomes_a_version(real_db):
    con = duckdb.connect(str(real_db))
    con.execute("insert or replace into meta values ('catatan', 'di wal')")
    wal = Path(str(real_db) + ".wal")
    assert wal.exists()
    con.execute("pragma disable_checkpoint_on_shutdown")  # as a killed process would leave it
    con.close()
    assert wal.exists()
    with write.session(real_db) as session_con, write.transaction(session_con) as w:
        w.set_meta({"catatan2": "baru"})
    reader = warehouse.open_warehouse(real_db, read_only=True)
    try:
        assert {k: v for k, v in warehouse.meta(reader).items() if k.startswith("catatan")} == {
            "catatan": "di wal", "catatan2": "baru"}
    finally:
        reader.close()
    assert not wal.exists()


def test_backup_copies_the_published_version_and_the_accounts(real_db, tmp_path):
    assert load_target(real_db, tmp_path, "35,5").returncode == 0
    make_account(real_db, "admin.data", "admin")
    folder = tmp_path / "cadangan"
    folder.mkdir()
    result = run_cli("backup", str(folder), "--db", str(real_db))
    assert result.returncode == 0, result.stderr
    copies = sorted(folder.iterdir(), key=lambda p: p.suffix)  # the warehouse first, then the accounts
    assert [p.suffix for p in copies] == [".duckdb", ".sqlite"]
    assert result.stdout == "".join(f"Cadangan ditulis: {p}\n" for p in copies)
    assert {mode(p) for p in copies} == {0o600}
    copy = next(p for p in copies if p.suffix == ".duckdb")
    con = duckdb.connect(str(copy), read_only=True)
    try:
        assert [float(v) for (v,) in target_of(con)] == [35.5]
    finally:
        con.close()
    accounts = next(p for p in copies if p.suffix == ".sqlite")
    with closing(sqlite3.connect(accounts)) as db:
        assert db.execute("select nama from akun").fetchall() == [("admin.data",)]
    missing = run_cli("backup", str(tmp_path / "tidak_ada"), "--db", str(real_db))
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"Folder cadangan {tmp_path / 'tidak_ada'} tidak ada; buat foldernya dulu")


def test_a_write_uses_the_memory_set_and_a_wrong_setting_is_one_sentence_before_anything_changes(real_db, monkeypatch):
    monkeypatch.setenv(write.MEMORY_ENV, "700MB")
    with write.session(real_db) as con:
        limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit.replace(" ", "") in ("667.5MiB", "700.0MB", "667.5MB")  # DuckDB shows it in MiB
    before = current_file(real_db)
    monkeypatch.setenv(write.MEMORY_ENV, "banyak")
    with pytest.raises(UserError, match="UCJ_MEMORY_LIMIT=banyak tidak dapat dibaca"):
        with write.session(real_db):
            pass
    assert current_file(real_db) == before
    assert not list(versions_folder(real_db).glob(f"*{write.PARTIAL}*"))
    monkeypatch.delenv(write.MEMORY_ENV)
    assert write.memory_limit().endswith("MB") and 0 < int(write.memory_limit()[:-2]) <= 8 * 1024
