"""Every figure follows every sidebar filter or says which it ignores (issue 15, point 4).

The rule is ucj.reports.screens.filter_rules.FIGURES; each page is opened at Labuhanbatu, March 2025, without
filters and then with a worker group (or a segment) chosen in the sidebar: a figure that follows the filter changes,
and a figure that ignores it has its one 'mengabaikan' caption."""
import pytest
from conftest import open_app

from ucj.reports.screens.filter_rules import FIGURES, FILTER_NAMES, ignored_note

PAGES = ("ringkasan", "klaim", "kesenjangan", "peta", "briefing")
CHOSEN = {"kelompok": "guru_honorer", "segmen": "BPU"}


def metric(start: str):
    return lambda at: tuple(m.value for m in at.metric if m.label.startswith(start)) or None


def frame(*columns: str, without: tuple[str, ...] = ()):
    def shown(at):
        for d in at.dataframe:
            if all(c in d.value.columns for c in columns) and not any(c in d.value.columns for c in without):
                return d.value.to_csv()
        return None
    return shown


# what each figure that follows the filters shows on its page: a card's value or its table
SHOWN = {
    "ringkasan": {
        "cakupan": metric("Cakupan UCJ"),
        "peserta_aktif": metric("Peserta aktif"),
        "klaim": metric("Klaim dibayar"),
        "peserta_baru": metric("Peserta baru"),
        "tren_segmen": frame("Bulan", "Jumlah", without=("Jumlah (Rp)",)),
    },
    "klaim": {
        "kartu": lambda at: tuple(m.value for m in at.metric) or None,
        "per_manfaat": frame("Manfaat"),
        "per_bulan": frame("Bulan", "Jumlah (Rp)"),
        "per_wilayah": frame("Wilayah", "Rata-rata per klaim (Rp)"),
    },
    "kesenjangan": {
        "kelompok": frame("Kelompok", "Belum terlindungi"),
    },
    "peta": {},
    "briefing": {},
}


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


@pytest.fixture()
def open_page(demo_copy, monkeypatch):
    def opener(page: str, **params):
        return open_app(monkeypatch, demo_copy, page, wilayah="12.10", periode="2025-03", **params)

    return opener


def test_the_rule_names_every_figure_the_test_reads():
    """A figure that follows some filter is one the test can read; one that ignores a filter says why."""
    for page in PAGES:
        follows_some = {key for key, figure in FIGURES[page].items() if set(FILTER_NAMES) - set(figure.ignores)}
        assert follows_some == set(SHOWN[page]), page
        for figure in FIGURES[page].values():
            assert set(figure.ignores) <= set(FILTER_NAMES) and (not figure.ignores or figure.why)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", ["kelompok", "segmen"])
def test_every_figure_follows_the_filter_or_says_it_ignores_it(open_page, page, name):
    plain = open_page(page)
    assert not any("mengabaikan filter" in c for c in captions(plain))
    filtered = open_page(page, **{name: CHOSEN[name]})
    shown = captions(filtered)
    for key, figure in FIGURES[page].items():
        if name in figure.ignores:
            note = ignored_note(page, key, CHOSEN["segmen"] if name == "segmen" else "",
                                CHOSEN["kelompok"] if name == "kelompok" else "")
            assert note in shown, (page, key)
        else:
            assert SHOWN[page][key](plain) != SHOWN[page][key](filtered), (page, key)
