"""The Musrenbang briefing as PDF and PowerPoint: the published figures in the text, a second page for long
tables, native charts in the deck, the PDF rendered to an image, and no browser needed."""
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, lazy_import, open_app, run_cli
from pypdf import PdfReader

from ucj.warehouse import marts
from ucj.warehouse.reference import WORKER_GROUPS

pptx = lazy_import("pptx")  # python-pptx loads when a test opens a deck, not at collection

FIGURES = ("36,48%", "66.234", "181.567", "Rp105,2 miliar", "Data demo")
ARGS = ("--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2024-01-01", "--claims-to", "2025-03-31")


def make(db_path, fmt, out, *extra, env=None):
    result = run_cli("briefing", *ARGS, "--format", fmt, "-o", str(out), "--db", str(db_path), *extra, env=env)
    assert result.returncode == 0, result.stderr
    return out


def pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def deck_text(path) -> list[str]:
    slides = []
    for slide in pptx.Presentation(path).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        slides.append("\n".join(parts))
    return slides


def test_pdf_is_one_page_with_the_published_figures(demo_db, tmp_path):
    pages = pdf_text(make(demo_db, "pdf", tmp_path / "bahan.pdf"))
    assert len(pages) == 1
    for figure in FIGURES:
        assert figure in pages[0], figure
    assert "31 Maret 2025" in pages[0] and "Sumber dan tanggal" in pages[0]
    assert "Rencana 10.000 pekerja rentan (APBD)" in pages[0]  # the funding scenario from the recorded plans


def test_deck_has_the_same_figures_on_five_slides_with_native_charts(demo_db, tmp_path):
    path = make(demo_db, "pptx", tmp_path / "bahan.pptx")
    slides = deck_text(path)
    assert 4 <= len(slides) <= 6
    everything = "\n".join(slides)
    for figure in FIGURES:
        assert figure in everything, figure
    charts = [shape.chart for slide in pptx.Presentation(path).slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 2
    claims = [c for c in charts if c.plots[0].categories and "JHT" in list(c.plots[0].categories)][0]
    values = dict(zip(claims.plots[0].categories, claims.plots[0].series[0].values))
    assert (values["JHT"], values["JKK"], values["JKM"], values["JP"], values["beasiswa"]) == (5002, 149, 255, 3520, 303)


def test_groups_cost_and_map_appear_when_there_are_rosters_and_boundaries(demo_copy, tmp_path):
    shared = ROOT.parent / "shared" / "data" / "wilayah" / "labuhanbatu_raya_kecamatan.geojson"
    if not shared.exists():
        pytest.skip(f"shared boundaries not present at {shared}")
    path = demo_copy
    assert run_cli("boundaries", "load", str(shared), "--db", str(path)).returncode == 0
    out = tmp_path / "april.pdf"
    result = run_cli("briefing", "--region", "12.10", "--as-of", "2025-04-30", "--format", "pdf", "-o", str(out),
                     "--db", str(path))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)[0]
    # April 2025: 3.000 guru, 1.200 kader desa, 215 kepala lingkungan; a year of JKK + JKM at Rp16.800 a month
    assert "Guru honorer" in text and "3.000" in text and "1.200" in text and "215" in text
    assert "Rp604,8 juta" in text  # 3.000 x 12 x Rp16.800
    assert "Cakupan UCJ per wilayah" in text
    images = [image for page in PdfReader(out).pages for image in page.images]
    assert len(images) == 3  # trend, claims and the map


def test_a_long_table_continues_on_a_second_page(demo_copy, tmp_path):
    """Rosters for every worker group: the table runs past the first page instead of being cut."""
    path = demo_copy
    con = duckdb.connect(str(path))
    try:
        next_id = con.execute("select max(anggota_id) + 1 from anggota_kelompok").fetchall()[0][0]
        rows = [[next_id + i, f"hash-{i}", "12.10.01.1004", code, "uji", dt.date(2025, 1, 15), None]
                for i, (code, _, _) in enumerate(WORKER_GROUPS * 3)]
        con.executemany("insert into anggota_kelompok values (?, ?, ?, ?, ?, ?, ?)", rows)
        marts.build_marts(con, only=("00_macros.sql", "05_mart_kelompok_wilayah_bulan.sql"))
    finally:
        con.close()
    pages = pdf_text(make(path, "pdf", tmp_path / "panjang.pdf"))
    assert len(pages) == 2
    assert "36,48%" in pages[0]
    shown = "\n".join(pages)
    for _, name, _ in WORKER_GROUPS:
        assert name in shown, name
    assert "Sumber dan tanggal" in pages[1]


