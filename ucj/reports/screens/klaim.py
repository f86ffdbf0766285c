"""Klaim: claims paid by benefit, month by month and per region below, with the average per claim."""
import datetime as dt

import plotly.graph_objects as go
import polars as pl

from ucj import fmt
from ucj.reports import charts, measures
from ucj.reports.screens import Card, formatted

BENEFITS = ("JHT", "JP", "JKM", "JKK", "JKP", "beasiswa")
BENEFIT_NAMES = {"JHT": "JHT (hari tua)", "JP": "JP (pensiun)", "JKM": "JKM (kematian)",
                 "JKK": "JKK (kecelakaan kerja)", "JKP": "JKP (kehilangan pekerjaan)", "beasiswa": "Beasiswa"}
LEVEL_BELOW = {"nasional": "provinsi", "provinsi": "kabupaten/kota", "kabupaten_kota": "kecamatan",
               "kecamatan": "desa/kelurahan"}


def cards(by_benefit: pl.DataFrame, total: pl.DataFrame | None = None) -> list[Card]:
    """Claims paid, the amount and the average per claim over the range (klaim_manfaat_periode, not empty).
    `total`: the region's own total of it (`read_total`), for a viewer whose rows may hold hidden cells; without
    it the rows are summed, and a hidden cell among them hides the sum."""
    summed = total if total is not None else by_benefit
    count = measures.whole(summed["jumlah_klaim"].sum())
    paid = measures.whole(summed["jumlah_idr"].sum())
    return [Card("Klaim dibayar", fmt.number(count)),
            Card("Jumlah dibayar", fmt.rupiah(paid), help=fmt.rupiah_full(paid)),
            Card("Rata-rata per klaim", fmt.rupiah(paid / count), help=fmt.rupiah_full(paid / count))]


def _average_per_claim() -> pl.Expr:
    # a count hidden as '≥5' (inf) over its rupiah (inf) would be NaN, '<5': the average keeps the count's mark
    return (pl.when(pl.col("jumlah_klaim").cast(pl.Float64).is_infinite()).then(pl.col("jumlah_klaim").cast(pl.Float64))
            .otherwise((pl.col("jumlah_idr") / pl.col("jumlah_klaim")).round(0)))


def by_benefit(claims: pl.DataFrame) -> tuple[go.Figure, pl.DataFrame]:
    """Rupiah per benefit in a fixed order, every benefit shown even without claims, the count on each bar."""
    ordered = (pl.DataFrame({"manfaat": BENEFITS, "urutan": range(len(BENEFITS))})
               .join(claims, on="manfaat", how="left").fill_null(0).sort("urutan"))
    unit, axis_title = charts.rupiah_unit(charts.largest(ordered["jumlah_idr"]))
    fig = go.Figure(go.Bar(
        x=[BENEFIT_NAMES[b] for b in ordered["manfaat"]], y=charts.heights((ordered["jumlah_idr"] / unit).to_list()),
        text=[f"{fmt.number(n)} klaim" for n in ordered["jumlah_klaim"]], textposition="outside",
        customdata=[[fmt.rupiah(v), fmt.number(n)] for v, n in zip(ordered["jumlah_idr"], ordered["jumlah_klaim"])],
        hovertemplate="%{x}<br>%{customdata[0]} · %{customdata[1]} klaim<extra></extra>"))
    charts.style(fig, height=340)
    fig.update_layout(yaxis_title=axis_title)
    return fig, ordered.select(
        pl.col("manfaat").alias("Manfaat"), pl.col("jumlah_klaim").alias("Jumlah klaim"),
        pl.col("jumlah_idr").alias("Jumlah dibayar (Rp)"),
        pl.when(pl.col("jumlah_klaim") > 0).then(_average_per_claim()).alias("Rata-rata per klaim (Rp)"))


def by_month(monthly: pl.DataFrame, start: dt.date, end: dt.date, totals: pl.DataFrame | None = None
             ) -> tuple[go.Figure, pl.DataFrame]:
    """Rupiah per benefit stacked month by month (klaim_tren_bulan); the table adds the total and the count.
    `totals`: per month the region's own count and rupiah (`read_total` by bulan), which a viewer's hidden
    cells would otherwise hide; without it they are summed from the rows."""
    wide = monthly.pivot(on="manfaat", index="bulan", values="jumlah_idr").fill_null(0).sort("bulan")
    present = [b for b in BENEFITS if b in wide.columns]
    unit, axis_title = charts.rupiah_unit(charts.largest(wide.select(pl.sum_horizontal(present)).to_series()))
    months = wide["bulan"].to_list()
    fig = go.Figure()
    for benefit in present:
        fig.add_bar(x=months, y=charts.heights((wide[benefit] / unit).to_list()), name=benefit,
                    customdata=charts.month_hover(months, wide[benefit], fmt.rupiah),
                    hovertemplate=f"{benefit} · %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>")
    charts.style(fig, charts.months_from_to(start, end))
    fig.update_layout(barmode="stack", yaxis_title=axis_title, legend_orientation="h", legend_y=1.12)
    if totals is None:
        totals = monthly.group_by("bulan").agg(pl.col("jumlah_klaim").sum(), pl.col("jumlah_idr").sum())
    table = wide.join(totals.select("bulan", pl.col("jumlah_idr").alias("Jumlah (Rp)"),
                                    pl.col("jumlah_klaim").alias("Jumlah klaim")), on="bulan").sort("bulan")
    return fig, table.select(
        formatted("Bulan", table["bulan"].to_list(), charts.month_name),
        # the totals first: at 1280 px the month's nine columns scroll sideways, and what is out of view is a benefit
        "Jumlah klaim", "Jumlah (Rp)", *[pl.col(b).alias(f"{b} (Rp)") for b in present])


def by_region(below: pl.DataFrame) -> tuple[go.Figure, pl.DataFrame]:
    """Rupiah per region below (klaim_anak_periode), with the count and the average per claim."""
    below = below.with_columns(_average_per_claim().alias("rata"))
    unit, axis_title = charts.rupiah_unit(charts.largest(below["jumlah_idr"]))
    fig = charts.ranked_bars(
        below["nama"].to_list(), (below["jumlah_idr"] / unit).to_list(),  # hidden: 0 long, '<5' in the hover
        customdata=[[fmt.rupiah(v), fmt.number(n), fmt.rupiah(a)] for v, n, a in
                    zip(below["jumlah_idr"], below["jumlah_klaim"], below["rata"])],
        hovertemplate="%{y}<br>%{customdata[0]} · %{customdata[1]} klaim · rata-rata %{customdata[2]}<extra></extra>",
        height=max(300, 22 * below.height), axis_title=axis_title)
    return fig, below.select(
        pl.col("kode_wilayah").alias("Kode"), pl.col("nama").alias("Wilayah"),
        pl.col("jumlah_klaim").alias("Jumlah klaim"), pl.col("jumlah_idr").alias("Jumlah dibayar (Rp)"),
        pl.col("rata").alias("Rata-rata per klaim (Rp)"))
