"""Sidebar filters shared by every page: region (drill-down) and period, kept in the URL.

`?wilayah=12.10&periode=2025-03` reproduces a view; a value that is not valid is reported and
replaced by the default rather than failing the page.

Region scope (ucj.access): the selectors offer only the account's regions and the way down to them, never 'Semua'
above them, and no desa for a role without desa detail; a region outside them asked for in the address or by a map
click gets one sentence and is not read. Text from the address is shown escaped (`literal`): a crafted link shows
its characters, never a picture, a link or formatting.

Indonesia ('ID', `?wilayah=ID`) stands above the provinces in the provinsi selector for an account of all Indonesia.
"Cari wilayah" finds a region by part of its name (ucj.region_search) and sets the selectors to it.

The sidebar's reads are of the reference (names, worker groups) and of where a session opens: the same for every
account given its regions, so they are cached per warehouse path and parameters only (`ui.data.reference`), and a rerun
with the same choices, in any session, reads nothing.
"""
import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from ucj import access, fmt, region_search, settings
from ucj.errors import UserError
from ucj.reports.screens import literal
from ucj.validate import parse_month
from ui.data import reference, viewer, warehouse_meta

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
LEVEL_LABELS = {"provinsi": "Provinsi", "kabupaten_kota": "Kabupaten/Kota", "kecamatan": "Kecamatan",
                "desa_kelurahan": "Desa/Kelurahan", access.NATIONAL_LEVEL: "Nasional"}
ALL = ""
NATIONAL = access.NATIONAL
FINDER_KEY = "cari_wilayah"
_FOUND_KEY = "_cari_wilayah_pilihan"  # the region a finder's result was clicked for, applied before the selectors


SEGMENTS = {"PU": "PU (penerima upah)", "BPU": "BPU (bukan penerima upah)", "Jakon": "Jakon (jasa konstruksi)",
            "PMI": "PMI (pekerja migran)"}


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices, named as in the glossary (docs/decisions.md); the address keeps its Indonesian
    parameters (wilayah, periode, segmen, kelompok)."""
    region: str  # Kemendagri code at any level, or 'ID' for Indonesia
    region_name: str
    level: str  # nasional, provinsi, kabupaten_kota, kecamatan, desa_kelurahan
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


def _echo(text: str) -> str:
    """A value from the address, shortened, to stand inside a sentence that is shown through `literal`."""
    text = " ".join(str(text).split())
    return text if len(text) <= 40 else text[:40] + "…"


def _warn(sentence: str) -> None:
    """Keep a sentence about the address or a click, shown as a warning under the page's filters on this run."""
    st.session_state.setdefault("_url_warnings", []).append(sentence)


def region_names(path: str, parent: str) -> dict[str, str]:
    """The regions directly under `parent` ('ID' for the provinsi), code -> name."""
    children = reference(path, "wilayah_anak", wilayah_induk=parent)
    return dict(zip(children["kode"], children["nama"]))


def is_known(path: str, code: str) -> bool:
    """A region of the reference, or Indonesia."""
    return code == NATIONAL or (len(code.split(".")) <= len(LEVELS)
                                and not reference(path, "wilayah", wilayah=code).is_empty())


def default_region(path: str, who: access.Viewer) -> str | None:
    """The region a session opens on: one with data, inside the account's regions and never deeper than its role
    sees (queries/wilayah_bawaan.sql): for an account of all Indonesia, Indonesia when more than one provinsi has
    data, and also while nothing is loaded at all. None for an account with no region it may open (an empty list
    would mean all Indonesia)."""
    if access.has_nothing_to_open(who):
        return None
    default = reference(path, "wilayah_bawaan", lingkup=list(access.openable_regions(who)))
    if default.height:
        return default.item(0, "kode")
    return NATIONAL if access.may_open(who, NATIONAL) else None


def find_regions(path: str, who: access.Viewer, text: str) -> pl.DataFrame:
    """Up to 20 regions this account may open whose name holds the words of `text` (queries/cari_wilayah.sql):
    kode, nama, tingkat and the names of what each lies in."""
    return reference(path, "cari_wilayah", **region_search.patterns(region_search.clean(text)),
                     lingkup=list(access.openable_regions(who)), tingkat_terdalam=access.deepest(who))