def test_pdf_renders_to_an_image(demo_db, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (apt-get install -y poppler-utils; .ci/run does it)")
    pdf = make(demo_db, "pdf", tmp_path / "bahan.pdf")
    screenshots = ROOT / "screenshots"
    screenshots.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(screenshots / "briefing_12.10")],
                   check=True)
    picture = screenshots / "briefing_12.10.png"
    with open(picture, "rb") as f:
        header = f.read(24)
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and width > height  # A4 landscape


def test_made_with_no_browser_on_the_path(demo_db, tmp_path):
    env = {"PATH": str(Path(sys.executable).parent), "BROWSER_PATH": "", "HOME": str(tmp_path)}
    for fmt in ("pdf", "pptx"):
        out = make(demo_db, fmt, tmp_path / f"tanpa_peramban.{fmt}", env={**env, "MPLCONFIGDIR": str(tmp_path)})
        assert out.stat().st_size > 10_000


@pytest.mark.parametrize("args, words", [
    (["--format", "pdf", "-o", "bahan.pptx"], "harus berakhiran .pdf"),
    (["--format", "docx", "-o", "bahan.docx"], "'docx' tidak dikenal, pilih salah satu dari 'pdf', 'pptx'"),
    (["--format", "pdf", "-o", "tidak_ada/bahan.pdf"], "Folder untuk"),
])
def test_bad_options_are_refused_in_one_sentence(demo_db, tmp_path, args, words):
    args = [a if not a.endswith((".pdf", ".pptx", ".docx")) else str(tmp_path / a) for a in args]
    result = run_cli("briefing", *ARGS, "--db", str(demo_db), *args)
    assert result.returncode == 2 and words in result.stderr and result.stderr.count("\n") == 1
    assert not list(tmp_path.rglob("bahan*"))


def test_unknown_region_is_refused(demo_db, tmp_path):
    result = run_cli("briefing", "--region", "12.99", "--as-of", "2025-03-31", "--format", "pdf",
                     "-o", str(tmp_path / "x.pdf"), "--db", str(demo_db))
    assert result.returncode == 2 and "12.99" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
    assert os.listdir(tmp_path) == []


def test_briefing_page_previews_the_figures_and_ringkasan_offers_the_documents(demo_copy, monkeypatch):
    at = open_app(monkeypatch, demo_copy, wilayah="12.10", periode="2025-03")
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Bahan Musrenbang (PDF)" in labels and "Bahan Musrenbang (PowerPoint)" in labels
    at.switch_page("app_pages/briefing.py").run()
    at.date_input(key="bahan_klaim_dari").set_value(dt.date(2024, 1, 1)).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == {
        "Cakupan UCJ": "36,48%", "Peserta aktif": "66.234", "Pekerja wajib terlindungi": "181.567",
        "Target UCJ 2025": "40,00%", "Klaim dibayar": "Rp105,2 miliar"}
    assert any("Data demo" in c.value for c in at.caption)
    assert any("1 Januari 2024 – 31 Maret 2025" in m.value for m in at.markdown)
    assert any("Rencana tercatat: Rencana 10.000 pekerja rentan (APBD)" in m.value for m in at.markdown)
    at.number_input(key="bahan_APBD").set_value(5000).run()
    at.number_input(key="bahan_DBH Sawit").set_value(0).run()
    # (66.234 + 5.000) / 181.567
    assert any("Skenario dipilih: APBD 5.000 pekerja" in m.value and "39,23%" in m.value for m in at.markdown)


def documents(at) -> list[str]:
    """The briefing's own download buttons (the preview's tables have their CSV and XLSX beside them)."""
    return sorted(b.proto.label for b in at.get("download_button") if b.proto.label.startswith("Bahan Musrenbang"))


