"""A load of participants refreshes the marts from what it changed (ucj.warehouse.marts.refresh_after_participants)
instead of rebuilding them: the warehouse it leaves must equal one whose marts are rebuilt whole, table for table
(`except all` both ways), after a new month, participants changed in months already built, counts (rekap) that a
load makes used or unused, claims of a participant whose segment changed, and a province with data for the first
time."""
import datetime as dt
import shutil

import duckdb
import pytest
from extract_files import KLAIM_COLUMNS, PESERTA_COLUMNS, klaim, peserta
from messy_lists import make_nik
from test_load import csv_of, load

from ucj.warehouse import marts

REKAP_COLUMNS = ["kode_wilayah", "bulan", "segmen", "peserta_aktif", "peserta_baru"]
PEKERJA_COLUMNS = ["kode_wilayah", "berlaku_mulai", "jumlah_pekerja", "sumber", "tanggal_sumber"]

FIRST = (
    peserta("K001", make_nik(serial=1), daftar="2025-01-15"),
    peserta("K002", make_nik(serial=2), segmen="PU", daftar="2025-02-01", sampai="2025-03-10", sumber="pemberi kerja"),
    peserta("K003", make_nik(serial=3), desa="12.10.01.1005", daftar="2025-03-01", kelompok="nelayan"),
    peserta("K004", make_nik(serial=4), desa="12.10.02.1001", daftar="2024-11-15", sampai="2025-02-28"),
    peserta("K005", make_nik(serial=5), desa="12.10.02.1001", segmen="Jakon", daftar="2025-01-20"),
)
# a month later: K002 renewed, K003 moved and now a PU worker, K004's end corrected into January, K005 unchanged,
# K006 new in an old month where a count was used, K007 new in the new month, K008 in a province with no data yet
LATER = (
    FIRST[0],
    peserta("K002", make_nik(serial=2), segmen="PU", daftar="2025-02-01", sampai="2025-06-30", sumber="pemberi kerja"),
    peserta("K003", make_nik(serial=3), desa="12.10.02.1001", segmen="PU", daftar="2025-03-01", kelompok="petani"),
    peserta("K004", make_nik(serial=4), desa="12.10.02.1001", daftar="2024-11-15", sampai="2025-01-31"),
    FIRST[4],
    peserta("K006", make_nik(serial=6), desa="12.10.07.2001", daftar="2025-02-03"),
    peserta("K007", make_nik(serial=7), daftar="2025-04-02"),
    peserta("K008", make_nik(kecamatan="330201", serial=8), desa="33.02.01.2001", daftar="2025-02-10"),
)
COUNTS = (
    # BPU in 12.10.07 in February: used until K006 (BPU, registered 3 February there) arrives
    dict(zip(REKAP_COLUMNS, ("12.10.07", "2025-02", "BPU", "40", "2"))),
    # a desa count under the same kecamatan and month: never added to the kecamatan's own
    dict(zip(REKAP_COLUMNS, ("12.10.07.2001", "2025-02", "BPU", "7", ""))),
    # PU in 12.10.02.1001 in March: used until K003 (moved there, PU from March) arrives
    dict(zip(REKAP_COLUMNS, ("12.10.02.1001", "2025-03", "PU", "12", "1"))),
    dict(zip(REKAP_COLUMNS, ("12.10.01.1004", "2025-01", "Jakon", "3", ""))),
)
CLAIMS = (
    klaim("C1", kpj="K003", manfaat="JHT", kejadian="2025-03-05", bayar="2025-03-20", jumlah="5000000"),
    klaim("C2", kpj="K001", manfaat="JKK", kejadian="2025-02-10", bayar="2025-03-03", jumlah="15250000"),
)
DENOMINATORS = (
    dict(zip(PEKERJA_COLUMNS, ("12.10.01.1004", "2025-01-01", "40", "BPS Sakernas Agustus 2024", "2024-11-05"))),
    dict(zip(PEKERJA_COLUMNS, ("12.10.02.1001", "2025-01-01", "25", "Pendataan desa", "2024-12-01"))),
)


def differences(refreshed, rebuilt_path) -> dict[str, tuple[int, int]]:
    """Per mart: rows only in the refreshed warehouse, rows only in the rebuilt one."""
    out = {}
    with duckdb.connect(str(refreshed), read_only=True) as con:
        con.execute(f"attach '{rebuilt_path}' as rebuilt (read_only)")
        for table in sorted(marts.mart_tables()):
            only_here = con.execute(f"select count(*) from (from {table} except all from rebuilt.{table})").fetchone()[0]
            only_there = con.execute(f"select count(*) from (from rebuilt.{table} except all from {table})").fetchone()[0]
            out[table] = (only_here, only_there)
    return out


def assert_equals_full_rebuild(db, tmp_path, step: str):
    rebuilt = tmp_path / f"rebuilt_{step}.duckdb"
    shutil.copy(db, rebuilt)
    with duckdb.connect(str(rebuilt)) as con:
        con.execute("begin")
        marts.build_marts(con)
        con.execute("commit")
    assert differences(db, rebuilt) == {table: (0, 0) for table in marts.mart_tables()}


def mart_rows(db, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture()
def loaded(real_db, tmp_path):
    load(real_db, "pekerja", csv_of(tmp_path, "pekerja.csv", PEKERJA_COLUMNS, *DENOMINATORS))
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST))
    load(real_db, "rekap", csv_of(tmp_path, "rekap.csv", REKAP_COLUMNS, *COUNTS), extra=("--source", "Cabang uji"))
    load(real_db, "klaim", csv_of(tmp_path, "klaim.csv", KLAIM_COLUMNS, *CLAIMS))
    return real_db


def test_the_first_load_equals_a_full_rebuild(loaded, tmp_path):
    assert_equals_full_rebuild(loaded, tmp_path, "first")


def test_a_later_month_with_changes_equals_a_full_rebuild(loaded, tmp_path):
    before = mart_rows(loaded, "select kode_desa, bulan, segmen, peserta_aktif from mart_peserta_desa_bulan "
                               "where asal = 'rekap' order by all")
    assert [r[0] for r in before] == ["12.10.01.1004", "12.10.02.1001", "12.10.07"]  # the desa count under 12.10.07 not
    done = load(loaded, "peserta", csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER))
    assert (done["loaded"], done["updated"], done["unchanged"]) == (3, 3, 2)
    assert_equals_full_rebuild(loaded, tmp_path, "later")
    # the counts K006 and K003 now stand for are no longer used; Jakon's in January still is (K005 is in another desa)
    assert mart_rows(loaded, "select kode_desa, bulan, segmen, peserta_aktif from mart_peserta_desa_bulan "
                             "where asal = 'rekap' order by all") == [before[0]]
    # the new months reach June (K002's renewed cover), Sumatera Utara and Jawa Tengah's Cilacap have rows
    assert mart_rows(loaded, "select kode_wilayah, max(bulan), count(*) from mart_cakupan_wilayah_bulan "
                             "where tingkat in ('provinsi', 'nasional') group by all order by all") == [
        ("12", dt.date(2025, 6, 1), 8), ("33", dt.date(2025, 6, 1), 8),
        ("ID", dt.date(2025, 6, 1), 8)]


def test_loading_the_same_later_file_again_changes_no_mart(loaded, tmp_path):
    later = csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER)
    load(loaded, "peserta", later)
    snapshot = tmp_path / "snapshot.duckdb"
    shutil.copy(loaded, snapshot)
    load(loaded, "peserta", later)
    assert differences(loaded, snapshot) == {table: (0, 0) for table in marts.mart_tables()}
