"""Small-cell protection (issue 13 point 3, docs/privacy.md). The finding: 'No small-cell protection: one JKM claim
of Rp42 juta in a desa of a few hundred people is a death in a known family.' Before issue 13 every reader saw
every count; these tests fail on that code (and on the first cut of `protect`, which hid small counts at any
level, as a blank that read as 'not loaded', with no dependents and no complementary cells).

The rule: for a viewer (role 'viewer') and in every briefing document, a count of 1 to 4 below kabupaten level
is hidden ('<5'), with the figures computed from it and the cells that would give it back; 0 is shown;
kabupaten/kota and above never are; analysts and admins see exact counts on screens."""
import datetime as dt
import io
import math

import duckdb
import polars as pl
import pytest

from ucj import access, fmt, suppression, warehouse
from ucj.access import Viewer
from ucj.warehouse import reading
from ucj.warehouse.reading import read_total

D = dt.date
NAN = float("nan")
VIEWER = Viewer.for_role("bappeda", "viewer")
ANALYST = Viewer.for_role("cabang", "analyst")


def hidden(values) -> list:
    """A small count (NaN, '<5') as 'H', a complementary one (inf, '≥5') as 'C', so that lists compare with ==."""
    return ["C" if suppression.is_complement(v) else "H" if suppression.is_hidden(v) else v for v in values]


def protect(frame: pl.DataFrame, rules: suppression.Rules, region: str | None = None, viewer=VIEWER) -> pl.DataFrame:
    return access.protect(viewer, frame, rules, region)


# ---------------------------------------------------------------------------------------------------------
# The rule on frames made by hand


DESA = suppression.Rules(counts=(("n", ("idr",)),), region_column="kode")


def desa_rows(*counts: int) -> pl.DataFrame:
    return pl.DataFrame({"kode": [f"12.10.01.20{i:02d}" for i in range(len(counts))], "n": list(counts),
                         "idr": [c * 1_000_000 for c in counts]})


def test_counts_of_1_to_4_are_hidden_and_0_and_5_are_shown():
    """Finding: no small-cell protection. Three cells of 1..4 in one group: no complementary cell is needed."""
    out = protect(desa_rows(0, 1, 4, 5, 3, 120), DESA)
    assert hidden(out["n"].to_list()) == [0, "H", "H", 5, "H", 120]
    assert out.schema["n"] == pl.Float64  # NaN needs a float column; null keeps meaning 'unknown'


def test_hidden_is_not_unknown_and_unknown_stays_unknown():
    """A hidden cell is NaN, written '<5'; a missing one stays None, written '–'."""
    frame = pl.DataFrame({"kode": ["12.10.01.2001", "12.10.01.2002", "12.10.01.2003"], "n": [None, 2, 3],
                          "idr": [None, 2, 3]})
    out = protect(frame, DESA)
    assert out["n"].to_list()[0] is None
    assert [fmt.number(v) for v in out["n"].to_list()] == ["–", "<5", "<5"]
    assert [fmt.rupiah(v) for v in out["idr"].to_list()] == ["–", "<5", "<5"]


def test_kabupaten_and_above_are_never_hidden():
    """Small counts of a kabupaten/kota or a provinsi are shown, by region column and by the region asked for."""
    frame = pl.DataFrame({"kode": ["12", "12.10", "12.74"], "n": [1, 2, 3], "idr": [1, 2, 3]})
    assert protect(frame, DESA).equals(frame)
    one_row = pl.DataFrame({"n": [2], "idr": [9]})
    rules = suppression.Rules(counts=(("n", ("idr",)),))
    assert protect(one_row, rules, region="12.10").equals(one_row)
    assert protect(one_row, rules, region="12").equals(one_row)
    assert hidden(protect(one_row, rules, region="12.10.01")["n"].to_list()) == ["H"]
    assert hidden(protect(one_row, rules, region="12.10.01.2001")["idr"].to_list()) == ["H"]