def test_the_briefing_page_offers_documents_of_exactly_the_dates_shown(demo_copy, monkeypatch):
    """Issue 15 point 7: the page offers the PDF and PPTX only for the claim range its fields hold when 'Siapkan
    dokumen' is clicked (a click carries every field's value; a download button drawn earlier would carry the dates
    before). A date changed afterwards takes the buttons away until the documents are prepared again. The file names
    say the claim range."""
    at = open_app(monkeypatch, demo_copy, "briefing", wilayah="12.10", periode="2025-03")
    assert not at.exception
    assert documents(at) == []
    at.date_input(key="bahan_klaim_dari").set_value(dt.date(2024, 1, 1))
    at.button(key="bahan_siapkan").click().run()
    assert not at.exception
    assert documents(at) == ["Bahan Musrenbang (PDF)", "Bahan Musrenbang (PowerPoint)"]
    assert "Dokumen siap: klaim dibayar 1 Januari 2024 – 31 Maret 2025, posisi 31 Maret 2025." in [
        c.value for c in at.caption]
    at.date_input(key="bahan_klaim_sampai").set_value(dt.date(2024, 12, 15)).run()
    assert documents(at) == []
    assert "Tanggal klaim atau skenario berubah sejak dokumen disiapkan: tekan Siapkan dokumen lagi." in [
        c.value for c in at.caption]


def test_a_document_whose_fields_changed_before_the_click_is_not_made():
    """The check behind a download button (issue 15 point 7): the document waits for its click's verdict and is made
    only if the fields still hold what the button was drawn from."""
    import queue

    from ucj.access import Viewer
    from ui import briefing

    request = briefing.Request("", Viewer("x"), "12.10", dt.date(2025, 3, 31), dt.date(2024, 1, 1),
                               dt.date(2025, 3, 31), 16800)
    verdicts = queue.SimpleQueue()
    verdicts.put(False)
    with pytest.raises(briefing.StaleDocument):
        briefing._made_if_current(request, "pdf", verdicts)
    assert verdicts.empty()


