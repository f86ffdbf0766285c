"""Target: a branch office's new participants against its targets, month by month and since January, the forecast
to December, where the gaps are, whose cover ends soon."""
import datetime as dt

import streamlit as st

from ucj import fmt
from ucj.reports.screens import Card, lapse_horizon, literal, target
from ui.cache import per_request
from ui.components import (chart_with_table, metric_cards, note_missing_participants, nothing_to_show, page_header,
                           region_of, require_data, table)
from ui.data import current_path, query
from ui.filters import LEVEL_LABELS, current, office

LEVELS = {"kecamatan": "Kecamatan", "desa_kelurahan": "Desa/Kelurahan"}


@per_request
def offices_of(region: str, year: int, month: dt.date) -> dict[str, str]:
    """The offices serving a kabupaten/kota of the region this year, code -> name (none without targets)."""
    monthly = query(current_path(), "target_kantor_bulan", wilayah=region, tahun=year, bulan=month)
    return target.offices(monthly, year)


@per_request
def against_target(region: str, year: int, month: dt.date, chosen: str):
    """For one office or all: its regencies, the monthly chart and table, the year so far with the forecast (cards,
    chart, table), the forecast per regency."""
    monthly = query(current_path(), "target_kantor_bulan", wilayah=region, tahun=year, bulan=month)
    mine = (target.this_year(target.of_office(monthly, chosen), year)
            .unique(subset=["kode_kabupaten"]).sort("kode_kabupaten"))
    regencies = dict(zip(mine["kode_kabupaten"], mine["nama_kabupaten"]))
    per_regency = target.forecast_per_regency(target.of_office(monthly, chosen), year)
    ytd = target.year_to_date(monthly, year, chosen, per_regency)
    return (regencies, *target.against_target(monthly, year, chosen), ytd, *target.cumulative_chart(ytd),
            target.forecasts(per_regency, chosen))


@per_request
def largest_gaps(region: str, level: str, month: dt.date, regencies: tuple[str, ...]):
    """The region's kecamatan or desa by their gap to target; only those of `regencies` (an office's) when given."""
    gaps = query(current_path(), "kesenjangan_target_wilayah", wilayah=region, tingkat=level, bulan=month)
    gaps = target.in_regencies(gaps, regencies)
    return None if gaps.is_empty() else target.largest_gaps(gaps, LEVELS[level].lower())


@per_request
def lapsing(region: str, level: str, month_end: dt.date, horizon: dt.date):
    """Above kabupaten level a row per region one level below and the total (per desa only on request: Indonesia has
    83.762 desa); at or below it, per desa, the total, and at kabupaten level the same per kecamatan. None without
    anyone."""
    path = current_path()
    if level in ("nasional", "provinsi"):
        rows = query(path, "peserta_akan_berhenti_anak", wilayah=region, dari=month_end, sampai=horizon)
        if rows.is_empty():
            return None
        per_region, total = target.lapsing_per_child(rows, query(path, "wilayah_anak", wilayah_induk=region))
        return None, total, per_region
    rows = query(path, "peserta_akan_berhenti_desa", wilayah=region, dari=month_end, sampai=horizon)
    if rows.is_empty():
        return None
    per_desa, total = target.lapsing_per_desa(rows)
    per_region = (target.lapsing_per_region(per_desa, query(path, "wilayah_anak", wilayah_induk=region))
                  if level == "kabupaten_kota" else None)
    return per_desa, total, per_region


@per_request
def lapsing_in(region: str, month_end: dt.date, horizon: dt.date):
    rows = query(current_path(), "peserta_akan_berhenti_desa", wilayah=region, dari=month_end, sampai=horizon)
    return None if rows.is_empty() else target.lapsing_per_desa(rows)[0]


path = current_path()
f = current()
year = f.month.year
level = "nasional" if f.region == "ID" else f.level
page_header(f"Target {f.region_name}", region_of(f), f"Januari sampai {fmt.month(f.month)}")
note_missing_participants(require_data(f))
# the region and the month apply; segment and group do not (targets are for all new participants)
if f.describe():
    st.caption("Filter segmen dan kelompok tidak berlaku di halaman ini: target ditetapkan untuk semua peserta baru.")

st.subheader("Peserta baru terhadap target kantor cabang")
offices = offices_of(f.region, year, f.month)
if not offices:
    nothing_to_show(f"Belum ada target peserta baru untuk {f.region_name} pada {year}.")
