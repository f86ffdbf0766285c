"""Target: new participants against the branch offices' targets, month by month and since January, the forecast to
December with its range, where the gaps are."""
import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from ucj import fmt
from ucj.reports import charts, measures
from ucj.reports.screens import formatted, region_table

GAPS_SHOWN = 20


ALL_OFFICES = ""
# beyond this many offices a line each is unreadable: the chart adds them up, the table lists them
MOST_OFFICE_LINES = 8
FORECAST_METHOD = ("Proyeksi Desember = realisasi sejak Januari + median peserta baru per bulan selama "
                   f"{measures.PACE_MONTHS} bulan terakhir × sisa bulan; rentangnya memakai kuartil bawah dan atas "
                   "bulan-bulan yang sama. Median tidak terbawa oleh satu bulan pendaftaran massal (mis. pekerja "
                   "rentan yang didaftarkan pemkab sekaligus): bulan itu dihitung dalam realisasi, tetapi tidak "
                   "diproyeksikan berulang.")


def offices(monthly: pl.DataFrame, year: int) -> dict[str, str]:
    """The offices serving a kabupaten/kota of the region in `year` up to the month (target_kantor_bulan), code to
    name, by name."""
    rows = this_year(monthly, year).unique(subset=["kode_kantor"]).sort(["nama_kantor", "kode_kantor"])
    return dict(zip(rows["kode_kantor"], rows["nama_kantor"]))


def this_year(monthly: pl.DataFrame, year: int) -> pl.DataFrame:
    """target_kantor_bulan's rows of `year` (the months before it are there for the forecast's pace)."""
    return monthly.filter(pl.col("bulan") >= dt.date(year, 1, 1))


def of_office(monthly: pl.DataFrame, office: str) -> pl.DataFrame:
    return monthly if office == ALL_OFFICES else monthly.filter(pl.col("kode_kantor") == office)


def yearly_of(monthly: pl.DataFrame) -> pl.DataFrame:
    """Per office and regency its year (kode_kantor, kode_kabupaten, target_tahun, bulan_tersisa), from the columns
    target_kantor_bulan repeats on each of its monthly rows; none for an office without monthly targets that year."""
    return (monthly.filter(pl.col("bulan_tersisa").is_not_null())
            .unique(subset=["kode_kantor", "kode_kabupaten"], keep="first", maintain_order=True)
            .select("kode_kantor", "kode_kabupaten", "target_tahun", "bulan_tersisa"))


def forecast_per_regency(monthly: pl.DataFrame, year: int) -> list[tuple[str, str, measures.Forecast]]:
    """Per office and regency of the year (target_kantor_bulan, this office's or all): office name, regency name and
    the forecast. The pace is the regency's new participants of the last six months, whichever office served it then
    (the count is the regency's). Grouped by Polars once: Indonesia has 514 offices and regencies."""
    pace = dict(monthly.unique(subset=["kode_kabupaten", "bulan"]).sort("bulan")
                .group_by("kode_kabupaten").agg(pl.col("peserta_baru")).iter_rows())
    per_regency = (this_year(monthly, year).sort("bulan")
                   .group_by("kode_kantor", "nama_kantor", "kode_kabupaten", "nama_kabupaten", maintain_order=True)
                   .agg(pl.col("peserta_baru"), pl.col("target_tahun").drop_nulls().first(),
                        pl.col("bulan_tersisa").drop_nulls().first()))
    return [(office_name, kab_name, measures.run_rate_forecast(
                realised, months_left or 0, target_year if months_left is not None else None, recent=pace[kab]))
            for _, office_name, kab, kab_name, realised, target_year, months_left in per_regency.iter_rows()]


def forecasts(per_regency: list[tuple[str, str, measures.Forecast]], office: str) -> pl.DataFrame:
    """The forecast table (forecast_per_regency of the office, or of all), whole numbers, the range as 'low–high':
    per regency of one office, per office for all offices (its regencies added up). Short headers: every column fits
    the page at 1280 pixels."""
    if office == ALL_OFFICES:
        offices: dict[str, list[measures.Forecast]] = {}
        for office_name, _, f in per_regency:
            offices.setdefault(office_name, []).append(f)
        rows = [("Kantor", name, *_added_up(parts)) for name, parts in offices.items()]
    else:
        rows = [("Kabupaten/Kota", kab_name, f.target_year, f.realised, f.monthly_rate, f.low, f.forecast_year_end,
                 f.high) for _, kab_name, f in per_regency]
    return pl.DataFrame(
        [{column: name, "Target setahun": target_year, "Realisasi": realised, "Laju/bulan": measures.added(rate, 1),
          "Proyeksi Des": forecast, "Rentang": f"{fmt.number(low)}–{fmt.number(high)}",
          "Tercapai?": "–" if target_year is None else ("ya" if forecast >= target_year else "tidak")}
         for column, name, target_year, realised, rate, low, forecast, high in rows],
        schema_overrides={"Target setahun": pl.Int64, "Realisasi": pl.Int64, "Laju/bulan": pl.Int64,
                          "Proyeksi Des": pl.Int64})


