"""Kesenjangan: who is not yet covered, what covering them costs, and what funding would change."""
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
st.title(f"Kesenjangan {f.region_name}")
st.caption(f"{LEVEL_LABELS[f.level]} {f.region} · posisi akhir {fmt.month(f.month)}"
           + (f" · kelompok {f.group_name}" if f.group else ""))
demo_badge()
yearly = f.monthly_idr * 12

st.subheader("Kelompok pekerja yang belum terlindungi")
groups = query(path, "kelompok_belum_tercakup", wilayah=f.region, bulan=f.month, kelompok=f.group)
if groups.is_empty():
    nothing_to_show(f"Belum ada daftar kelompok pekerja untuk {f.region_name} sampai {fmt.month(f.month)}. "
                    "Daftar guru, kader dan kelompok lain dimuat lewat sinkronisasi data.")
else:
    groups = groups.with_columns((pl.col("belum_tercakup") * yearly).alias("biaya_tahunan"))
    total = int(groups["belum_tercakup"].sum())
    st.markdown(f"**{fmt.number(total)} orang** dalam daftar kelompok belum terlindungi. Melindungi mereka dengan "
                f"JKK + JKM ({fmt.rupiah_full(f.monthly_idr)} per orang per bulan) memerlukan "
                f"**{fmt.rupiah(total * yearly)} per tahun**.")
    fig = go.Figure(go.Bar(
        y=groups["nama_kelompok"].to_list(), x=groups["belum_tercakup"].to_list(), orientation="h",
        text=[fmt.number(n) for n in groups["belum_tercakup"]], textposition="outside",
        customdata=[[fmt.number(a), fmt.number(t), fmt.rupiah(c)] for a, t, c in
                    zip(groups["anggota"], groups["tercakup"], groups["biaya_tahunan"])],
        hovertemplate="%{y}<br>Belum terlindungi %{x:,}<br>Dalam daftar %{customdata[0]}, terlindungi "
                      "%{customdata[1]}<br>Biaya per tahun %{customdata[2]}<extra></extra>"))
    charts.style(fig, height=max(220, 48 * groups.height))
    fig.update_layout(yaxis_autorange="reversed", xaxis_title="Orang belum terlindungi")
    chart_with_table(fig, groups.select(
        pl.col("nama_kelompok").alias("Kelompok"), pl.col("anggota").alias("Dalam daftar"),
        pl.col("tercakup").alias("Sudah terlindungi"), pl.col("belum_tercakup").alias("Belum terlindungi"),
        pl.col("biaya_tahunan").alias("Biaya JKK + JKM per tahun (Rp)")),
        f"kelompok_belum_terlindungi_{f.region}_{f.month:%Y-%m}")

    below = query(path, "kelompok_belum_tercakup_anak", wilayah=f.region, bulan=f.month, kelompok=f.group)
    if not below.is_empty():
        with st.expander("Per wilayah di bawahnya"):
            names = dict(zip(groups["kelompok_pekerja"], groups["nama_kelompok"]))
            wide = (below.with_columns(pl.col("kelompok_pekerja").replace_strict(names, default=None))
                    .pivot(on="kelompok_pekerja", index=["kode_wilayah", "nama"], values="belum_tercakup")
                    .fill_null(0).sort("kode_wilayah"))
            table(wide.rename({"kode_wilayah": "Kode", "nama": "Wilayah"}),
                  f"kelompok_per_wilayah_{f.region}_{f.month:%Y-%m}")

st.subheader("Simulasi pendanaan")
cover = query(path, "cakupan_wilayah_bulan", wilayah=f.region, bulan=f.month)
target = query(path, "target_ucj", wilayah=f.region, tahun=f.month.year)
if cover.is_empty() or not cover.item(0, "pekerja_wajib"):
    nothing_to_show("Simulasi memerlukan angka pekerja wajib terlindungi untuk wilayah dan bulan ini.")
