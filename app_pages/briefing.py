"""Briefing: the Musrenbang document for the chosen region and period, previewed, as PDF or PowerPoint."""
import datetime as dt

import streamlit as st

from ucj import fmt
from ucj.reports import documents
from ucj.reports.briefing import PREVIEW_HIDES, groups_frame
from ucj.reports.screens import funding, literal
from ucj.reports.screens.briefing import preview_cards
from ucj.settings import WORKER_FUNDING_SOURCES
from ui.briefing import download_buttons, gathered, pictures, request_for
from ui.components import (as_at, funding_inputs, ignores_note, metric_cards, nothing_to_show, page_header, region_of,
                           require_data, table)
from ui.data import current_path, query, warehouse_meta
from ui.filters import current

path = current_path()
f = current()
page_header(f"Bahan Musrenbang {f.region_name}", region_of(f), as_at(f),
            "satu halaman PDF A4 mendatar untuk dibagikan, PowerPoint lima slide (enam bila sumbernya panjang) untuk dipaparkan")
require_data(f)
ignores_note("briefing", "bahan", f)

left, right, _ = st.columns([1, 1, 2])
first_day = dt.date.fromisoformat(warehouse_meta(path)["data_mulai"])
claims_from = left.date_input("Klaim dibayar dari", value=max(first_day, f.month.replace(month=1)), min_value=first_day,
                              max_value=f.month_end, format="DD/MM/YYYY", key="bahan_klaim_dari")
claims_to = right.date_input("sampai", value=f.month_end, min_value=first_day, max_value=f.month_end,
                             format="DD/MM/YYYY", key="bahan_klaim_sampai")
if claims_from > claims_to:
    st.warning("Tanggal awal klaim jatuh setelah tanggal akhir; keduanya ditukar.")
    claims_from, claims_to = claims_to, claims_from
planned, planned_asn = funding.planned_inputs(query(path, "sponsor_rencana", wilayah=f.region))
with st.expander("Skenario pendanaan di dokumen", icon=":material/account_balance:"):
    st.caption("Isian awal dari rencana yang tercatat untuk wilayah ini; ubah untuk skenario lain.")
    workers, asn = funding_inputs(planned, planned_asn, key="bahan")
# the recorded plans unchanged keep their names in the document; anything else is the person's scenario
chosen_funding, chosen_asn = funding.chosen(workers, asn, planned, planned_asn)
request = request_for(path, f.region, f.month_end, claims_from, claims_to, f.monthly_idr, chosen_funding, chosen_asn,
                      f.band_limits)
# a typed date reaches the server only when its field loses focus: a download button drawn before that would hand
# over the document of the dates before. A click on this button carries every field's value, so the documents
# offered below are made from exactly what the fields show in the run it starts (docs/decisions.md)
if st.button("Siapkan dokumen", key="bahan_siapkan", icon=":material/description:", type="primary"):
    st.session_state["bahan_siap"] = request
prepared = st.session_state.get("bahan_siap")
if prepared == request:
    st.caption(f"Dokumen siap: klaim dibayar {fmt.date(claims_from)} – {fmt.date(claims_to)}, posisi "
               f"{fmt.date(f.month_end)}.")
    # a field changed in the moment between being left and a click on a button drawn before: no document
    fields = ("bahan_klaim_dari", "bahan_klaim_sampai", *(f"bahan_{source}" for source in WORKER_FUNDING_SOURCES),
              "bahan_asn")
    download_buttons(request, key="halaman_bahan", fields={name: st.session_state.get(name) for name in fields})
else:
    st.caption("Tekan Siapkan dokumen setelah memilih tanggal klaim dan skenario: PDF dan PowerPoint lalu dibuat "
               "untuk isian itu." if prepared is None else
               "Tanggal klaim atau skenario berubah sejak dokumen disiapkan: tekan Siapkan dokumen lagi.")

b = gathered(request)
st.subheader("Pratinjau isi")
st.markdown(f"**{b.title}**  \nBahan Musrenbang · posisi {fmt.date(b.as_of)}")
metric_cards(preview_cards(b), per_row=3)
left, middle, right = st.columns(3)
left.markdown(f"**Tren cakupan UCJ akhir bulan** ({fmt.month(b.trend[0][0]) if b.trend else ''} – "
              f"{fmt.month(b.as_of)})")
middle.markdown(f"**Klaim dibayar per manfaat** ({fmt.date(claims_from)} – {fmt.date(claims_to)})")
trend_picture, claims_picture, map_picture = pictures(request)
for column, picture, empty in ((left, trend_picture, "Belum ada angka cakupan untuk bulan-bulan ini."),
                               (middle, claims_picture, "Tidak ada klaim dibayar pada rentang ini.")):
    if picture:
        column.image(picture)
    else:
        column.caption(empty)
picture = map_picture
right.markdown("**Cakupan UCJ per wilayah**")
if picture:
    right.image(picture)
else:
    right.caption("Batas wilayah belum dimuat: peta tidak ikut di dokumen (lihat halaman Peta).")

st.markdown(f"**Kelompok pekerja belum terlindungi** (akhir {fmt.month(b.groups_month)})")
if b.groups:
    # the table shows each roster's date; the roster each group's figures come from, in full, stands under it (a
    # cell of a 1280 px wide page cannot hold it: the grid cut the column off)
    table(groups_frame(b), f"bahan_kelompok_{f.region}_{f.month:%Y-%m}", hide=PREVIEW_HIDES)
    for group in b.groups:
        if group.roster:
            st.caption(literal(group.roster))
else:
    nothing_to_show("Belum ada satu pun daftar kelompok pekerja untuk wilayah ini; daftar dimuat lewat "
                    "Sinkronisasi data.")
st.markdown("**Skenario pendanaan**  \n" + documents.scenario_text(b))
with st.expander("Sumber dan tanggal", expanded=True):
    st.markdown("\n".join(f"- {literal(line)}" for line in b.sources()))  # sources hold files' and people's text
