"""Klaim: claims paid by benefit, month by month and per region below, with the average per claim."""
import datetime as dt

import streamlit as st

from ucj import access, fmt
from ucj.reports.screens import klaim
from ui.cache import per_request
from ui.components import (chart_with_table, filter_note, metric_cards, nothing_to_show, page_caption,
                           region_of, require_claims, require_data)
from ui.data import current_path, query, total, viewer
from ui.filters import current, month_range


@per_request
def by_benefit(region: str, start: dt.date, end: dt.date, segment: str, group: str):
    """The cards and the chart per benefit; None when nothing was paid."""
    path = current_path()
    selection = dict(wilayah=region, bulan_dari=start, bulan_sampai=end, segmen=segment, kelompok=group)
    claims = query(path, "klaim_manfaat_periode", **selection)
    if claims.is_empty():
        return None
    # totals are the region's own figures: a viewer's rows may hold hidden cells ('<5') that a sum would carry
    return (klaim.cards(claims, total(path, "klaim_manfaat_periode", ("jumlah_klaim", "jumlah_idr"), **selection)),
            *klaim.by_benefit(claims))


@per_request
def by_month(region: str, start: dt.date, end: dt.date, segment: str, group: str):
    path = current_path()
    selection = dict(wilayah=region, bulan_dari=start, bulan_sampai=end, segmen=segment, kelompok=group)
    return klaim.by_month(query(path, "klaim_tren_bulan", **selection), start, end,
                          total(path, "klaim_tren_bulan", ("jumlah_klaim", "jumlah_idr"), by=("bulan",), **selection))


@per_request
def by_region(region: str, start: dt.date, end: dt.date, segment: str, group: str):
    below = query(current_path(), "klaim_anak_periode", wilayah=region, bulan_dari=start, bulan_sampai=end,
                  segmen=segment, kelompok=group)
    return None if below.is_empty() else klaim.by_region(below)


path = current_path()
f = current()
st.title(f"Klaim {f.region_name}")
start, end = month_range(path, f.month)
page_caption(region_of(f), f"klaim dibayar {fmt.month(start)} sampai {fmt.month(end)}", filter_note(f))
require_claims(require_data(f))
selection = (f.region, start, end, f.segment, f.group)
span = f"{f.region}_{start:%Y-%m}_{end:%Y-%m}"

benefits = by_benefit(*selection)
if benefits is None:
    nothing_to_show(f"Tidak ada klaim dibayar di {f.region_name} dari {fmt.month(start)} sampai {fmt.month(end)}"
                    + (f" untuk {f.describe()}" if f.describe() else "") + ".")
    st.stop()
cards, *benefit_chart = benefits
metric_cards(cards)

st.subheader("Per manfaat")
chart_with_table(*benefit_chart, f"klaim_per_manfaat_{span}")

st.subheader("Per bulan")
chart_with_table(*by_month(*selection), f"klaim_per_bulan_{span}")

# per desa/kelurahan only for an account with desa detail
below = by_region(*selection) if access.may_see_below(viewer(), f.region) else None
if below is not None:
    st.subheader(f"Per {klaim.LEVEL_BELOW[f.level]}")
    chart_with_table(*below, f"klaim_per_wilayah_{span}")
