"""Ringkasan: the region's UCJ %, participants, workers who should be covered, gap to target and claims."""
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ucj import fmt, settings
from ucj.reports import measures
from ui import charts
from ui.briefing import download_buttons
from ui.components import chart_with_table, demo_badge, nothing_to_show
from ui.data import current_path, query
from ui.filters import LEVEL_LABELS, SEGMENTS, current, year_earlier

path = current_path()
f = current()
st.title(f"Ringkasan {f.region_name}")
st.caption(f"{LEVEL_LABELS[f.level]} {f.region} · posisi akhir {fmt.month(f.month)}"
           + (f" · filter: {f.describe()}" if f.describe() else ""))
demo_badge()
download_buttons(path, f.region, f.month_end, f.month.replace(month=1), f.month_end, f.monthly_idr,
                 key="ringkasan_bahan", band_limits=f.band_limits)
if f.segment or f.group:
    st.caption("Bahan Musrenbang memuat semua segmen dan kelompok pekerja, tanpa filter peserta.")


def figures(month):
    """Coverage, filtered participants, target and year-to-date claims of the region at a month end."""
    cover = query(path, "cakupan_wilayah_bulan", wilayah=f.region, bulan=month)
    if cover.is_empty():
        return None
    row = cover.row(0, named=True)
    people = query(path, "peserta_filter_bulan", wilayah=f.region, bulan=month, segmen=f.segment, kelompok=f.group)
    active = people.item(0, "peserta_aktif")
    target = query(path, "target_ucj", wilayah=f.region, tahun=month.year)
    claims = query(path, "klaim_manfaat_periode", wilayah=f.region, bulan_dari=month.replace(month=1), bulan_sampai=month,
                   segmen=f.segment, kelompok=f.group)
    target_pct = float(target.item(0, "target_pct")) if not target.is_empty() else None
    return {
        **row,
        "aktif": active,
        "baru": people.item(0, "peserta_baru"),
        "ucj": 100 * active / row["pekerja_wajib"] if row["pekerja_wajib"] else None,
        "target_pct": target_pct,
        "target_sumber": target.item(0, "sumber") if not target.is_empty() else None,
        "kurang": measures.people_to_target(target_pct, row["pekerja_wajib"], row["peserta_aktif"]),
        "klaim_idr": int(claims["jumlah_idr"].sum()),
        "klaim_n": int(claims["jumlah_klaim"].sum()),
    }


now, before = figures(f.month), figures(year_earlier(f.month))
if now is None:
    nothing_to_show(f"Belum ada angka cakupan untuk {f.region_name} pada {fmt.month(f.month)}. Pilih bulan atau wilayah lain.")
    st.stop()


def change(key, formatter):
    if before is None or now[key] is None or before[key] is None:
        return None
    return formatter(now[key] - before[key])


top, bottom = st.columns(3), st.columns(3)
top[0].metric("Cakupan UCJ", fmt.pct(now["ucj"]), delta=change("ucj", fmt.pct_points), border=True,
              help="Peserta aktif dibagi pekerja yang seharusnya terlindungi, per akhir bulan. "
                   "Perubahan: terhadap bulan yang sama tahun lalu.")
top[1].metric("Peserta aktif", fmt.number(now["aktif"]), delta=change("aktif", fmt.signed_number), border=True)
top[2].metric("Pekerja wajib terlindungi", fmt.number(now["pekerja_wajib"]), border=True,
              delta=change("pekerja_wajib", fmt.signed_number), delta_color="off")
bottom[0].metric("Kurang ke target (orang)", fmt.number(now["kurang"]), border=True,
                 delta=change("kurang", fmt.signed_number), delta_color="inverse",
                 help=(f"Target {now['bulan'].year}: {fmt.pct(now['target_pct'])} ({now['target_sumber']}); "
                       "dihitung dari seluruh peserta aktif.") if now["target_pct"] is not None else "Belum ada target.")
bottom[1].metric(f"Klaim dibayar Jan–{charts.short_month(f.month)}", fmt.rupiah(now["klaim_idr"]), border=True,
                 delta=change("klaim_idr", lambda v: fmt.rupiah(v).replace("Rp-", "-Rp")), delta_color="off",
                 help=f"{fmt.number(now['klaim_n'])} klaim dibayar sejak 1 Januari.")