else:
    active, eligible = cover.item(0, "peserta_aktif"), cover.item(0, "pekerja_wajib")
    target_pct = float(target.item(0, "target_pct")) if not target.is_empty() else None
    plans = query(path, "sponsor_rencana", wilayah=f.region)
    planned = dict(plans.group_by("sumber_dana").agg(pl.col("jumlah_pekerja").sum()).iter_rows())
    if plans.height:
        st.caption("Isian awal dari rencana yang tercatat: "
                   + "; ".join(f"{n} ({fmt.number(j)} pekerja, {s})" for n, j, s in
                               zip(plans["nama"], plans["jumlah_pekerja"], plans["sumber_dana"])) + ".")
    columns = st.columns(5)
    workers = {}
    for column, source in zip(columns, ("APBD", "APBDes", "DBH Sawit", "CSR")):
        workers[source] = column.number_input(f"{source} (pekerja)", min_value=0, max_value=10_000_000, step=100,
                                              value=int(planned.get(source, 0)), key=f"sim_{source}")
    asn = columns[4].number_input("SERTAKAN (ASN × 5)", min_value=0, max_value=1_000_000, step=10,
                                  value=int(planned.get("SERTAKAN", 0)) // settings.SERTAKAN_WORKERS_PER_ASN,
                                  key="sim_asn", help="Setiap ASN menyertakan 5 pekerja.")
    result = measures.simulate(active, eligible, target_pct, workers, asn, f.monthly_idr)
    cards = st.columns(4)
    cards[0].metric("Cakupan UCJ sekarang", fmt.pct(100 * active / eligible), border=True)
    cards[1].metric("Cakupan UCJ proyeksi", fmt.pct(result.projected_pct), border=True,
                    delta=fmt.pct_points(result.projected_pct - 100 * active / eligible))
    cards[2].metric("Sisa ke target", "–" if result.remaining_to_target is None
                    else f"{fmt.number(result.remaining_to_target)} orang", border=True,
                    help=f"Target {f.month.year}: {fmt.pct(target_pct)}" if target_pct is not None else "Belum ada target.")
    cards[3].metric("Biaya per tahun", fmt.rupiah(result.yearly_cost_idr), border=True,
                    help=f"{fmt.number(result.added)} pekerja × {fmt.rupiah_full(f.monthly_idr)} × 12 bulan")
    if result.added < sum(result.added_by_source.values()):
        st.warning("Jumlah pekerja yang didanai melebihi pekerja yang belum terlindungi; proyeksi berhenti di 100%.")
    sources = pl.DataFrame({"Sumber dana": list(result.added_by_source),
                            "Pekerja": list(result.added_by_source.values())}).filter(pl.col("Pekerja") > 0)
    if sources.height:
        sources = sources.with_columns((pl.col("Pekerja") * f.monthly_idr * 12).alias("Biaya per tahun (Rp)"))
        table(sources, f"simulasi_pendanaan_{f.region}_{f.month:%Y-%m}")

st.subheader("Sponsor yang berakhir dalam 90 hari")
horizon = f.month_end + dt.timedelta(days=settings.LAPSE_HORIZON_DAYS)
lapsing = query(path, "sponsor_berakhir", wilayah=f.region, dari=f.month_end, sampai=horizon)
if lapsing.is_empty():
    nothing_to_show(f"Tidak ada perjanjian sponsor untuk {f.region_name} yang berakhir antara {fmt.date(f.month_end)} "
                    f"dan {fmt.date(horizon)}.")
else:
    table(lapsing.select(
        pl.col("nama").alias("Perjanjian"), pl.col("sponsor").alias("Sponsor"), pl.col("sumber_dana").alias("Sumber dana"),
        pl.col("kode_wilayah").alias("Wilayah"), pl.col("jumlah_pekerja").alias("Pekerja"),
        pl.col("selesai").map_elements(fmt.date, return_dtype=pl.String).alias("Berakhir"),
        (pl.col("selesai") - pl.lit(f.month_end)).dt.total_days().alias("Sisa hari")),
        f"sponsor_berakhir_{f.region}_{f.month:%Y-%m}")
