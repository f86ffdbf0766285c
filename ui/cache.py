"""What a page builds from its queries (figures, tables, cards), kept per request: built once per warehouse, viewer
and arguments, then shown to every session that asks for the same.

A page's section is a function of its arguments only (the region, month, filters and settings it is given, never a
global or the session's state besides the warehouse path and viewer), decorated with `per_request`:

    @per_request
    def coverage_by_region(region: str, month: dt.date, band_limits: tuple) -> tuple[go.Figure, pl.DataFrame] | None:
        ...

The key is the warehouse path and its published version (a load by any process shows at the next rerun), the
viewer (small-cell protection differs by role and region: a viewer's figures
are never an admin's), the function's name and its arguments. Figures are kept as plotly's dict, not as objects:
pickling a go.Figure validates it again on the way out, which costs as much as building it (tens of
milliseconds); the dict came out of a validated figure, so it is put back without plotly's validation."""
import functools

import plotly.graph_objects as go
import streamlit as st

from ui.data import current_path, version, viewer

_FIGURE = "__plotly_figure__"


def _plain(value):
    if isinstance(value, go.Figure):
        return (_FIGURE, value.to_dict())
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _restored(value):
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == _FIGURE:
            return go.Figure(value[1], _validate=False)
        return tuple(_restored(v) for v in value)
    return value


@st.cache_data(ttl=600, show_spinner=False, max_entries=2000)
def _stored(path: str, published: str, who, name: str, args: tuple, kwargs: tuple, _build):
    return _plain(_build(*args, **dict(kwargs)))


def per_request(build):
    """`build`'s result kept per warehouse path, viewer, function and arguments (see the module's doc)."""
    # the file, not __module__: every page script runs as __main__, and two pages may name a section alike
    name = f"{build.__code__.co_filename}:{build.__qualname__}"

    @functools.wraps(build)
    def cached(*args, **kwargs):
        path = current_path()
        return _restored(_stored(path, version(path), viewer(), name, args, tuple(sorted(kwargs.items())), build))
    return cached
