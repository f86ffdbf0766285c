"""The briefing deck's text fits its boxes: every text box and table cell of the PowerPoint, measured here on its
own with the glyph widths of the font each run names (PIL and Liberation Sans for Arial), wraps inside the box's
width and its lines inside the box's height, insets left out; no two text boxes or tables overlap, and all stay
on the slide. python-pptx does not measure text: a line too long runs over whatever is below it in the room.

The measure is independent of ucj.reports.textfit (its own wrapping, no slack): single spacing is taken as 1.2
times the size (Arial's is 1.15)."""
import datetime as dt
from pathlib import Path

import duckdb
import pytest
from conftest import lazy_import, run_cli

from ucj.warehouse import marts
from ucj.warehouse.reference import WORKER_GROUPS

pptx = lazy_import("pptx")

LIBERATION = Path("/usr/share/fonts/truetype/liberation")
FONT_FILES = {"Arial": {False: LIBERATION / "LiberationSans-Regular.ttf", True: LIBERATION / "LiberationSans-Bold.ttf"},
              "Liberation Sans": {False: LIBERATION / "LiberationSans-Regular.ttf",
                                  True: LIBERATION / "LiberationSans-Bold.ttf"}}
EMU_PER_POINT = 12700
LONG_NAME = "Kabupaten Labuhanbatu Raya Persiapan Pemekaran Wilayah Pesisir Timur Dan Kepulauan Bagian Selatan"
LONG_SOURCE = ("Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Labuhanbatu Raya Persiapan Pemekaran, rekapitulasi "
               "kader desa dan kader posyandu hasil verifikasi lapangan bersama camat dan kepala desa se-kabupaten")


def _font(name: str | None, bold: bool):
    from PIL import ImageFont

    files = FONT_FILES.get(name or "Calibri")  # no name: the default theme's Calibri, not installed here
    path = (files or FONT_FILES["Arial"])[bool(bold)]
    return ImageFont.truetype(str(path), 100), files is not None


def _lines(text: str, font, size: float, room: float) -> tuple[int, list[str]]:
    """Lines of one paragraph wrapped between words in `room` points; the words wider than the room."""
    too_wide, lines, line = [], 1, ""
    for word in text.split(" "):
        if font.getlength(word) * size / 100 > room:
            too_wide.append(word)
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) * size / 100 > room:
            lines, line = lines + 1, word
        else:
            line = candidate
    return lines, too_wide


def frame_problems(frame, width_emu: int, height_emu: int, margins, where: str, default_size: float = 18,
                   default_bold: bool = False) -> list[str]:
    left, right, top, bottom = margins
    room = (width_emu - left - right) / EMU_PER_POINT
    tall = (height_emu - top - bottom) / EMU_PER_POINT
    problems, used = [], 0.0
    for paragraph in frame.paragraphs:
        runs = paragraph.runs
        size = max((r.font.size.pt for r in runs if r.font.size is not None), default=None)
        size = size or (paragraph.font.size.pt if paragraph.font.size is not None else default_size)
        bold = any(r.font.bold for r in runs) or (default_bold and not any(r.font.bold is False for r in runs))
        name = next((r.font.name for r in runs if r.font.name), None)
        font, known = _font(name, bold)
        if not known and paragraph.text:
            problems.append(f"{where}: font {name or 'of the theme (Calibri)'} cannot be measured: not installed")
        lines, too_wide = _lines(paragraph.text, font, size, room)
        if too_wide:
            problems.append(f"{where}: {too_wide} wider than the box at {size} pt")
        used += lines * size * 1.2
    if used > tall + 0.5:
        problems.append(f"{where}: text {used:.0f} pt tall in a box {tall:.0f} pt tall: {frame.text[:80]!r}")
    return problems


