"""The choropleth map: shapes from the warehouse, coloured by a figure, with no tiles, CDN or web font."""
import json
import math

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


def feature_collection(shapes: pl.DataFrame) -> dict:
    """shapes: kode, geojson -> a FeatureCollection whose features are keyed by properties.kode."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": kode, "properties": {"kode": kode}, "geometry": json.loads(geometry)}
        for kode, geometry in zip(shapes["kode"], shapes["geojson"])]}


def view(shapes: pl.DataFrame, width_px: int = 900, height_px: int = 620) -> tuple[dict, float]:
    """Centre and zoom that fit the shapes' bounding box in a map of this size (web mercator)."""
    lon_min, lon_max = shapes["lon_min"].min(), shapes["lon_max"].max()
    lat_min, lat_max = shapes["lat_min"].min(), shapes["lat_max"].max()

    def mercator_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(lon_max - lon_min, 1e-4)
    y_span = max(mercator_y(lat_max) - mercator_y(lat_min), 1e-6)
    zoom_x = math.log2(width_px * 360 / (512 * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * y_span))
    centre_y = (mercator_y(lat_max) + mercator_y(lat_min)) / 2
    centre = {"lon": (lon_min + lon_max) / 2, "lat": math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)}
    return centre, max(0.0, min(zoom_x, zoom_y) - 0.25)


def hover_text(row: dict) -> str:
    lines = [f"<b>{row.get('nama') or row['kode']}</b> ({row['kode']})"]
    if row.get("peserta_aktif") is None:
        return "<br>".join(lines + ["Belum ada data cakupan"])
    lines += [f"Cakupan UCJ {fmt.pct(row['cakupan_pct'])}",
              f"Peserta aktif {fmt.number(row['peserta_aktif'])} dari {fmt.number(row['pekerja_wajib'])}",
              f"Kurang ke target {fmt.number(row['kurang_ke_target'])} orang",
              f"Klaim tahun ini {fmt.rupiah(row['klaim_idr'])}"]
    return "<br>".join(lines)


def figure(shapes: pl.DataFrame, values: pl.DataFrame, metric: str, band_limits=settings.DEFAULT_BAND_LIMITS,
           selected: str | None = None, width_px: int = 1000, height_px: int = 620) -> go.Figure:
    """UCJ % is drawn in its bands, one legend entry each; other figures on a continuous scale."""
    data = shapes.select("kode").join(values.rename({"kode_wilayah": "kode"}), on="kode", how="left")
    geojson = feature_collection(shapes)
    rows = data.to_dicts()
    fig = go.Figure()
    common = dict(geojson=geojson, featureidkey="properties.kode", marker_line_width=0.6,
                  marker_line_color="#ffffff", hoverinfo="text")
    text = [hover_text(r) for r in rows]
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
                                       colorscale=scale, showscale=False, showlegend=False, text=text,
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
            marker_opacity=0.85, text=text, **common))
    if selected and selected in set(shapes["kode"]):
        outline = shapes.filter(pl.col("kode") == selected)
        fig.add_trace(go.Choroplethmap(
            geojson=feature_collection(outline), featureidkey="properties.kode", locations=[selected], z=[1],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False, marker_line_width=3,
            marker_line_color=HIGHLIGHT, name="terpilih", showlegend=False, hoverinfo="skip"))
    centre, zoom = view(shapes, width_px=width_px, height_px=height_px)
    fig.update_layout(
        map=dict(style="white-bg", center=centre, zoom=zoom),  # a blank base: no tile server, no glyphs
        height=height_px, margin=dict(l=0, r=0, t=0, b=0), separators=",.",
        legend=dict(title="Pita UCJ" if metric == "cakupan_pct" else "", orientation="h", y=0.01, x=0.01,
                    bgcolor="rgba(255,255,255,0.85)"),
        clickmode="event+select", dragmode="pan")
    return fig
