"""The write seam (ucj.warehouse.write) on the tiny warehouse: a write that breaks an audit changes nothing, a good
write commits with its marts, only the audits that read a written table run, and the lock excludes other
processes and threads while letting its own thread in again."""
import datetime as dt
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import ROOT

from ucj.errors import UserError
from ucj.warehouse import write

D = dt.date


def everything(source) -> dict[str, list]:
    """Every row of every table (raw and marts): of a warehouse file, or as a new cursor of a connection sees it."""
    con = duckdb.connect(str(source), read_only=True) if isinstance(source, Path) else source.cursor()
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' order by 1").fetchall()]
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}  # names from the catalogue
    finally:
        con.close()


def participant(peserta_id: int, kode_desa: str, registered: dt.date, **overrides) -> pl.DataFrame:
    row = {"peserta_id": peserta_id, "nik_hash": "e" * 63 + str(peserta_id % 10), "kode_desa": kode_desa,
           "segmen": "BPU", "kelompok_pekerja": "petani", "sumber_dana": "mandiri", "kode_perjanjian": None,
           "is_jkk": True, "is_jkm": True, "is_jht": False, "is_jp": False, "is_jkp": False,
           "tanggal_daftar": registered, "aktif_sampai": None, **overrides}
    return pl.DataFrame([row])


def claim(klaim_id, peserta_id, kode_desa, manfaat, event, paid, amount) -> pl.DataFrame:
    return pl.DataFrame([{"klaim_id": klaim_id, "peserta_id": peserta_id, "kode_desa": kode_desa, "manfaat": manfaat,
                          "tanggal_kejadian": event, "tanggal_bayar": paid, "jumlah_idr": amount}])


def office(kode_kantor, kode_kabupaten, start, end) -> pl.DataFrame:
    return pl.DataFrame([{"kode_kantor": kode_kantor, "kode_kabupaten": kode_kabupaten, "berlaku_mulai": start,
                          "berlaku_sampai": end}])


@pytest.fixture()
def con(tiny_db):
    connection = duckdb.connect(str(tiny_db))
    yield connection
    connection.close()


# ---------------------------------------------------------------------------------------------------------
# Audits roll a write back


def good_participant_then(bad):
    """A write that first adds a good participant (and its marts), then does `bad`."""
    def write_both(w):
        w.insert("peserta", participant(10, "12.10.07.2001", D(2025, 3, 20)))
        w.refresh_marts()
        bad(w)
    return write_both


BAD_WRITES = {
    # a claim in a desa the reference does not have (and so not the claimant's desa)
    "klaim_desa_tidak_dikenal": (
        good_participant_then(lambda w: w.insert("klaim", claim(6, 1, "12.10.99.9999", "JKK", D(2025, 3, 2),
                                                                D(2025, 3, 3), 1_000_000))),
        {"kode_desa_tidak_dikenal": 1}),  # klaim_di_luar_masa_aktif would too, but runs on the demo only
    # the pratama office serving 12.10 again on 1 February, the day the cabang took over
    "kantor_tumpang_tindih": (
        good_participant_then(lambda w: w.insert("kantor_wilayah", office("KCP-AEKKANOPAN", "12.10", D(2025, 2, 1),
                                                                          D(2025, 2, 1)))),
        {"kantor_tumpang_tindih": 1}),
    # a participant written without rebuilding the marts: the marts would disagree with the people in March
    "mart_tidak_diperbarui": (
        lambda w: w.insert("peserta", participant(10, "12.10.07.2001", D(2025, 3, 20))),
        {"mart_berbeda_dari_peserta": 1}),
}


@pytest.mark.parametrize("case", BAD_WRITES)
def test_a_write_that_breaks_an_audit_raises_one_indonesian_message_and_changes_nothing(tiny_db, con, case):
    do, failed = BAD_WRITES[case]
    before = everything(con)
    with pytest.raises(write.AuditFailed) as caught:
        with write.transaction(con) as w:
            do(w)
    message = str(caught.value)
    assert isinstance(caught.value, UserError)
    assert message.startswith("Penyimpanan dibatalkan karena data tidak lolos pemeriksaan gudang (")
    for name, rows in failed.items():
        assert f"{name}: {rows} baris" in message
    assert message.count(" baris") == len(failed)  # no other audit is named
    assert "tidak ada yang berubah" in message and message.endswith("periksa data masukan lalu ulangi.")
    assert message.count(". ") == 0  # one sentence
    assert "\n" not in message and "Traceback" not in message
    # nothing was written, as the connection sees it or in the file
    assert everything(con) == before
    con.close()
    assert everything(tiny_db) == before
    assert not Path(str(tiny_db.resolve()) + ".lock").exists()


