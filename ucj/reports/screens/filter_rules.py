"""Which figure of which page follows which sidebar filter: the one place that says so (issue 15, point 4).

Every figure of Ringkasan, Klaim, Kesenjangan, Peta and Bahan Musrenbang is listed here under its page, with the sidebar
filters it does not follow and why. A page shows, under a figure, one plain caption (`ignored_note`) whenever a
filter the figure ignores is set; every other figure follows every filter (region and month always; segment and
worker group through its query's `$segmen` and `$kelompok`). tests/test_filters_everywhere.py opens each page with
each filter set and checks every figure listed here: it changes, or its caption is there. Peta is listed as one
figure (its map, ranked table and desa panel); Target says so in its own caption (docs/decisions.md)."""
from dataclasses import dataclass

# the sidebar's filters a figure may ignore, as the sentence names them; region and month are followed by all
FILTER_NAMES = {"segmen": "segmen", "kelompok": "kelompok pekerja"}

_NOT_BY_PEOPLE = "pekerja wajib terlindungi dan target tidak dirinci per segmen atau kelompok pekerja"


@dataclass(frozen=True)
class Figure:
    title: str
    ignores: tuple[str, ...] = ()  # keys of FILTER_NAMES this figure does not follow
    why: str = ""


FIGURES: dict[str, dict[str, Figure]] = {
    "ringkasan": {
        "cakupan": Figure("Cakupan UCJ"),  # the participants of the filters over every worker who should be covered
        "peserta_aktif": Figure("Peserta aktif"),
        "pekerja_wajib": Figure("Pekerja wajib terlindungi", ("segmen", "kelompok"),
                                "angka pekerja yang seharusnya terlindungi tidak dirinci per segmen atau kelompok "
                                "pekerja"),
        "kurang_ke_target": Figure("Kurang ke target", ("segmen", "kelompok"),
                                   "target berlaku untuk seluruh peserta aktif wilayah"),
        "klaim": Figure("Klaim dibayar"),
        "peserta_baru": Figure("Peserta baru"),
        "cakupan_per_wilayah": Figure("Cakupan UCJ per wilayah terhadap target", ("segmen", "kelompok"), _NOT_BY_PEOPLE),
        "tren_segmen": Figure("Tren peserta aktif per segmen"),
        "bahan": Figure("Bahan Musrenbang (unduhan)", ("segmen", "kelompok"),
                        "dokumen memuat semua segmen dan kelompok pekerja"),
    },
    "klaim": {
        "kartu": Figure("Klaim dibayar"),
        "per_manfaat": Figure("Klaim per manfaat"),
        "per_bulan": Figure("Klaim per bulan"),
        "per_wilayah": Figure("Klaim per wilayah di bawahnya"),
    },
    "kesenjangan": {
        "kelompok": Figure("Kelompok pekerja yang belum terlindungi", ("segmen",),
                           "orang dalam daftar yang belum terlindungi belum menjadi peserta, jadi belum punya segmen"),
        "simulasi": Figure("Simulasi pendanaan", ("segmen", "kelompok"),
                           "dihitung dari seluruh peserta aktif dan pekerja wajib terlindungi wilayah, dan "
                           + _NOT_BY_PEOPLE),
        "sponsor_berakhir": Figure("Sponsor yang berakhir dalam 90 hari", ("segmen", "kelompok"),
                                   "perjanjian sponsor tidak dicatat per segmen atau kelompok pekerja"),
    },
    "peta": {
        "peta": Figure("Peta, tabel peringkat dan rincian desa", ("segmen", "kelompok"),
                       "angkanya dihitung untuk seluruh peserta setiap wilayah (rincian desa merinci sendiri per "
                       "segmen dan per kelompok pekerja), dan " + _NOT_BY_PEOPLE),
    },
    "briefing": {
        "bahan": Figure("Bahan Musrenbang", ("segmen", "kelompok"),
                        "dokumen memuat semua segmen dan kelompok pekerja, tanpa filter peserta"),
    },
}


def ignored_filters(page: str, figure: str, segment: str, group: str) -> list[str]:
    """The filters set in the sidebar that this figure does not follow, in FILTER_NAMES' order."""
    chosen = {"segmen": segment, "kelompok": group}
    return [name for name in FILTER_NAMES if chosen[name] and name in FIGURES[page][figure].ignores]


def ignored_note(page: str, figure: str, segment: str, group: str) -> str | None:
    """'Kurang ke target mengabaikan filter segmen dan kelompok pekerja: target berlaku ...', or None when the
    figure follows every filter that is set."""
    ignored = ignored_filters(page, figure, segment, group)
    if not ignored:
        return None
    shown = FIGURES[page][figure]
    return (f"{shown.title} mengabaikan filter {' dan '.join(FILTER_NAMES[n] for n in ignored)}: "
            f"{shown.why}.")
