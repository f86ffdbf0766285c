"""Peta: UCJ coverage region by region on the real boundaries; click to drill down, a desa opens its panel.

The map goes no deeper than the account sees: without desa detail (role viewer) its smallest level is the
kecamatan, and a click is checked against the account's regions before it is followed (ui/filters.py)."""
import polars as pl
import streamlit as st

from ucj import access, fmt
from ucj.reports import choropleth
from ucj.reports.charts import plotly_config
from ucj.reports.screens import literal, peta
from ui.components import (as_at, chart_with_table, coverage_notes, ignores_note, is_demo, metric, metric_cards, nothing_to_show, page_header,
                           note_missing_participants, region_of, require_data, table)
from ui import map_geometry
from ucj.warehouse import reference as reference_data
from ui.data import current_path, query, viewer
from ui.filters import LEVEL_LABELS, LEVELS, SEGMENTS, current, region_names

path = current_path()
f = current()
who = viewer()
page_header(f"Peta {f.region_name}", region_of(f), as_at(f),
            "klik wilayah untuk masuk ke dalamnya" + ("; klik desa untuk melihat rinciannya" if who.may("desa") else ""))
note_missing_participants(require_data(f))
region_cover = query(path, "cakupan_wilayah_bulan", wilayah=f.region, bulan=f.month)
if not region_cover.is_empty():
    coverage_notes(f, region_cover.row(0, named=True))


def _go_to(code: str) -> None:
    # applied like a click on the map (ui/filters.py checks the account may open it) before the selectors are drawn
    st.session_state["peta_klik"] = code


def _names_above() -> dict[str, str]:
    """The names of the region and of every region above it, from the pickers' cached lists."""
    names = {access.NATIONAL: access.NATIONAL_NAME}
    parts = f.region.split(".") if f.region != access.NATIONAL else []
    for depth in range(len(parts)):
        names.update(region_names(path, ".".join(parts[:depth]) or access.NATIONAL))
    return names


def _breadcrumbs(names: dict[str, str]) -> None:
    """Indonesia › provinsi › … › the region: each step above it a button back up, the way a map is climbed."""
    steps = peta.trail(f.region, names, lambda code: access.may_open(who, code))
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key="peta_jejak"):
        for i, (code, name, may) in enumerate(steps):
            if i:
                st.markdown("›")
            if i == len(steps) - 1 or not may:
                st.markdown(f"**{literal(name)}**" if i == len(steps) - 1 else literal(name))
            else:
                st.button(literal(name), key=f"peta_naik_{code}", type="tertiary", on_click=_go_to, args=(code,),
                          help=f"Kembali ke peta {literal(name)}")
        if len(steps) > 1 and steps[-2][2]:
            st.button("Naik satu tingkat", key="peta_naik", icon=":material/arrow_upward:", on_click=_go_to,
                      args=(steps[-2][0],), help=f"Kembali ke peta {literal(steps[-2][1])}")


names_above = _names_above()
_breadcrumbs(names_above)
ignores_note("peta", "peta", f)

is_desa = f.level == "desa_kelurahan"
reachable = LEVELS[: access.deepest(who)]  # no desa level for an account without desa detail
at_bottom = f.level == reachable[-1]
parent = f.region.rsplit(".", 1)[0]
# the smallest region shown among its neighbours, or alone when the account may not see them
area = parent if at_bottom and access.may_open(who, parent) else f.region
if f.region == "ID":  # all Indonesia: its provinces, or every kabupaten/kota (83.762 desa are too many to draw)
    levels = ["provinsi", "kabupaten_kota"]
else:
    levels = [f.level] if at_bottom else list(reachable[reachable.index(f.level) + 1:])
if st.session_state.get("peta_tingkat") not in levels:
    # a link may name the map's level; otherwise the level just below the region
    wanted = st.query_params.get("tingkat_peta")
    st.session_state["peta_tingkat"] = wanted if wanted in levels else levels[0]
    if wanted == "desa_kelurahan" and not who.may("desa"):
        st.warning(literal(f"Peta tingkat desa/kelurahan tidak tersedia untuk akun {who.name} (peran {who.role}); "
                           f"ditampilkan tingkat {LEVEL_LABELS[levels[0]].lower()}."))
# one above the other, each the page's width: side by side, a province's three levels did not fit their column
# and 'Desa/Kelurahan' was cut off
level = st.segmented_control("Tingkat peta", levels, format_func=LEVEL_LABELS.get, key="peta_tingkat") or levels[0]
st.query_params["tingkat_peta"] = level
st.session_state.setdefault("peta_ukuran", "cakupan_pct")
shown = st.segmented_control("Warna menurut", list(choropleth.METRICS), format_func=choropleth.METRICS.get,
                             key="peta_ukuran") or "cakupan_pct"

values = query(path, "peta_nilai", wilayah=area, tingkat=level, bulan=f.month)
# the geometry was made at load; it is published once as a file the browser fetches and keeps (ui/map_geometry.py)
shapes = map_geometry.geometry(path, area, level)
table_name = f"peta_{level}_{area}_{f.month:%Y-%m}"