def test_the_figures_computed_from_a_hidden_count_are_hidden_with_it():
    """The rupiah of a hidden claim count and the UCJ % of a hidden participant count; a count hidden only as
    a dependent of another is hidden too, and a figure that depends on nothing hidden is not."""
    rules = suppression.Rules(counts=(("peserta_aktif", ("cakupan_pct",)), ("pekerja_wajib", ("cakupan_pct",))),
                              region_column="kode")
    frame = pl.DataFrame({"kode": ["12.10.01.2001", "12.10.01.2002", "12.10.01.2003"],
                          "peserta_aktif": [2, 50, 60], "pekerja_wajib": [400, 3, 0], "cakupan_pct": [0.5, None, None]})
    out = protect(frame, rules)
    # 2 of 400 is hidden, and so is its 0,5%; the 3 workers had no % to hide; the complementary cell of the
    # peserta_aktif group is 50 (the smallest other non-zero), of the pekerja_wajib group 400 (0 is not chosen)
    assert hidden(out["peserta_aktif"].to_list()) == ["H", "C", 60]
    assert hidden(out["pekerja_wajib"].to_list()) == ["C", "H", 0]
    assert hidden(out["cakupan_pct"].to_list()) == ["H", None, None]  # not computed (None) stays unknown


def test_exactly_one_hidden_in_a_group_hides_the_next_smallest_non_zero_cell():
    """Complementary suppression: desa of one kecamatan add up to its total, shown elsewhere; with one desa hidden,
    the total minus the others would give it back, so the smallest other non-zero desa (7, not the 0) goes too,
    written '≥5' (it is never small: small ones are all hidden already, and 0 is never chosen)."""
    out = protect(desa_rows(1, 0, 9, 7, 30), DESA)
    assert hidden(out["n"].to_list()) == ["H", 0, 9, "C", 30]
    assert hidden(out["idr"].to_list()) == ["H", 0, 9_000_000, "C", 30_000_000]
    assert [fmt.number(v) for v in out["n"].to_list()] == ["<5", "0", "9", "≥5", "30"]


def test_two_hidden_in_a_group_hide_nothing_more():
    out = protect(desa_rows(1, 2, 9, 7, 30), DESA)
    assert hidden(out["n"].to_list()) == ["H", "H", 9, 7, 30]


def test_a_group_of_one_row_has_nothing_to_hide_beside_it():
    out = protect(desa_rows(3), DESA)
    assert hidden(out["n"].to_list()) == ["H"]


def test_groups_are_siblings_in_the_same_month():
    """Rows of two kecamatan and two months: each (parent, month) is a group of its own."""
    frame = pl.DataFrame({
        "kode": ["12.10.01.2001", "12.10.01.2002", "12.10.02.2001", "12.10.02.2002"] * 2,
        "bulan": [D(2025, 1, 1)] * 4 + [D(2025, 2, 1)] * 4,
        "n": [1, 8, 6, 9, 5, 8, 2, 2], "idr": [0] * 8})
    out = protect(frame, DESA)
    # January: 12.10.01 has one hidden (1) -> 8 goes too; 12.10.02 none. February: 12.10.02 has two, nothing more
    assert hidden(out["n"].to_list()) == ["H", "C", 6, 9, 5, 8, "H", "H"]


def test_declared_groups_cover_a_second_margin():
    """klaim_tren_bulan declares 'groups: bulan; manfaat': benefits in a month, and months of a benefit (they add up
    to the benefit's total over the range, shown on the same page)."""
    rules = reading.query("klaim_tren_bulan").rules
    assert rules.groupings == (("bulan",), ("manfaat",))
    frame = pl.DataFrame({"bulan": [D(2025, 1, 1), D(2025, 1, 1), D(2025, 2, 1), D(2025, 2, 1)],
                          "manfaat": ["JHT", "JKM", "JHT", "JKM"], "jumlah_klaim": [40, 1, 30, 6],
                          "jumlah_idr": [4, 42, 3, 252]})
    out = protect(frame, rules, region="12.10.01")
    # January's JKM 1 is hidden; in January JHT 40 goes with it; then JKM has one hidden month, so February's
    # JKM 6 goes; then February has one hidden benefit, so its JHT 30 goes
    assert hidden(out["jumlah_klaim"].to_list()) == ["C", "H", "C", "C"]


