"""The Peta map's geometry and figure for a session: the shapes' GeoJSON published once as a static file that the
browser fetches by URL and caches, and the figure (codes and values only) cached per request.

Streamlit serves `static/` beside dashboard.py at `app/static/` (server.enableStaticServing in
.streamlit/config.toml). Only boundaries go there: public geography, keyed by region code, with no name and no
figure; the values stay in the figure, which goes to the session's own websocket."""
import json
import logging
import re

import streamlit as st

from ucj import access, warehouse
from ucj.paths import PROJECT_ROOT
from ucj.reports import choropleth
from ui.data import cursor, query, version, viewer

FOLDER = PROJECT_ROOT / "static" / "peta"
URL = "app/static/peta/"  # relative to the page's address, so a server.baseUrlPath or a proxy's prefix is kept
_LOG = logging.getLogger(__name__)


def is_overview(area: str) -> bool:
    """A map of a whole province or of Indonesia ('ID') is drawn from the overview geometry made at load."""
    return "." not in area


def geometry(path: str, area: str, level: str) -> choropleth.Geometry:
    """The shapes at `level` inside `area`, their GeoJSON published as a file when the folder can be written."""
    version = str(query(path, "batas_tersedia").item(0, "dimuat_at"))  # a new load makes new files
    shapes = _geometry(path, viewer(), area, level, version)
    if isinstance(shapes.geojson, str) and not (FOLDER / shapes.geojson.removeprefix(URL)).exists():
        _geometry.clear()  # pruned since: publish it again
        shapes = _geometry(path, viewer(), area, level, version)
    return shapes


@st.cache_data(max_entries=256, show_spinner=False)
def _geometry(path: str, who: access.Viewer, area: str, level: str, version: str) -> choropleth.Geometry:
    name = "peta_geometri_ringkas" if is_overview(area) else "peta_geometri"
    with cursor(path) as cur:
        row = warehouse.read(cur, name, who, wilayah=area, tingkat=level).row(0, named=True)
    text = choropleth.collection_text(row["fitur"])
    bounds = (row["lon_min"], row["lat_min"], row["lon_max"], row["lat_max"])
    try:
        source = URL + choropleth.publish(text, FOLDER)
    except OSError as exc:  # a read-only install: the figure carries the geometry, as before issue 14
        _LOG.warning("peta: cannot publish map geometry in %s (%s); sending it inside the figure", FOLDER, exc)
        source = json.loads(text)
    return choropleth.Geometry(codes=tuple(row["kode"]), bounds=bounds, geojson=source)


_PREFETCH = """<script>
for (const url of {urls}) {{ fetch(url, {{cache: "force-cache", priority: "low"}}).catch(() => {{}}); }}
</script>"""


def prefetch_html(urls: list[str]) -> str:
    return _PREFETCH.format(urls=json.dumps(urls))


def is_prefetch_html(body: str) -> bool:
    """Whether an HTML body is exactly prefetch's script for published files (tests: the one other script a page
    carries besides ui.bahasa's)."""
    urls = re.findall(r'"(app/static/peta/[0-9a-f]{32}\.geojson)"', body)
    return bool(urls) and body == prefetch_html(urls)


def prefetch(path: str, area: str, levels: list[str]) -> None:
    """Publish the geometry of these other levels of `area` and have the browser fetch it into its HTTP cache (the
    file plotly asks for when that level is chosen). The URLs are names this module made (a hash), never text from
    a user; nothing is drawn."""
    urls = [shapes.geojson for shapes in (geometry(path, area, level) for level in levels)
            if shapes.codes and isinstance(shapes.geojson, str)]
    if urls:
        st.html(prefetch_html(urls), unsafe_allow_javascript=True, width="content")


def figure(path: str, shapes: choropleth.Geometry, area: str, level: str, month, metric: str, band_limits: tuple,
           selected: str | None, width_px: int):
    """The map's figure for these choices, built once per identical request (the values are the viewer's:
    small cells hidden for a viewer, docs/privacy.md)."""
    return _figure(path, version(path), viewer(), shapes, area, level, month, metric, tuple(band_limits), selected,
                   width_px)


def _geometry_key(shapes: choropleth.Geometry) -> tuple:
    # a URL names its content; without one (not published) the codes and box of one load identify the shapes
    return shapes.codes, shapes.bounds, shapes.geojson if isinstance(shapes.geojson, str) else None


@st.cache_data(ttl=600, max_entries=256, show_spinner=False, hash_funcs={choropleth.Geometry: _geometry_key})
def _figure(path: str, published: str, who: access.Viewer, shapes: choropleth.Geometry, area: str, level: str, month,
            metric: str, band_limits: tuple, selected: str | None, width_px: int):
    # `published`: the warehouse's version, so another process's load shows at the next rerun
    values = _values(path, who, area, level, month)
    return choropleth.figure(shapes, values, metric, band_limits, selected=selected, width_px=width_px,
                             texts=_texts(path, published, who, shapes, area, level, month))


def _values(path: str, who: access.Viewer, area: str, level: str, month):
    with cursor(path) as cur:
        return warehouse.read(cur, "peta_nilai", who, wilayah=area, tingkat=level, bulan=month)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False, hash_funcs={choropleth.Geometry: _geometry_key})
def _texts(path: str, published: str, who: access.Viewer, shapes: choropleth.Geometry, area: str, level: str, month):
    """The hover texts of a month's map, kept while the colour or the bands change."""
    return choropleth.hover_texts(shapes, _values(path, who, area, level, month))
