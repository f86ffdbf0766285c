"""The command line on a real warehouse outside the demo: the Banyumas extracts of tests/banyumas.py (Jawa Tengah,
March 2025) loaded by `python -m ucj load`, read back by `python -m ucj summary` and `python -m ucj briefing`.

The figures, worked out from the rows of tests/banyumas.py. A person counts on a day when registered on or before
it and covered to it or beyond; a count (rekap) counts from the last day of its month, for days up to the end of
the next one; a kabupaten's own denominator replaces its desa's at kabupaten level and above only.

  persons    K1 Cirahab BPU from 15 Jan; K2 Cirahab PU from 15 Feb; K3 Cirahab BPU 1 Mar to 31 Mar;
             K4 Canduk BPU 10 Mar to 30 Mar; K5 Canduk Jakon from 31 Mar (K6 refused: NIK too short)
  counts     March: kecamatan Wangon 100, desa Parungkamal (Lumbir) 7
  denominator Banyumas 1.000 (BPS Sakernas Agustus 2024, 5 November 2024); Cirahab 50 (Pendataan desa,
             10 January 2025); no other desa or kabupaten of Jawa Tengah has one
  claims     C1 of K1 JKK Rp1.500.000 paid 20 Feb; C2 of K2 JKM Rp42.000.000 paid 10 Mar (both in Cirahab)

31 March 2025 (claims 1 January to 31 March: C1 + C2 = 2 claims, Rp43.500.000, where Cirahab is inside):
  Banyumas 33.02     K1 K2 K3 K5 = 4 persons (K4's cover ended the day before) + 100 + 7 counted = 111 of 1.000
                     = 11,10%; 107 from counts; no desa short of a denominator (the kabupaten has its own)
  Jawa Tengah 33     the same 111 of 1.000 = 11,10%; 8.563 desa/kelurahan of Jawa Tengah in the reference less
                     the 331 of Banyumas = 8.232 desa without a denominator
  Lumbir 33.02.01    K1 K2 K3 K5 = 4 + Parungkamal's 7 = 11, 7 from counts; denominator Cirahab's 50 only (the
                     kabupaten's is not spread) = 22,00%; 9 of its 10 desa without one
  Cirahab            K1 K2 K3 = 3 of 50 = 6,00%
  Canduk             K5 = 1, no denominator (coverage unknown), 1 desa without one, no claims
Edges of a day (claims from 1 January to the day itself):
  9 March    Banyumas K1 K2 K3 = 3 (K4 registers on the 10th), no counts (February has none) = 0,30%; C1 only
             (C2 is paid on the 10th): 1 claim, Rp1.500.000; Canduk 0
  10 March   K4 counts from its first day: Banyumas 4 = 0,40%; C2 paid that day counts: 2 claims; Canduk 1
  30 March   K1 K2 K3 K4 = 4 (K4's last day counts, K5 not yet registered); March's counts not yet (the month
             has not ended) = 0,40%; Canduk 1 (K4)
  31 March   K4 no longer, K5 from its first day, March's counts: Banyumas 111; Canduk 1 (K5)
  1 January  the warehouse's first day (the marts start in the month of the first fact): nobody yet, 0 of 1.000 =
             0,00%; 15 January: K1 = 1 = 0,10%
The warehouse covers 1 January to 31 March 2025 (the first and last day any loaded fact speaks of): a day outside
is refused with exit code 2.
"""
import json

import pytest
from banyumas import load_warehouse
from conftest import run_cli
from test_briefing import deck_text, pdf_text

BANYUMAS_CLAIMS = {"JKK": {"count": 1, "amount_idr": 1_500_000}, "JKM": {"count": 1, "amount_idr": 42_000_000},
                   "JHT": {"count": 0, "amount_idr": 0}, "JP": {"count": 0, "amount_idr": 0},
                   "JKP": {"count": 0, "amount_idr": 0}, "beasiswa": {"count": 0, "amount_idr": 0}}
NO_CLAIMS = {benefit: {"count": 0, "amount_idr": 0} for benefit in BANYUMAS_CLAIMS}


@pytest.fixture(scope="module")
def db(real_template, tmp_path_factory) -> str:
    """Read only by these tests (summary and briefing open the warehouse read-only), so one copy for the module."""
    return str(load_warehouse(real_template, tmp_path_factory.mktemp("banyumas_cli")))


