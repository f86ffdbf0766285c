"""The choropleth map: shapes from the warehouse, coloured by a figure, with no tiles, CDN or web font.

The shapes' geometry (public geography, no figures) is precomputed at load (ucj.ingest.boundaries) and reaches
the browser as one GeoJSON file per area and level, named by its content, which plotly's choropleth_map fetches
by URL once per tab (plotly keeps it in window.PlotlyGeoAssets) and the browser's HTTP cache keeps for other
tabs. The figure itself carries only the codes, their values and hover texts, so a rerun that changes the month
or the measure sends no geometry."""
import hashlib
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from ucj import fmt, settings
from ucj.reports import measures
from ucj.suppression import is_hidden

METRICS = {
    "cakupan_pct": "Cakupan UCJ (%)",
    "peserta_aktif": "Peserta aktif",
    "kurang_ke_target": "Kurang ke target (orang)",
    "klaim_idr": "Klaim tahun ini (Rp)",
}
NO_DATA = "tidak ada data"
NO_DATA_COLOUR = "#d9d9d9"
# a UCJ % hidden with a count of 1 to 4 (docs/privacy.md): its own legend entry, so it does not read as 'no data'
HIDDEN = "disembunyikan (<5 / ≥5)"
HIDDEN_COLOUR = "#a5b4c8"
HIGHLIGHT = "#1f1f1f"
# A published file's modification time: long past, so that the browser's heuristic freshness (a tenth of the
# time since Last-Modified; Streamlit's static route sends no Cache-Control) keeps it for years. Safe because a
# file's name is the hash of its content: other shapes get another name, never other content under this one.
PUBLISHED_MTIME = 946_684_800  # 2000-01-01
# Streamlit turns static serving off at start when its folder holds over 1 GB: published files stay well under.
PUBLISHED_LIMIT_BYTES = 300 * 1024 * 1024


@dataclass(frozen=True)
class Geometry:
    """The shapes of one map: their codes, bounding box (lon_min, lat_min, lon_max, lat_max) and where plotly
    finds their GeoJSON: a URL (a published file), or the FeatureCollection itself when nothing could be
    published."""
    codes: tuple[str, ...]
    bounds: tuple[float, float, float, float]
    geojson: str | dict


def collection_text(features: str | None) -> str:
    """The features as the warehouse joins them (queries/peta_geometri.sql) -> a FeatureCollection's text."""
    return '{"type":"FeatureCollection","features":[' + (features or "") + "]}"


def publish(text: str, folder: Path) -> str:
    """Write a FeatureCollection's text as folder/<hash of the text>.geojson (once: an existing file of that name
    has this content) and return the file's name. Raises OSError when the folder cannot be written."""
    name = hashlib.sha256(text.encode()).hexdigest()[:32] + ".geojson"
    target = folder / name
    if target.exists():
        return name
    folder.mkdir(parents=True, exist_ok=True)
    _prune(folder, len(text))
    descriptor, partial = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
        os.utime(partial, (PUBLISHED_MTIME, PUBLISHED_MTIME))
        os.replace(partial, target)  # a reader sees the whole file or none
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return name


def _prune(folder: Path, incoming: int) -> None:
    """The oldest published files go when the folder would pass PUBLISHED_LIMIT_BYTES (a tab that still uses
    one asks for it again only after a reload, and the page then publishes it again)."""
    files = sorted((p.stat().st_ctime, p.stat().st_size, p) for p in folder.glob("*.geojson"))
    total = sum(size for _, size, _ in files) + incoming
    for _, size, path in files:
        if total <= PUBLISHED_LIMIT_BYTES:
            break
        path.unlink(missing_ok=True)
        total -= size


def view(bounds: tuple[float, float, float, float], width_px: int = 900, height_px: int = 620) -> tuple[dict, float]:
    """Centre and zoom that fit the bounding box (lon_min, lat_min, lon_max, lat_max) in a map of this size
    (web mercator)."""
    lon_min, lat_min, lon_max, lat_max = bounds

    def mercator_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(lon_max - lon_min, 1e-4)
    y_span = max(mercator_y(lat_max) - mercator_y(lat_min), 1e-6)
    zoom_x = math.log2(width_px * 360 / (512 * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * y_span))
    centre_y = (mercator_y(lat_max) + mercator_y(lat_min)) / 2
    centre = {"lon": (lon_min + lon_max) / 2, "lat": math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)}
    return centre, max(0.0, min(zoom_x, zoom_y) - 0.25)


# The hover's constant words live once in the trace's template; each shape sends only its own values. A province's
# 6.109 desa sent every label with every shape: 874 KB of the 1,4 MB a click on its desa level sent (issue 14).
HOVER_TEMPLATE = ("<b>%{customdata[0]}</b> (%{location})<br>Cakupan UCJ %{customdata[1]}<br>"
                  "Peserta aktif %{customdata[2]} dari %{customdata[3]}<br>Kurang ke target %{customdata[4]} orang<br>"
                  "Klaim tahun ini %{customdata[5]}<extra></extra>")
NO_FIGURE = "–"