def deck_problems(path) -> list[str]:
    presentation = pptx.Presentation(path)
    problems = []
    for number, slide in enumerate(presentation.slides, start=1):
        boxes = []
        for shape in slide.shapes:
            where = f"slide {number} {shape.name}"
            height = shape.height
            if shape.has_table:
                table = shape.table
                height = sum(row.height for row in table.rows)  # rows as set: a taller text grows them
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        margins = (cell.margin_left, cell.margin_right, cell.margin_top, cell.margin_bottom)
                        problems += frame_problems(cell.text_frame, table.columns[c].width, row.height, margins,
                                                   f"{where} cell {r},{c}", default_bold=r == 0 and table.first_row)
            elif shape.has_text_frame:
                frame = shape.text_frame
                margins = (frame.margin_left, frame.margin_right, frame.margin_top, frame.margin_bottom)
                problems += frame_problems(frame, shape.width, shape.height, margins, where)
            else:
                continue
            if shape.left < 0 or shape.top < 0 or shape.left + shape.width > presentation.slide_width \
                    or shape.top + height > presentation.slide_height:
                problems.append(f"{where}: off the slide")
            boxes.append((where, shape.left, shape.top, shape.left + shape.width, shape.top + height))
        for i, (name, x0, y0, x1, y1) in enumerate(boxes):
            for other, u0, v0, u1, v1 in boxes[i + 1:]:
                if x0 < u1 and u0 < x1 and y0 < v1 and v0 < y1:
                    problems.append(f"{name} overlaps {other}")
    return problems


def briefing(db, out, region: str, as_of: str = "2025-04-30") -> Path:
    result = run_cli("briefing", "--region", region, "--as-of", as_of, "--claims-from", "2024-01-01",
                     "--format", "pptx", "-o", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(autouse=True)
def fonts():
    if not (LIBERATION / "LiberationSans-Regular.ttf").exists():
        pytest.skip("Liberation Sans is not installed (apt-get install -y fonts-liberation)")


def test_labuhanbatu_april_2025_deck_text_fits_its_boxes(demo_db, tmp_path):
    """Four groups with their rosters under the table, five key figures, seven claim lines."""
    path = briefing(demo_db, tmp_path / "labuhanbatu.pptx", "12.10")
    problems = deck_problems(path)
    assert not problems, "\n".join(problems)
    presentation = pptx.Presentation(path)
    text = "\n".join(shape.text_frame.text for slide in presentation.slides for shape in slide.shapes
                     if shape.has_text_frame)
    assert "Daftar guru honorer, 15 April 2025" in text  # the rosters are all in the deck, none cut


def test_long_names_and_sources_fit_or_move_on(demo_copy, tmp_path):
    """A regency with a very long name, rosters with long sources and every worker group on a roster: the title
    shrinks and wraps, the table keeps seven groups, the roster lines (too many for the room under the table)
    go to the last slide and the table's slide says so; every roster shown and every source is whole somewhere."""
    con = duckdb.connect(str(demo_copy))
    try:
        con.execute("update wilayah set nama = ? where kode = '12.10'", [LONG_NAME])
        long = ("kader_desa", "kader_posyandu", "guru_honorer")
        others = [code for code, _, _ in WORKER_GROUPS if code not in long]
        next_id = con.execute("select max(anggota_id) + 1 from anggota_kelompok").fetchall()[0][0]
        rows = [[next_id + i, f"hash-{i}", "12.10.01.1004", code, f"{LONG_SOURCE} tahap {i}" if i < 3 else "uji",
                 dt.date(2025, 1, 15), None] for i, code in enumerate([*long, *others])]
        con.executemany("insert into anggota_kelompok values (?, ?, ?, ?, ?, ?, ?)", rows)
        marts.build_marts(con, only=("00_macros.sql", "05_mart_kelompok_wilayah_bulan.sql"))
    finally:
        con.close()
    path = briefing(demo_copy, tmp_path / "panjang.pptx", "12.10")
    problems = deck_problems(path)
    assert not problems, "\n".join(problems)
    presentation = pptx.Presentation(path)
    slides = [" ".join(" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame).split())
              for slide in presentation.slides]
    assert LONG_NAME in slides[0]
    assert "lihat slide terakhir" in slides[3]
    for i in range(3):
        assert f"{LONG_SOURCE} tahap {i}" in slides[-1], i
    assert "Sumber dan tanggal" in " ".join(slides[4:])
    assert "…" not in " ".join(slides)  # nothing cut short