def summary(db: str, region: str, as_of: str, *extra: str) -> dict:
    result = run_cli("summary", "--region", region, "--as-of", as_of, *extra, "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def figures(s: dict) -> tuple:
    return (s["active_participants"], s["active_from_counts"], s["eligible_workers"], s["coverage_pct"],
            s["eligible_source"], s["eligible_source_date"], s["desa_without_eligible"])


# ---------------------------------------------------------------------------------------------------------
# summary: the end of March at every level


@pytest.mark.parametrize("region, name, level, expected, claims", [
    ("33.02", "Kabupaten Banyumas", "kabupaten_kota",
     (111, 107, 1000, 11.1, "BPS Sakernas Agustus 2024", "2024-11-05", 0), BANYUMAS_CLAIMS),
    ("33", "Jawa Tengah", "provinsi",
     (111, 107, 1000, 11.1, "BPS Sakernas Agustus 2024", "2024-11-05", 8232), BANYUMAS_CLAIMS),
    ("33.02.01", "Lumbir", "kecamatan", (11, 7, 50, 22.0, "Pendataan desa", "2025-01-10", 9), BANYUMAS_CLAIMS),
    ("33.02.01.2001", "Cirahab", "desa_kelurahan", (3, 0, 50, 6.0, "Pendataan desa", "2025-01-10", 0), BANYUMAS_CLAIMS),
    ("33.02.01.2002", "Canduk", "desa_kelurahan", (1, 0, None, None, None, None, 1), NO_CLAIMS),
])
def test_summary_at_the_end_of_march(db, region, name, level, expected, claims):
    s = summary(db, region, "2025-03-31")
    assert (s["region_code"], s["region_name"], s["region_level"], s["as_of"]) == (region, name, level, "2025-03-31")
    assert s["has_data"] is True and s["is_demo"] is False
    assert figures(s) == expected
    assert (s["claims_from"], s["claims_to"]) == ("2025-01-01", "2025-03-31")
    assert s["claims"] == claims
    assert s["claims_total"] == {"count": sum(c["count"] for c in claims.values()),
                                 "amount_idr": sum(c["amount_idr"] for c in claims.values())}


def test_summary_says_what_is_loaded_for_banyumas(db):
    # persons: first registration 15 Jan, last day spoken of 31 Mar (K3's end of cover, K5's registration);
    # claims: paid 20 Feb to 10 Mar; denominators in force from 1 Jan, latest source 10 Jan; the target's year
    assert summary(db, "33.02", "2025-03-31")["loaded"] == [
        {"kind": "peserta", "rows": 5, "from": "2025-01-15", "to": "2025-03-31", "source": None,
         "for_region_above": False},
        {"kind": "rekap", "rows": 2, "from": "2025-03-01", "to": "2025-03-31", "source": "rekap.csv",
         "for_region_above": False},
        {"kind": "klaim", "rows": 2, "from": "2025-02-20", "to": "2025-03-10", "source": None,
         "for_region_above": False},
        {"kind": "pekerja", "rows": 2, "from": "2025-01-01", "to": "2025-01-10",
         "source": "BPS Sakernas Agustus 2024; Pendataan desa", "for_region_above": False},
        {"kind": "target", "rows": 1, "from": "2025-01-01", "to": "2025-12-31", "source": "RPJMD 2025-2029",
         "for_region_above": False}]


# ---------------------------------------------------------------------------------------------------------
# summary: the edges of a day


@pytest.mark.parametrize("region, day, active, from_counts, coverage, claims_count, claims_idr", [
    ("33.02", "2025-01-01", 0, 0, 0.0, 0, 0),
    ("33.02", "2025-01-14", 0, 0, 0.0, 0, 0),
    ("33.02", "2025-01-15", 1, 0, 0.1, 0, 0),
    ("33.02", "2025-03-09", 3, 0, 0.3, 1, 1_500_000),
    ("33.02", "2025-03-10", 4, 0, 0.4, 2, 43_500_000),
    ("33.02", "2025-03-30", 4, 0, 0.4, 2, 43_500_000),
    ("33.02", "2025-03-31", 111, 107, 11.1, 2, 43_500_000),
    ("33.02.01.2002", "2025-03-09", 0, 0, None, 0, 0),
    ("33.02.01.2002", "2025-03-10", 1, 0, None, 0, 0),
    ("33.02.01.2002", "2025-03-30", 1, 0, None, 0, 0),
    ("33.02.01.2002", "2025-03-31", 1, 0, None, 0, 0),
])
def test_summary_at_the_edges_of_a_day(db, region, day, active, from_counts, coverage, claims_count, claims_idr):
    s = summary(db, region, day)
    assert (s["active_participants"], s["active_from_counts"], s["coverage_pct"]) == (active, from_counts, coverage)
    assert (s["claims_from"], s["claims_to"]) == ("2025-01-01", day)
    assert s["claims_total"] == {"count": claims_count, "amount_idr": claims_idr}


@pytest.mark.parametrize("claims_from, claims_to, expected", [
    ("2025-02-20", "2025-02-20", {"JKK": 1}),  # one day: C1 paid on it
    ("2025-02-21", "2025-03-31", {"JKM": 1}),  # C1 paid the day before the range
    ("2025-01-01", "2025-03-09", {"JKK": 1}),  # C2 paid the day after
    ("2025-02-20", "2025-03-10", {"JKK": 1, "JKM": 1}),  # both days included
])
def test_summary_claims_range_includes_both_days(db, claims_from, claims_to, expected):
    s = summary(db, "33.02", "2025-03-31", "--claims-from", claims_from, "--claims-to", claims_to)
    assert {b: c["count"] for b, c in s["claims"].items() if c["count"]} == expected
    assert s["claims_total"]["amount_idr"] == 1_500_000 * expected.get("JKK", 0) + 42_000_000 * expected.get("JKM", 0)


@pytest.mark.parametrize("day", ["2024-12-31", "2025-04-01"])
def test_a_day_outside_the_loaded_data_is_refused_in_one_sentence(db, day):
    result = run_cli("summary", "--region", "33.02", "--as-of", day, "--db", db)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"Tanggal --as-of {day} di luar rentang data gudang ini (2025-01-01 sampai 2025-03-31); "
                             "pilih tanggal di dalam rentang itu.\n")


