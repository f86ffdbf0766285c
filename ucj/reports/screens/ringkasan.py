"""Ringkasan: a region's cards against a year earlier, UCJ % of the regions below, participants per segment."""
import datetime as dt

import plotly.graph_objects as go
import polars as pl

from ucj import fmt, settings
from ucj.reports import charts, measures
from ucj.reports.screens import Card, filter_rules, formatted, literal, region_table, target_pct as year_target
from ucj.suppression import is_hidden


def figures(cover: pl.DataFrame, people: pl.DataFrame, target: pl.DataFrame, claims: pl.DataFrame,
            participants_loaded: bool = True, claims_loaded: bool = True) -> dict | None:
    """A region's figures at a month end: coverage (cakupan_wilayah_bulan), the participants the filters
    select (mart_peserta_wilayah_bulan), the year's target (target_ucj) and the claims paid since January
    (klaim_manfaat_periode, or its total from `read_total`: a viewer's hidden cells hide a sum of the rows).
    None when the month has no coverage figures. Participants or claims not loaded for the region are unknown
    (None), not zero."""
    if cover.is_empty():
        return None
    row = cover.row(0, named=True)
    active = people.item(0, "peserta_aktif") if participants_loaded else None
    target_pct = year_target(target)
    return {
        **row,
        "aktif": active,
        "baru": people.item(0, "peserta_baru") if participants_loaded else None,
        "ucj": measures.coverage_pct(active, row["pekerja_wajib"]),
        "target_pct": target_pct,
        "target_sumber": target.item(0, "sumber") if not target.is_empty() else None,
        # the gap always counts every active participant, whatever the filters (docs/decisions.md)
        "kurang": (measures.people_to_target(target_pct, row["pekerja_wajib"], row["peserta_aktif"])
                   if participants_loaded else None),
        "klaim_idr": measures.whole(claims["jumlah_idr"].sum()) if claims_loaded else None,
        "klaim_n": measures.whole(claims["jumlah_klaim"].sum()) if claims_loaded else None,
    }


COVER_COLUMNS = ("kode_wilayah", "nama", "tingkat", "bulan", "peserta_aktif", "pekerja_wajib", "sumber_pekerja_wajib",
                 "tanggal_sumber_pekerja_wajib", "desa_tanpa_pekerja_wajib", "aktif_rekap", "aktif_tanpa_desa",
                 "kabupaten_tanpa_data", "pekerja_wajib_kabupaten")


def figures_of(months: pl.DataFrame, month: dt.date, participants_loaded: bool = True,
               claims_loaded: bool = True) -> dict | None:
    """`figures` of one month from ringkasan_bulan's rows (the month and a year earlier in one read): its coverage
    columns, the filtered participants, the year's target and the claims since January as the four frames the
    single reads gave. None when the month has no row (no coverage figures)."""
    row = months.filter(pl.col("bulan") == month)
    if row.is_empty():
        return None
    return figures(
        row.select(COVER_COLUMNS),
        row.select(pl.col("aktif_pilihan").alias("peserta_aktif"), pl.col("baru_pilihan").alias("peserta_baru")),
        row.filter(pl.col("target_pct").is_not_null()).select("target_pct", pl.col("target_sumber").alias("sumber")),
        row.select("jumlah_klaim", "jumlah_idr"),
        participants_loaded=participants_loaded, claims_loaded=claims_loaded)


def change(now: dict, before: dict | None, key: str):
    """now minus a year earlier; None when either is missing or hidden (the change would give a hidden one back)."""
    if before is None or now[key] is None or before[key] is None or is_hidden(now[key]) or is_hidden(before[key]):
        return None
    return now[key] - before[key]


def _signed_rupiah(value: int) -> str:
    return fmt.rupiah(value).replace("Rp-", "-Rp")


def cards(now: dict, before: dict | None, month: dt.date, segment: str = "", group: str = "") -> list[Card]:
    """The six cards, each with its change on the same month a year earlier where there is one; a card that does not
    follow a filter set (`segment`, `group`) says so under it (filter_rules)."""
    def ignored(figure):
        return filter_rules.ignored_note("ringkasan", figure, segment, group)

    def delta(key, formatter):
        difference = change(now, before, key)
        return None if difference is None else formatter(difference)

    gap_help = (f"Target {now['bulan'].year}: {fmt.pct(now['target_pct'])} ({literal(now['target_sumber'])}); "
                "dihitung dari seluruh peserta aktif.") if now["target_pct"] is not None else "Belum ada target."
    return [
        Card("Cakupan UCJ", fmt.pct(now["ucj"]), delta=delta("ucj", fmt.pct_points),
             help="Peserta aktif dibagi pekerja yang seharusnya terlindungi, per akhir bulan. "
                  "Perubahan: terhadap bulan yang sama tahun lalu."),
        Card("Peserta aktif", fmt.number(now["aktif"]), delta=delta("aktif", fmt.signed_number)),
        Card("Pekerja wajib terlindungi", fmt.number(now["pekerja_wajib"]),
             delta=delta("pekerja_wajib", fmt.signed_number), delta_color="off", note=ignored("pekerja_wajib")),
        Card("Kurang ke target (orang)", fmt.number(now["kurang"]), delta=delta("kurang", fmt.signed_number),
             delta_color="inverse", help=gap_help, note=ignored("kurang_ke_target")),
        Card(f"Klaim dibayar Jan–{charts.short_month(month)}", fmt.rupiah(now["klaim_idr"]),
             delta=delta("klaim_idr", _signed_rupiah), delta_color="off",
             help=f"{fmt.number(now['klaim_n'])} klaim dibayar sejak 1 Januari."),
        Card(f"Peserta baru {fmt.month(month)}", fmt.number(now["baru"]), delta=delta("baru", fmt.signed_number)),
    ]


