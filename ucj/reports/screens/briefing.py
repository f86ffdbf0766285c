"""Bahan Musrenbang: the preview of the briefing document on the page."""
from ucj.reports.briefing import Briefing
from ucj.reports.screens import Card


def preview_cards(briefing: Briefing) -> list[Card]:
    """The document's key figures as cards, each with its comparison under it."""
    return [Card(label, value, note=note, border=False) for label, value, note in briefing.key_figures()]
