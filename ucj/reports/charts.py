"""Plotly pieces shared by the screens' charts: Indonesian separators and month labels, rupiah axes, bar shapes.

No streamlit here: a screen's figure is built in `ucj.reports.screens` and only shown by the page.
"""
import datetime as dt
import functools
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from ucj import fmt
from ucj.suppression import is_hidden

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


# Babel takes ~0,3 ms a month name and a chart or table names dozens of months: the same few hundred, every time
month_name = functools.lru_cache(maxsize=4096)(fmt.month)


MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")

# Plotly's words in Indonesian: its modebar's tooltips and messages (plotly.js 3.8, as Streamlit bundles it) and
# the names it gives dates and numbers. plotly.js ships an 'id' locale only as a separate file (with 'Nopember'
# and no modebar words) that Streamlit does not bundle: this one is given with every chart (config `locales`).
PLOTLY_LOCALE = {
    "dictionary": {
        "Autoscale": "Skala otomatis",
        "Box Select": "Pilih kotak",
        "Lasso Select": "Pilih laso",
        "Compare data on hover": "Bandingkan data saat kursor di atasnya",
        "Show closest data on hover": "Tampilkan data terdekat saat kursor di atasnya",
        "Toggle show closest data on hover": "Tampilkan/sembunyikan data terdekat",
        "Toggle Spike Lines": "Tampilkan/sembunyikan garis bantu",
        "Download plot": "Unduh grafik",
        "Download plot as a PNG": "Unduh grafik sebagai PNG",
        "Download plot as JSON": "Unduh grafik sebagai JSON",
        "Image download succeeded": "Gambar berhasil diunduh",
        "JSON download succeeded": "JSON berhasil diunduh",
        "Preparing image - this may take a few seconds": "Menyiapkan gambar, mungkin perlu beberapa detik",
        "Sorry, there was a problem downloading your image!": "Maaf, gambar gagal diunduh.",
        "Sorry, there was a problem downloading your JSON file!": "Maaf, berkas JSON gagal diunduh.",
        "Pan": "Geser",
        "Zoom": "Perbesar area",
        "Zoom in": "Perbesar",
        "Zoom out": "Perkecil",
        "Reset": "Atur ulang",
        "Reset axes": "Atur ulang sumbu",
        "Reset view": "Atur ulang tampilan",
        "Reset views": "Atur ulang tampilan",
        "Reset camera to default": "Kamera ke posisi awal",
        "Reset camera to last save": "Kamera ke posisi tersimpan",
        "Orbital rotation": "Rotasi orbit",
        "Turntable rotation": "Rotasi meja putar",
        "Draw line": "Gambar garis",
        "Draw open freeform": "Gambar bentuk bebas terbuka",
        "Draw closed freeform": "Gambar bentuk bebas tertutup",
        "Draw rectangle": "Gambar persegi panjang",
        "Draw circle": "Gambar lingkaran",
        "Erase active shape": "Hapus bentuk aktif",
        "Double-click on legend to isolate one trace": "Klik dua kali pada legenda untuk menampilkan satu seri saja",
        "Double-click to zoom back out": "Klik dua kali untuk kembali",
        "Cancel": "Batal",
        "Share": "Bagikan",
        "Share chart": "Bagikan grafik",
        "Share chart...": "Bagikan grafik…",
    },
    "format": {
        "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
        "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
        "months": list(MONTHS),
        "shortMonths": list(SHORT_MONTHS),
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": ".",
    },
}


def plotly_config(**more) -> dict:
    """The `config` of every st.plotly_chart: Indonesian modebar and dates (PLOTLY_LOCALE), no plotly logo; `more`
    adds or overrides options (the map: scrollZoom, modeBarButtonsToRemove)."""
    return {"displaylogo": False, "locale": "id", "locales": {"id": PLOTLY_LOCALE}, **more}


def short_month(month: dt.date) -> str:
    return f"{SHORT_MONTHS[month.month - 1]} {month.year}"


def style(fig: go.Figure, months: list[dt.date] | None = None, height: int = 320) -> go.Figure:
    """Plotly's own month names are English; label the month axis in Indonesian instead."""
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), separators=",.",
                      font=dict(family="sans-serif"))
    # '8.000' and '36,5' rather than plotly's '8000' and '36.5' (separators are set above)
    fig.update_yaxes(tickformat=",~f")
    fig.update_xaxes(tickformat=",~f")
    if months:
        every = 6 if len(months) > 24 else 3 if len(months) > 8 else 1
        ticks = [m for m in months if (m.month - 1) % every == 0]
        fig.update_xaxes(tickvals=ticks, ticktext=[short_month(m) for m in ticks])
    return fig


def heights(values: Sequence) -> list:
    """Bar lengths: a hidden value (NaN) is a bar of length 0, so that its '<5' label and hover still stand at the
    axis rather than vanish with it."""
    return [0 if is_hidden(v) else v for v in values]


def largest(values) -> float | None:
    """The largest shown value (hidden ones do not size an axis)."""
    shown = [v for v in values if v is not None and not is_hidden(v)]
    return max(shown) if shown else None


def rupiah_unit(largest: float) -> tuple[float, str]:
    """Divide rupiah for an axis so its ticks stay short: (divisor, axis title)."""
    if largest is None or is_hidden(largest):
        return 1.0, "Rupiah dibayar"
    if largest >= 1e9:
        return 1e9, "Rupiah dibayar (miliar)"
    if largest >= 1e6:
        return 1e6, "Rupiah dibayar (juta)"
    return 1.0, "Rupiah dibayar"


def months_from_to(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the months from start to end, both included."""
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def month_hover(months: Sequence[dt.date], values: Sequence, formatter: Callable = fmt.number) -> list[list[str]]:
    """customdata of a monthly trace: [month in words, the value formatted]."""
    return [[month_name(m), formatter(v)] for m, v in zip(months, values)]


def ranked_bars(names: list[str], values: list, customdata: list, hovertemplate: str, height: int, axis_title: str,
                text: list[str] | None = None) -> go.Figure:
    """Horizontal bars, the first row on top: a ranking of regions or groups."""
    labels = dict(text=text, textposition="outside") if text is not None else {}
    fig = go.Figure(go.Bar(y=names, x=heights(values), orientation="h", **labels, customdata=customdata,
                           hovertemplate=hovertemplate))
    style(fig, height=height)
    fig.update_layout(yaxis_autorange="reversed", xaxis_title=axis_title)
    return fig
