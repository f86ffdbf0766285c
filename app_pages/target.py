"""Target: the branch office's enrolment against its targets, the forecast, where the gaps are."""
import streamlit as st

from ucj import fmt
from ucj.reports.screens import lapse_horizon, target
from ui.components import (chart_with_table, note_missing_participants, nothing_to_show, page_header, region_of,
                           require_data, table)
from ui.data import current_path, query
from ui.filters import current

path = current_path()
f = current()
year = f.month.year
page_header(f"Target {f.region_name}", region_of(f), f"Januari sampai {fmt.month(f.month)}")
note_missing_participants(require_data(f))
if f.describe():
    st.caption("Filter segmen dan kelompok tidak berlaku di halaman ini: target ditetapkan untuk semua peserta baru.")

st.subheader("Peserta baru terhadap target, per kantor cabang")
monthly = query(path, "target_kantor_bulan", wilayah=f.region, tahun=year, bulan=f.month)
if monthly.is_empty():
    nothing_to_show(f"Belum ada target peserta baru untuk {f.region_name} pada {year}.")
else:
    yearly = query(path, "target_tahunan_kantor", wilayah=f.region, tahun=year, bulan=f.month)
    chart_with_table(*target.against_target(monthly), f"target_peserta_baru_{f.region}_{year}")
    with st.expander("Rincian per kantor dan kabupaten/kota per bulan"):
        table(target.per_office_month(monthly), f"target_peserta_baru_per_kantor_{f.region}_{year}")
    st.markdown("**Proyeksi laju (run-rate) sampai akhir tahun**")
    table(target.forecasts(monthly, yearly), f"proyeksi_target_{f.region}_{f.month:%Y-%m}")

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
        fig, shown, caption = target.largest_gaps(gaps, levels[level].lower())
        st.caption(caption)
        chart_with_table(fig, shown, f"kesenjangan_{level}_{f.region}_{f.month:%Y-%m}")

st.subheader("Peserta yang kepesertaannya akan berakhir")
horizon = lapse_horizon(f.month_end)
lapsing = query(path, "peserta_akan_berhenti_desa", wilayah=f.region, dari=f.month_end, sampai=horizon)
st.caption(f"Peserta yang hari terakhir kepesertaannya jatuh antara {fmt.date(f.month_end)} dan {fmt.date(horizon)}, "
           "kecuali diperpanjang. Hanya jumlah per desa; daftar nama memerlukan hak akses.")
if lapsing.is_empty():
    nothing_to_show("Tidak ada peserta yang kepesertaannya berakhir dalam 90 hari ke depan di wilayah ini.")
else:
    per_desa, total = target.lapsing_per_desa(lapsing)
    st.markdown(f"**{fmt.number(total)} peserta** di {fmt.number(per_desa.height)} desa/kelurahan.")
    table(per_desa, f"peserta_akan_berakhir_{f.region}_{f.month:%Y-%m}")