def _added_up(parts: list[measures.Forecast]) -> tuple:
    """An office's regencies' forecasts added up: target (None when none has one), realised, pace, low, forecast,
    high."""
    targets = [f.target_year for f in parts if f.target_year is not None]
    return (sum(targets) if targets else None, sum(f.realised for f in parts), sum(f.monthly_rate for f in parts),
            sum(f.low for f in parts), sum(f.forecast_year_end for f in parts), sum(f.high for f in parts))


@dataclass(frozen=True)
class YearToDate:
    target_year: int  # the year's targets added up (of the regencies that have one)
    months: list[dt.date]  # January to the month
    target_cumulative: list[int]
    realised_cumulative: list[int]
    ahead: list[dt.date]  # the month, then each month to December
    forecast: list[tuple[int, int, int]]  # (low, forecast, high) at each month of `ahead`, from what was realised


def year_to_date(monthly: pl.DataFrame, year: int, office: str,
                 per_regency: list[tuple[str, str, measures.Forecast]]) -> YearToDate | None:
    """The office's (or all offices') new participants and targets added up since January, and the forecast month
    by month to December (per_regency's forecasts added up: December's is the forecast table's total). None without
    a row this year."""
    mine = this_year(of_office(monthly, office), year)
    if mine.is_empty():
        return None
    per_month = mine.group_by("bulan").agg(pl.col("target_peserta_baru").fill_null(0).sum(),
                                           pl.col("peserta_baru").sum()).sort("bulan")
    months = per_month["bulan"].to_list()
    regencies = [f for *_, f in per_regency]
    ahead = charts.months_from_to(months[-1], dt.date(year, 12, 1))
    steps = [tuple(sum(parts) for parts in zip(*(f.by(k) for f in regencies))) for k in range(len(ahead))]
    return YearToDate(sum(f.target_year or 0 for f in regencies), months,
                      [int(v) for v in per_month["target_peserta_baru"].cum_sum()],
                      [int(v) for v in per_month["peserta_baru"].cum_sum()], ahead, steps)


def against_target(monthly: pl.DataFrame, year: int, office: str) -> tuple[go.Figure, pl.DataFrame]:
    """New participants per month against the monthly target. One office: its regencies added up, bars and a dashed
    target line. All offices: a line each (realised solid, target dotted in the same colour), up to
    MOST_OFFICE_LINES offices; more are added up like one office. The table has a row per office and month."""
    mine = this_year(of_office(monthly, office), year)
    per_office = (mine.group_by("kode_kantor", "nama_kantor", "bulan")
                  .agg(pl.col("target_peserta_baru").sum(), pl.col("peserta_baru").sum())
                  .sort("nama_kantor", "kode_kantor", "bulan"))
    months = sorted(set(per_office["bulan"].to_list()))
    fig = go.Figure()
    if office == ALL_OFFICES and per_office["kode_kantor"].n_unique() <= MOST_OFFICE_LINES:
        for i, ((_, name), part) in enumerate(per_office.group_by("kode_kantor", "nama_kantor", maintain_order=True)):
            colour = OFFICE_COLOURS[i % len(OFFICE_COLOURS)]
            when = part["bulan"].to_list()
            fig.add_scatter(x=when, y=part["peserta_baru"].to_list(), name=name, mode="lines+markers",
                            legendgroup=name, line=dict(color=colour),
                            customdata=charts.month_hover(when, part["peserta_baru"]),
                            hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{customdata[1]}} peserta baru"
                                          "<extra></extra>")
            fig.add_scatter(x=when, y=part["target_peserta_baru"].to_list(), name=f"Target {name}", mode="lines",
                            legendgroup=name, showlegend=False, line=dict(color=colour, dash="dot"),
                            customdata=charts.month_hover(when, part["target_peserta_baru"]),
                            hovertemplate=f"{name}<br>%{{customdata[0]}}: target %{{customdata[1]}}<extra></extra>")
        height = 380
    else:
        total = (per_office.group_by("bulan").agg(pl.col("target_peserta_baru").sum(), pl.col("peserta_baru").sum())
                 .sort("bulan"))
        fig.add_bar(x=months, y=total["peserta_baru"].to_list(), name="Realisasi",
                    customdata=charts.month_hover(months, total["peserta_baru"]),
                    hovertemplate="%{customdata[0]}: %{customdata[1]} peserta baru<extra></extra>")
        fig.add_scatter(x=months, y=total["target_peserta_baru"].to_list(), name="Target",
                        mode="lines+markers", line=dict(color="#222", dash="dash"),
                        customdata=charts.month_hover(months, total["target_peserta_baru"]),
                        hovertemplate="%{customdata[0]}: target %{customdata[1]}<extra></extra>")
        height = 320
    charts.style(fig, months, height=height)
    fig.update_layout(yaxis_title="Peserta baru per bulan", legend_orientation="h", legend_y=1.18)
    return fig, per_office.select(
        pl.col("nama_kantor").alias("Kantor"), formatted("Bulan", per_office["bulan"].to_list(), charts.month_name),
        pl.col("target_peserta_baru").cast(pl.Int64).alias("Target"),
        pl.col("peserta_baru").cast(pl.Int64).alias("Realisasi"))


