"""The demo is deterministic, and its published figures are planted, not a lucky draw of one seed."""
import datetime as dt

import duckdb

from ucj import warehouse, demo
from ucj.access import OPERATOR
from ucj.reports.summary import summarize

TABLES = ("peserta", "klaim", "pekerja_wajib", "anggota_kelompok", "perjanjian_sponsor", "target_ucj",
          "target_peserta_baru", "mart_cakupan_wilayah_bulan", "mart_klaim_wilayah_bulan")


def fingerprint(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"select count(*), sum(hash(columns(*))) from (select * from {t})").fetchall()  # noqa: S608
                for t in TABLES}
    finally:
        con.close()


def test_same_seed_and_last_month_give_identical_tables(demo_db, tmp_path):
    con = duckdb.connect(str(demo_db), read_only=True)
    last_day = warehouse.data_range(con)[1]
    con.close()
    again = demo.build(tmp_path / "again.duckdb", last_month=last_day.replace(day=1))
    assert fingerprint(again) == fingerprint(demo_db)


def test_another_seed_gives_other_data_with_the_same_published_figures(demo_db, tmp_path):
    other = demo.build(tmp_path / "other.duckdb", seed=7, last_month=dt.date(2026, 2, 1))
    assert fingerprint(other)["peserta"] != fingerprint(demo_db)["peserta"]
    con = warehouse.open_warehouse(other)
    try:
        s = summarize(con, "12.10", dt.date(2025, 3, 31), dt.date(2024, 1, 1), dt.date(2025, 3, 31), viewer=OPERATOR)
        assert (s["active_participants"], s["eligible_workers"], s["coverage_pct"]) == (66_234, 181_567, 36.48)
        assert s["claims"]["JHT"]["count"] == 5_002 and s["claims_total"]["amount_idr"] == 105_218_473_900
        assert warehouse.data_range(con) == (dt.date(2022, 1, 1), dt.date(2026, 2, 28))
    finally:
        con.close()


def test_the_demo_starts_in_january_2022_and_ends_with_the_last_full_month():
    assert demo.default_last_month(dt.date(2026, 11, 21)) == dt.date(2026, 10, 1)
    assert demo.default_last_month(dt.date(2027, 1, 1)) == dt.date(2026, 12, 1)
    assert demo.DATA_START == dt.date(2022, 1, 1)


def test_after_december_2029_the_demo_ends_there_rather_than_failing():
    assert demo.default_last_month(dt.date(2030, 1, 1)) == dt.date(2029, 12, 1) == demo.LATEST_LAST_MONTH
    assert demo.default_last_month(dt.date(2031, 6, 15)) == dt.date(2029, 12, 1)


# a row as known on 28 February 2026: an ordinary participant's end of cover after that day was not known yet
AS_OF_FEBRUARY_2026 = {
    "peserta": "select * exclude (aktif_sampai), case when aktif_sampai > date '2026-02-28' and kode_perjanjian is "
               "null then null else aktif_sampai end from {db}.peserta where tanggal_daftar <= date '2026-02-28'",
    "klaim": "select * from {db}.klaim where tanggal_bayar <= date '2026-02-28'",
    "anggota_kelompok": "select * from {db}.anggota_kelompok where tanggal_data <= date '2026-02-28'",
    "pekerja_wajib": "select * from {db}.pekerja_wajib where berlaku_mulai <= date '2026-02-28'",
    "target_peserta_baru": "select * from {db}.target_peserta_baru where bulan <= date '2026-12-01'",
    "target_ucj": "select * from {db}.target_ucj where tahun <= 2026",
    "perjanjian_sponsor": "select * from {db}.perjanjian_sponsor",
    "mart_cakupan_wilayah_bulan": "select * from {db}.mart_cakupan_wilayah_bulan where bulan <= date '2026-02-01'",
    "mart_klaim_wilayah_bulan": "select * from {db}.mart_klaim_wilayah_bulan where bulan <= date '2026-02-01'",
}


def test_a_later_last_month_adds_months_and_changes_no_row_before_them(demo_db, tmp_path):
    """CI built the demo on 1 December and a kecamatan's claims of March 2025 were not November's any more: every
    draw followed the last month. Now everything is drawn to December 2029 and cut, so the session's demo (up to the
    last full month) and one ending February 2026 agree on every row up to February 2026, both ways."""
    path = demo.build(tmp_path / "feb.duckdb", last_month=dt.date(2026, 2, 1))
    con = duckdb.connect()
    try:
        con.execute("attach ? as longer (read_only)", [str(demo_db)])
        con.execute("attach ? as shorter (read_only)", [str(path)])
        for table, query in AS_OF_FEBRUARY_2026.items():
            longer, shorter = query.format(db="longer"), query.format(db="shorter")
            assert con.execute(f"select count(*) from ({shorter})").fetchone()[0] > 0, table  # noqa: S608
            for a, b in ((longer, shorter), (shorter, longer)):
                assert con.execute(f"select count(*) from ({a} except all {b})").fetchone() == (0,), table  # noqa: S608
    finally:
        con.close()


def test_build_leaves_no_temporary_files(tmp_path):
    # the session warehouse was built elsewhere; here an interrupted build must leave nothing behind
    target = tmp_path / "ucj.duckdb"

    def interrupt(fraction, text):
        if fraction >= 0.75:
            raise KeyboardInterrupt

    try:
        demo.build(target, last_month=dt.date(2026, 2, 1), progress=interrupt)
    except KeyboardInterrupt:
        pass
    assert list(tmp_path.iterdir()) == []


def test_rebuilding_the_demo_keeps_the_loaded_boundaries(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    from ucj.ingest import boundaries

    path = demo.build(tmp_path / "ucj.duckdb", last_month=dt.date(2026, 2, 1))
    gpd.GeoDataFrame({"kode": ["12.10.01.1001"]}, geometry=[box(100, 2, 100.01, 2.01)],
                     crs="EPSG:4326").to_file(tmp_path / "one.geojson")
    con = duckdb.connect(str(path))
    boundaries.load(con, tmp_path / "one.geojson")
    con.close()
    demo.build(path, last_month=dt.date(2026, 2, 1))
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("select count(*) from batas_wilayah where kode = '12.10.01.1001'").fetchone() == (1,)
    finally:
        con.close()


def test_monthly_new_participant_targets_follow_the_batch_enrolments(con):
    """Issue 15: the demo's monthly target was the year's mean month, so Labuhanbatu's 7.500 pekerja rentan of
    January 2025 made every other month's target 1.670 against about 600 realised. Now an ordinary month's target
    is the median month x 1,12 and a batch month's adds the batch: every month of a regency in 2025 up to the data's
    end is within half and twice its target, and the January batch is still there."""
    rows = con.execute(
        "select kode_kabupaten, bulan, target_peserta_baru, peserta_baru from mart_kantor_bulan "
        "where bulan between '2025-01-01' and '2025-12-01' and target_peserta_baru is not null").fetchall()
    assert len(rows) == 6 * 12
    far = [(kab, month, target, done) for kab, month, target, done in rows if not target / 2 <= done <= 2 * target]
    assert far == []
    january = {kab: done for kab, month, _, done in rows if month == dt.date(2025, 1, 1)}
    assert january["12.10"] > 7_500
