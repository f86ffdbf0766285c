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


@pytest.mark.parametrize("stem, breakage", [
    ("aktif_melebihi_pekerja_wajib", "update pekerja_wajib set jumlah_pekerja = 1 where kode_desa = '12.10.01.1001'"),
    ("klaim_di_luar_masa_aktif", "update klaim set tanggal_kejadian = date '2000-01-01' where klaim_id = 1"),
    ("kantor_tumpang_tindih", "insert into kantor_wilayah values ('KC-LABURA', '12.10', date '2024-01-01', null)"),
])
def test_invariant_catches_a_broken_warehouse(demo_copy, stem, breakage):
    con = duckdb.connect(str(demo_copy))
    try:
        con.execute(breakage)
        marts.build_marts(con)
        assert con.execute((write.AUDIT_DIR / f"{stem}.sql").read_text()).fetchall() != []
    finally:
        con.close()