def test_a_fault_already_stored_does_not_block_a_write_that_adds_none(tiny_db, con):
    """A claim in an unknown desa loaded earlier (outside the seam) is the loader's to fix: a later good write
    still commits, while a write adding a second such row is refused for that row alone."""
    con.execute("update klaim set kode_desa = '12.10.99.9999' where klaim_id = 1")
    with write.transaction(con) as w:
        w.insert("peserta", participant(10, "12.10.07.2001", D(2025, 3, 20)))
        w.refresh_marts()
    assert con.execute("select count(*) from peserta where peserta_id = 10").fetchall() == [(1,)]
    with pytest.raises(write.AuditFailed, match=r"kode_desa_tidak_dikenal: 1 baris"):
        with write.transaction(con) as w:
            w.insert("klaim", claim(7, 10, "12.10.99.9998", "JKK", D(2025, 3, 21), D(2025, 3, 22), 1_000_000))
    assert con.execute("select count(*) from klaim where klaim_id = 7").fetchall() == [(0,)]


def test_a_second_transaction_on_the_same_file_in_one_thread_is_refused(con):
    """It would commit on its own whatever became of the first: the first's Writer is the way to write more."""
    with pytest.raises(RuntimeError, match="already open"):
        with write.transaction(con) as w:
            w.set_meta({"uji_luar": "1"})
            with write.transaction(con):
                pass
    assert con.execute("select count(*) from meta where key = 'uji_luar'").fetchall() == [(0,)]


def test_the_read_cursor_of_a_writer_refuses_writes(con):
    with pytest.raises(PermissionError):
        with write.transaction(con) as w:
            w.reads.execute("delete from klaim")
    assert con.execute("select count(*) from klaim").fetchall()[0][0] > 0
    with write.transaction(con) as w:
        assert w.reads.execute("select count(*) from klaim").fetchall()[0][0] > 0


def test_a_good_write_commits_and_refreshes_the_marts(tiny_db, con):
    before = everything(con)
    with write.transaction(con) as w:
        w.insert("peserta", participant(10, "12.10.07.2001", D(2025, 3, 20)))
        w.insert("klaim", claim(6, 10, "12.10.07.2001", "JKK", D(2025, 3, 25), D(2025, 3, 28), 500_000))
        w.refresh_marts()
    con.close()
    after = everything(tiny_db)
    assert len(after["peserta"]) == 10 and len(after["klaim"]) == 6
    changed = {t for t in after if after[t] != before[t]}
    assert changed == {"peserta", "klaim", "mart_peserta_desa_bulan", "mart_cakupan_wilayah_bulan",
                       "mart_klaim_wilayah_bulan", "mart_kantor_bulan", "mart_peserta_wilayah_bulan",
                       "mart_peserta_atas_desa_bulan", "mart_dimuat_desa",
                       "mart_dimuat_wilayah",  # what is loaded, per desa and per area (issue 14)
                       "mart_perbandingan_wilayah",  # coverage and claims per region and month, for comparing
                       "mart_cakupan_anak_bulan", "mart_klaim_anak_bulan"}  # the same, stored by parent
    reopened = duckdb.connect(str(tiny_db), read_only=True)
    try:
        rows = reopened.execute(
            "select kode_wilayah, peserta_aktif, peserta_baru from mart_cakupan_wilayah_bulan "
            "where bulan = date '2025-03-01' and kode_wilayah in ('12.10.07.2001', '12.10.07', '12.10') order by 1"
        ).fetchall()
        assert rows == [("12.10", 7, 3), ("12.10.07", 5, 3), ("12.10.07.2001", 2, 2)]
        paid = reopened.execute(
            "select jumlah_klaim, jumlah_idr from mart_klaim_wilayah_bulan where kode_wilayah = '12.10.07.2001' "
            "and bulan = date '2025-03-01'").fetchall()
        assert paid == [(1, 500_000)]
    finally:
        reopened.close()


def test_an_error_inside_the_transaction_rolls_back_too(tiny_db, con):
    before = everything(con)
    with pytest.raises(RuntimeError):
        with write.transaction(con) as w:
            w.insert("peserta", participant(10, "12.10.07.2001", D(2025, 3, 20)))
            raise RuntimeError("putus di tengah")
    con.close()
    assert everything(tiny_db) == before


def test_only_named_tables_can_be_written(con):
    with pytest.raises(ValueError):
        with write.transaction(con) as w:
            w.insert("peserta; drop table klaim", participant(10, "12.10.07.2001", D(2025, 3, 20)))
    assert con.execute("select count(*) from klaim").fetchone()[0] == 5


# ---------------------------------------------------------------------------------------------------------
# Which audits run