def test_a_row_sum_with_one_hidden_part_hides_another_part():
    """cakupan_wilayah_bulan: peserta_aktif = PU + BPU + Jakon + PMI in the same row."""
    rules = reading.query("cakupan_wilayah_bulan").rules
    assert ("peserta_aktif", ("aktif_pu", "aktif_bpu", "aktif_jakon", "aktif_pmi")) in rules.sums
    frame = pl.DataFrame({c: [v] for c, v in {
        "kode_wilayah": "12.10.01.2001", "peserta_aktif": 120, "aktif_pu": 80, "aktif_bpu": 30, "aktif_jakon": 8,
        "aktif_pmi": 2, "peserta_baru": 0, "peserta_berhenti": 0, "pekerja_wajib": 400, "aktif_rekap": 0,
        "aktif_tanpa_desa": 0, "pekerja_wajib_kabupaten": None, "cakupan_pct": 30.0}.items()})
    out = protect(frame, rules, region="12.10.01.2001").row(0, named=True)
    assert hidden([out[c] for c in ("peserta_aktif", "aktif_pu", "aktif_bpu", "aktif_jakon", "aktif_pmi")]) == \
        [120, 80, 30, "C", "H"]
    assert out["cakupan_pct"] == 30.0


def test_analysts_admins_and_the_operator_see_exact_counts_and_documents_do_not():
    frame = desa_rows(1, 9)
    for who in (ANALYST, Viewer.for_role("x", "admin"), access.OPERATOR):
        assert protect(frame, DESA, viewer=who).equals(frame)
    assert hidden(protect(frame, DESA, viewer=ANALYST.for_documents())["n"].to_list()) == ["H", "C"]


# ---------------------------------------------------------------------------------------------------------
# What each query declares


@pytest.mark.parametrize("name", reading.query_names())
def test_every_column_a_header_names_is_a_column_of_the_result(con, name):
    """A meta-test: counts, their dependents, the region column, groups and sums name real columns (else the rule
    would silently protect nothing, or fail on a viewer's screen)."""
    from test_queries import sample

    frame = warehouse.read(con, name, access.OPERATOR, **sample(name))
    rules = reading.query(name).rules
    assert rules.columns() <= set(frame.columns), rules.columns() - set(frame.columns)
    for column in rules.count_columns:
        assert frame.schema[column].is_integer(), f"{name}.{column} is {frame.schema[column]}"


# ---------------------------------------------------------------------------------------------------------
# The demo warehouse: Labuhanbatu's kecamatan Panai Hilir (12.10.19) had 1 JKK claim from January to March 2025,
# and the desa Perkebunan Negeri Lama (12.10.08.2004, kecamatan Bilah Hilir) one JKM claim of Rp42.000.000 beside
# 12 JHT and 6 JP: the finding itself. (Until the demo was drawn to December 2029 and cut, it was Sei Berombang,
# 12.10.19.1001; docs/decisions.md.)

KECAMATAN, DESA_CODE = "12.10.19", "12.10.08.2004"
Q1 = {"bulan_dari": D(2025, 1, 1), "bulan_sampai": D(2025, 3, 1), "segmen": "", "kelompok": ""}
SAMPLE = {"bulan": D(2025, 3, 1), "tanggal": D(2025, 3, 31), "bulan_lalu": D(2024, 3, 1), "tanggal_lalu": D(2024, 3, 31),
          "dari": D(2025, 1, 1), "sampai": D(2025, 3, 31), "tahun": 2025, "tingkat": "desa_kelurahan", **Q1}


def test_the_demo_holds_the_small_counts_these_tests_are_about(con):
    assert con.execute("select count(*), sum(jumlah_idr) from klaim where kode_desa = ? and manfaat = 'JKM' "
                       "and tanggal_bayar between '2025-01-01' and '2025-03-31'", [DESA_CODE]).fetchall() == \
        [(1, 42_000_000)]
    rows = warehouse.read(con, "klaim_manfaat_periode", access.OPERATOR, wilayah=KECAMATAN, **Q1)
    assert rows.select("manfaat", "jumlah_klaim").rows() == [
        ("JHT", 66), ("JKK", 1), ("JKM", 6), ("JP", 40), ("beasiswa", 7)]


def test_a_viewer_reads_the_kecamatan_claims_with_the_small_one_and_its_complement_hidden(con):
    """JKK 1 is hidden with its rupiah; JKM 6 (the smallest of the others) goes with it, or the total
    (shown on the cards) minus the rest would give the 1 back. An analyst reads every figure."""
    rows = warehouse.read(con, "klaim_manfaat_periode", VIEWER, wilayah=KECAMATAN, **Q1)
    assert hidden(rows["jumlah_klaim"].to_list()) == [66, "H", "C", 40, 7]
    assert hidden(rows["jumlah_idr"].to_list())[1:3] == ["H", "C"]
    total = read_total(con, "klaim_manfaat_periode", VIEWER, ("jumlah_klaim", "jumlah_idr"), wilayah=KECAMATAN, **Q1)
    assert total.item(0, "jumlah_klaim") == 120  # the kecamatan's own total, exact: it is not a small count
    exact = warehouse.read(con, "klaim_manfaat_periode", ANALYST, wilayah=KECAMATAN, **Q1)
    assert exact["jumlah_klaim"].to_list() == [66, 1, 6, 40, 7]