def _remember_click() -> None:
    points = st.session_state["peta"]["selection"]["points"]
    if points and points[0].get("location"):
        st.session_state["peta_klik"] = points[0]["location"]


if not shapes.codes:
    loaded = query(path, "batas_tersedia").item(0, "bentuk")
    nothing_to_show(
        ("Batas wilayah belum dimuat, jadi peta belum dapat digambar. " if not loaded else
         f"Belum ada batas {LEVEL_LABELS[level].lower()} untuk {f.region_name}. ")
        + "Muat berkas batas (GeoJSON, GeoPackage, Shapefile dalam .zip, atau SQL wilayah_boundaries) dengan "
        "`python -m ucj boundaries load BERKAS`, unduh per kabupaten/kota dengan "
        "`python -m ucj boundaries download --region 12.10`, atau isi variabel `UCJ_BOUNDARIES` dengan jalur "
        "berkasnya sebelum dasbor dijalankan. Sementara itu angkanya ada di tabel berikut.")
    if values.is_empty():
        nothing_to_show(f"Tidak ada angka cakupan {LEVEL_LABELS[level].lower()} untuk {f.region_name} pada {fmt.month(f.month)}.")
    else:  # the same ranked table as under a drawn map, ordered by the measure chosen above
        st.markdown(f"**Peringkat {LEVEL_LABELS[level].lower()} menurut {choropleth.METRICS[shown]}**")
        table(peta.ranked(values, shown), table_name)
    st.stop()



map_column, panel = st.columns([1, 1]) if is_desa else (st.container(), None)
with map_column:
    fig = map_geometry.figure(path, shapes, area, level, f.month, shown, f.band_limits,
                              selected=f.region if at_bottom else None, width_px=520 if is_desa else 1000)
    st.plotly_chart(fig, key="peta", on_select=_remember_click, selection_mode="points", width="stretch",
                    config=plotly_config(scrollZoom=True, modeBarButtonsToRemove=["lasso2d", "select2d"]))
    missing = peta.shapes_without_figures(pl.DataFrame({"kode": list(shapes.codes)}), values)
    st.caption(f"{fmt.number(len(shapes.codes))} bentuk {LEVEL_LABELS[level].lower()}"
               + (f", {fmt.number(missing)} di antaranya tanpa angka cakupan (abu-abu)" if missing else "")
               + ". Batas: berkas yang dimuat; garis disederhanakan tanpa mengubah batas bersama.")
    held = query(path, "wilayah_tanpa_batas", wilayah=area, tingkat=level)
    national = reference_data.national_regions(area, level)
    not_held = national.join(held.select("kode"), on="kode", how="anti").filter(~pl.col("kode").is_in(shapes.codes))
    undrawn = peta.undrawn(len(shapes.codes), held, not_held, LEVEL_LABELS[level], names_above.get(area, area), is_demo())
    if undrawn:
        st.warning(literal(undrawn), icon=":material/map:")
    st.markdown(f"**Peringkat {LEVEL_LABELS[level].lower()} menurut {choropleth.METRICS[shown]}**")
    table(peta.ranked(values, shown), table_name)
    # the other levels' geometry fetched into the browser's cache while the user reads this map, so that a click on
    # the level control draws without first waiting for its file
    map_geometry.prefetch(path, area, [other for other in levels if other != level])

if panel is not None:
    with panel:
        st.subheader(f.region_name)
        cover = query(path, "cakupan_wilayah_bulan", wilayah=f.region, bulan=f.month)
        if cover.is_empty():
            nothing_to_show(f"Belum ada angka cakupan untuk {f.region_name} pada {fmt.month(f.month)}.")
            st.stop()
        row = cover.row(0, named=True)
        coverage, *counts = peta.panel_cards(row)
        metric(coverage)
        metric_cards(counts)
        st.markdown("**Per segmen**")
        st.dataframe(peta.per_segment(row, SEGMENTS), hide_index=True, width="stretch")
        st.markdown("**Per kelompok pekerja**")
        st.dataframe(peta.per_group(query(path, "peserta_kelompok_bulan", wilayah=f.region, bulan=f.month)),
                     hide_index=True, width="stretch")
        st.markdown("**Pendaftaran per bulan**")
        trend = query(path, "tren_peserta_segmen", wilayah=f.region, bulan=f.month, segmen="", kelompok="")
        chart_with_table(*peta.enrolment(trend), f"pendaftaran_{f.region}_{f.month:%Y-%m}")
        st.markdown("**Sponsor yang berlaku**")
        sponsors = query(path, "sponsor_peserta_wilayah", wilayah=f.region, tanggal=f.month_end)
        if sponsors.is_empty():
            st.caption(f"Tidak ada peserta bersponsor di {f.region_name} pada {fmt.date(f.month_end)}.")
        else:
            st.dataframe(peta.sponsorships(sponsors), hide_index=True, width="stretch")
