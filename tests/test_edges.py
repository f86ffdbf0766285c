"""Exact edges on the tiny warehouse (tests/tiny_warehouse.sql), through the read seam and the CLI `summary`.

Every expected value is counted by hand from the rows of tiny_warehouse.sql (its header has the month-end
table) and written out here, never recomputed with the formula under test: the left edge is counted, the
right edge is not.
"""
import datetime as dt
import json

import pytest
from conftest import run_cli

from ucj import cli, warehouse
from ucj.access import OPERATOR

D = dt.date
MONTHS = (D(2024, 12, 1), D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1))
MONTH_ENDS = (D(2024, 12, 31), D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31))

# (active participants, workers who should be covered) at each month end, from the file's header
AT_MONTH_END = {
    "12.10.01.1001": [(2, 5), (2, 5), (3, 5), (2, 6)],
    "12.10.07.2001": [(1, 5), (1, 5), (1, 5), (1, 5)],
    "12.10.07.2002": [(1, 3), (1, 3), (1, 3), (2, 3)],
    "12.10.07.2003": [(1, None), (1, None), (1, None), (1, None)],
    "12.10.01": [(2, 5), (2, 5), (3, 5), (2, 6)],
    "12.10.07": [(3, 8), (3, 8), (3, 8), (4, 8)],
    "12.10": [(5, 13), (5, 13), (6, 13), (6, 14)],
    "12": [(5, 13), (5, 13), (6, 13), (6, 14)],
}


def read(con, name, **params):
    return warehouse.read(con, name, OPERATOR, **params)


def active(con, region, day):
    return read(con, "ringkasan_peserta_aktif", wilayah=region, tanggal=day).item(0, "peserta_aktif")


