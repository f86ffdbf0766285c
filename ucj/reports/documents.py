"""The briefing as documents: a one-page A4 landscape PDF (fpdf2) and a short deck (python-pptx).

Both are made offline with no browser: charts for the PDF are drawn with matplotlib, the deck's charts
are native PowerPoint charts, editable in the room. Every number is formatted by ucj.fmt (id_ID).
"""
import datetime as dt
import io
from pathlib import Path

import matplotlib
import matplotlib.dates
from matplotlib.figure import Figure  # figures made directly: pyplot's global state is not thread-safe
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ucj import fmt
from ucj.reports import measures
from ucj.reports.briefing import Briefing, groups_not_covered_total, rest_of_groups
from ucj.reports.textfit import DECK_FONT, Fit, Para, fit, lines_that_fit
from ucj.suppression import is_hidden

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
BLUE, GREY, ORANGE = "#0a5bd3", "#6b7280", "#c2410c"
HIDDEN_COLOUR = "#a5b4c8"  # a hidden UCJ % (docs/privacy.md), as on the page's map (choropleth.HIDDEN_COLOUR)
BAND_COLOURS = {"sangat rendah": "#b91c1c", "rendah": "#f97316", "sedang": "#facc15", "tinggi": "#16a34a"}
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


# ---------------------------------------------------------------------------------------------
# Static charts (PNG) for the PDF

def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=200, bbox_inches="tight")
    return buffer.getvalue()


def _axes(width: float, height: float):
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8, colors=GREY)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.6)
    ax.set_axisbelow(True)


def _plotted(value):
    """A value a chart can draw: a hidden one is left out (its place is a gap), never drawn as NaN."""
    return None if value is None or is_hidden(value) else value


def trend_png(b: Briefing) -> bytes | None:
    return trend_picture(tuple(b.trend), b.as_of, b.target_pct)


def trend_picture(trend: tuple[tuple[dt.date, float | None], ...], as_of: dt.date,
                  target_pct: float | None) -> bytes | None:
    """The trend chart from exactly what it draws (the page keeps it by these arguments: ui.briefing)."""
    points = [(m, p) for m, p in trend if _plotted(p) is not None]
    if not points:
        return None
    fig, ax = _axes(4.6, 2.2)
    ax.plot([m for m, _ in points], [p for _, p in points], color=BLUE, linewidth=2, marker="o" if len(points) < 3
            else None, markersize=4)
    if as_of == _month_end(as_of):  # mid-month, the card's exact figure and the month-end point differ
        last_month, last = points[-1]
        ax.annotate(fmt.pct(last), (last_month, last), textcoords="offset points", xytext=(-4, 6), ha="right",
                    fontsize=8, color=BLUE)
    if target_pct is not None:
        ax.axhline(target_pct, color=ORANGE, linestyle="--", linewidth=1)
        ax.text(points[0][0], target_pct, f" target {fmt.pct(target_pct)}", fontsize=7, color=ORANGE,
                va="bottom")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.pct(v, 0)))
    ax.xaxis.set_major_locator(matplotlib.dates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: (lambda d: f"{MONTHS_SHORT[d.month - 1]} {d.year % 100:02d}")(matplotlib.dates.num2date(v))))
    if len(points) < 3:
        ax.set_xlim(points[0][0] - dt.timedelta(days=45), points[-1][0] + dt.timedelta(days=45))
    ax.set_ylim(bottom=0)
    _style(ax)
    return _png(fig)


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def claims_png(b: Briefing) -> bytes | None:
    return claims_picture(tuple(b.claims_rows()))


