"""Klaim: claims paid by benefit, month by month and per region below, with the average per claim."""
import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ucj import fmt
from ui import charts
from ui.components import chart_with_table, demo_badge, nothing_to_show
from ui.data import current_path, query
from ui.filters import LEVEL_LABELS, current, month_range

BENEFITS = ("JHT", "JP", "JKM", "JKK", "JKP", "beasiswa")
BENEFIT_NAMES = {"JHT": "JHT (hari tua)", "JP": "JP (pensiun)", "JKM": "JKM (kematian)",
                 "JKK": "JKK (kecelakaan kerja)", "JKP": "JKP (kehilangan pekerjaan)", "beasiswa": "Beasiswa"}

path = current_path()
f = current()
st.title(f"Klaim {f.region_name}")
start, end = month_range(path, f.month)
st.caption(f"{LEVEL_LABELS[f.level]} {f.region} · klaim dibayar {fmt.month(start)} sampai {fmt.month(end)}"
           + (f" · filter: {f.describe()}" if f.describe() else ""))
demo_badge()

by_benefit = query(path, "klaim_manfaat_periode", wilayah=f.region, bulan_dari=start, bulan_sampai=end,
                   segmen=f.segment, kelompok=f.group)
if by_benefit.is_empty():
    nothing_to_show(f"Tidak ada klaim dibayar di {f.region_name} dari {fmt.month(start)} sampai {fmt.month(end)}"
                    + (f" untuk {f.describe()}" if f.describe() else "") + ".")
    st.stop()

count, paid = int(by_benefit["jumlah_klaim"].sum()), int(by_benefit["jumlah_idr"].sum())
cards = st.columns(3)
cards[0].metric("Klaim dibayar", fmt.number(count), border=True)
cards[1].metric("Jumlah dibayar", fmt.rupiah(paid), border=True, help=fmt.rupiah_full(paid))
cards[2].metric("Rata-rata per klaim", fmt.rupiah(paid / count), border=True, help=fmt.rupiah_full(paid / count))

st.subheader("Per manfaat")
ordered = (pl.DataFrame({"manfaat": BENEFITS, "urutan": range(len(BENEFITS))})
           .join(by_benefit, on="manfaat", how="left").fill_null(0).sort("urutan"))
unit, axis_title = charts.rupiah_unit(ordered["jumlah_idr"].max())
fig = go.Figure(go.Bar(
    x=[BENEFIT_NAMES[b] for b in ordered["manfaat"]], y=(ordered["jumlah_idr"] / unit).to_list(),
    text=[f"{fmt.number(n)} klaim" for n in ordered["jumlah_klaim"]], textposition="outside",
    customdata=[[fmt.rupiah(v), fmt.number(n)] for v, n in zip(ordered["jumlah_idr"], ordered["jumlah_klaim"])],
    hovertemplate="%{x}<br>%{customdata[0]} · %{customdata[1]} klaim<extra></extra>"))
charts.style(fig, height=340)
fig.update_layout(yaxis_title=axis_title)
chart_with_table(fig, ordered.select(
    pl.col("manfaat").alias("Manfaat"), pl.col("jumlah_klaim").alias("Jumlah klaim"),
    pl.col("jumlah_idr").alias("Jumlah dibayar (Rp)"),
    pl.when(pl.col("jumlah_klaim") > 0).then((pl.col("jumlah_idr") / pl.col("jumlah_klaim")).round(0))
    .alias("Rata-rata per klaim (Rp)")), f"klaim_per_manfaat_{f.region}_{start:%Y-%m}_{end:%Y-%m}")

st.subheader("Per bulan")
monthly = query(path, "klaim_tren_bulan", wilayah=f.region, bulan_dari=start, bulan_sampai=end, segmen=f.segment,
                kelompok=f.group)
wide = monthly.pivot(on="manfaat", index="bulan", values="jumlah_idr").fill_null(0).sort("bulan")
present = [b for b in BENEFITS if b in wide.columns]
unit, axis_title = charts.rupiah_unit(wide.select(pl.sum_horizontal(present)).to_series().max())
fig = go.Figure()
for benefit in present:
    fig.add_bar(x=wide["bulan"].to_list(), y=(wide[benefit] / unit).to_list(), name=benefit,
                customdata=[[fmt.month(m), fmt.rupiah(v)] for m, v in zip(wide["bulan"], wide[benefit])],
                hovertemplate=f"{benefit} · %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>")
months = []
month = start
while month <= end:
    months.append(month)
    month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
charts.style(fig, months)
fig.update_layout(barmode="stack", yaxis_title=axis_title, legend_orientation="h", legend_y=1.12)
counts = monthly.group_by("bulan").agg(pl.col("jumlah_klaim").sum().alias("Jumlah klaim"))
chart_with_table(fig, wide.join(counts, on="bulan").sort("bulan").select(
    pl.col("bulan").map_elements(fmt.month, return_dtype=pl.String).alias("Bulan"),
    *[pl.col(b).alias(f"{b} (Rp)") for b in present], pl.sum_horizontal(present).alias("Jumlah (Rp)"),
    "Jumlah klaim"), f"klaim_per_bulan_{f.region}_{start:%Y-%m}_{end:%Y-%m}")

below = query(path, "klaim_anak_periode", wilayah=f.region, bulan_dari=start, bulan_sampai=end, segmen=f.segment,
              kelompok=f.group)
if not below.is_empty():
    level = {"provinsi": "kabupaten/kota", "kabupaten_kota": "kecamatan", "kecamatan": "desa/kelurahan"}[f.level]
    st.subheader(f"Per {level}")
    below = below.with_columns((pl.col("jumlah_idr") / pl.col("jumlah_klaim")).round(0).alias("rata"))
    unit, axis_title = charts.rupiah_unit(below["jumlah_idr"].max())
    fig = go.Figure(go.Bar(
        y=below["nama"].to_list(), x=(below["jumlah_idr"] / unit).to_list(), orientation="h",
        customdata=[[fmt.rupiah(v), fmt.number(n), fmt.rupiah(a)] for v, n, a in
                    zip(below["jumlah_idr"], below["jumlah_klaim"], below["rata"])],
        hovertemplate="%{y}<br>%{customdata[0]} · %{customdata[1]} klaim · rata-rata %{customdata[2]}<extra></extra>"))
    charts.style(fig, height=max(300, 22 * below.height))
    fig.update_layout(yaxis_autorange="reversed", xaxis_title=axis_title)
    chart_with_table(fig, below.select(
        pl.col("kode_wilayah").alias("Kode"), pl.col("nama").alias("Wilayah"),
        pl.col("jumlah_klaim").alias("Jumlah klaim"), pl.col("jumlah_idr").alias("Jumlah dibayar (Rp)"),
        pl.col("rata").alias("Rata-rata per klaim (Rp)")), f"klaim_per_wilayah_{f.region}_{start:%Y-%m}_{end:%Y-%m}")
