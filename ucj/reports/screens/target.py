"""Target: new participants against the branch offices' targets, the run-rate forecast, where the gaps are."""
import plotly.graph_objects as go
import polars as pl

from ucj import fmt
from ucj.reports import charts, measures
from ucj.reports.screens import formatted, region_table

GAPS_SHOWN = 20


def yearly_of(monthly: pl.DataFrame) -> pl.DataFrame:
    """Per office and regency its year (kode_kantor, kode_kabupaten, target_tahun, bulan_tersisa), from the columns
    target_kantor_bulan repeats on each of its monthly rows; none for an office without monthly targets that year."""
    return (monthly.filter(pl.col("bulan_tersisa").is_not_null())
            .unique(subset=["kode_kantor", "kode_kabupaten"], keep="first", maintain_order=True)
            .select("kode_kantor", "kode_kabupaten", "target_tahun", "bulan_tersisa"))


def forecasts(monthly: pl.DataFrame, yearly: pl.DataFrame) -> pl.DataFrame:
    """Per office and regency (target_kantor_bulan, its year as `yearly_of` takes it): target and realised so far, the mean
    pace, the run-rate forecast to the year's end against the year's target."""
    year_target = {(o, k): (t, left) for o, k, t, left in yearly.iter_rows()}
    rows = []
    for (office, office_name, kab, kab_name), part in monthly.group_by(
            ["kode_kantor", "nama_kantor", "kode_kabupaten", "nama_kabupaten"], maintain_order=True):
        target_year, months_left = year_target.get((office, kab), (None, 0))
        forecast = measures.run_rate_forecast(part.sort("bulan")["peserta_baru"].to_list(), months_left, target_year)
        rows.append({"Kantor": office_name, "Kabupaten/Kota": kab_name,
                     "Target s.d. bulan ini": int(part["target_peserta_baru"].fill_null(0).sum()),
                     "Realisasi s.d. bulan ini": forecast.realised,
                     "Rata-rata per bulan": round(forecast.monthly_rate, 1),
                     "Proyeksi akhir tahun": forecast.forecast_year_end,
                     "Target setahun": forecast.target_year,
                     "Tercapai?": "–" if forecast.reaches_target is None else
                                  ("ya" if forecast.reaches_target else "tidak")})
    return pl.DataFrame(rows)


def against_target(monthly: pl.DataFrame) -> tuple[go.Figure, pl.DataFrame]:
    """New participants of all offices per month as bars, their targets as a dashed line."""
    total = (monthly.group_by("bulan").agg(pl.col("target_peserta_baru").sum(), pl.col("peserta_baru").sum())
             .sort("bulan"))
    months = total["bulan"].to_list()
    fig = go.Figure()
    fig.add_bar(x=months, y=total["peserta_baru"].to_list(), name="Realisasi",
                customdata=charts.month_hover(months, total["peserta_baru"]),
                hovertemplate="%{customdata[0]}: %{customdata[1]} peserta baru<extra></extra>")
    fig.add_scatter(x=months, y=total["target_peserta_baru"].to_list(), name="Target",
                    mode="lines+markers", line=dict(color="#222", dash="dash"),
                    customdata=charts.month_hover(months, total["target_peserta_baru"]),
                    hovertemplate="%{customdata[0]}: target %{customdata[1]}<extra></extra>")
    charts.style(fig, months)
    fig.update_layout(yaxis_title="Peserta baru", legend_orientation="h", legend_y=1.12)
    return fig, total.select(formatted("Bulan", months, charts.month_name),
                             pl.col("target_peserta_baru").alias("Target"), pl.col("peserta_baru").alias("Realisasi"))


def per_office_month(monthly: pl.DataFrame) -> pl.DataFrame:
    return monthly.select(
        pl.col("nama_kantor").alias("Kantor"), pl.col("nama_kabupaten").alias("Kabupaten/Kota"),
        formatted("Bulan", monthly["bulan"].to_list(), charts.month_name),
        pl.col("target_peserta_baru").alias("Target"), pl.col("peserta_baru").alias("Realisasi"))


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
