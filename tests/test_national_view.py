"""Indonesia as a whole ('ID', tingkat 'nasional') above the provinces: in the reference, in every mart with
per-region rows (the provinces summed, exactly), and in every query that takes a region."""
import datetime as dt

import pytest
from test_queries import sample

from ucj import warehouse
from ucj.access import OPERATOR
from ucj.paths import QUERIES_DIR
from ucj.reports.summary import summarize
from ucj.warehouse import reading

# the marts with per-region rows: table -> the columns that, with the region, make a row's key
REGION_MARTS = {
    "mart_peserta_wilayah_bulan": ("bulan", "segmen", "kelompok_pekerja", "sumber_dana", "asal"),
    "mart_klaim_wilayah_bulan": ("bulan", "manfaat", "segmen", "kelompok_pekerja"),
    "mart_kelompok_wilayah_bulan": ("bulan", "kelompok_pekerja"),
    "mart_cakupan_wilayah_bulan": ("bulan",),
}
# queries whose rows come from loaded boundaries (tests/test_boundaries.py, tests/test_peta.py) or that list
# regions under another level than Indonesia's
NOT_REGION_FIGURES = {"peta_bentuk", "batas_tersedia", "desa_tanpa_batas", "batas_di_luar_referensi",
                      "batas_tersimpan", "batas_sumber_dimuat", "wilayah_tanpa_batas"}

# the demo sets no target for Indonesia as a whole
NO_NATIONAL_ROWS = {"target_ucj"}


def counts_of(con, table: str) -> list[str]:
    key = REGION_MARTS[table]
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_name = ? and data_type in "
        "('INTEGER', 'BIGINT', 'HUGEINT') order by ordinal_position", [table]).fetchall() if r[0] not in key]


def test_the_reference_has_indonesia_above_the_provinces(con):
    assert con.execute("select kode, nama, tingkat, kode_induk from wilayah where tingkat = 'nasional'").fetchall() == [
        ("ID", "Indonesia", "nasional", None)]
    # the provinces keep no parent; the selectors' children of Indonesia are the provinces, as for ''
    assert con.execute("select count(*) from wilayah where tingkat = 'provinsi' and kode_induk is null").fetchall()[0] == (1,)
    for parent in ("ID", ""):
        assert warehouse.read(con, "wilayah_anak", OPERATOR, wilayah_induk=parent).rows() == [
            ("12", "Sumatera Utara", "provinsi")]
    assert warehouse.read(con, "wilayah", OPERATOR, wilayah="ID").rows() == [("ID", "Indonesia", "nasional", None)]
    # every desa lies inside Indonesia
    assert con.execute("select count(*) from desa_di('ID')").fetchall()[0] == (628,)
    assert con.execute("select count(*) from wilayah where di_dalam(kode, 'ID')").fetchall()[0] == (701,)
    assert con.execute("select count(*) from wilayah where di_dalam(kode, '12.10')").fetchall()[0] == con.execute(
        "select count(*) from wilayah where kode = '12.10' or starts_with(kode, '12.10.')").fetchall()[0] == (108,)


@pytest.mark.parametrize("table", sorted(REGION_MARTS))
def test_indonesia_is_the_provinces_summed_exactly(con, table):
    key = ", ".join(REGION_MARTS[table])
    sums = ", ".join(f"sum({c}) as {c}" for c in counts_of(con, table))
    national = f"select {key}, {sums} from {table} where kode_wilayah = 'ID' group by all"
    provinces = f"select {key}, {sums} from {table} where tingkat = 'provinsi' group by all"
    assert con.execute(f"select count(*) from ({national} except all {provinces})").fetchall()[0] == (0,)
    assert con.execute(f"select count(*) from ({provinces} except all {national})").fetchall()[0] == (0,)
    assert con.execute(f"select count(*), min(tingkat), max(tingkat) from {table} where kode_wilayah = 'ID'").fetchall()[0][1:] \
        == ("nasional", "nasional")
    assert con.execute(f"select count(*) from {table} where kode_wilayah = 'ID'").fetchall()[0][0] == \
        con.execute(f"select count(*) from {table} where tingkat = 'provinsi'").fetchall()[0][0]  # one province in the demo


def test_indonesias_coverage_row_states_what_the_provinces_state(con):
    row = con.execute("""
        select peserta_aktif, pekerja_wajib, round(cakupan_pct, 2), kode_induk, kabupaten_tanpa_data,
               sumber_pekerja_wajib
        from mart_cakupan_wilayah_bulan where kode_wilayah = 'ID' and bulan = '2025-03-01'""").fetchall()[0]
    province = con.execute("""
        select peserta_aktif, pekerja_wajib, round(cakupan_pct, 2), kode_induk, kabupaten_tanpa_data,
               sumber_pekerja_wajib
        from mart_cakupan_wilayah_bulan where kode_wilayah = '12' and bulan = '2025-03-01'""").fetchall()[0]
    assert row[:3] == province[:3] and row[4:] == province[4:]
    assert (row[3], province[3]) == (None, "ID")  # the provinces' parent in the mart is Indonesia


def test_the_summary_of_indonesia_is_the_summary_of_the_demos_province(con):
    national = summarize(con, "ID", dt.date(2025, 3, 31), viewer=OPERATOR)
    province = summarize(con, "12", dt.date(2025, 3, 31), viewer=OPERATOR)
    differs = {k for k in national if national[k] != province[k]}
    assert differs == {"region_code", "region_name", "region_level"}
    assert national["kabupaten_without_data"] == province["kabupaten_without_data"] == 0
    assert national["active_participants"] == 376565


@pytest.mark.parametrize("name", sorted(
    p.stem for p in QUERIES_DIR.glob("*.sql")
    if reading.query(p.stem).region_param and p.stem not in NOT_REGION_FIGURES))
def test_every_query_taking_a_region_answers_for_indonesia(con, name):
    q = reading.query(name)
    params = {**sample(name), q.region_param: "ID"}
    frame = warehouse.read(con, name, OPERATOR, **params)
    assert frame.height == (0 if name in NO_NATIONAL_ROWS else frame.height) and (frame.height > 0) != (
        name in NO_NATIONAL_ROWS)