def summary(capsys, db, *args) -> dict:
    """`python -m ucj summary ... --json`, run in this process (the same entry point, without a new interpreter)."""
    assert cli.main(["summary", "--db", str(db), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------------------------------------------------
# Participants: registered on the day, cover ending on the day


def test_a_participant_registered_on_the_day_is_counted_that_day_not_the_day_before(tiny):
    # participant 2 registers in Padang Matinggi on 15 February 2025
    assert active(tiny, "12.10.01.1001", D(2025, 2, 14)) == 2
    assert active(tiny, "12.10.01.1001", D(2025, 2, 15)) == 3
    # participant 5 registers in Sibargot on 31 January, after participant 4's cover ended on 15 January
    assert active(tiny, "12.10.07.2001", D(2025, 1, 15)) == 1
    assert active(tiny, "12.10.07.2001", D(2025, 1, 16)) == 0
    assert active(tiny, "12.10.07.2001", D(2025, 1, 30)) == 0
    assert active(tiny, "12.10.07.2001", D(2025, 1, 31)) == 1


def test_a_participant_whose_cover_ends_on_the_day_is_counted_that_day_and_not_the_next(tiny):
    # participant 3's last covered day is 28 February 2025
    assert active(tiny, "12.10.01.1001", D(2025, 2, 28)) == 3
    assert active(tiny, "12.10.01.1001", D(2025, 3, 1)) == 2
    # participant 9 is covered on 10 March 2025 only
    assert [active(tiny, "12.10.07.2001", D(2025, 3, day)) for day in (9, 10, 11)] == [1, 2, 1]


def test_the_summary_counts_the_same_edges(tiny_db, capsys):
    def on(day):
        return summary(capsys, tiny_db, "--region", "12.10.01.1001", "--as-of", day)["active_participants"]

    assert [on("2025-02-14"), on("2025-02-15"), on("2025-02-28"), on("2025-03-01")] == [2, 3, 3, 2]


# ---------------------------------------------------------------------------------------------------------
# Month-end marts against the exact day


@pytest.mark.parametrize("region", AT_MONTH_END)
def test_month_end_marts_equal_the_exact_day_count_on_month_ends(tiny, region):
    from_mart = [read(tiny, "cakupan_wilayah_bulan", wilayah=region, bulan=month).row(0, named=True)
                 for month in MONTHS]
    assert [(r["peserta_aktif"], r["pekerja_wajib"]) for r in from_mart] == AT_MONTH_END[region]
    exact = [(active(tiny, region, day),
              read(tiny, "ringkasan_pekerja_wajib", wilayah=region, tanggal=day).item(0, "pekerja_wajib"))
             for day in MONTH_ENDS]
    assert exact == AT_MONTH_END[region]


def test_a_one_day_cover_is_new_and_ended_in_its_month_but_active_at_no_month_end(tiny):
    march = read(tiny, "cakupan_wilayah_bulan", wilayah="12.10.07.2001", bulan=D(2025, 3, 1)).row(0, named=True)
    assert (march["peserta_aktif"], march["peserta_baru"], march["peserta_berhenti"], march["aktif_pmi"]) == (1, 1, 1, 0)
    # the kabupaten in March: 7 and 9 are new; 6 (ends on 31 March, still active) and 9 ended
    kab = read(tiny, "cakupan_wilayah_bulan", wilayah="12.10", bulan=D(2025, 3, 1)).row(0, named=True)
    assert (kab["peserta_aktif"], kab["peserta_baru"], kab["peserta_berhenti"]) == (6, 2, 2)
    assert (kab["aktif_pu"], kab["aktif_bpu"], kab["aktif_jakon"], kab["aktif_pmi"]) == (2, 3, 1, 0)


def test_a_denominator_applies_from_its_first_day(tiny):
    def eligible(day):
        row = read(tiny, "ringkasan_pekerja_wajib", wilayah="12.10.01.1001", tanggal=day).row(0, named=True)
        return row["pekerja_wajib"], row["sumber"], row["tanggal_sumber"]

    assert eligible(D(2025, 3, 14)) == (5, "Pendataan uji 2024", D(2024, 1, 15))
    assert eligible(D(2025, 3, 15)) == (6, "Pendataan uji 2025", D(2025, 3, 10))


# ---------------------------------------------------------------------------------------------------------
# Claims: the range includes both days


def test_claims_paid_on_the_ranges_first_and_last_day_count_and_the_days_around_do_not(tiny_db, capsys):
    def claims(first, last):
        s = summary(capsys, tiny_db, "--region", "12.10", "--as-of", "2025-02-28",
                    "--claims-from", first, "--claims-to", last)
        return {b: (c["count"], c["amount_idr"]) for b, c in s["claims"].items() if c["count"]}, \
            (s["claims_total"]["count"], s["claims_total"]["amount_idr"])

    # paid 1 January (JKK Rp2.500.000) and 28 February (JKK Rp1.750.000)
    assert claims("2025-01-01", "2025-02-28") == ({"JKK": (2, 4_250_000)}, (2, 4_250_000))
    # one day more at the end: the JKM paid on 1 March
    assert claims("2025-01-01", "2025-03-01") == ({"JKK": (2, 4_250_000), "JKM": (1, 42_000_000)}, (3, 46_250_000))
    # one day more at the start: the JHT paid on 31 December 2024
    assert claims("2024-12-31", "2025-02-28") == ({"JKK": (2, 4_250_000), "JHT": (1, 10_000_000)}, (3, 14_250_000))
    # one day less at each end
    assert claims("2025-01-02", "2025-02-27") == ({}, (0, 0))


def test_claims_of_a_kecamatan_are_those_paid_in_its_desa(tiny):
    rows = read(tiny, "ringkasan_klaim_per_manfaat", wilayah="12.10.07", dari=D(2025, 1, 1), sampai=D(2025, 3, 31))
    assert rows.rows() == [("JKK", 2, 4_750_000)]  # 28 February in Sibargot, 31 March in Bandar Kumbul
    by_month = read(tiny, "klaim_manfaat_periode", wilayah="12.10", bulan_dari=D(2025, 1, 1),
                    bulan_sampai=D(2025, 2, 1), segmen="", kelompok="")
    assert by_month.rows() == [("JKK", 2, 4_250_000)]


# ---------------------------------------------------------------------------------------------------------
# No denominator, no target


def test_a_desa_without_a_denominator_has_no_ucj_percent_not_zero(tiny, tiny_db, capsys):
    row = read(tiny, "cakupan_wilayah_bulan", wilayah="12.10.07.2003", bulan=D(2025, 3, 1)).row(0, named=True)
    assert (row["peserta_aktif"], row["pekerja_wajib"], row["cakupan_pct"], row["desa_tanpa_pekerja_wajib"]) == \
        (1, None, None, 1)
    s = summary(capsys, tiny_db, "--region", "12.10.07.2003", "--as-of", "2025-03-31")
    assert (s["active_participants"], s["eligible_workers"], s["coverage_pct"], s["eligible_source"],
            s["desa_without_eligible"]) == (1, None, None, None, 1)
    # its kecamatan counts its participant but not a denominator: 4 of 8 (the warning says it is overstated)
    s = summary(capsys, tiny_db, "--region", "12.10.07", "--as-of", "2025-03-31")
    assert (s["active_participants"], s["eligible_workers"], s["coverage_pct"], s["desa_without_eligible"]) == \
        (4, 8, 50.0, 1)


def test_the_summary_text_for_a_desa_without_a_denominator(tiny_db):
    result = run_cli("summary", "--region", "12.10.07.2003", "--as-of", "2025-03-31", "--db", str(tiny_db))
    assert result.returncode == 0, result.stderr
    assert "Tanjung Medan (12.10.07.2003), per 31 Maret 2025" in result.stdout
    assert "Data demo" not in result.stdout
    cover = [line for line in result.stdout.splitlines() if "Cakupan UCJ" in line][0]
    assert cover.split() == ["Cakupan", "UCJ", "–"]
    assert "Cakupan UCJ tidak dihitung: 1 desa belum punya angka pekerja wajib." in result.stdout
    assert "terlalu tinggi" not in result.stdout  # a coverage not computed is not overstated


def test_a_region_without_a_target_has_no_gap(tiny):
    # no target for 2024 anywhere
    rows = read(tiny, "kesenjangan_target_wilayah", wilayah="12.10", tingkat="desa_kelurahan", bulan=D(2024, 12, 1))
    assert rows.height == 4
    assert rows["target_pct"].to_list() == [None] * 4 and rows["kurang_ke_target"].to_list() == [None] * 4
    # the provinsi has no target in 2025 (only its kabupaten has)
    province = read(tiny, "peta_nilai", wilayah="12", tingkat="provinsi", bulan=D(2025, 3, 1)).row(0, named=True)
    assert (province["peserta_aktif"], province["target_pct"], province["kurang_ke_target"]) == (6, None, None)
    assert read(tiny, "target_ucj", wilayah="12", tahun=2025).is_empty()
    assert read(tiny, "target_ucj", wilayah="12.10", tahun=2024).is_empty()
    # a desa falls back to its kabupaten's target
    assert read(tiny, "target_ucj", wilayah="12.10.07.2001", tahun=2025).row(0) == (40.0, "Perbup uji", "12.10")


# ---------------------------------------------------------------------------------------------------------
# The gap to target at an exact integer


def test_people_to_target_at_an_exact_integer_is_not_rounded_up(tiny):
    def gaps(level, month):
        rows = read(tiny, "kesenjangan_target_wilayah", wilayah="12.10", tingkat=level, bulan=month)
        return [(r["kode_wilayah"], r["peserta_aktif"], r["pekerja_wajib"], r["kurang_ke_target"])
                for r in rows.iter_rows(named=True)]

    # January, target 40%: 40% of 5 is exactly 2, so Padang Matinggi (2 active) needs nobody and Sibargot (1)
    # one; 40% of 3 is 1,2, so Bandar Kumbul needs 2 - 1; Tanjung Medan has no denominator. Largest gap first.
    assert gaps("desa_kelurahan", D(2025, 1, 1)) == [
        ("12.10.07.2001", 1, 5, 1),
        ("12.10.07.2002", 1, 3, 1),
        ("12.10.01.1001", 2, 5, 0),
        ("12.10.07.2003", 1, None, None),
    ]
    # March: Padang Matinggi's denominator is 6 (40% = 2,4, so 3 needed, 2 active); Bandar Kumbul has 2 of 3
    assert gaps("desa_kelurahan", D(2025, 3, 1)) == [
        ("12.10.01.1001", 2, 6, 1),
        ("12.10.07.2001", 1, 5, 1),
        ("12.10.07.2002", 2, 3, 0),
        ("12.10.07.2003", 1, None, None),
    ]
    # kecamatan in January: 40% of 8 is 3,2, so Bilah Barat needs 4 - 3
    assert gaps("kecamatan", D(2025, 1, 1)) == [("12.10.07", 3, 8, 1), ("12.10.01", 2, 5, 0)]
    # the kabupaten: 40% of 13 is 5,2 (6 needed, 5 active) in January; 40% of 14 is 5,6 (6 needed, 6 active)
    for month, gap in ((D(2025, 1, 1), 1), (D(2025, 3, 1), 0)):
        kab = read(tiny, "peta_nilai", wilayah="12.10", tingkat="kabupaten_kota", bulan=month)
        assert kab.item(0, "kurang_ke_target") == gap


# ---------------------------------------------------------------------------------------------------------
# Regions add up


def test_a_kecamatan_is_exactly_the_sum_of_its_desa_and_the_kabupaten_of_its_kecamatan(tiny):
    march = D(2025, 3, 1)
    desa = read(tiny, "cakupan_anak_target", wilayah="12.10.07", bulan=march)
    assert desa.select("kode_wilayah", "peserta_aktif", "pekerja_wajib", "target_pct").rows() == [
        ("12.10.07.2001", 1, 5, 40.0),
        ("12.10.07.2002", 2, 3, 40.0),
        ("12.10.07.2003", 1, None, 40.0),
    ]
    kecamatan = read(tiny, "cakupan_anak_target", wilayah="12.10", bulan=march)
    assert kecamatan.select("kode_wilayah", "peserta_aktif", "pekerja_wajib").rows() == [
        ("12.10.01", 2, 6),
        ("12.10.07", 4, 8),  # 1 + 2 + 1 active; 5 + 3 workers (Tanjung Medan has none)
    ]
    kabupaten = read(tiny, "cakupan_wilayah_bulan", wilayah="12.10", bulan=march).row(0, named=True)
    assert (kabupaten["peserta_aktif"], kabupaten["pekerja_wajib"], kabupaten["desa_tanpa_pekerja_wajib"]) == (6, 14, 1)


# ---------------------------------------------------------------------------------------------------------
# Offices and rosters


def test_an_office_hand_over_on_a_month_boundary(tiny):
    rows = read(tiny, "target_kantor_bulan", wilayah="12.10", tahun=2025, bulan=D(2025, 3, 1))
    assert rows.select("kode_kantor", "bulan", "target_peserta_baru", "peserta_baru").rows() == [
        ("KC-RANTAUPRAPAT", D(2025, 2, 1), 2, 1),  # participant 2
        ("KC-RANTAUPRAPAT", D(2025, 3, 1), 3, 2),  # participants 7 and 9
        # the five months before March that reach into 2024 come too, for the forecast's six-month pace (issue 15):
        # participants 6 and 8, registered in December 2024, when Aek Kanopan had no target
        ("KCP-AEKKANOPAN", D(2024, 12, 1), None, 2),
        ("KCP-AEKKANOPAN", D(2025, 1, 1), 2, 1),  # participant 5, registered on 31 January
    ]


def test_a_roster_counts_from_its_date_or_before_the_first_and_a_member_is_covered_through_the_last_day(tiny):
    def groups(month):
        rows = read(tiny, "kelompok_belum_tercakup", wilayah="12.10", bulan=month, kelompok="")
        return rows.select("kelompok_pekerja", "anggota", "tercakup", "belum_tercakup").rows()

    # before a group's first roster its month uses that roster (issue 15; tests/test_rosters.py), covered or not
    # at that month's end
    assert groups(D(2024, 12, 1)) == [("guru_honorer", 3, 0, 3), ("kader_desa", 1, 1, 0)]
    assert groups(D(2025, 1, 1)) == [("guru_honorer", 3, 0, 3), ("kader_desa", 1, 1, 0)]
    assert groups(D(2025, 2, 1)) == [("guru_honorer", 3, 1, 2), ("kader_desa", 1, 1, 0)]
    # participant 3 (the kader) was covered to 28 February
    assert groups(D(2025, 3, 1)) == [("guru_honorer", 3, 1, 2), ("kader_desa", 1, 0, 1)]


def test_the_tiny_warehouse_passes_every_audit(tiny):
    from ucj.warehouse import write

    found = write.run_audits(tiny)
    assert found and set(found.values()) == {0}, found
