"""The choropleth map: shapes from the warehouse, coloured by a figure, with no tiles, CDN or web font."""
import json
import math

import plotly.graph_objects as go
import polars as pl

from ucj import fmt, settings

METRICS = {
    "cakupan_pct": "Cakupan UCJ (%)",
    "peserta_aktif": "Peserta aktif",
    "kurang_ke_target": "Kurang ke target (orang)",
    "klaim_idr": "Klaim tahun ini (Rp)",
}
NO_DATA = "tidak ada data"
NO_DATA_COLOUR = "#d9d9d9"
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
    if metric == "cakupan_pct":
        groups = {}
        for row in rows:
            groups.setdefault(settings.band(row["cakupan_pct"], band_limits) or NO_DATA, []).append(row)
        colours = dict(zip(settings.BAND_NAMES, settings.BAND_COLOURS)) | {NO_DATA: NO_DATA_COLOUR}
        lows = (0.0,) + tuple(band_limits)
        highs = tuple(band_limits) + (100.0,)
        labels = {name: f"{name} ({fmt.pct(lo, 0)}–{fmt.pct(hi, 0)})"
                  for name, lo, hi in zip(settings.BAND_NAMES, lows, highs)} | {NO_DATA: NO_DATA}
        for name in settings.BAND_NAMES + (NO_DATA,):
            members = groups.get(name)
            if not members:
                continue
            fig.add_trace(go.Choroplethmap(
                locations=[r["kode"] for r in members], z=[1] * len(members), name=labels[name],
                colorscale=[[0, colours[name]], [1, colours[name]]], showscale=False, showlegend=True,
                text=[hover_text(r) for r in members], marker_opacity=0.85, **common))
    else:
        present = [r for r in rows if r.get(metric) is not None]
        missing = [r for r in rows if r.get(metric) is None]
        if present:
            fig.add_trace(go.Choroplethmap(
                locations=[r["kode"] for r in present], z=[float(r[metric]) for r in present],
                colorscale="Reds" if metric == "kurang_ke_target" else "Blues", name=METRICS[metric],
                colorbar=dict(title=METRICS[metric], tickformat=",~f", thickness=12), marker_opacity=0.85,
                text=[hover_text(r) for r in present], **common))
        if missing:
            fig.add_trace(go.Choroplethmap(
                locations=[r["kode"] for r in missing], z=[1] * len(missing), name=NO_DATA, showscale=False,
                colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showlegend=True,
                text=[hover_text(r) for r in missing], **common))
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