def _choose(code: str) -> None:
    """Set the selectors to a region and the regions above it."""
    parts = code.split(".")
    for i, level in enumerate(LEVELS):
        if i < len(parts):
            st.session_state[_key(level)] = ".".join(parts[: i + 1])
        else:
            st.session_state.pop(_key(level), None)


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
    who = viewer()
    code = st.query_params.get("wilayah")
    if code and not is_known(path, code):
        _warn(f"Kode wilayah '{_echo(code)}' di alamat tidak dikenal; ditampilkan wilayah bawaan.")
        code = None
    elif code and not access.may_open(who, code):
        # nothing of the asked region is read: the read seam would refuse it, and the page must not ask
        _warn(f"{access.why_refused(who, code)}; ditampilkan wilayah akun Anda.")
        code = None
    if not code:
        # a region with data, not simply the first province of the reference (which may have none)
        code = default_region(path, who)
    if code:
        _choose(code)
    for param in ("segmen", "kelompok"):
        if st.query_params.get(param):
            st.session_state[f"pilih_{param}"] = st.query_params[param]
    period = st.query_params.get("periode")
    if period:
        try:
            month = parse_month(period, "periode")
        except UserError:
            _warn(f"Periode '{_echo(period)}' di alamat bukan bulan yang sah (TTTT-BB, misalnya 2025-03); "
                  "ditampilkan bulan terakhir.")
            return
        if month in available:
            st.session_state["pilih_periode"] = month.isoformat()[:7]
        else:
            _warn(f"Periode {period} di alamat di luar rentang data; ditampilkan bulan terakhir.")


def _apply_map_click() -> None:
    """A region clicked on the map (Peta) becomes the chosen region, before the selectors are drawn."""
    code = st.session_state.pop("peta_klik", None)
    if not code:
        return
    who = viewer()
    if not isinstance(code, str) or not access.may_open(who, code):
        # the map draws only regions the account may open, but a click is what the browser sends: check it
        _warn(f"{access.why_refused(who, _echo(code))}; peta tetap menampilkan wilayah yang dipilih.")
        return
    _choose(code)
    st.session_state.pop("peta_tingkat", None)  # the levels below the new region differ
    if "tingkat_peta" in st.query_params:
        del st.query_params["tingkat_peta"]


def _apply_found() -> None:
    """A result of "Cari wilayah" clicked on the previous run becomes the chosen region, before the selectors are
    drawn (they cannot be set once drawn); the finder was cleared then."""
    code = st.session_state.pop(_FOUND_KEY, None)
    if code and access.may_open(viewer(), code):  # the finder offers only these: a guard, not a message
        _choose(code)


def _found(code: str) -> None:
    """A click on a finder's result: remember the region and clear the text (a callback may still change it)."""
    st.session_state[_FOUND_KEY] = code
    st.session_state[FINDER_KEY] = ""


@st.fragment
def _finder(path: str) -> None:
    """"Cari wilayah": typing reruns only this part (live, after a pause); a click on a result reruns the whole page
    on that region. Names are shown as text, never as Markdown (`literal`)."""
    if st.session_state.get(_FOUND_KEY):
        st.rerun(scope="app")  # a result was clicked on this fragment's own run: the selectors must follow
    text = region_search.clean(st.text_input(
        "Cari wilayah", key=FINDER_KEY, type="search", live="400ms", max_chars=region_search.MAX_TEXT,
        placeholder="Nama desa, kecamatan…",
        help="Ketik sebagian nama atau kode wilayah, lalu pilih salah satu hasilnya."))
    if not text:
        return
    if len(text) < region_search.MIN_TEXT:
        st.caption(f"Ketik sedikitnya {region_search.MIN_TEXT} huruf nama wilayah.")
        return
    found = find_regions(path, viewer(), text)
    if found.is_empty():
        st.caption(literal(f"Tidak ada wilayah yang namanya memuat '{_echo(text)}'; periksa ejaannya atau ketik "
                           "sebagian nama saja."))
        return
    for row in found.iter_rows(named=True):
        st.button(literal(region_search.label(row)), key=f"cari_hasil_{row['kode']}", type="tertiary",
                  on_click=_found, args=(row["kode"],))
    if found.height == region_search.MAX_RESULTS:
        st.caption(f"Hanya {region_search.MAX_RESULTS} hasil pertama; ketik nama lebih lengkap untuk mempersempit.")


def _label(code: str, names: dict[str, str]) -> str:
    if code == NATIONAL:
        return access.NATIONAL_NAME
    return "Semua" if code == ALL else f"{names[code]} ({code})"