def eligible_source(now: dict) -> str:
    """Where the number of workers who should be covered came from, and the desa still without one."""
    source = literal(now["sumber_pekerja_wajib"]) if now["sumber_pekerja_wajib"] else "belum ada"
    return (f"Pekerja wajib terlindungi: {source}"
            + (f", per {fmt.date(now['tanggal_sumber_pekerja_wajib'])}" if now["tanggal_sumber_pekerja_wajib"] else "")
            + (f". {now['desa_tanpa_pekerja_wajib']} desa belum punya angka pekerja wajib."
               if now["desa_tanpa_pekerja_wajib"] else "."))


def coverage_by_region(children: pl.DataFrame, band_limits: tuple[float, float, float]) -> tuple[go.Figure, pl.DataFrame]:
    """UCJ % of the regions below (cakupan_anak_target) as bars in their band colours, the target as a tick,
    the bands shaded behind; and the table of it."""
    shown = children.with_columns(
        pl.Series("pita", [measures.band(p, band_limits) for p in children["cakupan_pct"].to_list()], dtype=pl.String))
    lows = (0.0,) + band_limits
    highs = band_limits + (100.0,)
    top = max([v for v in shown["cakupan_pct"].to_list() + shown["target_pct"].to_list()
               if v is not None and not is_hidden(v)] + [10]) * 1.15  # a hidden % does not size the axis
    bands = [(name, low, min(high, top), colour)
             for name, low, high, colour in zip(settings.BAND_NAMES, lows, highs, settings.BAND_COLOURS) if low < top]
    # what fig.add_hrect(..., annotation_position="top left") makes, given at once: add_hrect takes ~40 ms a band
    fig = go.Figure(layout=dict(
        shapes=[dict(type="rect", xref="x domain", x0=0, x1=1, yref="y", y0=low, y1=high, fillcolor=colour,
                     opacity=0.10, line_width=0) for _, low, high, colour in bands],
        annotations=[dict(text=name, xref="x domain", x=0, xanchor="left", yref="y", y=high, yanchor="top",
                          showarrow=False, font_size=11) for name, _, high, _ in bands]))
    colours = dict(zip(settings.BAND_NAMES, settings.BAND_COLOURS))
    fig.add_bar(x=shown["nama"].to_list(), y=charts.heights(shown["cakupan_pct"].to_list()), name="Cakupan UCJ",
                marker_color=[colours.get(b, "#999") for b in shown["pita"]],
                customdata=[[fmt.pct(p), b or "–", fmt.number(a)] for p, b, a in
                            zip(shown["cakupan_pct"], shown["pita"], shown["peserta_aktif"])],
                hovertemplate="%{x}<br>Cakupan %{customdata[0]} (%{customdata[1]})<br>"
                              "Peserta aktif %{customdata[2]}<extra></extra>")
    fig.add_scatter(x=shown["nama"].to_list(), y=shown["target_pct"].to_list(), mode="markers", name="Target",
                    marker=dict(symbol="line-ew", size=40, color="#222", line=dict(width=3, color="#222")),
                    customdata=[fmt.pct(t) for t in shown["target_pct"]],
                    hovertemplate="%{x}<br>Target %{customdata}<extra></extra>")
    charts.style(fig, height=360)
    fig.update_layout(yaxis_title="Cakupan (%)", yaxis_range=[0, top], legend_orientation="h", legend_y=1.12)
    return fig, region_table(shown, "kode_wilayah", "nama", "peserta_aktif", "pekerja_wajib", "cakupan_pct", "pita",
                             "target_pct")


def participants_by_segment(trend: pl.DataFrame, segments, totals: pl.DataFrame | None = None
                            ) -> tuple[go.Figure, pl.DataFrame] | None:
    """Active participants per segment month by month (tren_peserta_segmen), stacked, segments in the order
    given; with the total per month in the table: `totals` (bulan, peserta_aktif from `read_total` by bulan),
    the region's own, which a viewer's hidden cells would otherwise hide; without it summed from the rows.
    None when nobody is active."""
    if trend.is_empty() or trend["peserta_aktif"].sum() == 0:
        return None
    wide = trend.pivot(on="segmen", index="bulan", values="peserta_aktif").fill_null(0).sort("bulan")
    present = [s for s in segments if s in wide.columns]
    months = wide["bulan"].to_list()
    fig = go.Figure()
    for segment in present:
        fig.add_scatter(x=months, y=charts.heights(wide[segment].to_list()), name=segment, stackgroup="aktif",
                        customdata=charts.month_hover(months, wide[segment]),
                        hovertemplate=f"{segment} · %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>")
    charts.style(fig, months)
    fig.update_layout(yaxis_title="Peserta aktif", legend_orientation="h", legend_y=1.12)
    if totals is None:
        return fig, wide.select(formatted("Bulan", months, charts.month_name), *[pl.col(s) for s in present],
                                pl.sum_horizontal(present).alias("Jumlah"))
    wide = wide.join(totals.select("bulan", pl.col("peserta_aktif").alias("Jumlah")), on="bulan").sort("bulan")
    return fig, wide.select(formatted("Bulan", months, charts.month_name), *[pl.col(s) for s in present], "Jumlah")