def hover_values(row: dict) -> tuple[str, ...]:
    """A shape's hover values, formatted for id_ID, in HOVER_TEMPLATE's order: name, UCJ %, active participants,
    workers who should be covered, people short of target, claims this year ('belum ada data' and dashes for a
    shape without figures)."""
    # plotly reads hover text as its small HTML: a name from a boundary or reference file shows as written
    name = str(row.get("nama") or row["kode"]).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if row.get("peserta_aktif") is None:
        return (name, "belum ada data", NO_FIGURE, NO_FIGURE, NO_FIGURE, NO_FIGURE)
    return (name, fmt.pct(row["cakupan_pct"]), fmt.number(row["peserta_aktif"]), fmt.number(row["pekerja_wajib"]),
            fmt.number(row["kurang_ke_target"]), fmt.rupiah(row["klaim_idr"]))


def hover_text(code: str, values: tuple[str, ...]) -> str:
    """What the hover shows for a shape (HOVER_TEMPLATE filled in as plotly fills it): for tests and documents."""
    text = HOVER_TEMPLATE.removesuffix("<extra></extra>").replace("%{location}", code)
    for i, value in enumerate(values):
        text = text.replace(f"%{{customdata[{i}]}}", value)
    return text


def hover_texts(geometry: Geometry, values: pl.DataFrame) -> tuple[tuple[str, ...], ...]:
    """Every shape's hover values, in the geometry's order: the same whatever the colour, so a caller may keep
    them while the measure changes (formatting thousands of figures is the slowest part of a figure)."""
    return tuple(hover_values(r) for r in _rows(geometry, values))


def _rows(geometry: Geometry, values: pl.DataFrame) -> list[dict]:
    return pl.DataFrame({"kode": list(geometry.codes)}, schema={"kode": pl.String}).join(
        values.rename({"kode_wilayah": "kode"}), on="kode", how="left").to_dicts()


def figure(geometry: Geometry, values: pl.DataFrame, metric: str, band_limits=settings.DEFAULT_BAND_LIMITS,
           selected: str | None = None, width_px: int = 1000, height_px: int = 620,
           texts: tuple[tuple[str, ...], ...] | None = None) -> go.Figure:
    """UCJ % is drawn in its bands, one legend entry each; other figures on a continuous scale. Every shape is
    drawn (grey without figures); its feature's id is its code."""
    rows = _rows(geometry, values)
    fig = go.Figure()
    common = dict(geojson=geometry.geojson, featureidkey="id", marker_line_width=0.6,
                  marker_line_color="#ffffff", hovertemplate=HOVER_TEMPLATE)
    hover = [list(v) for v in texts] if texts is not None else [list(hover_values(r)) for r in rows]
    locations = [r["kode"] for r in rows]
    if metric == "cakupan_pct":
        # one trace for all shapes (the GeoJSON is sent once), coloured by band index; the legend
        # entries are empty marker traces, since a choropleth has no discrete legend of its own
        names = settings.BAND_NAMES + (HIDDEN, NO_DATA)
        colours = settings.BAND_COLOURS + (HIDDEN_COLOUR, NO_DATA_COLOUR)
        index = [names.index(HIDDEN if is_hidden(r["cakupan_pct"]) else
                             measures.band(r["cakupan_pct"], band_limits) or NO_DATA) for r in rows]
        scale = []
        for i, colour in enumerate(colours):
            scale += [[i / len(colours), colour], [(i + 1) / len(colours), colour]]
        fig.add_trace(go.Choroplethmap(locations=locations, z=index, zmin=-0.5, zmax=len(colours) - 0.5,
                                       colorscale=scale, showscale=False, showlegend=False, customdata=hover,
                                       marker_opacity=0.85, name="Cakupan UCJ", **common))
        lows = (0.0,) + tuple(band_limits)
        highs = tuple(band_limits) + (100.0,)
        labels = [f"{name} ({fmt.pct(lo, 0)}–{fmt.pct(hi, 0)})"
                  for name, lo, hi in zip(settings.BAND_NAMES, lows, highs)] + [HIDDEN, NO_DATA]
        for i, (label, colour) in enumerate(zip(labels, colours)):
            if i in index:
                fig.add_trace(go.Scattermap(lat=[None], lon=[None], mode="markers", name=label, showlegend=True,
                                            marker=dict(size=12, color=colour), hoverinfo="skip"))
    else:
        # a hidden value has no colour on a continuous scale (it would place it); its hover says '<5'
        z = [None if r.get(metric) is None or is_hidden(r[metric]) else float(r[metric]) for r in rows]
        fig.add_trace(go.Choroplethmap(
            locations=locations, z=z, colorscale="Reds" if metric == "kurang_ke_target" else "Blues",
            name=METRICS[metric], colorbar=dict(title=METRICS[metric], tickformat=",~f", thickness=12),
            marker_opacity=0.85, customdata=hover, **common))
    if selected and selected in geometry.codes:
        # the same geometry (a URL is fetched once), one location
        fig.add_trace(go.Choroplethmap(
            geojson=geometry.geojson, featureidkey="id", locations=[selected], z=[1],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False, marker_line_width=3,
            marker_line_color=HIGHLIGHT, name="terpilih", showlegend=False, hoverinfo="skip"))
    centre, zoom = view(geometry.bounds, width_px=width_px, height_px=height_px)
    fig.update_layout(
        map=dict(style="white-bg", center=centre, zoom=zoom),  # a blank base: no tile server, no glyphs
        height=height_px, margin=dict(l=0, r=0, t=0, b=0), separators=",.",
        legend=dict(title="Pita UCJ" if metric == "cakupan_pct" else "", orientation="h", y=0.01, x=0.01,
                    bgcolor="rgba(255,255,255,0.85)"),
        clickmode="event+select", dragmode="pan")
    return fig
