"""Sidebar filters shared by every page: region (drill-down) and period, kept in the URL.

`?wilayah=12.10&periode=2025-03` reproduces a view; a value that is not valid is reported and
replaced by the default rather than failing the page.
"""
import datetime as dt
from dataclasses import dataclass

import streamlit as st

from ucj import fmt, settings
from ucj.errors import UserError
from ucj.validate import parse_month
from ui.data import query, warehouse_meta

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
LEVEL_LABELS = {"provinsi": "Provinsi", "kabupaten_kota": "Kabupaten/Kota", "kecamatan": "Kecamatan",
                "desa_kelurahan": "Desa/Kelurahan"}
ALL = ""


SEGMENTS = {"PU": "PU (penerima upah)", "BPU": "BPU (bukan penerima upah)", "Jakon": "Jakon (jasa konstruksi)",
            "PMI": "PMI (pekerja migran)"}


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices, named as in the glossary (docs/decisions.md); the address keeps its Indonesian
    parameters (wilayah, periode, segmen, kelompok)."""
    region: str  # Kemendagri code at any level
    region_name: str
    level: str  # provinsi, kabupaten_kota, kecamatan, desa_kelurahan
    month: dt.date  # first day of the chosen month; figures are as at its last day
    segment: str = ALL  # '' = all segments
    group: str = ALL  # '' = all worker groups
    group_name: str = ""
    band_limits: tuple[float, float, float] = settings.DEFAULT_BAND_LIMITS
    monthly_idr: int = settings.BPU_JKK_JKM_MONTHLY_IDR  # JKK + JKM contribution per worker per month

    @property
    def month_end(self) -> dt.date:
        following = (self.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)

    def describe(self) -> str:
        """The segment and group filters in words, '' when none is set."""
        parts = []
        if self.segment:
            parts.append(f"segmen {self.segment}")
        if self.group:
            parts.append(f"kelompok {self.group_name}")
        return ", ".join(parts)


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
    if code and (len(code.split(".")) > len(LEVELS) or query(path, "wilayah", wilayah=code).is_empty()):
        st.session_state["_url_warning"] = f"Kode wilayah '{code}' di alamat tidak dikenal; ditampilkan wilayah bawaan."
        code = None
    if not code:
        # a region with data, not simply the first province of the reference (which may have none)
        default = query(path, "wilayah_bawaan")
        code = default.item(0, "kode") if default.height else None
    if code:
        parts = code.split(".")
        for level, value in zip(LEVELS, (".".join(parts[: i + 1]) for i in range(len(parts)))):
            st.session_state[_key(level)] = value
    for param in ("segmen", "kelompok"):
        if st.query_params.get(param):
            st.session_state[f"pilih_{param}"] = st.query_params[param]
    period = st.query_params.get("periode")
    if period:
        try:
            month = parse_month(period, "periode")
            if month not in available:
                raise UserError(f"Periode {period} di alamat di luar rentang data; ditampilkan bulan terakhir.")
            st.session_state["pilih_periode"] = month.isoformat()[:7]
        except UserError as exc:
            st.session_state["_url_warning"] = str(exc)


def _apply_map_click() -> None:
    """A region clicked on the map (Peta) becomes the chosen region, before the selectors are drawn."""
    code = st.session_state.pop("peta_klik", None)
    if not code:
        return
    parts = code.split(".")
    for i, level in enumerate(LEVELS):
        if i < len(parts):
            st.session_state[_key(level)] = ".".join(parts[: i + 1])
        else:
            st.session_state.pop(_key(level), None)
    st.session_state.pop("peta_tingkat", None)  # the levels below the new region differ
    if "tingkat_peta" in st.query_params:
        del st.query_params["tingkat_peta"]


def sidebar(path: str) -> Filters:
    available = months(path)
    _seed_from_url(path, available)
    _apply_map_click()
    with st.sidebar:
        st.subheader("Wilayah")
        parent, chosen = ALL, None
        for level in LEVELS:
            options = query(path, "wilayah_anak", wilayah_induk=parent)
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
        period = st.selectbox("Bulan", periods, key="pilih_periode", on_change=_forget_month_range,
                              format_func=lambda p: fmt.month(dt.date.fromisoformat(p + "-01")),
                              help="Angka peserta dan cakupan dihitung per akhir bulan.")
        st.subheader("Peserta")
        segmen = _choice("segmen", "Segmen", {ALL: "Semua segmen", **SEGMENTS})
        groups = query(path, "kelompok_pekerja")
        kelompok = _choice("kelompok", "Kelompok pekerja",
                           {ALL: "Semua kelompok", **dict(zip(groups["kode"], groups["nama"]))})
        with st.expander("Pengaturan", icon=":material/tune:"):
            limits = _band_limits()
            iuran = st.number_input("Iuran JKK + JKM per pekerja per bulan (Rp)", min_value=1_000, max_value=1_000_000,
                                    value=settings.BPU_JKK_JKM_MONTHLY_IDR, step=100, key="iuran_bulanan",
                                    help="Paket minimum BPU: JKK Rp10.000 + JKM Rp6.800.")
    if st.session_state.get("_url_warning"):
        st.warning(st.session_state.pop("_url_warning"))

    region, region_name, level = chosen
    st.query_params["wilayah"] = region
    st.query_params["periode"] = period
    for param, value in (("segmen", segmen), ("kelompok", kelompok)):
        if value:
            st.query_params[param] = value
        elif param in st.query_params:
            del st.query_params[param]
    group_names = dict(zip(groups["kode"], groups["nama"]))
    return Filters(region=region, region_name=region_name, level=level, month=dt.date.fromisoformat(period + "-01"),
                   segment=segmen, group=kelompok, group_name=group_names.get(kelompok, ""),
                   band_limits=limits, monthly_idr=int(iuran))


def _forget_month_range() -> None:
    """A new period brings a page's own month range back to its default, January to that period."""
    for key in ("klaim_dari", "klaim_sampai"):
        st.session_state.pop(key, None)
    for param in ("dari", "sampai"):
        if param in st.query_params:
            del st.query_params[param]