# one colour per office, its realised line solid and its target dotted
OFFICE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")


def cumulative_chart(ytd: YearToDate) -> tuple[go.Figure, pl.DataFrame]:
    """Realised since January against the targets since January, the forecast to December with its range shaded,
    and the year's target as a level line; the table has the months so far and the forecast to December."""
    fig = go.Figure()
    low, mid, high = ([step[i] for step in ytd.forecast] for i in range(3))
    fig.add_scatter(x=ytd.ahead + ytd.ahead[::-1], y=high + low[::-1], fill="toself",
                    fillcolor="rgba(31,119,180,0.15)", line=dict(width=0), name="Rentang proyeksi", hoverinfo="skip")
    fig.add_scatter(x=ytd.ahead, y=mid, name="Proyeksi", mode="lines", line=dict(color="#1f77b4", dash="dash"),
                    customdata=[[charts.month_name(m), fmt.number(v), fmt.number(lo), fmt.number(hi)]
                                for m, v, lo, hi in zip(ytd.ahead, mid, low, high)],
                    hovertemplate="%{customdata[0]}: proyeksi %{customdata[1]} (%{customdata[2]}–%{customdata[3]})"
                                  "<extra></extra>")
    fig.add_scatter(x=ytd.months, y=ytd.realised_cumulative, name="Realisasi", mode="lines+markers",
                    line=dict(color="#1f77b4"), customdata=charts.month_hover(ytd.months, ytd.realised_cumulative),
                    hovertemplate="%{customdata[0]}: %{customdata[1]} sejak Januari<extra></extra>")
    fig.add_scatter(x=ytd.months, y=ytd.target_cumulative, name="Target", mode="lines",
                    line=dict(color="#222", dash="dot"),
                    customdata=charts.month_hover(ytd.months, ytd.target_cumulative),
                    hovertemplate="%{customdata[0]}: target %{customdata[1]} sejak Januari<extra></extra>")
    every_month = charts.months_from_to(ytd.months[0], ytd.ahead[-1])
    if ytd.target_year:
        fig.add_scatter(x=[every_month[0], every_month[-1]], y=[ytd.target_year] * 2, name="Target setahun",
                        mode="lines", line=dict(color="#d62728", width=1.5),
                        hovertemplate=f"Target setahun {fmt.number(ytd.target_year)}<extra></extra>")
    charts.style(fig, every_month, height=340)
    fig.update_layout(yaxis_title="Peserta baru sejak Januari", legend_orientation="h", legend_y=1.18)
    rows = [{"Bulan": charts.month_name(m), "Target kumulatif": t, "Kumulatif": r, "Rentang": ""}
            for m, t, r in zip(ytd.months, ytd.target_cumulative, ytd.realised_cumulative)]
    if len(ytd.ahead) > 1:  # the forecast to December as the last row, its range beside it
        low, forecast, high = ytd.forecast[-1]
        rows.append({"Bulan": f"{charts.month_name(ytd.ahead[-1])} (proyeksi)", "Target kumulatif": ytd.target_year,
                     "Kumulatif": forecast, "Rentang": f"{fmt.number(low)}–{fmt.number(high)}"})
    return fig, pl.DataFrame(rows, schema={"Bulan": pl.String, "Target kumulatif": pl.Int64, "Kumulatif": pl.Int64,
                                           "Rentang": pl.String})