def claims_picture(rows: tuple[tuple[str, int, int], ...]) -> bytes | None:
    """The claims chart from exactly what it draws: (benefit, count, amount) per benefit paid."""
    if not rows:
        return None
    fig, ax = _axes(4.6, 2.2)
    labels = [r[0] for r in rows]
    amounts = [_plotted(r[2]) or 0 for r in rows]  # a hidden amount has no bar, only its '<5' label
    bars = ax.barh(labels, amounts, color=BLUE)
    ax.invert_yaxis()
    for bar, (_, count, amount) in zip(bars, rows):
        label = f" {fmt.number(count)} klaim" if is_hidden(count) else f" {fmt.rupiah(amount)} · {fmt.number(count)}"
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, label, va="center", fontsize=7, color=GREY)
    ax.xaxis.set_major_locator(MaxNLocator(3))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.rupiah(v)))
    ax.set_xlim(right=max(max(amounts), 1) * 1.6)
    _style(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e7eb", linewidth=0.6)
    return _png(fig)


def _rings(geometry: dict) -> list[list[list[float]]]:
    """Every ring (outer and holes) of every polygon of a GeoJSON geometry."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def map_png(b: Briefing) -> bytes | None:
    return map_picture(b.shapes, b.band_limits)


def map_picture(shapes: list[dict], band_limits: tuple[float, float, float]) -> bytes | None:
    """The map from exactly what it draws: each shape's geometry and UCJ %, and the bands' limits."""
    if not shapes:
        return None
    fig, ax = _axes(3.4, 3.0)
    corners = []  # every vertex a segment reaches (a CLOSEPOLY's own vertex is not drawn: its ring's first is)
    for shape in shapes:
        colour = (HIDDEN_COLOUR if is_hidden(shape["cakupan_pct"]) else
                  BAND_COLOURS.get(measures.band(shape["cakupan_pct"], band_limits), "#d1d5db"))
        vertices, codes = [], []
        for ring in _rings(shape["geometry"]):  # holes stay holes: even-odd filling of all rings in one path
            vertices += ring
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
            corners += ring[:-1]
        if vertices:
            # add_artist, not add_patch: add_patch walks every segment as a Bézier curve to widen the data limits
            # (most of the map's time on a kecamatan's desa); the limits of straight segments are their vertices',
            # set once below, so the picture is the same to the byte
            ax.add_artist(PathPatch(MplPath(vertices, codes), facecolor=colour, edgecolor="white", linewidth=0.4))
    if corners:
        ax.update_datalim(corners)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [Rectangle((0, 0), 1, 1, color=c) for c in BAND_COLOURS.values()]
    low, mid, high = band_limits
    labels = [f"< {fmt.pct(low, 0)}", f"{fmt.pct(low, 0)}–{fmt.pct(mid, 0)}", f"{fmt.pct(mid, 0)}–{fmt.pct(high, 0)}",
              f"≥ {fmt.pct(high, 0)}"]
    if any(is_hidden(shape["cakupan_pct"]) for shape in shapes):
        handles.append(Rectangle((0, 0), 1, 1, color=HIDDEN_COLOUR))
        labels.append("disembunyikan")
    ax.legend(handles, labels, loc="lower left", fontsize=6, frameon=False, ncols=2)
    return _png(fig)


# ---------------------------------------------------------------------------------------------
# PDF

def pdf(b: Briefing) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc = FPDF(orientation="L", unit="mm", format="A4")
    doc.set_auto_page_break(auto=True, margin=10)
    doc.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    doc.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    doc.set_title(b.title)
    doc.set_margins(10, 10, 10)
    doc.add_page()

    doc.set_font("DejaVu", "B", 15)
    doc.multi_cell(0, 7, b.title, align="L", new_x="LMARGIN", new_y="NEXT")  # long region names wrap, never cut
    doc.set_font("DejaVu", "", 9)
    s = b.summary
    subtitle = (f"Bahan Musrenbang · {s['region_name']} ({s['region_code']}) · posisi {fmt.date(b.as_of)}")
    doc.set_text_color(90, 90, 90)
    doc.multi_cell(0, 5, subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
    if s["is_demo"]:
        doc.set_text_color(194, 65, 12)
        doc.set_font("DejaVu", "B", 9)
        doc.cell(0, 5, "Data demo: angka sintetis kecuali angka terbitan yang direproduksi; bukan data BPJS "
                       "Ketenagakerjaan.", new_x="LMARGIN", new_y="NEXT")
    if b.notice:
        doc.set_text_color(194, 65, 12)
        doc.set_font("DejaVu", "B", 9)
        doc.multi_cell(0, 5, b.notice, align="L", new_x="LMARGIN", new_y="NEXT")
    doc.set_text_color(0, 0, 0)

    # key figures: five cards across
    top, width = doc.get_y() + 2, (doc.w - 20 - 4 * 3) / 5
    for i, (label, value, note) in enumerate(b.key_figures()):
        x = 10 + i * (width + 3)
        doc.set_draw_color(220, 220, 220)
        doc.rect(x, top, width, 22)
        doc.set_xy(x + 2, top + 1.5)
        doc.set_text_color(90, 90, 90)
        _cell_fitted(doc, width - 4, 4, label, "", 7.5)
        doc.set_xy(x + 2, top + 6)
        doc.set_text_color(0, 0, 0)
        _cell_fitted(doc, width - 4, 8, value, "B", 15)
        doc.set_xy(x + 2, top + 15)
        doc.set_text_color(90, 90, 90)
        _cell_fitted(doc, width - 4, 4, note, "", 7)
    doc.set_text_color(0, 0, 0)

    # charts row: trend, claims, map
    y = top + 26
    doc.set_font("DejaVu", "B", 9)
    doc.set_xy(10, y)
    _cell_fitted(doc, 95, 5, f"Tren cakupan UCJ akhir bulan ({_short(b.trend[0][0])} – {_short(b.as_of)})"
                 if b.trend else "Tren cakupan UCJ akhir bulan", "B", 9)
    doc.set_xy(108, y)
    _cell_fitted(doc, 95, 5, "Klaim dibayar per manfaat", "B", 9)
    for x, picture, empty in ((10, trend_png(b), "Belum ada angka cakupan untuk bulan-bulan ini."),
                              (108, claims_png(b), b.no_claims_text)):
        if picture:
            doc.image(io.BytesIO(picture), x=x, y=y + 5, w=95, h=43, keep_aspect_ratio=True)
        else:
            doc.set_xy(x, y + 8)
            doc.set_font("DejaVu", "", 8)
            doc.multi_cell(95, 4, empty, align="L")  # a long region name wraps under the chart's caption
            doc.set_font("DejaVu", "B", 9)
    if b.claims_rows():  # the counts as text too: a chart's labels cannot be read aloud, searched or copied
        doc.set_xy(108, y + 48.5)
        doc.set_text_color(90, 90, 90)
        _cell_fitted(doc, 95, 4, "Jumlah klaim: " + " · ".join(f"{name} {fmt.number(count)}"
                                                                for name, count, _ in b.claims_rows()), "", 7)
        doc.set_text_color(0, 0, 0)
        doc.set_font("DejaVu", "B", 9)
    picture = map_png(b)
    if picture:
        doc.set_xy(208, y)
        _cell_fitted(doc, 79, 5, f"Cakupan UCJ per wilayah (akhir {fmt.month(b.as_of)})", "B", 9)
        doc.image(io.BytesIO(picture), x=208, y=y + 5, w=79, h=47, keep_aspect_ratio=True)  # never over the text

    # groups not covered and the funding scenario
    doc.set_xy(10, y + 54)
    doc.set_font("DejaVu", "B", 9)
    doc.cell(0, 5, f"Kelompok pekerja belum terlindungi (akhir {fmt.month(b.groups_month)}) dan biaya "
                   "melindunginya", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 8)
    if b.groups:
        total = groups_not_covered_total(b)
        table_top, table_page = doc.get_y(), doc.page
        with doc.table(col_widths=(55, 30, 35, 50), width=170, align="L", line_height=4.4,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)),
                       text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT")) as table:
            table.row(["Kelompok", "Dalam daftar", "Belum terlindungi", "Biaya JKK + JKM per tahun"])
            for g in b.groups:
                table.row([g.name, fmt.number(g.on_roster), fmt.number(g.not_covered), fmt.rupiah(g.yearly_cost_idr)])
            table.row(["Jumlah", "", fmt.number(total),
                       fmt.rupiah(measures.yearly_cost_idr(total, b.monthly_contribution_idr))])
        _rosters_used(doc, [g.roster for g in b.groups if g.roster], table_top, table_page)
    else:
        # a month uses the earliest later roster when none is dated up to it: none at all is left here
        doc.multi_cell(0, 4.5, f"Belum ada satu pun daftar kelompok pekerja untuk {s['region_name']}; daftar "
                               "dimuat lewat Sinkronisasi data.",
                       new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    _keep_with_next(doc, 5 + 2 * 4.5)
    doc.set_font("DejaVu", "B", 9)
    doc.cell(0, 5, "Skenario pendanaan", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 8)
    doc.multi_cell(0, 4.5, scenario_text(b), new_x="LMARGIN", new_y="NEXT")

    doc.ln(2)
    _keep_with_next(doc, 4.5 + 2 * 3.6)
    doc.set_font("DejaVu", "B", 8)
    doc.cell(0, 4.5, "Sumber dan tanggal", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 7)
    doc.set_text_color(90, 90, 90)
    for line in b.sources():
        doc.multi_cell(0, 3.6, "· " + line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def _keep_with_next(doc, needed: float) -> None:
    """A heading stays with its first lines: a new page when the room left is less than `needed` mm."""
    if doc.get_y() + needed > doc.h - doc.b_margin:
        doc.add_page()


def _cell_fitted(doc, width: float, height: float, text: str, style: str, size: float, floor: float = 5.5) -> None:
    """One line in a cell of fixed width (a card, a chart's caption): the size shrinks, down to `floor`, until the
    text fits the width (fpdf's cell neither wraps nor clips: a longer text runs over its neighbour)."""
    doc.set_font("DejaVu", style, size)
    while size > floor and doc.get_string_width(text) > width - 2 * doc.c_margin:
        size -= 0.5
        doc.set_font("DejaVu", style, size)
    doc.cell(width, height, text)


ROSTER_X, ROSTER_WIDTH = 184, 103  # the column beside the groups table


def _rosters_used(doc, rosters: list[str], table_top: float, table_page: int) -> None:
    """Which roster each group's figures come from (group, date, source): beside the groups table when they fit
    there on the table's own page, else under it across the page's width; the page goes on below both."""
    if not rosters:
        return
    table_bottom = doc.get_y()
    doc.set_font("DejaVu", "", 6.5)
    lines = sum(len(doc.multi_cell(ROSTER_WIDTH, 3.1, text, dry_run=True, output="LINES")) for text in rosters)
    beside = doc.page == table_page and table_top + 3.6 + 3.1 * lines <= doc.h - doc.b_margin
    x, width = (ROSTER_X, ROSTER_WIDTH) if beside else (10, 0)
    doc.set_xy(x, table_top if beside else table_bottom + 1)
    doc.set_font("DejaVu", "B", 7)
    doc.cell(width, 3.6, "Daftar yang dipakai", new_x="LEFT", new_y="NEXT")
    doc.set_font("DejaVu", "", 6.5)
    doc.set_text_color(90, 90, 90)
    for text in rosters:
        doc.multi_cell(width, 3.1, text, align="L", new_x="LEFT", new_y="NEXT")
    doc.set_text_color(0, 0, 0)
    doc.set_font("DejaVu", "", 8)
    doc.set_xy(10, max(table_bottom, doc.get_y()) if beside else doc.get_y())


def scenario_text(b: Briefing) -> str:
    if not b.scenario:
        sentence = f"Belum ada rencana pendanaan tercatat untuk {b.summary['region_name']}."
        if b.groups:
            sentence += (f" Melindungi semua kelompok di atas memerlukan "
                         f"{fmt.rupiah(measures.yearly_cost_idr(groups_not_covered_total(b), b.monthly_contribution_idr))}"
                         " per tahun.")
        return sentence
    sc = b.scenario
    if b.scenario_chosen:
        funded = ", ".join(f"{source} {fmt.number(n)}" for source, n in sc.added_by_source.items() if n)
        opening = f"Skenario dipilih: {funded} pekerja"
    else:
        opening = "Rencana tercatat: " + "; ".join(
            f"{p['nama']} ({fmt.number(measures.whole(p['jumlah_pekerja']))} pekerja, {p['sumber_dana']})"
            for p in b.plans)
    remaining = ("target tercapai" if sc.remaining_to_target == 0 else
                 f"masih kurang {fmt.number(sc.remaining_to_target)} orang ke target"
                 if sc.remaining_to_target is not None else "target belum ada")
    return (f"{opening}. Bila dijalankan, {fmt.number(sc.added)} pekerja bertambah, cakupan UCJ "
            f"menjadi {fmt.pct(sc.projected_pct)} ({remaining}), dengan biaya JKK + JKM "
            f"{fmt.rupiah(sc.yearly_cost_idr)} per tahun.")


# ---------------------------------------------------------------------------------------------
# PowerPoint

def pptx(b: Briefing) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    s = b.summary

    def write(frame, paras: list[Para], placed: Fit, texts: list[str] | None = None) -> None:
        """The paragraphs into a text frame at their fitted sizes, in the deck's font (named: what is measured)."""
        frame.word_wrap = True
        for i, para in enumerate(paras):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = para.text if texts is None else texts[i]
            for run in paragraph.runs:
                run.font.size = Pt(placed.size(para))
                run.font.bold = para.bold
                run.font.name = DECK_FONT

    def text(page, left, top, width, height, lines, size=14, bold_first=False, floor=None, sizes=None,
             bold=None, colour=None, rest="more") -> list[str]:
        """Lines (paragraphs) into a fixed box, fitted (ucj.reports.textfit): shrunk down to `floor` points, then
        the paragraphs that still do not fit are returned for a later slide (rest='return') or summed up in a
        last line '… dan N lainnya' (rest='more'). One paragraph alone too long even at the floor ends in '…'."""
        paras = [Para(line, sizes[i] if sizes else size, bold[i] if bold else bold_first and i == 0)
                 for i, line in enumerate(lines)]
        floor = floor or min(size, DECK_FLOOR)
        placed = fit(paras, width, height, floor)
        left_over: list[str] = []
        texts = None
        if placed.shown < len(paras):
            if rest == "return" and placed.shown:
                left_over, paras = list(lines[placed.shown:]), paras[:placed.shown]
            elif placed.shown == 0:
                paras = paras[:1]
                texts = [lines_that_fit(paras[0], placed.scale, width, height)]
            else:
                for shown in range(placed.shown, 0, -1):
                    more = Para(f"… dan {len(paras) - shown} lainnya", paras[shown].size)
                    trial = fit(paras[:shown] + [more], width, height, floor)
                    if trial.shown == shown + 1:
                        paras, placed = paras[:shown] + [more], trial
                        break
                else:
                    paras, texts = paras[:1], [lines_that_fit(paras[0], placed.scale, width, height)]
        frame = page.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
        write(frame, paras, placed, texts)
        if colour:
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    run.font.color.rgb = RGBColor(*colour)
        return left_over

    def slide(title: str):
        page = deck.slides.add_slide(blank)
        text(page, 0.5, 0.3, 12.3, 0.9, [title], size=26, floor=16, bold_first=True)
        if s["is_demo"]:
            text(page, 10.8, 7.0, 2.4, 0.4, ["Data demo"], size=12, colour=(0xC2, 0x41, 0x0C))
        return page

    # 1. title and key figures
    page = slide(b.title)
    subtitle = f"Bahan Musrenbang · {s['region_name']} ({s['region_code']}) · posisi {fmt.date(b.as_of)}"
    text(page, 0.5, 1.3, 12.3, 0.85, [subtitle] + ([b.notice] if b.notice else []), size=16, floor=10)
    for i, (label, value, note) in enumerate(b.key_figures()):  # three cards, then two
        left, top = 0.5 + (i % 3) * 4.15, 2.2 + (i // 3) * 2.4
        text(page, left, top, 4.0, 2.2, [label, value, note], sizes=(16, 32, 16), bold=(False, True, False), floor=9)

    # 2. trend (native line chart)
    page = slide("Tren cakupan UCJ (akhir bulan)")
    if not any(_plotted(p) is not None for _, p in b.trend):
        text(page, 0.5, 1.3, 12.3, 1, ["Belum ada angka cakupan untuk bulan-bulan ini."], size=18)
    else:
        _trend_chart(page, b)

    # 3. claims by benefit (native bar chart) and the table beside it
    page = slide("Klaim dibayar per manfaat")
    rows = b.claims_rows()
    claims_from, claims_to = s["claims_from"], s["claims_to"]
    lines = [f"{fmt.date(_day(claims_from))} – {fmt.date(_day(claims_to))}"]
    lines += [f"{name}: {fmt.number(count)} klaim" if is_hidden(count) else f"{name}: {fmt.number(count)} klaim, {fmt.rupiah(amount)}"
              for name, count, amount in rows]
    if s["claims_loaded"]:
        lines.append(f"Total: {fmt.number(s['claims_total']['count'])} klaim, "
                     f"{fmt.rupiah(s['claims_total']['amount_idr'])}")
    if rows:
        _claims_chart(page, rows)
        text(page, 7.6, 1.5, 5.2, 5, lines, size=16)
    else:
        text(page, 0.5, 1.5, 12.3, 2, lines + [b.no_claims_text], size=18)

    # 4. groups not covered (the largest, the rest summed), cost and the funding scenario
    page = slide("Kelompok belum terlindungi dan pendanaannya")
    rosters_elsewhere: list[str] = []
    scenario = [Para("Skenario pendanaan", 14, True), Para(scenario_text(b), 14)]
    if b.groups:
        shown, rest = b.groups[:DECK_GROUP_ROWS], b.groups[DECK_GROUP_ROWS:]
        body = [(g.name, fmt.number(g.on_roster), fmt.number(g.not_covered), fmt.rupiah(g.yearly_cost_idr))
                for g in shown]
        if rest:
            rest_not_covered = rest_of_groups(b, shown, "not_covered")
            body.append((f"{len(rest)} kelompok lainnya", fmt.number(rest_of_groups(b, shown, "on_roster")),
                         fmt.number(rest_not_covered),
                         fmt.rupiah(measures.yearly_cost_idr(rest_not_covered, b.monthly_contribution_idr))))
        total = groups_not_covered_total(b)
        body.append(("Jumlah", "", fmt.number(total),
                     fmt.rupiah(measures.yearly_cost_idr(total, b.monthly_contribution_idr))))
        header = ("Kelompok", "Dalam daftar", "Belum terlindungi", "Biaya JKK + JKM per tahun")
        # each cell measured at its column's width: a row is as tall as its tallest cell (a long group name wraps
        # in its cell), and the table's height is known, so nothing below is put under it
        cells = [[Para(value, 14, r == 0) for value in values] for r, values in enumerate([header, *body])]
        heights = [max(DECK_ROW_HEIGHT, *(fit([cell], w, 99, 14).height for cell, w in zip(row, DECK_COLUMNS)))
                   for row in cells]
        table = page.shapes.add_table(len(cells), 4, Inches(0.5), Inches(1.3), Inches(sum(DECK_COLUMNS)),
                                      Inches(sum(heights))).table
        for c, w in enumerate(DECK_COLUMNS):
            table.columns[c].width = Inches(w)
        for r, row in enumerate(cells):
            table.rows[r].height = Inches(heights[r])
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell.text
                write(table.cell(r, c).text_frame, [cell], Fit(1.0, 1, heights[r]))
        top = 1.3 + sum(heights) + 0.15
        # which roster each listed group's figures come from (group, date, source): under the table when they
        # fit there with the scenario below them, else on the sources' slide
        named = [g.roster for g in shown if g.roster]
        if named:
            needed = fit(scenario, 12.3, 99, 14).height
            rosters = fit([Para(line, 10) for line in named], 12.3, DECK_BOTTOM - top - needed, 9)
            if rosters.shown == len(named):
                text(page, 0.5, top, 12.3, rosters.height, named, size=10, floor=9)
                top += rosters.height + 0.1
            else:
                text(page, 0.5, top, 12.3, 0.35, ["Daftar yang dipakai tiap kelompok: lihat slide terakhir."],
                     size=10)
                top += 0.45
                rosters_elsewhere = named
    else:
        text(page, 0.5, 1.3, 12.3, 0.8, ["Belum ada satu pun daftar kelompok pekerja untuk wilayah ini."])
        top = 2.3
    text(page, 0.5, top, 12.3, DECK_BOTTOM - top, [p.text for p in scenario], size=14, floor=10, bold_first=True)

    # 5. map (a picture) and the sources; what does not fit goes on to a slide of its own, as many as needed
    page = slide("Peta cakupan dan sumber data")
    picture = map_png(b)
    if picture:
        page.shapes.add_picture(io.BytesIO(picture), Inches(0.5), Inches(1.3), height=Inches(5.6))
    left_over = text(page, 6.8 if picture else 0.5, 1.3, 6.0 if picture else 12.3, 5.6,
                     ["Sumber dan tanggal"] + b.sources() + rosters_elsewhere, size=12, floor=9, bold_first=True,
                     rest="return")
    while left_over:
        page = slide("Sumber dan tanggal (lanjutan)")
        left_over = text(page, 0.5, 1.3, 12.3, 5.6, left_over, size=12, floor=9, rest="return")

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


DECK_FLOOR = 10  # points: the smallest size a fitted box of the deck shrinks to unless it says otherwise
DECK_BOTTOM = 6.95  # inches: boxes end above the 'Data demo' tag
DECK_COLUMNS = (4.8, 2.2, 2.4, 2.9)  # inches: the groups table's columns (12.3 in all)
DECK_ROW_HEIGHT = 0.4
DECK_GROUP_ROWS = 7  # with 'lainnya' and the total the table stays on the slide


def _trend_chart(page, b: Briefing) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches

    data = CategoryChartData()
    data.categories = [f"{MONTHS_SHORT[m.month - 1]} {m.year}" for m, _ in b.trend]
    data.add_series("Cakupan UCJ (%)", [round(p, 2) if _plotted(p) is not None else None for _, p in b.trend])
    if b.target_pct is not None:
        data.add_series(f"Target {b.as_of.year} (%)", [b.target_pct for _ in b.trend])
    chart = page.shapes.add_chart(XL_CHART_TYPE.LINE, Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.5),
                                  data).chart
    chart.font.name = DECK_FONT
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.value_axis.tick_labels.number_format = '0"%"'
    chart.value_axis.tick_labels.number_format_is_linked = False


def _claims_chart(page, rows: list[tuple[str, int, int]]) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    data = CategoryChartData()
    data.categories = [r[0] for r in rows]
    data.add_series("Jumlah klaim", [_plotted(r[1]) for r in rows])  # a hidden count: no bar; '<5' in the text
    chart = page.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.3), Inches(6.8), Inches(5.5),
                                  data).chart
    chart.plots[0].has_data_labels = True
    # format codes are locale-neutral: ',' groups thousands and shows as '.' in an Indonesian Office
    chart.plots[0].data_labels.number_format = "#,##0"
    chart.plots[0].data_labels.number_format_is_linked = False
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.category_axis.reverse_order = True  # JKK on top, as in the table beside it
    chart.font.name = DECK_FONT
    chart.has_legend = False


def _short(month: dt.date) -> str:
    return f"{MONTHS_SHORT[month.month - 1]} {month.year}"


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
