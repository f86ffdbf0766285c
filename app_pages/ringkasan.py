"""Ringkasan: the region's UCJ %, participants, workers who should be covered, gap to target and claims."""
import datetime as dt

import streamlit as st

from ucj import access, fmt
from ucj.reports.screens import literal, ringkasan
from ui.briefing import download_buttons, request_for
from ui.cache import per_request
from ui.components import (as_at, chart_with_table, coverage_notes, filter_note, ignores_note, metric_cards,
                           nothing_to_show, page_header, region_of, require_data)
from ui.data import current_path, first_day, query, total, viewer
from ui.filters import SEGMENTS, current, year_earlier


@per_request
def figures_at(region: str, month: dt.date, segment: str, group: str, participants_loaded: bool,
               claims_loaded: bool) -> tuple[dict | None, dict | None]:
    """The region's figures at the month's end and a year earlier, with the participants the filters select; None
    for a month without coverage. One read for both (queries/ringkasan_bulan.sql)."""
    earlier = year_earlier(month)
    months = query(current_path(), "ringkasan_bulan", wilayah=region, bulan=month, bulan_lalu=earlier,
                   segmen=segment, kelompok=group)
    return tuple(ringkasan.figures_of(months, m, participants_loaded=participants_loaded, claims_loaded=claims_loaded)
                 for m in (month, earlier))


@per_request
def coverage_by_region(region: str, month: dt.date, band_limits: tuple):
    """The chart and table of the regions below; None when there are none."""
    children = query(current_path(), "cakupan_anak_target", wilayah=region, bulan=month)
    return None if children.is_empty() else ringkasan.coverage_by_region(children, band_limits)


@per_request
def participants_by_segment(region: str, month: dt.date, segment: str, group: str):
    path = current_path()
    selection = dict(wilayah=region, bulan=month, segmen=segment, kelompok=group)
    return ringkasan.participants_by_segment(query(path, "tren_peserta_segmen", **selection), SEGMENTS,
                                             total(path, "tren_peserta_segmen", ("peserta_aktif",), by=("bulan",),
                                                   **selection))


path = current_path()
f = current()
page_header(f"Ringkasan {f.region_name}", region_of(f), as_at(f), filter_note(f))
loaded = require_data(f)
# claims since January, or since the first day of data when the warehouse starts later that year
claims_from = max(first_day(path), f.month.replace(month=1))
# the buttons only: the briefing is gathered when one is clicked
download_buttons(request_for(path, f.region, f.month_end, claims_from, f.month_end, f.monthly_idr,
                             band_limits=f.band_limits), key="ringkasan_bahan")
ignores_note("ringkasan", "bahan", f)

now, before = figures_at(f.region, f.month, f.segment, f.group, loaded.participants, loaded.claims)
if now is None:
    nothing_to_show(f"Belum ada angka cakupan untuk {f.region_name} pada {fmt.month(f.month)}. Pilih bulan atau wilayah lain.")
    st.stop()

metric_cards(ringkasan.cards(now, before, f.month, f.segment, f.group), per_row=3)
if f.describe():
    st.caption(f"Dengan filter {f.describe()}, cakupan dihitung dari peserta yang sesuai filter dibagi seluruh "
               "pekerja wajib terlindungi.")
st.caption(ringkasan.eligible_source(now))
coverage_notes(f, now)

st.subheader("Cakupan UCJ per wilayah terhadap target")
if f.level == "desa_kelurahan":  # nothing lies below a desa, whoever asks
    nothing_to_show(f"{f.region_name} tidak punya wilayah di bawahnya untuk dibandingkan.")
elif not access.may_see_below(viewer(), f.region):
    nothing_to_show(literal(access.below_refused(viewer())))  # the account's name may hold '_'
elif (by_region := coverage_by_region(f.region, f.month, f.band_limits)) is None:
    nothing_to_show(f"{f.region_name} tidak punya wilayah di bawahnya untuk dibandingkan.")
else:
    chart_with_table(*by_region, f"cakupan_per_wilayah_{f.region}_{f.month:%Y-%m}")
    ignores_note("ringkasan", "cakupan_per_wilayah", f)

st.subheader("Tren peserta aktif per segmen")
by_segment = participants_by_segment(f.region, f.month, f.segment, f.group)
if by_segment is None:
    nothing_to_show("Tidak ada peserta yang sesuai filter di wilayah dan periode ini.")
else:
    chart_with_table(*by_segment, f"tren_peserta_segmen_{f.region}")