def largest_gaps(gaps: pl.DataFrame, level_name: str) -> tuple[go.Figure, pl.DataFrame, str]:
    """The regions furthest from their target (kesenjangan_target_wilayah, largest gap first): the first
    GAPS_SHOWN as bars, all of them in the table, and a caption saying which."""
    top = gaps.head(GAPS_SHOWN)
    fig = charts.ranked_bars(
        top["nama"].to_list(), top["kurang_ke_target"].to_list(),
        customdata=[[fmt.pct(c), fmt.pct(t), fmt.number(g)] for c, t, g in
                    zip(top["cakupan_pct"], top["target_pct"], top["kurang_ke_target"])],
        hovertemplate="%{y}<br>Kurang %{customdata[2]} orang<br>Cakupan %{customdata[0]}, target "
                      "%{customdata[1]}<extra></extra>",
        height=max(300, 24 * top.height), axis_title="Orang yang masih kurang untuk mencapai target")
    caption = (f"{top.height} {level_name} dengan kekurangan terbesar"
               + (f"; tabel memuat semuanya ({fmt.number(gaps.height)})." if gaps.height > top.height else "."))
    return fig, region_table(gaps, "kode_wilayah", "nama", "peserta_aktif", "pekerja_wajib", "cakupan_pct",
                             "target_pct", "kurang_ke_target"), caption


def lapsing_per_desa(lapsing: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Participants whose cover ends soon per desa (peserta_akan_berhenti_desa), one column per funding source
    and their total, most first; and the total of all desa."""
    wide = lapsing.pivot(on="sumber_dana", index=["kode_desa", "nama"], values="peserta").fill_null(0)
    sources = [c for c in wide.columns if c not in ("kode_desa", "nama")]
    wide = wide.with_columns(pl.sum_horizontal(sources).alias("Jumlah")).sort("Jumlah", descending=True)
    return wide.rename({"kode_desa": "Kode desa", "nama": "Desa/Kelurahan"}), measures.whole(wide["Jumlah"].sum())


def lapsing_per_region(per_desa: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """lapsing_per_desa's rows added up per region one level below (wilayah_anak: kode, nama; all of one level), most
    first; regions without a lapsing participant are left out. Sums of exact rows: a hidden cell (NaN) among them
    hides its region's sum too."""
    width = regions["kode"].str.len_chars().max()
    sources = [c for c in per_desa.columns if c not in ("Kode desa", "Desa/Kelurahan")]
    return (per_desa.group_by(pl.col("Kode desa").str.slice(0, width).alias("kode"))
            .agg(pl.len().alias("Jumlah desa"), *[pl.col(c).sum() for c in sources])
            .join(regions.select("kode", "nama"), on="kode")
            .sort(["Jumlah", "kode"], descending=[True, False])
            .select(pl.col("kode").alias("Kode"), pl.col("nama").alias("Wilayah"), "Jumlah desa", *sources))


def desa_in(per_desa: pl.DataFrame, region: str) -> pl.DataFrame:
    """lapsing_per_desa's rows of the desa inside `region`."""
    return per_desa.filter(pl.col("Kode desa").str.starts_with(region + "."))


def lapsing_per_child(rows: pl.DataFrame, regions: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Participants whose cover ends soon per region one level below (peserta_akan_berhenti_anak), one column per
    funding source and their total, most first, with the region's name (wilayah_anak: kode, nama); and the total.
    A hidden cell (NaN) hides its region's total too."""
    wide = rows.pivot(on="sumber_dana", index="kode", values="peserta").fill_null(0)
    sources = [c for c in wide.columns if c != "kode"]
    wide = (wide.with_columns(pl.sum_horizontal(sources).alias("Jumlah"))
            .join(regions.select("kode", "nama"), on="kode", how="left")
            .sort(["Jumlah", "kode"], descending=[True, False]))
    return (wide.select(pl.col("kode").alias("Kode"), pl.col("nama").alias("Wilayah"), *sources, "Jumlah"),
            measures.whole(wide["Jumlah"].sum()))


def in_regencies(regions: pl.DataFrame, regencies: tuple[str, ...]) -> pl.DataFrame:
    """Rows of regions (kode_wilayah) inside one of `regencies` (kabupaten/kota codes); all rows when none is given."""
    if not regencies:
        return regions
    return regions.filter(pl.col("kode_wilayah").str.slice(0, 5).is_in(list(regencies)))