def test_the_file_name_says_the_claim_range():
    from ucj.access import Viewer
    from ui.briefing import Request

    def stem(first, last):
        return Request("", Viewer("x"), "12.10", dt.date(2025, 3, 31), first, last, 16800).stem

    assert stem(dt.date(2024, 1, 1), dt.date(2025, 3, 31)) == "bahan_musrenbang_12.10_2025-03_klaim_2024-01_2025-03"
    assert stem(dt.date(2024, 1, 15), dt.date(2024, 12, 15)) == (
        "bahan_musrenbang_12.10_2025-03_klaim_2024-01-15_2024-12-15")
    assert stem(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == "bahan_musrenbang_12.10_2025-03_klaim_2024-02_2024-02"


def test_the_funding_scenario_chosen_is_the_one_printed(demo_db, tmp_path):
    out = make(demo_db, "pdf", tmp_path / "skenario.pdf", "--fund", "APBD=5000", "--asn", "100")
    text = pdf_text(out)[0]
    # 66.234 + 5.000 + 5 x 100 = 71.734 of 181.567; a year of JKK + JKM for 5.500 at Rp16.800 a month
    assert "Skenario dipilih: APBD 5.000, SERTAKAN 500 pekerja" in " ".join(text.split())
    assert "39,51%" in text and "Rp1,1 miliar" in text
    result = run_cli("briefing", *ARGS, "--db", str(demo_db), "--format", "pdf", "-o", str(tmp_path / "x.pdf"),
                     "--fund", "Pajak=5")
    assert result.returncode == 2 and "--fund 'Pajak=5'" in result.stderr


def test_edge_cases_found_in_review(demo_copy, tmp_path):
    """No claims in the range, the first month of data, a SERTAKAN plan, a very long name, many groups."""
    path = demo_copy
    long_name = "Kabupaten Labuhanbatu " + "Raya Persiapan Pemekaran Wilayah Pesisir Timur " * 2
    con = duckdb.connect(str(path))
    try:
        con.execute("update wilayah set nama = ? where kode = '12.10'", [long_name.strip()])
        con.execute("insert into perjanjian_sponsor values ('RENCANA-1210-SERTAKAN', 'Rencana SERTAKAN ASN', "
                    "'ASN Labuhanbatu', 'SERTAKAN', '12.10', 1000, ['JKK', 'JKM'], date '2025-06-01', "
                    "date '2025-12-31', null, 'rencana', null)")
        next_id = con.execute("select max(anggota_id) + 1 from anggota_kelompok").fetchall()[0][0]
        rows = [[next_id + i, f"hash-{i}", "12.10.01.1004", code, "uji", dt.date(2025, 1, 15), None]
                for i, (code, _, _) in enumerate(WORKER_GROUPS)]
        con.executemany("insert into anggota_kelompok values (?, ?, ?, ?, ?, ?, ?)", rows)
        marts.build_marts(con, only=("00_macros.sql", "05_mart_kelompok_wilayah_bulan.sql"))
    finally:
        con.close()

    # a day with no claims: both documents say so instead of failing
    for fmt in ("pdf", "pptx"):
        out = tmp_path / f"tanpa_klaim.{fmt}"
        result = run_cli("briefing", "--region", "12.10.01.1004", "--as-of", "2025-04-30", "--claims-from",
                         "2025-04-06", "--claims-to", "2025-04-06", "--format", fmt, "-o", str(out), "--db", str(path))
        assert result.returncode == 0, result.stderr
        text = "\n".join(pdf_text(out) if fmt == "pdf" else deck_text(out))
        assert "Tidak ada klaim dibayar pada rentang ini." in text

    # the first month of data: no comparison claimed, a one-month trend
    # (the groups now show there too, from their earliest later roster, and push the sources onto a second page)
    first = "\n".join(pdf_text(make_at(path, tmp_path / "awal.pdf", "2022-01-31")))
    assert "belum ada data setahun sebelumnya" in first and "tren 1 bulan" in first

    # the SERTAKAN plan's 1.000 workers count (as 200 ASN x 5), beside 10.000 APBD and 3.800 DBH Sawit
    march = pdf_text(make(path, "pdf", tmp_path / "maret.pdf"))
    assert "14.800 pekerja bertambah" in " ".join(" ".join(march).split())
    # the long name wraps instead of running off the page, and the denominator switch is pointed out
    assert long_name.split()[-1] in march[0].replace("\n", " ")
    assert "sebagian perubahan cakupan berasal dari pergantian sumber itu" in " ".join(" ".join(march).split())

    # nineteen groups: the deck's table keeps seven, sums the rest and stays on its slide
    deck = make(path, "pptx", tmp_path / "kelompok.pptx")
    presentation = pptx.Presentation(deck)
    for slide in presentation.slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= presentation.slide_height, shape.name
    assert "12 kelompok lainnya" in deck_text(deck)[3]


def make_at(db_path, out, as_of):
    result = run_cli("briefing", "--region", "12.10", "--as-of", as_of, "--format", "pdf", "-o", str(out),
                     "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    return out


def record_reads(monkeypatch) -> list[str]:
    """The names of the queries read through the seam from now on (warehouse.read and read_total, wherever they
    were imported), as benchmarks/pages.py records them."""
    import sys

    from ucj.warehouse import reading

    names = []

    def recorded(real):
        def read(con, name, viewer, *args, **kwargs):
            names.append(name)
            return real(con, name, viewer, *args, **kwargs)
        return read

    for real in (reading.read, reading.read_total):
        wrapper = recorded(real)
        for module in [m for m in list(sys.modules.values()) if m is not None]:
            for attribute, value in list(vars(module).items()):
                if value is real:
                    monkeypatch.setattr(module, attribute, wrapper)
    return names


def test_ringkasan_does_not_gather_the_briefing_until_a_document_is_asked_for(demo_copy, monkeypatch):
    """Issue 14: Ringkasan gathered the briefing (summarize twice, 14 more queries) on every load for its two
    buttons. Now a load reads none of the briefing's own queries; the PDF button carries a function that gathers and
    makes the document when clicked (Streamlit runs it then), and its callback writes the audit entry."""
    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    from ucj.accounts import Store, accounts_path
    from ui import data

    st.cache_data.clear()  # a briefing gathered by an earlier test would not be read again either way
    buttons = {}
    original = DeltaGenerator.download_button

    def keep(self, label, data, *args, **kwargs):
        buttons[label] = (data, kwargs)
        return original(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", keep)
    reads = record_reads(monkeypatch)
    at = open_app(monkeypatch, demo_copy, wilayah="12.10", periode="2025-03")
    assert not at.exception
    # the briefing's own queries (ucj.reports.summary and .briefing), none of which the page itself shows
    # (its claims of whole months are klaim_manfaat_jumlah's, the benefits with their total)
    briefing_only = {"ringkasan_akhir_bulan", "klaim_manfaat_jumlah", "cakupan_tren",
                     "sponsor_rencana", "peta_bentuk", "peta_nilai", "kelompok_belum_tercakup"}
    assert reads and not briefing_only & set(reads)
    assert at.metric[0].value == "36,48%"
    make_pdf, options = buttons["Bahan Musrenbang (PDF)"]
    assert callable(make_pdf) and options["file_name"] == "bahan_musrenbang_12.10_2025-03_klaim_2025-01_2025-03.pdf"

    pdf = make_pdf()  # what the click downloads
    assert briefing_only - {"peta_bentuk", "peta_nilai"} <= set(reads)  # gathered now (no boundaries: no map)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for figure in ("36,48%", "66.234", "181.567", "Data demo", "Kabupaten Labuhanbatu"):
        assert figure in text, figure
    monkeypatch.setattr(st, "session_state", {data.DEMO_KEY: True})  # the click's rerun: the demo's own viewer
    options["on_click"](*options["args"])
    last = Store(accounts_path(demo_copy)).log(limit=1)[0]
    assert (last.name, last.action, last.detail) == ("demo", "dokumen",
                                                     "bahan_musrenbang_12.10_2025-03_klaim_2025-01_2025-03.pdf")


def test_the_preview_pictures_are_drawn_once_for_the_figures_they_draw(demo_copy, tmp_path, monkeypatch):
    """Issue 14: under load the Bahan Musrenbang page's preview (three matplotlib PNGs, drawn in the script thread)
    carried the tail. Each picture is now kept by exactly what it draws: a new funding scenario redraws none, new
    claim dates only the claims chart, a new region all three; a picture given from the cache is the one this
    viewer's own figures draw."""
    import streamlit as st
    from test_boundaries import tiny_desa

    from ucj import access, settings
    from ucj.ingest import boundaries
    from ucj.reports import documents, picture_worker
    from ui import briefing

    con = duckdb.connect(str(demo_copy))  # four desa of kecamatan 12.10.01: its briefing has a map
    boundaries.load(con, tiny_desa(tmp_path)[0])
    con.close()
    st.cache_data.clear()
    drawn = []

    real = picture_worker.draw

    def counted_draw(name, *args):  # every preview picture is drawn through the worker (or here, if it fails)
        drawn.append(name)
        return real(name, *args)

    monkeypatch.setattr(picture_worker, "draw", counted_draw)
    admin = access.Viewer.for_role("demo", "admin")
    march, january = dt.date(2025, 3, 31), dt.date(2025, 1, 1)

    def shown(region="12.10.01", who=admin, claims_from=january, funding=()):
        drawn.clear()
        request = briefing.Request(str(demo_copy), who, region, march, claims_from, march,
                                   settings.BPU_JKK_JKM_MONTHLY_IDR, funding)
        return briefing.pictures(request), sorted(drawn)

    first, made = shown()
    assert made == ["claims_picture", "map_picture", "trend_picture"] and all(first)
    assert shown() == (first, [])  # the same request: nothing drawn again
    assert shown(funding=(("APBD", 5000),)) == (first, [])  # another scenario: the same pictures
    later, made = shown(claims_from=dt.date(2024, 1, 1))
    assert made == ["claims_picture"] and later[0] == first[0] and later[2] == first[2] and later[1] != first[1]
    assert shown("12.10.07")[1] == ["claims_picture", "map_picture", "trend_picture"]  # another kecamatan
    # a viewer of the kabupaten only, in another session: what the cache gives is what this viewer's figures draw
    staff = access.Viewer.for_role("staf", "viewer", ("12.10",))
    given, _ = shown(who=staff)
    b = briefing.gathered(briefing.Request(str(demo_copy), staff, "12.10.01", march, january, march,
                                           settings.BPU_JKK_JKM_MONTHLY_IDR))
    assert given == (documents.trend_png(b), documents.claims_png(b), documents.map_png(b))
