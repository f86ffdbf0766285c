"""Ringkasan: the region's UCJ %, participants, workers who should be covered and claims, at a glance."""
import polars as pl
import plotly.graph_objects as go
import streamlit as st

from ucj import fmt
from ui import charts
from ui.components import demo_badge
from ui.data import current_path, query
from ui.filters import LEVEL_LABELS, current, year_earlier

path = current_path()
f = current()
st.title(f"Ringkasan {f.nama}")
st.caption(f"{LEVEL_LABELS[f.tingkat]} {f.kode} · posisi akhir {fmt.month(f.bulan)}")
demo_badge()

now = query(path, "cakupan_wilayah_bulan", kode=f.kode, bulan=f.bulan)
if now.is_empty():
    st.info(f"Belum ada angka cakupan untuk {f.nama} pada {fmt.month(f.bulan)}. Pilih bulan atau wilayah lain.")
    st.stop()
row = now.row(0, named=True)
before = query(path, "cakupan_wilayah_bulan", kode=f.kode, bulan=year_earlier(f.bulan))
prior = before.row(0, named=True) if not before.is_empty() else None

claims_now = query(path, "klaim_manfaat_periode", kode=f.kode, bulan_dari=f.bulan.replace(month=1), bulan_sampai=f.bulan)
claims_prior = query(path, "klaim_manfaat_periode", kode=f.kode, bulan_dari=year_earlier(f.bulan.replace(month=1)),
                     bulan_sampai=year_earlier(f.bulan))
paid_now, paid_prior = int(claims_now["jumlah_idr"].sum()), int(claims_prior["jumlah_idr"].sum())

cards = st.columns(4)
cards[0].metric(
    "Cakupan UCJ", fmt.pct(row["cakupan_pct"]),
    delta=fmt.pct_points(row["cakupan_pct"] - prior["cakupan_pct"])
    if prior and prior["cakupan_pct"] is not None and row["cakupan_pct"] is not None else None,
    help="Peserta aktif dibagi pekerja yang seharusnya terlindungi; perubahan terhadap bulan yang sama tahun lalu.")
cards[1].metric("Peserta aktif", fmt.number(row["peserta_aktif"]),
                delta=fmt.signed_number(row["peserta_aktif"] - prior["peserta_aktif"]) if prior else None)
cards[2].metric("Pekerja wajib terlindungi", fmt.number(row["pekerja_wajib"]),
                delta=fmt.signed_number(row["pekerja_wajib"] - prior["pekerja_wajib"])
                if prior and prior["pekerja_wajib"] is not None and row["pekerja_wajib"] is not None else None,
                delta_color="off")
cards[3].metric(f"Klaim dibayar Januari–{fmt.month(f.bulan)}", fmt.rupiah(paid_now),
                delta=fmt.rupiah(paid_now - paid_prior).replace("Rp-", "-Rp") if paid_prior else None,
                delta_color="off", help=f"{fmt.number(int(claims_now['jumlah_klaim'].sum()))} klaim")

source = row["sumber_pekerja_wajib"] or "tidak ada"
st.caption(f"Pekerja wajib terlindungi: {source}"
           + (f", per {fmt.date(row['tanggal_sumber_pekerja_wajib'])}" if row["tanggal_sumber_pekerja_wajib"] else "")
           + (f". {row['desa_tanpa_pekerja_wajib']} desa belum punya angka pekerja wajib."
              if row["desa_tanpa_pekerja_wajib"] else "."))

target = query(path, "target_ucj", kode=f.kode, tahun=f.bulan.year)
trend = query(path, "tren_cakupan", kode=f.kode, bulan=f.bulan)
st.subheader("Tren cakupan UCJ")
chart = go.Figure(go.Scatter(
    x=trend["bulan"].to_list(), y=trend["cakupan_pct"].to_list(), mode="lines", name="Cakupan UCJ",
    customdata=[[fmt.month(m), fmt.pct(p), fmt.number(a)] for m, p, a in
                zip(trend["bulan"], trend["cakupan_pct"], trend["peserta_aktif"])],
    hovertemplate="%{customdata[0]}<br>Cakupan %{customdata[1]}<br>Peserta aktif %{customdata[2]}<extra></extra>"))
if not target.is_empty():
    chart.add_hline(y=float(target.item(0, "target_pct")), line_dash="dash",
                    annotation_text=f"Target {f.bulan.year}: {fmt.pct(float(target.item(0, 'target_pct')))}")
charts.style(chart, trend["bulan"].to_list())
chart.update_layout(yaxis_title="Cakupan (%)", showlegend=False)
tab_chart, tab_table = st.tabs(["Grafik", "Tabel"])
tab_chart.plotly_chart(chart, width="stretch")
tab_table.dataframe(
    trend.select(pl.col("bulan").map_elements(fmt.month, return_dtype=pl.String).alias("Bulan"),
                 pl.col("peserta_aktif").alias("Peserta aktif"), pl.col("pekerja_wajib").alias("Pekerja wajib"),
                 pl.col("cakupan_pct").round(2).alias("Cakupan UCJ (%)")),
    hide_index=True, width="stretch")

children = query(path, "cakupan_anak_bulan", kode=f.kode, bulan=f.bulan)
if not children.is_empty():
    st.subheader("Per wilayah di bawahnya")
    st.dataframe(
        children.select(
            pl.col("kode_wilayah").alias("Kode"), pl.col("nama").alias("Nama"),
            pl.col("peserta_aktif").map_elements(fmt.number, return_dtype=pl.String).alias("Peserta aktif"),
            pl.col("pekerja_wajib").map_elements(fmt.number, return_dtype=pl.String).alias("Pekerja wajib"),
            pl.col("cakupan_pct").map_elements(fmt.pct, return_dtype=pl.String).alias("Cakupan UCJ")),
        hide_index=True, width="stretch")
