"""Kesenjangan: who is not yet covered, what covering them costs, and what funding would change."""
import datetime as dt

import streamlit as st

from ucj import access, fmt
from ucj.reports import measures, rosters
from ucj.reports.screens import funding, kesenjangan, lapse_horizon, literal, target_pct
from ui.cache import per_request
from ui.components import (as_at, chart_with_table, coverage_notes, funding_inputs, ignores_note, metric_cards,
                           nothing_to_show, page_header, region_of, require_data, table)
from ui.data import current_path, query, total, viewer
from ui.filters import current


def _groups(region: str, month: dt.date, group: str, monthly_idr: int):
    groups = query(current_path(), "kelompok_belum_tercakup", wilayah=region, bulan=month, kelompok=group)
    return None if groups.is_empty() else kesenjangan.with_yearly_cost(groups, monthly_idr)


@per_request
def not_covered(region: str, month: dt.date, group: str, monthly_idr: int):
    """The sentence, chart and table of the groups not yet covered; None without rosters."""
    groups = _groups(region, month, group, monthly_idr)
    if groups is None:
        return None
    roster_frame = query(current_path(), "kelompok_daftar", wilayah=region, bulan=month, kelompok=group)
    roster_of = rosters.labels(roster_frame, month)
    return (kesenjangan.groups_sentence(groups, monthly_idr, total(
        current_path(), "kelompok_belum_tercakup", ("belum_tercakup",), wilayah=region, bulan=month, kelompok=group)),
            kesenjangan.roster_lines(groups, roster_of),
            *kesenjangan.groups_chart(groups, roster_of, rosters.dates(roster_frame, month)))


@per_request
def not_covered_below(region: str, month: dt.date, group: str, monthly_idr: int):
    groups = _groups(region, month, group, monthly_idr)
    below = query(current_path(), "kelompok_belum_tercakup_anak", wilayah=region, bulan=month, kelompok=group)
    return None if groups is None or below.is_empty() else kesenjangan.groups_per_region(below, groups)


path = current_path()
f = current()
page_header(f"Kesenjangan {f.region_name}", region_of(f), as_at(f), f"kelompok {f.group_name}" if f.group else "")
loaded = require_data(f)

st.subheader("Kelompok pekerja yang belum terlindungi")
groups = not_covered(f.region, f.month, f.group, f.monthly_idr)
if groups is None:
    # a month uses the earliest later roster when none is dated up to it: here there is none at all
    nothing_to_show(f"Belum ada satu pun daftar {('kelompok ' + f.group_name) if f.group else 'kelompok pekerja'} "
                    f"untuk {f.region_name}. Daftar guru, kader dan kelompok lain dimuat lewat sinkronisasi data.")
else:
    sentence, roster_lines, *chart = groups
    st.markdown(sentence)
    chart_with_table(*chart, f"kelompok_belum_terlindungi_{f.region}_{f.month:%Y-%m}",
                     hide=kesenjangan.SCREEN_HIDES)
    for line in roster_lines:  # the group, date and source of the roster each group's figures come from
        st.caption(literal(line))
    # per desa/kelurahan only for an account with desa detail
    below = (not_covered_below(f.region, f.month, f.group, f.monthly_idr)
             if access.may_see_below(viewer(), f.region) else None)
    if below is not None:
        with st.expander("Per wilayah di bawahnya"):
            table(below, f"kelompok_per_wilayah_{f.region}_{f.month:%Y-%m}")
ignores_note("kesenjangan", "kelompok", f)

st.subheader("Simulasi pendanaan")
ignores_note("kesenjangan", "simulasi", f)
cover = query(path, "cakupan_wilayah_bulan", wilayah=f.region, bulan=f.month)
year_target = target_pct(query(path, "target_ucj", wilayah=f.region, tahun=f.month.year))
if not cover.is_empty():
    coverage_notes(f, cover.row(0, named=True))
if not loaded.participants:
    nothing_to_show("Simulasi memerlukan peserta aktif wilayah ini; ekstrak peserta atau rekap jumlah peserta belum "
                    "dimuat.")
elif cover.is_empty() or not cover.item(0, "pekerja_wajib"):
    nothing_to_show("Simulasi memerlukan angka pekerja wajib terlindungi untuk wilayah dan bulan ini.")
else:
    active, eligible = cover.item(0, "peserta_aktif"), cover.item(0, "pekerja_wajib")
    plans = query(path, "sponsor_rencana", wilayah=f.region)
    if plans.height:
        st.caption(funding.plans_note(plans))
    workers, asn = funding_inputs(*funding.planned_inputs(plans), key="sim", asn_help="Setiap ASN menyertakan 5 pekerja.")
    scenario = measures.simulate(active, eligible, year_target, workers, asn, f.monthly_idr)
    # two to a row: four side by side at 1280 px cut 'Rp2,8 miliar' to 'Rp2,8 m…', read as million
    metric_cards(funding.simulator_cards(scenario, active, eligible, year_target, f.month.year, f.monthly_idr),
                 per_row=2)
    if funding.capped(scenario):
        st.warning("Jumlah pekerja yang didanai melebihi pekerja yang belum terlindungi; proyeksi berhenti di 100%.")
    sources = funding.sources_table(scenario, f.monthly_idr)
    if sources is not None:
        table(sources, f"simulasi_pendanaan_{f.region}_{f.month:%Y-%m}")

st.subheader("Sponsor yang berakhir dalam 90 hari")
ignores_note("kesenjangan", "sponsor_berakhir", f)
horizon = lapse_horizon(f.month_end)
lapsing = query(path, "sponsor_berakhir", wilayah=f.region, dari=f.month_end, sampai=horizon)
if lapsing.is_empty():
    nothing_to_show(f"Tidak ada perjanjian sponsor untuk {f.region_name} yang berakhir antara {fmt.date(f.month_end)} "
                    f"dan {fmt.date(horizon)}.")
else:
    table(kesenjangan.lapsing_sponsorships(lapsing, f.month_end), f"sponsor_berakhir_{f.region}_{f.month:%Y-%m}")
