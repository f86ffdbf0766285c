"""Every published figure in DOMAIN.md, reproduced from the demo warehouse."""
import datetime as dt
import json

from conftest import one, run_cli

from ucj import fmt


def labuhanbatu_summary(demo_db, *extra):
    result = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2024-01-01",
                     "--claims-to", "2025-03-31", "--db", str(demo_db), "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_labuhanbatu_ucj_end_of_march_2025(demo_db):
    s = labuhanbatu_summary(demo_db)
    assert s["region_name"] == "Kabupaten Labuhanbatu"
    assert (s["active_participants"], s["eligible_workers"], s["coverage_pct"]) == (66_234, 181_567, 36.48)
    assert fmt.pct(s["coverage_pct"]) == "36,48%"


def test_labuhanbatu_claims_january_2024_to_march_2025(demo_db):
    s = labuhanbatu_summary(demo_db)
    counts = {b: c["count"] for b, c in s["claims"].items()}
    assert {b: counts[b] for b in ("JHT", "JKK", "JKM", "JP", "beasiswa")} == {
        "JHT": 5_002, "JKK": 149, "JKM": 255, "JP": 3_520, "beasiswa": 303}
    assert s["claims_total"]["amount_idr"] == sum(c["amount_idr"] for c in s["claims"].values())
    assert fmt.rupiah(s["claims_total"]["amount_idr"]) == "Rp105,2 miliar"
    assert set(s["claims"]) == {"JKK", "JKM", "JHT", "JP", "JKP", "beasiswa"}


def test_claim_range_counts_both_edge_days_and_nothing_beyond(demo_db, con):
    def jkk_on(day):
        return one(con, "select count(*) from klaim where kode_desa like '12.10.%' and manfaat = 'JKK' "
                        "and tanggal_bayar = ?", [day])
    first, last = jkk_on(dt.date(2024, 1, 1)), jkk_on(dt.date(2025, 3, 31))
    before, after = jkk_on(dt.date(2023, 12, 31)), jkk_on(dt.date(2025, 4, 1))
    assert min(first, last, before, after) >= 1  # the demo puts claims on and just outside both edges
    narrower = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2024-01-02",
                       "--claims-to", "2025-03-30", "--db", str(demo_db), "--json")
    assert json.loads(narrower.stdout)["claims"]["JKK"]["count"] == 149 - first - last
    wider = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2023-12-31",
                    "--claims-to", "2025-04-01", "--db", str(demo_db), "--json")
    assert json.loads(wider.stdout)["claims"]["JKK"]["count"] == 149 + before + after


def test_active_count_is_exact_on_the_day_not_the_month(demo_db, con):
    # someone whose cover ends on 31 March counts on that day and not on 1 April
    ended = one(con, "select count(*) from peserta where kode_desa like '12.10.%' and aktif_sampai = ?",
                [dt.date(2025, 3, 31)])
    joined = one(con, "select count(*) from peserta where kode_desa like '12.10.%' and tanggal_daftar = ?",
                 [dt.date(2025, 4, 1)])
    nxt = run_cli("summary", "--region", "12.10", "--as-of", "2025-04-01", "--db", str(demo_db), "--json")
    assert json.loads(nxt.stdout)["active_participants"] == 66_234 - ended + joined


def test_mart_agrees_with_the_published_ucj(con):
    row = con.execute("select peserta_aktif, pekerja_wajib, round(cakupan_pct, 2) from mart_cakupan_wilayah_bulan "
                      "where kode_wilayah = '12.10' and bulan = ?", [dt.date(2025, 3, 1)]).fetchone()
    assert row == (66_234, 181_567, 36.48)


def test_7500_pekerja_rentan_100_in_each_of_75_desa(con):
    rows = con.execute(
        "select w.is_kelurahan, count(distinct p.kode_desa), min(n), max(n), sum(n) from ("
        "  select kode_desa, count(*) as n from peserta where kode_perjanjian = 'PKS-1210-2025-APBD' group by 1"
        ") as p join wilayah as w on w.kode = p.kode_desa group by 1").fetchall()
    assert rows == [(False, 75, 100, 100, 7_500)]
    assert one(con, "select count(*) from wilayah where kode_kabupaten = '12.10' and tingkat = 'desa_kelurahan' "
                    "and not is_kelurahan") == 75
    programmes = con.execute("select distinct is_jkk, is_jkm, is_jht, is_jp, sumber_dana from peserta "
                             "where kode_perjanjian = 'PKS-1210-2025-APBD'").fetchall()
    assert programmes == [(True, True, False, False, "APBD")]


