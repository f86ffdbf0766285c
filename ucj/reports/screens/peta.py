"""Peta: the figures behind the map, and a desa's panel (coverage, segments, groups, enrolment, sponsorships).
The map itself is `ucj.reports.choropleth`."""
import plotly.graph_objects as go
import polars as pl

from ucj import fmt
from ucj.reports import charts
from ucj.reports.screens import Card, formatted, region_table

SEGMENT_COLUMNS = {"PU": "aktif_pu", "BPU": "aktif_bpu", "Jakon": "aktif_jakon", "PMI": "aktif_pmi"}


def figures_table(values: pl.DataFrame) -> pl.DataFrame:
    """The figures the map colours by (peta_nilai), one row per region."""
    return region_table(values, "kode_wilayah", "nama", "cakupan_pct", "peserta_aktif", "pekerja_wajib", "target_pct",
                        "kurang_ke_target", "klaim_idr")


def shapes_without_figures(shapes: pl.DataFrame, values: pl.DataFrame) -> int:
    """Shapes drawn grey: regions on the map with no coverage figures."""
    return shapes.height - values.join(shapes.select(pl.col("kode").alias("kode_wilayah")), on="kode_wilayah").height


def panel_cards(cover: dict) -> list[Card]:
    """A desa's UCJ %, active participants and workers who should be covered (a cakupan_wilayah_bulan row)."""
    return [Card("Cakupan UCJ", fmt.pct(cover["cakupan_pct"])),
            Card("Peserta aktif", fmt.number(cover["peserta_aktif"])),
            Card("Pekerja wajib", fmt.number(cover["pekerja_wajib"]))]


def per_segment(cover: dict, segment_names: dict[str, str]) -> pl.DataFrame:
    """Active participants per segment, named as segment_names names them, in its order."""
    return pl.DataFrame({"Segmen": list(segment_names.values()),
                         "Peserta aktif": [cover[SEGMENT_COLUMNS[s]] for s in segment_names]})


def per_group(groups: pl.DataFrame) -> pl.DataFrame:
    return groups.select(pl.col("nama").alias("Kelompok"), pl.col("peserta_aktif").alias("Peserta aktif"))


def enrolment(trend: pl.DataFrame) -> tuple[go.Figure, pl.DataFrame]:
    """New participants of all segments per month (tren_peserta_segmen), a small bar chart."""
    monthly = trend.group_by("bulan").agg(pl.col("peserta_baru").sum()).sort("bulan")
    months = monthly["bulan"].to_list()
    fig = go.Figure(go.Bar(x=months, y=monthly["peserta_baru"].to_list(),
                           customdata=charts.month_hover(months, monthly["peserta_baru"]),
                           hovertemplate="%{customdata[0]}: %{customdata[1]} peserta baru<extra></extra>"))
    charts.style(fig, months, height=200)
    return fig, monthly.select(formatted("Bulan", months, fmt.month), pl.col("peserta_baru").alias("Peserta baru"))


def sponsorships(sponsors: pl.DataFrame) -> pl.DataFrame:
    """Sponsorships covering the desa's participants on the period's last day (sponsor_peserta_wilayah)."""
    return sponsors.select(
        pl.col("nama").alias("Perjanjian"), pl.col("sumber_dana").alias("Sumber dana"),
        formatted("Berakhir", sponsors["selesai"].to_list(), fmt.date), pl.col("peserta").alias("Peserta"))