def _choice(param: str, label: str, options: dict[str, str]) -> str:
    key = f"pilih_{param}"
    if st.session_state.get(key) not in options:
        if st.session_state.get(key):
            st.session_state["_url_warning"] = f"{label} '{st.session_state[key]}' tidak dikenal; ditampilkan semua."
        st.session_state[key] = ALL
    return st.selectbox(label, list(options), key=key, format_func=options.get)


def _band_limits() -> tuple[float, float, float]:
    st.caption("Batas pita UCJ (%)")
    columns = st.columns(3)
    values = [column.number_input(name, min_value=0.0, max_value=100.0, value=default, step=1.0,
                                  key=f"pita_{i}", format="%.0f")
              for i, (column, name, default) in enumerate(zip(
                  columns, ("rendah mulai", "sedang mulai", "tinggi mulai"), settings.DEFAULT_BAND_LIMITS))]
    try:
        return settings.check_band_limits(values)
    except ValueError:
        st.warning("Batas pita harus naik di antara 0 dan 100; dipakai batas bawaan.")
        return settings.DEFAULT_BAND_LIMITS


def current() -> Filters:
    """The filters dashboard.py chose on this run."""
    return st.session_state["filters"]


def year_earlier(month: dt.date) -> dt.date:
    return month.replace(year=month.year - 1)





def month_range(path: str, period: dt.date) -> tuple[dt.date, dt.date]:
    """A page's own range of months, 'dari' and 'sampai' in the URL; by default January to the period."""
    periods = [m.isoformat()[:7] for m in reversed(months(path))]
    for key, param, default in (("klaim_dari", "dari", period.replace(month=1)), ("klaim_sampai", "sampai", period)):
        if key not in st.session_state:
            wanted = st.query_params.get(param) or default.isoformat()[:7]
            st.session_state[key] = wanted if wanted in periods else default.isoformat()[:7]
            if st.session_state[key] not in periods:
                st.session_state[key] = periods[0]
    label = lambda p: fmt.month(dt.date.fromisoformat(p + "-01"))  # noqa: E731
    left, right, _ = st.columns([1, 1, 2])
    start = left.selectbox("Dari bulan", periods, key="klaim_dari", format_func=label)
    end = right.selectbox("Sampai bulan", periods, key="klaim_sampai", format_func=label)
    if start > end:
        st.warning("Bulan awal jatuh setelah bulan akhir; keduanya ditukar.")
        start, end = end, start
    st.query_params["dari"], st.query_params["sampai"] = start, end
    return dt.date.fromisoformat(start + "-01"), dt.date.fromisoformat(end + "-01")
