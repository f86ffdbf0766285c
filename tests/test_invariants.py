"""Data tests: each audit in ucj/warehouse/audits/ selects the rows that break a rule; none may come back.

The same audits run after every write (ucj.warehouse.write); tests/test_write.py shows a failing one rolling
a write back."""
import duckdb
import pytest

from ucj.warehouse import marts, write

INVARIANTS = sorted(write.AUDIT_DIR.glob("*.sql"))


@pytest.mark.parametrize("path", INVARIANTS, ids=lambda p: p.stem)
def test_invariant_holds_on_the_demo(con, path):
    rows = con.execute(path.read_text()).fetchmany(5)
    assert rows == [], f"{path.stem}: {rows}"


# one breakage per audit on the tiny warehouse (tests/tiny_warehouse.sql); `rebuild`: the marts are rebuilt after it
BREAKAGES = [
    ("batas_di_luar_bumi", "insert into batas_wilayah (kode, tingkat, geojson, wkb, lon_min, lat_min, lon_max, lat_max, "
     "lon_tengah, lat_tengah, is_turunan, sumber, dimuat_at) values ('12.10.07.2001', 'desa_kelurahan', '{}', '', "
     "580000, 220000, 581000, 221000, 580500, 220500, false, 'meter.geojson', now())", False),
    ("aktif_melebihi_pekerja_wajib", "update pekerja_wajib set jumlah_pekerja = 1 where kode_desa = '12.10.07.2002'", True),
    ("desa_tanpa_pekerja_wajib", "delete from pekerja_wajib where kode_desa = '12.10.07.2001'", True),
    ("kantor_tumpang_tindih", "insert into kantor_wilayah values ('KCP-AEKKANOPAN', '12.10', date '2025-01-01', null)",
     True),
    ("klaim_di_luar_masa_aktif", "update klaim set tanggal_kejadian = date '2000-01-01' where klaim_id = 1", True),
    ("klaim_tanpa_program", "update klaim set manfaat = 'JHT' where klaim_id = 5", True),  # a Jakon worker without JHT
    ("kode_desa_tidak_dikenal", "update anggota_kelompok set kode_desa = '12.10.07.9999' where anggota_id = 3", True),
    ("mart_berbeda_dari_peserta", "update peserta set aktif_sampai = date '2025-01-31' where peserta_id = 1", False),
    ("mart_klaim_berbeda_dari_klaim", "update klaim set jumlah_idr = 1 where klaim_id = 2", False),
    ("nik_ganda_demo", "update peserta set nik_hash = repeat('2', 64) where peserta_id = 1", True),
    ("nik_tidak_disamarkan", "update peserta set nik_hash = '1210011205850101' where peserta_id = 8", True),
    ("sponsor_melebihi_perjanjian", "update peserta set kode_perjanjian = 'APBD-1210-2025' where peserta_id = 5", True),
    ("wilayah_tidak_menjumlah",
     "update mart_cakupan_wilayah_bulan set peserta_aktif = peserta_aktif + 1 where kode_wilayah = '12.10.07.2001'",
     False),
]


def test_every_audit_has_a_breakage():
    assert sorted(stem for stem, _, _ in BREAKAGES) == [p.stem for p in INVARIANTS]


@pytest.mark.parametrize("stem, breakage, rebuild", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_invariant_catches_a_broken_warehouse(tiny_db, stem, breakage, rebuild):
    audit = (write.AUDIT_DIR / f"{stem}.sql").read_text()
    con = duckdb.connect(str(tiny_db))
    try:
        before = len(con.execute(audit).fetchall())
        # the tiny warehouse passes every audit except the demo's own (one of its desa has no denominator)
        assert before == 0 or "-- scope: demo" in audit
        con.execute(breakage)
        if rebuild:
            marts.build_marts(con)
        assert len(con.execute(audit).fetchall()) > before
    finally:
        con.close()
