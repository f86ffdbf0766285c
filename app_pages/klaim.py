"""Klaim: claims paid by benefit, month by month and per region below, with the average per claim."""
import streamlit as st

from ucj import access, fmt
from ucj.reports.screens import klaim
from ui.components import (chart_with_table, filter_note, metric_cards, nothing_to_show, page_caption,
                           region_of, require_claims, require_data)
from ui.data import current_path, query, total, viewer
from ui.filters import current, month_range

path = current_path()
f = current()
st.title(f"Klaim {f.region_name}")
start, end = month_range(path, f.month)
page_caption(region_of(f), f"klaim dibayar {fmt.month(start)} sampai {fmt.month(end)}", filter_note(f))
require_claims(require_data(f))
selection = dict(wilayah=f.region, bulan_dari=start, bulan_sampai=end, segmen=f.segment, kelompok=f.group)
span = f"{f.region}_{start:%Y-%m}_{end:%Y-%m}"

by_benefit = query(path, "klaim_manfaat_periode", **selection)
if by_benefit.is_empty():
    nothing_to_show(f"Tidak ada klaim dibayar di {f.region_name} dari {fmt.month(start)} sampai {fmt.month(end)}"
                    + (f" untuk {f.describe()}" if f.describe() else "") + ".")
    st.stop()
# totals are the region's own figures: a viewer's rows may hold hidden cells ('<5') that a sum would carry
metric_cards(klaim.cards(by_benefit, total(path, "klaim_manfaat_periode", ("jumlah_klaim", "jumlah_idr"), **selection)))

st.subheader("Per manfaat")
chart_with_table(*klaim.by_benefit(by_benefit), f"klaim_per_manfaat_{span}")

st.subheader("Per bulan")
monthly_totals = total(path, "klaim_tren_bulan", ("jumlah_klaim", "jumlah_idr"), by=("bulan",), **selection)
chart_with_table(*klaim.by_month(query(path, "klaim_tren_bulan", **selection), start, end, monthly_totals),
                 f"klaim_per_bulan_{span}")

# per desa/kelurahan only for an account with desa detail
below = query(path, "klaim_anak_periode", **selection) if access.may_see_below(viewer(), f.region) else None
if below is not None and not below.is_empty():
    st.subheader(f"Per {klaim.LEVEL_BELOW[f.level]}")
    chart_with_table(*klaim.by_region(below), f"klaim_per_wilayah_{span}")