# ---------------------------------------------------------------------------------------------------------
# summary as text


def test_summary_text_of_banyumas(db):
    result = run_cli("summary", "--region", "33.02", "--as-of", "2025-03-31", "--db", db)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == (
        "Kabupaten Banyumas (33.02), per 31 Maret 2025\n"
        "  Peserta aktif            111\n"
        "  Pekerja wajib          1.000\n"
        "  Cakupan UCJ           11,10%\n"
        "  Sumber pekerja wajib: BPS Sakernas Agustus 2024 (5 November 2024)\n"
        "  Dari rekap jumlah (bukan data per orang): 107 peserta aktif\n"
        "\n"
        "Klaim dibayar 1 Januari 2025 sampai 31 Maret 2025\n"
        "  JKK             1 klaim  Rp1,5 juta\n"
        "  JKM             1 klaim  Rp42 juta\n"
        "  JHT             0 klaim  Rp0\n"
        "  JP              0 klaim  Rp0\n"
        "  JKP             0 klaim  Rp0\n"
        "  beasiswa        0 klaim  Rp0\n"
        "  Total           2 klaim  Rp43,5 juta\n")


def test_summary_text_of_a_kabupaten_with_nothing_loaded(db):
    result = run_cli("summary", "--region", "33.03", "--as-of", "2025-03-31", "--db", db)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == (
        "Kabupaten Purbalingga (33.03): belum ada data yang dimuat untuk wilayah ini, jadi cakupannya belum diketahui "
        "(bukan 0%). Muat ekstrak dengan 'python -m ucj load JENIS BERKAS'.\n")
    s = summary(db, "33.03", "2025-03-31")
    assert (s["has_data"], s["loaded"], s["eligible_workers"], s["coverage_pct"]) == (False, [], None, None)