def test_each_audit_knows_the_tables_it_reads():
    tables = {a.name: a.tables for a in write.audits()}
    assert tables["kantor_tumpang_tindih"] == {"kantor_wilayah"}
    assert tables["klaim_tanpa_program"] == {"klaim", "peserta"}
    assert tables["kode_desa_tidak_dikenal"] == {"peserta", "klaim", "anggota_kelompok", "pekerja_wajib", "wilayah"}
    assert tables["mart_berbeda_dari_peserta"] == {"mart_cakupan_wilayah_bulan", "wilayah", "peserta"}
    assert {a.name for a in write.audits() if a.demo_only} == {
        "aktif_melebihi_pekerja_wajib", "desa_tanpa_pekerja_wajib", "klaim_di_luar_masa_aktif", "klaim_tanpa_program",
        "nik_ganda_demo"}


def test_only_the_audits_reading_a_written_table_run(con):
    assert set(write.run_audits(con, {"kantor_wilayah"})) == {"kantor_tumpang_tindih"}
    # the tiny warehouse is not the demo: the demo's own claim audits do not run on it
    assert set(write.run_audits(con, {"klaim"})) == {"kode_desa_tidak_dikenal", "mart_klaim_berbeda_dari_klaim"}
    assert write.run_audits(con, {"impor_log"}) == {}
    # the months the marts cover (meta's data_mulai) decide which claims the claims mart must hold
    assert write.run_audits(con, {"meta"}) == {"mart_klaim_berbeda_dari_klaim": 0}
    assert write.run_audits(con, set()) == {}


def test_a_transaction_runs_the_audits_of_what_it_wrote_and_none_when_it_wrote_nothing(con, monkeypatch):
    calls = []
    real = write.run_audits

    def spy(cursor, written=None):
        found = real(cursor, written)
        calls.append((set(written), found))
        return found

    monkeypatch.setattr(write, "run_audits", spy)
    with write.transaction(con) as w:
        w.insert("kantor_wilayah", office("KC-RANTAUPRAPAT", "12.23", D(2025, 1, 1), None))
    assert calls == [({"kantor_wilayah"}, {"kantor_tumpang_tindih": 0})]
    calls.clear()
    with write.transaction(con) as w:
        w.read("impor_berikutnya")
    assert calls == []


def test_demo_only_audits_run_only_on_a_demo_warehouse(con):
    marts = {"mart_cakupan_wilayah_bulan"}
    assert not {"aktif_melebihi_pekerja_wajib", "desa_tanpa_pekerja_wajib"} & set(write.run_audits(con, marts))
    con.execute("update meta set value = 'true' where key = 'is_demo'")
    found = write.run_audits(con, marts)
    # Tanjung Medan has no denominator and one participant in each of the four months
    assert (found["desa_tanpa_pekerja_wajib"], found["aktif_melebihi_pekerja_wajib"]) == (4, 4)


# ---------------------------------------------------------------------------------------------------------
# The lock

TAKE_THE_LOCK = """
import sys
from pathlib import Path
from ucj.warehouse import write
with write.lock(Path(sys.argv[1]), on_wait=lambda: print("menunggu", flush=True)):
    print("dapat", flush=True)
"""


def test_the_lock_makes_a_second_process_wait_and_leaves_no_lock_file(tiny_db):
    lock_file = Path(str(tiny_db.resolve()) + ".lock")
    with write.lock(tiny_db):
        assert lock_file.exists()
        other = subprocess.Popen([sys.executable, "-c", TAKE_THE_LOCK, str(tiny_db)], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert other.stdout.readline().strip() == "menunggu"  # it found the lock taken
            time.sleep(0.5)
            assert other.poll() is None  # and is still waiting
        except BaseException:
            other.kill()
            raise
    out, err = other.communicate(timeout=60)
    assert other.returncode == 0, err
    assert out.split() == ["dapat"]
    assert not lock_file.exists()


def test_the_lock_is_reentrant_in_its_thread_and_excludes_other_threads(tiny_db):
    lock_file = Path(str(tiny_db.resolve()) + ".lock")
    waited, got = threading.Event(), threading.Event()

    def other_thread():
        with write.lock(tiny_db, on_wait=waited.set):
            got.set()

    thread = threading.Thread(target=other_thread, daemon=True)
    with write.lock(tiny_db):
        with write.lock(tiny_db):  # a writer calling another writer does not wait for itself
            assert lock_file.exists()
        assert lock_file.exists()  # the outer hold keeps it
        thread.start()
        assert waited.wait(10)
        time.sleep(0.2)
        assert not got.is_set()
    thread.join(10)
    assert got.is_set()
    assert not lock_file.exists()


def test_a_transaction_inside_the_lock_of_its_own_file_does_not_wait_for_itself(tiny_db):
    """What the command line does: the lock before DuckDB opens the file, then the transaction takes it again."""
    with write.lock(tiny_db):
        con = duckdb.connect(str(tiny_db))
        try:
            with write.transaction(con) as w:
                w.set_meta({"catatan_uji": "ya"})
            assert con.execute("select value from meta where key = 'catatan_uji'").fetchone()[0] == "ya"
        finally:
            con.close()
    assert not Path(str(tiny_db.resolve()) + ".lock").exists()
