"""Kesenjangan: the worker groups not yet covered, what covering them costs, and sponsorships about to end."""
import datetime as dt

import plotly.graph_objects as go
import polars as pl

from ucj import fmt
from ucj.reports import charts, measures
from ucj.reports.screens import formatted


def with_yearly_cost(groups: pl.DataFrame, monthly_idr: int) -> pl.DataFrame:
    """kelompok_belum_tercakup with the yearly JKK + JKM cost of covering each group's uncovered members."""
    return groups.with_columns(pl.Series("biaya_tahunan", [measures.yearly_cost_idr(n, monthly_idr)
                                                           for n in groups["belum_tercakup"].to_list()]))


def groups_sentence(groups: pl.DataFrame, monthly_idr: int, total: pl.DataFrame | None = None) -> str:
    """How many on the groups' rosters are not covered, and what covering all of them costs a year. `total`: the
    region's own (`read_total` of kelompok_belum_tercakup), which a viewer's hidden cells would otherwise hide."""
    total = measures.whole((total if total is not None else groups)["belum_tercakup"].sum())
    return (f"**{fmt.number(total)} orang** dalam daftar kelompok belum terlindungi. Melindungi mereka dengan "
            f"JKK + JKM ({fmt.rupiah_full(monthly_idr)} per orang per bulan) memerlukan "
            f"**{fmt.rupiah(measures.yearly_cost_idr(total, monthly_idr))} per tahun**.")


def groups_chart(groups: pl.DataFrame, roster_of: dict[str, str],
                 roster_day: dict[str, str] | None = None) -> tuple[go.Figure, pl.DataFrame]:
    """People not covered per group (with_yearly_cost's frame), largest first as the query orders them; the table
    says which roster each group's figures come from (`rosters.labels`) and its date alone (`rosters.dates`), the
    column a page shows where the whole line does not fit a cell (SCREEN_HIDES)."""
    roster_day = roster_day or {}
    fig = charts.ranked_bars(
        groups["nama_kelompok"].to_list(), groups["belum_tercakup"].to_list(),
        text=[fmt.number(n) for n in groups["belum_tercakup"]],
        customdata=[[fmt.number(a), fmt.number(t), fmt.rupiah(c)] for a, t, c in
                    zip(groups["anggota"], groups["tercakup"], groups["biaya_tahunan"])],
        hovertemplate="%{y}<br>Belum terlindungi %{x:,}<br>Dalam daftar %{customdata[0]}, terlindungi "
                      "%{customdata[1]}<br>Biaya per tahun %{customdata[2]}<extra></extra>",
        height=max(220, 48 * groups.height), axis_title="Orang belum terlindungi")
    return fig, groups.select(
        pl.col("nama_kelompok").alias("Kelompok"), pl.col("anggota").alias("Dalam daftar"),
        pl.col("tercakup").alias("Terlindungi"), pl.col("belum_tercakup").alias("Belum terlindungi"),
        pl.col("biaya_tahunan").alias("Biaya per tahun (Rp)"),  # JKK + JKM: the sentence above says so
        pl.Series("Tanggal daftar", [roster_day.get(g, "") for g in groups["kelompok_pekerja"]], dtype=pl.String),
        pl.Series(ROSTER_COLUMN, [roster_of.get(g, "") for g in groups["kelompok_pekerja"]], dtype=pl.String))


ROSTER_COLUMN = "Daftar (kelompok, tanggal, sumber)"
# on screen a roster's date alone: at 1280 px its whole line was cut off in the cell; the lines stand under the
# table, and the downloads hold both columns
SCREEN_HIDES = (ROSTER_COLUMN,)


def roster_lines(groups: pl.DataFrame, roster_of: dict[str, str]) -> list[str]:
    """One line per group shown: the roster(s) its figures come from, in the chart's order (plain text)."""
    return [roster_of[g] for g in groups["kelompok_pekerja"] if g in roster_of]


def groups_per_region(below: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """People not covered per region below (kelompok_belum_tercakup_anak), one column per group by its name."""
    names = dict(zip(groups["kelompok_pekerja"], groups["nama_kelompok"]))
    wide = (below.with_columns(pl.col("kelompok_pekerja").replace_strict(names, default=None))
            .pivot(on="kelompok_pekerja", index=["kode_wilayah", "nama"], values="belum_tercakup")
            .fill_null(0).sort("kode_wilayah"))
    return wide.rename({"kode_wilayah": "Kode", "nama": "Wilayah"})


def lapsing_sponsorships(lapsing: pl.DataFrame, month_end: dt.date) -> pl.DataFrame:
    """Sponsorships ending soon (sponsor_berakhir) with their last day and the days left from the period's end."""
    return lapsing.select(
        pl.col("nama").alias("Perjanjian"), pl.col("sponsor").alias("Sponsor"), pl.col("sumber_dana").alias("Sumber dana"),
        pl.col("kode_wilayah").alias("Wilayah"), pl.col("jumlah_pekerja").alias("Pekerja"),
        formatted("Berakhir", lapsing["selesai"].to_list(), fmt.date),
        (pl.col("selesai") - pl.lit(month_end)).dt.total_days().alias("Sisa hari"))
