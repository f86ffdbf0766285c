"""Who is reading, and the rules every figure leaving the warehouse passes through.

`ucj.warehouse.read` (module ucj.warehouse.reading) is the one way figures leave the warehouse; it asks this
module twice: before the query runs (may this viewer ask for this region?) and after (what of the result may
they see?). Today there are no
accounts, so the app and the command line read as `OPERATOR`, who may see everything; roles, region scope and
the suppression of small counts are added here, once, and reach every page, download, document and CLI output.

What a query offers these rules is declared in its header (see `ucj.warehouse.read.Query`): the parameter
that names the region it is about (`-- region: $wilayah`) and the columns that count people or claims
(`-- counts: peserta_aktif, ...`).
"""
from dataclasses import dataclass

import polars as pl

from ucj import suppression
from ucj.errors import UserError

ALL_INDONESIA = ()
ROLES = ("viewer", "analyst", "admin")
SMALL_COUNT_LIMIT = 5  # counts of 1 to 4 people or claims below kabupaten level are shown as '<5'

# what each role may do beyond reading aggregate figures of its regions (the briefing included)
CAPABILITIES = {
    "viewer": frozenset(),
    "analyst": frozenset({"desa", "unduh", "target"}),
    "admin": frozenset({"desa", "unduh", "target", "sinkronisasi", "pengguna"}),
}


@dataclass(frozen=True)
class Viewer:
    """A person (or the operator at the command line) reading figures. Hashable: it is part of cache keys."""
    name: str
    role: str = "admin"
    regions: tuple[str, ...] = ALL_INDONESIA  # region codes at any level; empty = all of Indonesia
    min_count: int = 0  # counts from 1 to min_count - 1 are suppressed; 0 = none are

    @classmethod
    def for_role(cls, name: str, role: str, regions: tuple[str, ...] = ALL_INDONESIA) -> "Viewer":
        """An account's viewer: a viewer (role) sees small counts below kabupaten level as '<5'."""
        return cls(name=name, role=role, regions=tuple(regions),
                   min_count=SMALL_COUNT_LIMIT if role == "viewer" else 0)

    def may(self, capability: str) -> bool:
        """'desa' (desa detail), 'unduh' (CSV/XLSX), 'target', 'sinkronisasi', 'pengguna' (accounts and log)."""
        return capability in CAPABILITIES.get(self.role, frozenset())

    def for_documents(self) -> "Viewer":
        """Briefing documents leave the room: every reader of them gets small counts suppressed."""
        return Viewer(name=self.name, role=self.role, regions=self.regions,
                      min_count=max(self.min_count, SMALL_COUNT_LIMIT))

    def may_see(self, region: str) -> bool:
        """Inside the viewer's regions: Indonesia ('ID') only for a viewer of all Indonesia (no regions, or 'ID' among
        them), as no other code lies above it."""
        if not self.regions:
            return True
        return any(own == NATIONAL or region == own or region.startswith(own + ".") for own in self.regions)


# the command line is an operator's tool on the server; the app reads as this too until accounts exist
OPERATOR = Viewer(name="operator")


class OutsideScope(UserError):
    """A region outside the viewer's regions was asked for."""


def check(viewer: Viewer, query_name: str, region: str | None) -> None:
    """Refuse a query about a region the viewer may not see. `region` is the value of the query's declared
    region parameter: '' ('every region') and anything that is not a code only a viewer of all Indonesia may
    ask for."""
    if not viewer.regions:
        return
    if isinstance(region, str) and region and viewer.may_see(region):
        return
    raise OutsideScope(f"Wilayah {region or 'seluruh Indonesia'} di luar wilayah akun {viewer.name}; "
                       "pilih wilayah yang menjadi bagian akun Anda.")


def protect(viewer: Viewer, frame: pl.DataFrame, rules: suppression.Rules, region: str | None = None) -> pl.DataFrame:
    """Small-cell protection (issue 13, docs/privacy.md): for a viewer with a minimum (role 'viewer', and every
    briefing document through `for_documents`), a count from 1 to min_count - 1 below kabupaten level is hidden
    (NaN, written '<5'), with the figures its header declares as computed from it and the complementary cells
    that would give it back. `region` is the value of the query's region parameter: the rows' level when they
    are not regions themselves. Analysts, admins and the operator (min_count 0) get the frame unchanged."""
    return suppression.suppress(frame, rules, viewer.min_count, region)


# ---------------------------------------------------------------------------------------------------------
# Region scope in the app's selectors, address and map (ui/filters.py, app_pages/peta.py): the read seam refuses
# a region outside the scope; these let the app never ask for one, and say why when a person does.

DESA_DEPTH = 4  # parts of a desa/kelurahan code: 12.10.01.2001
# Indonesia as one region above the provinces (tingkat 'nasional', `?wilayah=ID`, its figures the marts' grand
# total): only an account of all Indonesia may open it; an account of some regions asking for it is refused like
# for any region outside them (`why_refused`)
NATIONAL = "ID"
NATIONAL_NAME = "Indonesia"
NATIONAL_LEVEL = "nasional"


def depth(region: str) -> int:
    """0 for Indonesia ('ID'), 1 for a provinsi ('12') to 4 for a desa/kelurahan ('12.10.01.2001')."""
    return 0 if region == NATIONAL else len(region.split("."))


def deepest(viewer: Viewer) -> int:
    """The depth of the smallest region this viewer may open: a desa only with desa detail."""
    return DESA_DEPTH if viewer.may("desa") else DESA_DEPTH - 1


def may_open(viewer: Viewer, region: str | None) -> bool:
    """May this region be the one chosen (and read): inside the viewer's regions and no deeper than its role sees."""
    return bool(region) and depth(region) <= deepest(viewer) and viewer.may_see(region)


def openable_regions(viewer: Viewer) -> tuple[str, ...]:
    """The viewer's own regions it may open, sorted; empty both for all Indonesia and for an account whose
    regions are all desa while its role has no desa detail (see `has_nothing_to_open`)."""
    return tuple(sorted(r for r in viewer.regions if may_open(viewer, r)))


def has_nothing_to_open(viewer: Viewer) -> bool:
    return bool(viewer.regions) and not openable_regions(viewer)


def leads_into_scope(viewer: Viewer, region: str) -> bool:
    """Offered in a region selector: a region the viewer may open, or one above such a region (the way down to it:
    an account of 33.02 picks provinsi 33 first, and may not open 33 itself)."""
    return may_open(viewer, region) or any(own.startswith(region + ".") for own in openable_regions(viewer))


def why_refused(viewer: Viewer, region: str) -> str:
    """The first half of the sentence for a region this viewer may not open (the caller says what is shown instead);
    Indonesia ('ID') for an account of some regions is outside them like any other region."""
    if viewer.may_see(region):
        return f"Rincian desa/kelurahan {region} tidak tersedia untuk akun {viewer.name} (peran {viewer.role})"
    return f"Wilayah {region} di luar wilayah akun {viewer.name}"


def may_see_below(viewer: Viewer, region: str) -> bool:
    """May figures per region one level below this one be shown: per desa/kelurahan only with desa detail."""
    return depth(region) < deepest(viewer)


def below_refused(viewer: Viewer) -> str:
    """The sentence a page shows instead of its figures per desa/kelurahan for an account without desa detail."""
    return (f"Angka per desa/kelurahan tidak tersedia untuk akun {viewer.name} (peran {viewer.role}); yang "
            "ditampilkan angka kecamatan ini secara keseluruhan.")