def test_a_desa_without_a_denominator_is_not_said_to_be_overstated(db, tmp_path):
    result = run_cli("summary", "--region", "33.02.01.2002", "--as-of", "2025-03-31", "--db", db)
    assert result.returncode == 0
    assert "  Cakupan UCJ                –\n" in result.stdout
    out = tmp_path / "canduk.pdf"
    made = run_cli("briefing", "--region", "33.02.01.2002", "--as-of", "2025-03-31", "--format", "pdf", "-o", str(out),
                   "--db", db)
    assert made.returncode == 0, made.stderr
    assert "terlalu tinggi" not in result.stdout
    assert "terlalu tinggi" not in pdf_text(out)[0]


# ---------------------------------------------------------------------------------------------------------
# briefing


def briefing(db: str, region: str, kind: str, folder) -> list[str]:
    out = folder / f"bahan_{region}.{kind}"
    result = run_cli("briefing", "--region", region, "--as-of", "2025-03-31", "--format", kind, "-o", str(out),
                     "--db", db)
    assert result.returncode == 0, result.stderr
    return pdf_text(out) if kind == "pdf" else deck_text(out)


def flat(pages: list[str]) -> str:
    """The documents' text with every run of white space one space (the PDF wraps long sentences)."""
    return " ".join("\n".join(pages).split())


# every card as label then value then comparison: 35,5% of 1.000 = 355 people, less 111 active = 244 short
BANYUMAS_CARDS = ("Cakupan UCJ\n11,10%\n", "Peserta aktif\n111\n", "Pekerja wajib terlindungi\n1.000\n",
                  "Target UCJ 2025\n35,50%\nkurang 244 orang", "Klaim dibayar\nRp43,5 juta\n2 klaim")
BANYUMAS_SOURCES = ("Bahan Musrenbang · Kabupaten Banyumas (33.02) · posisi 31 Maret 2025",
                    "Pekerja yang seharusnya terlindungi: BPS Sakernas Agustus 2024 (5 November 2024).",
                    "Klaim: dibayar 1 Januari 2025 sampai 31 Maret 2025, gudang data UCJ.",
                    "Target UCJ 2025: RPJMD 2025-2029.",
                    ("Dari peserta aktif, 107 berasal dari rekap jumlah per desa/kecamatan (bukan data per orang), "
                     "untuk wilayah dan segmen yang data per orangnya belum ada."))


@pytest.mark.parametrize("kind", ["pdf", "pptx"])
def test_briefing_of_banyumas_has_its_figures(db, tmp_path, kind):
    pages = briefing(db, "33.02", kind, tmp_path)
    assert len(pages) == (1 if kind == "pdf" else 5)
    text = "\n".join(pages)
    for card in BANYUMAS_CARDS:
        assert card in text, card
    for sentence in BANYUMAS_SOURCES:
        assert sentence in flat(pages), sentence
    assert "Data demo" not in text and "Belum ada data yang dimuat" not in text
    if kind == "pptx":
        assert pages[2].splitlines()[2:] == ["JKK: 1 klaim, Rp1,5 juta", "JKM: 1 klaim, Rp42 juta",
                                             "Total: 2 klaim, Rp43,5 juta"]


@pytest.mark.parametrize("kind", ["pdf", "pptx"])
def test_briefing_of_a_kabupaten_with_nothing_loaded_says_so(db, tmp_path, kind):
    pages = briefing(db, "33.03", kind, tmp_path)
    assert ("Belum ada data yang dimuat untuk Kabupaten Purbalingga: cakupan, peserta dan klaim belum diketahui "
            "(bukan nol). Muat ekstraknya lalu buat ulang bahan ini.") in flat(pages)
    text = "\n".join(pages)
    for label in ("Cakupan UCJ", "Peserta aktif", "Pekerja wajib terlindungi", "Klaim dibayar"):
        assert f"{label}\n–\nbelum ada data" in text, label
    assert "0,00%" not in text


def test_briefing_of_a_kabupaten_with_nothing_loaded_shows_no_zero_claims(db, tmp_path):
    for kind in ("pdf", "pptx"):
        text = "\n".join(briefing(db, "33.03", kind, tmp_path))
        assert "Tidak ada klaim dibayar" not in text and "0 klaim" not in text and "Rp0" not in text, kind


def test_briefing_trend_heading_of_a_kabupaten_with_nothing_loaded(db, tmp_path):
    text = "\n".join(briefing(db, "33.03", "pdf", tmp_path))
    assert "Tren cakupan UCJ akhir bulan" in text and "( –" not in text
