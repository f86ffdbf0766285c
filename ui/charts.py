"""Plotly settings shared by every chart: Indonesian number separators and month labels."""
import datetime as dt

import plotly.graph_objects as go


SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


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


def rupiah_unit(largest: float) -> tuple[float, str]:
    """Divide rupiah for an axis so its ticks stay short: (divisor, axis title)."""
    if largest >= 1e9:
        return 1e9, "Rupiah dibayar (miliar)"
    if largest >= 1e6:
        return 1e6, "Rupiah dibayar (juta)"
    return 1.0, "Rupiah dibayar"
