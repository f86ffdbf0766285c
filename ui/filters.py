"""Sidebar filters shared by every page: region (drill-down) and period, kept in the URL.

`?wilayah=12.10&periode=2025-03` reproduces a view; a value that is not valid is reported and
replaced by the default rather than failing the page.
"""
import datetime as dt
from dataclasses import dataclass

import streamlit as st

from ucj import fmt
from ucj.errors import UserError
from ucj.validate import parse_month
from ui.data import query, warehouse_meta

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
LEVEL_LABELS = {"provinsi": "Provinsi", "kabupaten_kota": "Kabupaten/Kota", "kecamatan": "Kecamatan",
                "desa_kelurahan": "Desa/Kelurahan"}
ALL = ""


@dataclass(frozen=True)
class Filters:
    kode: str
    nama: str
    tingkat: str
    bulan: dt.date  # first day of the chosen month; figures are as at its last day


def months(path: str) -> list[dt.date]:
    """Months with data, newest first."""
    meta = warehouse_meta(path)
    first = dt.date.fromisoformat(meta["data_mulai"]).replace(day=1)
    month = dt.date.fromisoformat(meta["data_sampai"]).replace(day=1)
    out = []
    while month >= first:
        out.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return out


def _key(level: str) -> str:
    return f"pilih_{level}"


def _reset_below(level: str) -> None:
    for lower in LEVELS[LEVELS.index(level) + 1:]:
        st.session_state.pop(_key(lower), None)


def _seed_from_url(path: str, available: list[dt.date]) -> None:
    """On a session's first run, take region and period from the URL."""
    if st.session_state.get("_filters_seeded"):
        return
    st.session_state["_filters_seeded"] = True
    code = st.query_params.get("wilayah")
    if code:
        parts = code.split(".")
        chain = [".".join(parts[: i + 1]) for i in range(len(parts))]
        if len(chain) > len(LEVELS) or query(path, "wilayah", kode=code).is_empty():
            st.session_state["_url_warning"] = (f"Kode wilayah '{code}' di alamat tidak dikenal; "
                                                "ditampilkan wilayah bawaan.")
        else:
            for level, value in zip(LEVELS, chain):
                st.session_state[_key(level)] = value
    period = st.query_params.get("periode")
    if period:
        try:
            month = parse_month(period, "periode")
            if month not in available:
                raise UserError(f"Periode {period} di alamat di luar rentang data; ditampilkan bulan terakhir.")
            st.session_state["pilih_periode"] = month.isoformat()[:7]
        except UserError as exc:
            st.session_state["_url_warning"] = str(exc)


def sidebar(path: str) -> Filters:
    available = months(path)
    _seed_from_url(path, available)
    with st.sidebar:
        st.subheader("Wilayah")
        parent, chosen = ALL, None
        for level in LEVELS:
            options = query(path, "wilayah_anak", kode_induk=parent)
            if options.is_empty():
                break
            names = dict(zip(options["kode"], options["nama"]))
            choices = ([] if level == "provinsi" else [ALL]) + list(names)
            if st.session_state.get(_key(level)) not in choices:
                st.session_state.pop(_key(level), None)
            value = st.selectbox(
                LEVEL_LABELS[level], choices, key=_key(level), on_change=_reset_below, args=(level,),
                format_func=lambda c, names=names: "Semua" if c == ALL else f"{names[c]} ({c})")
            if value == ALL:
                break
            parent, chosen = value, (value, names[value], level)
        periods = [m.isoformat()[:7] for m in available]
        if st.session_state.get("pilih_periode") not in periods:
            st.session_state["pilih_periode"] = periods[0]
        st.subheader("Periode")
        period = st.selectbox("Bulan", periods, key="pilih_periode",
                              format_func=lambda p: fmt.month(dt.date.fromisoformat(p + "-01")),
                              help="Angka peserta dan cakupan dihitung per akhir bulan.")
    if st.session_state.get("_url_warning"):
        st.warning(st.session_state.pop("_url_warning"))

    kode, nama, tingkat = chosen
    st.query_params["wilayah"] = kode
    st.query_params["periode"] = period
    return Filters(kode=kode, nama=nama, tingkat=tingkat, bulan=dt.date.fromisoformat(period + "-01"))


def current() -> Filters:
    """The filters dashboard.py chose on this run."""
    return st.session_state["filters"]


def year_earlier(month: dt.date) -> dt.date:
    return month.replace(year=month.year - 1)