@pytest.mark.parametrize("region", [KECAMATAN, DESA_CODE])
def test_no_query_gives_a_viewer_a_count_from_1_to_4_below_kabupaten(con, region):
    """Every query with a region parameter, read as a viewer for the kecamatan and the desa: no declared count
    holds 1 to 4 (and, so that this is not vacuous, some cells were hidden)."""
    hidden_cells = 0
    for name in warehouse.query_names():
        q = reading.query(name)
        if q.region_param is None:
            continue
        frame = warehouse.read(con, name, VIEWER, **{p: region if p == "wilayah" else SAMPLE[p] for p in q.params})
        if q.rules.region_column:  # rows of a kabupaten/kota (a branch office's targets) are never suppressed
            frame = frame.filter(pl.col(q.rules.region_column).map_elements(suppression.below_kabupaten,
                                                                            return_dtype=pl.Boolean))
        for column in q.counts:
            values = frame[column].to_list()
            small = [v for v in values if v is not None and not suppression.is_hidden(v) and 1 <= v <= 4]
            assert small == [], f"{name}.{column} at {region}: {small}"
            hidden_cells += sum(suppression.is_hidden(v) for v in values)
    assert hidden_cells > 10


def test_the_summary_for_a_viewer_hides_the_claim_and_keeps_the_total(con):
    from ucj.reports.summary import summarize

    s = summarize(con, DESA_CODE, D(2025, 3, 31), D(2025, 1, 1), D(2025, 3, 31), viewer=VIEWER)
    # the JKM claim, and JP (6, the smaller of the other two) beside it: the desa's total minus JHT would give it
    assert hidden([s["claims"][b][k] for b in ("JKM", "JP", "JHT") for k in ("count", "amount_idr")]) == \
        ["H", "H", "C", "C", 12, 229_780_900]
    assert s["claims_total"] == {"count": 19, "amount_idr": 298_874_700}  # 12 JHT + 1 JKM + 6 JP: not small
    exact = summarize(con, DESA_CODE, D(2025, 3, 31), D(2025, 1, 1), D(2025, 3, 31), viewer=ANALYST)
    assert exact["claims"]["JKM"] == {"count": 1, "amount_idr": 42_000_000}


# ---------------------------------------------------------------------------------------------------------
# Briefing documents: suppressed whoever makes them (the operator here, as the CLI's briefing command)


@pytest.fixture(scope="module")
def desa_briefing(demo_db):
    from ucj.reports import briefing

    connection = duckdb.connect(str(demo_db), read_only=True)
    try:
        yield briefing.gather(connection, DESA_CODE, D(2025, 3, 31), D(2025, 1, 1), D(2025, 3, 31),
                              viewer=access.OPERATOR)
    finally:
        connection.close()


def test_the_briefing_pdf_writes_the_death_as_less_than_5_and_not_its_amount(desa_briefing):
    from pypdf import PdfReader

    from ucj.reports import documents

    text = PdfReader(io.BytesIO(documents.pdf(desa_briefing))).pages[0].extract_text()
    assert "Jumlah klaim: JKM <5 · JHT 12 · JP ≥5" in text
    assert "Rp42 juta" not in text and "42.000.000" not in text
    assert "Rp298,9 juta" in text and "19 klaim" in text  # the desa's total: not small, shown


def test_the_briefing_deck_writes_the_death_as_less_than_5_and_not_its_amount(desa_briefing):
    from pptx import Presentation

    from ucj.reports import documents

    deck = Presentation(io.BytesIO(documents.pptx(desa_briefing)))
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert "JKM: <5 klaim" in text and "JP: ≥5 klaim" in text
    assert "Rp42 juta" not in text and "42.000.000" not in text
    chart = next(shape.chart for shape in deck.slides[2].shapes if shape.has_chart)
    assert list(chart.plots[0].series[0].values) == [None, 12.0, None]  # no bar for the hidden count