bottom[2].metric(f"Peserta baru {fmt.month(f.month)}", fmt.number(now["baru"]), border=True,
                 delta=change("baru", fmt.signed_number))
if f.describe():
    st.caption(f"Dengan filter {f.describe()}, cakupan dihitung dari peserta yang sesuai filter dibagi seluruh "
               "pekerja wajib terlindungi.")
st.caption(f"Pekerja wajib terlindungi: {now['sumber_pekerja_wajib'] or 'belum ada'}"
           + (f", per {fmt.date(now['tanggal_sumber_pekerja_wajib'])}" if now["tanggal_sumber_pekerja_wajib"] else "")
           + (f". {now['desa_tanpa_pekerja_wajib']} desa belum punya angka pekerja wajib."
              if now["desa_tanpa_pekerja_wajib"] else "."))

# UCJ % of the regions below, against their targets and the bands
children = query(path, "cakupan_anak_target", wilayah=f.region, bulan=f.month)
st.subheader("Cakupan UCJ per wilayah terhadap target")
if children.is_empty():
    nothing_to_show(f"{f.region_name} tidak punya wilayah di bawahnya untuk dibandingkan.")
else:
    shown = children.with_columns(
        pl.col("cakupan_pct").map_elements(lambda p: measures.band(p, f.band_limits), return_dtype=pl.String)
        .alias("pita"))
    fig = go.Figure()
    lows = (0.0,) + f.band_limits
    highs = f.band_limits + (100.0,)
    top = max([v for v in shown["cakupan_pct"].to_list() + shown["target_pct"].to_list() if v is not None] + [10]) * 1.15
    for name, low, high, colour in zip(settings.BAND_NAMES, lows, highs, settings.BAND_COLOURS):
        if low < top:
            fig.add_hrect(y0=low, y1=min(high, top), fillcolor=colour, opacity=0.10, line_width=0,
                          annotation_text=name, annotation_position="top left", annotation_font_size=11)
    colours = dict(zip(settings.BAND_NAMES, settings.BAND_COLOURS))
    fig.add_bar(x=shown["nama"].to_list(), y=shown["cakupan_pct"].to_list(), name="Cakupan UCJ",
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
    chart_with_table(fig, shown.select(
        pl.col("kode_wilayah").alias("Kode"), pl.col("nama").alias("Wilayah"),
        pl.col("peserta_aktif").alias("Peserta aktif"), pl.col("pekerja_wajib").alias("Pekerja wajib"),
        pl.col("cakupan_pct").round(2).alias("Cakupan UCJ (%)"), pl.col("pita").alias("Pita"),
        pl.col("target_pct").cast(pl.Float64).alias("Target (%)")), f"cakupan_per_wilayah_{f.region}_{f.month:%Y-%m}")

# Active participants per segment, month by month
trend = query(path, "tren_peserta_segmen", wilayah=f.region, bulan=f.month, segmen=f.segment, kelompok=f.group)
st.subheader("Tren peserta aktif per segmen")
if trend.is_empty() or trend["peserta_aktif"].sum() == 0:
    nothing_to_show("Tidak ada peserta yang sesuai filter di wilayah dan periode ini.")
else:
    wide = trend.pivot(on="segmen", index="bulan", values="peserta_aktif").fill_null(0).sort("bulan")
    segments = [s for s in SEGMENTS if s in wide.columns]
    fig = go.Figure()
    for segment in segments:
        fig.add_scatter(x=wide["bulan"].to_list(), y=wide[segment].to_list(), name=segment, stackgroup="aktif",
                        customdata=[[fmt.month(m), fmt.number(v)] for m, v in zip(wide["bulan"], wide[segment])],
                        hovertemplate=f"{segment} · %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>")
    charts.style(fig, wide["bulan"].to_list())
    fig.update_layout(yaxis_title="Peserta aktif", legend_orientation="h", legend_y=1.12)
    chart_with_table(fig, wide.select(pl.col("bulan").map_elements(fmt.month, return_dtype=pl.String).alias("Bulan"),
                                      *[pl.col(s) for s in segments],
                                      pl.sum_horizontal(segments).alias("Jumlah")),
                     f"tren_peserta_segmen_{f.region}")
