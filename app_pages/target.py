"""Target: the branch office's enrolment against its targets, the forecast, where the gaps are."""
import datetime as dt

import streamlit as st

from ucj import fmt
from ucj.reports.screens import lapse_horizon, target
from ui.cache import per_request
from ui.components import (chart_with_table, note_missing_participants, nothing_to_show, page_header, region_of,
                           require_data, table)
from ui.data import current_path, query
from ui.filters import LEVEL_LABELS, current

LEVELS = {"kecamatan": "Kecamatan", "desa_kelurahan": "Desa/Kelurahan"}


@per_request
def against_target(region: str, year: int, month: dt.date):
    """The chart and table of new participants against target, the rows per office and month, the forecast; None
    without targets."""
    path = current_path()
    monthly = query(path, "target_kantor_bulan", wilayah=region, tahun=year, bulan=month)
    if monthly.is_empty():
        return None
    # the office's year (its target and months left) is on each monthly row: one read for the section
    return (*target.against_target(monthly), target.per_office_month(monthly),
            target.forecasts(monthly, target.yearly_of(monthly)))


@per_request
def largest_gaps(region: str, level: str, month: dt.date):
    gaps = query(current_path(), "kesenjangan_target_wilayah", wilayah=region, tingkat=level, bulan=month)
    return None if gaps.is_empty() else target.largest_gaps(gaps, LEVELS[level].lower())


@per_request
def lapsing(region: str, level: str, month_end: dt.date, horizon: dt.date):
    """Per desa, the total, and above kecamatan level the same per region one level below (None at or below it)."""
    path = current_path()
    rows = query(path, "peserta_akan_berhenti_desa", wilayah=region, dari=month_end, sampai=horizon)
    if rows.is_empty():
        return None
    per_desa, total = target.lapsing_per_desa(rows)
    per_region = (target.lapsing_per_region(per_desa, query(path, "wilayah_anak", wilayah_induk=region))
                  if level in ("provinsi", "kabupaten_kota") else None)
    return per_desa, total, per_region


path = current_path()
f = current()
year = f.month.year
page_header(f"Target {f.region_name}", region_of(f), f"Januari sampai {fmt.month(f.month)}")
note_missing_participants(require_data(f))
if f.describe():
    st.caption("Filter segmen dan kelompok tidak berlaku di halaman ini: target ditetapkan untuk semua peserta baru.")

st.subheader("Peserta baru terhadap target, per kantor cabang")
enrolment = against_target(f.region, year, f.month)
if enrolment is None:
    nothing_to_show(f"Belum ada target peserta baru untuk {f.region_name} pada {year}.")
else:
    fig, shown, per_office_month, forecasts = enrolment
    chart_with_table(fig, shown, f"target_peserta_baru_{f.region}_{year}")
    with st.expander("Rincian per kantor dan kabupaten/kota per bulan"):
        table(per_office_month, f"target_peserta_baru_per_kantor_{f.region}_{year}")
    st.markdown("**Proyeksi laju (run-rate) sampai akhir tahun**")
    table(forecasts, f"proyeksi_target_{f.region}_{f.month:%Y-%m}")

st.subheader("Wilayah dengan kesenjangan terbesar")
if f.level == "desa_kelurahan":
    nothing_to_show("Pilih kabupaten/kota atau kecamatan untuk membandingkan wilayah di dalamnya.")
else:
    level = st.segmented_control("Tingkat", list(LEVELS), format_func=LEVELS.get, key="target_tingkat",
                                 default="kecamatan" if f.level != "kecamatan" else "desa_kelurahan")
    level = level or "kecamatan"
    gaps = largest_gaps(f.region, level, f.month)
    if gaps is None:
        nothing_to_show(f"Tidak ada {LEVELS[level].lower()} di {f.region_name} dengan angka cakupan pada {fmt.month(f.month)}.")
    else:
        fig, shown, caption = gaps
        st.caption(caption)
        chart_with_table(fig, shown, f"kesenjangan_{level}_{f.region}_{f.month:%Y-%m}")

st.subheader("Peserta yang kepesertaannya akan berakhir")
horizon = lapse_horizon(f.month_end)
ending = lapsing(f.region, f.level, f.month_end, horizon)
st.caption(f"Peserta yang hari terakhir kepesertaannya jatuh antara {fmt.date(f.month_end)} dan {fmt.date(horizon)}, "
           "kecuali diperpanjang. Hanya jumlah per desa; daftar nama memerlukan hak akses.")
if ending is None:
    nothing_to_show("Tidak ada peserta yang kepesertaannya berakhir dalam 90 hari ke depan di wilayah ini.")
else:
    per_desa, total, per_region = ending
    st.markdown(f"**{fmt.number(total)} peserta** di {fmt.number(per_desa.height)} desa/kelurahan.")
    if per_region is None:
        table(per_desa, f"peserta_akan_berakhir_{f.region}_{f.month:%Y-%m}")
    else:
        # above kecamatan: a row per region below, and the desa of one of them on request, not hundreds of rows
        below = LEVEL_LABELS[{"provinsi": "kabupaten_kota", "kabupaten_kota": "kecamatan"}[f.level]]
        table(per_region, f"peserta_akan_berakhir_per_{below}_{f.region}_{f.month:%Y-%m}")
        names = dict(zip(per_region["Kode"], per_region["Wilayah"]))
        chosen = st.selectbox(f"Rincian desa/kelurahan di {below}", list(names), index=None,
                              format_func=lambda code: f"{names[code]} ({code})", key="target_berakhir_rinci",
                              placeholder=f"Pilih {below}")
        if chosen:
            table(target.desa_in(per_desa, chosen), f"peserta_akan_berakhir_{chosen}_{f.month:%Y-%m}")