def test_the_command_line_briefing_is_suppressed_too(demo_db, tmp_path):
    """`python -m ucj briefing` reads as the operator, who sees exact counts elsewhere; its document does not."""
    from pypdf import PdfReader

    from conftest import run_cli

    output = tmp_path / "bahan.pdf"
    result = run_cli("briefing", "--db", str(demo_db), "--region", DESA_CODE, "--as-of", "2025-03-31",
                     "--claims-from", "2025-01-01", "--format", "pdf", "-o", str(output))
    assert result.returncode == 0, result.stderr
    text = PdfReader(output).pages[0].extract_text()
    assert "Jumlah klaim: JKM <5 · JHT 12 · JP ≥5" in text and "Rp42 juta" not in text


def test_kabupaten_documents_are_untouched(con):
    """The published figures (DOMAIN.md) are at kabupaten level: a briefing of Labuhanbatu hides nothing."""
    from ucj.reports import briefing

    b = briefing.gather(con, "12.10", D(2025, 3, 31), D(2024, 1, 1), D(2025, 3, 31), viewer=access.OPERATOR)
    s = b.summary
    assert (s["active_participants"], s["eligible_workers"], s["coverage_pct"]) == (66_234, 181_567, 36.48)
    assert {k: v["count"] for k, v in s["claims"].items() if k != "JKP"} == \
        {"JHT": 5_002, "JKK": 149, "JKM": 255, "JP": 3_520, "beasiswa": 303}
    assert not any(math.isnan(p) for _, p in b.trend if p is not None)
    assert all(fmt.HIDDEN not in value for _, value, _ in b.key_figures())


# ---------------------------------------------------------------------------------------------------------
# A page as a viewer


def test_the_klaim_page_shows_a_viewer_less_than_5_for_the_kecamatan(demo_copy, monkeypatch):
    """Klaim at Panai Hilir, January to March 2025, as an account with role viewer: the JKK row of the table reads
    '<5' (count, rupiah and average), the JKM row hidden beside it '≥5', the cards the kecamatan's exact total. The demo opens without
    login on loopback (as an admin); the test makes the server count as reached from the network, so that the
    login form is shown."""
    from conftest import make_account, open_app

    monkeypatch.setattr("ui.auth.loopback_only", lambda: False)
    account = make_account(demo_copy, "bappeda", "viewer")
    at = open_app(monkeypatch, demo_copy, "klaim", login=account, wilayah=KECAMATAN, periode="2025-03")
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric][:2] == [("Klaim dibayar", "120"), ("Jumlah dibayar", "Rp1,4 miliar")]
    table = at.dataframe[0].value
    assert table["Manfaat"].to_list() == ["JHT", "JP", "JKM", "JKK", "JKP", "beasiswa"]
    assert table["Jumlah klaim"].to_list() == ["66", "40", "≥5", "<5", "0", "7"]
    assert table["Jumlah dibayar (Rp)"].to_list()[2:4] == ["≥5", "<5"]
    assert table["Rata-rata per klaim (Rp)"].to_list()[2:4] == ["≥5", "<5"]
    assert "<5: 1 sampai 4 orang atau klaim di kecamatan atau desa" in " ".join(c.value for c in at.caption)


def test_a_viewer_never_gets_the_figures_kept_for_an_admin(demo_copy, monkeypatch):
    """Pages keep what they built per request (ui/cache.py) for every session of the same viewer: the admin's exact
    kecamatan claims, built first, are not what a viewer asking for the same page and link then gets, nor the other
    way round."""
    from conftest import make_account, open_app

    at = open_app(monkeypatch, demo_copy, "klaim", wilayah=KECAMATAN, periode="2025-03")  # the demo's own admin
    assert at.dataframe[0].value["Jumlah klaim"].to_list()[2:4] == [6, 1]
    monkeypatch.setattr("ui.auth.loopback_only", lambda: False)
    account = make_account(demo_copy, "bappeda", "viewer")
    at = open_app(monkeypatch, demo_copy, "klaim", login=account, wilayah=KECAMATAN, periode="2025-03")
    assert at.dataframe[0].value["Jumlah klaim"].to_list()[2:4] == ["≥5", "<5"]
    monkeypatch.setattr("ui.auth.loopback_only", lambda: True)
    at = open_app(monkeypatch, demo_copy, "klaim", wilayah=KECAMATAN, periode="2025-03")
    assert at.dataframe[0].value["Jumlah klaim"].to_list()[2:4] == [6, 1]