def test_not_yet_covered_in_april_2025(con):
    rows = dict(con.execute(
        "select kelompok_pekerja, belum_tercakup from mart_kelompok_wilayah_bulan "
        "where kode_wilayah = '12.10' and bulan = ?", [dt.date(2025, 4, 1)]).fetchall())
    assert (rows["guru_honorer"], rows["kepala_lingkungan"], rows["kader_desa"]) == (3_000, 215, 1_200)


def test_plans_10000_apbd_and_3800_dbh_sawit_silpa_enrol_nobody(con):
    rows = con.execute("select sumber_dana, jumlah_pekerja, status from perjanjian_sponsor "
                       "where kode_wilayah = '12.10' and status = 'rencana' order by 1").fetchall()
    assert rows == [("APBD", 10_000, "rencana"), ("DBH Sawit", 3_800, "rencana")]
    assert one(con, "select count(*) from peserta where kode_perjanjian like 'RENCANA%'") == 0


def test_musrenbang_2025_santunan_and_beasiswa_837_juta(con):
    total = one(con, "select sum(jumlah_idr) from klaim where kode_desa like '12.10.%' and tanggal_bayar = ? "
                     "and manfaat in ('JKK', 'JKM', 'beasiswa')", [dt.date(2025, 4, 22)])
    assert 837_000_000 <= total < 838_000_000
    assert fmt.rupiah(total) == "Rp837 juta"


def test_1030_kader_posyandu_enrolled_3_february_2026(con):
    rows = con.execute("select tanggal_daftar, count(*), bool_and(is_jkk and is_jkm and not is_jht) from peserta "
                       "where kode_desa like '12.10.%' and kelompok_pekerja = 'kader_posyandu' group by 1").fetchall()
    assert rows == [(dt.date(2026, 2, 3), 1_030, True)]
    sawit = one(con, "select count(*) from peserta where kode_desa like '12.10.%' and kelompok_pekerja = "
                     "'pekerja_sawit' and tanggal_daftar between ? and ?", [dt.date(2026, 2, 3), dt.date(2026, 3, 31)])
    assert sawit > 0


def test_labuhanbatu_selatan_mou_2000_pekerja_rentan_october_to_december_2022(con):
    agreement = con.execute("select tanggal_perjanjian, mulai, selesai, jumlah_pekerja, program, sumber_dana "
                            "from perjanjian_sponsor where kode_perjanjian = 'MOU-1222-2022-APBD'").fetchone()
    assert agreement == (dt.date(2022, 10, 4), dt.date(2022, 10, 1), dt.date(2022, 12, 31), 2_000, ["JKK", "JKM"],
                         "APBD")
    assert one(con, "select count(*) from perjanjian_sponsor where kode_wilayah = '12.22' and "
                    "year(mulai) = 2023 and sumber_dana = 'APBD'") == 1  # continued in 2023
    desa_served = one(con, "select count(distinct kode_desa) from peserta where kode_perjanjian = 'MOU-1222-2022-APBD'")
    all_desa = one(con, "select count(*) from wilayah where kode_kabupaten = '12.22' and tingkat = 'desa_kelurahan' "
                        "and not is_kelurahan")
    assert desa_served == all_desa
    active = one(con, "select count(*) from peserta where kode_perjanjian = 'MOU-1222-2022-APBD' and "
                      "tanggal_daftar <= ? and aktif_sampai >= ? and is_jkk and is_jkm and not is_jht and not is_jp",
                 [dt.date(2022, 12, 31), dt.date(2022, 12, 31)])
    assert active == 2_000


def test_sinkronisasi_and_kepling_rosters_of_labura_and_tanjungbalai(con):
    rows = con.execute("select w.kode_kabupaten, a.kelompok_pekerja, a.tanggal_data, count(*) from anggota_kelompok a "
                       "join wilayah w on w.kode = a.kode_desa where w.kode_kabupaten in ('12.23', '12.74') "
                       "group by all order by 1").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("12.23", "pekerja_rentan", dt.date(2025, 11, 6)),
                                                   ("12.74", "kepala_lingkungan", dt.date(2026, 2, 4))]


def test_branch_offices_of_the_seeds_and_a_change_of_office(con):
    names = {r[0] for r in con.execute("select nama from kantor_cabang").fetchall()}
    assert {"Kantor Cabang Kisaran", "Kantor Cabang Rantau Prapat", "Kantor Cabang Labuhanbatu Utara",
            "Kantor Cabang Pratama Labuhanbatu Selatan"} == names
    offices = con.execute("select distinct kode_kantor from mart_kantor_bulan where kode_kabupaten = '12.10' "
                          "order by 1").fetchall()
    assert len(offices) == 2