def sidebar(path: str) -> Filters:
    available = months(path)
    _seed_from_url(path, available)
    _apply_map_click()
    _apply_found()
    with st.sidebar:
        st.subheader("Wilayah")
        who = viewer()
        _finder(path)
        # Indonesia above the provinces; a region's 'Semua' below it: the parent itself
        parent, chosen = NATIONAL, (NATIONAL, access.NATIONAL_NAME, access.NATIONAL_LEVEL)
        for level in LEVELS[: access.deepest(who)]:
            # a scoped account sees its regions and the way down to them; 'Semua' only below a region it may open,
            # so that the region chosen is always one of its own
            names = {code: name for code, name in region_names(path, parent).items()
                     if access.leads_into_scope(who, code)}
            if not names:
                break
            whole = NATIONAL if parent == NATIONAL else ALL
            choices = ([whole] if access.may_open(who, parent) else []) + list(names)
            if st.session_state.get(_key(level)) not in choices:
                st.session_state.pop(_key(level), None)
            value = st.selectbox(
                LEVEL_LABELS[level], choices, key=_key(level), on_change=_reset_below, args=(level,),
                format_func=lambda c, names=names: _label(c, names))
            if value in (ALL, NATIONAL):
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
        groups = reference(path, "kelompok_pekerja")
        kelompok = _choice("kelompok", "Kelompok pekerja",
                           {ALL: "Semua kelompok", **dict(zip(groups["kode"], groups["nama"]))})
        with st.expander("Pengaturan", icon=":material/tune:"):
            limits = _band_limits()
            iuran = st.number_input("Iuran JKK + JKM per pekerja per bulan (Rp)", min_value=1_000, max_value=1_000_000,
                                    value=settings.BPU_JKK_JKM_MONTHLY_IDR, step=100, key="iuran_bulanan",
                                    help="Paket minimum BPU: JKK Rp10.000 + JKM Rp6.800.")
    for sentence in st.session_state.pop("_url_warnings", []):
        # the sentence may carry the address's own text: escaped, so that it shows as typed and nothing is fetched
        st.warning(literal(sentence))
    if chosen is None or not access.may_open(who, chosen[0]):
        st.error(literal(f"Akun {who.name} tidak punya wilayah yang dapat dibuka (wilayah akun: "
                         f"{', '.join(who.regions) or 'seluruh Indonesia'}); minta admin memeriksa wilayah akun Anda."))
        st.stop()

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
            _warn(f"{label} '{_echo(st.session_state[key])}' di alamat tidak dikenal; ditampilkan semua.")
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
            if st.query_params.get(param) and wanted not in periods:
                shown = fmt.month(dt.date.fromisoformat(st.session_state[key] + "-01"))
                st.warning(literal(f"Bulan '{_echo(wanted)}' ({param}) di alamat bukan bulan yang ada datanya; "
                                   f"ditampilkan {shown}."))
    label = lambda p: fmt.month(dt.date.fromisoformat(p + "-01"))  # noqa: E731
    left, right, _ = st.columns([1, 1, 2])
    start = left.selectbox("Dari bulan", periods, key="klaim_dari", format_func=label)
    end = right.selectbox("Sampai bulan", periods, key="klaim_sampai", format_func=label)
    if start > end:
        st.warning("Bulan awal jatuh setelah bulan akhir; keduanya ditukar.")
        start, end = end, start
    st.query_params["dari"], st.query_params["sampai"] = start, end
    return dt.date.fromisoformat(start + "-01"), dt.date.fromisoformat(end + "-01")


OFFICE_PARAM = "kantor"


def office(offices: dict[str, str]) -> str:
    """The Target page's branch office, `kantor` in the URL: a code of `offices` (code -> name, those serving the
    region this year) or ALL, 'Semua kantor'. An office the address names that does not serve the region is
    said once and replaced by all offices."""
    key = "pilih_kantor"
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(OFFICE_PARAM, ALL)
    if st.session_state[key] != ALL and st.session_state[key] not in offices:
        st.warning(literal(f"Kantor '{_echo(st.session_state[key])}' tidak melayani wilayah ini pada tahun ini; "
                           "ditampilkan semua kantor."))
        st.session_state[key] = ALL
    chosen = st.selectbox("Kantor cabang", [ALL, *offices], key=key,
                          format_func=lambda code: offices.get(code, "Semua kantor"))
    if chosen:
        st.query_params[OFFICE_PARAM] = chosen
    elif OFFICE_PARAM in st.query_params:
        del st.query_params[OFFICE_PARAM]
    return chosen