else:
    chosen = office(offices)
    who = literal(offices.get(chosen, "semua kantor"))  # names come from a loaded file: shown as plain text
    (regencies, monthly_fig, monthly_table, ytd, ytd_fig, ytd_table, forecasts) = against_target(
        f.region, year, f.month, chosen)
    if f.level in ("kecamatan", "desa_kelurahan"):
        st.info(f"Target peserta baru ditetapkan per kantor cabang untuk satu kabupaten/kota, tidak per "
                f"{LEVEL_LABELS[f.level].lower()}: bagian ini menunjukkan "
                f"{literal(', '.join(regencies.values()))} seluruhnya, tempat {f.region_name} berada.",
                icon=":material/info:")
    served = "yang dilayani " + who if chosen else "dengan target kantor cabang"
    st.caption(f"Kabupaten/kota {served} di wilayah ini pada {year}: {literal(', '.join(regencies.values()))}.")
    st.markdown(f"**Peserta baru per bulan, {who}**")
    chart_with_table(monthly_fig, monthly_table, f"target_peserta_baru_{chosen or 'semua'}_{f.region}_{year}")
    if not chosen and len(offices) > target.MOST_OFFICE_LINES:
        st.caption(f"{fmt.number(len(offices))} kantor: grafik menjumlahkan semuanya; tabel memuat tiap kantor. "
                   "Pilih satu kantor untuk grafiknya sendiri.")
    st.markdown(f"**Sejak Januari terhadap target setahun, {who}**")
    low, forecast, high = ytd.forecast[-1]
    metric_cards([
        Card(f"Realisasi {'Januari–' if f.month.month > 1 else ''}{fmt.month(f.month)}",
             fmt.number(ytd.realised_cumulative[-1]),
             note=f"Target s.d. bulan ini {fmt.number(ytd.target_cumulative[-1])}"),
        Card(f"Target setahun {year}", fmt.number(ytd.target_year)),
        Card("Proyeksi Desember", fmt.number(forecast), note=f"Rentang {fmt.number(low)}–{fmt.number(high)}"),
    ])
    chart_with_table(ytd_fig, ytd_table, f"target_kumulatif_{chosen or 'semua'}_{f.region}_{f.month:%Y-%m}")
    st.markdown(f"**Proyeksi sampai Desember per {'kabupaten/kota' if chosen else 'kantor'}**")
    table(forecasts, f"proyeksi_target_{chosen or 'semua'}_{f.region}_{f.month:%Y-%m}")
    st.caption(target.FORECAST_METHOD)

st.subheader("Wilayah dengan kesenjangan terbesar")
office_regencies = tuple(regencies) if offices and chosen else ()
if office_regencies:
    st.caption(f"Hanya kecamatan dan desa di kabupaten/kota yang dilayani {who}.")
if f.level == "desa_kelurahan":
    nothing_to_show(f"{f.region_name} adalah desa/kelurahan: tidak ada wilayah di dalamnya untuk dibandingkan. "
                    "Pilih kabupaten/kota atau kecamatan untuk memeringkat kecamatan dan desa menurut kesenjangannya.")
else:
    tier = st.segmented_control("Tingkat", list(LEVELS), format_func=LEVELS.get, key="target_tingkat",
                                default="kecamatan" if f.level != "kecamatan" else "desa_kelurahan")
    tier = tier or "kecamatan"
    gaps = largest_gaps(f.region, tier, f.month, office_regencies)
    if gaps is None:
        nothing_to_show(f"Tidak ada {LEVELS[tier].lower()} di {f.region_name} dengan angka cakupan pada "
                        f"{fmt.month(f.month)}.")
    else:
        fig, shown, caption = gaps
        st.caption(caption)
        chart_with_table(fig, shown, f"kesenjangan_{tier}_{f.region}_{f.month:%Y-%m}")

st.subheader("Peserta yang kepesertaannya akan berakhir")
horizon = lapse_horizon(f.month_end)
ending = lapsing(f.region, level, f.month_end, horizon)
st.caption(f"Peserta yang hari terakhir kepesertaannya jatuh antara {fmt.date(f.month_end)} dan {fmt.date(horizon)}, "
           "kecuali diperpanjang. Hanya jumlah per wilayah; daftar nama memerlukan hak akses."
           + (" Untuk seluruh wilayah, bukan per kantor." if offices and chosen else ""))
if ending is None:
    nothing_to_show("Tidak ada peserta yang kepesertaannya berakhir dalam 90 hari ke depan di wilayah ini.")
else:
    per_desa, total, per_region = ending
    if per_desa is not None:
        st.markdown(f"**{fmt.number(total)} peserta** di {fmt.number(per_desa.height)} desa/kelurahan.")
    else:
        st.markdown(f"**{fmt.number(total)} peserta** di {fmt.number(per_region.height)} "
                    f"{LEVEL_LABELS['provinsi' if level == 'nasional' else 'kabupaten_kota'].lower()}.")
    if per_region is None:
        table(per_desa, f"peserta_akan_berakhir_{f.region}_{f.month:%Y-%m}")
    else:
        # above kecamatan: a row per region below, and the desa of one of them on request, not thousands of rows
        below = LEVEL_LABELS[{"nasional": "provinsi", "provinsi": "kabupaten_kota",
                              "kabupaten_kota": "kecamatan"}[level]]
        table(per_region, f"peserta_akan_berakhir_per_{below}_{f.region}_{f.month:%Y-%m}")
        names = dict(zip(per_region["Kode"], per_region["Wilayah"]))
        chosen_region = st.selectbox(f"Rincian desa/kelurahan di {below}", list(names), index=None,
                                     format_func=lambda code: f"{names[code]} ({code})", key="target_berakhir_rinci",
                                     placeholder=f"Pilih {below}")
        if chosen_region:
            rows = (target.desa_in(per_desa, chosen_region) if per_desa is not None
                    else lapsing_in(chosen_region, f.month_end, horizon))
            if rows is None or rows.is_empty():
                nothing_to_show(f"Tidak ada peserta yang kepesertaannya berakhir di {names[chosen_region]}.")
            else:
                table(rows, f"peserta_akan_berakhir_{chosen_region}_{f.month:%Y-%m}")
