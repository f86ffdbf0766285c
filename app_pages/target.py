"""Target: the branch office's enrolment against its targets, the forecast, where the gaps are."""
import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ucj import fmt, settings
from ucj.reports import measures
from ui import charts
from ui.components import chart_with_table, demo_badge, nothing_to_show, table
from ui.data import current_path, query
from ui.filters import LEVEL_LABELS, current

path = current_path()
f = current()
year = f.month.year
st.title(f"Target {f.region_name}")
st.caption(f"{LEVEL_LABELS[f.level]} {f.region} · Januari sampai {fmt.month(f.month)}")
demo_badge()
if f.describe():
    st.caption("Filter segmen dan kelompok tidak berlaku di halaman ini: target ditetapkan untuk semua peserta baru.")

st.subheader("Peserta baru terhadap target, per kantor cabang")
monthly = query(path, "target_kantor_bulan", wilayah=f.region, tahun=year, bulan=f.month)
if monthly.is_empty():
    nothing_to_show(f"Belum ada target peserta baru untuk {f.region_name} pada {year}.")
else:
    yearly = query(path, "target_tahunan_kantor", wilayah=f.region, tahun=year, bulan=f.month)
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
    summary = pl.DataFrame(rows)
    total = monthly.group_by("bulan").agg(pl.col("target_peserta_baru").sum(), pl.col("peserta_baru").sum()).sort("bulan")
    fig = go.Figure()
    fig.add_bar(x=total["bulan"].to_list(), y=total["peserta_baru"].to_list(), name="Realisasi",
                customdata=[[fmt.month(m), fmt.number(v)] for m, v in zip(total["bulan"], total["peserta_baru"])],
                hovertemplate="%{customdata[0]}: %{customdata[1]} peserta baru<extra></extra>")
    fig.add_scatter(x=total["bulan"].to_list(), y=total["target_peserta_baru"].to_list(), name="Target",
                    mode="lines+markers", line=dict(color="#222", dash="dash"),
                    customdata=[[fmt.month(m), fmt.number(v)] for m, v in zip(total["bulan"], total["target_peserta_baru"])],
                    hovertemplate="%{customdata[0]}: target %{customdata[1]}<extra></extra>")
    charts.style(fig, total["bulan"].to_list())
    fig.update_layout(yaxis_title="Peserta baru", legend_orientation="h", legend_y=1.12)
    chart_with_table(fig, total.select(
        pl.col("bulan").map_elements(fmt.month, return_dtype=pl.String).alias("Bulan"),
        pl.col("target_peserta_baru").alias("Target"), pl.col("peserta_baru").alias("Realisasi")),
        f"target_peserta_baru_{f.region}_{year}")
    with st.expander("Rincian per kantor dan kabupaten/kota per bulan"):
        table(monthly.select(
            pl.col("nama_kantor").alias("Kantor"), pl.col("nama_kabupaten").alias("Kabupaten/Kota"),
            pl.col("bulan").map_elements(fmt.month, return_dtype=pl.String).alias("Bulan"),
            pl.col("target_peserta_baru").alias("Target"), pl.col("peserta_baru").alias("Realisasi")),
            f"target_peserta_baru_per_kantor_{f.region}_{year}")
    st.markdown("**Proyeksi laju (run-rate) sampai akhir tahun**")
    table(summary, f"proyeksi_target_{f.region}_{f.month:%Y-%m}")

st.subheader("Wilayah dengan kesenjangan terbesar")
levels = {"kecamatan": "Kecamatan", "desa_kelurahan": "Desa/Kelurahan"}
if f.level == "desa_kelurahan":
    nothing_to_show("Pilih kabupaten/kota atau kecamatan untuk membandingkan wilayah di dalamnya.")
else:
    level = st.segmented_control("Tingkat", list(levels), format_func=levels.get, key="target_tingkat",
                                 default="kecamatan" if f.level != "kecamatan" else "desa_kelurahan")
    level = level or "kecamatan"
    gaps = query(path, "kesenjangan_target_wilayah", wilayah=f.region, tingkat=level, bulan=f.month)
    if gaps.is_empty():
        nothing_to_show(f"Tidak ada {levels[level].lower()} di {f.region_name} dengan angka cakupan pada {fmt.month(f.month)}.")
    else:
        top = gaps.head(20)
        fig = go.Figure(go.Bar(
            y=top["nama"].to_list(), x=top["kurang_ke_target"].to_list(), orientation="h",
            customdata=[[fmt.pct(c), fmt.pct(t), fmt.number(g)] for c, t, g in
                        zip(top["cakupan_pct"], top["target_pct"], top["kurang_ke_target"])],
            hovertemplate="%{y}<br>Kurang %{customdata[2]} orang<br>Cakupan %{customdata[0]}, target "
                          "%{customdata[1]}<extra></extra>"))
        charts.style(fig, height=max(300, 24 * top.height))
        fig.update_layout(yaxis_autorange="reversed", xaxis_title="Orang yang masih kurang untuk mencapai target")
        st.caption(f"{top.height} {levels[level].lower()} dengan kekurangan terbesar"
                   + (f"; tabel memuat semuanya ({fmt.number(gaps.height)})." if gaps.height > top.height else "."))
        chart_with_table(fig, gaps.select(
            pl.col("kode_wilayah").alias("Kode"), pl.col("nama").alias("Wilayah"),
            pl.col("peserta_aktif").alias("Peserta aktif"), pl.col("pekerja_wajib").alias("Pekerja wajib"),
            pl.col("cakupan_pct").round(2).alias("Cakupan UCJ (%)"), pl.col("target_pct").cast(pl.Float64).alias("Target (%)"),
            pl.col("kurang_ke_target").alias("Kurang ke target (orang)")), f"kesenjangan_{level}_{f.region}_{f.month:%Y-%m}")

st.subheader("Peserta yang kepesertaannya akan berakhir")
horizon = f.month_end + dt.timedelta(days=settings.LAPSE_HORIZON_DAYS)
lapsing = query(path, "peserta_akan_berhenti_desa", wilayah=f.region, dari=f.month_end, sampai=horizon)
st.caption(f"Peserta yang hari terakhir kepesertaannya jatuh antara {fmt.date(f.month_end)} dan {fmt.date(horizon)}, "
           "kecuali diperpanjang. Hanya jumlah per desa; daftar nama memerlukan hak akses.")
if lapsing.is_empty():
    nothing_to_show("Tidak ada peserta yang kepesertaannya berakhir dalam 90 hari ke depan di wilayah ini.")
else:
    wide = (lapsing.pivot(on="sumber_dana", index=["kode_desa", "nama"], values="peserta").fill_null(0))
    sources = [c for c in wide.columns if c not in ("kode_desa", "nama")]
    wide = wide.with_columns(pl.sum_horizontal(sources).alias("Jumlah")).sort("Jumlah", descending=True)
    st.markdown(f"**{fmt.number(int(wide['Jumlah'].sum()))} peserta** di {fmt.number(wide.height)} desa/kelurahan.")
    table(wide.rename({"kode_desa": "Kode desa", "nama": "Desa/Kelurahan"}),
          f"peserta_akan_berakhir_{f.region}_{f.month:%Y-%m}")
